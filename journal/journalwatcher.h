// SPDX-License-Identifier: MIT
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QTimer>

class QFileSystemWatcher;

// Tells when an events directory may have changed: inotify on the directory and its newest file, plus a
// size/inode poll for what inotify misses (network file systems, lost watches, queue overflow). Bursts are
// coalesced: changed() fires at once after a quiet spell and at most once per interval during a burst.
// The owner calls setWatched() after each look at the directory, so watches follow rotation and come back
// after a file is replaced. Lives on a thread with an event loop.
class JournalWatcher : public QObject
{
    Q_OBJECT
public:
    explicit JournalWatcher(QObject *parent = nullptr);
    ~JournalWatcher() override;

    void start(int pollMs, int coalesceMs);
    void stop();
    // Holds changes back while the owner is busy with the previous one: changed() fires once it calls
    // resume().
    void pause() { m_paused = true; }
    void resume();
    // The directory (empty when it is missing) and the newest file, identified by inode.
    void setWatched(const QString &dir, const QString &newestFile, quint64 newestInode);

Q_SIGNALS:
    void changed();
    // A watch could not be added (watch limits): changes are found by polling alone. Once per watcher.
    void pollingOnly(const QStringList &paths);

private:
    void schedule();
    void fire();

    QFileSystemWatcher *m_watcher = nullptr;
    QTimer m_poll;
    QTimer m_coalesce;
    QElapsedTimer m_lastFired;
    int m_coalesceMs = 50;
    bool m_paused = false;
    bool m_pending = false;
    bool m_pollingOnlyReported = false;
    quint64 m_watchedInode = 0;
    // The last request and the paths of it that could not be watched: the same request again does not try
    // those again (each try costs a warning from Qt), a new one does.
    QStringList m_requested;
    QStringList m_failed;
};
