// SPDX-License-Identifier: MIT
#include "journalindex.h"
#include "workerpool.h"

#include <QHash>

#include <algorithm>
#include <unordered_set>

namespace {

struct Job
{
    int file;
    JournalEntry entry;
    quint64 from;
    quint64 firstLine;
    quint64 maxBytes = std::numeric_limits<quint64>::max();
    LastLine lastLine;
};

class ProgressCounter
{
public:
    explicit ProgressCounter(const JournalIndex::Options &options, qint64 total)
        : m_options(options)
        , m_total(total)
    {}
    void add(qint64 bytes)
    {
        if (!m_options.progress)
            return;
        constexpr qint64 Step = 4 << 20;
        const qint64 done = m_done.fetch_add(bytes) + bytes;
        if (done / Step != (done - bytes) / Step || done == m_total)
            m_options.progress(done, m_total);
    }

private:
    const JournalIndex::Options &m_options;
    qint64 m_total;
    std::atomic<qint64> m_done{0};
};

std::vector<FileScan> runJobs(const std::vector<Job> &jobs, const JournalIndex::Options &options)
{
    qint64 total = 0;
    for (const Job &job : jobs)
        total += std::max<qint64>(0, job.entry.size - qint64(job.from));
    ProgressCounter counter(options, total);
    FileScanner::Options scanOptions;
    scanOptions.cancel = options.cancel;
    scanOptions.seqFrom = options.seqFrom;
    scanOptions.seqTo = options.seqTo;
    scanOptions.keepLines = options.keepLines;
    scanOptions.progress = [&counter](qint64 bytes) {
        counter.add(bytes);
    };
    std::vector<FileScan> scans(jobs.size());
    WorkerPool::forEach(scans.size(), [&](size_t i) {
        FileScanner::Options fileOptions = scanOptions;
        fileOptions.maxBytes = jobs[i].maxBytes;
        fileOptions.lastLine = jobs[i].lastLine;
        scans[i] = FileScanner::scan(jobs[i].entry, jobs[i].from, jobs[i].firstLine, fileOptions);
    });
    return scans;
}

} // namespace

std::optional<quint64> FileIndex::firstSeq() const
{
    return records.empty() ? std::nullopt : std::optional<quint64>(records.front().seq);
}

std::optional<quint64> FileIndex::lastSeq() const
{
    return records.empty() ? std::nullopt : std::optional<quint64>(records.back().seq);
}

std::optional<quint64> FileIndex::maxSeq() const
{
    if (records.empty())
        return std::nullopt;
    quint64 m = 0;
    for (const EventRecord &r : records)
        m = std::max(m, r.seq);
    return m;
}

JournalIndex JournalIndex::build(const QString &eventsDir, const Options &options)
{
    return build(JournalDirectory::list(eventsDir), options);
}

JournalIndex JournalIndex::build(const JournalListing &listing, const Options &options)
{
    JournalIndex index;
    index.m_dir = listing.dir;
    index.update(listing, options);
    return index;
}

quint64 newFileScanId()
{
    static std::atomic<quint64> next{1};
    return next.fetch_add(1, std::memory_order_relaxed);
}

std::shared_ptr<const JournalIndex::RowsSnapshot> JournalIndex::snapshot() const
{
    auto out = std::make_shared<RowsSnapshot>();
    out->files.reserve(size_t(m_files.size()));
    for (int i = 0; i < m_files.size(); ++i)
        out->files.push_back({m_files[i].entry.path, firstRowOfFile(i), m_files[i].records,
                              m_files[i].entry.name.toUtf8(), m_files[i].entry.device, m_files[i].entry.inode,
                              m_files[i].scanId});
    out->sessionRows = m_sessionRows;
    out->seqsAscending = m_seqsAscending;
    return out;
}

std::vector<JournalIndex::FileCursor> JournalIndex::cursors() const
{
    std::vector<FileCursor> out;
    out.reserve(size_t(m_files.size()));
    for (const FileIndex &fi : m_files) {
        FileCursor c;
        c.name = fi.entry.name;
        c.device = fi.entry.device;
        c.inode = fi.entry.inode;
        c.type = fi.entry.type;
        c.failed = !fi.error.isEmpty() && fi.entry.readable();
        c.sizeSeen = fi.sizeSeen;
        c.mtimeNs = fi.entry.mtimeNs;
        c.resumeOffset = fi.resumeOffset;
        c.lines = fi.lines;
        c.lastLine = fi.lastLine;
        out.push_back(c);
    }
    return out;
}

