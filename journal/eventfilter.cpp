// SPDX-License-Identifier: MIT
#include "eventfilter.h"
#include "workerpool.h"

#include "journalindex.h"

#include <QScopeGuard>
#include <QtConcurrent/QtConcurrentMap>

#include <cstring>
#include <fcntl.h>
#include <numeric>
#include <unistd.h>

bool EventFilter::isEmpty() const
{
    return !seqFrom && !seqTo && sessions.isEmpty() && types.isEmpty() && !after && !before &&
           contains.isEmpty();
}

CompiledFilter::CompiledFilter(const EventFilter &filter, const JournalIndex &index)
    : m_filter(filter)
    , m_needle(filter.ignoreCase ? filter.contains.toLower() : filter.contains)
{
    if (!filter.sessions.isEmpty()) {
        m_bySession = true;
        m_sessions.assign(index.sessions().size(), false);
        for (const QString &s : filter.sessions) {
            const qint64 id = index.sessions().find(s.toStdString());
            if (id >= 0)
                m_sessions[size_t(id)] = true;
        }
    }
    if (!filter.types.isEmpty()) {
        m_byType = true;
        m_types.assign(index.types().size(), false);
        for (const QString &t : filter.types) {
            const qint64 id = index.types().find(t.toStdString());
            if (id >= 0)
                m_types[size_t(id)] = true;
        }
    }
}

bool CompiledFilter::matchesRecord(const EventRecord &r) const
{
    if (m_filter.seqFrom && r.seq < *m_filter.seqFrom)
        return false;
    if (m_filter.seqTo && r.seq > *m_filter.seqTo)
        return false;
    if (m_bySession && (r.session >= m_sessions.size() || !m_sessions[r.session]))
        return false;
    if (m_byType && (r.type >= m_types.size() || !m_types[r.type]))
        return false;
    if (m_filter.after || m_filter.before) {
        if (r.flags & EventRecord::BadTimestamp)
            return false;
        if (m_filter.after && r.tsNanos < *m_filter.after)
            return false;
        if (m_filter.before && r.tsNanos > *m_filter.before)
            return false;
    }
    return true;
}

bool CompiledFilter::matchesText(std::string_view line) const
{
    if (m_needle.isEmpty())
        return true;
    if (!m_filter.ignoreCase)
        return ::memmem(line.data(), line.size(), m_needle.constData(), size_t(m_needle.size())) != nullptr;
    // ASCII case folding: scan for the first byte in either case, then compare the rest folded.
    const auto lower = [](unsigned char c) {
        return (c >= 'A' && c <= 'Z') ? char(c + 32) : char(c);
    };
    const size_t n = size_t(m_needle.size());
    if (line.size() < n)
        return false;
    const char first = m_needle[0];
    const char firstUpper = (first >= 'a' && first <= 'z') ? char(first - 32) : first;
    for (size_t i = 0; i + n <= line.size(); ++i) {
        if (line[i] != first && line[i] != firstUpper)
            continue;
        size_t k = 1;
        while (k < n && lower(static_cast<unsigned char>(line[i + k])) == m_needle[qsizetype(k)])
            ++k;
        if (k == n)
            return true;
    }
    return false;
}

std::vector<qint64> CompiledFilter::selectRows(const JournalIndex &index, qint64 fromRow,
                                               const std::atomic_bool *cancel) const
{
    const QList<FileIndex> &files = index.files();
    std::vector<std::vector<qint64>> perFile(size_t(files.size()));
    std::vector<int> order(size_t(files.size()));
    std::iota(order.begin(), order.end(), 0);
    WorkerPool::handOff();
    QtConcurrent::blockingMap(WorkerPool::instance(), order, [&](int f) {
        WorkerPool::takeOver();
        const auto done = qScopeGuard([] { WorkerPool::handOff(); });
        const FileIndex &fi = files[f];
        const qint64 base = index.firstRowOfFile(f);
        std::vector<qint64> &out = perFile[size_t(f)];
        int fd = -1;
        std::vector<char> window;
        quint64 winStart = 0, winEnd = 0;
        const size_t first = size_t(std::max<qint64>(0, fromRow - base));
        for (size_t i = first; i < fi.records.size(); ++i) {
            if (cancel && (i & 4095) == 0 && cancel->load(std::memory_order_relaxed))
                break;
            const EventRecord &r = fi.records[i];
            if (!matchesRecord(r))
                continue;
            if (needsText()) {
                if (r.offset < winStart || r.offset + r.length > winEnd) {
                    if (fd < 0)
                        fd = ::open(fi.entry.path.constData(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
                    if (fd < 0)
                        break;
                    window.resize(std::max<size_t>(size_t(4) << 20, r.length));
                    const ssize_t n = ::pread(fd, window.data(), window.size(), off_t(r.offset));
                    if (n < qint64(r.length))
                        break; // the file shrank: the next update rescans it
                    winStart = r.offset;
                    winEnd = r.offset + quint64(n);
                }
                if (!matchesText(std::string_view(window.data() + (r.offset - winStart), r.length)))
                    continue;
            }
            out.push_back(base + qint64(i));
        }
        if (fd >= 0)
            ::close(fd);
    });
    WorkerPool::takeOver();
    if (cancel && cancel->load())
        return {};
    std::vector<qint64> rows;
    for (const auto &part : perFile)
        rows.insert(rows.end(), part.begin(), part.end());
    return rows;
}
