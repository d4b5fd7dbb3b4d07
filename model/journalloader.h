// SPDX-License-Identifier: MIT
#pragma once

#include "eventfilter.h"
#include "filtercontext.h"
#include "journalindex.h"

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QObject>
#include <QTimer>

#include <atomic>
#include <memory>
#include <optional>

class EventTableModel;
class JournalWatcher;

// Loads an events directory into an EventTableModel and keeps it current: the first file first (rows show
// at once), then the rest a few files at a time in the background; afterwards, each change the JournalWatcher
// reports is scanned on a worker and applied as row insertions and removals. Filters run on workers too.
// Jobs run one at a time, and no worker reads the model's index: a scan gets the files' cursors by value, a
// filter a RowsSnapshot, so reload(), close() and the model's own changes never wait for a worker nor pull
// anything from under one. A generation counter drops the results of a superseded job. GUI thread only.
class JournalLoader : public QObject
{
    Q_OBJECT
public:
    explicit JournalLoader(EventTableModel *model, QObject *parent = nullptr);
    ~JournalLoader() override;

    // Resolves path (a bamboo dir or its events dir) and starts loading; false with an error when it cannot.
    // A directory with neither events/ nor journal files in it yet is waited for (waitingForJournal()): it
    // opens as soon as either appears, since a server writes its events/ there and a writer may write its
    // files into it directly.
    bool open(const QString &path, QString *error);
    void reload();
    void close();
    void cancel();
    QString eventsDir() const { return m_dir; }
    bool isLoading() const { return m_loading; }

    // Follow the directory for changes (default on).
    void setLive(bool live);
    void setPollInterval(int ms) { m_pollMs = ms; }

    void setFilter(const EventFilter &filter);
    const EventFilter &filter() const { return m_filter; }
    // With a filter, also show the events around each match (as context: EventTableModel::ContextRole),
    // computed with the filter on its worker, and kept as events arrive.
    void setContext(const FilterContext::Options &context);
    const FilterContext::Options &context() const { return m_context; }

Q_SIGNALS:
    void loadStarted(const QString &eventsDir);
    void firstRowsShown(qint64 elapsedMs);
    void loadProgressed(qint64 bytesDone, qint64 bytesTotal);
    void loadFinished(qint64 events, qint64 elapsedMs);
    void loadFailed(const QString &error);
    void filterFinished(int matches, qint64 elapsedMs);
    // While a filter over the whole journal runs: events looked at so far, of all (about every 100 ms).
    void filterProgressed(qint64 done, qint64 total);
    void eventsAppended(qint64 count);
    // Files left the directory (the server's prune, or ours): clients behind oldestSeq get a feed_reset.
    void filesPruned(const QStringList &files, quint64 oldestSeq, bool hasOldest);
    void filesReloaded(const QStringList &files);
    // Files whose name now stands for a FIFO, a device or a directory: their events left the index, but
    // nothing was pruned.
    void filesUnreadable(const QStringList &files);
    void directoryMissing(bool missing);
    void waitingForJournal(const QString &path);

private:
    // Two kinds of job, one at a time: a scan of the directory's changes, and a filter over the index.
    enum class Scan { FirstFile, Rest, Update };
    void newJob();
    void startScan(Scan stage);
    void scanFinished();
    void startFilter(bool whole);
    void filterJobFinished();
    bool busy() const { return m_scanning || m_filtering; }
    void pump();

    EventTableModel *m_model;
    JournalWatcher *m_watcher;
    QString m_dir;
    EventFilter m_filter;
    bool m_live = true;
    int m_pollMs = 1000;
    bool m_loading = false;
    bool m_updatePending = false;
    bool m_filterPending = false;
    bool m_dirMissing = false;
    qint64 m_filterFrom = 0; // first index row of the events a FilterNew job looks at
    bool m_scanning = false;
    Scan m_scan = Scan::FirstFile;
    bool m_filtering = false;
    bool m_filterWhole = true;
    quint64 m_generation = 0;
    quint64 m_jobGeneration = 0;
    std::shared_ptr<std::atomic_bool> m_cancel;
    std::shared_ptr<std::atomic<qint64>> m_progressDone;
    std::shared_ptr<std::atomic<qint64>> m_progressTotal;
    QTimer m_progressTimer;
    QString m_awaited; // a directory without a journal yet, resolved again every poll
    QTimer m_awaitTimer;
    QElapsedTimer m_clock;
    QFutureWatcher<void> m_changesJob;
    // What a scan hands back, filled by the worker (QFuture::result() would copy it).
    struct ScanOut
    {
        JournalIndex::Changes changes;
        // Changes that only append (a first load's stages, most live updates) are applied by the worker to a
        // copy of the index: then this is the new index, and `changes` is spent.
        std::optional<JournalIndex> applied;
        JournalIndex::Update update;
    };
    std::shared_ptr<ScanOut> m_scanOut;
    // Whether a staged first load has files left.
    std::shared_ptr<std::atomic_bool> m_moreToLoad;
    struct FilterRows
    {
        std::vector<qint64> rows;
        std::vector<qint64> context;
    };
    FilterContext::Options m_context;
    QFutureWatcher<FilterRows> m_filterJob;
};