JournalIndex::Changes JournalIndex::scanChanges(const JournalListing &listing,
                                                const std::vector<FileCursor> &known, const Options &options)
{
    Changes changes;
    changes.listing = listing;
    if (!listing.ok())
        return changes;
    std::vector<JournalChanges::Known> knownFiles;
    knownFiles.reserve(known.size());
    for (const FileCursor &c : known)
        knownFiles.push_back({c.name, c.device, c.inode, c.type, c.sizeSeen, c.mtimeNs});
    const JournalChanges found = JournalChanges::between(knownFiles, listing);
    std::vector<Job> jobs;
    for (int pos = 0; pos < listing.files.size(); ++pos) {
        const JournalEntry &entry = listing.files[pos];
        const JournalChanges::Change &change = found.files[size_t(pos)];
        FilePlan plan;
        plan.change = change.kind;
        if (change.known >= 0) {
            const FileCursor &old = known[size_t(change.known)];
            plan.oldPos = change.known;
            const bool sameFile =
                change.kind == JournalChanges::Change::Same || change.kind == JournalChanges::Change::Grew;
            if (sameFile && !old.failed) {
                plan.kind = change.kind == JournalChanges::Change::Grew && entry.readable() ? FilePlan::Append
                                                                                            : FilePlan::Keep;
                // Re-read from the last newline: a pending tail or unterminated event may now be complete.
                if (plan.kind == FilePlan::Append)
                    jobs.push_back({pos, entry, old.resumeOffset, old.lines + 1,
                                    std::numeric_limits<quint64>::max(), old.lastLine});
                changes.plan.push_back(plan);
                continue;
            }
            plan.kind = FilePlan::Rescan;
            plan.retry = old.failed && old.device == entry.device && old.inode == entry.inode;
        } else {
            plan.kind = FilePlan::Add;
        }
        if (entry.readable())
            jobs.push_back({pos, entry, 0, 1});
        changes.plan.push_back(plan);
    }
    changes.removed = found.removed;
    // The budget goes to the files in journal order; a file left without any is read in a later step.
    quint64 budget = options.byteBudget;
    for (size_t j = 0; j < jobs.size(); ++j) {
        if (budget == 0) {
            jobs.resize(j);
            changes.more = true;
            break;
        }
        jobs[j].maxBytes = budget;
        budget -= std::min<quint64>(budget,
                                    quint64(std::max<qint64>(0, jobs[j].entry.size - qint64(jobs[j].from))));
    }
    std::vector<FileScan> scans = runJobs(jobs, options);
    for (size_t j = 0; j < jobs.size(); ++j) {
        changes.more = changes.more || scans[j].stoppedEarly;
        FilePlan &plan = changes.plan[size_t(jobs[j].file)];
        if (scans[j].restarted && plan.kind == FilePlan::Append) { // rewritten in place: it was read again
            plan.kind = FilePlan::Rescan;
            plan.change = JournalChanges::Change::Truncated;
        }
        changes.scans.emplace_back(jobs[j].file, std::move(scans[j]));
    }
    changes.cancelled = options.cancel && options.cancel->load();
    return changes;
}

JournalIndex::Update JournalIndex::update(const JournalListing &listing, const Options &options)
{
    return apply(scanChanges(listing, cursors(), options));
}

void JournalIndex::recountRows()
{
    m_rowStart.assign(size_t(m_files.size()) + 1, 0);
    for (int i = 0; i < m_files.size(); ++i)
        m_rowStart[size_t(i) + 1] = m_rowStart[size_t(i)] + qint64(m_files[i].records.size());
}

