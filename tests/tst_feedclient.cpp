// SPDX-License-Identifier: MIT
// The feed client against local servers that misbehave on purpose: refused access, errors, redirects,
// silence, a byte at a time, huge frames, data that is not JSON, keepalives only, a stream cut mid-frame.
#include "feedclient.h"
#include "feedserver.h"
#include "scriptedserver.h"
#include "testjournal.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace TestJournal;

namespace {

QByteArray frame(quint64 seq)
{
    return "id: " + QByteArray::number(seq) + "\ndata: " + line(seq) + "\n\n";
}

FeedEndpoint endpointOf(const QString &url)
{
    QString error;
    const auto e = FeedEndpoint::parse(url, &error);
    return e.value_or(FeedEndpoint());
}

// A client with compressed time, and what it said.
struct Run
{
    explicit Run(const QString &url, const FeedCredentials &credentials = {})
        : client(endpointOf(url), credentials)
    {
        FeedClient::Options o;
        o.connectTimeoutMs = 400;
        o.watchdogMs = 450;
        o.backoffMs = 20;
        o.backoffMaxMs = 80;
        client.setOptions(o);
        QObject::connect(&client, &FeedClient::eventsArrived, [this](const QList<FeedEvent> &batch) {
            for (const FeedEvent &e : batch) {
                seqs.append(e.seq);
                lines.append(e.line);
            }
        });
        QObject::connect(&client, &FeedClient::noticed, [this](const FeedNotice &n) { notices.append(n); });
        QObject::connect(&client, &FeedClient::failed, [this](const QString &m) { failure = m; });
    }
    int count(FeedNotice::Kind kind) const
    {
        return int(std::count_if(notices.cbegin(), notices.cend(),
                                 [kind](const FeedNotice &n) { return n.kind == kind; }));
    }
    QString text() const
    {
        QStringList all;
        for (const FeedNotice &n : notices)
            all << n.message;
        return all.join(QLatin1Char('\n'));
    }
    FeedClient client;
    QList<quint64> seqs;
    QList<QByteArray> lines;
    QList<FeedNotice> notices;
    QString failure;
};

QList<quint64> range(quint64 first, quint64 last)
{
    QList<quint64> out;
    for (quint64 s = first; s <= last; ++s)
        out.append(s);
    return out;
}

} // namespace

class tst_FeedClient : public QObject
{
    Q_OBJECT
private slots:
    void sendsCursorAndCredentials();
    void accessRefused();
    void serverErrorIsRetried();
    void redirectWithinTheServer();
    void redirectElsewhereIsRefused();
    void notAnEventStream();
    void silentServerIsDropped();
    void aByteEveryTenMilliseconds();
    void tenMebibyteFrame();
    void dataThatIsNotJson();
    void keepalivesOnlyForTwoMinutes();
    void streamCutMidFrame();
    void feedResetResyncsFromTheStart();
    void replayedSeqsAreNotRepeated();
    void classify_data();
    void classify();
};

void tst_FeedClient::sendsCursorAndCredentials()
{
    ScriptedServer server([](int, const QByteArray &, QTcpSocket *socket) {
        ScriptedServer::streamHead(socket);
        socket->write(frame(8));
    });
    FeedCredentials c;
    c.token = "bd1_0123456789abcdef0123456789abcdef";
    c.deviceId = "bamboo_0123456789ab";
    Run run(server.url(), c);
    run.client.start(7);
    QTRY_COMPARE(run.seqs, QList<quint64>{8});
    const QByteArray request = server.requests().first();
    QVERIFY(request.startsWith("GET /api/v1/stream HTTP/1.1\r\n"));
    QCOMPARE(ScriptedServer::header(request, "Last-Event-ID"), QByteArray("7"));
    QCOMPARE(ScriptedServer::header(request, "Authorization"), "Bearer " + c.token);
    QCOMPARE(ScriptedServer::header(request, "X-Device-Id"), c.deviceId);
    QCOMPARE(ScriptedServer::header(request, "Accept"), QByteArray("text/event-stream"));
    QCOMPARE(run.client.state(), FeedClient::State::Connected);
    QCOMPARE(run.count(FeedNotice::Kind::Connected), 1);
}

