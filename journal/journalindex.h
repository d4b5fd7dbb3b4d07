// SPDX-License-Identifier: MIT
#pragma once

#include "chunkedlist.h"
#include "eventrecord.h"
#include "filescanner.h"
#include "journaldirectory.h"
#include "sessionrows.h"
#include "stringtable.h"

#include <QList>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

// Every session's rows (journal order, ascending), by session id. Rows fit 32 bits: views number rows with
// int.
using SessionRowTable = ChunkedList<SessionRows, 256>;

// A number no other FileIndex of this process has had: a new one each time a file is (re)scanned from its
// start, so that what was derived from its records can tell its records were replaced.
quint64 newFileScanId();

// What the index knows of one journal file.
struct FileIndex
{
    JournalEntry entry;
    quint64 scanId = newFileScanId(); // kept while the file only grows
    EventRecords records;
    std::vector<MalformedLine> malformed;
    quint64 lines = 0;
    quint64 emptyLines = 0;
    quint64 resumeOffset = 0;
    quint64 sizeSeen = 0;
    LastLine lastLine; // the last complete line read, checked when an append is read
    bool tornTail = false;
    quint64 tornOffset = 0;
    quint64 tornLength = 0;
    bool invalidUtf8 = false;
    quint64 invalidUtf8Offset = 0;
    QString error;

    std::optional<quint64> firstSeq() const;
    std::optional<quint64> lastSeq() const;
    std::optional<quint64> maxSeq() const;
};

// The compact index of an events directory: per file, one EventRecord per event plus what is not an event,
// and the string tables the records' session and type ids refer to. Rows are numbered across files in
// journal order (file order, then line order).
//
// build() and update() scan files in parallel on the worker pool and may be called from any thread; an index
// is a value and is not shared between threads while it is being changed. A worker that reads an index its
// owner keeps changing reads a RowsSnapshot instead, never the index itself.
struct IndexOptions
{
    const std::atomic_bool *cancel = nullptr;
    // Called from worker threads with (bytes done, bytes total), throttled to about every 4 MiB.
    std::function<void(qint64, qint64)> progress;
    // See FileScanOptions: an index restricted to a seq range, for exporting it.
    quint64 seqFrom = 0;
    quint64 seqTo = std::numeric_limits<quint64>::max();
    // For a follower that reads a step at a time (scanChanges() only): files are read in journal order until
    // about this many bytes are read, the rest in later steps (Changes::more).
    quint64 byteBudget = std::numeric_limits<quint64>::max();
    bool keepLines = false; // FileScanOptions::keepLines
};

class JournalIndex
{
public:
    using Options = IndexOptions;

    // What update() changed, for views that follow the journal.
    struct Update
    {
        QList<int> removedFiles;   // old file positions, ascending: files gone from the directory
        QList<int> rescannedFiles; // new file positions: truncated or replaced, scanned again
        QList<int> addedFiles;     // new file positions
        qint64 appendedEvents = 0; // events added to files that grew, new files included
        bool changed() const
        {
            return !removedFiles.isEmpty() || !rescannedFiles.isEmpty() || !addedFiles.isEmpty() ||
                   appendedEvents;
        }
    };

    // What the worker half of an update needs to know of each file, and what it hands back.
    struct FileCursor
    {
        QString name;
        quint64 device = 0;
        quint64 inode = 0;
        JournalEntry::Type type = JournalEntry::Type::Regular;
        bool failed = false;
        quint64 sizeSeen = 0;
        qint64 mtimeNs = 0; // the file's modification time when it was listed for the last scan
        quint64 resumeOffset = 0;
        quint64 lines = 0;
        LastLine lastLine;
    };
    struct FilePlan
    {
        enum Kind { Keep, Append, Rescan, Add };
        Kind kind = Add;
        JournalChanges::Change::Kind change = JournalChanges::Change::New; // what became of the file
        int oldPos = -1;
        bool retry = false; // Rescan of a file whose last read failed (unreadable): not a truncation
    };
    struct Changes
    {
        JournalListing listing;
        std::vector<FilePlan> plan;                  // one per listing entry
        QList<int> removed;                          // old positions
        std::vector<std::pair<int, FileScan>> scans; // listing position, scan; journal order
        bool cancelled = false;
        bool more = false; // the byte budget left bytes unread: scan again at once
    };
    // Told of row changes while apply() runs, in order, so a model can forward them.
    class RowListener
    {
    public:
        virtual ~RowListener() = default;
        virtual void beginInsertRows(qint64 first, qint64 last) = 0;
        virtual void endInsertRows() = 0;
        virtual void beginRemoveRows(qint64 first, qint64 last) = 0;
        virtual void endRemoveRows() = 0;
        // Ordering flags (duplicate, out of order, gap) were recomputed.
        virtual void flagsMayHaveChanged() = 0;
    };

