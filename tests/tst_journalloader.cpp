// SPDX-License-Identifier: MIT
#include "eventtablemodel.h"
#include "journalloader.h"
#include "journalsimulator.h"
#include "testjournal.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

class tst_JournalLoader : public QObject
{
    Q_OBJECT
private slots:
    void loadsInTwoStages();
    void followsAppendsRotationAndPrune();
    void filtersInTheBackgroundAndWhileFollowing();
    void refusesNonJournals();
};

using namespace TestJournal;

void tst_JournalLoader::loadsInTwoStages()
{
    QTemporaryDir dir;
    JournalSimulator sim;
    QString error;
    simulate(sim, dir.path(), 2000, 64 * 1024);
    EventTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    JournalLoader loader(&model);
    loader.setLive(false);
    QSignalSpy first(&loader, &JournalLoader::firstRowsShown);
    QSignalSpy finished(&loader, &JournalLoader::loadFinished);
    QVERIFY(loader.open(dir.path(), &error));
    QTRY_COMPARE(finished.count(), 1);
    QCOMPARE(first.count(), 1);
    QCOMPARE(finished.first().at(0).toLongLong(), qint64(2000));
    QCOMPARE(model.rowCount(), 2000);
    for (int row = 0; row < 2000; row += 97)
        QCOMPARE(model.data(model.index(row, 0), EventTableModel::SeqRole).toULongLong(), quint64(row + 1));
}

void tst_JournalLoader::followsAppendsRotationAndPrune()
{
    QTemporaryDir dir;
    JournalSimulator sim;
    QString error;
    simulate(sim, dir.path(), 100, 8 * 1024);
    EventTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    JournalLoader loader(&model);
    loader.setPollInterval(50);
    QSignalSpy finished(&loader, &JournalLoader::loadFinished);
    QSignalSpy pruned(&loader, &JournalLoader::filesPruned);
    QVERIFY(loader.open(dir.path(), &error));
    QTRY_COMPARE(finished.count(), 1);
    for (int i = 0; i < 400; ++i)
        QVERIFY(sim.appendNext(&error));
    QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 500, 10000);
    const QStringList names = QDir(dir.path()).entryList(QDir::Files, QDir::Name);
    QVERIFY(names.size() > 3);
    QVERIFY(QFile::remove(QDir(dir.path()).filePath(names[0])));
    QVERIFY(QFile::remove(QDir(dir.path()).filePath(names[1])));
    QTRY_COMPARE_WITH_TIMEOUT(pruned.count(), 1, 10000);
    QCOMPARE(pruned.first().at(0).toStringList().size(), 2);
    QCOMPARE(pruned.first().at(1).toULongLong(), JournalFileName::startSeq(names[2].toStdString()).value());
    QCOMPARE(model.data(model.index(0, 0), EventTableModel::SeqRole).toULongLong(),
             pruned.first().at(1).toULongLong());
    const quint64 last =
        model.data(model.index(model.rowCount() - 1, 0), EventTableModel::SeqRole).toULongLong();
    QCOMPARE(last, quint64(500));
}

void tst_JournalLoader::filtersInTheBackgroundAndWhileFollowing()
{
    QTemporaryDir dir;
    JournalSimulator sim;
    QString error;
    simulate(sim, dir.path(), 1000);
    EventTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    JournalLoader loader(&model);
    loader.setPollInterval(50);
    QSignalSpy finished(&loader, &JournalLoader::loadFinished);
    QSignalSpy filtered(&loader, &JournalLoader::filterFinished);
    QVERIFY(loader.open(dir.path(), &error));
    QTRY_COMPARE(finished.count(), 1);
    EventFilter filter;
    filter.types = {QStringLiteral("tool_approval_requested")};
    loader.setFilter(filter);
    QTRY_COMPARE(filtered.count(), 1);
    const int matches = model.rowCount();
    QVERIFY(matches > 0 && matches < 1000);
    QCOMPARE(filtered.first().at(0).toInt(), matches);
    for (int row = 0; row < matches; ++row)
        QCOMPARE(model.data(model.index(row, EventTableModel::TypeColumn)).toString(),
                 QStringLiteral("tool_approval_requested"));
    // New events that match show up; others do not.
    int expected = matches;
    for (int i = 0; i < 300; ++i) {
        const QByteArray l = sim.makeEvent(1001 + quint64(i));
        expected += l.contains("\"type\":\"tool_approval_requested\"") ? 1 : 0;
        appendFile(QDir(dir.path()).filePath(QDir(dir.path()).entryList(QDir::Files, QDir::Name).last()),
                   l + '\n');
    }
    QTRY_COMPARE_WITH_TIMEOUT(model.journal().eventCount(), qint64(1300), 10000);
    QTRY_COMPARE(model.rowCount(), expected);
    // Text criterion on raw bytes.
    filter = {};
    filter.contains = "\"role\":\"tool\"";
    loader.setFilter(filter);
    QTRY_COMPARE(filtered.count(), 2);
    QVERIFY(model.rowCount() > 0);
    loader.setFilter({});
    QCOMPARE(model.rowCount(), 1300);
}

void tst_JournalLoader::refusesNonJournals()
{
    QTemporaryDir dir;
    EventTableModel model;
    JournalLoader loader(&model);
    QString error;
    QVERIFY(!loader.open(dir.filePath(QStringLiteral("missing")), &error));
    QVERIFY(error.contains(QStringLiteral("no such directory")));
}

QTEST_GUILESS_MAIN(tst_JournalLoader)
#include "tst_journalloader.moc"
