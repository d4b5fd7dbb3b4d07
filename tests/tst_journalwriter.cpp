// SPDX-License-Identifier: MIT
#include "journalindex.h"
#include "journalwriter.h"
#include "testjournal.h"

#include <QTemporaryDir>
#include <QTest>

using namespace TestJournal;

class tst_JournalWriter : public QObject
{
    Q_OBJECT
private slots:
    void rotatesLikeTheServer()
    {
        // Threshold 1: every append rotates, so each event gets its own file named by its seq (seed test).
        QTemporaryDir dir;
        JournalWriter writer;
        QString error;
        QVERIFY(writer.open(dir.path(), 1, &error));
        for (quint64 s = 1; s <= 4; ++s)
            QVERIFY(writer.append(s, line(s), &error));
        QCOMPARE(writer.filesOpened(), 4);
        QVERIFY(writer.rotationPending());
        const QStringList names = QDir(dir.path()).entryList(QDir::Files, QDir::Name);
        QCOMPARE(names.first(), JournalFileName::forStartSeq(1));
        QCOMPARE(names.last(), JournalFileName::forStartSeq(4));
    }

    void rollsOnceThresholdReached()
    {
        QTemporaryDir dir;
        JournalWriter writer;
        QString error;
        const quint64 lineBytes = quint64(line(1).size()) + 1;
        QVERIFY(writer.open(dir.path(), lineBytes * 3, &error));
        for (quint64 s = 1; s <= 7; ++s)
            QVERIFY(writer.append(s, line(s), &error));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files, QDir::Name),
                 (QStringList{JournalFileName::forStartSeq(1), JournalFileName::forStartSeq(4),
                              JournalFileName::forStartSeq(7)}));
        const JournalIndex index = JournalIndex::build(dir.path());
        QCOMPARE(index.eventCount(), qint64(7));
    }

    void unwritableDirectory()
    {
        JournalWriter writer;
        QString error;
        QVERIFY(!writer.open(QStringLiteral("/proc/no-such-dir"), 10, &error));
        QVERIFY(!error.isEmpty());
    }
};

QTEST_GUILESS_MAIN(tst_JournalWriter)
#include "tst_journalwriter.moc"
