// SPDX-License-Identifier: MIT
#pragma once

#include "workerpool.h"

#include <QCoreApplication>
#include <QFutureWatcher>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QThread>
#include <QtConcurrent/QtConcurrentRun>

#include <atomic>
#include <memory>

// Drops `value` on a worker: freeing the buffers of a large event (tens of MiB of pages) costs the GUI thread
// milliseconds of unmapping otherwise.
template <typename T> void releaseOnWorker(T value)
{
    (void)WorkerPool::run([value = std::move(value)]() mutable { value = T(); });
}

// Holds `value` so that whichever thread drops the last reference, it is freed on a worker.
template <typename T> std::shared_ptr<T> freedOnWorker(T value)
{
    return std::shared_ptr<T>(new T(std::move(value)), [](T *p) {
        const QCoreApplication *app = QCoreApplication::instance();
        if (!app || QThread::currentThread() != app->thread()) {
            delete p;
            return;
        }
        (void)WorkerPool::run([p] { delete p; });
    });
}

// One kind of background job where only the newest matters (the selected event, the page asked for last).
// start() sets the cancel flag of the job before it, so a superseded job stops at its next check, and drops
// any result that still arrives. The work gets the flag to check; the result reaches `done` on the context
// object's thread; a superseded result is dropped on a worker. The destructor cancels and waits for every job
// still running.
template <typename T> class LatestJob
{
public:
    explicit LatestJob(QObject *context)
        : m_context(context)
    {}
    ~LatestJob()
    {
        cancel();
        for (QFutureWatcher<std::shared_ptr<T>> *watcher : std::as_const(m_watchers)) {
            if (watcher) {
                watcher->disconnect();
                watcher->waitForFinished();
                delete watcher;
            }
        }
    }
    LatestJob(const LatestJob &) = delete;
    LatestJob &operator=(const LatestJob &) = delete;

    // work: T(const std::atomic<bool> &cancel), on a worker. done: void(T), on the context's thread.
    template <typename Work, typename Done> void start(Work work, Done done)
    {
        cancel();
        auto flag = std::make_shared<std::atomic<bool>>(false);
        m_flag = flag;
        const quint64 generation = m_generation;
        auto *watcher = new QFutureWatcher<std::shared_ptr<T>>(m_context);
        m_watchers.removeAll(nullptr);
        m_watchers.append(watcher);
        QObject::connect(watcher, &QFutureWatcherBase::finished, m_context,
                         [this, watcher, generation, flag, done = std::move(done)] {
                             watcher->deleteLater();
                             WorkerPool::takeOver();
                             if (generation != m_generation || flag->load())
                                 return;
                             m_flag.reset();
                             done(*watcher->result());
                         });
        watcher->setFuture(WorkerPool::run([work = std::move(work), flag] {
            // The result lives in the future, whose last reference may go on the GUI thread.
            return freedOnWorker(work(*flag));
        }));
    }

    // Cancels the running job; its result, if any, is dropped.
    void cancel()
    {
        if (m_flag)
            m_flag->store(true);
        m_flag.reset();
        ++m_generation;
    }

    bool isRunning() const { return m_flag != nullptr; }

private:
    QObject *m_context;
    std::shared_ptr<std::atomic<bool>> m_flag;
    quint64 m_generation = 0;
    QList<QPointer<QFutureWatcher<std::shared_ptr<T>>>> m_watchers;
};
