// SPDX-License-Identifier: MIT
#pragma once

#include "eventfilter.h"

#include <QString>

#include <atomic>
#include <functional>
#include <optional>

class JournalIndex;
class QIODevice;

// Writes the events an EventFilter selects, in journal order, as
// - jsonl: the source lines, byte for byte, one per line;
// - csv: RFC 4180 (CRLF rows, quoted when needed) with columns seq, ts, session_id, type, summary;
// - journal: a new events directory in the server's naming and rotation scheme.
// Byte ranges are copied straight from the source files, which are checked to be the ones indexed.
//
// Whole or not at all: a regular journal file the index could not read (permissions, I/O) fails the export
// before anything is written, since its events would be missing. A regular file target appears whole or not
// at all: written unnamed or under a hidden partial name, synced, then renamed over the target (keeping an
// existing file's permissions). A character device or FIFO is written through, never replaced (a FIFO waits
// for its reader); "/dev/stdout", "/dev/fd/N" and the like write to that descriptor; sockets and block
// devices are refused. The journal format stages a hidden directory beside the target and renames it into
// place (created 0777 less the umask), or, for an existing empty directory, stages inside it and moves the
// files up, keeping the directory itself. Staging holds an flock; partials left by a killed export (no lock,
// same owner) are removed by the next export into the same place. A cancel (Options::cancel) also ends the
// wait for a FIFO's reader and a write a signal interrupts. Callable from any thread.
class JournalExporter
{
public:
    enum class Format { Jsonl, Csv, Journal };

    struct Options
    {
        Format format = Format::Jsonl;
        quint64 rotateThreshold = 8 * 1024 * 1024; // journal format
        const std::atomic_bool *cancel = nullptr;
        std::function<void(qint64 done, qint64 total)> progress; // bytes of source lines
    };

    struct Result
    {
        qint64 events = 0;
        qint64 bytes = 0; // written
        bool cancelled = false;
        QString error;
        bool ok() const { return error.isEmpty() && !cancelled; }
    };

    struct Estimate
    {
        qint64 events = 0;
        qint64 bytes = 0;        // source line bytes with newlines
        bool upperBound = false; // a text criterion may select fewer
    };

    static std::optional<Format> parseFormat(const QString &name);
    static Estimate estimate(const JournalIndex &index, const EventFilter &filter);
    // Why target may not be written (inside the source journal directory), or empty when it may.
    static QString refusal(const JournalIndex &index, const QString &target);
    // Why the filter's events cannot be exported whole (a journal file that could not be read, or a FIFO,
    // device or directory named like one within its seq range), or empty.
    static QString unreadable(const JournalIndex &index, const EventFilter &filter);
    static Result exportToPath(const JournalIndex &index, const EventFilter &filter, const QString &target,
                               const Options &options);
    // jsonl and csv only.
    static Result exportToDevice(const JournalIndex &index, const EventFilter &filter, QIODevice *device,
                                 const Options &options);
    // jsonl and csv only, written through to an open descriptor (not closed); `name` is for messages.
    static Result exportToFileDescriptor(const JournalIndex &index, const EventFilter &filter, int fd,
                                         const QString &name, const Options &options);
};
