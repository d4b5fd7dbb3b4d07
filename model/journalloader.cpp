// SPDX-License-Identifier: MIT
#include "journalloader.h"
#include "workerpool.h"

#include "eventtablemodel.h"
#include "journaldirectory.h"
#include "journalwatcher.h"
#include "latestjob.h"

#include <QFile>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

namespace {

constexpr qsizetype FilesPerStage = 4;

} // namespace

JournalLoader::JournalLoader(EventTableModel *model, QObject *parent)
    : QObject(parent)
    , m_model(model)
    , m_watcher(new JournalWatcher(this))
{
    connect(m_watcher, &JournalWatcher::changed, this, [this] {
        m_updatePending = true;
        pump();
    });
    connect(&m_changesJob, &QFutureWatcherBase::finished, this, &JournalLoader::scanFinished);
    connect(&m_filterJob, &QFutureWatcherBase::finished, this, &JournalLoader::filterJobFinished);
    connect(&m_awaitTimer, &QTimer::timeout, this, [this] {
        const JournalDirectory::Resolved resolved = JournalDirectory::resolve(m_awaited);
        if (resolved.noJournalYet)
            return;
        const QString path = m_awaited;
        QString error;
        if (!open(path, &error))
            Q_EMIT loadFailed(error);
    });
    m_progressTimer.setInterval(100);
    connect(&m_progressTimer, &QTimer::timeout, this, [this] {
        if (!m_progressTotal)
            return;
        if (m_filtering && m_filterWhole)
            Q_EMIT filterProgressed(m_progressDone->load(), m_progressTotal->load());
        else
            Q_EMIT loadProgressed(m_progressDone->load(), m_progressTotal->load());
    });
}

JournalLoader::~JournalLoader()
{
    cancel();
    m_changesJob.waitForFinished();
    m_filterJob.waitForFinished();
}

bool JournalLoader::open(const QString &path, QString *error)
{
    const JournalDirectory::Resolved resolved = JournalDirectory::resolve(path);
    m_awaitTimer.stop();
    m_awaited.clear();
    if (resolved.noJournalYet) {
        close();
        m_awaited = path;
        m_awaitTimer.start(m_pollMs);
        Q_EMIT waitingForJournal(path);
        return true;
    }
    if (!resolved.ok()) {
        *error = resolved.error;
        return false;
    }
    cancel();
    m_dir = resolved.eventsDir;
    reload();
    return true;
}

void JournalLoader::reload()
{
    if (m_dir.isEmpty())
        return;
    cancel();
    ++m_generation;
    m_cancel = std::make_shared<std::atomic_bool>(false);
    m_model->resetIndex(JournalIndex());
    m_model->setFilteredRows(m_filter.isEmpty() ? std::nullopt
                                                : std::optional<std::vector<qint64>>(std::vector<qint64>()));
    m_loading = true;
    m_updatePending = false;
    m_filterPending = false;
    m_clock.start();
    Q_EMIT loadStarted(m_dir);
    m_watcher->stop();
    if (m_live) {
        m_watcher->start(m_pollMs, 50);
        m_watcher->setWatched(m_dir, {}, 0);
    }
    if (!busy())
        startScan(Scan::FirstFile);
    // else: the running job's result is dropped (old generation) and pump() starts the load
}

void JournalLoader::close()
{
    m_awaitTimer.stop();
    m_awaited.clear();
    cancel();
    ++m_generation;
    m_watcher->stop();
    m_dir.clear();
    m_loading = false;
    m_model->resetIndex(JournalIndex());
}

void JournalLoader::cancel()
{
    if (m_cancel)
        m_cancel->store(true);
}

void JournalLoader::setLive(bool live)
{
    m_live = live;
    if (!live) {
        m_watcher->stop();
    } else if (!m_dir.isEmpty()) {
        m_watcher->start(m_pollMs, 50);
        m_updatePending = true;
        pump();
    }
}

void JournalLoader::setFilter(const EventFilter &filter)
{
    m_filter = filter;
    if (filter.isEmpty()) {
        m_filterPending = false;
        m_model->setFilteredRows(std::nullopt);
        Q_EMIT filterFinished(m_model->rowCount(), 0);
        return;
    }
    m_filterPending = true;
    if (m_filtering)
        cancel(); // superseded; pump() restarts it
    pump();
}

void JournalLoader::setContext(const FilterContext::Options &context)
{
    if (context == m_context)
        return;
    m_context = context;
    if (m_filter.isEmpty())
        return;
    m_filterPending = true;
    if (m_filtering)
        cancel(); // superseded; pump() restarts it
    pump();
}

