// SPDX-License-Identifier: MIT
#pragma once

#include <QElapsedTimer>
#include <QEventLoop>
#include <QSignalSpy>
#include <QTimer>

// Waits in the event loop, blocked as the application is between events: a loop of processEvents() would spin
// and take a core from the workers being measured.
inline bool waitFor(QSignalSpy &spy, int count, int timeoutMs = 120000)
{
    QElapsedTimer t;
    t.start();
    while (spy.count() < count && t.elapsed() < timeoutMs)
        spy.wait(int(std::max<qint64>(1, timeoutMs - t.elapsed())));
    return spy.count() >= count;
}

inline void waitMs(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}
