// SPDX-License-Identifier: MIT
#include "jsonpretty.h"

#include <QTest>

#include <atomic>

using JsonPretty::Token;

// Bodies live outside the class: moc reads the class and stops at raw string literals with braces in them.
class tst_JsonPretty : public QObject
{
    Q_OBJECT
private slots:
    void keepsOrderNumbersAndEscapes();
    void survivesGarbage();
    void deepNestingStaysLinear();
    void outlineMatchesFormatWhenNothingIsCut();
    void outlineCutsLongStrings_data();
    void outlineCutsLongStrings();
    void outlineCutsAHugeUnterminatedString();
    void outlineStopsWhenCancelled();
    void lexClassifiesTokens();
    void lexSurvivesGarbage();
    void unescapeDecodes_data();
    void unescapeDecodes();
    void unescapeALargeString();
};

void tst_JsonPretty::keepsOrderNumbersAndEscapes()
{
    const QByteArray in =
        R"({"seq":18446744073709551615,"event":{"type":"x","a":[1,2.50,{}],"s":"q\"{,}:[\\","e":[]}})";
    const QByteArray expected = "{\n"
                                "  \"seq\": 18446744073709551615,\n"
                                "  \"event\": {\n"
                                "    \"type\": \"x\",\n"
                                "    \"a\": [\n"
                                "      1,\n"
                                "      2.50,\n"
                                "      {}\n"
                                "    ],\n"
                                "    \"s\": \"q\\\"{,}:[\\\\\",\n"
                                "    \"e\": []\n"
                                "  }\n"
                                "}";
    QCOMPARE(JsonPretty::format(in.toStdString()), expected);
}

void tst_JsonPretty::survivesGarbage()
{
    QCOMPARE(JsonPretty::format("}}]]"), QByteArray("\n}\n}\n]\n]"));
    QCOMPARE(JsonPretty::format("\"unterminated"), QByteArray("\"unterminated"));
    QCOMPARE(JsonPretty::format(""), QByteArray());
}

void tst_JsonPretty::deepNestingStaysLinear()
{
    // Each level used to add two spaces to every line below it: 5,000 '[' made 25 MB of blanks.
    const QByteArray in = QByteArray(5000, '[') + '1' + QByteArray(5000, ']');
    const QByteArray out = JsonPretty::format(in.toStdString());
    QVERIFY2(out.size() < in.size() * (JsonPretty::MaxIndentDepth * 2 + 4), QByteArray::number(out.size()));
    QCOMPARE(out.count('['), 5000);
    QCOMPARE(out.count(']'), 5000);
    const QByteArray deepest = QByteArray(JsonPretty::MaxIndentDepth * 2, ' ') + "1\n";
    QVERIFY(out.contains(deepest));
    QVERIFY(!out.contains(QByteArray(QByteArray(" ") + deepest)));
}

void tst_JsonPretty::outlineMatchesFormatWhenNothingIsCut()
{
    const QByteArray in = R"({"seq":1,"event":{"type":"x","a":[1,{"k":"v"}],"e":{}}})";
    const JsonPretty::Outline o = JsonPretty::outline(in.toStdString(), 1000, 500);
    QVERIFY(o.complete);
    QCOMPARE(o.text, JsonPretty::format(in.toStdString()));
    QVERIFY(o.cuts.empty());
    const QList<QByteArray> lines = o.text.split('\n');
    QCOMPARE(qsizetype(o.lineStarts.size()), lines.size());
    qsizetype at = 0;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        QCOMPARE(o.lineStarts[size_t(i)], at);
        at += lines[i].size() + 1;
    }
}

void tst_JsonPretty::outlineCutsLongStrings_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QByteArray>("kept");
    // 10 bytes kept: never half of a UTF-8 sequence or of an escape.
    QTest::addRow("ascii") << QByteArray("abcdefghijklmnopqrstuvwxyz") << QByteArray("abcdefghij");
    QTest::addRow("utf8") << QByteArray("abcdefghi\xC3\xA9xyzxyzxyzxyz") << QByteArray("abcdefghi");
    QTest::addRow("escape") << QByteArray(R"(abcdefghi\"xyzxyzxyzxyz)") << QByteArray("abcdefghi");
    QTest::addRow("unicode escape") << QByteArray(R"(abcdef\u00e9xyzxyzxyzxyz)") << QByteArray("abcdef");
    QTest::addRow("escaped quotes") << QByteArray(R"(\\\\\"\"\"\"\"\"\"\")") << QByteArray(R"(\\\\\"\"\")");
}

void tst_JsonPretty::outlineCutsLongStrings()
{
    QFETCH(QByteArray, content);
    QFETCH(QByteArray, kept);
    const QByteArray in = R"({"content":")" + content + R"(","n":1})";
    const JsonPretty::Outline o = JsonPretty::outline(in.toStdString(), 20, 10);
    QVERIFY(o.complete);
    QCOMPARE(o.cuts.size(), size_t(1));
    const JsonPretty::Cut &cut = o.cuts.front();
    QCOMPARE(in.mid(cut.sourceBegin, cut.sourceEnd - cut.sourceBegin), QByteArray('"' + content + '"'));
    QCOMPARE(in.mid(cut.keyBegin, cut.keyEnd - cut.keyBegin), QByteArray(R"("content")"));
    const QByteArray shown = QByteArray("\"" + kept + "\xE2\x80\xA6\"");
    QCOMPARE(o.text.left(cut.textEnd).right(shown.size()), shown);
    QCOMPARE(o.text, QByteArray("{\n  \"content\": " + shown + ",\n  \"n\": 1\n}"));
}