void JournalLoader::pump()
{
    if (busy() || m_dir.isEmpty())
        return;
    if (m_loading) {
        startScan(Scan::FirstFile);
    } else if (m_filterPending) {
        startFilter(true);
    } else if (m_updatePending && m_live) {
        startScan(Scan::Update);
    }
}

void JournalLoader::newJob()
{
    m_jobGeneration = m_generation;
    if (!m_cancel || m_cancel->load())
        m_cancel = std::make_shared<std::atomic_bool>(false);
}

// Filters the whole index (whole), or only the rows from m_filterFrom on (the events an update appended).
void JournalLoader::startFilter(bool whole)
{
    newJob();
    m_filtering = true;
    m_filterWhole = whole;
    const auto cancelFlag = m_cancel;
    m_filterPending = false;
    CompiledFilter compiled(m_filter, m_model->journal());
    compiled.setCache(m_model->queryCache());
    // The worker reads a frozen copy of the rows: a reload, close or update may replace the model's
    // index while it runs.
    std::shared_ptr<const JournalIndex::RowsSnapshot> rows = m_model->journal().snapshot();
    const qint64 from = whole ? 0 : m_filterFrom;
    m_progressDone = std::make_shared<std::atomic<qint64>>(0);
    m_progressTotal = std::make_shared<std::atomic<qint64>>(rows->eventCount() - from);
    if (whole)
        m_progressTimer.start();
    m_clock.start();
    m_filterJob.setFuture(WorkerPool::run([compiled, rows = std::move(rows), from, cancelFlag,
                                           done = m_progressDone, context = m_context] {
        FilterRows out;
        if (!context.isEnabled()) {
            out.rows = compiled.selectRows(*rows, from, cancelFlag.get(), done.get());
            return out;
        }
        // New events may be the context of matches just before them: those are asked again.
        std::vector<qint64> matches;
        if (from > 0)
            matches = FilterContext::matching(compiled, *rows, FilterContext::lookBack(*rows, from, context));
        const std::vector<qint64> fresh = compiled.selectRows(*rows, from, cancelFlag.get(), done.get());
        matches.insert(matches.end(), fresh.begin(), fresh.end());
        FilterContext::Rows expanded = FilterContext::expand(matches, *rows, context, cancelFlag.get());
        out.rows = std::move(expanded.shown);
        out.context = std::move(expanded.context);
        return out;
    }));
}

// Lists the directory and scans what changed since the index's cursors: the first file, the next files of a
// first load, or an update.
void JournalLoader::startScan(Scan stage)
{
    newJob();
    m_scanning = true;
    m_scan = stage;
    const auto cancelFlag = m_cancel;
    const QString dir = m_dir;
    if (stage == Scan::Update) {
        m_updatePending = false;
        m_watcher->pause();
    }
    // A copy costs O(files) here; the worker's changes to it copy only what they touch.
    JournalIndex index = m_model->journal();
    m_progressDone = std::make_shared<std::atomic<qint64>>(0);
    m_progressTotal = std::make_shared<std::atomic<qint64>>(0);
    const auto done = m_progressDone, total = m_progressTotal;
    if (stage == Scan::Rest)
        m_progressTimer.start();
    m_scanOut = std::make_shared<ScanOut>();
    m_moreToLoad = std::make_shared<std::atomic_bool>(false);
    const auto out = m_scanOut;
    const auto more = m_moreToLoad;
    m_changesJob.setFuture(WorkerPool::run([stage, dir, index = std::move(index), cancelFlag, done, total,
                                            out, more]() mutable {
        const std::vector<JournalIndex::FileCursor> cursors = index.cursors();
        JournalListing listing = JournalDirectory::list(dir);
        // A first load comes in stages: the first file, then a few files at a time, so rows show at once
        // and each stage lands in the view without a long pause.
        qint64 base = 0, all = 0;
        for (const JournalEntry &e : listing.files)
            all += e.size;
        if (stage == Scan::FirstFile || stage == Scan::Rest) {
            const qsizetype upto = stage == Scan::FirstFile ? 1 : qsizetype(cursors.size()) + FilesPerStage;
            if (listing.files.size() > upto) {
                listing.files.resize(upto);
                more->store(true);
            }
            for (qsizetype i = 0; i < qsizetype(cursors.size()) && i < listing.files.size(); ++i)
                base += listing.files[i].size;
        }
        total->store(all);
        done->store(base);
        JournalIndex::Options options;
        options.cancel = cancelFlag.get();
        options.progress = [done, base](qint64 d, qint64) {
            done->store(base + d);
        };
        out->changes = JournalIndex::scanChanges(listing, cursors, options);
        if (!out->changes.cancelled && index.appliesAsAppend(out->changes)) {
            out->update = index.apply(std::move(out->changes));
            out->applied = std::move(index);
        }
        // The copy goes before the GUI thread hears of the result: a change it then makes to its own index
        // (a prune, a rescan) must not find the records still shared, and copy them all.
        index = JournalIndex();
    }));
}

