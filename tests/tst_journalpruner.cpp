// SPDX-License-Identifier: MIT
#include "journalpruner.h"
#include "testjournal.h"

#include <QTemporaryDir>
#include <QTest>

#include <cstdio>
#include <sys/stat.h>

using namespace TestJournal;

class tst_JournalPruner : public QObject
{
    Q_OBJECT
private slots:
    void planMatchesServer()
    {
        QTemporaryDir dir;
        for (quint64 s = 1; s <= 6; ++s)
            writeRange(dir.path(), s, s);
        writeFile(dir.filePath(QStringLiteral("events-1.jsonl.bak")), "x");
        const JournalPruner::Plan plan = JournalPruner::plan(JournalDirectory::list(dir.path()), 2);
        QCOMPARE(plan.items.size(), 4);
        QCOMPARE(plan.deletableCount(), 4);
        QCOMPARE(plan.items.first().entry.startSeq, quint64(1));
        QCOMPARE(plan.newOldestSeq.value(), quint64(5));
        QCOMPARE(JournalPruner::plan(JournalDirectory::list(dir.path()), 10).items.size(), 0);
    }

    void pruneDeletesOnlyRegularFilesAndNeverTheNewest()
    {
        QTemporaryDir dir;
        writeRange(dir.path(), 1, 1);
        QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("events-2.jsonl")));
        QVERIFY(QFile::link(dir.filePath(JournalFileName::forStartSeq(1)),
                            dir.filePath(QStringLiteral("events-3.jsonl"))));
        writeRange(dir.path(), 4, 4);
        writeRange(dir.path(), 5, 5);
        writeFile(dir.filePath(QStringLiteral("events-abc.jsonl")), "keep me");
        const JournalPruner::Result result = JournalPruner::prune(dir.path(), 1);
        QCOMPARE(result.deleted,
                 (QStringList{JournalFileName::forStartSeq(1), JournalFileName::forStartSeq(4)}));
        QCOMPARE(result.skipped.size(), 2);
        QVERIFY(QFileInfo(dir.filePath(QStringLiteral("events-2.jsonl"))).isDir());
        QVERIFY(QFileInfo(dir.filePath(QStringLiteral("events-3.jsonl"))).isSymLink());
        QVERIFY(QFileInfo::exists(dir.filePath(JournalFileName::forStartSeq(5))));
        QVERIFY(QFileInfo::exists(dir.filePath(QStringLiteral("events-abc.jsonl"))));
        QCOMPARE(result.newOldestSeq.value(), quint64(2));
    }

    void newestRegularFileSurvivesNewerEntries()
    {
        // Entries that sort after the writer's file but are not regular files must not make it "old".
        QTemporaryDir dir;
        writeRange(dir.path(), 1, 1);
        writeRange(dir.path(), 2, 2);
        const QString writers = writeRange(dir.path(), 3, 3);
        QVERIFY(QDir(dir.path()).mkdir(JournalFileName::forStartSeq(99)));
        QCOMPARE(
            ::mkfifo(QFile::encodeName(dir.filePath(JournalFileName::forStartSeq(100))).constData(), 0600),
            0);
        QVERIFY(QFile::link(writers, dir.filePath(JournalFileName::forStartSeq(101))));
        const JournalPruner::Plan plan = JournalPruner::plan(JournalDirectory::list(dir.path()), 1);
        QCOMPARE(plan.items.size(), 5);
        QCOMPARE(plan.deletableCount(), 2);
        QCOMPARE(plan.items[2].skipReason, QStringLiteral("the newest file is the writer's"));
        const JournalPruner::Result result = JournalPruner::execute(plan);
        QCOMPARE(result.deleted,
                 (QStringList{JournalFileName::forStartSeq(1), JournalFileName::forStartSeq(2)}));
        QVERIFY(QFileInfo(writers).isFile());
        QCOMPARE(result.newOldestSeq.value(), quint64(3));
        // The same through prune(), which the browser's retention panel and the command line share.
        QVERIFY(JournalPruner::prune(dir.path(), 1).deleted.isEmpty());
        QVERIFY(QFileInfo(writers).isFile());
    }

    void keepZeroDeletesNothing()
    {
        QTemporaryDir dir;
        writeRange(dir.path(), 1, 1);
        writeRange(dir.path(), 2, 2);
        const JournalPruner::Result result = JournalPruner::prune(dir.path(), 0);
        QVERIFY(result.deleted.isEmpty());
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 2);
    }

    void executeNeverGoesBeyondThePreview()
    {
        QTemporaryDir dir;
        for (quint64 s = 1; s <= 4; ++s)
            writeRange(dir.path(), s, s);
        const JournalPruner::Plan preview =
            JournalPruner::plan(JournalDirectory::list(dir.path()), 2); // 1, 2
        // The writer rotates twice and the server's own prune removes file 1 meanwhile.
        writeRange(dir.path(), 5, 5);
        writeRange(dir.path(), 6, 6);
        QVERIFY(QFile::remove(dir.filePath(JournalFileName::forStartSeq(1))));
        const JournalPruner::Result result = JournalPruner::execute(preview);
        QCOMPARE(result.deleted,
                 (QStringList{JournalFileName::forStartSeq(1), JournalFileName::forStartSeq(2)}));
        QVERIFY(QFileInfo::exists(dir.filePath(JournalFileName::forStartSeq(3)))); // not in the preview
        QCOMPARE(result.newOldestSeq.value(), quint64(3));
    }

    void replacedFileIsSkipped()
    {
        QTemporaryDir dir;
        for (quint64 s = 1; s <= 3; ++s)
            writeRange(dir.path(), s, s);
        const JournalPruner::Plan preview = JournalPruner::plan(JournalDirectory::list(dir.path()), 2);
        const QString first = dir.filePath(JournalFileName::forStartSeq(1));
        writeFile(dir.filePath(QStringLiteral("tmp")), line(1) + '\n'); // a new inode while the old one lives
        QCOMPARE(::rename(QFile::encodeName(dir.filePath(QStringLiteral("tmp"))).constData(),
                          QFile::encodeName(first).constData()),
                 0);
        const JournalPruner::Result result = JournalPruner::execute(preview);
        QVERIFY(result.deleted.isEmpty());
        QCOMPARE(result.skipped.size(), 1);
        QVERIFY(QFileInfo::exists(first));
    }
};

QTEST_GUILESS_MAIN(tst_JournalPruner)
#include "tst_journalpruner.moc"
