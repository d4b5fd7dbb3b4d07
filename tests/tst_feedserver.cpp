// SPDX-License-Identifier: MIT
// The server's side of /api/v1/stream as the simulator serves it, seen from a raw HTTP client: the cursor
// rules, feed_reset, a failing replay, subscribe-before-replay, keepalives, lagging clients and access.
#include "feedserver.h"
#include "testjournal.h"

#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace TestJournal;

namespace {

// A client that sends one request and keeps what comes back, the body de-chunked.
class RawClient
{
public:
    RawClient(quint16 port, const QByteArray &request)
    {
        QObject::connect(&m_socket, &QTcpSocket::readyRead, [this] { m_raw += m_socket.readAll(); });
        m_socket.connectToHost(QHostAddress::LocalHost, port);
        m_socket.write(request);
    }
    QByteArray head() const { return m_raw.left(m_raw.indexOf("\r\n\r\n") + 4); }
    int status() const { return head().mid(9, 3).toInt(); }
    QByteArray body() const
    {
        const qsizetype start = m_raw.indexOf("\r\n\r\n");
        if (start < 0)
            return {};
        QByteArray rest = m_raw.mid(start + 4);
        if (!head().toLower().contains("transfer-encoding: chunked"))
            return rest;
        QByteArray out;
        qsizetype at = 0;
        for (;;) {
            const qsizetype eol = rest.indexOf("\r\n", at);
            if (eol < 0)
                break;
            bool ok = false;
            const qsizetype size = rest.mid(at, eol - at).toLongLong(&ok, 16);
            if (!ok || eol + 2 + size + 2 > rest.size())
                break;
            out += rest.mid(eol + 2, size);
            at = eol + 2 + size + 2;
        }
        return out;
    }
    // The seqs of the event frames so far, in order.
    QList<quint64> ids() const
    {
        QList<quint64> out;
        for (const QByteArray &l : body().split('\n')) {
            if (l.startsWith("id: "))
                out.append(l.mid(4).toULongLong());
        }
        return out;
    }
    bool closed() const { return m_socket.state() == QAbstractSocket::UnconnectedState; }

private:
    QTcpSocket m_socket;
    QByteArray m_raw;
};

QByteArray get(const QByteArray &target, const QByteArray &headers = {}, const QByteArray &host = "127.0.0.1")
{
    return "GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\n" + headers + "\r\n";
}

QList<quint64> range(quint64 first, quint64 last)
{
    QList<quint64> out;
    for (quint64 s = first; s <= last; ++s)
        out.append(s);
    return out;
}

} // namespace

class tst_FeedServer : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void framesCarryTheLines();
    void cursorRules_data();
    void cursorRules();
    void feedResetRule();
    void failingReplaySendsNothing();
    void liveEventsDuringTheReplayComeOnce();
    void laggingClientIsRefilledFromTheJournal();
    void keepalivesOnceLive();
    void healthAndOtherPaths();
    void access();

private:
    bool start(FeedServer::Options options = {});
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FeedServer> m_server;
};

void tst_FeedServer::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_server.reset();
}

bool tst_FeedServer::start(FeedServer::Options options)
{
    m_server = std::make_unique<FeedServer>(m_dir->path());
    QString error;
    if (options.keepaliveMs == 15000)
        options.keepaliveMs = 60000; // out of the way unless a test wants it
    const bool ok = m_server->listen(options, &error);
    if (!ok)
        qWarning("%s", qPrintable(error));
    return ok;
}

void tst_FeedServer::framesCarryTheLines()
{
    writeRange(m_dir->path(), 1, 3);
    // A line with white space outside strings and around it goes out compact, as serde writes it.
    appendFile(
        m_dir->filePath(JournalFileName::forStartSeq(1)),
        "  {\"seq\": 4, \"ts\":\"2026-11-20T09:00:01Z\",\"session_id\":null,\"event\":{\"type\":\"error\","
        "\"message\":\"a b\"}}\t\n");
    QVERIFY(start());
    RawClient c(m_server->port(), get("/api/v1/stream"));
    QTRY_COMPARE(c.ids(), range(1, 4));
    QVERIFY(c.head().startsWith("HTTP/1.1 200 OK\r\n"));
    QVERIFY(c.head().contains("Content-Type: text/event-stream\r\n"));
    QVERIFY(c.head().contains("Cache-Control: no-cache\r\n"));
    QVERIFY(c.body().startsWith(QByteArray("id: 1\ndata: " + line(1) + "\n\nid: 2\n")));
    QVERIFY(c.body().endsWith("id: 4\ndata: {\"seq\":4,\"ts\":\"2026-11-20T09:00:01Z\",\"session_id\":null,"
                              "\"event\":{\"type\":\"error\",\"message\":\"a b\"}}\n\n"));
}

