// SPDX-License-Identifier: MIT
#include "findcontroller.h"
#include "workerpool.h"

#include <QScopeGuard>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <limits>

namespace {

constexpr qint64 NoTime = std::numeric_limits<qint64>::min();

// Where the count and the step wait for their searches, which run on the WorkerPool. Not on the WorkerPool
// itself: a job there that waits for more work there holds a thread, and two such jobs (a count, and the
// loader's scan) would hold both while their work waits in the queue.
QThreadPool *findPool()
{
    static QThreadPool *pool = [] {
        auto *p = new QThreadPool;
        p->setMaxThreadCount(2); // a count and a step
        p->setObjectName(QStringLiteral("bamboo-journal find"));
        return p;
    }();
    return pool;
}

// Each row's ts in ms (NoTime when the server would reject it); rows ascending.
std::vector<qint64> millisOf(const JournalIndex::RowsSnapshot &rows, const std::vector<qint64> &matches)
{
    std::vector<qint64> out;
    out.reserve(matches.size());
    size_t file = 0;
    for (const qint64 row : matches) {
        while (file + 1 < rows.files.size() && rows.files[file + 1].firstRow <= row)
            ++file;
        const EventRecord &r = rows.files[file].records[qsizetype(row - rows.files[file].firstRow)];
        out.push_back((r.flags & EventRecord::BadTimestamp) ? NoTime : r.tsNanos / 1000000);
    }
    return out;
}

} // namespace

FindController::FindController(EventTableModel *model, QObject *parent)
    : QObject(parent)
    , m_model(model)
{
    m_model->addMarker(this);
    connect(m_model, &EventTableModel::indexRowsInserted, this, &FindController::rowsInserted);
    connect(m_model, &EventTableModel::indexRowsRemoved, this, &FindController::rowsRemoved);
    connect(m_model, &EventTableModel::indexReset, this, &FindController::indexReset);
    connect(&m_countJob, &QFutureWatcherBase::finished, this, &FindController::countFinished);
    connect(&m_stepJob, &QFutureWatcherBase::finished, this, &FindController::stepFinished);
    m_progressTimer.setInterval(200);
    connect(&m_progressTimer, &QTimer::timeout, this, &FindController::countChanged);
}

FindController::~FindController()
{
    if (m_countCancel)
        m_countCancel->store(true);
    if (m_stepCancel)
        m_stepCancel->store(true);
    m_countJob.waitForFinished();
    m_stepJob.waitForFinished();
}

void FindController::setQuery(const FindQuery &query)
{
    if (query == m_matcher.query())
        return;
    m_matcher = TextMatcher(query);
    restart();
}

void FindController::setFilter(const EventFilter &filter)
{
    m_filter = filter;
    if (isActive() || !m_matches.empty())
        restart();
}

EventFinder FindController::makeFinder() const
{
    return EventFinder(m_filter.isEmpty() ? CompiledFilter() : CompiledFilter(m_filter, m_model->journal()),
                       m_matcher);
}

void FindController::restart()
{
    ++m_generation;
    if (m_countCancel)
        m_countCancel->store(true);
    if (m_stepCancel)
        m_stepCancel->store(true);
    m_matches.clear();
    m_millis.clear();
    m_times.clear();
    m_scanned = 0;
    m_fullPending = isActive();
    m_progressTimer.stop();
    Q_EMIT countChanged();
    m_model->marksChanged();
    pump();
}

void FindController::schedulePump()
{
    if (m_pumpQueued)
        return;
    m_pumpQueued = true;
    QMetaObject::invokeMethod(this, &FindController::pump, Qt::QueuedConnection);
}

void FindController::pump()
{
    m_pumpQueued = false;
    if (m_countJob.isRunning() || !isActive())
        return;
    const qint64 total = m_model->journal().eventCount();
    if (!m_fullPending && m_scanned >= total)
        return;
    const bool full = m_fullPending;
    const qint64 from = full ? 0 : m_scanned;
    std::shared_ptr<const JournalIndex::RowsSnapshot> rows = m_model->journal().snapshot();
    const EventFinder finder = makeFinder();
    m_countCancel = std::make_shared<std::atomic_bool>(false);
    m_examined = std::make_shared<std::atomic<qint64>>(0);
    m_countTotal = total - from;
    m_jobEnd = total;
    m_countGeneration = m_generation;
    m_countEdit = m_editId;
    if (full)
        m_progressTimer.start();
    const auto cancel = m_countCancel;
    const auto examined = m_examined;
    const auto stepping = m_stepping;
    m_countJob.setFuture(WorkerPool::run(
        findPool(), [finder, rows = std::move(rows), from, total, full, cancel, examined, stepping] {
            CountResult result;
            result.rows = finder.findAll(*rows, from, total, cancel.get(), examined.get(), stepping.get());
            result.millis = millisOf(*rows, result.rows);
            result.from = from;
            result.to = total;
            result.full = full;
            return result;
        }));
}

