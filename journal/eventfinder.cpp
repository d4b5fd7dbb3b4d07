// SPDX-License-Identifier: MIT
#include "eventfinder.h"

#include "journalfile.h"
#include "workerpool.h"

#include <QThread>
#include <QThreadPool>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstring>
#include <limits>
#include <optional>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace {

bool isCancelled(const std::atomic_bool *cancel)
{
    return cancel && cancel->load(std::memory_order_relaxed);
}

// How common a byte is in journal lines (JSON punctuation, spaces, frequent letters): lower is rarer.
int commonness(unsigned char c)
{
    static constexpr std::string_view Frequent = "\":,{} _etaoinsr";
    if (Frequent.find(char(c)) != std::string_view::npos)
        return 3;
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
        return 2;
    return 1;
}

} // namespace

ExactSearch::ExactSearch(const QByteArray &needle)
    : m_needle(needle)
{
    // The two rarest bytes anchor the search (ties: the farther apart, the fewer false hits).
    const size_t n = size_t(needle.size());
    if (n < 2)
        return;
    const auto rank = [&needle](size_t i) {
        return commonness(uchar(needle[qsizetype(i)]));
    };
    for (size_t i = 1; i < n; ++i) {
        if (rank(i) < rank(m_a))
            m_a = i;
    }
    m_b = m_a == 0 ? n - 1 : 0;
    const auto distance = [this](size_t i) {
        return i > m_a ? i - m_a : m_a - i;
    };
    for (size_t i = 0; i < n; ++i) {
        if (i != m_a && (rank(i) < rank(m_b) || (rank(i) == rank(m_b) && distance(i) > distance(m_b))))
            m_b = i;
    }
}

size_t ExactSearch::find(std::string_view text) const
{
    const size_t n = size_t(m_needle.size());
    const char *needle = m_needle.constData();
    if (n < 2 || text.size() < n)
        return n == 0 ? 0 : n > text.size() ? std::string_view::npos : text.find(needle[0]);
#if defined(__SSE2__)
    // Candidates 16 at a time where both anchor bytes sit at their distance, then a compare of the rest.
    const __m128i a = _mm_set1_epi8(needle[m_a]);
    const __m128i b = _mm_set1_epi8(needle[m_b]);
    const char *p = text.data();
    size_t i = 0;
    for (; i + n + 15 <= text.size(); i += 16) {
        const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p + i + m_a));
        const __m128i y = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p + i + m_b));
        unsigned mask =
            unsigned(_mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(x, a), _mm_cmpeq_epi8(y, b))));
        while (mask) {
            const size_t at = i + size_t(__builtin_ctz(mask));
            if (std::memcmp(p + at, needle, n) == 0)
                return at;
            mask &= mask - 1;
        }
    }
    const void *rest = ::memmem(p + i, text.size() - i, needle, n);
    return rest ? size_t(static_cast<const char *>(rest) - p) : std::string_view::npos;
#else
    const void *at = ::memmem(text.data(), text.size(), needle, n);
    return at ? size_t(static_cast<const char *>(at) - text.data()) : std::string_view::npos;
#endif
}

TextMatcher::TextMatcher(const FindQuery &query)
    : m_query(query)
    , m_utf8(query.text.toUtf8())
{
    if (query.isEmpty())
        return;
    if (query.regex) {
        QRegularExpression::PatternOptions options = QRegularExpression::UseUnicodePropertiesOption;
        if (!query.matchCase)
            options |= QRegularExpression::CaseInsensitiveOption;
        m_regex = QRegularExpression(query.text, options);
        if (!m_regex.isValid())
            m_error = m_regex.errorString();
        else
            m_regex.optimize(); // compiled here, once, not by the first of several threads
    } else if (!query.matchCase) {
        m_folded = CaseFoldSearch(m_utf8);
    }
    m_bytes = !query.regex && !m_utf8.contains('\n');
    if (!m_bytes)
        return;
    if (query.matchCase) {
        m_exact = ExactSearch(m_utf8);
        return;
    }
    // Without case: the longest run of bytes no case changes (ASCII other than letters) is searched exactly,
    // and each place it is found is tried as part of a match.
    qsizetype best = 0, bestLength = 0;
    for (qsizetype i = 0; i < m_utf8.size();) {
        qsizetype j = i;
        while (j < m_utf8.size() && uchar(m_utf8[j]) < 0x80 && !std::isalpha(uchar(m_utf8[j])))
            ++j;
        if (j - i > bestLength) {
            best = i;
            bestLength = j - i;
        }
        i = j + 1;
    }
    if (bestLength >= 3) {
        m_core = ExactSearch(m_utf8.mid(best, bestLength));
        // Code points before the run: each 1 to 4 bytes in the text, whatever its spelling.
        qsizetype codePoints = 0;
        for (qsizetype i = 0; i < best; ++i)
            codePoints += (uchar(m_utf8[i]) & 0xC0) != 0x80;
        m_coreMin = size_t(codePoints);
        m_coreMax = size_t(codePoints) * 4;
    }
}
size_t TextMatcher::findIn(std::string_view bytes) const
{
    if (!m_bytes || m_query.isEmpty())
        return std::string_view::npos;
    if (m_query.matchCase)
        return m_exact.find(bytes);
    if (m_core.isEmpty())
        return m_folded.find(bytes);
    // A match in the first line that holds one (the skip needs no more): the first place the run is found
    // that is part of a match.
    for (size_t from = 0; from < bytes.size();) {
        const size_t core = m_core.find(bytes.substr(from));
        if (core == std::string_view::npos)
            return core;
        const size_t at = from + core;
        for (size_t start = at >= m_coreMax ? at - m_coreMax : 0; start + m_coreMin <= at; ++start) {
            if (m_folded.matchesAt(bytes, start))
                return start;
        }
        from = at + 1;
    }
    return std::string_view::npos;
}

