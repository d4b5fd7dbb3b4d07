// SPDX-License-Identifier: MIT
#pragma once

#include "eventfinder.h"
#include "eventtablemodel.h"

#include <QFutureWatcher>
#include <QObject>
#include <QTimer>

#include <atomic>
#include <memory>
#include <optional>
#include <vector>

// Find without filtering: the journal rows whose line holds the find text, among the rows the active filter
// selects. Setting a query counts every match in the background (EventFinder::findAll over a RowsSnapshot); a
// step to the next or previous match does not wait for that count: until it is in, it searches outwards from
// the given row on workers and answers as soon as the nearest match is found, wrapping around the journal
// once.
//
// Live journals: rows appended are searched as they arrive; rows pruned (or read again) leave the match set
// at once, and the positions of the rest move with them, so matchCount() and ordinalOf() stay right. Results
// of jobs that ran while rows moved are moved the same way before they are used. Marks its rows on the model
// (EventTableModel::FindMatch). GUI thread only; no worker touches the model.
class FindController : public QObject, public EventTableModel::RowMarker
{
    Q_OBJECT
public:
    explicit FindController(EventTableModel *model, QObject *parent = nullptr);
    ~FindController() override;

    // An empty query ends the find.
    void setQuery(const FindQuery &query);
    const FindQuery &query() const { return m_matcher.query(); }
    const TextMatcher &matcher() const { return m_matcher; }
    // A query that can run: not empty, and a regular expression that compiles.
    bool isActive() const { return !m_matcher.isEmpty() && m_matcher.isValid(); }
    // Matches are looked for among the rows this filter selects.
    void setFilter(const EventFilter &filter);

    // True until the full count is in (rows appended later are searched as they come, without it).
    bool isCounting() const { return isActive() && m_fullPending; }
    // Every row of the journal has been searched: the match set is whole.
    bool isComplete() const
    {
        return isActive() && !m_fullPending && m_scanned >= m_model->journal().eventCount();
    }
    // The share of rows a running full count has looked at, 0..1.
    double countProgress() const;
    qint64 matchCount() const { return qint64(m_matches.size()); }
    bool isMatch(qint64 indexRow) const;
    // The 1-based position of a matching row among all matches (0 when it is not one, or not counted yet).
    qint64 ordinalOf(qint64 indexRow) const;
    // Whether a counted match has its ts in [fromNs, toNs] (for the timeline).
    bool hasMatchBetween(qint64 fromNs, qint64 toNs) const;

    // The nearest match after index row `from` (forward) or before it (backward); from = -1 starts at the
    // first row (forward) or the last one (backward). Wraps around once. Answers with stepped() or
    // stepFailed().
    void step(qint64 from, bool forward);
    bool isStepping() const { return m_stepJob.isRunning(); }

    int marks(qint64 indexRow) const override;
    QString markText(qint64 indexRow) const override;

Q_SIGNALS:
    // matchCount(), isCounting() or the match set changed.
    void countChanged();
    // The next match, as an index row of the model's journal now; wrapped: it lies past the end (or the
    // start).
    void stepped(qint64 indexRow, bool wrapped);
    // No row matches.
    void stepFailed();

private:
    // How index rows moved since a job started: replayed on its result.
    struct Edit
    {
        quint64 id;
        qint64 first;
        qint64 count;
        bool removed;
    };
    struct CountResult
    {
        std::vector<qint64> rows;
        std::vector<qint64> millis; // each row's ts in ms (min for none)
        qint64 from = 0;
        qint64 to = 0;
        bool full = false;
    };
    struct StepResult
    {
        std::optional<qint64> row;
        bool wrapped = false;
    };

    void restart();
    void pump();
    void schedulePump();
    void countFinished();
    void stepFinished();
    void rowsInserted(qint64 first, qint64 count);
    void rowsRemoved(qint64 first, qint64 count);
    void indexReset();
    void addTimes(const std::vector<qint64> &millis);
    void removeTimes(std::vector<qint64>::const_iterator from, std::vector<qint64>::const_iterator to);
    // Moves rows (ascending) through the edits made after `since`; removed rows go (and `millis` with them).
    void replay(quint64 since, std::vector<qint64> &rows, std::vector<qint64> *millis) const;
    qint64 replayRow(quint64 since, qint64 row) const;
    void trimEdits();
    EventFinder makeFinder() const;

    EventTableModel *m_model;
    TextMatcher m_matcher;
    EventFilter m_filter;
    std::vector<qint64> m_matches;                  // index rows, ascending
    std::vector<qint64> m_millis;                   // their ts in ms, in the same order
    std::vector<std::pair<qint64, qint64>> m_times; // (ms, matches at that ms), ascending
    qint64 m_scanned = 0;                           // rows [0, m_scanned) are searched
    bool m_fullPending = false;
    bool m_pumpQueued = false;
    quint64 m_generation = 0; // bumped when the query, the filter or the journal changes: drops old results
    quint64 m_editId = 0;
    std::vector<Edit> m_edits;
    quint64 m_countGeneration = 0;
    quint64 m_countEdit = 0;
    quint64 m_stepGeneration = 0;
    quint64 m_stepEdit = 0;
    quint64 m_stepJobGeneration = 0;
    qint64 m_jobEnd = 0; // the end of the rows the running count searches, as rows are numbered now
    std::shared_ptr<std::atomic_bool> m_countCancel;
    std::shared_ptr<std::atomic_bool> m_stepCancel;
    std::shared_ptr<std::atomic<qint64>> m_examined;
    // Steps searching now: the count waits for them.
    std::shared_ptr<std::atomic_int> m_stepping = std::make_shared<std::atomic_int>(0);
    qint64 m_countTotal = 0;
    QTimer m_progressTimer;
    QFutureWatcher<CountResult> m_countJob;
    QFutureWatcher<StepResult> m_stepJob;
};
