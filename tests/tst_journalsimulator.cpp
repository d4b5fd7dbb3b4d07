// SPDX-License-Identifier: MIT
#include "journalindex.h"
#include "journalsimulator.h"
#include "lineparser.h"

#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include "testjournal.h"

using namespace TestJournal;

class tst_JournalSimulator : public QObject
{
    Q_OBJECT
private slots:
    void everyDurableTypeAppears()
    {
        QTemporaryDir dir;
        JournalSimulator sim;
        simulate(sim, dir.path(), 5000);
        const JournalIndex index = JournalIndex::build(dir.path());
        QCOMPARE(index.eventCount(), qint64(5000));
        QCOMPARE(index.malformedCount(), qint64(0));
        QSet<QString> types;
        for (quint32 id = 1; id < index.types().size(); ++id) {
            types.insert(index.types().text(id));
            QVERIFY(LineParser::isKnownType(index.types().at(id)));
        }
        QCOMPARE(types.size(), 21);
        for (qint64 row = 0; row < index.eventCount(); ++row)
            QCOMPARE(int(index.record(row).flags & ~EventRecord::GapBefore), 0);
    }

    void resumesSeqAndPrunes()
    {
        QTemporaryDir dir;
        QString error;
        JournalSimulator::Options options;
        options.rotateThreshold = 4096;
        {
            JournalSimulator sim;
            QVERIFY(sim.open(dir.path(), options, &error));
            for (int i = 0; i < 500; ++i)
                QVERIFY(sim.appendNext(&error));
        }
        options.keepFiles = 3;
        JournalSimulator sim;
        QVERIFY(sim.open(dir.path(), options, &error)); // boot: prune then recover
        QCOMPARE(sim.lastSeq(), quint64(500));
        QVERIFY(sim.prunedFiles() > 0);
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 3);
        for (int i = 0; i < 200; ++i)
            QVERIFY(sim.appendNext(&error));
        QVERIFY(QDir(dir.path()).entryList(QDir::Files).size() <= 4);
        const JournalIndex index = JournalIndex::build(dir.path());
        QCOMPARE(index.maxSeq().value(), quint64(700));
    }

    void deterministicForASeed()
    {
        JournalSimulator a, b;
        for (quint64 s = 1; s <= 50; ++s)
            QCOMPARE(a.makeEvent(s).mid(60), b.makeEvent(s).mid(60));
    }
};

QTEST_GUILESS_MAIN(tst_JournalSimulator)
#include "tst_journalsimulator.moc"