void tst_FeedClient::accessRefused()
{
    ScriptedServer server([](int, const QByteArray &, QTcpSocket *socket) {
        ScriptedServer::answer(socket, 401, "Unauthorized", "access credential verification required");
    });
    Run run(server.url());
    run.client.start(0);
    QTRY_VERIFY(!run.failure.isEmpty());
    QCOMPARE(run.client.state(), FeedClient::State::Failed);
    QVERIFY2(run.failure.contains(QLatin1String("401")), qPrintable(run.failure));
    QVERIFY(run.failure.contains(QLatin1String("access credential verification required")));
    QVERIFY(run.failure.contains(QLatin1String("BAMBOO_DEVICE_TOKEN")));
    QVERIFY(run.failure.contains(QLatin1String("BAMBOO_DEVICE_ID")));
    QVERIFY(run.failure.contains(QLatin1String("--token-file")));
    QTest::qWait(100); // retrying cannot fix access: nothing more is asked
    QCOMPARE(server.requests().size(), 1);

    // With credentials the server refused, the message says so and never shows them.
    FeedCredentials c;
    c.token = "bd1_ffffffffffffffffffffffffffffffff";
    c.deviceId = "bamboo_ffffffffffff";
    Run refused(server.url(), c);
    refused.client.start(0);
    QTRY_VERIFY(!refused.failure.isEmpty());
    QVERIFY(refused.failure.contains(QLatin1String("refused this device")));
    QVERIFY(!refused.failure.contains(QLatin1String("ffff")));
}

void tst_FeedClient::serverErrorIsRetried()
{
    ScriptedServer server([](int n, const QByteArray &, QTcpSocket *socket) {
        if (n == 0) {
            ScriptedServer::answer(socket, 500, "Internal Server Error", "boom");
            return;
        }
        ScriptedServer::streamHead(socket);
        socket->write(frame(1) + frame(2));
    });
    Run run(server.url());
    run.client.start(0);
    QTRY_COMPARE(run.seqs, range(1, 2));
    QCOMPARE(server.requests().size(), 2);
    QVERIFY2(run.text().contains(QLatin1String("HTTP 500")), qPrintable(run.text()));
    QCOMPARE(run.count(FeedNotice::Kind::Retrying), 1);
    QVERIFY(run.failure.isEmpty());
}

void tst_FeedClient::redirectWithinTheServer()
{
    ScriptedServer server([](int n, const QByteArray &, QTcpSocket *socket) {
        if (n == 0) {
            ScriptedServer::answer(socket, 307, "Temporary Redirect", {},
                                   "Location: /moved/api/v1/stream\r\n");
            return;
        }
        ScriptedServer::streamHead(socket);
        socket->write(frame(6));
    });
    FeedCredentials c;
    c.token = "bd1_0123456789abcdef0123456789abcdef";
    c.deviceId = "bamboo_0123456789ab";
    Run run(server.url(), c);
    run.client.start(5);
    QTRY_COMPARE(run.seqs, QList<quint64>{6});
    QCOMPARE(server.requests().size(), 2);
    const QByteArray second = server.requests()[1];
    QVERIFY(second.startsWith("GET /moved/api/v1/stream "));
    QCOMPARE(ScriptedServer::header(second, "Last-Event-ID"), QByteArray("5"));
    QCOMPARE(ScriptedServer::header(second, "X-Device-Id"), c.deviceId);
    QCOMPARE(run.count(FeedNotice::Kind::Redirected), 1);
}