    // The rows as they are now, frozen, for a worker: each file's path, first row and records. Taking one
    // costs O(files) (the records are shared, not copied); later changes to the index never reach it.
    struct RowsSnapshot
    {
        struct File
        {
            QByteArray path;
            qint64 firstRow = 0;
            EventRecords records;
            QByteArray name; // the file's name (journal names are ASCII)
            quint64 device = 0;
            quint64 inode = 0;
            quint64 scanId = 0; // FileIndex::scanId
        };
        std::vector<File> files;
        SessionRowTable sessionRows; // by session id, as JournalIndex::sessionRows()
        bool seqsAscending = true;   // as JournalIndex::seqsAscending()
        qint64 eventCount() const
        {
            return files.empty() ? 0 : files.back().firstRow + files.back().records.size();
        }
    };
    std::shared_ptr<const RowsSnapshot> snapshot() const;

    JournalIndex() = default;

    static JournalIndex build(const JournalListing &listing, const Options &options = {});
    static JournalIndex build(const QString &eventsDir, const Options &options = {});
    // Brings the index up to date with a new listing of the same directory: scans only appended bytes of
    // files that grew, and whole files that are new, shrank or were replaced (new inode).
    Update update(const JournalListing &listing, const Options &options = {});
    // update() in two halves, for owners that must not block: cursors() and apply() on the owner's thread,
    // scanChanges() (pure: only reads files) on a worker in between. Only one update may be in flight.
    // apply() takes the scans' records; the listing, plan and removed files stay for the caller to read.
    std::vector<FileCursor> cursors() const;
    static Changes scanChanges(const JournalListing &listing, const std::vector<FileCursor> &known,
                               const Options &options = {});
    Update apply(Changes &&changes, RowListener *listener = nullptr);
    // How many rows the changes add when they only add rows after the last one (else -1): a view can then
    // take them as one insertion.
    qint64 rowsAppendedBy(const Changes &changes) const;
    // Whether the changes only add rows after the last one, each with a greater seq than every row before it,
    // and no file moves. Then apply() touches nothing the index already has but the last file's records: a
    // worker can apply them to a copy of the index (taking a copy costs O(files): records, strings and
    // session rows are shared, not copied) and the owner takes the copy in place of its own, so the per-row
    // and per-session work of an update never runs on the owner's thread.
    bool appliesAsAppend(const Changes &changes) const;

    // Per session id: the rows of its events (by the line's session_id), ascending. Kept by the same pass, so
    // an append costs O(appended rows); a replay of one session reads these instead of the journal.
    const SessionRowTable &sessionRows() const { return m_sessionRows; }
    // Whether every seq is greater than the one before it in journal order (no duplicate, nothing out of
    // order): rows can then be searched by seq.
    bool seqsAscending() const { return m_seqsAscending; }
    // Events with an ordering anomaly or that the server would skip (the doctor lists each).
    qint64 anomalyCount() const { return m_anomalies; }
    // The span of valid timestamps, kept by the same pass.
    std::optional<std::pair<qint64, qint64>> timeSpan() const
    {
        return m_minTs <= m_maxTs ? std::optional<std::pair<qint64, qint64>>({m_minTs, m_maxTs})
                                  : std::nullopt;
    }

    const QString &dir() const { return m_dir; }
    const QStringList &ignoredNames() const { return m_ignored; }
    const QString &listError() const { return m_listError; }
    bool cancelled() const { return m_cancelled; }

    const QList<FileIndex> &files() const { return m_files; }
    qint64 eventCount() const { return m_rowStart.empty() ? 0 : m_rowStart.back(); }
    qint64 malformedCount() const;
    qint64 byteCount() const;
    // The row of the first event of file i.
    qint64 firstRowOfFile(int file) const { return m_rowStart[size_t(file)]; }
    const EventRecord &record(qint64 row) const;
    int fileOfRow(qint64 row) const;

    const StringTable &sessions() const { return m_sessions; }
    const StringTable &types() const { return m_types; }

    // The server's oldest_seq: the start seq of the first file.
    std::optional<quint64> oldestSeq() const;
    // The greatest seq of any event.
    std::optional<quint64> maxSeq() const
    {
        return eventCount() > 0 ? std::optional<quint64>(m_maxSeq) : std::nullopt;
    }

private:
    void adopt(int fileIndex, FileScan &&scan);
    void recountRows();
    void finish();
    void markDuplicates();

    QString m_dir;
    QString m_listError;
    QStringList m_ignored;
    bool m_cancelled = false;
    QList<FileIndex> m_files;
    std::vector<qint64> m_rowStart; // m_files.size() + 1 entries
    StringTable m_sessions;
    StringTable m_types;
    // Ordering state after the rows finish() has seen: appends continue from here instead of starting over.
    qint64 m_orderedRows = 0;
    quint64 m_maxSeq = 0;
    bool m_seqsAscending = true;
    bool m_orderBroken = false; // rows were removed or inserted before the end since the last finish()
    SessionRowTable m_sessionRows;
    qint64 m_anomalies = 0;
    qint64 m_minTs = std::numeric_limits<qint64>::max();
    qint64 m_maxTs = std::numeric_limits<qint64>::min();
};
