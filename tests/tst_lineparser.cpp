// SPDX-License-Identifier: MIT
#include "eventrecord.h"
#include "lineparser.h"

#include <QTest>

#include <vector>

class tst_LineParser : public QObject
{
    Q_OBJECT
private slots:
    void rule_data();
    void rule();
    void fields();
    void hugeLine();
    void reasonsHaveText();
};

namespace {

LineParser::Result parse(LineParser &parser, const QByteArray &line)
{
    // The parser needs padding after the line: give it a buffer with garbage there.
    std::vector<char> buffer(size_t(line.size()) + LineParser::Padding, '}');
    std::copy(line.begin(), line.end(), buffer.begin());
    return parser.parse(buffer.data(), size_t(line.size()));
}

const QByteArray Good =
    R"({"seq":42,"ts":"2026-11-20T09:00:01.572000931Z","session_id":"sess-1a2b","event":{"type":"message_appended","session_id":"sess-1a2b","message_id":"msg-7","role":"assistant","content":"hi","created_at":"2026-11-20T09:00:01Z"}})";

} // namespace

Q_DECLARE_METATYPE(LineParser::Kind)
Q_DECLARE_METATYPE(LineParser::Reason)

void tst_LineParser::rule_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<LineParser::Kind>("kind");
    QTest::addColumn<LineParser::Reason>("reason");
    QTest::addColumn<quint64>("seq");
    QTest::addColumn<int>("flags");
    using K = LineParser::Kind;
    using R = LineParser::Reason;
    const int unknown = EventRecord::UnknownType;
    QTest::addRow("server line") << Good << K::Event << R::None << quint64(42) << 0;
    QTest::addRow("empty") << QByteArray() << K::Empty << R::None << quint64(0) << 0;
    QTest::addRow("white space") << QByteArray(" \t\r\f\v ") << K::Empty << R::None << quint64(0) << 0;
    QTest::addRow("padded") << ("  " + Good + " \t") << K::Event << R::None << quint64(42) << 0;
    QTest::addRow("trailing CR") << (Good + "\r") << K::Event << R::None << quint64(42) << 0;
    QTest::addRow("keys reordered")
        << QByteArray(
               R"({"event":{"session_id":null,"type":"complete"},"session_id":null,"ts":"2026-11-20T09:00:01Z","seq":7})")
        << K::Event << R::None << quint64(7) << 0;
    QTest::addRow("u64 max")
        << QByteArray(R"({"seq":18446744073709551615,"ts":"2026-11-20T09:00:01Z","event":{"type":"error"}})")
        << K::Event << R::None << quint64(18446744073709551615ULL) << 0;
    QTest::addRow("above i64")
        << QByteArray(R"({"seq":9223372036854775808,"ts":"2026-11-20T09:00:01Z","event":{"type":"error"}})")
        << K::Event << R::None << quint64(9223372036854775808ULL) << 0;
    QTest::addRow("seq exact, not via double")
        << QByteArray(R"({"seq":9007199254740993,"ts":"2026-11-20T09:00:01Z","event":{"type":"error"}})")
        << K::Event << R::None << quint64(9007199254740993ULL) << 0;
    QTest::addRow("past u64") << QByteArray(R"({"seq":18446744073709551616,"event":{"type":"error"}})")
                              << K::Malformed << R::BadNumber << quint64(0) << 0;
    QTest::addRow("negative") << QByteArray(R"({"seq":-1,"event":{"type":"error"}})") << K::Malformed
                              << R::SeqNotUnsigned << quint64(0) << 0;
    QTest::addRow("minus zero") << QByteArray(R"({"seq":-0,"event":{"type":"error"}})") << K::Malformed
                                << R::SeqNotUnsigned << quint64(0) << 0;
    QTest::addRow("minus zero spaced") << QByteArray(R"({"seq" : -0,"event":{"type":"error"}})")
                                       << K::Malformed << R::SeqNotUnsigned << quint64(0) << 0;
    QTest::addRow("fraction") << QByteArray(R"({"seq":1.0,"event":{"type":"error"}})") << K::Malformed
                              << R::SeqNotUnsigned << quint64(0) << 0;
    QTest::addRow("exponent") << QByteArray(R"({"seq":1e3,"event":{"type":"error"}})") << K::Malformed
                              << R::SeqNotUnsigned << quint64(0) << 0;
    QTest::addRow("string seq") << QByteArray(R"({"seq":"1","event":{"type":"error"}})") << K::Malformed
                                << R::SeqNotUnsigned << quint64(0) << 0;
    QTest::addRow("plus sign") << QByteArray(R"({"seq":+1,"event":{"type":"error"}})") << K::Malformed
                               << R::NotJson << quint64(0) << 0;
    QTest::addRow("leading zero") << QByteArray(R"({"seq":01,"event":{"type":"error"}})") << K::Malformed
                                  << R::BadNumber << quint64(0) << 0;
    QTest::addRow("NaN") << QByteArray(R"({"seq":1,"x":NaN,"event":{"type":"error"}})") << K::Malformed
                         << R::NotJson << quint64(0) << 0;
    QTest::addRow("Infinity") << QByteArray(R"({"seq":1,"x":Infinity,"event":{"type":"error"}})")
                              << K::Malformed << R::NotJson << quint64(0) << 0;
    QTest::addRow("no seq") << QByteArray(R"({"event":{"type":"error"}})") << K::Malformed << R::MissingSeq
                            << quint64(0) << 0;
    QTest::addRow("no event") << QByteArray(R"({"seq":1})") << K::Malformed << R::MissingEvent << quint64(0)
                              << 0;
    QTest::addRow("event string") << QByteArray(R"({"seq":1,"event":"error"})") << K::Malformed
                                  << R::EventNotObject << quint64(0) << 0;
    QTest::addRow("no type") << QByteArray(R"({"seq":1,"event":{}})") << K::Malformed << R::MissingType
                             << quint64(0) << 0;
    QTest::addRow("type number") << QByteArray(R"({"seq":1,"event":{"type":5}})") << K::Malformed
                                 << R::TypeNotString << quint64(0) << 0;
    QTest::addRow("array") << QByteArray(R"([1,2])") << K::Malformed << R::NotObject << quint64(0) << 0;
    QTest::addRow("scalar") << QByteArray("42") << K::Malformed << R::NotObject << quint64(0) << 0;
    QTest::addRow("torn") << QByteArray(R"({"seq":4,"ts":"broke)") << K::Malformed << R::NotJson << quint64(0)
                          << 0;
    QTest::addRow("two objects") << (Good + Good) << K::Malformed << R::NotJson << quint64(0) << 0;
    QTest::addRow("trailing garbage") << (Good + "x") << K::Malformed << R::NotJson << quint64(0) << 0;
    QTest::addRow("BOM") << ("\xEF\xBB\xBF" + Good) << K::Malformed << R::NotJson << quint64(0) << 0;
    QTest::addRow("NUL run") << QByteArray(64, '\0') << K::Malformed << R::NotJson << quint64(0) << 0;
    QTest::addRow("invalid UTF-8") << QByteArray(
                                          "{\"seq\":1,\"x\":\"\xff\xfe\",\"event\":{\"type\":\"error\"}}")
                                   << K::Malformed << R::InvalidUtf8 << quint64(0) << 0;
    QTest::addRow("overlong UTF-8") << QByteArray(
                                           "{\"seq\":1,\"x\":\"\xc0\xaf\",\"event\":{\"type\":\"error\"}}")
                                    << K::Malformed << R::InvalidUtf8 << quint64(0) << 0;
    QTest::addRow("deep nesting") << ("{\"seq\":1,\"x\":" + QByteArray(100000, '[') +
                                      QByteArray(100000, ']') + ",\"event\":{\"type\":\"error\"}}")
                                  << K::Malformed << R::TooDeep << quint64(0) << 0;
    QTest::addRow("unknown type")
        << QByteArray(
               R"({"seq":3,"ts":"2026-11-20T09:00:01Z","session_id":null,"event":{"type":"brand_new"}})")
        << K::Event << R::None << quint64(3) << unknown;
    QTest::addRow("bad ts") << QByteArray(R"({"seq":3,"ts":"yesterday","event":{"type":"error"}})")
                            << K::Event << R::None << quint64(3) << int(EventRecord::BadTimestamp);
    QTest::addRow("no ts") << QByteArray(R"({"seq":3,"event":{"type":"error"}})") << K::Event << R::None
                           << quint64(3) << int(EventRecord::BadTimestamp);
    QTest::addRow("session number")
        << QByteArray(R"({"seq":3,"ts":"2026-11-20T09:00:01Z","session_id":5,"event":{"type":"error"}})")
        << K::Event << R::None << quint64(3) << int(EventRecord::BadSessionId);
    QTest::addRow("duplicate seq key")
        << QByteArray(R"({"seq":3,"seq":4,"ts":"2026-11-20T09:00:01Z","event":{"type":"error"}})") << K::Event
        << R::None << quint64(3) << int(EventRecord::DuplicateField);
}

