// SPDX-License-Identifier: MIT
#include "journalindex.h"

#include <QHash>
#include <QtConcurrent/QtConcurrentMap>

#include <algorithm>
#include <unordered_set>

namespace {

struct Job
{
    int file;
    JournalEntry entry;
    quint64 from;
    quint64 firstLine;
};

class ProgressCounter
{
public:
    explicit ProgressCounter(const JournalIndex::Options &options, qint64 total)
        : m_options(options), m_total(total)
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
    scanOptions.progress = [&counter](qint64 bytes) {
        counter.add(bytes);
    };
    std::vector<FileScan> scans(jobs.size());
    QtConcurrent::blockingMap(scans, [&](FileScan &scan) {
        const Job &job = jobs[size_t(&scan - scans.data())];
        scan = FileScanner::scan(job.entry, job.from, job.firstLine, scanOptions);
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

JournalIndex::Update JournalIndex::update(const JournalListing &listing, const Options &options)
{
    Update update;
    m_listError = listing.error;
    m_ignored = listing.ignored;
    if (!listing.ok())
        return update; // keep what is known; the caller shows the error

    // Match the new listing against the files we know, by name.
    QList<FileIndex> files;
    files.reserve(listing.files.size());
    std::vector<Job> jobs;
    QHash<QString, int> oldByName;
    for (int i = 0; i < m_files.size(); ++i)
        oldByName.insert(m_files[i].entry.name, i);
    std::vector<bool> kept(size_t(m_files.size()), false);
    for (const JournalEntry &entry : listing.files) {
        const int pos = int(files.size());
        const auto it = oldByName.find(entry.name);
        if (it == oldByName.end()) {
            FileIndex fi;
            fi.entry = entry;
            files.append(std::move(fi));
            update.addedFiles.append(pos);
            if (entry.readable())
                jobs.push_back({pos, entry, 0, 1});
            continue;
        }
        FileIndex &old = m_files[it.value()];
        kept[size_t(it.value())] = true;
        const bool sameFile = old.entry.device == entry.device && old.entry.inode == entry.inode &&
                              old.entry.type == entry.type && old.error.isEmpty();
        if (sameFile && quint64(entry.size) >= old.sizeSeen) {
            const bool grew = quint64(entry.size) > old.sizeSeen;
            old.entry = entry;
            files.append(std::move(old));
            if (grew && entry.readable()) {
                FileIndex &fi = files.last();
                // Re-read from the last newline: a pending tail or unterminated event may now be complete.
                if (!fi.records.empty() && (fi.records.back().flags & EventRecord::Unterminated))
                    fi.records.pop_back();
                fi.tornTail = false;
                jobs.push_back({pos, entry, fi.resumeOffset, fi.lines + 1});
            }
            continue;
        }
        FileIndex fi;
        fi.entry = entry;
        files.append(std::move(fi));
        update.rescannedFiles.append(pos);
        if (entry.readable())
            jobs.push_back({pos, entry, 0, 1});
    }
    for (int i = 0; i < int(kept.size()); ++i) {
        if (!kept[size_t(i)])
            update.removedFiles.append(i);
    }
    m_files = std::move(files);

    std::vector<FileScan> scans = runJobs(jobs, options);
    m_cancelled = options.cancel && options.cancel->load();
    for (size_t j = 0; j < jobs.size(); ++j) {
        const std::vector<EventRecord> &records = m_files[jobs[j].file].records;
        const size_t before = records.size();
        adopt(jobs[j].file, std::move(scans[j]));
        if (!update.rescannedFiles.contains(jobs[j].file))
            update.appendedEvents += qint64(records.size() - before);
    }
    for (FileIndex &fi : m_files) {
        if (!fi.entry.readable())
            fi.error = QStringLiteral("%1: %2, not a regular file")
                           .arg(fi.entry.name, JournalEntry::typeName(fi.entry.type));
    }
    finish();
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
    const auto fileId = quint32(fileIndex);
    if (fi.records.empty() && !scan.records.empty()) {
        fi.records = std::move(scan.records);
        for (EventRecord &r : fi.records) {
            r.session = sessionMap[r.session];
            r.type = typeMap[r.type];
            r.file = fileId;
        }
    } else {
        fi.records.reserve(fi.records.size() + scan.records.size());
        for (EventRecord r : scan.records) {
            r.session = sessionMap[r.session];
            r.type = typeMap[r.type];
            r.file = fileId;
            fi.records.push_back(r);
        }
    }
    fi.malformed.insert(fi.malformed.end(), scan.malformed.begin(), scan.malformed.end());
    fi.lines += scan.lines;
    fi.emptyLines += scan.emptyLines;
    fi.resumeOffset = scan.resumeOffset;
    fi.sizeSeen = scan.sizeSeen;
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
    m_rowStart.assign(size_t(m_files.size()) + 1, 0);
    for (int i = 0; i < m_files.size(); ++i) {
        for (EventRecord &r : m_files[i].records) {
            r.file = quint32(i);
            r.flags &= ~(EventRecord::DuplicateSeq | EventRecord::OutOfOrderSeq | EventRecord::GapBefore);
        }
        m_rowStart[size_t(i) + 1] = m_rowStart[size_t(i)] + qint64(m_files[i].records.size());
    }

    // Ordering anomalies in journal order. Duplicates need a second look only when order breaks.
    bool any = false;
    quint64 maxSoFar = 0;
    bool first = true;
    std::vector<quint64> all;
    for (FileIndex &fi : m_files) {
        for (EventRecord &r : fi.records) {
            if (!first && r.seq <= maxSoFar) {
                r.flags |= EventRecord::OutOfOrderSeq;
                any = true;
            } else {
                if (!first && r.seq > maxSoFar + 1)
                    r.flags |= EventRecord::GapBefore;
                maxSoFar = r.seq;
            }
            first = false;
        }
    }
    if (!any)
        return;
    std::unordered_set<quint64> seen;
    std::unordered_set<quint64> repeated;
    {
        all.reserve(size_t(eventCount()));
        for (const FileIndex &fi : m_files)
            for (const EventRecord &r : fi.records)
                all.push_back(r.seq);
        std::sort(all.begin(), all.end());
        for (size_t i = 1; i < all.size(); ++i)
            if (all[i] == all[i - 1])
                repeated.insert(all[i]);
    }
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
    return m_files[file].records[size_t(row - m_rowStart[size_t(file)])];
}

std::optional<quint64> JournalIndex::oldestSeq() const
{
    return m_files.isEmpty() ? std::nullopt : std::optional<quint64>(m_files.front().entry.startSeq);
}

std::optional<quint64> JournalIndex::maxSeq() const
{
    std::optional<quint64> m;
    for (const FileIndex &fi : m_files) {
        if (const auto s = fi.maxSeq())
            m = std::max(m.value_or(0), *s);
    }
    return m;
}
