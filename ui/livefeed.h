// SPDX-License-Identifier: MIT
#pragma once

#include "feedclient.h"

#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QTimer>

#include <memory>

class RecorderThread;

// The browser's live view of a running server: its feed is recorded into a spool directory under the user's
// cache directory (one per stream URL, resumed on the next visit) by a RecorderThread, and the window browses
// that directory as a journal, following it as it grows. This object owns the recording and turns its state
// into one status line: connected, reconnecting (with the seconds to the next try), reset, or stopped with
// the reason. Credentials come from BAMBOO_DEVICE_TOKEN and BAMBOO_DEVICE_ID, or from a token file named on
// the command line; they are never shown or stored.
//
// Lives on the GUI thread and does no I/O there beyond reading a token file; the spool is prepared,
// repaired and written on the recorder's thread.
class LiveFeed : public QObject
{
    Q_OBJECT
public:
    explicit LiveFeed(QObject *parent = nullptr);
    ~LiveFeed() override;

    // A token file to read credentials from instead of the environment.
    static void setTokenFile(const QString &path);
    // Where the feed of a stream URL is spooled.
    static QString spoolDirFor(const FeedEndpoint &endpoint);

    // Starts recording; opened() follows once the spool directory is ready. False (with a message) for a
    // URL or credentials that cannot work.
    bool open(const QString &url, QString *error);
    void close();
    bool isActive() const { return m_recorder != nullptr; }
    QString url() const { return m_url; }
    QString statusText() const { return m_status; }
    FeedClient::State state() const { return m_state; }

Q_SIGNALS:
    void opened(const QString &eventsDir);
    void statusChanged(const QString &text, bool problem);
    // Something the user should read: a reset, a gap, a refused access.
    void noticed(const QString &message, bool problem);

private:
    void updateStatus();

    std::unique_ptr<RecorderThread> m_recorder;
    QString m_url;
    QString m_host;
    QString m_status;
    QString m_failure;
    QString m_lastReset;
    FeedClient::State m_state = FeedClient::State::Idle;
    int m_retryMs = 0;
    qint64 m_recorded = 0;
    QElapsedTimer m_retryClock;
    QTimer m_countdown;
};
