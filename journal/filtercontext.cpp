// SPDX-License-Identifier: MIT
#include "filtercontext.h"

#include "journalfile.h"

#include <algorithm>
#include <unordered_set>

namespace {

const EventRecord *recordAt(const JournalIndex::RowsSnapshot &rows, qint64 row,
                            const JournalIndex::RowsSnapshot::File **fileOut = nullptr)
{
    const auto it =
        std::upper_bound(rows.files.begin(), rows.files.end(), row,
                         [](qint64 r, const JournalIndex::RowsSnapshot::File &f) { return r < f.firstRow; });
    if (it == rows.files.begin())
        return nullptr;
    const auto &file = *(it - 1);
    const qint64 k = row - file.firstRow;
    if (fileOut)
        *fileOut = &file;
    return k >= 0 && k < file.records.size() ? &file.records[qsizetype(k)] : nullptr;
}

} // namespace

std::vector<qint64> FilterContext::matching(const CompiledFilter &filter,
                                            const JournalIndex::RowsSnapshot &rows,
                                            const std::vector<qint64> &candidates)
{
    std::vector<qint64> out;
    QByteArray line;
    for (const qint64 row : candidates) {
        const JournalIndex::RowsSnapshot::File *file = nullptr;
        const EventRecord *r = recordAt(rows, row, &file);
        if (!r || !filter.matchesRecord(*r))
            continue;
        if (filter.needsText()) {
            line.resize(qsizetype(r->length));
            if (!JournalFile(file->path).readExactly(r->offset(), line.data(), r->length) ||
                !filter.matchesText(std::string_view(line.constData(), size_t(line.size()))))
                continue;
        }
        out.push_back(row);
    }
    return out;
}

quint32 FilterContext::sessionOf(const JournalIndex::RowsSnapshot &rows, qint64 row)
{
    const EventRecord *r = recordAt(rows, row);
    return r ? r->session : 0;
}

FilterContext::Rows FilterContext::expand(const std::vector<qint64> &matches,
                                          const JournalIndex::RowsSnapshot &rows, const Options &options,
                                          const std::atomic_bool *cancel)
{
    Rows out;
    const qint64 n = std::max(0, options.events);
    const qint64 total = rows.eventCount();
    const auto cancelled = [cancel] {
        return cancel && cancel->load(std::memory_order_relaxed);
    };
    if (options.scope == Scope::Journal) {
        // Matches ascending: each one's window starts at or after the last one's, so a running end suffices.
        qint64 next = 0; // the first row not yet shown
        out.shown.reserve(matches.size());
        for (size_t i = 0; i < matches.size(); ++i) {
            if ((i & 4095) == 4095 && cancelled())
                return {};
            const qint64 m = matches[i];
            for (qint64 r = std::max(next, m - n); r <= std::min(total - 1, m + n); ++r)
                out.shown.push_back(r);
            next = std::max(next, std::min(total, m + n + 1));
        }
    } else {
        out.shown.reserve(matches.size());
        for (size_t i = 0; i < matches.size(); ++i) {
            if ((i & 4095) == 4095 && cancelled())
                return {};
            const qint64 m = matches[i];
            out.shown.push_back(m);
            const quint32 s = sessionOf(rows, m);
            if (s == 0 || qsizetype(s) >= rows.sessionRows.size() || n == 0)
                continue;
            const SessionRows &list = rows.sessionRows.at(s);
            const qsizetype at = list.lowerBound(quint32(m));
            for (SessionRows::Cursor c(list, std::max<qsizetype>(0, at - n));
                 !c.atEnd() && c.position() <= at + n; c.next())
                out.shown.push_back(qint64(c.row()));
        }
        std::sort(out.shown.begin(), out.shown.end());
        out.shown.erase(std::unique(out.shown.begin(), out.shown.end()), out.shown.end());
    }
    if (cancelled())
        return {};
    out.context.reserve(out.shown.size() - std::min(out.shown.size(), matches.size()));
    std::set_difference(out.shown.begin(), out.shown.end(), matches.begin(), matches.end(),
                        std::back_inserter(out.context));
    return out;
}

std::vector<qint64> FilterContext::lookBack(const JournalIndex::RowsSnapshot &rows, qint64 from,
                                            const Options &options)
{
    std::vector<qint64> out;
    const qint64 n = std::max(0, options.events);
    if (n == 0 || from <= 0)
        return out;
    if (options.scope == Scope::Journal) {
        for (qint64 r = std::max<qint64>(0, from - n); r < from; ++r)
            out.push_back(r);
        return out;
    }
    std::unordered_set<quint32> sessions;
    for (qint64 r = from; r < rows.eventCount(); ++r) {
        const quint32 s = sessionOf(rows, r);
        if (s == 0 || !sessions.insert(s).second || qsizetype(s) >= rows.sessionRows.size())
            continue;
        const SessionRows &list = rows.sessionRows.at(s);
        const qsizetype at = list.lowerBound(quint32(from));
        for (SessionRows::Cursor c(list, std::max<qsizetype>(0, at - n)); c.position() < at; c.next())
            out.push_back(qint64(c.row()));
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}
