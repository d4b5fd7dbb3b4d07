// SPDX-License-Identifier: MIT
#include "jsonpath.h"
#include "jsonpretty.h"

#include <QTest>

class tst_JsonPath : public QObject
{
    Q_OBJECT
private slots:
    void formatsAndParses_data();
    void formatsAndParses();
    void rejectsWhatIsNotAPath_data();
    void rejectsWhatIsNotAPath();
    void locatesValues_data();
    void locatesValues();
    void compacts();
    void hitsInIndentedJson_data();
    void hitsInIndentedJson();
    void hitsFromACheckpoint();
    void deepNestingIsUnknownNotWrong();
    void garbageNeverCrashes();
};

using namespace JsonPath;

namespace {

Step key(const char *k)
{
    return {QByteArray(k), -1};
}

Step at(qint64 i)
{
    return {{}, i};
}

std::string_view view(const QByteArray &b)
{
    return std::string_view(b.constData(), size_t(b.size()));
}

// The path of a hit as text, keys decoded from the text they were read in.
QString pathText(const QByteArray &text, const Hit &hit)
{
    Path path;
    for (const Hit::RawStep &s : hit.path) {
        if (s.index >= 0)
            path.push_back(at(s.index));
        else
            path.push_back(
                {JsonPretty::unescape(view(text).substr(size_t(s.keyBegin), size_t(s.keyEnd - s.keyBegin))),
                 -1});
    }
    return format(path);
}

std::optional<Hit> hitIn(const QByteArray &text, qsizetype pos)
{
    qsizetype lineBegin = text.lastIndexOf('\n', pos - 1 < 0 ? 0 : pos - 1);
    lineBegin = pos == 0 ? 0 : (text[pos - 1] == '\n' ? pos : lineBegin + 1);
    qsizetype lineEnd = text.indexOf('\n', pos);
    if (lineEnd < 0)
        lineEnd = text.size();
    return hitAt(view(text), ScanState(), 0, lineBegin, lineEnd, pos, text.size());
}

} // namespace

void tst_JsonPath::formatsAndParses_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("canonical");
    QTest::addRow("plain") << "event.usage.total_tokens"
                           << "event.usage.total_tokens";
    QTest::addRow("indices") << "event.task_list.items[0].status"
                             << "event.task_list.items[0].status";
    QTest::addRow("nested arrays") << "a[1][22][0]"
                                   << "a[1][22][0]";
    QTest::addRow("top") << "session_id"
                         << "session_id";
    QTest::addRow("dotted key") << "event[\"a.b\"]"
                                << "event[\"a.b\"]";
    QTest::addRow("quoted plain key") << "event[\"role\"]"
                                      << "event.role";
    QTest::addRow("escapes") << "[\"say \\\"hi\\\" \\\\ now\"].x"
                             << "[\"say \\\"hi\\\" \\\\ now\"].x";
    QTest::addRow("unicode escape") << "[\"\\u00e9t\\u00e9\"]" << QString::fromUtf8("été");
    QTest::addRow("letters") << QString::fromUtf8("événement.clé") << QString::fromUtf8("événement.clé");
    QTest::addRow("spaces around") << "  a.b  "
                                   << "a.b";
    QTest::addRow("newline in key") << "[\"a\\nb\"]"
                                    << "[\"a\\nb\"]";
}

void tst_JsonPath::formatsAndParses()
{
    QFETCH(QString, text);
    QFETCH(QString, canonical);
    const auto path = parse(text);
    QVERIFY(path);
    QCOMPARE(format(*path), canonical);
    const auto again = parse(canonical);
    QVERIFY(again);
    QVERIFY(*again == *path);
}

void tst_JsonPath::rejectsWhatIsNotAPath_data()
{
    QTest::addColumn<QString>("text");
    for (const char *bad : {"", " ", ".", "a.", ".a", "a..b", "a[", "a[x]", "a[-1]", "a[1", "a[]", "[\"open",
                            "a b", "a.[0]", "a]", "a[99999999999999999999999]", "a[\"x\"", "a{b}"})
        QTest::addRow("%s", bad) << QString::fromUtf8(bad);
}

void tst_JsonPath::rejectsWhatIsNotAPath()
{
    QFETCH(QString, text);
    QVERIFY(!parse(text));
}

