// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QList>
#include <QtGlobal>

// One Server-Sent Events frame as it came off the wire: the bytes of its data lines (joined by '\n') and its
// own id line, if it had one.
struct SseFrame
{
    QByteArray data;
    QByteArray id;
    QByteArray event;
    bool hasData = false;
    bool hasId = false;
    bool oversize = false; // longer than the parser's limit: data was dropped, only the size is known
    qint64 bytes = 0;      // on the wire, line ends included
};

// An incremental parser of the text/event-stream format (the WHATWG rules): lines end in LF, CRLF or a lone
// CR, also when a chunk boundary falls between CR and LF; a blank line ends a frame; ':' starts a comment;
// "field: value" loses one space after the colon; several data lines join with '\n'; an id containing NUL
// is ignored; a leading byte order mark is skipped. A frame with neither data nor id is not delivered.
// Bytes are scanned once, so a 10 MiB frame that arrives in small pieces costs its size, not its square.
// Frames above the size limit are skipped whole and delivered with `oversize` and no data.
//
// Plain value type, used by one thread at a time.
class SseParser
{
public:
    explicit SseParser(qint64 maxFrameBytes = qint64(1) << 30);

    // Appends the complete frames found in [data, data+size) to *out.
    void feed(const char *data, qsizetype size, QList<SseFrame> *out);
    void feed(const QByteArray &bytes, QList<SseFrame> *out) { feed(bytes.constData(), bytes.size(), out); }
    // Bytes of a frame that has not ended yet (what a broken connection drops).
    qint64 pendingBytes() const { return m_frameBytes + m_line.size(); }
    void reset();

private:
    void line(const char *data, qsizetype size, QList<SseFrame> *out);

    qint64 m_max;
    QByteArray m_line; // the current line's start, when it spans chunks
    SseFrame m_frame;
    qint64 m_frameBytes = 0;
    bool m_skipLf = false; // the last line ended in CR: a LF right after belongs to it
    bool m_started = false;
};
