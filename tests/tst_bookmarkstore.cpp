// SPDX-License-Identifier: MIT
#include "bookmarkstore.h"
#include "testjournal.h"

#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <limits>

using namespace TestJournal;

class tst_BookmarkStore : public QObject
{
    Q_OBJECT
private:
    static Bookmark mark(quint64 seq, const QString &file, quint64 offset, const QString &name = {})
    {
        Bookmark b;
        b.seq = seq;
        b.fileStartSeq = seq - seq % 100 + 1;
        b.fileName = file;
        b.offset = offset;
        b.name = name;
        return b;
    }

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void defaultPathIsInTheDataDirectory()
    {
        QVERIFY(BookmarkStore::defaultPath().startsWith(
            QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)));
        QVERIFY(BookmarkStore::defaultPath().endsWith(QLatin1String("/bookmarks.json")));
    }

    void journalKeyIsCanonical()
    {
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("events")));
        const QString events = QDir(dir.path()).filePath(QStringLiteral("events"));
        QVERIFY(QFile::link(events, QDir(dir.path()).filePath(QStringLiteral("link"))));
        const QString key = BookmarkStore::journalKey(events);
        QCOMPARE(BookmarkStore::journalKey(events + QStringLiteral("/")), key);
        QCOMPARE(BookmarkStore::journalKey(dir.path() + QStringLiteral("/./events")), key);
        QCOMPARE(BookmarkStore::journalKey(QDir(dir.path()).filePath(QStringLiteral("link"))), key);
        // A directory that has gone keeps its cleaned path.
        QCOMPARE(BookmarkStore::journalKey(QStringLiteral("/nonexistent//a/../b")),
                 QStringLiteral("/nonexistent/b"));
    }

    void savesAndLoadsEveryJournal()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("sub/bookmarks.json"));
        BookmarkStore store(path);
        QVERIFY(store.load()); // no file yet: empty
        Bookmark full =
            mark(250, QStringLiteral("events-00000000000000000201.jsonl"), 4096, QStringLiteral("the one"));
        full.tsNanos = 1'795'000'000'123'456'789;
        full.type = QStringLiteral("message");
        full.session = QStringLiteral("sess-1");
        full.summary = QStringLiteral("user: hello “world”");
        // Given out of order: kept in journal order.
        store.setBookmarks(QStringLiteral("/j1"),
                           {full, mark(5, QStringLiteral("events-00000000000000000001.jsonl"), 10)});
        Bookmark huge = mark(0, QStringLiteral("events-18446744073709551000.jsonl"), 0);
        huge.seq = 18446744073709551615ull;
        huge.fileStartSeq = 18446744073709551000ull;
        store.setBookmarks(QStringLiteral("/j2"), {huge});
        QString error;
        QVERIFY2(store.save(&error), qPrintable(error));

        BookmarkStore again(path);
        QVERIFY(again.load(&error));
        QCOMPARE(again.journals().size(), 2);
        const QList<Bookmark> j1 = again.bookmarks(QStringLiteral("/j1"));
        QCOMPARE(j1.size(), 2);
        QCOMPARE(j1[0].seq, quint64(5));
        QCOMPARE(j1[1].seq, quint64(250));
        QCOMPARE(j1[1].name, QStringLiteral("the one"));
        QCOMPARE(j1[1].tsNanos, full.tsNanos);
        QCOMPARE(j1[1].type, full.type);
        QCOMPARE(j1[1].session, full.session);
        QCOMPARE(j1[1].summary, full.summary);
        QCOMPARE(j1[1].offset, quint64(4096));
        QCOMPARE(j1[1].fileStartSeq, quint64(201));
        QVERIFY(!j1[0].tsNanos);
        const QList<Bookmark> j2 = again.bookmarks(QStringLiteral("/j2"));
        QCOMPARE(j2.size(), 1);
        QCOMPARE(j2[0].seq, 18446744073709551615ull); // past 2^53: as a string, exactly
        QCOMPARE(j2[0].fileStartSeq, 18446744073709551000ull);
        // An empty list removes the journal.
        again.setBookmarks(QStringLiteral("/j2"), {});
        QVERIFY(again.save());
        QVERIFY(store.load());
        QCOMPARE(store.journals(), QStringList{QStringLiteral("/j1")});
        // Written whole: no temporary left beside it.
        QCOMPARE(entries(dir.filePath(QStringLiteral("sub"))), QStringList{QStringLiteral("bookmarks.json")});
    }

    void aDamagedFileIsNotOverwritten()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("bookmarks.json"));
        for (const QByteArray &bad : {QByteArray("{not json"), QByteArray("[1,2]"),
                                      QByteArray(R"({"version":1,"journals":{"/j":[{"seq":1}]}})"),
                                      QByteArray(R"({"version":99,"journals":{}})")}) {
            writeFile(path, bad);
            BookmarkStore store(path);
            QString error;
            QVERIFY2(!store.load(&error), bad.constData());
            QVERIFY(error.startsWith(path));
            QVERIFY(store.journals().isEmpty());
            store.setBookmarks(QStringLiteral("/j"), {mark(1, QStringLiteral("f"), 0)});
            QVERIFY(!store.save(&error));
            QFile f(path);
            QVERIFY(f.open(QIODevice::ReadOnly));
            QCOMPARE(f.readAll(), bad);
        }
    }

    void exportImportAndMerge()
    {
        const QList<Bookmark> mine = {mark(1, QStringLiteral("a"), 0), mark(2, QStringLiteral("a"), 100)};
        const QByteArray json = BookmarkStore::exportJson(QStringLiteral("/other/machine/events"), mine);
        QString error;
        const auto back = BookmarkStore::importJson(json, &error);
        QVERIFY2(back, qPrintable(error));
        QCOMPARE(back->size(), 2);
        QVERIFY(!BookmarkStore::importJson("nonsense", &error));
        QVERIFY(error.contains(QLatin1String("not JSON")));
        // What is wrong with a bookmark is named: a seq past 2^53 as a JSON number, a missing field.
        QVERIFY(!BookmarkStore::importJson(
            R"({"version":1,"journals":{"/j":[{"seq":5,"file":"events-1.jsonl","file_start_seq":1,"offset":0},)"
            R"({"seq":18446744073709551615,"file":"f","file_start_seq":1,"offset":0}]}})",
            &error));
        QVERIFY2(error.contains(QLatin1String("bookmark 2 of /j has a seq of 2^53 or more")),
                 qPrintable(error));
        QVERIFY2(error.contains(QLatin1String("as a string")), qPrintable(error));
        QVERIFY(!BookmarkStore::importJson(
            R"({"version":1,"journals":{"/j":[{"seq":5,"file":"f","offset":0}]}})", &error));
        QVERIFY2(error.contains(QLatin1String("bookmark 1 of /j lacks its file_start_seq")),
                 qPrintable(error));
        const auto big = BookmarkStore::importJson(
            R"({"version":1,"journals":{"/j":[{"seq":"18446744073709551615","file":"f","file_start_seq":"1",)"
            R"("offset":0}]}})",
            &error);
        QVERIFY2(big, qPrintable(error));
        QCOMPARE(big->at(0).seq, std::numeric_limits<quint64>::max());

        QList<Bookmark> into = {mark(2, QStringLiteral("a"), 100),
                                mark(9, QStringLiteral("a"), 900, QStringLiteral("x"))};
        QList<Bookmark> incoming = *back;
        incoming[1].name = QStringLiteral("named elsewhere");
        QCOMPARE(BookmarkStore::merge(into, incoming), 1);
        QCOMPARE(into.size(), 3);
        QCOMPARE(into[0].seq, quint64(1));
        QCOMPARE(into[1].name, QStringLiteral("named elsewhere")); // an empty name takes the incoming one
        QCOMPARE(into[2].name, QStringLiteral("x"));
        QCOMPARE(BookmarkStore::merge(into, incoming), 0); // nothing twice
    }
};

QTEST_GUILESS_MAIN(tst_BookmarkStore)
#include "tst_bookmarkstore.moc"