JournalIndex::Update JournalIndex::apply(Changes &&changes, RowListener *listener)
{
    Update update;
    m_listError = changes.listing.error;
    m_ignored = changes.listing.ignored;
    if (!changes.listing.ok())
        return update; // keep what is known; the caller shows the error
    if (m_rowStart.size() != size_t(m_files.size()) + 1)
        recountRows();
    const auto removeRows = [&](int file, qint64 first, qint64 count, const std::function<void()> &mutate) {
        const qint64 start = m_rowStart[size_t(file)] + first;
        m_orderBroken = true;
        if (listener && count > 0)
            listener->beginRemoveRows(start, start + count - 1);
        mutate();
        recountRows();
        if (listener && count > 0)
            listener->endRemoveRows();
    };

    // 1. Files gone, and files to read again, lose their rows (last first, so row numbers stay valid).
    std::vector<bool> rescan(size_t(m_files.size()), false);
    for (const FilePlan &plan : changes.plan) {
        if (plan.kind == FilePlan::Rescan)
            rescan[size_t(plan.oldPos)] = true;
    }
    for (int i = int(m_files.size()) - 1; i >= 0; --i) {
        const qint64 rows = qint64(m_files[i].records.size());
        if (changes.removed.contains(i)) {
            update.removedFiles.prepend(i);
            removeRows(i, 0, rows, [&] { m_files[i].records.clear(); });
        } else if (rescan[size_t(i)]) {
            removeRows(i, 0, rows, [&] { m_files[i] = FileIndex(); });
        }
    }
    // 2. The new file order: kept files keep their relative order, new ones come in empty (no rows move).
    QList<FileIndex> files;
    files.reserve(changes.listing.files.size());
    bool retried = false;
    for (int pos = 0; pos < changes.listing.files.size(); ++pos) {
        const FilePlan &plan = changes.plan[size_t(pos)];
        FileIndex fi = plan.oldPos >= 0 ? std::move(m_files[plan.oldPos]) : FileIndex();
        fi.entry = changes.listing.files[pos];
        if (plan.kind == FilePlan::Add)
            update.addedFiles.append(pos);
        else if (plan.kind == FilePlan::Rescan && !plan.retry)
            update.rescannedFiles.append(pos);
        retried = retried || plan.retry;
        files.append(std::move(fi));
    }
    if (!update.removedFiles.isEmpty() || !update.rescannedFiles.isEmpty() || retried ||
        (!update.addedFiles.isEmpty() &&
         update.addedFiles.first() < int(changes.plan.size()) - update.addedFiles.size()))
        m_orderBroken = true; // file positions moved: every record's file id is rewritten
    m_files = std::move(files);
    recountRows();
    // 3. Scans bring rows in, file by file.
    for (auto &[pos, scan] : changes.scans) {
        FileIndex &fi = m_files[pos];
        if (scan.startOffset > 0 && !fi.records.empty() &&
            (fi.records.back().flags & EventRecord::Unterminated))
            removeRows(pos, qint64(fi.records.size()) - 1, 1, [&] { fi.records.pop_back(); });
        const qint64 before = qint64(fi.records.size());
        const qint64 count = qint64(scan.records.size());
        const qint64 start = m_rowStart[size_t(pos)] + before;
        if (listener && count > 0)
            listener->beginInsertRows(start, start + count - 1);
        adopt(pos, std::move(scan));
        recountRows();
        if (start + count != eventCount())
            m_orderBroken = true; // rows landed before the end
        if (listener && count > 0)
            listener->endInsertRows();
        if (changes.plan[size_t(pos)].kind != FilePlan::Rescan)
            update.appendedEvents += count;
    }
    m_cancelled = changes.cancelled;
    for (FileIndex &fi : m_files) {
        if (!fi.entry.readable())
            fi.error = QStringLiteral("%1: %2, not a regular file")
                           .arg(fi.entry.name, JournalEntry::typeName(fi.entry.type));
    }
    finish();
    if (listener && update.changed())
        listener->flagsMayHaveChanged();
    return update;
}

