// SPDX-License-Identifier: MIT
#include "eventsummary.h"
#include "journalsimulator.h"

#include <QTest>

class tst_EventSummary : public QObject
{
    Q_OBJECT
private slots:
    void perType_data();
    void perType();
    void truncatesAndSurvivesGarbage();
    void everySimulatedTypeHasASummaryOrIsTerse();
};

void tst_EventSummary::perType_data()
{
    QTest::addColumn<QByteArray>("event");
    QTest::addColumn<QString>("summary");
    QTest::addRow("message")
        << QByteArray(R"({"type":"message_appended","role":"assistant","content":"first line\nsecond"})")
        << QStringLiteral("assistant: first line");
    QTest::addRow("title") << QByteArray(R"({"type":"session_title_updated","title":"Fix the build"})")
                           << QStringLiteral("Fix the build");
    QTest::addRow("created") << QByteArray(R"({"type":"session_created","title":"New"})")
                             << QStringLiteral("New");
    QTest::addRow("approval") << QByteArray(R"({"type":"tool_approval_requested","tool_name":"bash"})")
                              << QStringLiteral("bash");
    QTest::addRow("progress") << QByteArray(R"({"type":"task_list_item_progress","status":"in_progress"})")
                              << QStringLiteral("in_progress");
    QTest::addRow("error") << QByteArray(R"({"type":"error","message":"boom\nstack"})")
                           << QStringLiteral("boom");
    QTest::addRow("pinned") << QByteArray(R"({"type":"session_pinned_updated","pinned":true})")
                            << QStringLiteral("pinned");
    QTest::addRow("unknown type") << QByteArray(R"({"type":"brand_new","message":"hello"})")
                                  << QStringLiteral("hello");
    QTest::addRow("nothing to say") << QByteArray(R"({"type":"session_deleted"})") << QString();
}

void tst_EventSummary::perType()
{
    QFETCH(QByteArray, event);
    QFETCH(QString, summary);
    EventSummary decoder;
    const QByteArray line = R"({"seq":1,"ts":"2026-11-20T09:00:01Z","session_id":"s","event":)" + event + "}";
    const EventSummary::Fields f = decoder.decode(line.toStdString());
    QVERIFY(f.ok);
    QCOMPARE(f.summary, summary);
    QCOMPARE(f.sessionId, QStringLiteral("s"));
    QCOMPARE(f.ts, QStringLiteral("2026-11-20T09:00:01Z"));
}

void tst_EventSummary::truncatesAndSurvivesGarbage()
{
    EventSummary decoder;
    const QByteArray line =
        R"({"seq":1,"event":{"type":"error","message":")" + QByteArray(1000, 'x') + "\"}}";
    QCOMPARE(decoder.decode(line.toStdString(), 50).summary.size(), 50);
    QVERIFY(!decoder.decode("not json").ok);
    QVERIFY(!decoder.decode(std::string_view("\xff", 1)).ok);
}

void tst_EventSummary::everySimulatedTypeHasASummaryOrIsTerse()
{
    JournalSimulator sim;
    EventSummary decoder;
    int withSummary = 0;
    for (quint64 seq = 1; seq <= 500; ++seq) {
        const EventSummary::Fields f = decoder.decode(sim.makeEvent(seq).toStdString());
        QVERIFY(f.ok);
        withSummary += f.summary.isEmpty() ? 0 : 1;
    }
    QVERIFY(withSummary > 400);
}

QTEST_GUILESS_MAIN(tst_EventSummary)
#include "tst_eventsummary.moc"
