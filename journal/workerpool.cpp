// SPDX-License-Identifier: MIT
#include "workerpool.h"

#include <QThread>
#include <QThreadPool>

#if defined(Q_OS_LINUX)
#include <sched.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#endif

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>

namespace {

QThreadPool *makePool()
{
    auto *pool = new QThreadPool;
    pool->setMaxThreadCount(std::max(2, QThread::idealThreadCount()));
    pool->setObjectName(QStringLiteral("bamboo-journal workers"));
    return pool;
}

} // namespace

#if defined(__SANITIZE_THREAD__)
extern "C" void __tsan_acquire(void *addr);
extern "C" void __tsan_release(void *addr);

namespace {
char handOffToken;
}
#endif

namespace WorkerPool {

void handOff()
{
#if defined(__SANITIZE_THREAD__)
    __tsan_release(&handOffToken);
#endif
}

void takeOver()
{
#if defined(__SANITIZE_THREAD__)
    __tsan_acquire(&handOffToken);
#endif
}

namespace {
std::atomic<bool> belowOthers{false};
}

void runBelowOtherThreads()
{
    belowOthers.store(true, std::memory_order_relaxed);
}

void enterJob()
{
#if defined(Q_OS_LINUX)
    thread_local bool lowered = false;
    if (lowered || !belowOthers.load(std::memory_order_relaxed))
        return;
    lowered = true;
    // Linux applies both to the calling thread alone (pid 0, and the thread's own id for the nice value).
    sched_param param{};
    param.sched_priority = 0;
    sched_setscheduler(0, SCHED_BATCH, &param);
    const pid_t thread = pid_t(syscall(SYS_gettid));
    errno = 0;
    const int nice = getpriority(PRIO_PROCESS, id_t(thread));
    if (errno == 0)
        setpriority(PRIO_PROCESS, id_t(thread), std::min(19, nice + 4));
#endif
}

QThreadPool *instance()
{
    // Created on first use and never destroyed: jobs may still be winding down while statics are torn down.
    static QThreadPool *pool = makePool();
    return pool;
}

void forEach(size_t count, const std::function<void(size_t)> &work)
{
    if (count == 0)
        return;
    struct Shared
    {
        std::atomic<size_t> next{0};
        std::mutex mutex;
        std::condition_variable idle;
        int helping = 0; // guarded by mutex
    };
    const auto shared = std::make_shared<Shared>();
    const auto drain = [count, &work](Shared &s) {
        for (size_t i = s.next.fetch_add(1, std::memory_order_relaxed); i < count;
             i = s.next.fetch_add(1, std::memory_order_relaxed))
            work(i);
    };
    QThreadPool *pool = instance();
    const size_t helpers = std::min(count - 1, size_t(std::max(0, pool->maxThreadCount())));
    handOff();
    for (size_t h = 0; h < helpers && shared->next.load(std::memory_order_relaxed) < count; ++h) {
        {
            std::lock_guard lock(shared->mutex);
            ++shared->helping;
        }
        // The helper holds the shared state, not the caller's frame: it reads `work` only while the caller is
        // waiting for it.
        const bool started = pool->tryStart([shared, drain] {
            enterJob();
            takeOver();
            drain(*shared);
            handOff();
            std::lock_guard lock(shared->mutex);
            if (--shared->helping == 0)
                shared->idle.notify_all();
        });
        if (!started) {
            std::lock_guard lock(shared->mutex);
            --shared->helping;
            break;
        }
    }
    drain(*shared);
    std::unique_lock lock(shared->mutex);
    shared->idle.wait(lock, [&] { return shared->helping == 0; });
    takeOver();
}

} // namespace WorkerPool
