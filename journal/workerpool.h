// SPDX-License-Identifier: MIT
#pragma once

#include <QFuture>
#include <QtConcurrent/QtConcurrentRun>

#include <cstddef>
#include <functional>
#include <type_traits>
#include <utility>

class QThreadPool;

// The threads that index, scan, filter and decode. Not QThreadPool::globalInstance(): Qt's raster paint
// engine splits large fills across the global pool and waits for them, so a busy global pool freezes
// painting on the GUI thread for as long as a job runs.
namespace WorkerPool {

QThreadPool *instance();

// Calls work(i) for every i in [0, count), on the calling thread and on whichever of the pool's threads are
// idle, and returns when all calls have returned. Safe to call from a job already running on the pool: the
// caller works through the items itself and waits only for threads that took some, so nested calls never
// wait for a thread that is itself waiting (QtConcurrent::blockingMap queues on the pool and then waits,
// which deadlocks once every thread of the pool is a job waiting for its own map). The hand-offs for
// ThreadSanitizer are made here: work(i) sees what the caller wrote before the call, and the caller sees what
// every work(i) wrote once this returns.
void forEach(size_t count, const std::function<void(size_t)> &work);

// Marks the hand-offs between a thread and the pool's workers for ThreadSanitizer. Qt from the distribution
// is not instrumented, so the happens-before its queues and waits provide is invisible to TSan; call
// handOff() before work or results cross to another thread and takeOver() where they are picked up. No-ops in
// other builds.
void handOff();
void takeOver();

// From now on the pool's threads run below the threads that are not the pool's (nice +4, and scheduled as
// batch work, which does not preempt on waking): a window's GUI thread then gets a core at once when it
// wakes, instead of waiting for a worker's time slice to end. For processes with a window; a command-line
// tool has no thread to give way to. Takes effect in each thread at its next job.
void runBelowOtherThreads();
// Called by each job first: applies runBelowOtherThreads() to the thread it runs on, once.
void enterJob();

// Runs work() on the pool and returns its future: the one way work goes to a worker, so every hand-off is
// marked. The job sees what this thread wrote before the call; a thread that takes the result (a
// QFutureWatcher's finished(), waitForFinished()) and calls takeOver() sees what the job wrote.
template <typename Work> QFuture<std::invoke_result_t<Work &>> run(QThreadPool *pool, Work work)
{
    handOff();
    return QtConcurrent::run(pool, [work = std::move(work)]() mutable {
        enterJob();
        takeOver();
        if constexpr (std::is_void_v<std::invoke_result_t<Work &>>) {
            work();
            handOff();
        } else {
            auto result = work();
            handOff();
            return result;
        }
    });
}
template <typename Work> QFuture<std::invoke_result_t<Work &>> run(Work work)
{
    return run(instance(), std::move(work));
}

} // namespace WorkerPool
