// SPDX-License-Identifier: MIT
#include "eventtablemodel.h"
#include "journalsimulator.h"
#include "testjournal.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

class tst_EventTableModel : public QObject
{
    Q_OBJECT
private slots:
    void showsTheIndex();
    void appendsPrunesAndRescans();
    void filteredRowsFollowChanges();
    void summariesArriveLazily();
    void timeColumnUtcToggle();
    void locatesEventsAcrossChanges();
    void newFilteredRowsComeAsOneInsertion();
};

using namespace TestJournal;

namespace {

void refresh(EventTableModel &model, const QString &dir)
{
    model.applyChanges(JournalIndex::scanChanges(JournalDirectory::list(dir), model.journal().cursors()));
}

} // namespace

void tst_EventTableModel::showsTheIndex()
{
    QTemporaryDir dir;
    writeFile(dir.filePath(QStringLiteral("events-1.jsonl")),
              line(1, "error", "a") + '\n' + line(2, "complete", "b") + '\n' + line(2) + '\n');
    EventTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.resetIndex(JournalIndex::build(dir.path()));
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.columnCount(), int(EventTableModel::ColumnCount));
    QCOMPARE(model.rowCount(model.index(0, 0)), 0);
    QCOMPARE(model.data(model.index(0, EventTableModel::SeqColumn)).toString(), QStringLiteral("1"));
    QCOMPARE(model.data(model.index(0, EventTableModel::SessionColumn)).toString(), QStringLiteral("a"));
    QCOMPARE(model.data(model.index(1, EventTableModel::TypeColumn)).toString(), QStringLiteral("complete"));
    QCOMPARE(model.data(model.index(2, EventTableModel::FileColumn)).toString(),
             QStringLiteral("events-1.jsonl"));
    QVERIFY(model.data(model.index(2, 0), EventTableModel::FlagsRole).toInt() & EventRecord::DuplicateSeq);
    QCOMPARE(model.data(model.index(1, 0), EventTableModel::OffsetRole).toULongLong(),
             quint64(line(1, "error", "a").size() + 1));
    QCOMPARE(model.rowForSeq(2), 1);
    QCOMPARE(model.rowForSeq(99), -1);
    QVERIFY(!model.data(model.index(5, 0)).isValid());
    QVERIFY(!model.headerData(0, Qt::Horizontal).toString().isEmpty());
}

void tst_EventTableModel::appendsPrunesAndRescans()
{
    QTemporaryDir dir;
    const QString a = writeRange(dir.path(), 1, 10);
    const QString b = writeRange(dir.path(), 11, 20);
    EventTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.resetIndex(JournalIndex::build(dir.path()));
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);

    appendFile(b, line(21) + '\n' + line(22) + '\n');
    refresh(model, dir.path());
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.last().at(1).toInt(), 20);
    QCOMPARE(inserted.last().at(2).toInt(), 21);
    QCOMPARE(model.rowCount(), 22);

    writeRange(dir.path(), 23, 25); // rotation
    refresh(model, dir.path());
    QCOMPARE(model.rowCount(), 25);

    QVERIFY(QFile::remove(a)); // prune
    refresh(model, dir.path());
    QCOMPARE(removed.count(), 1);
    QCOMPARE(removed.last().at(1).toInt(), 0);
    QCOMPARE(removed.last().at(2).toInt(), 9);
    QCOMPARE(model.data(model.index(0, 0)).toString(), QStringLiteral("11"));

    writeFile(b, line(11) + '\n'); // truncated: its rows go and come back
    refresh(model, dir.path());
    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(model.data(model.index(1, 0)).toString(), QStringLiteral("23"));
}

void tst_EventTableModel::filteredRowsFollowChanges()
{
    QTemporaryDir dir;
    const QString a = writeRange(dir.path(), 1, 10);
    writeRange(dir.path(), 11, 20);
    EventTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.resetIndex(JournalIndex::build(dir.path()));
    model.setFilteredRows(std::vector<qint64>{1, 5, 12, 18}); // seqs 2, 6, 13, 19
    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(model.data(model.index(2, 0)).toString(), QStringLiteral("13"));
    QVERIFY(QFile::remove(a));
    refresh(model, dir.path());
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.data(model.index(0, 0)).toString(), QStringLiteral("13"));
    QCOMPARE(model.indexRow(0), qint64(2));
    model.addFilteredRows({0, 9});
    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(model.data(model.index(0, 0)).toString(), QStringLiteral("11"));
    QCOMPARE(model.data(model.index(3, 0)).toString(), QStringLiteral("20"));
    model.setFilteredRows(std::nullopt);
    QCOMPARE(model.rowCount(), 10);
}

