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
    void groupsDigits();
    void truncatesAndSurvivesGarbage();
    void everySimulatedEventHasASummaryOrIsTerse();
};

void tst_EventSummary::perType_data()
{
    QTest::addColumn<QByteArray>("event");
    QTest::addColumn<QString>("summary");
    // The server's shapes (docs/FORMAT.md), one or more rows per type.
    QTest::addRow("message")
        << QByteArray(
               R"({"type":"message_appended","session_id":"s","message_id":"m1","role":"user","content":"first line\nsecond","created_at":"2026-11-20T09:00:01Z"})")
        << QStringLiteral("user: first line");
    QTest::addRow("created")
        << QByteArray(
               R"({"type":"session_created","session_id":"s","title":"New session","kind":"root","created_at":"t"})")
        << QStringLiteral("\"New session\" root");
    QTest::addRow("created in a project")
        << QByteArray(
               R"({"type":"session_created","session_id":"s","title":"Fix","kind":"child","created_at":"t","project_id":"proj-1"})")
        << QStringLiteral("\"Fix\" child in proj-1");
    QTest::addRow("deleted") << QByteArray(R"({"type":"session_deleted","session_id":"s"})") << QString();
    QTest::addRow("cleared") << QByteArray(R"({"type":"session_cleared","session_id":"s"})") << QString();
    QTest::addRow("title")
        << QByteArray(
               R"({"type":"session_title_updated","session_id":"s","title":"Fix the build","title_version":3,"source":"manual","updated_at":"t"})")
        << QStringLiteral("\"Fix the build\" v3 manual");
    QTest::addRow("pinned")
        << QByteArray(R"({"type":"session_pinned_updated","session_id":"s","pinned":true,"updated_at":"t"})")
        << QStringLiteral("pinned");
    QTest::addRow("unpinned")
        << QByteArray(R"({"type":"session_pinned_updated","session_id":"s","pinned":false,"updated_at":"t"})")
        << QStringLiteral("unpinned");
    QTest::addRow("task list")
        << QByteArray(
               R"({"type":"task_list_updated","task_list":{"session_id":"s","title":"Ship it","items":[{"id":"item-1","description":"a","status":"completed","depends_on":[],"notes":"","phase":"execution","priority":"high"},{"id":"item-2","description":"b","status":"in_progress","depends_on":[],"notes":"","phase":"execution","priority":"low"},{"id":"item-3","description":"c","status":"pending","depends_on":[],"notes":"","phase":"execution","priority":"low"}],"created_at":"t","updated_at":"t"}})")
        << QStringLiteral("\"Ship it\": 3 items (1 completed, 1 in progress)");
    QTest::addRow("progress")
        << QByteArray(
               R"({"type":"task_list_item_progress","session_id":"s","item_id":"item-4","status":"completed","tool_calls_count":7,"version":12})")
        << QStringLiteral("item-4 → completed (7 tool calls)");
    QTest::addRow("progress, one call")
        << QByteArray(
               R"({"type":"task_list_item_progress","session_id":"s","item_id":"item-1","status":"blocked","tool_calls_count":1,"version":2})")
        << QStringLiteral("item-1 → blocked (1 tool call)");
    QTest::addRow("list completed")
        << QByteArray(
               R"({"type":"task_list_completed","session_id":"s","completed_at":"t","total_rounds":3,"total_tool_calls":1234})")
        << QStringLiteral("completed in 3 rounds, 1,234 tool calls");
    QTest::addRow("evaluation")
        << QByteArray(
               R"({"type":"task_evaluation_completed","session_id":"s","updates_count":2,"reasoning":"two items done\nmore"})")
        << QStringLiteral("2 updates: two items done");
    QTest::addRow("plan entered")
        << QByteArray(
               R"({"type":"plan_mode_entered","session_id":"s","reason":"big change","pre_permission_mode":"default","entered_at":"t","status":"exploring","plan_file_path":"plans/a.md"})")
        << QStringLiteral("exploring: big change · plans/a.md");
    QTest::addRow("plan entered, bare")
        << QByteArray(
               R"({"type":"plan_mode_entered","session_id":"s","pre_permission_mode":"default","entered_at":"t","status":"designing"})")
        << QStringLiteral("designing");
    QTest::addRow("plan exited")
        << QByteArray(
               R"({"type":"plan_mode_exited","session_id":"s","approved":true,"restored_mode":"accept_edits","plan":"p"})")
        << QStringLiteral("approved → accept_edits");
    QTest::addRow("plan file")
        << QByteArray(
               R"({"type":"plan_file_updated","session_id":"s","file_path":"plans/a.md","content_summary":"adds a step\nand more"})")
        << QStringLiteral("plans/a.md: adds a step");
    QTest::addRow("sub-agent started")
        << QByteArray(
               R"({"type":"sub_agent_started","parent_session_id":"sess-p","child_session_id":"sess-c","title":"Read the docs"})")
        << QStringLiteral("→ child sess-c \"Read the docs\"");
    QTest::addRow("sub-agent started, untitled")
        << QByteArray(
               R"({"type":"sub_agent_started","parent_session_id":"sess-p","child_session_id":"sess-c"})")
        << QStringLiteral("→ child sess-c");
    QTest::addRow("sub-agent completed")
        << QByteArray(
               R"({"type":"sub_agent_completed","parent_session_id":"sess-p","child_session_id":"sess-c","status":"error","error":"boom"})")
        << QStringLiteral("← child sess-c error: boom");
    QTest::addRow("clarification")
        << QByteArray(
               R"({"type":"need_clarification","question":"Which one?","options":["a","b"],"allow_custom":true})")
        << QStringLiteral("Which one? [a / b]");
    QTest::addRow("clarification, no options")
        << QByteArray(
               R"({"type":"need_clarification","question":"Why?","options":null,"tool_call_id":"c","tool_name":"AskUser","allow_custom":false})")
        << QStringLiteral("Why?");
    QTest::addRow("approval")
        << QByteArray(
               R"({"type":"tool_approval_requested","tool_call_id":"call_1","tool_name":"Edit","parameters":{"file_path":"src/main.rs","old_string":"a\nb","new":{"x":1},"n":3}})")
        << QStringLiteral("Edit(file_path=src/main.rs, old_string=a, new={…}, n=3)");
    QTest::addRow("approval, not an object")
        << QByteArray(
               R"({"type":"tool_approval_requested","tool_call_id":"c","tool_name":"Bash","parameters":"ls"})")
        << QStringLiteral("Bash(\"ls\")");
    QTest::addRow("run started")
        << QByteArray(R"({"type":"execution_started","run_id":"r-42","session_id":"s","started_at":"t"})")
        << QStringLiteral("run r-42 started");
    QTest::addRow("complete")
        << QByteArray(
               R"({"type":"complete","usage":{"prompt_tokens":10000,"completion_tokens":2345,"total_tokens":12345}})")
        << QStringLiteral("12,345 tokens");
    QTest::addRow("cancelled") << QByteArray(R"({"type":"cancelled","message":"by the user"})")
                               << QStringLiteral("by the user");
    QTest::addRow("cancelled, bare") << QByteArray(R"({"type":"cancelled"})") << QString();
    QTest::addRow("error") << QByteArray(R"({"type":"error","message":"boom\nstack"})")
                           << QStringLiteral("boom");
    QTest::addRow("workflow")
        << QByteArray(
               R"({"type":"workflow_activated","session_id":"s","workflow_id":"review","revision":7,"event_id":"e"})")
        << QStringLiteral("review r7");
    QTest::addRow("config") << QByteArray(R"({"type":"config_invalid","section":"providers","revision":2})")
                            << QStringLiteral("providers r2");
    QTest::addRow("unknown type") << QByteArray(R"({"type":"brand_new","message":"hello"})")
                                  << QStringLiteral("hello");
    // The shapes this browser's own simulator used to invent: nothing to show, not a wrong summary.
    // Fields missing: what is there, never an exception.
    QTest::addRow("title without version")
        << QByteArray(R"({"type":"session_title_updated","title":"x"})") << QStringLiteral("\"x\"");
    QTest::addRow("bare workflow") << QByteArray(R"({"type":"workflow_activated"})") << QString();
    QTest::addRow("bare evaluation") << QByteArray(R"({"type":"task_evaluation_completed"})") << QString();
    QTest::addRow("bare list completed")
        << QByteArray(R"({"type":"task_list_completed"})") << QStringLiteral("completed");
    QTest::addRow("invented usage")
        << QByteArray(R"({"type":"complete","usage":{"input_tokens":1,"output_tokens":2}})") << QString();
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

void tst_EventSummary::groupsDigits()
{
    QCOMPARE(EventSummary::groupDigits(0), QStringLiteral("0"));
    QCOMPARE(EventSummary::groupDigits(999), QStringLiteral("999"));
    QCOMPARE(EventSummary::groupDigits(1000), QStringLiteral("1,000"));
    QCOMPARE(EventSummary::groupDigits(18446744073709551615ull),
             QStringLiteral("18,446,744,073,709,551,615"));
}

void tst_EventSummary::truncatesAndSurvivesGarbage()
{
    EventSummary decoder;
    const QByteArray line =
        R"({"seq":1,"event":{"type":"error","message":")" + QByteArray(1000, 'x') + "\"}}";
    QCOMPARE(decoder.decode(line.toStdString(), 50).summary.size(), 50);
    QVERIFY(!decoder.decode("not json").ok);
    QVERIFY(!decoder.decode(std::string_view("\xff", 1)).ok);
    // Fields of the wrong kind give no summary rather than a wrong one.
    const QByteArray wrong =
        R"({"seq":1,"event":{"type":"task_list_item_progress","item_id":7,"status":null,"tool_calls_count":"x"}})";
    QCOMPARE(decoder.decode(wrong.toStdString()).summary, QString());
    const QByteArray noList = R"({"seq":1,"event":{"type":"task_list_updated","task_list":[]}})";
    QCOMPARE(decoder.decode(noList.toStdString()).summary, QString());
}

void tst_EventSummary::everySimulatedEventHasASummaryOrIsTerse()
{
    JournalSimulator sim;
    EventSummary decoder;
    int withSummary = 0;
    for (quint64 seq = 1; seq <= 500; ++seq) {
        const EventSummary::Fields f = decoder.decode(sim.makeEvent(seq).toStdString());
        QVERIFY(f.ok);
        withSummary += f.summary.isEmpty() ? 0 : 1;
    }
    QVERIFY(withSummary > 480);
}

QTEST_GUILESS_MAIN(tst_EventSummary)
#include "tst_eventsummary.moc"
