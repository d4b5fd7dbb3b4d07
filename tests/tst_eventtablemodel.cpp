// SPDX-License-Identifier: MIT
#include "eventtablemodel.h"
#include "journalsimulator.h"
#include "poolblocker.h"
#include "testjournal.h"

#include <QAbstractItemModelTester>
#include <QDateTime>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

class tst_EventTableModel : public QObject
{
    Q_OBJECT
private slots:
    void showsTheIndex();
    void appendsPrunesAndRescans();
    void takesAnIndexAppendedElsewhere();
    void filteredRowsFollowChanges();
    void summariesArriveLazily();
    void timeColumnUtcToggle();
    void localTimeAcrossZoneTransitions();
    void locatesEventsAcrossChanges();
    void newFilteredRowsComeAsOneInsertion();
    void fieldColumnsShowEachTypesField();
    void fieldColumnsComeAndGo();
    void decodingSurvivesPrunesWhileItRuns();
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

void tst_EventTableModel::takesAnIndexAppendedElsewhere()
{
    QTemporaryDir dir;
    const QString a = writeRange(dir.path(), 1, 10);
    EventTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.resetIndex(JournalIndex::build(dir.path()));
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy indexInserted(&model, &EventTableModel::indexRowsInserted);
    QSignalSpy journalChanged(&model, &EventTableModel::journalChanged);

    appendFile(a, line(11, "error", "late") + '\n');
    writeRange(dir.path(), 12, 14);
    JournalIndex copy = model.journal();
    JournalIndex::Changes changes =
        JournalIndex::scanChanges(JournalDirectory::list(dir.path()), copy.cursors());
    QVERIFY(copy.appliesAsAppend(changes));
    const JournalIndex::Update update = copy.apply(std::move(changes));
    QCOMPARE(model.rowCount(), 10); // the model's own index is untouched until it takes the copy
    model.takeAppended(std::move(copy), update);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.last().at(1).toInt(), 10);
    QCOMPARE(inserted.last().at(2).toInt(), 13);
    QCOMPARE(indexInserted.count(), 1);
    QCOMPARE(journalChanged.count(), 1);
    QCOMPARE(reset.count(), 0);
    QCOMPARE(model.data(model.index(10, EventTableModel::SessionColumn)).toString(), QStringLiteral("late"));
    QCOMPARE(model.data(model.index(13, EventTableModel::SeqColumn)).toString(), QStringLiteral("14"));

    // Filtered: the shown rows stay until the filter looks at the new events.
    model.setFilteredRows(std::vector<qint64>{0, 10});
    writeRange(dir.path(), 15, 16);
    copy = model.journal();
    changes = JournalIndex::scanChanges(JournalDirectory::list(dir.path()), copy.cursors());
    const JournalIndex::Update second = copy.apply(std::move(changes));
    model.takeAppended(std::move(copy), second);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.journal().eventCount(), qint64(16));
    QCOMPARE(indexInserted.last().at(0).toLongLong(), qint64(14));
    QCOMPARE(indexInserted.last().at(1).toLongLong(), qint64(2));

    // An index that is not this one with rows appended starts the views over.
    reset.clear();
    QTemporaryDir other;
    writeRange(other.path(), 1, 1);
    model.takeAppended(JournalIndex::build(other.path()), {});
    QCOMPARE(reset.count(), 1);
    QCOMPARE(model.journal().eventCount(), qint64(1));
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