void tst_EventTableModel::summariesArriveLazily()
{
    QTemporaryDir dir;
    writeFile(
        dir.filePath(QStringLiteral("events-1.jsonl")),
        R"({"seq":1,"ts":"2026-11-20T09:00:01Z","session_id":"s","event":{"type":"error","message":"disk full"}})"
        "\n");
    EventTableModel model;
    model.resetIndex(JournalIndex::build(dir.path()));
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QCOMPARE(model.data(model.index(0, EventTableModel::SummaryColumn)).toString(), QString());
    QTRY_COMPARE(model.data(model.index(0, EventTableModel::SummaryColumn)).toString(),
                 QStringLiteral("disk full"));
    QVERIFY(changed.count() >= 1);
}

void tst_EventTableModel::timeColumnUtcToggle()
{
    QTemporaryDir dir;
    writeRange(dir.path(), 1, 1);
    EventTableModel model;
    model.resetIndex(JournalIndex::build(dir.path()));
    model.setUtc(true);
    QCOMPARE(model.data(model.index(0, EventTableModel::TimeColumn)).toString(),
             QStringLiteral("2026-11-20 09:00:01.572Z"));
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setUtc(false);
    QCOMPARE(changed.count(), 1);
}

void tst_EventTableModel::locatesEventsAcrossChanges()
{
    QTemporaryDir dir;
    const QString a = writeRange(dir.path(), 1, 10);
    writeRange(dir.path(), 11, 20);
    EventTableModel model;
    model.resetIndex(JournalIndex::build(dir.path()));
    const EventTableModel::EventKey first = model.keyOfRow(2), later = model.keyOfRow(14);
    QCOMPARE(first.seq, quint64(3));
    QCOMPARE(later.seq, quint64(15));
    QVERIFY(model.keyOfRow(99).isNull());
    auto where = model.locate(later);
    QVERIFY(where.exact && where.inJournal);
    QCOMPARE(where.row, 14);
    // Under a filter that hides it: still in the journal, the next shown row is where it would be.
    model.setFilteredRows(std::vector<qint64>{0, 2, 16, 18});
    where = model.locate(later);
    QVERIFY(!where.exact && where.inJournal);
    QCOMPARE(where.row, 2);
    QCOMPARE(model.locate(first).row, 1);
    QVERIFY(model.locate(first).exact);
    model.setFilteredRows(std::nullopt);
    // Pruned: its file is older than every file left.
    QVERIFY(QFile::remove(a));
    refresh(model, dir.path());
    where = model.locate(first);
    QVERIFY(!where.inJournal && where.pruned && !where.exact);
    QCOMPARE(where.row, 0);
    where = model.locate(later);
    QVERIFY(where.exact);
    QCOMPARE(where.row, 4);
    // Bad input: a null key, a file that never was.
    QCOMPARE(model.locate({}).row, -1);
    EventTableModel::EventKey stranger = later;
    stranger.fileName = QStringLiteral("events-99999.jsonl");
    stranger.fileStartSeq = 99999;
    where = model.locate(stranger);
    QVERIFY(!where.inJournal && !where.pruned && where.row == -1);
}

void tst_EventTableModel::newFilteredRowsComeAsOneInsertion()
{
    QTemporaryDir dir;
    writeRange(dir.path(), 1, 50);
    EventTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.resetIndex(JournalIndex::build(dir.path()));
    model.setFilteredRows(std::vector<qint64>{0, 10, 20});
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.addFilteredRows({30, 31, 32, 33, 40});
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(model.rowCount(), 8);
    model.addFilteredRows({5, 6, 20, 45}); // two runs, and one already shown
    QCOMPARE(inserted.count(), 3);
    QCOMPARE(model.rowCount(), 11);
    QCOMPARE(model.indexRow(1), qint64(5));
    QCOMPARE(model.indexRow(10), qint64(45));
}

QTEST_GUILESS_MAIN(tst_EventTableModel)
#include "tst_eventtablemodel.moc"
