// SPDX-License-Identifier: MIT
#include "eventfilter.h"
#include "workerpool.h"

#include "journalindex.h"

#include <cstring>
#include <fcntl.h>
#include <unistd.h>

bool EventFilter::isEmpty() const
{
    return !seqFrom && !seqTo && sessions.isEmpty() && types.isEmpty() && excludeSessions.isEmpty() &&
           excludeTypes.isEmpty() && !after && !before && contains.isEmpty();
}

CompiledFilter::CompiledFilter(const EventFilter &filter, const JournalIndex &index)
    : m_filter(filter)
    , m_folded(filter.ignoreCase ? CaseFoldSearch(filter.contains) : CaseFoldSearch())
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
    // Excluded names the index does not know (yet) exclude nothing: their ids would be new.
    for (const QString &s : filter.excludeSessions) {
        const qint64 id = index.sessions().find(s.toStdString());
        if (id < 0)
            continue;
        m_notSessions.resize(size_t(index.sessions().size()), false);
        m_notSessions[size_t(id)] = true;
    }
    for (const QString &t : filter.excludeTypes) {
        const qint64 id = index.types().find(t.toStdString());
        if (id < 0)
            continue;
        m_notTypes.resize(size_t(index.types().size()), false);
        m_notTypes[size_t(id)] = true;
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
    if (r.session < m_notSessions.size() && m_notSessions[r.session])
        return false;
    if (r.type < m_notTypes.size() && m_notTypes[r.type])
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
    const QByteArray &needle = m_filter.contains;
    if (needle.isEmpty())
        return true;
    if (m_filter.ignoreCase)
        return m_folded.contains(line);
    return ::memmem(line.data(), line.size(), needle.constData(), size_t(needle.size())) != nullptr;
}

std::vector<qint64> CompiledFilter::selectRows(const JournalIndex::RowsSnapshot &rows, qint64 fromRow,
                                               const std::atomic_bool *cancel,
                                               std::atomic<qint64> *examined) const
{
    const auto &files = rows.files;
    std::vector<std::vector<qint64>> perFile(files.size());
    const auto cancelled = [cancel] {
        return cancel && cancel->load(std::memory_order_relaxed);
    };
    WorkerPool::forEach(files.size(), [&](size_t f) {
        const JournalIndex::RowsSnapshot::File &file = files[f];
        const EventRecords &records = file.records;
        std::vector<qint64> &out = perFile[f];
        int fd = -1;
        std::vector<char> window;
        quint64 winStart = 0, winEnd = 0;
        const qsizetype first = qsizetype(std::max<qint64>(0, fromRow - file.firstRow));
        qsizetype counted = first;
        const auto count = [&](qsizetype upTo) {
            if (examined)
                examined->fetch_add(upTo - counted, std::memory_order_relaxed);
            counted = upTo;
        };
        for (qsizetype i = first; i < records.size(); ++i) {
            if ((i & 4095) == 0) {
                count(i);
                if (cancelled())
                    break;
            }
            const EventRecord &r = records[i];
            if (!matchesRecord(r))
                continue;
            if (needsText()) {
                if (r.offset < winStart || r.offset + r.length > winEnd) {
                    if (cancelled())
                        break; // each window is up to 4 MiB (or one huge line) of reading: check before each
                    if (fd < 0)
                        fd = ::open(file.path.constData(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
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
            out.push_back(file.firstRow + qint64(i));
        }
        if (fd >= 0)
            ::close(fd);
        if (!cancelled())
            count(records.size());
    });
    WorkerPool::takeOver();
    if (cancelled())
        return {};
    std::vector<qint64> result;
    for (const auto &part : perFile)
        result.insert(result.end(), part.begin(), part.end());
    return result;
}
