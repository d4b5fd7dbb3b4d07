// SPDX-License-Identifier: MIT
#pragma once

#include "feedclient.h"

#include <QList>
#include <QString>

#include <optional>

// One way in which a server's replay differs from read_since on the files, or a line the server passes over.
struct StreamDifference
{
    enum class Kind {
        Missing,   // in the files, not in the stream
        Extra,     // in the stream, not in the files
        Order,     // the same seqs, another order
        Bytes,     // the frame's JSON is not the line's bytes
        Reset,     // the server answered feed_reset instead of replaying
        ReadFails, // the server's read_since fails on a file: it replays nothing
        BadFrame,  // a frame that is not an event
        Skipped,   // a line the server's reader skips (not a difference: the stream should lack it too)
    };
    Kind kind = Kind::Missing;
    quint64 seq = 0;
    QString file;
    qint64 line = -1;   // 1-based line of the file
    qint64 offset = -1; // Bytes: the first differing byte of the line; Skipped: the line's offset in its file
    QString message;

    static const char *kindKey(Kind kind);
};

// Compares the frames of one replay with read_since(dir, since) on the files: the same seqs in the same
// order, each frame's data byte-identical to the trimmed line. Events appended after the replay are not
// expected: the files are compared up to the greater of the last streamed seq and `filesMaxBefore` (the
// greatest seq read_since gave before connecting), so a replay that stops early still shows as missing
// events. Lines the server's reader skips are listed apart. Stateless; callable from any thread.
class StreamComparison
{
public:
    struct Result
    {
        QList<StreamDifference> differences;
        QList<StreamDifference> skipped;
        qint64 streamEvents = 0;
        qint64 fileEvents = 0; // compared
        qint64 identical = 0;
        std::optional<quint64> compareUpTo;
        QString filesError; // the directory could not be read at all (I/O)
        bool equal() const { return differences.isEmpty(); }
    };

    static Result compare(const QList<FeedFrame> &frames, const QString &eventsDir, quint64 since,
                          std::optional<quint64> filesMaxBefore);
    // Where two byte strings first differ (their common length when one is a prefix of the other).
    static qsizetype firstDifference(const QByteArray &a, const QByteArray &b);
};