void tst_LineParser::rule()
{
    QFETCH(QByteArray, line);
    QFETCH(LineParser::Kind, kind);
    QFETCH(LineParser::Reason, reason);
    QFETCH(quint64, seq);
    QFETCH(int, flags);
    LineParser parser;
    const LineParser::Result r = parse(parser, line);
    QCOMPARE(r.kind, kind);
    QCOMPARE(r.reason, reason);
    if (kind == LineParser::Kind::Event) {
        QCOMPARE(r.seq, seq);
        QCOMPARE(int(r.flags), flags);
    }
}

void tst_LineParser::fields()
{
    LineParser parser;
    const LineParser::Result r = parse(parser, Good);
    QCOMPARE(r.type, std::string_view("message_appended"));
    QVERIFY(r.hasSession);
    QCOMPARE(r.session, std::string_view("sess-1a2b"));
    QCOMPARE(r.tsNanos, qint64(1795165201572000931));
    const LineParser::Result nullSession = parse(
        parser, R"({"seq":1,"ts":"2026-11-20T09:00:01Z","session_id":null,"event":{"type":"complete"}})");
    QVERIFY(!nullSession.hasSession);
    QCOMPARE(int(nullSession.flags), 0);
}

void tst_LineParser::hugeLine()
{
    // Multi-MiB content is normal, not an error.
    const QByteArray content(8 << 20, 'x');
    const QByteArray line =
        R"({"seq":9,"ts":"2026-11-20T09:00:01Z","session_id":"s","event":{"type":"message_appended","content":")" +
        content + "\"}}";
    LineParser parser;
    const LineParser::Result r = parse(parser, line);
    QCOMPARE(r.kind, LineParser::Kind::Event);
    QCOMPARE(r.seq, quint64(9));
}

void tst_LineParser::reasonsHaveText()
{
    for (int i = int(LineParser::Reason::InvalidUtf8); i <= int(LineParser::Reason::TypeNotString); ++i) {
        QVERIFY(!LineParser::reasonText(LineParser::Reason(i)).isEmpty());
        QVERIFY(QByteArray(LineParser::reasonKey(LineParser::Reason(i))) != "unknown");
    }
}

QTEST_GUILESS_MAIN(tst_LineParser)
#include "tst_lineparser.moc"
