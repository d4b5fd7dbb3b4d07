// SPDX-License-Identifier: MIT
#include "eventdialect.h"
#include "lineparser.h"

#include <QSet>
#include <QTest>

#include <simdjson.h>

class tst_EventDialect : public QObject
{
    Q_OBJECT
private slots:
    void describesTheDurableTypesThenTheNewerOnes();
    void everyDescribedFieldIsWellFormed();
    void check_data();
    void check();
    void taskItemsAreChecked();
    void extraFieldsAreNamedNotRejected();
    void garbageIsReportedNotFatal();
};

void tst_EventDialect::describesTheDurableTypesThenTheNewerOnes()
{
    const auto &types = EventDialect::types();
    const auto &known = LineParser::knownTypes();
    QVERIFY(types.size() > known.size());
    for (size_t i = 0; i < known.size(); ++i) {
        QCOMPARE(types[i].name, known[i]);
        QCOMPARE(int(types[i].era), int(EventDialect::Era::Durable));
    }
    for (size_t i = known.size(); i < types.size(); ++i) {
        QCOMPARE(int(types[i].era), int(EventDialect::Era::Newer));
        QVERIFY(!LineParser::isKnownType(types[i].name));
    }
    for (const char *newer : {"workflow_activated", "workflow_deactivated", "config_changed",
                              "config_invalid", "config_recovered"})
        QVERIFY2(EventDialect::find(newer), newer);
    QVERIFY(!EventDialect::find("brand_new"));
    // The server's shapes, not invented ones.
    QVERIFY(EventDialect::find("sub_agent_started")->field("child_session_id"));
    QVERIFY(!EventDialect::find("sub_agent_started")->field("sub_agent_id"));
    QVERIFY(EventDialect::find("complete")->field("usage.total_tokens"));
    QVERIFY(!EventDialect::find("complete")->field("session_id"));
    QVERIFY(EventDialect::find("tool_approval_requested")->field("parameters"));
    QVERIFY(EventDialect::find("execution_started")->field("run_id"));
    QVERIFY(EventDialect::find("plan_file_updated")->field("content_summary"));
    QCOMPARE(EventDialect::find("sub_agent_started")->sessionField, std::string_view("parent_session_id"));
    QCOMPARE(EventDialect::find("task_list_updated")->sessionField, std::string_view("task_list.session_id"));
    QVERIFY(EventDialect::find("error")->sessionField.empty());
    QCOMPARE(EventDialect::values(*EventDialect::find("message_appended")->field("role")),
             QStringList({QStringLiteral("system"), QStringLiteral("user"), QStringLiteral("assistant"),
                          QStringLiteral("tool")}));
}

void tst_EventDialect::everyDescribedFieldIsWellFormed()
{
    QSet<QString> names;
    for (const EventDialect::Type &t : EventDialect::types()) {
        QVERIFY(!names.contains(QString::fromUtf8(t.name.data(), qsizetype(t.name.size()))));
        names.insert(QString::fromUtf8(t.name.data(), qsizetype(t.name.size())));
        for (const EventDialect::Field &f : t.fields) {
            // A nested path's object is described too, as an object.
            const size_t dot = f.path.rfind('.');
            if (dot != std::string_view::npos) {
                const EventDialect::Field *outer = t.field(f.path.substr(0, dot));
                QVERIFY2(outer && outer->kind == EventDialect::Kind::Object, f.path.data());
            }
        }
        if (!t.sessionField.empty())
            QVERIFY2(t.field(t.sessionField), t.name.data());
    }
}