bool TextMatcher::matches(std::string_view line) const
{
    if (m_query.isEmpty() || !isValid())
        return false;
    if (m_query.regex) {
        const QString text = QString::fromUtf8(line.data(), qsizetype(line.size()));
        return m_regex.match(text).hasMatch();
    }
    if (!m_query.matchCase)
        return m_folded.contains(line);
    return ::memmem(line.data(), line.size(), m_utf8.constData(), size_t(m_utf8.size())) != nullptr;
}

QList<TextMatcher::Range> TextMatcher::ranges(QStringView text, int limit) const
{
    QList<Range> out;
    if (m_query.isEmpty() || !isValid() || limit <= 0)
        return out;
    if (m_query.regex) {
        // QStringView overloads of match() arrive with Qt 6.5: a shared copy costs a reference count here.
        const QString subject = text.toString();
        auto it = m_regex.globalMatch(subject);
        while (it.hasNext() && out.size() < limit) {
            const QRegularExpressionMatch m = it.next();
            if (m.capturedLength() > 0)
                out.append({m.capturedStart(), m.capturedLength()});
        }
        return out;
    }
    const Qt::CaseSensitivity cs = m_query.matchCase ? Qt::CaseSensitive : Qt::CaseInsensitive;
    const qsizetype n = m_query.text.size();
    for (qsizetype at = text.indexOf(m_query.text, 0, cs); at >= 0 && out.size() < limit;
         at = text.indexOf(m_query.text, at + n, cs))
        out.append({at, n});
    return out;
}

EventFinder::EventFinder(CompiledFilter filter, TextMatcher matcher)
    : m_filter(std::move(filter))
    , m_matcher(std::move(matcher))
{}

std::vector<EventFinder::Run> EventFinder::runs(const JournalIndex::RowsSnapshot &rows, qint64 from,
                                                qint64 to) const
{
    std::vector<Run> out;
    const qint64 end = to < 0 ? rows.eventCount() : std::min(to, rows.eventCount());
    from = std::max<qint64>(0, from);
    for (size_t f = 0; f < rows.files.size(); ++f) {
        const auto &file = rows.files[f];
        const qint64 fileEnd = file.firstRow + file.records.size();
        const qint64 a = std::max(from, file.firstRow), b = std::min(end, fileEnd);
        for (qint64 at = a; at < b; at += RunRows)
            out.push_back(
                {f, qsizetype(at - file.firstRow), qsizetype(std::min(b, at + RunRows) - file.firstRow)});
    }
    return out;
}

