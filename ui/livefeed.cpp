// SPDX-License-Identifier: MIT
#include "livefeed.h"

#include "recorderthread.h"

#include <QCryptographicHash>
#include <QDir>
#include <QStandardPaths>
#include <QTime>

namespace {

QString g_tokenFile;

} // namespace

LiveFeed::LiveFeed(QObject *parent)
    : QObject(parent)
{
    m_countdown.setInterval(1000);
    connect(&m_countdown, &QTimer::timeout, this, &LiveFeed::updateStatus);
}

LiveFeed::~LiveFeed()
{
    close();
}

void LiveFeed::setTokenFile(const QString &path)
{
    g_tokenFile = path;
}

QString LiveFeed::spoolDirFor(const FeedEndpoint &endpoint)
{
    const QUrl &u = endpoint.streamUrl;
    QString host = u.host();
    for (QChar &c : host) {
        if (!c.isLetterOrNumber() && c != QLatin1Char('.') && c != QLatin1Char('-'))
            c = QLatin1Char('_');
    }
    const QByteArray hash =
        QCryptographicHash::hash(u.toString(QUrl::FullyEncoded).toUtf8(), QCryptographicHash::Sha256)
            .toHex()
            .left(10);
    const QString name = QStringLiteral("%1-%2-%3")
                             .arg(host)
                             .arg(u.port(u.scheme() == QLatin1String("https") ? 443 : 80))
                             .arg(QString::fromLatin1(hash));
    return QStandardPaths::writableLocation(QStandardPaths::CacheLocation) + QStringLiteral("/feeds/") +
           name + QStringLiteral("/events");
}

bool LiveFeed::open(const QString &url, QString *error)
{
    close();
    const auto endpoint = FeedEndpoint::parse(url.trimmed(), error);
    if (!endpoint)
        return false;
    std::optional<FeedCredentials> credentials;
    if (!g_tokenFile.isEmpty()) {
        bool ioError = false;
        credentials = FeedCredentials::fromFile(g_tokenFile, error, &ioError);
    } else {
        credentials = FeedCredentials::fromEnvironment(error);
    }
    if (!credentials)
        return false;
    m_url = endpoint->display();
    m_host = endpoint->streamUrl.port() < 0
                 ? endpoint->streamUrl.host()
                 : QStringLiteral("%1:%2").arg(endpoint->streamUrl.host()).arg(endpoint->streamUrl.port());
    m_failure.clear();
    m_lastReset.clear();
    m_recorded = 0;
    FeedRecorder::Options options;
    options.keepFiles = 64; // the server's own retention, so a spool followed for long stays bounded
    options.since = endpoint->urlSince;
    m_recorder = std::make_unique<RecorderThread>(*endpoint, *credentials, spoolDirFor(*endpoint), options);
    connect(m_recorder.get(), &RecorderThread::opened, this,
            [this](const QString &dir, quint64, const QString &repairs) {
                if (!repairs.isEmpty())
                    Q_EMIT noticed(tr("Spool repaired: %1").arg(repairs), false);
                Q_EMIT opened(dir);
            });
    connect(m_recorder.get(), &RecorderThread::openFailed, this, [this](const QString &message) {
        m_failure = message;
        m_state = FeedClient::State::Failed;
        updateStatus();
        Q_EMIT noticed(tr("Cannot record %1: %2").arg(m_url, message), true);
    });
    connect(m_recorder.get(), &RecorderThread::stateChanged, this,
            [this](FeedClient::State state, int retryMs) {
                m_state = state;
                m_retryMs = retryMs;
                m_retryClock.start();
                updateStatus();
            });
    connect(m_recorder.get(), &RecorderThread::recorded, this,
            [this](qint64 total, quint64) { m_recorded = total; });
    connect(m_recorder.get(), &RecorderThread::noticed, this, [this](const FeedNotice &n) {
        if (n.kind == FeedNotice::Kind::Retrying) {
            m_retryMs = n.retryMs;
            m_retryClock.start();
            updateStatus();
        } else if (n.kind == FeedNotice::Kind::Reset) {
            m_lastReset = tr("reset from seq %1 at %2")
                              .arg(n.first)
                              .arg(QTime::currentTime().toString(QStringLiteral("HH:mm:ss")));
            updateStatus();
            Q_EMIT noticed(
                tr("The server no longer holds the events after seq %1 (feed_reset): resyncing from "
                   "the oldest event it holds. What it pruned stays a gap.")
                    .arg(n.first),
                false);
        } else if (n.kind == FeedNotice::Kind::Gap || n.kind == FeedNotice::Kind::InvalidFrame) {
            Q_EMIT noticed(n.message, false);
        }
    });
    connect(m_recorder.get(), &RecorderThread::failed, this, [this](const QString &message) {
        m_failure = message;
        m_state = FeedClient::State::Failed;
        updateStatus();
        Q_EMIT noticed(message, true);
    });
    m_state = FeedClient::State::Connecting;
    updateStatus();
    m_recorder->start();
    return true;
}

void LiveFeed::close()
{
    if (!m_recorder)
        return;
    m_recorder->disconnect(this);
    m_recorder.reset(); // stops and joins the recorder's thread
    m_countdown.stop();
    m_state = FeedClient::State::Idle;
    m_url.clear();
    updateStatus();
}

void LiveFeed::updateStatus()
{
    QString text;
    bool problem = false;
    switch (m_state) {
    case FeedClient::State::Idle:
        break;
    case FeedClient::State::Connecting:
        text = tr("connecting to %1…").arg(m_host);
        break;
    case FeedClient::State::Connected:
        text = tr("● live: connected to %1").arg(m_host);
        break;
    case FeedClient::State::Waiting: {
        const int left = int((std::max<qint64>(0, m_retryMs - m_retryClock.elapsed()) + 999) / 1000);
        text = tr("reconnecting to %1 (next try in %2 s)").arg(m_host).arg(left);
        problem = true;
        break;
    }
    case FeedClient::State::Failed:
        text = tr("stopped: %1").arg(m_failure);
        problem = true;
        break;
    }
    if (!text.isEmpty() && !m_lastReset.isEmpty() && m_state != FeedClient::State::Failed)
        text += QStringLiteral(" · ") + m_lastReset;
    if (m_state == FeedClient::State::Waiting)
        m_countdown.start();
    else
        m_countdown.stop();
    if (text == m_status)
        return;
    m_status = text;
    Q_EMIT statusChanged(text, problem);
}
