// SPDX-License-Identifier: MIT
#pragma once

#include "eventrecord.h"

#include <QByteArray>
#include <QList>

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

// One field's values for the records of one journal file, read once from the lines: a kind and an 8-byte
// payload per record (the number, or for a string its id in the column's own table). Strings longer than
// MaxStringBytes are not kept (their kind says so, and a matcher reads them from the line again), nor
// are strings past StringBudget bytes per column, so a column costs about 9 bytes per record however big
// the events are. Immutable once built; shared between threads.
struct QueryColumn
{
    enum Kind : quint8 { Missing, Null, False, True, UInt, Int, Double, String, LongString, Array, Object };
    static constexpr size_t MaxStringBytes = 256;
    static constexpr size_t StringBudget = size_t(4) << 20;

    std::vector<quint8> kinds;    // per record
    std::vector<quint64> payload; // per record: quint64, qint64 or double bits, or a string id
    std::vector<std::string> strings;

    // The file's records the column was read from: records [0, rows), the last one's place and seq.
    qsizetype rows = 0;
    quint64 lastOffset = 0;
    quint32 lastLength = 0;
    quint64 lastSeq = 0;

    // Whether it covers the first `rows` records of `records` (the same lines at the same places).
    bool covers(const QList<EventRecord> &records) const;
};

// The columns read so far while a journal is open, by file (path, device, inode and the index's scan of it)
// and field path. A column stays valid while its file only grows (appended records are read and added on the
// next use); a file the index scanned again (truncated, replaced) is another key and gets a new column. Keeps
// the columns of the MaxPaths paths used last. Thread-safe: workers look up and store columns concurrently
// (building happens outside the lock; two workers building the same column both finish and the later one is
// kept).
class QueryColumnCache
{
public:
    static constexpr int MaxPaths = 8;

    struct FileKey
    {
        QByteArray path;
        quint64 device = 0;
        quint64 inode = 0;
        quint64 scanId = 0;
        bool operator==(const FileKey &o) const
        {
            return scanId == o.scanId && device == o.device && inode == o.inode && path == o.path;
        }
    };

    // The column of field path for the file, when one was stored (it may cover fewer records than the file
    // has now, or other records: check covers()).
    std::shared_ptr<const QueryColumn> find(const FileKey &file, const std::string &path) const;
    // Stores a column; the one it replaces (same file key) and those of other scans of the same path go.
    void store(const FileKey &file, const std::string &path, std::shared_ptr<const QueryColumn> column);
    void clear();
    // Paths with stored columns, and their records in all (for tests and the benchmark).
    int pathCount() const;
    qint64 recordCount() const;

private:
    struct PathColumns
    {
        std::vector<std::pair<FileKey, std::shared_ptr<const QueryColumn>>> files;
        quint64 lastUse = 0;
    };
    mutable std::mutex m_mutex;
    mutable quint64 m_clock = 0;
    mutable std::unordered_map<std::string, PathColumns> m_paths;
};
