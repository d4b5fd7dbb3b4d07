// SPDX-License-Identifier: MIT
#include "eventquery.h"
#include "eventtablemodel.h"
#include "querycolumncache.h"
#include "querycompletionmodel.h"
#include "testjournal.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace TestJournal;

namespace {

QHash<QString, qint64> counts(std::initializer_list<std::pair<const char *, qint64>> list)
{
    QHash<QString, qint64> out;
    for (const auto &[value, count] : list)
        out.insert(QString::fromUtf8(value), count);
    return out;
}

} // namespace

class tst_QueryCompletionModel : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void paths();
    void valuesWithCounts();
    void valuesOfBuiltins();
    void valuesAreCapped();
    void noValuesForSeqAndTs();
    void aNewJournalIsCountedAgain();

private:
    QByteArray event(quint64 seq, const QByteArray &session, const QByteArray &fields) const
    {
        return "{\"seq\":" + QByteArray::number(seq) + R"(,"ts":"2026-11-20T09:00:00Z","session_id":)" +
               (session.isEmpty() ? QByteArray("null") : '"' + session + '"') + R"(,"event":{)" + fields +
               "}}\n";
    }
    QHash<QString, qint64> values(QueryCompletionModel &m, const QString &path)
    {
        QSignalSpy ready(&m, &QueryCompletionModel::rowsReady);
        m.requestValues(path);
        if (ready.isEmpty())
            [&] {
                QVERIFY(ready.wait(20000));
            }();
        QHash<QString, qint64> out;
        for (int row = 0; row < m.rowCount(); ++row)
            out.insert(m.index(row).data(QueryCompletionModel::InsertRole).toString(),
                       m.index(row).data(QueryCompletionModel::CountRole).toLongLong());
        return out;
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<EventTableModel> m_events;
};

void tst_QueryCompletionModel::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QByteArray bytes;
    quint64 seq = 0;
    for (int i = 0; i < 5; ++i)
        bytes += event(++seq, "sess-a", R"("type":"message_appended","role":"user","content":"hi")");
    for (int i = 0; i < 3; ++i)
        bytes += event(++seq, "sess-b", R"("type":"message_appended","role":"assistant","content":"hello")");
    bytes += event(++seq, "", R"("type":"complete","usage":{"total_tokens":12000,"prompt_tokens":1})");
    bytes += event(++seq, "sess-b", R"("type":"complete","usage":{"total_tokens":12000,"prompt_tokens":2})");
    bytes += event(++seq, "sess-b",
                   R"("type":"x_new","odd key":1,"weird":{"deep":[{"k":"two words"}]},"flag":true,"n":null)");
    writeFile(QDir(m_dir->path()).filePath(JournalFileName::forStartSeq(1)), bytes);
    m_events = std::make_unique<EventTableModel>();
    m_events->resetIndex(JournalIndex::build(m_dir->path()));
}

void tst_QueryCompletionModel::paths()
{
    QueryCompletionModel m(m_events.get());
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy ready(&m, &QueryCompletionModel::rowsReady);
    m.requestPaths();
    QVERIFY(ready.wait(20000));
    QCOMPARE(m.kind(), QueryCompletionModel::Kind::Paths);
    QStringList paths;
    for (int row = 0; row < m.rowCount(); ++row) {
        paths << m.index(row).data(QueryCompletionModel::InsertRole).toString();
        QCOMPARE(m.index(row).data(QueryCompletionModel::CountRole).toLongLong(), -1);
    }
    QCOMPARE(paths.mid(0, 5), QueryLanguage::builtinFields());
    // Seen in the journal, nested ones and array elements included; keys no path can name are left out.
    for (const char *p : {"event.role", "event.usage.total_tokens", "event.weird.deep[0].k", "event.flag"})
        QVERIFY2(paths.contains(QLatin1String(p)), p);
    QVERIFY(!paths.contains(QStringLiteral("event.odd key")));
    // And what the dialect describes, though this journal has none of it.
    QVERIFY(paths.contains(QStringLiteral("event.plan_file_path")));
    QVERIFY(paths.contains(QStringLiteral("event.task_list.items[0].status")));
    // Asked again for the same journal: at once.
    ready.clear();
    m.requestPaths();
    QCOMPARE(ready.count(), 1);
}