std::vector<qint64> EventFinder::scan(const JournalIndex::RowsSnapshot &rows, const Run &run, bool firstOnly,
                                      const std::atomic_bool *cancel, std::atomic<qint64> *examined) const
{
    std::vector<qint64> out;
    if (m_matcher.isEmpty() || !m_matcher.isValid())
        return out;
    const auto &file = rows.files[run.file];
    const EventRecord &last = file.records[run.end - 1];
    // One buffer per thread, kept: a new one per run would be allocated and faulted in every few MiB.
    thread_local std::vector<char> buffer;
    LineWindow::Options windowOptions;
    windowOptions.limit = last.offset() + last.length;
    windowOptions.buffer = &buffer;
    LineWindow window(file.path, windowOptions);
    qsizetype counted = run.first;
    // Plain text: the next match in the window is found once, and every line before it is passed over.
    const bool skipAhead = m_matcher.findsInBytes();
    quint64 hit = 0; // file offset of the next match in the window (max: none)
    quint64 hitGeneration = std::numeric_limits<quint64>::max();
    // The filter's query, when it has one, is matched on the lines the text leaves (its cost is the line's
    // parse, paid only for lines that hold a match).
    std::optional<LineQueryMatcher> where;
    if (m_filter.hasQuery())
        where.emplace(m_filter.query());
    const std::string_view fileName(file.name.constData(), size_t(file.name.size()));
    for (qsizetype i = run.first; i < run.end; ++i) {
        if (((i - run.first) & 1023) == 1023) {
            if (examined)
                examined->fetch_add(i - counted, std::memory_order_relaxed);
            counted = i;
            if (isCancelled(cancel))
                return {};
        }
        const EventRecord &r = file.records[i];
        if (!m_filter.matchesRecord(r))
            continue;
        const auto line = window.line(r.offset(), r.length);
        if (!line)
            break;
        if (skipAhead) {
            if (hitGeneration != window.generation() || hit < r.offset()) {
                const size_t at = m_matcher.findIn(window.from(r.offset()));
                hit = at == std::string_view::npos ? std::numeric_limits<quint64>::max() : r.offset() + at;
                hitGeneration = window.generation();
            }
            if (r.offset() + r.length <= hit)
                continue; // the next match is after this line
        }
        if (m_filter.needsText() && !m_filter.matchesText(*line))
            continue;
        if (!m_matcher.matches(*line))
            continue;
        if (where && !where->matches(*line, fileName))
            continue;
        out.push_back(file.firstRow + qint64(i));
        if (firstOnly)
            break;
    }
    if (examined)
        examined->fetch_add(run.end - counted, std::memory_order_relaxed);
    return out;
}

std::vector<qint64> EventFinder::findAll(const JournalIndex::RowsSnapshot &rows, qint64 from, qint64 to,
                                         const std::atomic_bool *cancel, std::atomic<qint64> *examined,
                                         const std::atomic_int *yield) const
{
    const std::vector<Run> all = runs(rows, from, to);
    std::vector<std::vector<qint64>> found(all.size());
    // A wave of runs at a time, not all at once: the pool's queue is first come, first served, and a step
    // queued behind every run of a count would wait for the whole count.
    const size_t wave = size_t(std::max(2, WorkerPool::instance()->maxThreadCount() * 2));
    for (size_t begin = 0; begin < all.size() && !isCancelled(cancel); begin += wave) {
        while (yield && yield->load(std::memory_order_relaxed) > 0 && !isCancelled(cancel))
            QThread::usleep(500);
        WorkerPool::forEach(std::min(wave, all.size() - begin), [&](size_t i) {
            if (!isCancelled(cancel))
                found[begin + i] = scan(rows, all[begin + i], false, cancel, examined);
        });
    }
    if (isCancelled(cancel))
        return {};
    std::vector<qint64> out;
    for (const auto &part : found)
        out.insert(out.end(), part.begin(), part.end());
    return out;
}

std::optional<qint64> EventFinder::findNext(const JournalIndex::RowsSnapshot &rows, qint64 from, qint64 to,
                                            bool forward, const std::atomic_bool *cancel) const
{
    std::vector<Run> all = forward ? runs(rows, from, to) : runs(rows, to, from);
    if (!forward)
        std::reverse(all.begin(), all.end());
    // Runs are handed out nearest first to this thread and the idle workers; once a run holds a match, the
    // runs after it are passed over, and the nearest run with a match gives the answer. No run waits for
    // another to finish, so uneven runs leave no thread idle.
    constexpr size_t None = std::numeric_limits<size_t>::max();
    std::atomic<size_t> nearest{None};
    std::vector<qint64> hit(all.size(), -1);
    WorkerPool::forEach(all.size(), [&](size_t i) {
        if (i > nearest.load(std::memory_order_relaxed) || isCancelled(cancel))
            return;
        const std::vector<qint64> part = scan(rows, all[i], forward, cancel, nullptr);
        if (part.empty())
            return;
        hit[i] = forward ? part.front() : part.back();
        size_t seen = nearest.load(std::memory_order_relaxed);
        while (i < seen && !nearest.compare_exchange_weak(seen, i, std::memory_order_relaxed)) {
        }
    });
    if (isCancelled(cancel) || nearest.load() == None)
        return std::nullopt;
    return hit[nearest.load()];
}

bool EventFinder::matchesRow(const JournalIndex::RowsSnapshot &rows, qint64 row) const
{
    const auto found = findNext(rows, row, row + 1, true);
    return found.has_value();
}