void tst_EventTableModel::localTimeAcrossZoneTransitions()
{
    const QByteArray tzBefore = qgetenv("TZ");
    const auto restore = qScopeGuard([&] {
        if (tzBefore.isNull())
            qunsetenv("TZ");
        else
            qputenv("TZ", tzBefore);
    });
    for (const char *zone : {"Europe/Berlin", "America/St_Johns", "Australia/Lord_Howe", "UTC"}) {
        qputenv("TZ", zone);
        QVERIFY2(QTimeZone(zone).isValid(), zone); // tzdata is installed with the build's packages
        const EventTableModel model;               // a model keeps the zone's offset it found last: a new one
        // Around the 2026 transitions (and far from them), in and out of order.
        const qint64 second = 1000000000;
        const QList<qint64> instants = {
            QDateTime(QDate(2026, 3, 29), QTime(0, 59, 59, 999), Qt::UTC).toMSecsSinceEpoch() * 1000000,
            QDateTime(QDate(2026, 3, 29), QTime(1, 0), Qt::UTC).toMSecsSinceEpoch() * 1000000,
            QDateTime(QDate(2026, 10, 25), QTime(1, 0), Qt::UTC).toMSecsSinceEpoch() * 1000000 - 1,
            QDateTime(QDate(2026, 10, 25), QTime(1, 0), Qt::UTC).toMSecsSinceEpoch() * 1000000,
            QDateTime(QDate(2026, 4, 5), QTime(14, 59, 59, 999), Qt::UTC).toMSecsSinceEpoch() * 1000000,
            QDateTime(QDate(2026, 4, 5), QTime(15, 0), Qt::UTC).toMSecsSinceEpoch() * 1000000,
            QDateTime(QDate(2026, 3, 8), QTime(5, 30), Qt::UTC).toMSecsSinceEpoch() * 1000000,
            QDateTime(QDate(2026, 3, 8), QTime(5, 29, 59), Qt::UTC).toMSecsSinceEpoch() * 1000000,
            QDateTime(QDate(2026, 11, 20), QTime(9, 0, 1, 572), Qt::UTC).toMSecsSinceEpoch() * 1000000 + 931,
            QDateTime(QDate(1970, 1, 1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch() * 1000000 + 1000 * second,
            QDateTime(QDate(2200, 7, 1), QTime(12, 0), Qt::UTC).toMSecsSinceEpoch() * 1000000,
            -1,
            -1500000, // just before 1970: the millisecond they fall in, not the one after
            // Where the index's nanoseconds saturate: the offset goes past them.
            std::numeric_limits<qint64>::max(),
            std::numeric_limits<qint64>::min() + 1,
        };
        for (const qint64 nanos : instants) {
            const qint64 ms = nanos / 1000000 - (nanos % 1000000 < 0 ? 1 : 0); // before 1970 too
            const QString want = QDateTime::fromMSecsSinceEpoch(ms, Qt::LocalTime)
                                     .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
            QCOMPARE(model.timeText(nanos), want);
        }
    }
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

void tst_EventTableModel::fieldColumnsShowEachTypesField()
{
    QTemporaryDir dir;
    const QByteArray head = R"({"seq":%1,"ts":"2026-11-20T09:00:01Z","session_id":"s","event":)";
    const QList<QByteArray> events = {
        R"({"type":"task_list_item_progress","session_id":"s","item_id":"i","status":"blocked","tool_calls_count":2,"version":3})",
        R"({"type":"sub_agent_completed","parent_session_id":"s","child_session_id":"c","status":"skipped"})",
        R"({"type":"complete","usage":{"prompt_tokens":10,"completion_tokens":5,"total_tokens":15}})",
        R"({"type":"a_type_from_tomorrow","status":"new","usage":{"prompt_tokens":1}})",
        R"({"type":"session_deleted","session_id":"s"})",
    };
    QByteArray bytes;
    for (int i = 0; i < events.size(); ++i)
        bytes += QByteArray(head).replace("%1", QByteArray::number(i + 1)) + events[i] + "}\n";
    writeFile(dir.filePath(QStringLiteral("events-1.jsonl")), bytes);
    EventTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.resetIndex(JournalIndex::build(dir.path()));
    QSignalSpy inserted(&model, &QAbstractItemModel::columnsInserted);
    QVERIFY(model.addFieldColumn(FieldColumn::dialect(QStringLiteral("status"))));
    QVERIFY(!model.addFieldColumn(FieldColumn::dialect(QStringLiteral("status")))); // once
    QVERIFY(model.addFieldColumn(*FieldColumn::path(QStringLiteral("event.usage.prompt_tokens"))));
    QCOMPARE(inserted.count(), 2);
    QCOMPARE(model.columnCount(), int(EventTableModel::ColumnCount) + 2);
    const int status = EventTableModel::ColumnCount;
    const int prompt = status + 1;
    QCOMPARE(model.headerData(status, Qt::Horizontal).toString(), QStringLiteral("Status"));
    QCOMPARE(model.headerData(prompt, Qt::Horizontal).toString(),
             QStringLiteral("event.usage.prompt_tokens"));
    QCOMPARE(model.fieldColumn(prompt)->kind, FieldColumn::Kind::Path);
    QVERIFY(!model.fieldColumn(EventTableModel::SummaryColumn));
    // Asking starts the decoding; the values arrive from the worker.
    QCOMPARE(model.data(model.index(0, status)).toString(), QString());
    for (int row = 0; row < model.rowCount(); ++row)
        model.data(model.index(row, status));
    QTRY_VERIFY(model.hasRowText(0) && model.hasRowText(4));
    const QStringList statuses = {QStringLiteral("blocked"), QStringLiteral("skipped"), QString(),
                                  QStringLiteral("new"), QString()};
    for (int row = 0; row < model.rowCount(); ++row)
        QCOMPARE(model.data(model.index(row, status)).toString(), statuses[row]);
    QCOMPARE(model.data(model.index(2, prompt)).toString(), QStringLiteral("10"));
    QCOMPARE(model.data(model.index(3, prompt)).toString(), QStringLiteral("1")); // unknown types show
    QCOMPARE(model.data(model.index(2, prompt), Qt::TextAlignmentRole).toInt(),
             int(Qt::AlignRight | Qt::AlignVCenter));
    QCOMPARE(model.data(model.index(0, status), EventTableModel::FieldKindRole).toInt(),
             int(FieldValue::Kind::String));
    QCOMPARE(model.data(model.index(4, status), EventTableModel::FieldKindRole).toInt(),
             int(FieldValue::Kind::None));
    QVERIFY(!model.data(model.index(0, status), Qt::TextAlignmentRole).isValid());
    // The summary came in the same decoding.
    QCOMPARE(model.data(model.index(2, EventTableModel::SummaryColumn)).toString(),
             QStringLiteral("15 tokens"));
    QVERIFY(!model.data(model.index(0, model.columnCount())).isValid());
}

void tst_EventTableModel::fieldColumnsComeAndGo()
{
    QTemporaryDir dir;
    writeRange(dir.path(), 1, 30);
    EventTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.resetIndex(JournalIndex::build(dir.path()));
    const FieldColumn session = *FieldColumn::path(QStringLiteral("event.session_id"));
    const FieldColumn seq = *FieldColumn::path(QStringLiteral("seq"));
    model.setFieldColumns({session, seq, session}); // once each
    QCOMPARE(model.fieldColumns().size(), 2);
    const int seqColumn = EventTableModel::ColumnCount + 1;
    model.data(model.index(7, seqColumn));
    QTRY_COMPARE(model.data(model.index(7, seqColumn)).toString(), QStringLiteral("8"));
    // A column goes: the one after it keeps its value, decoded for the old set, without a new decoding.
    QSignalSpy removed(&model, &QAbstractItemModel::columnsRemoved);
    QVERIFY(!model.removeFieldColumn(EventTableModel::SummaryColumn));
    QVERIFY(model.removeFieldColumn(EventTableModel::ColumnCount));
    QCOMPARE(removed.count(), 1);
    QCOMPARE(model.data(model.index(7, EventTableModel::ColumnCount)).toString(), QStringLiteral("8"));
    QVERIFY(model.hasRowText(7));
    // A new column: the row is decoded again for it.
    QVERIFY(model.addFieldColumn(*FieldColumn::path(QStringLiteral("event.type"))));
    QVERIFY(!model.hasRowText(7));
    model.data(model.index(7, EventTableModel::ColumnCount + 1));
    QTRY_COMPARE(model.data(model.index(7, EventTableModel::ColumnCount + 1)).toString(),
                 QStringLiteral("session_deleted"));
    // Under a filter, values follow the rows shown.
    model.setFilteredRows(std::vector<qint64>{3, 20});
    model.data(model.index(1, EventTableModel::ColumnCount));
    QTRY_COMPARE(model.data(model.index(1, EventTableModel::ColumnCount)).toString(), QStringLiteral("21"));
    model.setFieldColumns({});
    QCOMPARE(model.columnCount(), int(EventTableModel::ColumnCount));
}

void tst_EventTableModel::decodingSurvivesPrunesWhileItRuns()
{
    // A live journal prunes while rows are being decoded: what was decoded still lands, on the rows that
    // moved, instead of being dropped (a prune each time a decoding runs would leave the table empty).
    QTemporaryDir dir;
    const QString a = writeRange(dir.path(), 1, 10);
    writeRange(dir.path(), 11, 20);
    EventTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.resetIndex(JournalIndex::build(dir.path()));
    model.addFieldColumn(*FieldColumn::path(QStringLiteral("seq")));
    const int seq = EventTableModel::ColumnCount;
    QVERIFY(QFile::remove(a)); // prune the first file: rows 10.. become 0..
    JournalIndex::Changes changes =
        JournalIndex::scanChanges(JournalDirectory::list(dir.path()), model.journal().cursors());
    {
        PoolBlocker busy;
        for (int row = 5; row < 15; ++row)
            model.data(model.index(row, seq));
        QCoreApplication::processEvents(); // the decoding starts, and waits for a worker
        model.applyChanges(std::move(changes));
        QCOMPARE(model.rowCount(), 10);
    }
    // Rows 10..14 of before are rows 0..4 now; rows 5..9 of before were pruned.
    QTRY_VERIFY(model.hasRowText(0));
    for (int row = 0; row < 5; ++row) {
        QVERIFY(model.hasRowText(row));
        QCOMPARE(model.data(model.index(row, seq)).toString(), QString::number(row + 11));
    }
    QVERIFY(!model.hasRowText(7));
}

QTEST_GUILESS_MAIN(tst_EventTableModel)
#include "tst_eventtablemodel.moc"