double FindController::countProgress() const
{
    if (!m_fullPending || !m_examined || m_countTotal <= 0)
        return m_fullPending ? 0.0 : 1.0;
    return std::clamp(double(m_examined->load()) / double(m_countTotal), 0.0, 1.0);
}

void FindController::countFinished()
{
    WorkerPool::takeOver();
    m_progressTimer.stop();
    const bool cancelled = m_countCancel && m_countCancel->load();
    if (m_countGeneration != m_generation || cancelled || m_countJob.future().isCanceled()) {
        trimEdits();
        pump();
        return;
    }
    CountResult result = m_countJob.result();
    replay(m_countEdit, result.rows, &result.millis);
    qint64 to = result.to;
    for (const Edit &e : m_edits) {
        if (e.id <= m_countEdit)
            continue;
        if (e.removed && to > e.first)
            to -= std::min(e.count, to - e.first);
        else if (!e.removed && e.first < to)
            to += e.count; // not reached: rows inserted among searched ones restart the count
    }
    if (result.full) {
        m_matches = std::move(result.rows);
        m_millis = std::move(result.millis);
        m_times.clear();
        addTimes(m_millis);
        m_fullPending = false;
    } else {
        // Appended rows: all after the ones searched before.
        m_matches.insert(m_matches.end(), result.rows.begin(), result.rows.end());
        m_millis.insert(m_millis.end(), result.millis.begin(), result.millis.end());
        addTimes(result.millis);
    }
    m_scanned = to;
    trimEdits();
    Q_EMIT countChanged();
    if (!result.rows.empty() || result.full)
        m_model->marksChanged();
    pump();
}

void FindController::trimEdits()
{
    if (!m_countJob.isRunning() && !m_stepJob.isRunning())
        m_edits.clear();
}

void FindController::replay(quint64 since, std::vector<qint64> &rows, std::vector<qint64> *millis) const
{
    for (const Edit &e : m_edits) {
        if (e.id <= since)
            continue;
        const auto lo = std::lower_bound(rows.begin(), rows.end(), e.first);
        if (e.removed) {
            const auto hi = std::lower_bound(lo, rows.end(), e.first + e.count);
            if (millis) {
                const auto m = millis->begin() + (lo - rows.begin());
                millis->erase(m, m + (hi - lo));
            }
            for (auto it = rows.erase(lo, hi); it != rows.end(); ++it)
                *it -= e.count;
        } else {
            for (auto it = lo; it != rows.end(); ++it)
                *it += e.count;
        }
    }
}

qint64 FindController::replayRow(quint64 since, qint64 row) const
{
    std::vector<qint64> one{row};
    replay(since, one, nullptr);
    return one.empty() ? -1 : one.front();
}

void FindController::addTimes(const std::vector<qint64> &millis)
{
    for (const qint64 ms : millis) {
        if (ms == NoTime)
            continue;
        if (m_times.empty() || m_times.back().first < ms) {
            m_times.emplace_back(ms, 1);
            continue;
        }
        const auto it = std::lower_bound(m_times.begin(), m_times.end(), std::make_pair(ms, qint64(0)));
        if (it != m_times.end() && it->first == ms)
            ++it->second;
        else
            m_times.insert(it, {ms, 1});
    }
}

void FindController::removeTimes(std::vector<qint64>::const_iterator from,
                                 std::vector<qint64>::const_iterator to)
{
    bool emptied = false;
    for (auto m = from; m != to; ++m) {
        if (*m == NoTime)
            continue;
        const auto it = std::lower_bound(m_times.begin(), m_times.end(), std::make_pair(*m, qint64(0)));
        if (it != m_times.end() && it->first == *m && --it->second == 0)
            emptied = true;
    }
    if (emptied) // one pass for all: a prune takes its matches from the front
        m_times.erase(
            std::remove_if(m_times.begin(), m_times.end(), [](const auto &t) { return t.second == 0; }),
            m_times.end());
}

void FindController::rowsRemoved(qint64 first, qint64 count)
{
    if (m_countJob.isRunning() || m_stepJob.isRunning())
        m_edits.push_back({++m_editId, first, count, true});
    const auto lo = std::lower_bound(m_matches.begin(), m_matches.end(), first);
    const auto hi = std::lower_bound(lo, m_matches.end(), first + count);
    const auto mlo = m_millis.begin() + (lo - m_matches.begin());
    const auto mhi = mlo + (hi - lo);
    const bool dropped = lo != hi;
    removeTimes(mlo, mhi);
    m_millis.erase(mlo, mhi);
    for (auto it = m_matches.erase(lo, hi); it != m_matches.end(); ++it)
        *it -= count;
    if (m_scanned > first)
        m_scanned -= std::min(count, m_scanned - first);
    if (m_jobEnd > first)
        m_jobEnd -= std::min(count, m_jobEnd - first);
    if (dropped || isActive())
        Q_EMIT countChanged();
}

