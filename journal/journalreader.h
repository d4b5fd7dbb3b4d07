// SPDX-License-Identifier: MIT
#pragma once

#include "journaldirectory.h"

#include <QByteArray>
#include <QString>

#include <functional>
#include <limits>
#include <optional>
#include <string_view>
#include <vector>

// The server's read side, reproduced exactly (docs/FORMAT.md, "How the server reads its journal back"):
// read_since with its file skip rule, oldest_seq, recover_max_seq, and the /stream resume decision. A line
// counts when the server's deserializer would accept it: the browser's line rule without the flags the server
// skips (EventRecord::ServerSkipMask), after Rust's Unicode trim. A file the server reads whole
// (read_to_string) fails the whole call when it is not valid UTF-8 or cannot be read; such failures come back
// as errors naming the file, never as a partial result passed off as complete. Stateless; callable from any
// thread.
class JournalReader
{
public:
    struct Line
    {
        quint64 seq = 0;
        QByteArray text; // the line's bytes, without the newline and a dropped '\r'
        int file = 0;    // position in the listing
    };

    struct Status
    {
        qint64 count = 0;  // lines delivered
        QString error;     // the server's read would fail here
        QString errorFile; // name of the file that fails it
        bool ok() const { return error.isEmpty(); }
    };

    // Called per line in read_since order; return false to stop.
    using Sink = std::function<bool(quint64 seq, std::string_view line, int file)>;

    static constexpr qint64 NoLimit = std::numeric_limits<qint64>::max();

    // read_since(dir, since), stopping after `limit` lines. Files beyond the limit are not read.
    static Status readSince(const JournalListing &listing, quint64 since, qint64 limit, const Sink &sink);
    static Status readSince(const QString &eventsDir, quint64 since, qint64 limit, std::vector<Line> *out);
    // The seed's skip rule: whether read_since(since) skips file i of the listing.
    static bool skipsFile(const JournalListing &listing, int i, quint64 since);

    // recover_max_seq: the greatest seq among the newest file's lines (0 when there is none).
    struct Recovered
    {
        quint64 maxSeq = 0;
        QString error;
        bool ok() const { return error.isEmpty(); }
    };
    static Recovered recoverMaxSeq(const JournalListing &listing);

    // oldest_seq: the start seq of the first file.
    static std::optional<quint64> oldestSeq(const JournalListing &listing);

    // The /stream resume decision for a client cursor (plan_replay).
    struct ReplayPlan
    {
        quint64 cursor = 0;
        std::optional<quint64> oldestSeq;
        bool feedReset = false;
        quint64 missedEvents = 0; // with feedReset: seqs between cursor and the oldest retained one
        qint64 replayEvents = 0;
        QString replayFromFile; // the file of the first replayed event
        QString replayError;    // the replay fails and sends nothing
        QString replayErrorFile;
    };
    static ReplayPlan planReplay(const JournalListing &listing, quint64 cursor);

    // Reads a whole regular file the way read_to_string does (UTF-8 checked), into a buffer with the line
    // parser's padding behind its end. Never opens FIFOs or devices.
    static bool readWholeFile(const JournalEntry &entry, std::vector<char> *buffer, size_t *size,
                              QString *error);
    // Rust's str::trim: Unicode white space at both ends.
    static std::string_view trimUnicode(std::string_view line);
};
