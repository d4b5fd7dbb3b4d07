// SPDX-License-Identifier: MIT
#pragma once

#include "eventrecord.h"
#include "journaldirectory.h"
#include "lineparser.h"
#include "stringtable.h"

#include <QList>
#include <QString>

#include <atomic>
#include <functional>
#include <limits>
#include <vector>

// A file's event records. Implicitly shared (copy on write): a copy for a worker costs a reference count,
// and a change made while a worker holds one copies that one file's records, never the worker's.
using EventRecords = QList<EventRecord>;

// A line that is not an event.
struct MalformedLine
{
    quint64 line = 0; // 1-based
    quint64 offset = 0;
    quint64 length = 0;
    LineParser::Reason reason = LineParser::Reason::None;
};

// The last complete line read from a file: where it starts, and a hash of its first bytes (its seq and time,
// in the server's form). A scan that resumes after it checks that the file still holds it, which tells a file
// that was rewritten in place from one that only grew.
struct LastLine
{
    quint64 offset = 0;
    quint64 hash = 0; // 0: none known
    bool operator==(const LastLine &o) const { return offset == o.offset && hash == o.hash; }
};

// What scanning one file (or the bytes appended to it) found. Session and type ids in records refer to this
// scan's own string tables until JournalIndex merges them.
struct FileScan
{
    EventRecords records; // taken over whole by an index whose file has none yet
    std::vector<MalformedLine> malformed;
    StringTable sessions;
    StringTable types;
    quint64 startOffset = 0; // where this scan began
    quint64 lines = 0;       // newline-terminated lines, empty ones included
    quint64 emptyLines = 0;
    quint64 resumeOffset = 0; // after the last newline: where an append continues
    quint64 sizeSeen = 0;     // bytes read up to end of file
    // The last segment without a newline that does not parse: a torn write, or one still being written.
    bool tornTail = false;
    quint64 tornOffset = 0;
    quint64 tornLength = 0;
    bool invalidUtf8 = false; // some bytes are not UTF-8: the server's read_to_string fails on this file
    quint64 invalidUtf8Offset = 0;
    bool cancelled = false;
    // The file no longer held what was read before the start offset (FileScanOptions::lastLine): it was
    // rewritten in place since (truncated and written again). Then it was scanned from its start instead, and
    // startOffset is 0.
    bool restarted = false;
    // The last newline-terminated line read (at or after the start): where it starts and a hash of its first
    // bytes, for the next scan's check. Hash 0: no line was read.
    LastLine lastLine;
    // Stopped at FileScanOptions::maxBytes before the end of the file: the bytes from resumeOffset (which is
    // also sizeSeen then) on were not looked at.
    bool stoppedEarly = false;
    QString error;       // the file could not be opened or read
    int errorNumber = 0; // errno of that failure; ENODEV: not a regular file
    // With FileScanOptions::keepLines: each record's line as read (without its CR), records' order.
    QList<QByteArray> lineBytes;
};

// Reads a journal file in large blocks and applies the line rule to each line. Never opens anything but a
// regular file and never reads beyond its buffer: lines are parsed in place with simdjson's padding reserved
// behind the block. Stateless apart from the options; call from any thread, one call per file at a time.
struct FileScanOptions
{
    const std::atomic_bool *cancel = nullptr;
    // Called from the scanning thread with bytes read since the previous call.
    std::function<void(qint64)> progress;
    size_t blockSize = size_t(1) << 20;
    // Index only events whose seq may lie in [seqFrom, seqTo]: lines in the server's compact form with a seq
    // outside are passed over unparsed (for exports of a seq range; the scan then describes only that range).
    quint64 seqFrom = 0;
    quint64 seqTo = std::numeric_limits<quint64>::max();
    // Stop at the first line end after reading this many bytes from the start offset (a follower's step
    // stays bounded whatever it has to catch up on).
    quint64 maxBytes = std::numeric_limits<quint64>::max();
    // Keep each event's line (FileScan::lineBytes), for a follower that hands lines on.
    bool keepLines = false;
    // For a scan that resumes after bytes read before: the last line among them (FileScan::lastLine). The
    // scan starts over from the file's start when the file no longer holds it there, or when the byte before
    // the start offset is not a newline.
    LastLine lastLine;
};

class FileScanner
{
public:
    using Options = FileScanOptions;

    // Scans entry from byte offset `from`, counting lines from `firstLine` (1-based).
    static FileScan scan(const JournalEntry &entry, quint64 from = 0, quint64 firstLine = 1,
                         const Options &options = {});
    // Scans an in-memory buffer as a file's bytes (the buffer is copied into a padded block).
    static FileScan scanBytes(const QByteArray &bytes);
};
