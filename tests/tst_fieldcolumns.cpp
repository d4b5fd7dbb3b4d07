// SPDX-License-Identifier: MIT
#include "fieldcolumns.h"

#include <QTest>

class tst_FieldColumns : public QObject
{
    Q_OBJECT
private slots:
    void dialectHeaders();
    void idsRoundTrip();
    void valuesPerType_data();
    void valuesPerType();
    void oneParseForSummaryAndEveryColumn();
    void badLinesGiveNoValues();
};

namespace {

QByteArray line(const QByteArray &event, const QByteArray &session = "\"s1\"")
{
    return R"({"seq":1,"ts":"2026-11-20T09:00:01Z","session_id":)" + session + R"(,"event":)" + event + "}";
}

} // namespace

void tst_FieldColumns::dialectHeaders()
{
    const QStringList headers = FieldColumn::dialectHeaders();
    for (const char *h : {"role", "title", "status", "tool", "child session", "tokens", "run", "version",
                          "file", "pinned", "message"})
        QVERIFY2(headers.contains(QLatin1String(h)), h);
    QStringList unique = headers;
    QCOMPARE(unique.removeDuplicates(), 0);
    QCOMPARE(FieldColumn::dialect(QStringLiteral("child session")).title(), QStringLiteral("Child session"));
}

void tst_FieldColumns::idsRoundTrip()
{
    const FieldColumn status = FieldColumn::dialect(QStringLiteral("status"));
    QCOMPARE(status.id(), QStringLiteral("dialect:status"));
    QCOMPARE(FieldColumn::fromId(status.id()), status);
    const auto path = FieldColumn::path(QStringLiteral("event[\"usage\"].total_tokens"));
    QVERIFY(path);
    QCOMPARE(path->key, QStringLiteral("event.usage.total_tokens")); // written the one way
    QCOMPARE(path->title(), QStringLiteral("event.usage.total_tokens"));
    QCOMPARE(FieldColumn::fromId(path->id()), *path);
    QVERIFY(!FieldColumn::fromId(QStringLiteral("dialect:no such header")));
    QVERIFY(!FieldColumn::fromId(QStringLiteral("path:a..b")));
    QVERIFY(!FieldColumn::fromId(QStringLiteral("status")));
    QVERIFY(!FieldColumn::path(QString()));
}

void tst_FieldColumns::valuesPerType_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QString>("column"); // an id
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("text");
    using K = FieldValue::Kind;
    const QByteArray progress =
        line(R"({"type":"task_list_item_progress","session_id":"s1","item_id":"i1","status":"in_progress",)"
             R"("tool_calls_count":3,"version":4})");
    const QByteArray subDone = line(R"({"type":"sub_agent_completed","parent_session_id":"s1",)"
                                    R"("child_session_id":"c1","status":"error","error":"boom"})");
    const QByteArray taskList = line(
        R"({"type":"task_list_updated","task_list":{"session_id":"s1","title":"Plan it","items":)"
        R"([{"id":"a","status":"completed"},{"id":"b","status":"blocked"}],"created_at":"x","updated_at":"y"}})");
    const QByteArray complete = line(
        R"({"type":"complete","usage":{"prompt_tokens":1.50,"completion_tokens":7,"total_tokens":12345}})");
    const QByteArray created = line(
        R"({"type":"session_created","session_id":"s1","title":"Hello","kind":"root","created_at":"x"})");
    const QByteArray unknown =
        line(R"({"type":"workflow_paused","status":"held","title":"Later","extra":[1,2]})");
    QTest::addRow("status of item progress")
        << progress << "dialect:status" << int(K::String) << "in_progress";
    QTest::addRow("status of sub-agent end") << subDone << "dialect:status" << int(K::String) << "error";
    QTest::addRow("version") << progress << "dialect:version" << int(K::Number) << "4";
    QTest::addRow("tool calls") << progress << "dialect:tool calls" << int(K::Number) << "3";
    QTest::addRow("title of a task list") << taskList << "dialect:title" << int(K::String) << "Plan it";
    QTest::addRow("title of a session") << created << "dialect:title" << int(K::String) << "Hello";
    QTest::addRow("kind") << created << "dialect:kind" << int(K::String) << "root";
    QTest::addRow("child session") << subDone << "dialect:child session" << int(K::String) << "c1";
    QTest::addRow("tokens") << complete << "dialect:tokens" << int(K::Number) << "12345";
    QTest::addRow("no status on a session") << created << "dialect:status" << int(K::None) << "";
    QTest::addRow("no tokens on a progress") << progress << "dialect:tokens" << int(K::None) << "";
    // A type from a newer server: the fields the header names elsewhere.
    QTest::addRow("unknown type's status") << unknown << "dialect:status" << int(K::String) << "held";
    QTest::addRow("unknown type's title") << unknown << "dialect:title" << int(K::String) << "Later";
    QTest::addRow("unknown type's extra field") << unknown << "path:event.extra" << int(K::Array) << "[1,2]";
    QTest::addRow("pinned") << line(R"({"type":"session_pinned_updated","session_id":"s1","pinned":true,)"
                                    R"("updated_at":"x"})")
                            << "dialect:pinned" << int(K::Bool) << "true";
    QTest::addRow("path into usage") << complete << "path:event.usage.completion_tokens" << int(K::Number)
                                     << "7";
    QTest::addRow("number as written")
        << complete << "path:event.usage.prompt_tokens" << int(K::Number) << "1.50";
    QTest::addRow("object compact") << complete << "path:event.usage" << int(K::Object)
                                    << R"({"prompt_tokens":1.50,"completion_tokens":7,"total_tokens":12345})";
    QTest::addRow("array item") << taskList << "path:event.task_list.items[1].status" << int(K::String)
                                << "blocked";
    QTest::addRow("top field") << created << "path:session_id" << int(K::String) << "s1";
    QTest::addRow("null session") << line(R"({"type":"error","message":"m"})", "null") << "path:session_id"
                                  << int(K::Null) << "null";
    QTest::addRow("negative") << line(R"({"type":"x","n":-4})") << "path:event.n" << int(K::Number) << "-4";
    QTest::addRow("big integer") << line(R"({"type":"x","n":18446744073709551615})") << "path:event.n"
                                 << int(K::Number) << "18446744073709551615";
    QTest::addRow("missing path") << complete << "path:event.usage.nope" << int(K::None) << "";
    QTest::addRow("index on object") << complete << "path:event.usage[0]" << int(K::None) << "";
    QTest::addRow("newline and tab") << line(R"({"type":"error","message":"a\nb\tc\r\n\u0001"})")
                                     << "dialect:message" << int(K::String) << QString::fromUtf8("a↵b c↵␁");
    QTest::addRow("escaped key") << line(R"({"type":"x","a.b":{"c":"d"}})") << "path:event[\"a.b\"].c"
                                 << int(K::String) << "d";
}

