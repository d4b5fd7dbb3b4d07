// SPDX-License-Identifier: MIT
#include "sseparser.h"

#include <cstring>

SseParser::SseParser(qint64 maxFrameBytes)
    : m_max(maxFrameBytes)
{}

void SseParser::reset()
{
    m_line.clear();
    m_frame = SseFrame();
    m_frameBytes = 0;
    m_skipLf = false;
    m_started = false;
}

void SseParser::feed(const char *data, qsizetype size, QList<SseFrame> *out)
{
    const char *p = data;
    const char *const end = data + size;
    if (!m_started && p < end) {
        // A byte order mark may only open the stream; it may arrive a byte at a time.
        static const char Bom[] = "\xEF\xBB\xBF";
        while (p < end && m_line.size() < 3 && *p == Bom[m_line.size()])
            m_line += *p++;
        if (p == end && m_line.size() < 3)
            return;
        if (m_line.size() == 3) {
            m_frameBytes += 3;
            m_line.clear();
        }
        m_started = true;
    }
    while (p < end) {
        if (m_skipLf) {
            m_skipLf = false;
            if (*p == '\n') {
                ++m_frameBytes;
                ++p;
                continue;
            }
        }
        const char *q = p;
        while (q < end && *q != '\n' && *q != '\r')
            ++q;
        if (q == end) {
            // The line goes on in a later chunk. Past the limit, only its length is kept.
            if (m_frame.oversize || m_frameBytes + m_line.size() + (q - p) > m_max) {
                m_frame.oversize = true;
                m_frameBytes += m_line.size() + (q - p);
                m_line.clear();
            } else {
                m_line.append(p, q - p);
            }
            return;
        }
        m_skipLf = *q == '\r';
        const qsizetype eol = 1;
        if (m_line.isEmpty()) {
            line(p, q - p, out);
        } else {
            m_line.append(p, q - p);
            const QByteArray whole = std::move(m_line);
            m_line = QByteArray();
            line(whole.constData(), whole.size(), out);
        }
        m_frameBytes += eol;
        p = q + 1;
    }
}

void SseParser::line(const char *data, qsizetype size, QList<SseFrame> *out)
{
    if (size == 0) {
        // A blank line ends the frame.
        m_frame.bytes = m_frameBytes + 1;
        if (m_frame.hasData || m_frame.hasId || m_frame.oversize) {
            if (m_frame.data.endsWith('\n'))
                m_frame.data.chop(1);
            out->append(std::move(m_frame));
        }
        m_frame = SseFrame();
        m_frameBytes = -1; // the blank line's own end is counted by the caller
        return;
    }
    m_frameBytes += size;
    if (m_frameBytes > m_max)
        m_frame.oversize = true;
    if (data[0] == ':')
        return; // a comment
    const char *colon = static_cast<const char *>(std::memchr(data, ':', size_t(size)));
    const qsizetype nameSize = colon ? colon - data : size;
    const char *value = colon ? colon + 1 : data + size;
    qsizetype valueSize = colon ? size - nameSize - 1 : 0;
    if (valueSize > 0 && *value == ' ') {
        ++value;
        --valueSize;
    }
    const auto is = [&](const char *name) {
        return qsizetype(std::strlen(name)) == nameSize && std::memcmp(data, name, size_t(nameSize)) == 0;
    };
    if (is("data")) {
        m_frame.hasData = true;
        if (m_frame.oversize) {
            m_frame.data.clear();
            return;
        }
        m_frame.data.append(value, valueSize);
        m_frame.data.append('\n');
    } else if (is("id")) {
        if (std::memchr(value, '\0', size_t(valueSize)))
            return;
        m_frame.hasId = true;
        m_frame.id = QByteArray(value, valueSize);
    } else if (is("event")) {
        m_frame.event = QByteArray(value, valueSize);
    }
    // "retry" and unknown fields: ignored (reconnection follows its own backoff).
}
