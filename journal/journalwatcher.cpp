// SPDX-License-Identifier: MIT
#include "journalwatcher.h"

#include <QFileSystemWatcher>

#include <algorithm>
#include <limits>

JournalWatcher::JournalWatcher(QObject *parent)
    : QObject(parent)
    , m_watcher(new QFileSystemWatcher(this))
{
    m_coalesce.setSingleShot(true);
    connect(&m_coalesce, &QTimer::timeout, this, &JournalWatcher::fire);
    connect(&m_poll, &QTimer::timeout, this, &JournalWatcher::schedule);
    connect(m_watcher, &QFileSystemWatcher::directoryChanged, this, &JournalWatcher::schedule);
    connect(m_watcher, &QFileSystemWatcher::fileChanged, this, &JournalWatcher::schedule);
}

JournalWatcher::~JournalWatcher() = default;

void JournalWatcher::start(int pollMs, int coalesceMs)
{
    m_coalesceMs = std::max(0, coalesceMs);
    m_paused = false;
    m_pending = false;
    m_poll.start(std::max(10, pollMs));
}

void JournalWatcher::stop()
{
    m_poll.stop();
    m_coalesce.stop();
    const QStringList active = m_watcher->files() + m_watcher->directories();
    if (!active.isEmpty())
        m_watcher->removePaths(active);
    m_watchedInode = 0;
    m_requested.clear();
    m_failed.clear();
}

void JournalWatcher::resume()
{
    m_paused = false;
    if (m_pending) {
        m_pending = false;
        schedule();
    }
}

void JournalWatcher::schedule()
{
    if (m_paused) {
        m_pending = true;
        return;
    }
    if (m_coalesce.isActive())
        return;
    // Leading edge: a change after a quiet spell is read at once; a burst waits out the rest of the interval.
    const qint64 sinceLast =
        m_lastFired.isValid() ? m_lastFired.elapsed() : std::numeric_limits<qint64>::max();
    m_coalesce.start(int(std::max<qint64>(0, m_coalesceMs - sinceLast)));
}

void JournalWatcher::fire()
{
    m_lastFired.start();
    Q_EMIT changed();
}

void JournalWatcher::setWatched(const QString &dir, const QString &newestFile, quint64 newestInode)
{
    QStringList wanted;
    if (!dir.isEmpty())
        wanted.append(dir);
    if (!newestFile.isEmpty())
        wanted.append(newestFile);
    // The watcher drops a watch when its file is deleted or replaced, so compare with what it really has.
    const QStringList active = m_watcher->files() + m_watcher->directories();
    const bool sameRequest = wanted == m_requested && newestInode == m_watchedInode;
    if (sameRequest && active.size() + m_failed.size() == wanted.size() &&
        std::all_of(wanted.begin(), wanted.end(),
                    [&](const QString &p) { return active.contains(p) || m_failed.contains(p); }))
        return;
    if (!active.isEmpty())
        m_watcher->removePaths(active);
    m_watchedInode = newestInode;
    m_requested = wanted;
    m_failed.clear();
    if (wanted.isEmpty())
        return;
    const QStringList failed = m_watcher->addPaths(wanted);
    m_failed = failed;
    if (!failed.isEmpty() && !m_pollingOnlyReported) {
        m_pollingOnlyReported = true;
        Q_EMIT pollingOnly(failed);
    }
}
