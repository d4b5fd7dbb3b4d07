// SPDX-License-Identifier: MIT
#pragma once

#include "workerpool.h"

#include <QSemaphore>
#include <QThreadPool>

// Occupies every worker until release(): whatever the code under test does on a worker visibly waits.
class PoolBlocker
{
public:
    PoolBlocker()
        : m_count(WorkerPool::instance()->maxThreadCount())
    {
        for (int i = 0; i < m_count; ++i)
            WorkerPool::instance()->start([this] {
                m_started.release();
                m_gate.acquire();
            });
        m_started.acquire(m_count);
    }
    ~PoolBlocker()
    {
        release();
        WorkerPool::instance()->waitForDone();
    }
    PoolBlocker(const PoolBlocker &) = delete;
    PoolBlocker &operator=(const PoolBlocker &) = delete;
    void release()
    {
        if (!m_released)
            m_gate.release(m_count);
        m_released = true;
    }

private:
    const int m_count;
    QSemaphore m_started;
    QSemaphore m_gate;
    bool m_released = false;
};