void FindController::rowsInserted(qint64 first, qint64 count)
{
    if (!isActive())
        return;
    // Rows read again in the middle (a truncated or replaced file) among rows searched, or being searched:
    // count again. Rows after them (appends) are searched next.
    const qint64 covered = m_countJob.isRunning() ? m_jobEnd : m_scanned;
    if (first < covered) {
        restart();
        return;
    }
    if (m_countJob.isRunning() || m_stepJob.isRunning())
        m_edits.push_back({++m_editId, first, count, false});
    schedulePump();
}

void FindController::indexReset()
{
    if (isActive() || !m_matches.empty())
        restart();
}

bool FindController::isMatch(qint64 indexRow) const
{
    return std::binary_search(m_matches.begin(), m_matches.end(), indexRow);
}

qint64 FindController::ordinalOf(qint64 indexRow) const
{
    const auto it = std::lower_bound(m_matches.begin(), m_matches.end(), indexRow);
    return it != m_matches.end() && *it == indexRow ? qint64(it - m_matches.begin()) + 1 : 0;
}

bool FindController::hasMatchBetween(qint64 fromNs, qint64 toNs) const
{
    const auto it =
        std::lower_bound(m_times.begin(), m_times.end(), std::make_pair(fromNs / 1000000, qint64(0)));
    return it != m_times.end() && it->first <= toNs / 1000000;
}

int FindController::marks(qint64 indexRow) const
{
    return isMatch(indexRow) ? EventTableModel::FindMatch : 0;
}

QString FindController::markText(qint64 indexRow) const
{
    return isMatch(indexRow) ? tr("matches the find text") : QString();
}

void FindController::step(qint64 from, bool forward)
{
    if (!isActive())
        return;
    if (m_stepCancel)
        m_stepCancel->store(true);
    ++m_stepGeneration;
    const qint64 total = m_model->journal().eventCount();
    if (isComplete()) {
        if (m_matches.empty()) {
            Q_EMIT stepFailed();
            return;
        }
        if (forward) {
            const auto it = std::upper_bound(m_matches.begin(), m_matches.end(), from);
            Q_EMIT stepped(it == m_matches.end() ? m_matches.front() : *it, it == m_matches.end());
        } else {
            const auto it = std::lower_bound(m_matches.begin(), m_matches.end(), from < 0 ? total : from);
            Q_EMIT stepped(it == m_matches.begin() ? m_matches.back() : *(it - 1), it == m_matches.begin());
        }
        return;
    }
    // Not all counted yet: search outwards from `from` on workers, the nearest rows first.
    std::shared_ptr<const JournalIndex::RowsSnapshot> rows = m_model->journal().snapshot();
    const EventFinder finder = makeFinder();
    m_stepCancel = std::make_shared<std::atomic_bool>(false);
    const auto cancel = m_stepCancel;
    const quint64 generation = m_stepGeneration;
    m_stepEdit = m_editId;
    const qint64 start = forward ? from + 1 : (from < 0 ? total : from);
    m_stepJob.setFuture(WorkerPool::run(
        findPool(), [finder, rows = std::move(rows), start, total, forward, cancel, stepping = m_stepping] {
            StepResult result;
            stepping->fetch_add(1);
            const auto resume = qScopeGuard([&stepping] { stepping->fetch_sub(1); });
            result.row = forward ? finder.findNext(*rows, start, total, true, cancel.get())
                                 : finder.findNext(*rows, start, 0, false, cancel.get());
            if (!result.row && !cancel->load()) {
                result.wrapped = true;
                result.row = forward ? finder.findNext(*rows, 0, start, true, cancel.get())
                                     : finder.findNext(*rows, total, start, false, cancel.get());
            }
            return result;
        }));
    m_stepJobGeneration = generation;
}

void FindController::stepFinished()
{
    WorkerPool::takeOver();
    const bool current = m_stepJobGeneration == m_stepGeneration && !(m_stepCancel && m_stepCancel->load());
    const StepResult result = current ? m_stepJob.result() : StepResult();
    const quint64 since = m_stepEdit;
    const qint64 row = result.row ? replayRow(since, *result.row) : -1;
    trimEdits();
    if (!current)
        return;
    if (!result.row)
        Q_EMIT stepFailed();
    else if (row >= 0)
        Q_EMIT stepped(row, result.wrapped);
    else
        Q_EMIT stepFailed(); // pruned while it was found: rare, and the next step finds the next one
}
