// SPDX-License-Identifier: MIT
#pragma once

#include "casefoldsearch.h"
#include "eventquery.h"
#include "eventrecord.h"
#include "journalindex.h"

#include <QByteArray>
#include <QStringList>

#include <atomic>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

// Which events to show or export. Criteria combine with AND; lists (sessions, types) match any of their
// entries, and the exclusion lists (excludeSessions, excludeTypes) drop events that match any of theirs. Seq
// and time ranges are inclusive. Events whose ts the server would reject never match a time range. The text
// criterion is a substring of the raw line: its bytes, or with ignoreCase its code points under Unicode
// simple case folding (CaseFoldSearch). where is a query (EventQuery); its bare "text" terms follow
// ignoreCase too. A where that does not parse matches nothing: check it with EventQuery::parse first.
struct EventFilter
{
    std::optional<quint64> seqFrom;
    std::optional<quint64> seqTo;
    QStringList sessions; // "" matches events without a session
    QStringList types;
    QStringList excludeSessions; // "" drops events without a session
    QStringList excludeTypes;
    std::optional<qint64> after; // ns since the epoch
    std::optional<qint64> before;
    QByteArray contains;
    bool ignoreCase = false;
    QString where;

    bool isEmpty() const;
};

// An EventFilter bound to one index's string tables, for fast evaluation over records. Cheap to copy; valid
// as long as the index's string tables are not replaced (they only grow). Callable from any thread.
class CompiledFilter
{
public:
    CompiledFilter() = default;
    CompiledFilter(const EventFilter &filter, const JournalIndex &index);

    // Field values the query reads are kept in this cache's columns between runs (see QueryColumnCache).
    void setCache(std::shared_ptr<QueryColumnCache> cache) { m_cache = std::move(cache); }

    // The criteria an index record decides alone (a query may need the line as well).
    bool matchesRecord(const EventRecord &record) const;
    bool needsText() const { return !m_filter.contains.isEmpty(); }
    bool matchesText(std::string_view line) const;
    bool hasQuery() const { return !m_query.isEmpty(); }
    const EventQuery &query() const { return m_query; }
    // Whether the final word on a record needs its line: text, or a query.
    bool needsLine() const { return needsText() || hasQuery(); }

    // The records of one file that match, as a mask over file.records (rows before `first` left out):
    // the record criteria, then the query (matcher, one per thread, made from query()), then the text, each
    // reading only the lines of the rows still in. False when the file could not be read or cancel was set
    // (the mask is then empty).
    bool selectInFile(const QueryMatcher::File &file, qsizetype first, std::vector<quint8> &mask,
                      QueryMatcher &matcher, const std::atomic_bool *cancel = nullptr) const;

    // The index rows from `fromRow` on that match, ascending. Files are searched in parallel on the worker
    // pool, lines read in large windows. Reads only the snapshot, so the index it came from may change (or
    // go) meanwhile. Empty when cancelled. `examined`, when given, counts the rows looked at so far (for a
    // progress display; the total is rows.eventCount() - fromRow).
    std::vector<qint64> selectRows(const JournalIndex::RowsSnapshot &rows, qint64 fromRow = 0,
                                   const std::atomic_bool *cancel = nullptr,
                                   std::atomic<qint64> *examined = nullptr) const;
    std::vector<qint64> selectRows(const JournalIndex &index, qint64 fromRow = 0,
                                   const std::atomic_bool *cancel = nullptr) const
    {
        return selectRows(*index.snapshot(), fromRow, cancel);
    }

private:
    EventFilter m_filter;
    EventQuery m_query;
    std::shared_ptr<QueryColumnCache> m_cache;
    bool m_bySession = false;
    bool m_byType = false;
    std::vector<bool> m_sessions; // by id
    std::vector<bool> m_types;
    std::vector<bool> m_notSessions; // by id; empty: none excluded
    std::vector<bool> m_notTypes;
    CaseFoldSearch m_folded; // with ignoreCase
};