void JournalIndex::adopt(int fileIndex, FileScan &&scan)
{
    FileIndex &fi = m_files[fileIndex];
    // Map the scan's string ids to ours.
    std::vector<quint32> sessionMap(scan.sessions.size());
    for (quint32 id = 0; id < scan.sessions.size(); ++id)
        sessionMap[id] = m_sessions.intern(scan.sessions.at(id));
    std::vector<quint16> typeMap(scan.types.size());
    for (quint32 id = 0; id < scan.types.size(); ++id)
        typeMap[id] = quint16(std::min<quint32>(m_types.intern(scan.types.at(id)), UINT16_MAX));
    // The ids are rewritten in place, in the records the worker filled: no copy, no fresh pages here.
    for (EventRecord &r : scan.records) {
        r.session = sessionMap[r.session];
        r.type = typeMap[r.type];
    }
    if (fi.records.isEmpty())
        fi.records = std::move(scan.records);
    else
        fi.records.append(scan.records);
    fi.malformed.insert(fi.malformed.end(), scan.malformed.begin(), scan.malformed.end());
    fi.lines += scan.lines;
    fi.emptyLines += scan.emptyLines;
    fi.resumeOffset = scan.resumeOffset;
    fi.sizeSeen = scan.sizeSeen;
    if (scan.lastLine.hash != 0)
        fi.lastLine = scan.lastLine;
    fi.tornTail = scan.tornTail;
    fi.tornOffset = scan.tornOffset;
    fi.tornLength = scan.tornLength;
    if (scan.invalidUtf8 && !fi.invalidUtf8) {
        fi.invalidUtf8 = true;
        fi.invalidUtf8Offset = scan.invalidUtf8Offset;
    }
    fi.error = scan.error;
}

void JournalIndex::finish()
{
    recountRows();
    // Ordering anomalies in journal order. Rows appended at the end continue from where the last pass
    // stopped; anything else (removals, rescans, a seq at or below the greatest so far) starts over.
    qint64 from = m_orderBroken ? 0 : std::min(m_orderedRows, eventCount());
    m_orderBroken = false;
    const auto resetStats = [this] {
        m_anomalies = 0;
        m_sessionRows.clear();
        m_sessionRows.grow(qsizetype(m_sessions.size()));
        m_minTs = std::numeric_limits<qint64>::max();
        m_maxTs = std::numeric_limits<qint64>::min();
    };
    if (from == 0)
        resetStats();
    m_sessionRows.grow(qsizetype(m_sessions.size()));
    for (;;) {
        bool restart = false;
        quint64 maxSoFar = from > 0 ? m_maxSeq : 0;
        bool first = from == 0;
        bool disorder = false;
        for (int i = from == 0 ? 0 : fileOfRow(std::min(from, eventCount() - 1));
             i < m_files.size() && !restart; ++i) {
            EventRecords &records = m_files[i].records;
            const qsizetype firstK = qsizetype(std::max<qint64>(0, from - m_rowStart[size_t(i)]));
            if (firstK >= records.size())
                continue;
            EventRecord *rows = records.data(); // detaches once, if a worker's snapshot shares them
            const qint64 fileRow = m_rowStart[size_t(i)];
            for (qsizetype k = firstK; k < records.size(); ++k) {
                EventRecord &r = rows[k];
                if (r.session != 0)
                    m_sessionRows.mutableAt(r.session).append(quint32(fileRow + k));
                if (!(r.flags & EventRecord::BadTimestamp)) {
                    m_minTs = std::min(m_minTs, r.tsNanos);
                    m_maxTs = std::max(m_maxTs, r.tsNanos);
                }
                r.flags &= ~(EventRecord::DuplicateSeq | EventRecord::OutOfOrderSeq | EventRecord::GapBefore);
                if (!first && r.seq <= maxSoFar) {
                    if (from > 0) { // needs the whole journal to tell a duplicate from disorder
                        restart = true;
                        break;
                    }
                    r.flags |= EventRecord::OutOfOrderSeq;
                    disorder = true;
                } else {
                    if (!first && r.seq > maxSoFar + 1)
                        r.flags |= EventRecord::GapBefore;
                    maxSoFar = r.seq;
                }
                first = false;
                constexpr quint16 Anomalous = EventRecord::DuplicateSeq | EventRecord::OutOfOrderSeq |
                                              EventRecord::GapBefore | EventRecord::ServerSkipMask;
                m_anomalies += (r.flags & Anomalous) ? 1 : 0;
            }
        }
        if (restart) {
            from = 0;
            resetStats();
            continue;
        }
        m_maxSeq = maxSoFar;
        m_orderedRows = eventCount();
        if (from == 0) // an append that breaks the order starts the pass over: it never ends here
            m_seqsAscending = !disorder;
        if (disorder)
            markDuplicates();
        return;
    }
}