void JournalLoader::filterJobFinished()
{
    WorkerPool::takeOver();
    m_filtering = false;
    m_progressTimer.stop();
    FilterRows rows = m_filterJob.result();
    if (m_jobGeneration == m_generation && !(m_cancel && m_cancel->load()) && !m_filterPending) {
        if (m_filterWhole) {
            m_model->setFilteredRows(std::move(rows.rows), std::move(rows.context));
            Q_EMIT filterFinished(m_model->rowCount(), m_clock.elapsed());
        } else {
            m_model->addFilteredRows(rows.rows, rows.context);
        }
    }
    pump();
}

void JournalLoader::scanFinished()
{
    WorkerPool::takeOver();
    m_scanning = false;
    const Scan stage = m_scan;
    const bool current = m_jobGeneration == m_generation;
    m_progressTimer.stop();
    const std::shared_ptr<ScanOut> out = std::exchange(m_scanOut, nullptr);
    JournalIndex::Changes &changes = out->changes;
    if (!current || changes.cancelled) {
        releaseOnWorker(std::move(*out)); // it may hold every record of a stage
        pump();
        return;
    }
    const bool missing = !changes.listing.ok() || !QFile::exists(m_dir);
    if (missing != m_dirMissing) {
        m_dirMissing = missing;
        Q_EMIT directoryMissing(missing);
    }
    if (!changes.listing.ok()) {
        if (stage != Scan::Update) {
            m_loading = false;
            Q_EMIT loadFailed(changes.listing.error);
        }
        if (m_live)
            m_watcher->resume();
        return;
    }
    // Files gone from the listing were pruned; a name still listed but no longer a regular file was not.
    QStringList removedNames, unreadableNames;
    const QList<FileIndex> &before = m_model->journal().files();
    for (const int i : std::as_const(changes.removed)) {
        const QString &name = before[i].entry.name;
        const bool stillListed = std::any_of(changes.listing.files.begin(), changes.listing.files.end(),
                                             [&name](const JournalEntry &e) { return e.name == name; });
        (stillListed ? unreadableNames : removedNames).append(name);
    }
    JournalIndex::Update update;
    if (out->applied) {
        update = out->update;
        m_model->takeAppended(std::move(*out->applied), update);
    } else {
        update = m_model->applyChanges(std::move(changes));
    }
    const QList<FileIndex> &files = m_model->journal().files();
    if (!files.isEmpty())
        m_watcher->setWatched(m_dir, QFile::decodeName(files.last().entry.path), files.last().entry.inode);

    if (stage == Scan::FirstFile)
        Q_EMIT firstRowsShown(m_clock.elapsed());
    if ((stage == Scan::FirstFile || stage == Scan::Rest) && m_moreToLoad->load()) {
        startScan(Scan::Rest);
        return;
    }
    if (stage == Scan::FirstFile || stage == Scan::Rest) {
        m_loading = false;
        if (m_progressTotal)
            Q_EMIT loadProgressed(m_progressTotal->load(), m_progressTotal->load());
        Q_EMIT loadFinished(m_model->journal().eventCount(), m_clock.elapsed());
        if (!m_filter.isEmpty())
            m_filterPending = true;
    } else {
        if (!removedNames.isEmpty()) {
            const auto oldest = m_model->journal().oldestSeq();
            Q_EMIT filesPruned(removedNames, oldest.value_or(0), oldest.has_value());
        }
        QStringList reloaded;
        for (const int i : update.rescannedFiles)
            (files[i].entry.readable() ? reloaded : unreadableNames).append(files[i].entry.name);
        if (!reloaded.isEmpty())
            Q_EMIT filesReloaded(reloaded);
        if (!unreadableNames.isEmpty())
            Q_EMIT filesUnreadable(unreadableNames);
        if (update.appendedEvents > 0)
            Q_EMIT eventsAppended(update.appendedEvents);
    }
    if (m_live)
        m_watcher->resume();
    if (stage == Scan::Update && !m_filter.isEmpty() && !m_filterPending) {
        if (!update.rescannedFiles.isEmpty()) {
            m_filterPending = true; // rows came back in the middle: filter everything again
        } else if (update.appendedEvents > 0) {
            m_filterFrom = m_model->journal().eventCount() - update.appendedEvents;
            startFilter(false);
            return;
        }
    }
    pump();
}