void tst_EventDialect::check_data()
{
    QTest::addColumn<QByteArray>("event");
    QTest::addColumn<QStringList>("problems");
    const QStringList none;
    QTest::addRow("message")
        << QByteArray(
               R"({"type":"message_appended","session_id":"s","message_id":"m","role":"user","content":"hi","created_at":"t"})")
        << none;
    QTest::addRow("bad role")
        << QByteArray(
               R"({"type":"message_appended","session_id":"s","message_id":"m","role":"robot","content":"hi","created_at":"t"})")
        << QStringList{QStringLiteral("role \"robot\" is not one of system|user|assistant|tool")};
    QTest::addRow("missing and optional") << QByteArray(R"({"type":"cancelled"})") << none;
    QTest::addRow("missing required")
        << QByteArray(R"({"type":"error"})") << QStringList{QStringLiteral("message missing")};
    QTest::addRow("nested usage")
        << QByteArray(
               R"({"type":"complete","usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3}})")
        << none;
    QTest::addRow("the old invented usage")
        << QByteArray(R"({"type":"complete","usage":{"input_tokens":1,"output_tokens":2}})")
        << QStringList{QStringLiteral("usage.prompt_tokens missing"),
                       QStringLiteral("usage.completion_tokens missing"),
                       QStringLiteral("usage.total_tokens missing")};
    QTest::addRow("wrong kinds")
        << QByteArray(
               R"({"type":"session_title_updated","session_id":"s","title":7,"title_version":-1,"source":"auto","updated_at":"t"})")
        << QStringList{QStringLiteral("title is not a string"),
                       QStringLiteral("title_version is not an unsigned integer")};
    QTest::addRow("options null")
        << QByteArray(R"({"type":"need_clarification","question":"q?","options":null,"allow_custom":true})")
        << none;
    QTest::addRow("options not an array")
        << QByteArray(R"({"type":"need_clarification","question":"q?","options":"yes","allow_custom":true})")
        << QStringList{QStringLiteral("options is not an array or null")};
    QTest::addRow("any parameters")
        << QByteArray(
               R"({"type":"tool_approval_requested","tool_call_id":"c","tool_name":"Bash","parameters":[1,{"a":null}]})")
        << none;
    QTest::addRow("unknown type") << QByteArray(R"({"type":"brand_new","whatever":1})") << none;
    QTest::addRow("newer type") << QByteArray(
                                       R"({"type":"config_changed","section":"providers","revision":2})")
                                << none;
}

void tst_EventDialect::check()
{
    QFETCH(QByteArray, event);
    QFETCH(QStringList, problems);
    QCOMPARE(EventDialect::check(std::string_view(event.constData(), size_t(event.size()))), problems);
}

void tst_EventDialect::taskItemsAreChecked()
{
    const QByteArray good =
        R"({"type":"task_list_updated","task_list":{"session_id":"s","title":"T","items":[{"id":"item-1","description":"d","status":"pending","depends_on":[],"notes":"","phase":"execution","priority":"high"}],"created_at":"t","updated_at":"t"}})";
    QCOMPARE(EventDialect::check(good.toStdString()), QStringList());
    const QByteArray bad =
        R"({"type":"task_list_updated","task_list":{"session_id":"s","title":"T","items":[{"id":"item-1","status":"done","depends_on":[],"notes":"","phase":"execution","priority":"high"},3],"created_at":"t","updated_at":"t"}})";
    QCOMPARE(EventDialect::check(bad.toStdString()),
             QStringList({QStringLiteral("task_list.items[0].description missing"),
                          QStringLiteral("task_list.items[0].status \"done\" is not one of "
                                         "pending|in_progress|completed|blocked"),
                          QStringLiteral("task_list.items[1]. is not an object")}));
}

void tst_EventDialect::extraFieldsAreNamedNotRejected()
{
    simdjson::dom::parser parser;
    simdjson::dom::object o;
    const std::string json =
        R"({"type":"session_created","session_id":"s","title":"T","kind":"root","created_at":"t","project_id":"p","model":"m","usage":{"x":1}})";
    QVERIFY(!parser.parse(json).get(o));
    QCOMPARE(EventDialect::check(o), QStringList());
    QCOMPARE(EventDialect::extraFields(o), QStringList({QStringLiteral("model"), QStringLiteral("usage")}));
    const std::string nested =
        R"({"type":"complete","usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3,"cached_tokens":4}})";
    QVERIFY(!parser.parse(nested).get(o));
    QCOMPARE(EventDialect::extraFields(o), QStringList({QStringLiteral("usage.cached_tokens")}));
}

void tst_EventDialect::garbageIsReportedNotFatal()
{
    QCOMPARE(EventDialect::check("not json"), QStringList({QStringLiteral("not a JSON object")}));
    QCOMPARE(EventDialect::check("[1,2]"), QStringList({QStringLiteral("not a JSON object")}));
    QCOMPARE(EventDialect::check(R"({"no":"type"})"), QStringList({QStringLiteral("type missing")}));
    QCOMPARE(EventDialect::check(std::string_view("\xff\xfe", 2)),
             QStringList({QStringLiteral("not a JSON object")}));
}

QTEST_GUILESS_MAIN(tst_EventDialect)
#include "tst_eventdialect.moc"
