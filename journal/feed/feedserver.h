// SPDX-License-Identifier: MIT
#pragma once

#include "feedendpoint.h"

#include <QByteArray>
#include <QHostAddress>
#include <QObject>
#include <QString>

#include <memory>

class QTcpServer;

// The server's side of GET /api/v1/stream (and /api/v1/health) over an events directory, for the simulator
// and for tests: what a client of the real server sees, rule for rule (docs/FORMAT.md).
//
// The cursor is the Last-Event-ID header when it parses as a u64, else ?since=N (400 when that does not
// parse), else 0. A connection subscribes to live events first, then its replay is planned on a worker:
// a cursor > 0 whose next seq is older than the oldest retained file gets a feed_reset frame and no replay;
// otherwise read_since(dir, cursor) is replayed, and when that read fails the error is logged and nothing is
// replayed. Live events at or below the last replayed seq are dropped. Frames are "id: <seq>" and
// "data: <the line, trimmed, white space outside strings removed>" (the server re-serialises with serde,
// which writes compact JSON); keepalives ("data: [KEEPALIVE]") go out every keepalive interval once live.
// A client that falls more than 4096 live events behind is refilled with read_since from its last sent seq.
// The body is chunked, as the server's HTTP/1.1 stack sends it. Local hosts (by the Host header) pass
// without credentials; with required credentials every request needs them, as a remote server wants.
//
// Lives on the thread that created it (an event loop); replays are read on the global thread pool.
class FeedServer : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        QHostAddress address = QHostAddress(QHostAddress::LocalHost);
        quint16 port = 0;
        int keepaliveMs = 15000;
        int liveBuffer = 4096;
        FeedCredentials required; // empty: local hosts pass, others get 401
    };

    explicit FeedServer(const QString &eventsDir, QObject *parent = nullptr);
    ~FeedServer() override;

    bool listen(const Options &options, QString *error);
    quint16 port() const;
    QString eventsDir() const { return m_dir; }
    // The writer appended this line: send it to every live stream.
    void publish(quint64 seq, const QByteArray &line);
    // The newest seq the writer holds (where a feed_reset goes live from).
    void setLatestSeq(quint64 seq) { m_latest = seq; }
    int streamCount() const;
    qint64 requestCount() const { return m_requests; }

Q_SIGNALS:
    // One line per request and per replay problem, for a log.
    void logged(const QString &line);

private:
    struct Stream;
    void accept();
    void readRequest(Stream *s);
    void respond(Stream *s, int status, const QByteArray &reason, const QByteArray &type,
                 const QByteArray &body);
    void startReplay(Stream *s, quint64 cursor, bool planReset);
    void pump(Stream *s);
    void writeFrames(Stream *s, const QByteArray &frames);
    void close(Stream *s);

    QString m_dir;
    Options m_options;
    QTcpServer *m_server;
    std::vector<std::unique_ptr<Stream>> m_streams;
    quint64 m_latest = 0;
    qint64 m_requests = 0;
};