void tst_FeedClient::redirectElsewhereIsRefused()
{
    ScriptedServer elsewhere([](int, const QByteArray &, QTcpSocket *socket) {
        ScriptedServer::streamHead(socket);
        socket->write(frame(1));
    });
    const QString target = QStringLiteral("http://localhost:%1/api/v1/stream").arg(elsewhere.port());
    ScriptedServer server([target](int, const QByteArray &, QTcpSocket *socket) {
        ScriptedServer::answer(socket, 302, "Found", {}, "Location: " + target.toUtf8() + "\r\n");
    });
    FeedCredentials c;
    c.token = "bd1_0123456789abcdef0123456789abcdef";
    c.deviceId = "bamboo_0123456789ab";
    Run run(server.url(), c);
    run.client.start(0);
    QTRY_VERIFY(!run.failure.isEmpty());
    QVERIFY2(run.failure.contains(QLatin1String("another server")), qPrintable(run.failure));
    QVERIFY(run.failure.contains(target));
    QTest::qWait(100);
    QCOMPARE(elsewhere.connections(), 0); // the credentials never went there
}

void tst_FeedClient::notAnEventStream()
{
    ScriptedServer server([](int, const QByteArray &, QTcpSocket *socket) {
        socket->write("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 6\r\n\r\n<html>");
    });
    Run run(server.url());
    run.client.start(0);
    QTRY_VERIFY(!run.failure.isEmpty());
    QVERIFY2(run.failure.contains(QLatin1String("not an event stream")), qPrintable(run.failure));
}

void tst_FeedClient::silentServerIsDropped()
{
    // Accepts and reads, never answers.
    ScriptedServer server([](int, const QByteArray &, QTcpSocket *) {});
    Run run(server.url());
    run.client.start(0);
    QTRY_VERIFY(server.connections() >= 3);
    QVERIFY2(run.text().contains(QLatin1String("no answer from")), qPrintable(run.text()));
    QVERIFY(run.count(FeedNotice::Kind::Retrying) >= 2);
    // Backoff doubles up to its ceiling.
    QList<int> delays;
    for (const FeedNotice &n : std::as_const(run.notices)) {
        if (n.kind == FeedNotice::Kind::Retrying)
            delays.append(n.retryMs);
    }
    QCOMPARE(delays.mid(0, 2), (QList<int>{20, 40}));
    QVERIFY(run.failure.isEmpty());
}

void tst_FeedClient::aByteEveryTenMilliseconds()
{
    const QByteArray response = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\n: hello\r\n\r\n" +
                                frame(1) + "data: [KEEPALIVE]\r\n\r\n" + frame(2).replace("\n", "\r\n") +
                                frame(3);
    ScriptedServer server([response](int, const QByteArray &, QTcpSocket *socket) {
        auto *timer = new QTimer(socket);
        auto *at = new qsizetype(0);
        QObject::connect(timer, &QObject::destroyed, [at] { delete at; });
        QObject::connect(timer, &QTimer::timeout, socket, [socket, timer, at, response] {
            if (*at >= response.size()) {
                timer->stop();
                return;
            }
            socket->write(response.mid((*at)++, 1));
        });
        timer->start(10);
    });
    Run run(server.url());
    FeedClient::Options o = run.client.options();
    o.connectTimeoutMs = 5000; // the headers alone take half a second
    run.client.setOptions(o);
    run.client.start(0);
    QTRY_COMPARE_WITH_TIMEOUT(run.seqs, range(1, 3), 20000);
    QCOMPARE(run.lines.value(2), line(3));
    QCOMPARE(run.count(FeedNotice::Kind::Retrying), 0); // bytes kept coming: the watchdog never fired
    QCOMPARE(server.connections(), 1);
}