void tst_JsonPath::locatesValues_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("token"); // empty: not found
    const QByteArray line = R"({"seq":7,"ts":"t","session_id":"s","event":{"type":"complete","usage":)"
                            R"({"prompt_tokens":1.50,"completion_tokens":2e3,"total_tokens":12}}})";
    QTest::addRow("number") << line << "event.usage.total_tokens" << QByteArray("12");
    QTest::addRow("fraction as written") << line << "event.usage.prompt_tokens" << QByteArray("1.50");
    QTest::addRow("exponent as written") << line << "event.usage.completion_tokens" << QByteArray("2e3");
    QTest::addRow("object") << line << "event.usage"
                            << QByteArray(
                                   R"({"prompt_tokens":1.50,"completion_tokens":2e3,"total_tokens":12})");
    QTest::addRow("string") << line << "session_id" << QByteArray(R"("s")");
    QTest::addRow("missing") << line << "event.nope" << QByteArray();
    QTest::addRow("through a number") << line << "seq.x" << QByteArray();
    QTest::addRow("index on object") << line << "event[0]" << QByteArray();
    const QByteArray arrays = R"({"a":[[1,2],[3,[4,"x]"]],{"b":[true,null]}]})";
    QTest::addRow("nested arrays") << arrays << "a[1][1][1]" << QByteArray(R"("x]")");
    QTest::addRow("array in object in array") << arrays << "a[2].b[1]" << QByteArray("null");
    QTest::addRow("index past the end") << arrays << "a[3]" << QByteArray();
    const QByteArray escaped = R"({"a\u002eb":1,"q\"k":{"x":2},"a.b":3})";
    QTest::addRow("escaped key") << escaped << "[\"a.b\"]" << QByteArray("1"); // the first of two
    QTest::addRow("escaped quote key") << escaped << "[\"q\\\"k\"].x" << QByteArray("2");
    const QByteArray indented = JsonPretty::format(view(line));
    QTest::addRow("indented") << indented << "event.usage.completion_tokens" << QByteArray("2e3");
    QTest::addRow("string with braces") << QByteArray(R"({"a":"{[\"","b":[1]})") << "b[0]" << QByteArray("1");
    QTest::addRow("torn") << QByteArray(R"({"a":{"b":)") << "a.b" << QByteArray();
    QTest::addRow("not json") << QByteArray("hello") << "a" << QByteArray();
}

void tst_JsonPath::locatesValues()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, path);
    QFETCH(QByteArray, token);
    const auto parsed = parse(path);
    QVERIFY(parsed);
    const auto found = locate(view(json), *parsed);
    if (token.isEmpty()) {
        QVERIFY(!found);
        return;
    }
    QVERIFY(found);
    QCOMPARE(json.mid(qsizetype(found->first), qsizetype(found->second - found->first)), token);
}

void tst_JsonPath::compacts()
{
    bool cut = true;
    QCOMPARE(compact("{ \"a b\" : [ 1 , 2 ] }", 100, &cut), QByteArray(R"({"a b":[1,2]})"));
    QVERIFY(!cut);
    QCOMPARE(compact("[1, 2, 3, 4]", 3, &cut), QByteArray("[1,"));
    QVERIFY(cut);
    // Never inside a UTF-8 sequence: "é" is two bytes.
    QCOMPARE(compact("\"ééé\"", 2, &cut), QByteArray("\"\xc3\xa9"));
    QVERIFY(cut);
    QCOMPARE(compact("[1]   ", 3, &cut), QByteArray("[1]"));
    QVERIFY(!cut);
}

void tst_JsonPath::hitsInIndentedJson_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QByteArray>("needle"); // the click lands on the first occurrence, plus `offset`
    QTest::addColumn<int>("offset");
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("kind");
    const QByteArray complete =
        R"({"seq":7,"session_id":"s","event":{"type":"complete","usage":{"prompt_tokens":5,"total_tokens":12}}})";
    QTest::addRow("on a key") << complete << QByteArray("\"total_tokens\"") << 3 << "event.usage.total_tokens"
                              << int(TokenKind::Key);
    QTest::addRow("on a value") << complete << QByteArray("12") << 1 << "event.usage.total_tokens"
                                << int(TokenKind::Bare);
    QTest::addRow("in the indent") << complete << QByteArray("\"prompt_tokens\"") << -2
                                   << "event.usage.prompt_tokens" << int(TokenKind::Key);
    QTest::addRow("after the comma") << complete << QByteArray("5,") << 1 << "event.usage.prompt_tokens"
                                     << int(TokenKind::Bare);
    QTest::addRow("opening brace") << complete << QByteArray("{\n      \"prompt") << 0 << "event.usage"
                                   << int(TokenKind::Open);
    QTest::addRow("top brace") << complete << QByteArray("{") << 0 << "" << int(TokenKind::Open);
    const QByteArray tasks = R"({"event":{"task_list":{"items":[{"id":"a","status":"pending"},)"
                             R"({"id":"b","status":"blocked","depends_on":[["x","y"],["z"]]}]}}})";
    QTest::addRow("array item") << tasks << QByteArray("\"blocked\"") << 2
                                << "event.task_list.items[1].status" << int(TokenKind::String);
    QTest::addRow("nested arrays") << tasks << QByteArray("\"z\"") << 1
                                   << "event.task_list.items[1].depends_on[1][0]" << int(TokenKind::String);
    QTest::addRow("closing bracket") << tasks << QByteArray("\"y\"\n") << 10
                                     << "event.task_list.items[1].depends_on[0]" << int(TokenKind::Close);
    const QByteArray escaped = R"({"a.b":{"q\"k":1,"\u00e9":[true]}})";
    QTest::addRow("dotted key") << escaped << QByteArray("1") << 0 << "[\"a.b\"][\"q\\\"k\"]"
                                << int(TokenKind::Bare);
    QTest::addRow("escaped key") << escaped << QByteArray("true") << 2 << QString::fromUtf8("[\"a.b\"].é[0]")
                                 << int(TokenKind::Bare);
    QTest::addRow("empty container") << QByteArray(R"({"a":{},"b":[]})") << QByteArray("[]") << 1 << "b"
                                     << int(TokenKind::Close);
}

