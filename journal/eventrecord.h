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
        // Bits 4 to 7 hold bits 32 to 35 of the line's offset (see offset()).
        OffsetHighMask = 0xf0,
    };
    // A line must start in a file's first 64 GiB to be indexed (journal files rotate at 8 MiB).
    static constexpr quint64 MaxOffset = (quint64(1) << 36) - 1;

    quint64 seq = 0;
    qint64 tsNanos = 0;    // nanoseconds since the epoch, UTC; meaningless with BadTimestamp
    quint32 offsetLow = 0; // the low 32 bits of offset()
    quint32 length = 0;    // bytes, without the newline and a dropped '\r'
    quint32 session = 0;   // 0 = null or absent
    quint16 type = 0;
    quint16 flags = 0;

    // The line's first byte in its file. The record does not name its file: its row does (the index keeps
    // each file's records apart, and JournalIndex::fileOfRow() tells which file a row is in).
    quint64 offset() const { return offsetLow | (quint64((flags & OffsetHighMask) >> 4) << 32); }
    void setOffset(quint64 offset)
    {
        offsetLow = quint32(offset);
        flags = quint16((flags & ~OffsetHighMask) | ((offset >> 32) & 0xf) << 4);
    }
    // The flags without the offset's bits.
    quint16 lineFlags() const { return flags & ~OffsetHighMask; }
    bool serverSkips() const { return flags & ServerSkipMask; }
};
static_assert(sizeof(EventRecord) == 32, "the index record must stay compact: 32 bytes an event");