void tst_FieldColumns::valuesPerType()
{
    QFETCH(QByteArray, line);
    QFETCH(QString, column);
    QFETCH(int, kind);
    QFETCH(QString, text);
    const auto c = FieldColumn::fromId(column);
    QVERIFY(c);
    const FieldColumns columns({*c});
    RowDecoder decoder;
    const RowDecoder::Row row =
        decoder.decode(std::string_view(line.constData(), size_t(line.size())), &columns);
    QVERIFY(row.ok);
    QCOMPARE(row.values.size(), size_t(1));
    QCOMPARE(int(row.values[0].kind), kind);
    QCOMPARE(row.values[0].text, text);
}

void tst_FieldColumns::oneParseForSummaryAndEveryColumn()
{
    const QByteArray content(5000, 'x');
    const QByteArray l =
        line(R"({"type":"message_appended","session_id":"s1","message_id":"m","role":"user",)"
             R"("content":")" +
             content + R"(","created_at":"x","list":[)" + QByteArray("1,").repeated(400) + "1]}");
    const FieldColumns columns({FieldColumn::dialect(QStringLiteral("role")),
                                *FieldColumn::path(QStringLiteral("event.content")),
                                *FieldColumn::path(QStringLiteral("event.list"))});
    RowDecoder decoder;
    const RowDecoder::Row row = decoder.decode(std::string_view(l.constData(), size_t(l.size())), &columns);
    QVERIFY(row.ok);
    QVERIFY(row.summary.startsWith(QStringLiteral("user: xxx")));
    QCOMPARE(row.values[0].text, QStringLiteral("user"));
    // Cut, with an ellipsis: a cell shows a line, not a page.
    QCOMPARE(row.values[1].text.size(), FieldValue::MaxTextLength + 1);
    QVERIFY(row.values[1].text.endsWith(QChar(0x2026)));
    QCOMPARE(row.values[2].kind, FieldValue::Kind::Array);
    QVERIFY(row.values[2].text.size() <= FieldValue::MaxJsonBytes + 1);
    QVERIFY(row.values[2].text.endsWith(QChar(0x2026)));
    QVERIFY(row.values[2].text.startsWith(QStringLiteral("[1,1,1")));
    QCOMPARE(columns.indexOf(FieldColumn::dialect(QStringLiteral("role"))), 0);
    QCOMPARE(columns.indexOf(FieldColumn::dialect(QStringLiteral("title"))), -1);
}

void tst_FieldColumns::badLinesGiveNoValues()
{
    const FieldColumns columns(
        {FieldColumn::dialect(QStringLiteral("status")), *FieldColumn::path(QStringLiteral("seq"))});
    RowDecoder decoder;
    for (const QByteArray &bad : {QByteArray("{\"seq\":1,"), QByteArray("not json"), QByteArray("[1,2]"),
                                  QByteArray("\xff\xfe"), QByteArray()}) {
        const RowDecoder::Row row =
            decoder.decode(std::string_view(bad.constData(), size_t(bad.size())), &columns);
        QCOMPARE(row.values.size(), size_t(2));
        QCOMPARE(row.values[0].kind, FieldValue::Kind::None);
        QCOMPARE(row.values[1].kind, FieldValue::Kind::None);
    }
    // No event object: the top fields still show.
    const QByteArray noEvent = R"({"seq":9})";
    const RowDecoder::Row row =
        decoder.decode(std::string_view(noEvent.constData(), size_t(noEvent.size())), &columns);
    QVERIFY(row.ok);
    QCOMPARE(row.values[1].text, QStringLiteral("9"));
    QCOMPARE(row.values[0].kind, FieldValue::Kind::None);
}

QTEST_GUILESS_MAIN(tst_FieldColumns)
#include "tst_fieldcolumns.moc"