void tst_FeedClient::tenMebibyteFrame()
{
    QByteArray big = line(2);
    big.insert(big.indexOf("\"event\":{") + 9, "\"content\":\"" + QByteArray(10 * 1024 * 1024, 'x') + "\",");
    QVERIFY(big.size() > 10 * 1024 * 1024);
    ScriptedServer server([big](int, const QByteArray &, QTcpSocket *socket) {
        ScriptedServer::streamHead(socket);
        socket->write(frame(1));
        // In pieces of 64 KiB, as a network delivers it.
        const QByteArray f = "id: 2\ndata: " + big + "\n\n" + frame(3);
        for (qsizetype at = 0; at < f.size(); at += 65536)
            socket->write(f.mid(at, 65536));
    });
    Run run(server.url());
    run.client.start(0);
    QTRY_COMPARE_WITH_TIMEOUT(run.seqs, range(1, 3), 20000);
    QCOMPARE(run.lines[1].size(), big.size());
    QVERIFY(run.lines[1] == big);
    QCOMPARE(run.count(FeedNotice::Kind::InvalidFrame), 0);
}

void tst_FeedClient::dataThatIsNotJson()
{
    ScriptedServer server([](int, const QByteArray &, QTcpSocket *socket) {
        ScriptedServer::streamHead(socket);
        socket->write(frame(1) + "id: 2\ndata: this is not json\n\n" + "data: {\"seq\":\n\n" + frame(3));
    });
    Run run(server.url());
    run.client.start(0);
    QTRY_COMPARE(run.seqs, (QList<quint64>{1, 3}));
    QCOMPARE(run.count(FeedNotice::Kind::InvalidFrame), 2);
    QVERIFY2(run.text().contains(QLatin1String("skipped a frame with id 2: data is not a journal event")),
             qPrintable(run.text()));
    QCOMPARE(run.count(FeedNotice::Kind::Gap), 1); // seq 2 never came as an event
    QVERIFY(run.failure.isEmpty());
}

void tst_FeedClient::keepalivesOnlyForTwoMinutes()
{
    // Two minutes of a live feed with no event, at a hundredth of the time: a keepalive every 150 ms (the
    // server's 15 s) against a 450 ms watchdog (the client's 45 s), for 1.2 s.
    QTemporaryDir dir;
    FeedServer server(dir.path());
    FeedServer::Options options;
    options.keepaliveMs = 150;
    QString error;
    QVERIFY2(server.listen(options, &error), qPrintable(error));
    Run run(QStringLiteral("http://127.0.0.1:%1").arg(server.port()));
    QList<FeedFrame::Kind> kinds;
    QObject::connect(&run.client, &FeedClient::framesReceived, [&kinds](const QList<FeedFrame> &frames) {
        for (const FeedFrame &f : frames)
            kinds.append(f.kind);
    });
    run.client.start(0);
    QTest::qWait(1200);
    QVERIFY2(kinds.size() >= 5, QByteArray::number(kinds.size()));
    QVERIFY(std::all_of(kinds.cbegin(), kinds.cend(),
                        [](FeedFrame::Kind k) { return k == FeedFrame::Kind::Keepalive; }));
    QCOMPARE(run.client.connectionCount(), 1);
    QCOMPARE(run.count(FeedNotice::Kind::Retrying), 0);
    QCOMPARE(run.client.state(), FeedClient::State::Connected);
    QVERIFY(run.seqs.isEmpty());

    // The same without keepalives: the watchdog drops the silent stream and reconnects.
    ScriptedServer silent(
        [](int, const QByteArray &, QTcpSocket *socket) { ScriptedServer::streamHead(socket); });
    Run quiet(silent.url());
    quiet.client.start(0);
    QTRY_VERIFY(silent.connections() >= 2);
    QVERIFY2(quiet.text().contains(QLatin1String("not even a keepalive")), qPrintable(quiet.text()));
}

void tst_FeedClient::streamCutMidFrame()
{
    ScriptedServer server([](int n, const QByteArray &request, QTcpSocket *socket) {
        ScriptedServer::streamHead(socket);
        if (n == 0) {
            const QByteArray third = frame(3);
            socket->write(frame(1) + frame(2) + third.left(third.size() / 2));
            socket->flush();
            socket->abort();
            return;
        }
        // Resumed after what was delivered.
        if (ScriptedServer::header(request, "Last-Event-ID") == "2")
            socket->write(frame(3) + frame(4));
    });
    Run run(server.url());
    run.client.start(0);
    QTRY_COMPARE(run.seqs, range(1, 4));
    QCOMPARE(server.requests().size(), 2);
    QVERIFY2(run.text().contains(QLatin1String("a partial frame of")), qPrintable(run.text()));
}

