// SPDX-License-Identifier: MIT
#include "feedserver.h"

#include "journaldirectory.h"
#include "journalfilename.h"
#include "journalreader.h"
#include "lineparser.h"
#include "workerpool.h"

#include <QFutureWatcher>
#include <QHash>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrlQuery>
#include <QtConcurrent/QtConcurrentRun>

#include <simdjson.h>

#include <deque>

namespace {

constexpr qint64 HighWater = qint64(4) << 20; // bytes queued in the socket before live events wait
constexpr qsizetype ChunkBytes = 256 * 1024;
constexpr qsizetype MaxRequestBytes = 16 * 1024;

struct ReplayResult
{
    bool reset = false;
    quint64 cursor = 0;
    std::vector<std::pair<quint64, QByteArray>> lines;
    QString error;
};

// What the server puts in a frame: the line trimmed and compact, as serde writes it.
QByteArray compact(std::string_view line)
{
    const std::string_view trimmed = JournalReader::trimUnicode(line);
    QByteArray out(qsizetype(trimmed.size()), Qt::Uninitialized);
    size_t size = 0;
    if (simdjson::minify(trimmed.data(), trimmed.size(), out.data(), size) != simdjson::SUCCESS)
        return QByteArray(trimmed.data(), qsizetype(trimmed.size()));
    out.truncate(qsizetype(size));
    return out;
}

ReplayResult readReplay(const QString &dir, quint64 cursor, bool planReset)
{
    ReplayResult r;
    r.cursor = cursor;
    const JournalListing listing = JournalDirectory::list(dir);
    if (planReset && cursor > 0) {
        const auto oldest = JournalReader::oldestSeq(listing);
        if (oldest && cursor < std::numeric_limits<quint64>::max() && *oldest > cursor + 1) {
            r.reset = true;
            return r;
        }
    }
    const JournalReader::Status status = JournalReader::readSince(
        listing, cursor, JournalReader::NoLimit, [&](quint64 seq, std::string_view line, int) {
            r.lines.emplace_back(seq, compact(line));
            return true;
        });
    if (!status.ok()) {
        r.lines.clear();
        r.error = status.errorFile.isEmpty() ? status.error
                                             : QStringLiteral("%1: %2").arg(status.errorFile, status.error);
    }
    return r;
}

QByteArray eventFrame(quint64 seq, const QByteArray &line)
{
    return "id: " + QByteArray::number(seq) + "\ndata: " + line + "\n\n";
}

QByteArray chunk(const QByteArray &payload)
{
    return QByteArray::number(payload.size(), 16) + "\r\n" + payload + "\r\n";
}

std::optional<quint64> parseU64(const QByteArray &text)
{
    return JournalFileName::parseU64(std::string_view(text.constData(), size_t(text.size())));
}

// The host part of a Host header: "[::1]:8080" is "::1", "example.org:80" is "example.org".
QString hostOf(const QByteArray &header)
{
    const QByteArray h = header.trimmed();
    if (h.startsWith('[')) {
        const qsizetype close = h.indexOf(']');
        return QString::fromLatin1(h.mid(1, close > 0 ? close - 1 : -1));
    }
    const qsizetype colon = h.lastIndexOf(':');
    return QString::fromLatin1(colon >= 0 && h.count(':') == 1 ? h.left(colon) : h);
}

} // namespace

struct FeedServer::Stream
{
    enum class Phase { Request, Replaying, Live, Closing };
    QTcpSocket *socket = nullptr;
    QByteArray request;
    Phase phase = Phase::Request;
    quint64 floor = 0; // live seqs at or below it were replayed
    quint64 lastSent = 0;
    std::vector<std::pair<quint64, QByteArray>> replay;
    size_t replayAt = 0;
    std::deque<std::pair<quint64, QByteArray>> queue; // live events waiting
    bool lagged = false;
    QTimer *keepalive = nullptr;
    QFutureWatcher<ReplayResult> *watcher = nullptr;
};

FeedServer::FeedServer(const QString &eventsDir, QObject *parent)
    : QObject(parent)
    , m_dir(eventsDir)
    , m_server(new QTcpServer(this))
{
    connect(m_server, &QTcpServer::newConnection, this, &FeedServer::accept);
}

FeedServer::~FeedServer()
{
    for (const auto &s : m_streams) {
        if (s->watcher) {
            s->watcher->disconnect();
            s->watcher->waitForFinished();
        }
        s->socket->disconnect(this);
    }
}

bool FeedServer::listen(const Options &options, QString *error)
{
    m_options = options;
    if (!m_server->listen(options.address, options.port)) {
        *error = QStringLiteral("%1:%2: %3")
                     .arg(options.address.toString())
                     .arg(options.port)
                     .arg(m_server->errorString());
        return false;
    }
    return true;
}

quint16 FeedServer::port() const
{
    return m_server->serverPort();
}

