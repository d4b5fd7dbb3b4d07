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

namespace WorkerPool {

QThreadPool *instance()
{
    // Created on first use and never destroyed: jobs may still be winding down while statics are torn down.
    static QThreadPool *pool = makePool();
    return pool;
}

} // namespace WorkerPool
