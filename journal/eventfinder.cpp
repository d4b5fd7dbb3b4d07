// SPDX-License-Identifier: MIT
#include "eventfinder.h"
#include "workerpool.h"

#include <QScopeGuard>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentMap>

#include <algorithm>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace {

bool isCancelled(const std::atomic_bool *cancel)
{
    return cancel && cancel->load(std::memory_order_relaxed);
}

// A file's lines read in windows of a few MiB, in offset order.
class LineWindow
{
public:
    explicit LineWindow(const QByteArray &path)
        : m_path(path)
    {}
    ~LineWindow()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    LineWindow(const LineWindow &) = delete;
    LineWindow &operator=(const LineWindow &) = delete;

    // The line, or nullopt when the file cannot be read or has shrunk (the next update rescans it).
    std::optional<std::string_view> line(const EventRecord &r)
    {
        if (r.offset < m_start || r.offset + r.length > m_end) {
            if (m_fd < 0)
                m_fd = ::open(m_path.constData(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
            if (m_fd < 0)
                return std::nullopt;
            m_buffer.resize(std::max<size_t>(size_t(4) << 20, r.length));
            const ssize_t n = ::pread(m_fd, m_buffer.data(), m_buffer.size(), off_t(r.offset));
            if (n < qint64(r.length))
                return std::nullopt;
            m_start = r.offset;
            m_end = r.offset + quint64(n);
        }
        return std::string_view(m_buffer.data() + (r.offset - m_start), r.length);
    }

private:
    QByteArray m_path;
    int m_fd = -1;
    std::vector<char> m_buffer;
    quint64 m_start = 0;
    quint64 m_end = 0;
};

} // namespace

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
    LineWindow window(file.path);
    qsizetype counted = run.first;
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
        const auto line = window.line(r);
        if (!line)
            break;
        if (m_filter.needsText() && !m_filter.matchesText(*line))
            continue;
        if (!m_matcher.matches(*line))
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
                                         const std::atomic_bool *cancel, std::atomic<qint64> *examined) const
{
    const std::vector<Run> all = runs(rows, from, to);
    std::vector<std::vector<qint64>> found(all.size());
    std::vector<size_t> order(all.size());
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    WorkerPool::handOff();
    QtConcurrent::blockingMap(WorkerPool::instance(), order, [&](size_t i) {
        WorkerPool::takeOver();
        const auto done = qScopeGuard([] { WorkerPool::handOff(); });
        if (!isCancelled(cancel))
            found[i] = scan(rows, all[i], false, cancel, examined);
    });
    WorkerPool::takeOver();
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
    // A wave of runs per turn, as many as the pool has threads (twice, to even out uneven runs): the nearest
    // match is known after the first wave that holds one, however far the search would go.
    const size_t wave = size_t(std::max(2, WorkerPool::instance()->maxThreadCount() * 2));
    for (size_t begin = 0; begin < all.size(); begin += wave) {
        if (isCancelled(cancel))
            return std::nullopt;
        const size_t end = std::min(all.size(), begin + wave);
        std::vector<std::vector<qint64>> found(end - begin);
        std::vector<size_t> order(end - begin);
        for (size_t i = 0; i < order.size(); ++i)
            order[i] = i;
        WorkerPool::handOff();
        QtConcurrent::blockingMap(WorkerPool::instance(), order, [&](size_t i) {
            WorkerPool::takeOver();
            const auto done = qScopeGuard([] { WorkerPool::handOff(); });
            found[i] = scan(rows, all[begin + i], forward, cancel, nullptr);
        });
        WorkerPool::takeOver();
        if (isCancelled(cancel))
            return std::nullopt;
        for (const auto &part : found) {
            if (!part.empty())
                return forward ? part.front() : part.back();
        }
    }
    return std::nullopt;
}

bool EventFinder::matchesRow(const JournalIndex::RowsSnapshot &rows, qint64 row) const
{
    const auto found = findNext(rows, row, row + 1, true);
    return found.has_value();
}
