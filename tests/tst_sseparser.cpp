// SPDX-License-Identifier: MIT
#include "sseparser.h"

#include <QTest>

class tst_SseParser : public QObject
{
    Q_OBJECT
private slots:
    void frames_data();
    void frames();
    void everySplitGivesTheSameFrames();
    void largeFrameInSmallPieces();
    void oversizeFrameIsSkippedWhole();
    void pendingBytesOfAnUnfinishedFrame();
};

namespace {

QList<SseFrame> parseAll(const QByteArray &bytes)
{
    SseParser p;
    QList<SseFrame> out;
    p.feed(bytes, &out);
    return out;
}

QByteArray describe(const QList<SseFrame> &frames)
{
    QByteArray out;
    for (const SseFrame &f : frames)
        out += "[" + (f.hasId ? "id=" + f.id + " " : QByteArray()) +
               (f.hasData ? "data=" + f.data : QByteArray("-")) +
               (f.event.isEmpty() ? QByteArray() : " event=" + f.event) + "]";
    return out;
}

} // namespace

void tst_SseParser::frames_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QByteArray>("expected");
    QTest::addRow("one event") << QByteArray("id: 1\ndata: {\"a\":1}\n\n")
                               << QByteArray("[id=1 data={\"a\":1}]");
    QTest::addRow("crlf") << QByteArray("id: 1\r\ndata: x\r\n\r\n") << QByteArray("[id=1 data=x]");
    QTest::addRow("lone cr") << QByteArray("id: 1\rdata: x\r\r") << QByteArray("[id=1 data=x]");
    QTest::addRow("no space after colon") << QByteArray("data:x\n\n") << QByteArray("[data=x]");
    QTest::addRow("only one space dropped") << QByteArray("data:  x\n\n") << QByteArray("[data= x]");
    QTest::addRow("several data lines") << QByteArray("data: a\ndata: b\n\n") << QByteArray("[data=a\nb]");
    QTest::addRow("comment") << QByteArray(": keep\n\ndata: x\n\n") << QByteArray("[data=x]");
    QTest::addRow("unterminated frame") << QByteArray("data: x\n") << QByteArray();
    QTest::addRow("blank lines alone") << QByteArray("\n\n\n") << QByteArray();
    QTest::addRow("id with NUL ignored")
        << QByteArray("id: 1\0002\ndata: x\n\n", 17) << QByteArray("[data=x]");
    QTest::addRow("field without colon") << QByteArray("data\n\n") << QByteArray("[data=]");
    QTest::addRow("event and retry") << QByteArray("event: e\nretry: 5\ndata: x\n\n")
                                     << QByteArray("[data=x event=e]");
    QTest::addRow("byte order mark") << QByteArray("\xEF\xBB\xBF"
                                                   "data: x\n\n")
                                     << QByteArray("[data=x]");
    QTest::addRow("keepalive and reset")
        << QByteArray("data: [KEEPALIVE]\n\ndata: {\"type\":\"feed_reset\",\"from_seq\":3}\n\n")
        << QByteArray("[data=[KEEPALIVE]][data={\"type\":\"feed_reset\",\"from_seq\":3}]");
}

void tst_SseParser::frames()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QByteArray, expected);
    QCOMPARE(describe(parseAll(bytes)), expected);
}

void tst_SseParser::everySplitGivesTheSameFrames()
{
    const QByteArray bytes =
        "\xEF\xBB\xBFid: 1\r\ndata: {\"seq\":1}\r\n\r\n: c\rid: 2\rdata: a\rdata: b\r\rid: 3\n"
        "data: [KEEPALIVE]\n\n";
    const QByteArray whole = describe(parseAll(bytes));
    QCOMPARE(whole, QByteArray("[id=1 data={\"seq\":1}][id=2 data=a\nb][id=3 data=[KEEPALIVE]]"));
    for (qsizetype cut = 0; cut <= bytes.size(); ++cut) {
        SseParser p;
        QList<SseFrame> out;
        p.feed(bytes.left(cut), &out);
        p.feed(bytes.mid(cut), &out);
        QCOMPARE(describe(out), whole);
    }
    // And a byte at a time.
    SseParser p;
    QList<SseFrame> out;
    for (const char c : bytes)
        p.feed(&c, 1, &out);
    QCOMPARE(describe(out), whole);
}

void tst_SseParser::largeFrameInSmallPieces()
{
    const QByteArray data(10 * 1024 * 1024, 'y');
    const QByteArray bytes = "id: 9\ndata: " + data + "\n\n";
    SseParser p;
    QList<SseFrame> out;
    for (qsizetype at = 0; at < bytes.size(); at += 1000)
        p.feed(bytes.constData() + at, std::min<qsizetype>(1000, bytes.size() - at), &out);
    QCOMPARE(out.size(), 1);
    QCOMPARE(out[0].data.size(), data.size());
    QVERIFY(out[0].data == data);
    QCOMPARE(out[0].bytes, bytes.size());
}

void tst_SseParser::oversizeFrameIsSkippedWhole()
{
    SseParser p(100);
    QList<SseFrame> out;
    const QByteArray bytes = "id: 1\ndata: " + QByteArray(500, 'z') + "\n\nid: 2\ndata: ok\n\n";
    for (qsizetype at = 0; at < bytes.size(); at += 7)
        p.feed(bytes.mid(at, 7), &out);
    QCOMPARE(out.size(), 2);
    QVERIFY(out[0].oversize);
    QVERIFY(out[0].data.isEmpty());
    QVERIFY(out[0].bytes > 500);
    QVERIFY(!out[1].oversize);
    QCOMPARE(out[1].data, QByteArray("ok"));
}

void tst_SseParser::pendingBytesOfAnUnfinishedFrame()
{
    SseParser p;
    QList<SseFrame> out;
    p.feed(QByteArray("id: 1\ndata: {\"se"), &out);
    QVERIFY(out.isEmpty());
    QCOMPARE(p.pendingBytes(), 16);
    p.reset();
    QCOMPARE(p.pendingBytes(), 0);
    p.feed(QByteArray("data: x\n\n"), &out);
    QCOMPARE(describe(out), QByteArray("[data=x]"));
}

QTEST_GUILESS_MAIN(tst_SseParser)
#include "tst_sseparser.moc"
