// SPDX-License-Identifier: MIT
#include "filescanner.h"

#include "journalfile.h"

#include <QHash>

#include <simdjson.h>

#include <cerrno>
#include <cstring>
#include <optional>

namespace {

class Scan
{
public:
    explicit Scan(FileScan &out, quint64 firstLine, const FileScanOptions &options = {})
        : m_out(out)
        , m_lineNo(firstLine)
        , m_seqFrom(options.seqFrom)
        , m_seqTo(options.seqTo)
        , m_ranged(options.seqFrom > 0 || options.seqTo < std::numeric_limits<quint64>::max())
        , m_keepLines(options.keepLines)
    {}

    // One newline-terminated line, or the file's last segment when !terminated.
    void line(const char *data, size_t size, quint64 offset, bool terminated)
    {
        quint16 flags = terminated ? 0 : EventRecord::Unterminated;
        if (size > 0 && data[size - 1] == '\r') {
            --size;
            flags |= EventRecord::CarriageReturn;
        }
        quint64 seq;
        if (m_ranged && terminated && LineParser::leadingSeq(std::string_view(data, size), &seq) &&
            (seq < m_seqFrom || seq > m_seqTo)) {
            ++m_out.lines;
            ++m_lineNo;
            return;
        }
        const LineParser::Result r = m_parser.parse(data, size);
        switch (r.kind) {
        case LineParser::Kind::Empty:
            if (terminated)
                ++m_out.emptyLines;
            break;
        case LineParser::Kind::Event: {
            if (offset > EventRecord::MaxOffset) {
                if (m_out.error.isEmpty())
                    m_out.error = QStringLiteral("lines past the first 64 GiB of a file are not indexed");
                break;
            }
            EventRecord rec;
            rec.seq = r.seq;
            rec.tsNanos = r.tsNanos;
            rec.length = quint32(std::min<size_t>(size, UINT32_MAX));
            rec.session = r.hasSession ? m_out.sessions.intern(r.session) : 0;
            rec.type = quint16(std::min<quint32>(m_out.types.intern(r.type), UINT16_MAX));
            rec.flags = flags | r.flags;
            rec.setOffset(offset);
            m_out.records.push_back(rec);
            if (m_keepLines)
                m_out.lineBytes.append(QByteArray(data, qsizetype(size)));
            break;
        }
        case LineParser::Kind::Malformed:
            if (r.reason == LineParser::Reason::InvalidUtf8 || !simdjson::validate_utf8(data, size))
                noteInvalidUtf8(offset);
            if (terminated) {
                m_out.malformed.push_back({m_lineNo, offset, size, r.reason});
            } else {
                m_out.tornTail = true;
                m_out.tornOffset = offset;
                m_out.tornLength = size + ((flags & EventRecord::CarriageReturn) ? 1 : 0);
            }
            break;
        }
        if (terminated)
            ++m_out.lines;
        ++m_lineNo;
    }

private:
    void noteInvalidUtf8(quint64 offset)
    {
        if (!m_out.invalidUtf8) {
            m_out.invalidUtf8 = true;
            m_out.invalidUtf8Offset = offset;
        }
    }

    FileScan &m_out;
    LineParser m_parser;
    quint64 m_lineNo;
    quint64 m_seqFrom;
    quint64 m_seqTo;
    bool m_ranged;
    bool m_keepLines;
};

constexpr size_t LineHeadBytes = 64;

// The hash of the first bytes of the line at offset, which ends before `end` (0 when it cannot be read).
quint64 lineHeadHash(const JournalFile &file, quint64 offset, quint64 end)
{
    char head[LineHeadBytes];
    const size_t want = size_t(std::min<quint64>(LineHeadBytes, end - offset));
    if (end <= offset || file.read(offset, head, want) != qint64(want))
        return 0;
    return quint64(qHash(QByteArrayView(head, qsizetype(want)), 0x6a6f75726e616cULL)) | 1;
}

// Whether the file still holds, before `from`, what a scan that ended there read: a newline just before it,
// and the same head of its last line.
bool stillHolds(const JournalFile &file, quint64 from, const LastLine &last)
{
    char before = 0;
    if (file.read(from - 1, &before, 1) != 1 || before != '\n')
        return false;
    return last.hash == 0 || last.offset >= from || lineHeadHash(file, last.offset, from) == last.hash;
}

QString errnoText(const JournalEntry &entry, int error)
{
    return QStringLiteral("%1: %2").arg(QString::fromLocal8Bit(entry.path),
                                        QString::fromLocal8Bit(std::strerror(error)));
}

} // namespace

FileScan FileScanner::scan(const JournalEntry &entry, quint64 from, quint64 firstLine, const Options &options)
{
    FileScan out;
    out.startOffset = from;
    out.resumeOffset = from;
    out.sizeSeen = from;
    const JournalFile file(entry.path);
    if (!file.isOpen()) {
        out.errorNumber = file.error();
        out.error = file.error() == ENODEV
                        ? QStringLiteral("%1: not a regular file").arg(QString::fromLocal8Bit(entry.path))
                        : errnoText(entry, file.error());
        return out;
    }
    if (from > 0 && !stillHolds(file, from, options.lastLine)) {
        out.restarted = true;
        out.startOffset = out.resumeOffset = out.sizeSeen = from = 0;
        firstLine = 1;
    }
    Scan scan(out, firstLine, options);
    BlockLineReader reader(file, from, options.blockSize, LineParser::Padding);
    std::optional<quint64> lastLineAt;
    const auto onLine = [&scan, from, &options, &lastLineAt](const char *data, size_t size, quint64 offset) {
        scan.line(data, size, offset, true);
        lastLineAt = offset;
        return offset + size + 1 - from < options.maxBytes;
    };
    for (;;) {
        if (options.cancel && options.cancel->load(std::memory_order_relaxed)) {
            out.cancelled = true;
            break;
        }
        if (!reader.next(onLine)) {
            if (reader.error() != 0) {
                out.errorNumber = reader.error();
                out.error = errnoText(entry, reader.error());
            }
            break;
        }
        if (options.progress)
            options.progress(qint64(reader.lastRead()));
    }
    out.stoppedEarly = reader.stopped();
    if (lastLineAt)
        out.lastLine = {*lastLineAt, lineHeadHash(file, *lastLineAt, reader.offset())};
    const std::string_view rest = out.stoppedEarly ? std::string_view() : reader.rest();
    out.resumeOffset = reader.offset();
    out.sizeSeen = reader.offset() + rest.size();
    if (!rest.empty() && !out.cancelled && out.error.isEmpty())
        scan.line(rest.data(), rest.size(), reader.offset(), false);
    out.records.squeeze(); // an index keeps these as they are: no room to grow in them
    return out;
}

FileScan FileScanner::scanBytes(const QByteArray &bytes)
{
    FileScan out;
    Scan scan(out, 1);
    std::vector<char> buffer(size_t(bytes.size()) + LineParser::Padding);
    std::memcpy(buffer.data(), bytes.constData(), size_t(bytes.size()));
    const size_t end = size_t(bytes.size());
    size_t lineStart = 0;
    while (const void *nl = std::memchr(buffer.data() + lineStart, '\n', end - lineStart)) {
        const size_t nlPos = size_t(static_cast<const char *>(nl) - buffer.data());
        scan.line(buffer.data() + lineStart, nlPos - lineStart, lineStart, true);
        lineStart = nlPos + 1;
    }
    out.resumeOffset = lineStart;
    out.sizeSeen = end;
    if (lineStart < end)
        scan.line(buffer.data() + lineStart, end - lineStart, lineStart, false);
    return out;
}
