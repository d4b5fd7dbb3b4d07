// SPDX-License-Identifier: MIT
#include "feedclient.h"

#include "journalfilename.h"
#include "lineparser.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslSocket>

#include <vector>

namespace {

QString seconds(int ms)
{
    return ms % 1000 == 0 ? QStringLiteral("%1 s").arg(ms / 1000)
                          : QStringLiteral("%1 s").arg(double(ms) / 1000.0, 0, 'f', ms < 100 ? 2 : 1);
}

// The first bytes of a server's error answer, safe for one line.
QString bodyText(const QByteArray &body)
{
    QString text = QString::fromUtf8(body.left(200)).simplified();
    for (QChar &c : text) {
        if (c.unicode() < 0x20)
            c = QLatin1Char(' ');
    }
    return text;
}

std::optional<quint64> parseSeq(const QByteArray &text)
{
    return JournalFileName::parseU64(std::string_view(text.constData(), size_t(text.size())));
}

} // namespace

FeedClient::FeedClient(const FeedEndpoint &endpoint, const FeedCredentials &credentials, QObject *parent)
    : QObject(parent)
    , m_endpoint(endpoint)
    , m_credentials(credentials)
{
    m_connectTimer.setSingleShot(true);
    m_watchdog.setSingleShot(true);
    m_retryTimer.setSingleShot(true);
    connect(&m_connectTimer, &QTimer::timeout, this, [this] {
        dropReply();
        retry(QStringLiteral("no answer from %1 within %2")
                  .arg(m_endpoint.display(), seconds(m_options.connectTimeoutMs)));
    });
    connect(&m_watchdog, &QTimer::timeout, this, [this] {
        const qint64 partial = m_parser.pendingBytes();
        dropReply();
        retry(QStringLiteral("nothing from %1 for %2, not even a keepalive%3")
                  .arg(m_endpoint.display(), seconds(m_options.watchdogMs),
                       partial > 0 ? QStringLiteral(" (a partial frame of %1 bytes dropped)").arg(partial)
                                   : QString()));
    });
    connect(&m_retryTimer, &QTimer::timeout, this, &FeedClient::connectNow);
}

FeedClient::~FeedClient()
{
    dropReply();
}

void FeedClient::start(quint64 cursor)
{
    stop();
    m_lastSeq = cursor;
    m_resync = false;
    m_failure.clear();
    m_nextDelayMs = m_options.backoffMs;
    if (!m_nam)
        m_nam = new QNetworkAccessManager(this);
    connectNow();
}

void FeedClient::stop()
{
    dropReply();
    m_retryTimer.stop();
    if (m_state != State::Failed)
        setState(State::Idle);
}

int FeedClient::retryInMs() const
{
    if (m_state != State::Waiting || !m_retryTimer.isActive())
        return 0;
    return int(std::max<qint64>(0, m_retryTimer.interval() - m_retryClock.elapsed()));
}

void FeedClient::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

void FeedClient::notice(FeedNotice::Kind kind, const QString &message)
{
    FeedNotice n;
    n.kind = kind;
    n.message = message;
    Q_EMIT noticed(n);
}

