// SPDX-License-Identifier: MIT
#include "journaldirectory.h"
#include "testjournal.h"

#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>
#include <unistd.h>

using namespace TestJournal;

class tst_JournalDirectory : public QObject
{
    Q_OBJECT
private slots:
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