void tst_FeedServer::cursorRules_data()
{
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QByteArray>("headers");
    QTest::addColumn<int>("status");
    QTest::addColumn<quint64>("first");
    QTest::addRow("nothing: 0") << QByteArray("/api/v1/stream") << QByteArray() << 200 << quint64(1);
    QTest::addRow("since") << QByteArray("/api/v1/stream?since=5") << QByteArray() << 200 << quint64(6);
    QTest::addRow("header over since")
        << QByteArray("/api/v1/stream?since=5") << QByteArray("Last-Event-ID: 10\r\n") << 200 << quint64(11);
    QTest::addRow("bad header: since")
        << QByteArray("/api/v1/stream?since=3") << QByteArray("Last-Event-ID: x\r\n") << 200 << quint64(4);
    QTest::addRow("header with +") << QByteArray("/api/v1/stream") << QByteArray("Last-Event-ID: +7\r\n")
                                   << 200 << quint64(8);
    QTest::addRow("bad since") << QByteArray("/api/v1/stream?since=abc") << QByteArray() << 400 << quint64(0);
    QTest::addRow("since past the end")
        << QByteArray("/api/v1/stream?since=99") << QByteArray() << 200 << quint64(0);
}

void tst_FeedServer::cursorRules()
{
    QFETCH(QByteArray, target);
    QFETCH(QByteArray, headers);
    QFETCH(int, status);
    QFETCH(quint64, first);
    writeRange(m_dir->path(), 1, 10);
    writeRange(m_dir->path(), 11, 20);
    QVERIFY(start());
    RawClient c(m_server->port(), get(target, headers));
    QTRY_COMPARE(c.status(), status);
    if (first > 0) {
        QTRY_COMPARE(c.ids(), range(first, 20));
    } else if (status == 200) {
        m_server->publish(21, line(21)); // live once the (empty) replay is out
        QTRY_COMPARE(c.ids(), QList<quint64>{21});
    } else {
        QTRY_VERIFY(c.closed());
    }
}

void tst_FeedServer::feedResetRule()
{
    writeRange(m_dir->path(), 10, 20);
    QVERIFY(start());
    {
        RawClient c(m_server->port(), get("/api/v1/stream", "Last-Event-ID: 8\r\n"));
        QTRY_COMPARE(c.body(), QByteArray("data: {\"type\":\"feed_reset\",\"from_seq\":8}\n\n"));
        // It goes live without replaying.
        m_server->publish(21, line(21));
        QTRY_COMPARE(c.ids(), QList<quint64>{21});
    }
    RawClient atTheEdge(m_server->port(), get("/api/v1/stream", "Last-Event-ID: 9\r\n"));
    QTRY_COMPARE(atTheEdge.ids(), range(10, 20));
    RawClient fromZero(m_server->port(), get("/api/v1/stream"));
    QTRY_COMPARE(fromZero.ids(), range(10, 20));
}

void tst_FeedServer::failingReplaySendsNothing()
{
    writeRange(m_dir->path(), 1, 5);
    writeFile(m_dir->filePath(JournalFileName::forStartSeq(6)), line(6) + "\n\xff\xfe\n");
    QVERIFY(start());
    QStringList log;
    connect(m_server.get(), &FeedServer::logged, this, [&log](const QString &l) { log << l; });
    RawClient c(m_server->port(), get("/api/v1/stream"));
    QTRY_VERIFY(log.join(QLatin1Char('\n')).contains(QLatin1String("nothing replayed")));
    QVERIFY(log.join(QLatin1Char('\n')).contains(QLatin1String("events-00000000000000000006.jsonl")));
    QCOMPARE(c.status(), 200);
    QVERIFY(c.ids().isEmpty());
    m_server->publish(7, line(7));
    QTRY_COMPARE(c.ids(), QList<quint64>{7});
}