void FeedClient::connectNow()
{
    dropReply();
    if (m_url.isEmpty() || m_redirects == 0)
        m_url = m_endpoint.streamUrl;
    if (m_url.scheme() == QLatin1String("https") && !QSslSocket::supportsSsl()) {
        fail(QStringLiteral("%1: HTTPS needs Qt's TLS backend, which is not available here (install the "
                            "OpenSSL 3 library, or use http:// on a local network)")
                 .arg(m_endpoint.display()));
        return;
    }
    m_requestCursor = m_resync ? 0 : m_lastSeq;
    QNetworkRequest request(m_url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    request.setRawHeader("Accept", "text/event-stream");
    request.setRawHeader("Cache-Control", "no-cache");
    if (m_requestCursor > 0)
        request.setRawHeader("Last-Event-ID", QByteArray::number(m_requestCursor));
    // Credentials go to the URL's own server only: redirects elsewhere are refused before this point.
    if (!m_credentials.isEmpty()) {
        request.setRawHeader("Authorization", "Bearer " + m_credentials.token);
        request.setRawHeader("X-Device-Id", m_credentials.deviceId);
    }
    m_status = 0;
    m_body.clear();
    m_streaming = false;
    m_framesThisConnection = false;
    m_parser = SseParser(m_options.maxFrameBytes);
    ++m_connections;
    setState(State::Connecting);
    m_reply = m_nam->get(request);
    connect(m_reply, &QNetworkReply::metaDataChanged, this, &FeedClient::metaDataChanged);
    connect(m_reply, &QIODevice::readyRead, this, &FeedClient::readyRead);
    connect(m_reply, &QNetworkReply::finished, this, &FeedClient::replyFinished);
    m_connectTimer.start(m_options.connectTimeoutMs);
}

void FeedClient::dropReply()
{
    m_connectTimer.stop();
    m_watchdog.stop();
    if (!m_reply)
        return;
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    reply->disconnect(this);
    reply->abort();
    reply->deleteLater();
}

void FeedClient::metaDataChanged()
{
    const QVariant status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (!status.isValid() || m_status != 0)
        return;
    m_status = status.toInt();
    m_connectTimer.stop();
    m_watchdog.start(m_options.watchdogMs);
    if (m_status >= 300 && m_status < 400 && m_status != 304) {
        // The raw header: a relative Location does not survive QNetworkRequest::LocationHeader.
        const QByteArray location = m_reply->rawHeader("Location").trimmed();
        const QUrl target = location.isEmpty() ? QUrl() : m_url.resolved(QUrl::fromEncoded(location));
        if (target.isEmpty() || !FeedEndpoint::sameOrigin(target, m_endpoint.streamUrl)) {
            dropReply();
            fail(
                QStringLiteral("%1 answered HTTP %2, a redirect to %3, another server: not followed, so that "
                               "credentials stay with the server named; use that URL if it is the one")
                    .arg(m_endpoint.display())
                    .arg(m_status)
                    .arg(target.toString(QUrl::RemoveUserInfo)));
            return;
        }
        if (++m_redirects > 5) {
            dropReply();
            fail(QStringLiteral("%1: more than 5 redirects").arg(m_endpoint.display()));
            return;
        }
        notice(FeedNotice::Kind::Redirected, QStringLiteral("HTTP %1: redirected to %2")
                                                 .arg(m_status)
                                                 .arg(target.toString(QUrl::RemoveUserInfo)));
        dropReply();
        m_url = target;
        connectNow();
        return;
    }
    if (m_status != 200)
        return; // the body says why; handled when it is complete
    const QByteArray type = m_reply->rawHeader("Content-Type").trimmed().toLower();
    if (!type.startsWith("text/event-stream")) {
        dropReply();
        fail(QStringLiteral("%1 answered with %2, not an event stream: is this a bamboo server's address?")
                 .arg(m_url.toString(QUrl::RemoveUserInfo),
                      type.isEmpty() ? QStringLiteral("no Content-Type") : QString::fromLatin1(type)));
        return;
    }
    m_streaming = true;
    m_redirects = 0;
    setState(State::Connected);
    const quint64 cursor = m_requestCursor;
    notice(
        FeedNotice::Kind::Connected,
        cursor > 0
            ? QStringLiteral("connected to %1, resuming after seq %2").arg(m_endpoint.display()).arg(cursor)
            : QStringLiteral("connected to %1, from the oldest event it holds").arg(m_endpoint.display()));
    if (m_resync)
        m_resync = false;
}

void FeedClient::readyRead()
{
    if (!m_reply)
        return;
    if (m_status == 0)
        metaDataChanged();
    if (!m_reply)
        return;
    const QByteArray bytes = m_reply->readAll();
    if (!m_streaming) {
        if (m_body.size() < 4096)
            m_body += bytes.left(4096 - m_body.size());
        return;
    }
    m_watchdog.start(m_options.watchdogMs);
    QList<SseFrame> frames;
    m_parser.feed(bytes, &frames);
    if (!frames.isEmpty())
        process(frames);
}

void FeedClient::replyFinished()
{
    if (!m_reply)
        return;
    if (m_status == 0)
        metaDataChanged();
    if (!m_reply)
        return;
    QNetworkReply *reply = m_reply;
    const QNetworkReply::NetworkError error = reply->error();
    const QString errorString = reply->errorString();
    if (m_streaming && reply->bytesAvailable() > 0)
        readyRead();
    if (!m_reply)
        return;
    if (!m_streaming)
        m_body += reply->readAll().left(4096);
    const qint64 partial = m_parser.pendingBytes();
    const int status = m_status;
    dropReply();
    if (m_streaming) {
        QString why = error == QNetworkReply::NoError
                          ? QStringLiteral("the server ended the stream")
                          : QStringLiteral("the stream broke (%1)").arg(errorString);
        if (partial > 0)
            why += QStringLiteral("; a partial frame of %1 bytes was dropped").arg(partial);
        retry(why);
        return;
    }
    if (status == 401 || status == 403) {
        fail(QStringLiteral("%1: HTTP %2 %3: %4")
                 .arg(m_endpoint.display())
                 .arg(status)
                 .arg(bodyText(m_body).isEmpty() ? QStringLiteral("access denied") : bodyText(m_body))
                 .arg(m_credentials.isEmpty()
                          ? FeedCredentials::howToSet()
                          : QStringLiteral("the server refused this device's token and id "
                                           "(BAMBOO_DEVICE_TOKEN and BAMBOO_DEVICE_ID, or "
                                           "--token-file)")));
        return;
    }
    if (status >= 500 || status == 408 || status == 429) {
        retry(QStringLiteral("HTTP %1 %2").arg(status).arg(bodyText(m_body)).trimmed());
        return;
    }
    if (status != 0) {
        fail(QStringLiteral("%1: HTTP %2 %3")
                 .arg(m_url.toString(QUrl::RemoveUserInfo))
                 .arg(status)
                 .arg(bodyText(m_body))
                 .trimmed());
        return;
    }
    if (error == QNetworkReply::SslHandshakeFailedError) {
        fail(QStringLiteral("%1: TLS: %2").arg(m_endpoint.display(), errorString));
        return;
    }
    retry(QStringLiteral("%1: %2").arg(m_endpoint.display(), errorString));
}

void FeedClient::retry(const QString &reason)
{
    if (!m_options.reconnect) {
        fail(reason);
        return;
    }
    const int delay = m_framesThisConnection ? m_options.backoffMs : m_nextDelayMs;
    m_nextDelayMs = std::min(m_options.backoffMaxMs, std::max(delay, 1) * 2);
    m_retryClock.start();
    m_retryTimer.start(delay);
    setState(State::Waiting);
    FeedNotice n;
    n.kind = FeedNotice::Kind::Retrying;
    n.retryMs = delay;
    n.message = QStringLiteral("%1; reconnecting in %2").arg(reason, seconds(delay));
    Q_EMIT noticed(n);
}

void FeedClient::fail(const QString &message)
{
    dropReply();
    m_retryTimer.stop();
    m_failure = message;
    setState(State::Failed);
    Q_EMIT failed(message);
}

FeedFrame FeedClient::classify(const SseFrame &frame)
{
    FeedFrame f;
    f.hasId = frame.hasId;
    f.id = frame.id;
    f.data = frame.data;
    f.bytes = frame.bytes;
    if (frame.oversize) {
        f.problem = QStringLiteral("a frame of more than %1 bytes: skipped").arg(frame.bytes);
        return f;
    }
    if (frame.data == "[KEEPALIVE]") {
        f.kind = FeedFrame::Kind::Keepalive;
        return f;
    }
    if (!frame.hasId && frame.data.contains("feed_reset")) {
        const QJsonObject o = QJsonDocument::fromJson(frame.data).object();
        if (o.value(QStringLiteral("type")).toString() == QLatin1String("feed_reset")) {
            f.kind = FeedFrame::Kind::Reset;
            f.fromSeq = quint64(o.value(QStringLiteral("from_seq")).toDouble());
            // from_seq is a u64: take its digits rather than a double's rounding.
            const qsizetype at = frame.data.indexOf("\"from_seq\":");
            if (at >= 0) {
                qsizetype end = at + 11;
                while (end < frame.data.size() && frame.data[end] >= '0' && frame.data[end] <= '9')
                    ++end;
                if (const auto v = parseSeq(frame.data.mid(at + 11, end - at - 11)))
                    f.fromSeq = *v;
            }
            return f;
        }
    }
    if (!frame.hasData) {
        f.problem = QStringLiteral("a frame without data (id %1)").arg(QString::fromUtf8(frame.id));
        return f;
    }
    // The line parser needs readable padding behind the bytes.
    thread_local LineParser parser;
    thread_local std::vector<char> buffer;
    buffer.resize(size_t(frame.data.size()) + LineParser::Padding);
    std::copy(frame.data.cbegin(), frame.data.cend(), buffer.begin());
    const LineParser::Result r = parser.parse(buffer.data(), size_t(frame.data.size()));
    if (r.kind != LineParser::Kind::Event) {
        f.problem = QStringLiteral("data is not a journal event (%1)")
                        .arg(r.kind == LineParser::Kind::Empty ? QStringLiteral("empty")
                                                               : LineParser::reasonText(r.reason));
        return f;
    }
    f.kind = FeedFrame::Kind::Event;
    f.seq = r.seq;
    f.tsNanos = r.tsNanos;
    if (frame.hasId) {
        const auto id = parseSeq(frame.id);
        if (!id || *id != r.seq)
            f.problem = QStringLiteral("id %1 but seq %2").arg(QString::fromUtf8(frame.id)).arg(r.seq);
    }
    return f;
}

void FeedClient::process(const QList<SseFrame> &raw)
{
    m_framesThisConnection = true;
    m_nextDelayMs = m_options.backoffMs;
    QList<FeedFrame> frames;
    frames.reserve(raw.size());
    for (const SseFrame &s : raw)
        frames.append(classify(s));
    Q_EMIT framesReceived(frames);
    if (!m_reply)
        return; // a receiver stopped us

    QList<FeedEvent> events;
    quint64 dupFirst = 0, dupLast = 0;
    qint64 dupCount = 0;
    // Dropped repeats are told at once, then at most every 10 s (a server whose seqs stay below the cursor
    // would otherwise make one notice per event), and whatever was held back when a new event arrives.
    const auto flushDuplicates = [&](bool force = false) {
        if (dupCount > 0) {
            if (m_heldDuplicates == 0)
                m_heldFirst = dupFirst;
            m_heldDuplicates += dupCount;
            m_heldLast = dupLast;
            dupCount = 0;
        }
        if (m_heldDuplicates == 0 ||
            (!force && m_duplicateClock.isValid() && m_duplicateClock.elapsed() < 10000))
            return;
        FeedNotice n;
        n.kind = FeedNotice::Kind::Duplicates;
        n.first = m_heldFirst;
        n.last = m_heldLast;
        n.message = m_heldDuplicates == 1
                        ? QStringLiteral("seq %1 was already delivered: dropped").arg(m_heldFirst)
                        : QStringLiteral("%1 events already delivered (seqs %2 to %3): dropped")
                              .arg(m_heldDuplicates)
                              .arg(m_heldFirst)
                              .arg(m_heldLast);
        m_heldDuplicates = 0;
        m_duplicateClock.start();
        Q_EMIT noticed(n);
    };
    const auto flushEvents = [&] {
        if (!events.isEmpty())
            Q_EMIT eventsArrived(events);
        events.clear();
    };
    for (const FeedFrame &f : std::as_const(frames)) {
        switch (f.kind) {
        case FeedFrame::Kind::Keepalive:
            break;
        case FeedFrame::Kind::Invalid:
            flushDuplicates();
            notice(FeedNotice::Kind::InvalidFrame,
                   QStringLiteral("skipped a frame%1: %2")
                       .arg(f.hasId ? QStringLiteral(" with id %1").arg(QString::fromUtf8(f.id.left(40)))
                                    : QString(),
                            f.problem));
            break;
        case FeedFrame::Kind::Reset: {
            flushDuplicates();
            flushEvents();
            // The server keeps nothing at or below from_seq + 1 any more and would go live from its newest
            // seq: ask again from the start instead, and what it still holds comes back.
            FeedNotice n;
            n.kind = FeedNotice::Kind::Reset;
            n.first = f.fromSeq;
            n.message =
                QStringLiteral("feed_reset from seq %1: the server no longer holds the events after it; "
                               "resyncing from the oldest event it holds")
                    .arg(f.fromSeq);
            Q_EMIT noticed(n);
            if (!m_reply)
                return;
            m_resync = true;
            dropReply();
            if (!m_options.reconnect) {
                fail(n.message);
                return;
            }
            m_retryTimer.start(0);
            m_retryClock.start();
            setState(State::Waiting);
            return;
        }
        case FeedFrame::Kind::Event:
            if (f.seq <= m_lastSeq) {
                if (dupCount++ == 0)
                    dupFirst = f.seq;
                dupLast = f.seq;
                break;
            }
            flushDuplicates(true);
            if (m_lastSeq > 0 && f.seq > m_lastSeq + 1) {
                FeedNotice n;
                n.kind = FeedNotice::Kind::Gap;
                n.first = m_lastSeq + 1;
                n.last = f.seq - 1;
                n.message =
                    n.first == n.last
                        ? QStringLiteral("seq %1 never came: the feed went on at %2").arg(n.first).arg(f.seq)
                        : QStringLiteral("seqs %1 to %2 never came: the feed went on at %3")
                              .arg(n.first)
                              .arg(n.last)
                              .arg(f.seq);
                flushEvents();
                Q_EMIT noticed(n);
            }
            if (!f.problem.isEmpty())
                notice(FeedNotice::Kind::InvalidFrame,
                       QStringLiteral("frame of seq %1: %2").arg(f.seq).arg(f.problem));
            FeedEvent e;
            e.seq = f.seq;
            e.tsNanos = f.tsNanos;
            e.line = f.data;
            // Several data lines arrive joined by '\n', which JSON only allows as white space: one line.
            if (e.line.contains('\n') || e.line.contains('\r'))
                e.line.replace('\n', ' ').replace('\r', ' ');
            m_lastSeq = f.seq;
            m_duplicateClock.invalidate(); // repeats after a new event are news again
            events.append(std::move(e));
            break;
        }
        if (!m_reply)
            return;
    }
    flushDuplicates();
    flushEvents();
}
