// SPDX-License-Identifier: MIT
#include "journaldirectory.h"
#include "testjournal.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <sys/stat.h>
#include <unistd.h>

using namespace TestJournal;

class tst_JournalDirectory : public QObject
{
    Q_OBJECT
private slots:
    void changesBetweenTwoLooks()
    {
        // Appends, truncation, replacement (new inode, or a FIFO in the file's place), new and removed files,
        // each told apart from what a follower has taken of each file.
        QTemporaryDir dir;
        const auto path = [&](int start) {
            return dir.filePath(QStringLiteral("events-%1.jsonl").arg(start));
        };
        for (const int start : {1, 10, 20, 30, 40})
            TestJournal::writeFile(path(start), "0123456789\n");
        const JournalListing before = JournalDirectory::list(dir.path());
        QCOMPARE(before.files.size(), 5);
        std::vector<JournalChanges::Known> known;
        for (const JournalEntry &e : before.files)
            known.push_back({e.name, e.device, e.inode, e.type, quint64(e.size)});
        known[1].size = 4; // only part of events-10 taken so far

        TestJournal::appendFile(path(20), "more\n");                          // grew
        QVERIFY(::truncate(QFile::encodeName(path(30)).constData(), 3) == 0); // truncated
        QVERIFY(QFile::remove(path(40)));
        QCOMPARE(::mkfifo(QFile::encodeName(path(40)).constData(), 0600), 0); // not a file any more
        QVERIFY(QFile::remove(path(1)));                                      // removed
        TestJournal::writeFile(path(50), "new\n");                            // new
        const JournalListing after = JournalDirectory::list(dir.path());
        const JournalChanges changes = JournalChanges::between(known, after);
        QCOMPARE(changes.removed, QList<int>{0});
        QStringList kinds;
        for (size_t i = 0; i < changes.files.size(); ++i) {
            const JournalChanges::Change &c = changes.files[i];
            static const char *const names[] = {"new", "same", "grew", "truncated", "replaced"};
            kinds.append(after.files[int(i)].name + QLatin1Char(' ') + QLatin1String(names[c.kind]) +
                         QLatin1Char(' ') + QString::number(c.known));
        }
        QCOMPARE(kinds, QStringList({QStringLiteral("events-10.jsonl grew 1"),
                                     QStringLiteral("events-20.jsonl grew 2"),
                                     QStringLiteral("events-30.jsonl truncated 3"),
                                     QStringLiteral("events-40.jsonl replaced 4"),
                                     QStringLiteral("events-50.jsonl new -1")}));
        // A file replaced by a regular file of the same size is told by its inode.
        TestJournal::writeFile(path(20) + QStringLiteral(".tmp"), "0123456789\nmore\n");
        QVERIFY(::rename(QFile::encodeName(path(20) + QStringLiteral(".tmp")).constData(),
                         QFile::encodeName(path(20)).constData()) == 0);
        known[2].size = 15;
        const JournalChanges again = JournalChanges::between(known, JournalDirectory::list(dir.path()));
        QCOMPARE(int(again.files[1].kind), int(JournalChanges::Change::Replaced));
        QCOMPARE(int(again.files[0].kind), int(JournalChanges::Change::Grew));
        // Nothing known: everything is new, nothing removed.
        const JournalChanges fresh = JournalChanges::between({}, after);
        QVERIFY(fresh.removed.isEmpty());
        for (const JournalChanges::Change &c : fresh.files)
            QCOMPARE(int(c.kind), int(JournalChanges::Change::New));
    }

    void hostileNames()
    {
        QTemporaryDir dir;
        const QStringList journal = {QStringLiteral("events-+200.jsonl"), QStringLiteral("events-300.jsonl"),
                                     QStringLiteral("events-00000000000000000001.jsonl")};
        const QStringList other = {
            QStringLiteral("events-abc.jsonl"),  QStringLiteral("events-.jsonl"),
            QStringLiteral("events- 7.jsonl"),   QStringLiteral("events-18446744073709551616.jsonl"),
            QStringLiteral("Events-5.jsonl"),    QStringLiteral("events-5.jsonl.bak"),
            QStringLiteral("events-0x10.jsonl"), QString::fromUtf8("events-\u0661.jsonl"),
            QStringLiteral("notes.txt")};
        for (const QString &name : journal + other)
            writeFile(dir.filePath(name), line(1) + '\n');
        const JournalListing listing = JournalDirectory::list(dir.path());
        QVERIFY(listing.ok());
        QCOMPARE(listing.files.size(), 3);
        QCOMPARE(listing.files[0].startSeq, quint64(1));
        QCOMPARE(listing.files[1].name, QStringLiteral("events-+200.jsonl"));
        QCOMPARE(listing.files[1].startSeq, quint64(200));
        QCOMPARE(listing.files[2].startSeq, quint64(300));
        QStringList expectedIgnored = other;
        expectedIgnored.sort();
        QCOMPARE(listing.ignored, expectedIgnored);
    }

