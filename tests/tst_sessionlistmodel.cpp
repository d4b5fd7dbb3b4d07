// SPDX-License-Identifier: MIT
#include "journalindex.h"
#include "sessionlistmodel.h"
#include "testjournal.h"
#include "timestamp.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

class tst_SessionListModel : public QObject
{
    Q_OBJECT
private slots:
    void countsEverySessionOnAWorker();
    void sortsByEachColumn();
    void followsTheIndexItWasGiven();
    void aNewerCountSupersedesAnOlderOne();
    void manySessions();
};

using namespace TestJournal;

namespace {

QByteArray at(quint64 seq, const char *ts, const QByteArray &session)
{
    return "{\"seq\":" + QByteArray::number(seq) + ",\"ts\":\"" + ts +
           "\",\"session_id\":" + (session.isNull() ? QByteArray("null") : '"' + session + '"') +
           ",\"event\":{\"type\":\"error\"}}\n";
}

void refresh(SessionListModel &model, const JournalIndex &index)
{
    QSignalSpy refreshed(&model, &SessionListModel::refreshed);
    model.refresh(index);
    QVERIFY(model.isRefreshing());
    QVERIFY(refreshed.wait(10000));
}

QStringList sessions(const SessionListModel &model)
{
    QStringList out;
    for (int row = 0; row < model.rowCount(); ++row)
        out.append(model.session(row));
    return out;
}

// b: 2 events, last at 09:30; a: 3 events, last at 09:10; no session: 1 event at 10:00 (bad ts in a's).
JournalIndex smallJournal(const QTemporaryDir &dir)
{
    writeFile(dir.filePath(QStringLiteral("events-1.jsonl")),
              at(1, "2026-11-20T09:00:00Z", "a") + at(2, "2026-11-20T09:10:00Z", "a") +
                  at(3, "not a time", "a") + at(4, "2026-11-20T09:20:00Z", "b") +
                  at(5, "2026-11-20T09:30:00Z", "b") + at(6, "2026-11-20T10:00:00Z", QByteArray()));
    return JournalIndex::build(dir.path());
}

} // namespace

void tst_SessionListModel::countsEverySessionOnAWorker()
{
    QTemporaryDir dir;
    const JournalIndex index = smallJournal(dir);
    SessionListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 0);
    model.setUtc(true);
    refresh(model, index);
    // Most recent activity first.
    QCOMPARE(sessions(model), QStringList({QString(), QStringLiteral("b"), QStringLiteral("a")}));
    QCOMPARE(model.columnCount(), 3);
    QCOMPARE(model.index(0, SessionListModel::SessionColumn).data().toString(), tr("(no session)"));
    QCOMPARE(model.index(2, SessionListModel::EventsColumn).data().toString(), QStringLiteral("3"));
    QCOMPARE(model.index(2, SessionListModel::LastActivityColumn).data().toString(),
             QStringLiteral("11-20 09:10:00"));
    QCOMPARE(
        model.index(2, SessionListModel::LastActivityColumn).data(SessionListModel::SortRole).toLongLong(),
        *Timestamp::parse("2026-11-20T09:10:00Z"));
    QCOMPARE(model.index(1, 1).data(Qt::TextAlignmentRole).value<Qt::Alignment>(),
             Qt::AlignRight | Qt::AlignVCenter);
    QCOMPARE(model.index(1, 2).data(SessionListModel::SessionRole).toString(), QStringLiteral("b"));
    QCOMPARE(model.rowOf(QStringLiteral("a")), 2);
    QCOMPARE(model.rowOf(QString()), 0);
    QCOMPARE(model.rowOf(QStringLiteral("nobody")), -1);
    QCOMPARE(model.sessionNames(), QStringList({QStringLiteral("a"), QStringLiteral("b")}));
    QCOMPARE(model.longestName(), 1);
    QCOMPARE(model.typeNames(), QStringList{QStringLiteral("error")});
    QCOMPARE(model.headerData(1, Qt::Horizontal).toString(), tr("Events"));
    model.clear();
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.rowOf(QString()), -1);
}