void tst_FeedServer::liveEventsDuringTheReplayComeOnce()
{
    const QString file = writeRange(m_dir->path(), 1, 20);
    QVERIFY(start());
    // While the replay is being read: the writer appends 21 and hands 20 (again) and 21 to the broadcast.
    // Whether the read sees 21 or not, each seq arrives once.
    connect(m_server.get(), &FeedServer::logged, this, [this, file](const QString &l) {
        if (!l.startsWith(QLatin1String("GET")))
            return;
        appendFile(file, line(21) + '\n');
        m_server->publish(20, line(20));
        m_server->publish(21, line(21));
    });
    RawClient c(m_server->port(), get("/api/v1/stream"));
    QTRY_COMPARE(c.ids(), range(1, 21));
    m_server->publish(22, line(22));
    QTRY_COMPARE(c.ids(), range(1, 22));
}

void tst_FeedServer::laggingClientIsRefilledFromTheJournal()
{
    const QString file = writeRange(m_dir->path(), 1, 20);
    FeedServer::Options options;
    options.liveBuffer = 10;
    QVERIFY(start(options));
    connect(m_server.get(), &FeedServer::logged, this, [this, file](const QString &l) {
        if (!l.startsWith(QLatin1String("GET")))
            return;
        for (quint64 s = 21; s <= 70; ++s) {
            appendFile(file, line(s) + '\n');
            m_server->publish(s, line(s)); // 50 waiting: more than the live buffer holds
        }
    });
    RawClient c(m_server->port(), get("/api/v1/stream"));
    QTRY_COMPARE(c.ids(), range(1, 70));
}

void tst_FeedServer::keepalivesOnceLive()
{
    writeRange(m_dir->path(), 1, 2);
    FeedServer::Options options;
    options.keepaliveMs = 20;
    QVERIFY(start(options));
    RawClient c(m_server->port(), get("/api/v1/stream"));
    QTRY_VERIFY(c.body().count("data: [KEEPALIVE]\n\n") >= 3);
    QVERIFY(c.body().startsWith("id: 1\n"));
    QCOMPARE(c.ids(), range(1, 2));
}

void tst_FeedServer::healthAndOtherPaths()
{
    QVERIFY(start());
    RawClient health(m_server->port(), get("/api/v1/health"));
    QTRY_VERIFY(health.closed());
    QCOMPARE(health.status(), 200);
    QCOMPARE(health.body(), QByteArray("{\"status\":\"ok\"}"));
    RawClient other(m_server->port(), get("/api/v1/streams"));
    QTRY_VERIFY(other.closed());
    QCOMPARE(other.status(), 404);
    RawClient post(m_server->port(), "POST /api/v1/stream HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    QTRY_VERIFY(post.closed());
    QCOMPARE(post.status(), 405);
    RawClient garbage(m_server->port(), "HELLO\r\n\r\n");
    QTRY_VERIFY(garbage.closed());
    QCOMPARE(garbage.status(), 400);
}

void tst_FeedServer::access()
{
    writeRange(m_dir->path(), 1, 2);
    QVERIFY(start());
    RawClient remote(m_server->port(), get("/api/v1/stream", {}, "example.org:8080"));
    QTRY_VERIFY(remote.closed());
    QCOMPARE(remote.status(), 401);
    QCOMPARE(remote.body(), QByteArray("access credential verification required"));
    RawClient lan(m_server->port(), get("/api/v1/stream", {}, "192.168.1.20:8080"));
    QTRY_COMPARE(lan.ids(), range(1, 2));
    RawClient v6(m_server->port(), get("/api/v1/stream", {}, "[::1]:8080"));
    QTRY_COMPARE(v6.ids(), range(1, 2));

    FeedServer::Options options;
    options.required.token = "bd1_0123456789abcdef0123456789abcdef";
    options.required.deviceId = "bamboo_0123456789ab";
    QVERIFY(start(options));
    RawClient without(m_server->port(), get("/api/v1/stream"));
    QTRY_VERIFY(without.closed());
    QCOMPARE(without.status(), 401);
    RawClient wrongId(m_server->port(),
                      get("/api/v1/stream", "Authorization: Bearer " + options.required.token +
                                                "\r\nX-Device-Id: bamboo_000000000000\r\n"));
    QTRY_VERIFY(wrongId.closed());
    QCOMPARE(wrongId.status(), 401);
    RawClient with(m_server->port(), get("/api/v1/stream",
                                         "Authorization: Bearer " + options.required.token +
                                             "\r\nX-Device-Id: " + options.required.deviceId + "\r\n",
                                         "example.org"));
    QTRY_COMPARE(with.ids(), range(1, 2));
}

QTEST_GUILESS_MAIN(tst_FeedServer)
#include "tst_feedserver.moc"