qint64 JournalIndex::rowsAppendedBy(const Changes &changes) const
{
    if (!changes.listing.ok() || !changes.removed.isEmpty() ||
        changes.plan.size() != size_t(changes.listing.files.size()))
        return -1;
    // Rows already in each position of the new order, and where the last of them is.
    int lastWithRows = -1;
    for (size_t pos = 0; pos < changes.plan.size(); ++pos) {
        const FilePlan &plan = changes.plan[pos];
        if (plan.kind == FilePlan::Rescan)
            return -1;
        if (plan.oldPos >= 0 && !m_files[plan.oldPos].records.empty())
            lastWithRows = int(pos);
    }
    qint64 added = 0;
    for (const auto &[pos, scan] : changes.scans) {
        if (pos < lastWithRows)
            return -1;
        const FilePlan &plan = changes.plan[size_t(pos)];
        if (plan.oldPos >= 0 && scan.startOffset > 0) {
            const auto &records = m_files[plan.oldPos].records;
            if (!records.empty() && (records.back().flags & EventRecord::Unterminated))
                return -1; // that row is taken out and read again
        }
        added += qint64(scan.records.size());
    }
    return added;
}

bool JournalIndex::appliesAsAppend(const Changes &changes) const
{
    if (rowsAppendedBy(changes) < 0)
        return false;
    // Kept files first, in their old order, then new ones: no file changes position, so no record's file
    // changes (apply() would otherwise start the ordering pass over, rewriting every record).
    int lastOld = -1;
    bool added = false;
    for (const FilePlan &plan : changes.plan) {
        if (plan.kind == FilePlan::Add) {
            added = true;
            continue;
        }
        if (added || plan.oldPos != lastOld + 1)
            return false;
        lastOld = plan.oldPos;
    }
    if (lastOld != int(m_files.size()) - 1)
        return false;
    // Every new seq above all before it: the ordering pass continues from the last row and never starts over.
    bool first = eventCount() == 0;
    quint64 maxSoFar = m_maxSeq;
    for (const auto &[pos, scan] : changes.scans) {
        for (const EventRecord &r : scan.records) {
            if (!first && r.seq <= maxSoFar)
                return false;
            maxSoFar = r.seq;
            first = false;
        }
    }
    return true;
}

void JournalIndex::markDuplicates()
{
    std::vector<quint64> all;
    all.reserve(size_t(eventCount()));
    for (const FileIndex &fi : m_files)
        for (const EventRecord &r : fi.records)
            all.push_back(r.seq);
    std::sort(all.begin(), all.end());
    std::unordered_set<quint64> repeated;
    for (size_t i = 1; i < all.size(); ++i)
        if (all[i] == all[i - 1])
            repeated.insert(all[i]);
    std::unordered_set<quint64> seen;
    for (FileIndex &fi : m_files) {
        for (EventRecord &r : fi.records) {
            if (!repeated.count(r.seq))
                continue;
            if (!seen.insert(r.seq).second) {
                r.flags |= EventRecord::DuplicateSeq;
                r.flags &= ~EventRecord::OutOfOrderSeq;
            }
        }
    }
}

qint64 JournalIndex::malformedCount() const
{
    qint64 n = 0;
    for (const FileIndex &fi : m_files)
        n += qint64(fi.malformed.size());
    return n;
}

qint64 JournalIndex::byteCount() const
{
    qint64 n = 0;
    for (const FileIndex &fi : m_files)
        n += fi.entry.size;
    return n;
}

int JournalIndex::fileOfRow(qint64 row) const
{
    const auto it = std::upper_bound(m_rowStart.begin(), m_rowStart.end(), row);
    return int(it - m_rowStart.begin()) - 1;
}

const EventRecord &JournalIndex::record(qint64 row) const
{
    const int file = fileOfRow(row);
    return m_files[file].records[qsizetype(row - m_rowStart[size_t(file)])];
}

std::optional<quint64> JournalIndex::oldestSeq() const
{
    return m_files.isEmpty() ? std::nullopt : std::optional<quint64>(m_files.front().entry.startSeq);
}
