// SPDX-License-Identifier: MIT
#pragma once

#include "feedrecorder.h"

#include <QObject>
#include <QThread>

// A FeedRecorder on a thread of its own, for owners that must not wait (the browser's GUI thread): opening
// the directory (its repair and index), parsing frames and writing lines all happen there. The owner gets
// queued signals only; stop() (and the destructor) ends the recording and joins the thread.
class RecorderThread : public QObject
{
    Q_OBJECT
public:
    explicit RecorderThread(const FeedEndpoint &endpoint, const FeedCredentials &credentials,
                            const QString &outDir, const FeedRecorder::Options &options,
                            QObject *parent = nullptr);
    ~RecorderThread() override;

    void start();
    void stop();

Q_SIGNALS:
    // The directory is ready (repaired, resumed after a seq): readers may open it.
    void opened(const QString &eventsDir, quint64 resumedAfter, const QString &repairs);
    void openFailed(const QString &error);
    void recorded(qint64 total, quint64 lastSeq);
    void noticed(const FeedNotice &notice);
    void stateChanged(FeedClient::State state, int retryMs);
    void failed(const QString &message);

private:
    QThread m_thread;
    FeedRecorder *m_recorder;
};