int FeedServer::streamCount() const
{
    int n = 0;
    for (const auto &s : m_streams)
        n += s->phase == Stream::Phase::Replaying || s->phase == Stream::Phase::Live;
    return n;
}

void FeedServer::accept()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        auto stream = std::make_unique<Stream>();
        Stream *s = stream.get();
        s->socket = socket;
        socket->setParent(this);
        m_streams.push_back(std::move(stream));
        connect(socket, &QTcpSocket::readyRead, this, [this, s] { readRequest(s); });
        connect(socket, &QTcpSocket::bytesWritten, this, [this, s] { pump(s); });
        connect(socket, &QTcpSocket::disconnected, this, [this, s] { close(s); });
    }
}

void FeedServer::close(Stream *s)
{
    const auto it =
        std::find_if(m_streams.begin(), m_streams.end(), [s](const auto &p) { return p.get() == s; });
    if (it == m_streams.end())
        return;
    std::unique_ptr<Stream> owned = std::move(*it);
    m_streams.erase(it);
    owned->socket->disconnect(this);
    owned->socket->deleteLater();
    if (owned->keepalive) {
        owned->keepalive->stop();
        owned->keepalive->deleteLater();
    }
    if (owned->watcher) {
        // The read finishes on its own; its result goes nowhere.
        owned->watcher->disconnect();
        QFutureWatcher<ReplayResult> *w = owned->watcher;
        connect(w, &QFutureWatcher<ReplayResult>::finished, w, &QObject::deleteLater);
        if (w->isFinished())
            w->deleteLater();
    }
}

void FeedServer::respond(Stream *s, int status, const QByteArray &reason, const QByteArray &type,
                         const QByteArray &body)
{
    s->phase = Stream::Phase::Closing;
    s->socket->write("HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\nContent-Type: " + type +
                     "\r\nContent-Length: " + QByteArray::number(body.size()) +
                     "\r\nConnection: close\r\n\r\n" + body);
    s->socket->disconnectFromHost();
}

void FeedServer::readRequest(Stream *s)
{
    if (s->phase != Stream::Phase::Request) {
        s->socket->readAll(); // a streaming client has nothing more to say
        return;
    }
    s->request += s->socket->readAll();
    const qsizetype end = s->request.indexOf("\r\n\r\n");
    if (end < 0) {
        if (s->request.size() > MaxRequestBytes)
            respond(s, 431, "Request Header Fields Too Large", "text/plain", "request headers too large");
        return;
    }
    ++m_requests;
    const QList<QByteArray> lines = s->request.left(end).split('\n');
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    QHash<QByteArray, QByteArray> headers;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines[i].indexOf(':');
        if (colon > 0)
            headers.insert(lines[i].left(colon).trimmed().toLower(), lines[i].mid(colon + 1).trimmed());
    }
    if (requestLine.size() != 3 || !requestLine[2].startsWith("HTTP/1.")) {
        respond(s, 400, "Bad Request", "text/plain", "bad request");
        return;
    }
    const QByteArray target = requestLine[1];
    const qsizetype q = target.indexOf('?');
    const QByteArray path = q < 0 ? target : target.left(q);
    const QByteArray query = q < 0 ? QByteArray() : target.mid(q + 1);
    const QString log =
        QStringLiteral("%1 %2").arg(QString::fromLatin1(requestLine[0]), QString::fromLatin1(path));
    if (path != FeedEndpoint::StreamPath && path != FeedEndpoint::HealthPath) {
        Q_EMIT logged(log + QStringLiteral(": 404"));
        respond(s, 404, "Not Found", "text/plain", "not found");
        return;
    }
    if (requestLine[0] != "GET") {
        Q_EMIT logged(log + QStringLiteral(": 405"));
        respond(s, 405, "Method Not Allowed", "text/plain", "method not allowed");
        return;
    }
    // Access: credentials when the server requires them, else a local Host.
    bool allowed;
    if (!m_options.required.isEmpty()) {
        allowed = headers.value("authorization") == "Bearer " + m_options.required.token &&
                  headers.value("x-device-id") == m_options.required.deviceId;
    } else {
        allowed = FeedEndpoint::isLocalHost(hostOf(headers.value("host")));
    }
    if (!allowed) {
        Q_EMIT logged(log + QStringLiteral(": 401"));
        respond(s, 401, "Unauthorized", "text/plain; charset=utf-8",
                "access credential verification required");
        return;
    }
    if (path == FeedEndpoint::HealthPath) {
        respond(s, 200, "OK", "application/json", "{\"status\":\"ok\"}");
        return;
    }
    quint64 cursor = 0;
    if (const auto id = parseU64(headers.value("last-event-id")); headers.contains("last-event-id") && id) {
        cursor = *id;
    } else {
        const QUrlQuery params(QString::fromLatin1(query));
        if (params.hasQueryItem(QStringLiteral("since"))) {
            const auto since =
                parseU64(params.queryItemValue(QStringLiteral("since"), QUrl::FullyDecoded).toUtf8());
            if (!since) {
                Q_EMIT logged(log + QStringLiteral(": 400 (since)"));
                respond(s, 400, "Bad Request", "text/plain; charset=utf-8",
                        "Failed to deserialize query string: since: invalid digit found in string");
                return;
            }
            cursor = *since;
        }
    }
    s->socket->write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
                     "Transfer-Encoding: chunked\r\n\r\n");
    // Subscribe first: live events from now on wait in the queue while the replay is read.
    startReplay(s, cursor, true);
    Q_EMIT logged(QStringLiteral("GET %1 from cursor %2").arg(QString::fromLatin1(path)).arg(cursor));
}