void tst_FeedClient::feedResetResyncsFromTheStart()
{
    ScriptedServer server([](int n, const QByteArray &request, QTcpSocket *socket) {
        ScriptedServer::streamHead(socket);
        if (n == 0) {
            socket->write("data: {\"type\":\"feed_reset\",\"from_seq\":10}\n\n");
            return; // and the server would go live
        }
        if (ScriptedServer::header(request, "Last-Event-ID").isEmpty())
            socket->write(frame(20) + frame(21) + frame(22));
    });
    Run run(server.url());
    run.client.start(10);
    QTRY_COMPARE(run.seqs, range(20, 22));
    QCOMPARE(run.count(FeedNotice::Kind::Reset), 1);
    QCOMPARE(run.count(FeedNotice::Kind::Gap), 1);
    const auto gap = std::find_if(run.notices.cbegin(), run.notices.cend(),
                                  [](const FeedNotice &n) { return n.kind == FeedNotice::Kind::Gap; });
    QCOMPARE(gap->first, 11u);
    QCOMPARE(gap->last, 19u);
    QCOMPARE(run.client.lastSeq(), 22u);
}

void tst_FeedClient::replayedSeqsAreNotRepeated()
{
    ScriptedServer server([](int, const QByteArray &, QTcpSocket *socket) {
        ScriptedServer::streamHead(socket);
        socket->write(frame(3) + frame(4) + frame(5) + frame(6) + frame(5));
    });
    Run run(server.url());
    run.client.start(4);
    QTRY_COMPARE(run.seqs, range(5, 6));
    QCOMPARE(run.count(FeedNotice::Kind::Duplicates), 2);
}

void tst_FeedClient::classify_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<bool>("hasId");
    QTest::addColumn<int>("kind");
    QTest::addColumn<quint64>("number");
    QTest::addRow("event") << line(42) << true << int(FeedFrame::Kind::Event) << quint64(42);
    QTest::addRow("keepalive") << QByteArray("[KEEPALIVE]") << false << int(FeedFrame::Kind::Keepalive)
                               << quint64(0);
    QTest::addRow("reset") << QByteArray("{\"type\":\"feed_reset\",\"from_seq\":18446744073709551615}")
                           << false << int(FeedFrame::Kind::Reset) << quint64(18446744073709551615ull);
    QTest::addRow("not json") << QByteArray("nope") << true << int(FeedFrame::Kind::Invalid) << quint64(0);
    QTest::addRow("json, no event") << QByteArray("{\"seq\":1}") << true << int(FeedFrame::Kind::Invalid)
                                    << quint64(0);
    QTest::addRow("negative seq") << QByteArray("{\"seq\":-1,\"event\":{\"type\":\"x\"}}") << true
                                  << int(FeedFrame::Kind::Invalid) << quint64(0);
    QTest::addRow("empty") << QByteArray() << true << int(FeedFrame::Kind::Invalid) << quint64(0);
}

void tst_FeedClient::classify()
{
    QFETCH(QByteArray, data);
    QFETCH(bool, hasId);
    QFETCH(int, kind);
    QFETCH(quint64, number);
    SseFrame s;
    s.data = data;
    s.hasData = true;
    s.hasId = hasId;
    s.id = "42";
    const FeedFrame f = FeedClient::classify(s);
    QCOMPARE(int(f.kind), kind);
    if (f.kind == FeedFrame::Kind::Event)
        QCOMPARE(f.seq, number);
    if (f.kind == FeedFrame::Kind::Reset)
        QCOMPARE(f.fromSeq, number);
    if (f.kind == FeedFrame::Kind::Invalid)
        QVERIFY(!f.problem.isEmpty());
}

QTEST_GUILESS_MAIN(tst_FeedClient)
#include "tst_feedclient.moc"