void tst_JsonPath::hitsInIndentedJson()
{
    QFETCH(QByteArray, line);
    QFETCH(QByteArray, needle);
    QFETCH(int, offset);
    QFETCH(QString, path);
    QFETCH(int, kind);
    const QByteArray text = JsonPretty::format(view(line));
    const qsizetype found = text.indexOf(needle);
    QVERIFY2(found >= 0, text.constData());
    const auto hit = hitIn(text, found + offset);
    QVERIFY(hit);
    QVERIFY(hit->known);
    QCOMPARE(int(hit->kind), kind);
    QCOMPARE(pathText(text, *hit), path);
}

void tst_JsonPath::hitsFromACheckpoint()
{
    // A long array: checkpoints part way give the same paths as a scan from the start.
    QByteArray line = "{\"a\":[";
    for (int i = 0; i < 500; ++i)
        line += (i ? "," : "") + QByteArray(R"({"k":[)") + QByteArray::number(i) + "]}";
    line += "]}";
    const QByteArray text = JsonPretty::format(view(line));
    std::vector<qsizetype> starts{0};
    for (qsizetype p = text.indexOf('\n', 1000); p >= 0; p = text.indexOf('\n', p + 1000))
        starts.push_back(p + 1);
    const std::vector<ScanState> states = checkpoints(view(text), starts);
    QCOMPARE(states.size(), starts.size());
    const qsizetype pos = text.indexOf("\n        417\n") + 9;
    QVERIFY(pos > 9);
    size_t page = 0;
    while (page + 1 < starts.size() && starts[page + 1] <= pos)
        ++page;
    QVERIFY(page > 0);
    const qsizetype lineBegin = text.lastIndexOf('\n', pos) + 1;
    const auto hit =
        hitAt(view(text), states[page], starts[page], lineBegin, text.indexOf('\n', pos), pos, text.size());
    QVERIFY(hit);
    QCOMPARE(pathText(text, *hit), QStringLiteral("a[417].k[0]"));
    QCOMPARE(text.mid(hit->begin, hit->end - hit->begin), QByteArray("417"));
}

void tst_JsonPath::deepNestingIsUnknownNotWrong()
{
    const QByteArray line = "{\"a\":" + QByteArray(ScanState::MaxDepth + 10, '[') + "1" +
                            QByteArray(ScanState::MaxDepth + 10, ']') + ",\"b\":2}";
    const QByteArray text = JsonPretty::format(view(line));
    const auto deep = hitIn(text, text.indexOf("1\n"));
    QVERIFY(deep);
    QVERIFY(!deep->known);
    const auto after = hitIn(text, text.indexOf("\"b\""));
    QVERIFY(after);
    QVERIFY(after->known); // the scan came back out of the depths whole
    QCOMPARE(pathText(text, *after), QStringLiteral("b"));
}

void tst_JsonPath::garbageNeverCrashes()
{
    for (const QByteArray &text : {QByteArray("]]]}}},,::\"\\"), QByteArray("{\"a\":"), QByteArray("\"open"),
                                   QByteArray("{{{{"), QByteArray(), QByteArray("nul tru 12 ,")}) {
        for (qsizetype pos = 0; pos <= text.size(); ++pos)
            (void)hitAt(view(text), ScanState(), 0, 0, text.size(), pos, text.size());
        (void)checkpoints(view(text), {0, text.size() / 2, text.size()});
        (void)locate(view(text), {key("a"), at(0)});
        (void)valueEnd(view(text), 0);
    }
}

QTEST_GUILESS_MAIN(tst_JsonPath)
#include "tst_jsonpath.moc"