void tst_SessionListModel::sortsByEachColumn()
{
    QTemporaryDir dir;
    const JournalIndex index = smallJournal(dir);
    SessionListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    refresh(model, index);
    const auto sortBy = [&](int column, Qt::SortOrder order) {
        QSignalSpy refreshed(&model, &SessionListModel::refreshed);
        model.sort(column, order);
        QVERIFY(refreshed.wait(10000));
    };
    sortBy(SessionListModel::EventsColumn, Qt::DescendingOrder);
    QCOMPARE(sessions(model), QStringList({QStringLiteral("a"), QStringLiteral("b"), QString()}));
    sortBy(SessionListModel::SessionColumn, Qt::AscendingOrder);
    QCOMPARE(sessions(model), QStringList({QString(), QStringLiteral("a"), QStringLiteral("b")}));
    QCOMPARE(model.rowOf(QStringLiteral("b")), 2);
    sortBy(SessionListModel::LastActivityColumn, Qt::AscendingOrder);
    QCOMPARE(sessions(model), QStringList({QStringLiteral("a"), QStringLiteral("b"), QString()}));
    // A sort asked for while a count runs is applied to that count.
    model.refresh(index);
    model.sort(SessionListModel::SessionColumn, Qt::DescendingOrder);
    QTRY_COMPARE(sessions(model), QStringList({QStringLiteral("b"), QStringLiteral("a"), QString()}));
    QTRY_VERIFY(!model.isRefreshing());
}

void tst_SessionListModel::followsTheIndexItWasGiven()
{
    QTemporaryDir dir;
    JournalIndex index = smallJournal(dir);
    SessionListModel model;
    refresh(model, index);
    QCOMPARE(model.rowCount(), 3);
    appendFile(dir.filePath(QStringLiteral("events-1.jsonl")), at(7, "2026-11-20T11:00:00Z", "c"));
    index.update(JournalDirectory::list(dir.path()));
    refresh(model, index);
    QCOMPARE(sessions(model).first(), QStringLiteral("c"));
    QCOMPARE(model.rowCount(), 4);
    // The count is of a frozen copy: changing the index after asking does not reach it.
    model.refresh(index);
    index = JournalIndex();
    QTRY_VERIFY(!model.isRefreshing());
    QCOMPARE(model.rowCount(), 4);
    refresh(model, index);
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.sessionNames(), QStringList());
}

void tst_SessionListModel::aNewerCountSupersedesAnOlderOne()
{
    QTemporaryDir dir;
    const JournalIndex index = smallJournal(dir);
    JournalIndex empty;
    SessionListModel model;
    QSignalSpy refreshed(&model, &SessionListModel::refreshed);
    model.refresh(index);
    model.refresh(empty);
    QTRY_VERIFY(!model.isRefreshing());
    QTest::qWait(50);
    QCOMPARE(refreshed.count(), 1); // the first count's result was dropped
    QCOMPARE(model.rowCount(), 0);
}

void tst_SessionListModel::manySessions()
{
    // 20,000 sessions of 3 events: every row listed once, counts right, names sorted for lookup.
    QTemporaryDir dir;
    QByteArray bytes;
    quint64 seq = 0;
    for (int round = 0; round < 3; ++round)
        for (int s = 0; s < 20000; ++s)
            bytes += at(++seq, "2026-11-20T09:00:00Z", "session-" + QByteArray::number(s));
    writeFile(dir.filePath(QStringLiteral("events-1.jsonl")), bytes);
    const JournalIndex index = JournalIndex::build(dir.path());
    SessionListModel model;
    refresh(model, index);
    QCOMPARE(model.rowCount(), 20000);
    const QStringList names = model.sessionNames();
    QCOMPARE(names.size(), 20000);
    QVERIFY(std::is_sorted(names.begin(), names.end()));
    QCOMPARE(model.longestName(), qsizetype(QStringLiteral("session-19999").size()));
    for (const int s : {0, 7, 12345, 19999}) {
        const int row = model.rowOf(QStringLiteral("session-%1").arg(s));
        QVERIFY(row >= 0);
        QCOMPARE(model.session(row), QStringLiteral("session-%1").arg(s));
        QCOMPARE(model.index(row, SessionListModel::EventsColumn).data().toString(), QStringLiteral("3"));
    }
}

QTEST_MAIN(tst_SessionListModel)
#include "tst_sessionlistmodel.moc"
