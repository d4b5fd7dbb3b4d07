// SPDX-License-Identifier: MIT
#include "eventfilter.h"

#include "journalfile.h"
#include "workerpool.h"

#include "journalindex.h"

#include <cstring>

bool EventFilter::isEmpty() const
{
    return !seqFrom && !seqTo && sessions.isEmpty() && types.isEmpty() && excludeSessions.isEmpty() &&
           excludeTypes.isEmpty() && !after && !before && contains.isEmpty() && where.trimmed().isEmpty();
}

CompiledFilter::CompiledFilter(const EventFilter &filter, const JournalIndex &index)
    : m_filter(filter)
    , m_folded(filter.ignoreCase ? CaseFoldSearch(filter.contains) : CaseFoldSearch())
{
    EventQuery::Options options;
    options.ignoreCase = filter.ignoreCase;
    m_query = EventQuery::parse(filter.where, options).bound(index.sessions(), index.types());
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

bool CompiledFilter::selectInFile(const QueryMatcher::File &file, qsizetype first, std::vector<quint8> &mask,
                                  QueryMatcher &matcher, const std::atomic_bool *cancel) const
{
    const EventRecords &records = *file.records;
    mask.assign(size_t(records.size()), 0);
    bool any = false;
    for (qsizetype i = std::max<qsizetype>(first, 0); i < records.size(); ++i) {
        if ((i & 4095) == 0 && cancel && cancel->load(std::memory_order_relaxed))
            return false;
        const bool in = matchesRecord(records[i]);
        mask[size_t(i)] = in;
        any = any || in;
    }
    if (!any)
        return true;
    if (hasQuery() && !matcher.select(file, mask, m_cache.get(), cancel))
        return false;
    if (!needsText())
        return true;
    LineWindow window(file.path);
    quint64 generation = window.generation();
    bool ok = true;
    for (qsizetype i = 0; i < records.size(); ++i) {
        if (!mask[size_t(i)])
            continue;
        const EventRecord &r = records[i];
        const auto line = window.line(r.offset(), r.length);
        if (!line) {
            ok = false; // gone, or shrank: the next update rescans it
            break;
        }
        mask[size_t(i)] = matchesText(*line);
        // each window is up to 4 MiB (or one huge line) of reading: check after each
        if (window.generation() != generation) {
            generation = window.generation();
            if (cancel && cancel->load(std::memory_order_relaxed)) {
                ok = false;
                break;
            }
        }
    }
    if (!ok)
        std::fill(mask.begin(), mask.end(), quint8(0));
    return ok;
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
        const qsizetype first = qsizetype(std::max<qint64>(0, fromRow - file.firstRow));
        if (first >= records.size() || cancelled())
            return;
        QueryMatcher matcher(m_query);
        std::vector<quint8> mask;
        const QueryMatcher::File input{file.path, file.name, file.device, file.inode, file.scanId, &records};
        // A file whose lines cannot be read (gone, shrunk) contributes nothing: the next update rescans it.
        selectInFile(input, first, mask, matcher, cancel);
        std::vector<qint64> &out = perFile[f];
        for (qsizetype i = first; i < records.size(); ++i)
            if (mask[size_t(i)])
                out.push_back(file.firstRow + qint64(i));
        if (examined && !cancelled())
            examined->fetch_add(records.size() - first, std::memory_order_relaxed);
    });
    if (cancelled())
        return {};
    std::vector<qint64> result;
    for (const auto &part : perFile)
        result.insert(result.end(), part.begin(), part.end());
    return result;
}