void tst_QueryCompletionModel::valuesWithCounts()
{
    QueryCompletionModel m(m_events.get());
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QHash<QString, qint64> roles = values(m, QStringLiteral("event.role"));
    QCOMPARE(roles, counts({{"user", 5}, {"assistant", 3}}));
    // Most frequent first; the display reads the count.
    QCOMPARE(m.index(0).data(QueryCompletionModel::InsertRole).toString(), QStringLiteral("user"));
    QVERIFY(m.index(0).data().toString().startsWith(QStringLiteral("user")));
    QVERIFY(m.index(0).data().toString().contains(QLatin1Char('5')));
    QCOMPARE(values(m, QStringLiteral("event.usage.total_tokens")), counts({{"12000", 2}}));
    QCOMPARE(values(m, QStringLiteral("event.weird.deep[0].k")), counts({{"\"two words\"", 1}}));
    QCOMPARE(m.index(0).data(Qt::EditRole).toString(), QStringLiteral("two words"));
    QCOMPARE(values(m, QStringLiteral("event.flag")), counts({{"true", 1}}));
    QCOMPARE(values(m, QStringLiteral("event.n")), counts({{"null", 1}}));
    QVERIFY(values(m, QStringLiteral("event.absent")).isEmpty());
    // The values were read through the journal's cache: a filter on that path starts warm.
    QVERIFY(m_events->queryCache()->pathCount() >= 1);
}

void tst_QueryCompletionModel::valuesOfBuiltins()
{
    QueryCompletionModel m(m_events.get());
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(values(m, QStringLiteral("type")),
             counts({{"message_appended", 8}, {"complete", 2}, {"x_new", 1}}));
    QCOMPARE(values(m, QStringLiteral("session")), counts({{"sess-a", 5}, {"sess-b", 5}, {"null", 1}}));
    QCOMPARE(values(m, QStringLiteral("file")),
             (QHash<QString, qint64>{{JournalFileName::forStartSeq(1), 11}}));
}

void tst_QueryCompletionModel::valuesAreCapped()
{
    QTemporaryDir dir;
    QByteArray bytes;
    for (int i = 1; i <= 450; ++i)
        bytes += event(quint64(i), "s", R"("type":"error","message":"m)" + QByteArray::number(i % 300) + '"');
    writeFile(QDir(dir.path()).filePath(JournalFileName::forStartSeq(1)), bytes);
    EventTableModel events;
    events.resetIndex(JournalIndex::build(dir.path()));
    QueryCompletionModel m(&events);
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QHash<QString, qint64> v = values(m, QStringLiteral("event.message"));
    QCOMPARE(v.size(), QueryCompletionModel::MaxValues);
    // The 150 values seen twice come first.
    for (int row = 0; row < 150; ++row)
        QCOMPARE(m.index(row).data(QueryCompletionModel::CountRole).toLongLong(), 2);
}

void tst_QueryCompletionModel::noValuesForSeqAndTs()
{
    QueryCompletionModel m(m_events.get());
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy ready(&m, &QueryCompletionModel::rowsReady);
    m.requestValues(QStringLiteral("seq"));
    QCOMPARE(ready.count(), 1);
    QCOMPARE(m.rowCount(), 0);
    m.requestValues(QStringLiteral("not a path"));
    QCOMPARE(m.rowCount(), 0);
}

void tst_QueryCompletionModel::aNewJournalIsCountedAgain()
{
    QueryCompletionModel m(m_events.get());
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(values(m, QStringLiteral("event.role")).value(QStringLiteral("user")), 5);
    appendFile(QDir(m_dir->path()).filePath(JournalFileName::forStartSeq(1)),
               event(12, "sess-c", R"("type":"message_appended","role":"user","content":"again")"));
    m_events->resetIndex(JournalIndex::build(m_dir->path()));
    QCOMPARE(values(m, QStringLiteral("event.role")).value(QStringLiteral("user")), 6);
}

QTEST_GUILESS_MAIN(tst_QueryCompletionModel)
#include "tst_querycompletionmodel.moc"
