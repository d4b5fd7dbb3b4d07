// SPDX-License-Identifier: MIT
#pragma once

#include "feedendpoint.h"
#include "sseparser.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QString>
#include <QTimer>

class QNetworkAccessManager;
class QNetworkReply;

// One frame of the feed, classified: an event (its data is a journal line by the browser's line rule), the
// server's feed_reset, a keepalive, or something else (data that is not a journal event, an oversize frame).
struct FeedFrame
{
    enum class Kind { Event, Reset, Keepalive, Invalid };
    Kind kind = Kind::Invalid;
    quint64 seq = 0;     // Event: the line's seq
    quint64 fromSeq = 0; // Reset: the cursor the server refused
    bool hasId = false;
    QByteArray id;      // the frame's own id line
    QByteArray data;    // as received
    qint64 tsNanos = 0; // Event: the line's ts (0 when it has none)
    QString problem;    // Invalid: why; Event: an id that disagrees with the seq
    qint64 bytes = 0;
};

// A new event for consumers: each seq once, in the order the server sent them.
struct FeedEvent
{
    quint64 seq = 0;
    qint64 tsNanos = 0;
    QByteArray line; // the frame's data as one journal line (data lines joined by a space)
};

// Something worth one line on stderr or in a status bar.
struct FeedNotice
{
    enum class Kind {
        Connected,
        Retrying,     // the stream ended, broke or never came: the next attempt is scheduled
        Reset,        // the server's feed_reset: resyncing from its oldest event
        Gap,          // seqs between two delivered events never came
        Duplicates,   // events at or below the last delivered seq were dropped
        InvalidFrame, // a frame that is not an event, a reset or a keepalive
        Redirected,
    };
    Kind kind = Kind::Connected;
    QString message;
    int retryMs = 0;             // Retrying
    quint64 first = 0, last = 0; // Gap: missing seqs; Duplicates: dropped seqs
};

// A client of the server's GET /api/v1/stream that follows it for as long as it runs: it sends its cursor
// as Last-Event-ID, delivers each event once and in order (a seq at or below the last one delivered is
// dropped, so a replay after a reconnect never repeats anything), and reconnects when the stream breaks:
// after 0.5 s, doubling to 30 s, back to 0.5 s once a connection carried a frame. A server that sends no
// response headers within the connect timeout, or no byte for the watchdog interval (45 s: three missed
// keepalives), is dropped and reconnected. On feed_reset (the cursor is older than what the server keeps)
// it says so and reconnects at once from cursor 0, the full resync the server asks for: what the server
// still holds is delivered, what it pruned is reported as a gap.
//
// Redirects are followed within the same server (scheme, host and port) only, so credentials never travel
// elsewhere. 401 and 403 (with what to set), other 4xx answers, a response that is not an event stream and a
// TLS failure end it (failed()); 5xx, 408, 429 and network errors are retried. Without reconnect (one replay
// for a comparison) any end is failed().
//
// Lives on one thread, which needs an event loop; the network manager is created on that thread by start().
class FeedClient : public QObject
{
    Q_OBJECT
public:
    enum class State { Idle, Connecting, Connected, Waiting, Failed };
    Q_ENUM(State)
    struct Options
    {
        int connectTimeoutMs = 10000;
        int watchdogMs = 45000;
        int backoffMs = 500;
        int backoffMaxMs = 30000;
        bool reconnect = true;
        qint64 maxFrameBytes = qint64(1) << 30;
    };

    explicit FeedClient(const FeedEndpoint &endpoint, const FeedCredentials &credentials,
                        QObject *parent = nullptr);
    ~FeedClient() override;

    void setOptions(const Options &options) { m_options = options; }
    const Options &options() const { return m_options; }
    const FeedEndpoint &endpoint() const { return m_endpoint; }
    // Starts following after `cursor` (0: from the server's oldest event).
    void start(quint64 cursor);
    void stop();

    State state() const { return m_state; }
    quint64 lastSeq() const { return m_lastSeq; }
    // Milliseconds until the next attempt while Waiting.
    int retryInMs() const;
    qint64 connectionCount() const { return m_connections; }
    QString failureMessage() const { return m_failure; }

    static FeedFrame classify(const SseFrame &frame);

Q_SIGNALS:
    // Every frame as it arrived, classified, before any is dropped (for comparisons).
    void framesReceived(const QList<FeedFrame> &frames);
    void eventsArrived(const QList<FeedEvent> &events);
    void noticed(const FeedNotice &notice);
    void stateChanged(FeedClient::State state);
    // The client stopped for good (see the class comment); the message says why and what to do.
    void failed(const QString &message);

private:
    void connectNow();
    void metaDataChanged();
    void readyRead();
    void replyFinished();
    void dropReply();
    void process(const QList<SseFrame> &frames);
    void retry(const QString &reason);
    void fail(const QString &message);
    void setState(State state);
    void notice(FeedNotice::Kind kind, const QString &message);

    FeedEndpoint m_endpoint;
    FeedCredentials m_credentials;
    Options m_options;
    QNetworkAccessManager *m_nam = nullptr;
    QNetworkReply *m_reply = nullptr;
    SseParser m_parser;
    QTimer m_connectTimer;
    QTimer m_watchdog;
    QTimer m_retryTimer;
    QElapsedTimer m_retryClock;
    State m_state = State::Idle;
    QUrl m_url; // this attempt's URL (after same-server redirects)
    int m_redirects = 0;
    int m_status = 0;  // of the current reply, once its headers came
    QByteArray m_body; // of an error answer, for its message
    bool m_streaming = false;
    bool m_framesThisConnection = false;
    // Repeats dropped and not yet told (see process()).
    qint64 m_heldDuplicates = 0;
    quint64 m_heldFirst = 0;
    quint64 m_heldLast = 0;
    QElapsedTimer m_duplicateClock;
    bool m_resync = false; // the next connection asks from cursor 0
    quint64 m_lastSeq = 0;
    quint64 m_requestCursor = 0;
    int m_nextDelayMs = 0;
    qint64 m_connections = 0;
    QString m_failure;
};

Q_DECLARE_METATYPE(FeedNotice)
