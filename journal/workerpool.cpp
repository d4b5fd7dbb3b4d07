// SPDX-License-Identifier: MIT
#include "workerpool.h"

#include <QThread>
#include <QThreadPool>

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

QThreadPool *instance()
{
    // Created on first use and never destroyed: jobs may still be winding down while statics are torn down.
    static QThreadPool *pool = makePool();
    return pool;
}

} // namespace WorkerPool
