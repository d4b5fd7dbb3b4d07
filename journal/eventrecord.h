// SPDX-License-Identifier: MIT
#pragma once

#include <QtGlobal>

// One indexed event: where its line is and the few fields every view filters on. No strings: the session and
// type are ids into the owning index's string tables; the line itself stays on disk.
struct EventRecord
{
    enum Flag : quint16 {
        // The browser accepts the line but the server's deserializer would skip it.
        BadTimestamp = 1 << 0,   // ts missing or not RFC 3339
        UnknownType = 1 << 1,    // event.type is not one this browser knows (a newer server may)
        BadSessionId = 1 << 2,   // session_id neither a string nor null
        DuplicateField = 1 << 3, // a top-level field appears twice
        // Not UnknownType: the server that wrote a line knows its type; only an older one would skip it.
        ServerSkipMask = BadTimestamp | BadSessionId | DuplicateField,
        // Ordering anomalies, set across the whole journal.
        DuplicateSeq = 1 << 8,  // an earlier line has the same seq
        OutOfOrderSeq = 1 << 9, // seq below the greatest seq before it
        GapBefore = 1 << 10,    // seq is more than one past the greatest seq before it
        // Line shape.
        Unterminated = 1 << 12,   // the file's last segment, without a newline, that parses
        CarriageReturn = 1 << 13, // the line ended in "\r\n"
    };

    quint64 seq = 0;
    qint64 tsNanos = 0;  // nanoseconds since the epoch, UTC; meaningless with BadTimestamp
    quint64 offset = 0;  // of the line's first byte in its file
    quint32 length = 0;  // bytes, without the newline and a dropped '\r'
    quint32 file = 0;    // index into the owning index's files
    quint32 session = 0; // 0 = null or absent
    quint16 type = 0;
    quint16 flags = 0;

    bool serverSkips() const { return flags & ServerSkipMask; }
};
static_assert(sizeof(EventRecord) <= 48, "the index record must stay compact");