void tst_JsonPretty::outlineCutsAHugeUnterminatedString()
{
    const QByteArray in = "[\"" + QByteArray(4 << 20, 'x') + "\\\"";
    const JsonPretty::Outline o = JsonPretty::outline(in.toStdString(), 2000, 1000);
    QCOMPARE(o.cuts.size(), size_t(1));
    QCOMPARE(o.cuts.front().sourceEnd, in.size());
    QCOMPARE(o.cuts.front().keyBegin, qsizetype(-1));
    QVERIFY(o.text.size() < 1100);
}

void tst_JsonPretty::outlineStopsWhenCancelled()
{
    QByteArray in = "[";
    for (int i = 0; i < 100000; ++i)
        in += "1,";
    in += "1]";
    std::atomic<bool> cancel{true};
    const JsonPretty::Outline o = JsonPretty::outline(in.toStdString(), 2000, 1000, &cancel);
    QVERIFY(!o.complete);
    QVERIFY(o.text.size() < in.size());
}

void tst_JsonPretty::lexClassifiesTokens()
{
    const QString line = QStringLiteral(R"(  "k\"ey" : "va\\", -1.5e+3, true, null, false, x)");
    const std::vector<JsonPretty::Span> spans = JsonPretty::lex(line);
    QCOMPARE(spans.size(), size_t(6));
    const auto text = [&](size_t i) {
        return line.mid(spans[i].begin, spans[i].length);
    };
    QCOMPARE(text(0), QStringLiteral(R"("k\"ey")"));
    QCOMPARE(spans[0].token, Token::Key);
    QCOMPARE(text(1), QStringLiteral(R"("va\\")"));
    QCOMPARE(spans[1].token, Token::String);
    QCOMPARE(text(2), QStringLiteral("-1.5e+3"));
    QCOMPARE(spans[2].token, Token::Number);
    QCOMPARE(text(3), QStringLiteral("true"));
    QCOMPARE(text(4), QStringLiteral("null"));
    QCOMPARE(text(5), QStringLiteral("false"));
    for (size_t i = 3; i < 6; ++i)
        QCOMPARE(spans[i].token, Token::Literal);
}

void tst_JsonPretty::lexSurvivesGarbage()
{
    QVERIFY(JsonPretty::lex(QStringLiteral("\"")).size() == 1);
    QVERIFY(JsonPretty::lex(QStringLiteral("\"\\")).size() == 1);
    QVERIFY(JsonPretty::lex(QString()).empty());
    QCOMPARE(JsonPretty::lex(QStringLiteral("tru nul fals")).size(), size_t(0));
}

void tst_JsonPretty::unescapeDecodes_data()
{
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<QString>("expected");
    QTest::addRow("plain") << QByteArray(R"("hello")") << QStringLiteral("hello");
    QTest::addRow("no quotes") << QByteArray("hello") << QStringLiteral("hello");
    QTest::addRow("escapes") << QByteArray(R"("a\"b\\c\/d\be\ff\ng\rh\ti")")
                             << QStringLiteral("a\"b\\c/d\be\ff\ng\rh\ti");
    QTest::addRow("bmp") << QByteArray(R"("\u00e9\u4E2D")") << QStringLiteral(u"é中");
    QTest::addRow("pair") << QByteArray(R"("\ud83d\ude00!")") << QStringLiteral(u"😀!");
    QTest::addRow("lone high") << QByteArray(R"("\ud83dx")") << QStringLiteral(u"\uFFFDx");
    QTest::addRow("lone low") << QByteArray(R"("\ude00")") << QStringLiteral(u"\uFFFD");
    QTest::addRow("bad hex") << QByteArray(R"("\u12g4")") << QStringLiteral(u"\uFFFD12g4");
    QTest::addRow("short") << QByteArray(R"("\u12)") << QStringLiteral(u"\uFFFD12");
    QTest::addRow("bad escape") << QByteArray(R"("\q")") << QStringLiteral(u"\uFFFD");
    QTest::addRow("trailing backslash") << QByteArray("\"ab\\") << QStringLiteral(u"ab\uFFFD");
    QTest::addRow("stops at the quote") << QByteArray(R"("ab"cd)") << QStringLiteral("ab");
    QTest::addRow("utf8 kept") << QByteArray("\"caf\xC3\xA9\"") << QStringLiteral(u"café");
}

void tst_JsonPretty::unescapeDecodes()
{
    QFETCH(QByteArray, token);
    QFETCH(QString, expected);
    QCOMPARE(QString::fromUtf8(JsonPretty::unescape(token.toStdString())), expected);
}

void tst_JsonPretty::unescapeALargeString()
{
    QByteArray in = "\"";
    QByteArray expected;
    for (int i = 0; i < 100000; ++i) {
        in += "line\\n";
        expected += "line\n";
    }
    in += '"';
    QCOMPARE(JsonPretty::unescape(in.toStdString()), expected);
}

QTEST_GUILESS_MAIN(tst_JsonPretty)
#include "tst_jsonpretty.moc"