void FeedServer::startReplay(Stream *s, quint64 cursor, bool planReset)
{
    s->phase = Stream::Phase::Replaying;
    s->watcher = new QFutureWatcher<ReplayResult>(this);
    connect(s->watcher, &QFutureWatcher<ReplayResult>::finished, this, [this, s] {
        WorkerPool::takeOver();
        const ReplayResult r = s->watcher->result();
        s->watcher->deleteLater();
        s->watcher = nullptr;
        if (r.reset) {
            writeFrames(s, "data: {\"type\":\"feed_reset\",\"from_seq\":" + QByteArray::number(r.cursor) +
                               "}\n\n");
            s->lastSent = m_latest;
            Q_EMIT logged(
                QStringLiteral("cursor %1 is older than the oldest retained seq: feed_reset").arg(r.cursor));
        } else if (!r.error.isEmpty()) {
            Q_EMIT logged(
                QStringLiteral("replay after %1 failed, nothing replayed: %2").arg(r.cursor).arg(r.error));
            s->lastSent = std::max(s->lastSent, r.cursor);
        } else {
            s->replay = r.lines;
            s->replayAt = 0;
            if (!r.lines.empty())
                s->floor = std::max(s->floor, r.lines.back().first);
            s->lastSent = std::max({s->lastSent, r.cursor, s->floor});
        }
        s->phase = Stream::Phase::Live;
        if (!s->keepalive && m_options.keepaliveMs > 0) {
            s->keepalive = new QTimer(this);
            connect(s->keepalive, &QTimer::timeout, this, [this, s] {
                if (s->socket->bytesToWrite() < HighWater)
                    writeFrames(s, "data: [KEEPALIVE]\n\n");
            });
            s->keepalive->start(m_options.keepaliveMs);
        }
        pump(s);
    });
    const QString dir = m_dir;
    s->watcher->setFuture(
        WorkerPool::run([dir, cursor, planReset] { return readReplay(dir, cursor, planReset); }));
}

void FeedServer::writeFrames(Stream *s, const QByteArray &frames)
{
    s->socket->write(chunk(frames));
}

void FeedServer::pump(Stream *s)
{
    if (s->phase != Stream::Phase::Live)
        return;
    QByteArray frames;
    const auto flush = [&] {
        if (!frames.isEmpty())
            writeFrames(s, frames);
        frames.clear();
    };
    while (s->replayAt < s->replay.size() && s->socket->bytesToWrite() < HighWater) {
        const auto &[seq, line] = s->replay[s->replayAt++];
        frames += eventFrame(seq, line);
        if (frames.size() >= ChunkBytes)
            flush();
    }
    flush();
    if (s->replayAt < s->replay.size())
        return;
    s->replay.clear();
    s->replayAt = 0;
    if (s->lagged) {
        if (s->socket->bytesToWrite() >= HighWater)
            return;
        // Behind by more than the live buffer: what it missed comes from the journal.
        s->lagged = false;
        s->queue.clear();
        startReplay(s, s->lastSent, false);
        return;
    }
    while (!s->queue.empty() && s->socket->bytesToWrite() < HighWater) {
        auto [seq, line] = std::move(s->queue.front());
        s->queue.pop_front();
        if (seq <= s->floor)
            continue;
        frames += eventFrame(seq, line);
        s->lastSent = seq;
        if (frames.size() >= ChunkBytes)
            flush();
    }
    flush();
}

void FeedServer::publish(quint64 seq, const QByteArray &line)
{
    m_latest = std::max(m_latest, seq);
    for (const auto &p : m_streams) {
        Stream *s = p.get();
        if (s->phase != Stream::Phase::Replaying && s->phase != Stream::Phase::Live)
            continue;
        if (s->phase == Stream::Phase::Live && s->queue.empty() && !s->lagged && s->replay.empty() &&
            s->socket->bytesToWrite() < HighWater) {
            if (seq > s->floor) {
                writeFrames(s, eventFrame(seq, line));
                s->lastSent = seq;
            }
            continue;
        }
        if (s->lagged)
            continue;
        s->queue.emplace_back(seq, line);
        if (qsizetype(s->queue.size()) > m_options.liveBuffer) {
            s->queue.clear();
            s->lagged = true;
        }
    }
}
