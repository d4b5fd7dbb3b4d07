// SPDX-License-Identifier: MIT
#include "workerpool.h"

#include <QSemaphore>
#include <QTest>
#include <QThread>
#include <QThreadPool>

#include <atomic>
#include <vector>

class tst_WorkerPool : public QObject
{
    Q_OBJECT

private slots:
    void emptyAndSingle();
    void everyItemOnce();
    void callerWorksWhenThePoolIsBusy();
    void nestedFromEveryWorker();
};

void tst_WorkerPool::emptyAndSingle()
{
    int calls = 0;
    WorkerPool::forEach(0, [&](size_t) { ++calls; });
    QCOMPARE(calls, 0);
    size_t seen = 99;
    WorkerPool::forEach(1, [&](size_t i) {
        ++calls;
        seen = i;
    });
    QCOMPARE(calls, 1);
    QCOMPARE(seen, size_t(0));
}

void tst_WorkerPool::everyItemOnce()
{
    for (size_t count : {size_t(2), size_t(7), size_t(1000), size_t(100000)}) {
        std::vector<std::atomic<int>> hits(count);
        std::vector<int> plain(count, 0); // written by workers, read after forEach returns
        WorkerPool::forEach(count, [&](size_t i) {
            hits[i].fetch_add(1);
            plain[i] = int(i % 97);
        });
        for (size_t i = 0; i < count; ++i) {
            QCOMPARE(hits[i].load(), 1);
            QCOMPARE(plain[i], int(i % 97));
        }
    }
}

void tst_WorkerPool::callerWorksWhenThePoolIsBusy()
{
    // Every worker busy: the calling thread does all the work itself instead of waiting for one.
    QThreadPool *pool = WorkerPool::instance();
    const int threads = pool->maxThreadCount();
    QSemaphore started, gate;
    for (int i = 0; i < threads; ++i)
        pool->start([&] {
            started.release();
            gate.acquire();
        });
    started.acquire(threads);
    std::atomic<int> done{0};
    std::vector<Qt::HANDLE> who(64);
    WorkerPool::forEach(who.size(), [&](size_t i) {
        who[i] = QThread::currentThreadId();
        ++done;
    });
    gate.release(threads);
    pool->waitForDone();
    QCOMPARE(done.load(), 64);
    for (Qt::HANDLE h : who)
        QCOMPARE(h, QThread::currentThreadId());
}

void tst_WorkerPool::nestedFromEveryWorker()
{
    // Every worker runs a job that maps over many items on the same pool, all at once. A map that queues its
    // items on the pool and waits for them never returns here: no thread is left to take them.
    QThreadPool *pool = WorkerPool::instance();
    const int jobs = pool->maxThreadCount() * 2;
    QSemaphore ready, go, finished;
    std::atomic<long> total{0};
    for (int j = 0; j < jobs; ++j)
        pool->start([&] {
            ready.release();
            go.acquire();
            WorkerPool::forEach(500,
                                [&](size_t) { WorkerPool::forEach(3, [&](size_t) { total.fetch_add(1); }); });
            finished.release();
        });
    ready.acquire(pool->maxThreadCount()); // the pool is full of mapping jobs
    go.release(jobs);
    QVERIFY2(finished.tryAcquire(jobs, 60000), "nested maps on the worker pool did not finish");
    pool->waitForDone();
    QCOMPARE(total.load(), long(jobs) * 500 * 3);
}

QTEST_GUILESS_MAIN(tst_WorkerPool)
#include "tst_workerpool.moc"
