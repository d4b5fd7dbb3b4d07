// SPDX-License-Identifier: MIT
#include "recorderthread.h"

RecorderThread::RecorderThread(const FeedEndpoint &endpoint, const FeedCredentials &credentials,
                               const QString &outDir, const FeedRecorder::Options &options, QObject *parent)
    : QObject(parent)
    , m_recorder(new FeedRecorder(endpoint, credentials, outDir, options))
{
    m_thread.setObjectName(QStringLiteral("feed recorder"));
    m_recorder->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_recorder, &QObject::deleteLater);
    connect(m_recorder, &FeedRecorder::recorded, this, &RecorderThread::recorded);
    connect(m_recorder, &FeedRecorder::noticed, this, &RecorderThread::noticed);
    connect(m_recorder, &FeedRecorder::failed, this, &RecorderThread::failed);
    FeedRecorder *recorder = m_recorder;
    // Runs on the recorder's thread, where the client's retry clock is.
    connect(m_recorder, &FeedRecorder::stateChanged, m_recorder, [this, recorder](FeedClient::State state) {
        Q_EMIT stateChanged(state, recorder->client() ? recorder->client()->retryInMs() : 0);
    });
}

RecorderThread::~RecorderThread()
{
    stop();
}

void RecorderThread::start()
{
    if (m_thread.isRunning())
        return;
    m_thread.start();
    FeedRecorder *recorder = m_recorder;
    QMetaObject::invokeMethod(m_recorder, [this, recorder] {
        QString error;
        if (!recorder->open(&error)) {
            Q_EMIT openFailed(error);
            return;
        }
        Q_EMIT opened(recorder->eventsDir(), recorder->resumedAfter(), recorder->repairs());
        recorder->start();
    });
}

void RecorderThread::stop()
{
    if (!m_thread.isRunning())
        return;
    QMetaObject::invokeMethod(m_recorder, &FeedRecorder::stop, Qt::BlockingQueuedConnection);
    m_recorder->disconnect(this);
    m_thread.quit();
    m_thread.wait();
}
