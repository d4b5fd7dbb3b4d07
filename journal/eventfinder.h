// SPDX-License-Identifier: MIT
#pragma once

#include "casefoldsearch.h"
#include "eventfilter.h"
#include "journalindex.h"

#include <QByteArray>
#include <QList>
#include <QRegularExpression>
#include <QString>

#include <atomic>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

// What to find in the journal's lines: text, plain or a regular expression, with or without case. Plain text
// is a substring of the raw line (its bytes, or without case its code points under Unicode simple case
// folding, as the filter's text); a regular expression (Perl syntax) is matched against the line decoded
// from UTF-8.
struct FindQuery
{
    QString text;
    bool regex = false;
    bool matchCase = false;

    bool isEmpty() const { return text.isEmpty(); }
    bool operator==(const FindQuery &o) const
    {
        return text == o.text && regex == o.regex && matchCase == o.matchCase;
    }
    bool operator!=(const FindQuery &o) const { return !(*this == o); }
};

// A byte string found by two of its rarest bytes 16 positions at a time (SSE2), then compared whole.
class ExactSearch
{
public:
    ExactSearch() = default;
    explicit ExactSearch(const QByteArray &needle);
    bool isEmpty() const { return m_needle.isEmpty(); }
    // Where the first occurrence starts, or npos.
    size_t find(std::string_view text) const;

private:
    QByteArray m_needle;
    size_t m_a = 0; // positions of the anchor bytes in the needle
    size_t m_b = 0;
};

// A FindQuery made ready to test lines and to mark where it matches in text shown to the user. Immutable once
// built, cheap to copy, callable from any thread.
class TextMatcher
{
public:
    using Range = std::pair<qsizetype, qsizetype>; // start and length, in UTF-16 code units

    TextMatcher() = default;
    explicit TextMatcher(const FindQuery &query);

    const FindQuery &query() const { return m_query; }
    bool isEmpty() const { return m_query.isEmpty(); }
    // False for a regular expression that does not compile; errorText() says why.
    bool isValid() const { return m_error.isEmpty(); }
    QString errorText() const { return m_error; }

    // Whether a raw journal line (UTF-8 bytes) holds a match. Never for an empty or invalid query.
    bool matches(std::string_view line) const;
    // For plain text without a line break: where a match starts in bytes that may hold many lines (in the
    // first line holding one), or npos. A match never spans two lines, so a search can skip every line before
    // it.
    bool findsInBytes() const { return m_bytes; }
    size_t findIn(std::string_view bytes) const;
    // Where the query matches in text shown to the user, in order, at most `limit` ranges; empty matches are
    // left out.
    QList<Range> ranges(QStringView text, int limit = 1000) const;

private:
    FindQuery m_query;
    QByteArray m_utf8;
    CaseFoldSearch m_folded;
    QRegularExpression m_regex;
    QString m_error;
    bool m_bytes = false;
    ExactSearch m_exact;  // with case
    ExactSearch m_core;   // without case: the needle's longest run of bytes that have no other case
    size_t m_coreMin = 0; // bytes from a match's start to that run, at least and at most
    size_t m_coreMax = 0;
};

// Finds the journal rows whose line holds a match of a TextMatcher, among the rows a filter selects (a
// default CompiledFilter selects all). Reads only a RowsSnapshot, so the index it came from may change
// meanwhile; lines are read in large windows, and runs of rows are searched in parallel on the worker pool.
// Every call checks `cancel` as it goes and returns nothing once it is set. Callable from any thread.
class EventFinder
{
public:
    EventFinder() = default;
    EventFinder(CompiledFilter filter, TextMatcher matcher);

    const TextMatcher &matcher() const { return m_matcher; }

    // Every matching row in [from, to) (index rows; to = -1: to the end), ascending. `examined`, when given,
    // counts the rows looked at. Runs are searched a few at a time; while `yield` is above 0 (a step is
    // searching) it waits between them, so the pool's threads go to the step.
    std::vector<qint64> findAll(const JournalIndex::RowsSnapshot &rows, qint64 from = 0, qint64 to = -1,
                                const std::atomic_bool *cancel = nullptr,
                                std::atomic<qint64> *examined = nullptr,
                                const std::atomic_int *yield = nullptr) const;
    // Forward: the first matching row in [from, to). Backward: the last matching row in [to, from). Stops
    // as soon as it is known: rows are searched outwards from `from` a few runs at a time, not to the end.
    std::optional<qint64> findNext(const JournalIndex::RowsSnapshot &rows, qint64 from, qint64 to,
                                   bool forward, const std::atomic_bool *cancel = nullptr) const;
    // Whether one row matches (reads its line).
    bool matchesRow(const JournalIndex::RowsSnapshot &rows, qint64 row) const;

    // Rows searched as one task: about 4 MiB of lines in a realistic journal.
    static constexpr qint64 RunRows = 8192;

private:
    struct Run
    {
        size_t file;
        qsizetype first; // records [first, end) of the file
        qsizetype end;
    };
    std::vector<Run> runs(const JournalIndex::RowsSnapshot &rows, qint64 from, qint64 to) const;
    // The matching rows of one run, ascending; stops at the first when `firstOnly`.
    std::vector<qint64> scan(const JournalIndex::RowsSnapshot &rows, const Run &run, bool firstOnly,
                             const std::atomic_bool *cancel, std::atomic<qint64> *examined) const;

    CompiledFilter m_filter;
    TextMatcher m_matcher;
};