    void entryTypes()
    {
        QTemporaryDir dir;
        writeRange(dir.path(), 1, 2);
        QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("events-10.jsonl")));
        QCOMPARE(
            ::mkfifo(QFile::encodeName(dir.filePath(QStringLiteral("events-20.jsonl"))).constData(), 0600),
            0);
        QVERIFY(QFile::link(dir.filePath(JournalFileName::forStartSeq(1)),
                            dir.filePath(QStringLiteral("events-30.jsonl"))));
        QVERIFY(QFile::link(QStringLiteral("/dev/zero"), dir.filePath(QStringLiteral("events-40.jsonl"))));
        QVERIFY(QFile::link(dir.filePath(QStringLiteral("nowhere")),
                            dir.filePath(QStringLiteral("events-50.jsonl"))));
        const JournalListing listing = JournalDirectory::list(dir.path());
        QCOMPARE(listing.files.size(), 6);
        QCOMPARE(listing.files[0].type, JournalEntry::Type::Regular);
        QCOMPARE(listing.files[1].type, JournalEntry::Type::Directory);
        QCOMPARE(listing.files[2].type, JournalEntry::Type::Fifo);
        QCOMPARE(listing.files[3].type, JournalEntry::Type::Regular);
        QVERIFY(listing.files[3].symlink);
        QCOMPARE(listing.files[4].type, JournalEntry::Type::Device);
        QCOMPARE(listing.files[5].type, JournalEntry::Type::Missing);
        QVERIFY(!listing.files[4].readable());
    }

    void resolve()
    {
        QTemporaryDir bamboo;
        QVERIFY(QDir(bamboo.path()).mkdir(QStringLiteral("events")));
        const QString events = QDir(bamboo.path()).filePath(QStringLiteral("events"));
        QCOMPARE(JournalDirectory::resolve(bamboo.path()).eventsDir, QFileInfo(events).absoluteFilePath());
        QCOMPARE(JournalDirectory::resolve(events).eventsDir, QFileInfo(events).absoluteFilePath());

        QTemporaryDir loose; // an events directory under another name, recognised by its files
        writeRange(loose.path(), 1, 1);
        QVERIFY(JournalDirectory::resolve(loose.path()).ok());

        QTemporaryDir unrelated;
        QVERIFY(JournalDirectory::resolve(unrelated.path()).error.contains(QStringLiteral("neither")));
        QVERIFY(JournalDirectory::resolve(unrelated.filePath(QStringLiteral("missing")))
                    .error.contains(QStringLiteral("no such")));
        writeFile(unrelated.filePath(QStringLiteral("file")), "x");
        QVERIFY(JournalDirectory::resolve(unrelated.filePath(QStringLiteral("file")))
                    .error.contains(QStringLiteral("not a directory")));
    }

    void unreadableDirectory()
    {
        if (::geteuid() == 0)
            QSKIP("permissions do not bind root");
        QTemporaryDir dir;
        writeRange(dir.path(), 1, 1);
        QVERIFY(QFile::setPermissions(dir.path(), QFile::WriteOwner));
        QVERIFY(!JournalDirectory::list(dir.path()).ok());
        QVERIFY(!JournalDirectory::resolve(dir.path()).ok());
        QFile::setPermissions(dir.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    }

    void resolveHowEverSpelled()
    {
        QTemporaryDir bamboo;
        const QString events = bamboo.filePath(QStringLiteral("events"));
        QVERIFY(QDir().mkpath(events)); // empty: recognised by its name alone
        for (const QString &spelling :
             QStringList{events, events + QStringLiteral("/"), events + QStringLiteral("//"),
                         events + QStringLiteral("/."), bamboo.path() + QStringLiteral("/"),
                         bamboo.filePath(QStringLiteral("events/../events/"))}) {
            const JournalDirectory::Resolved r = JournalDirectory::resolve(spelling);
            QVERIFY2(r.ok(), qPrintable(spelling + QStringLiteral(": ") + r.error));
            QCOMPARE(r.eventsDir, events);
        }
        // "." from inside the events directory.
        const QString cwd = QDir::currentPath();
        QVERIFY(QDir::setCurrent(events));
        const JournalDirectory::Resolved dot = JournalDirectory::resolve(QStringLiteral("."));
        QVERIFY(QDir::setCurrent(cwd));
        QVERIFY2(dot.ok(), qPrintable(dot.error));
        QCOMPARE(dot.eventsDir, events);
        QCOMPARE(JournalDirectory::expectedEventsDir(bamboo.path() + QStringLiteral("/")), events);
        QCOMPARE(JournalDirectory::expectedEventsDir(events + QStringLiteral("/")), events);
    }

    void symlinkLoopIsNotMissing()
    {
        QTemporaryDir dir;
        const QString loop = dir.filePath(QStringLiteral("loop"));
        QVERIFY(QFile::link(loop, loop));
        const JournalDirectory::Resolved r = JournalDirectory::resolve(loop);
        QVERIFY(!r.ok());
        QVERIFY(!r.missing);
        QVERIFY2(r.error.contains(QString::fromLocal8Bit(std::strerror(ELOOP))), qPrintable(r.error));
        QVERIFY(JournalDirectory::resolve(dir.filePath(QStringLiteral("absent"))).missing);
    }

    void namesKeepEveryByte()
    {
        QByteArray all;
        for (int b = 1; b < 256; ++b)
            all += char(b);
        const QList<QByteArray> samples = {all,
                                           "caf\xc3\xa9",           // UTF-8
                                           "caf\xe9",               // Latin-1
                                           "\xed\xb3\xbf",          // UTF-8 of a surrogate: not UTF-8
                                           "\xc0\xaf",              // overlong
                                           "\xf4\x90\x80\x80",      // past U+10FFFF
                                           "\xf0\x9f\x99\x82 \xff", // an emoji, then a stray byte
                                           "\xe6\x97"};             // truncated
        for (const QByteArray &bytes : samples)
            QCOMPARE(JournalDirectory::encodeName(JournalDirectory::decodeName(bytes)), bytes);
        QCOMPARE(JournalDirectory::decodeName("caf\xc3\xa9"), QString::fromUtf8("caf\xc3\xa9"));
        QCOMPARE(JournalDirectory::encodeName(QString::fromUtf8("\xf0\x9f\x99\x82")),
                 QByteArray("\xf0\x9f\x99\x82"));

        // A directory whose name is Latin-1 is created, found and listed under exactly those bytes.
        QTemporaryDir parent;
        const QByteArray raw = QFile::encodeName(parent.path()) + "/caf\xe9/events";
        const QString name = JournalDirectory::decodeName(raw);
        QString error;
        QVERIFY2(JournalDirectory::makePath(name, &error), qPrintable(error));
        struct stat st;
        QCOMPARE(::stat(raw.constData(), &st), 0);
        QVERIFY(S_ISDIR(st.st_mode));
        QFile f(QString::fromUtf8(raw + "/x")); // Qt itself cannot name it
        QVERIFY(!f.open(QIODevice::WriteOnly));
        const QByteArray file = raw + "/" + JournalFileName::forStartSeq(1).toLatin1();
        FILE *out = std::fopen(file.constData(), "w");
        QVERIFY(out);
        std::fputs(QByteArray(line(1) + '\n').constData(), out);
        std::fclose(out);
        const JournalDirectory::Resolved r = JournalDirectory::resolve(JournalDirectory::decodeName(raw));
        QVERIFY2(r.ok(), qPrintable(r.error));
        const JournalListing listing = JournalDirectory::list(r.eventsDir);
        QCOMPARE(listing.files.size(), 1);
        QCOMPARE(listing.files[0].path, file);
        // QTemporaryDir cannot name these either.
        QCOMPARE(::unlink(file.constData()), 0);
        QCOMPARE(::rmdir(raw.constData()), 0);
        QCOMPARE(::rmdir(QByteArray(QFile::encodeName(parent.path()) + "/caf\xe9").constData()), 0);
    }

    void makePathErrors()
    {
        QTemporaryDir dir;
        writeFile(dir.filePath(QStringLiteral("file")), "x");
        QString error;
        QVERIFY(!JournalDirectory::makePath(dir.filePath(QStringLiteral("file/sub")), &error));
        QVERIFY2(error.contains(QStringLiteral("file")), qPrintable(error));
        QVERIFY(!JournalDirectory::makePath(QString(), &error));
        QVERIFY(JournalDirectory::makePath(dir.filePath(QStringLiteral("a/b/c/")), &error));
        QVERIFY(QFileInfo(dir.filePath(QStringLiteral("a/b/c"))).isDir());
        QVERIFY(JournalDirectory::makePath(dir.filePath(QStringLiteral("a/b/c")), &error)); // already there
    }

    void missingDirectoryListsEmpty()
    {
        QTemporaryDir dir;
        const JournalListing listing = JournalDirectory::list(dir.filePath(QStringLiteral("gone")));
        QVERIFY(listing.ok()); // like the server's NotFound => empty
        QVERIFY(listing.files.isEmpty());
    }
};

QTEST_GUILESS_MAIN(tst_JournalDirectory)
#include "tst_journaldirectory.moc"
