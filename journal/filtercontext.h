// SPDX-License-Identifier: MIT
#pragma once

#include "eventfilter.h"
#include "journalindex.h"

#include <atomic>
#include <vector>

// The events around a filter's matches, as grep -C shows lines: each match and up to `events` events before
// and after it, either in the whole journal or in the match's own session (by the index's per-session rows; a
// match without a session then has none). Pure functions over a RowsSnapshot, for workers.
class FilterContext
{
public:
    enum class Scope { Journal, Session };

    struct Options
    {
        int events = 0; // 0: no context
        Scope scope = Scope::Journal;
        bool isEnabled() const { return events > 0; }
        bool operator==(const Options &o) const { return events == o.events && scope == o.scope; }
        bool operator!=(const Options &o) const { return !(*this == o); }
    };

    // The rows to show (matches and their context, ascending, no repeats) and which of them are context only.
    struct Rows
    {
        std::vector<qint64> shown;
        std::vector<qint64> context; // ascending, a subset of shown
    };

    // `matches` ascending. Empty when cancelled.
    static Rows expand(const std::vector<qint64> &matches, const JournalIndex::RowsSnapshot &rows,
                       const Options &options, const std::atomic_bool *cancel = nullptr);

    // For events appended from row `from` on: the rows before it whose context may now reach the new rows
    // (the `events` rows before `from`, or each new row's session's `events` rows before `from`), ascending.
    // Whether they match must be asked again: a filter's matches are not kept.
    static std::vector<qint64> lookBack(const JournalIndex::RowsSnapshot &rows, qint64 from,
                                        const Options &options);

    // Which of `candidates` (ascending) the filter matches, reading each one's line when it has text.
    static std::vector<qint64> matching(const CompiledFilter &filter, const JournalIndex::RowsSnapshot &rows,
                                        const std::vector<qint64> &candidates);

    // The session id of a row (0: none), from the snapshot's records.
    static quint32 sessionOf(const JournalIndex::RowsSnapshot &rows, qint64 row);
};
