// SPDX-License-Identifier: MIT
#include "journalreader.h"

#include "eventrecord.h"
#include "journalfile.h"
#include "lineparser.h"

#include <simdjson.h>

#include <cerrno>
#include <cstring>

namespace {

// Length of the Unicode White_Space character starting at p, or 0.
size_t spaceAt(const unsigned char *p, size_t n)
{
    const unsigned char c = p[0];
    if (c == ' ' || (c >= '\t' && c <= '\r'))
        return 1;
    if (c == 0xC2 && n >= 2 && (p[1] == 0x85 || p[1] == 0xA0))
        return 2;
    if (c == 0xE1 && n >= 3 && p[1] == 0x9A && p[2] == 0x80)
        return 3;
    if (c == 0xE2 && n >= 3 && p[1] == 0x80 &&
        ((p[2] >= 0x80 && p[2] <= 0x8A) || p[2] == 0xA8 || p[2] == 0xA9 || p[2] == 0xAF))
        return 3;
    if (c == 0xE2 && n >= 3 && p[1] == 0x81 && p[2] == 0x9F)
        return 3;
    if (c == 0xE3 && n >= 3 && p[1] == 0x80 && p[2] == 0x80)
        return 3;
    return 0;
}

// Length of the Unicode White_Space character ending at p + n, or 0.
size_t spaceBefore(const unsigned char *p, size_t n)
{
    for (size_t len = 1; len <= 3 && len <= n; ++len) {
        if (spaceAt(p + n - len, len) == len)
            return len;
    }
    return 0;
}

// Calls f(raw, trimmed) for each line of a buffer the way str::lines() + trim() split it; stops when f
// returns false. `raw` keeps the line's bytes without the newline and one dropped '\r'.
template <typename F> void forEachLine(const char *data, size_t size, F f)
{
    size_t start = 0;
    while (start < size) {
        const void *nl = std::memchr(data + start, '\n', size - start);
        const size_t end = nl ? size_t(static_cast<const char *>(nl) - data) : size;
        size_t lineEnd = end;
        if (lineEnd > start && data[lineEnd - 1] == '\r')
            --lineEnd;
        const std::string_view raw(data + start, lineEnd - start);
        start = end + 1;
        const std::string_view line = JournalReader::trimUnicode(raw);
        if (!line.empty() && !f(raw, line))
            return;
    }
}

QString osError(int error)
{
    return QStringLiteral("%1 (os error %2)").arg(QString::fromLocal8Bit(std::strerror(error))).arg(error);
}

} // namespace

std::string_view JournalReader::trimUnicode(std::string_view line)
{
    auto p = reinterpret_cast<const unsigned char *>(line.data());
    size_t n = line.size();
    while (n > 0) {
        const size_t len = spaceAt(p, n);
        if (len == 0)
            break;
        p += len;
        n -= len;
    }
    while (n > 0) {
        const size_t len = spaceBefore(p, n);
        if (len == 0)
            break;
        n -= len;
    }
    return std::string_view(reinterpret_cast<const char *>(p), n);
}

bool JournalReader::readWholeFile(const JournalEntry &entry, std::vector<char> *buffer, size_t *size,
                                  QString *error)
{
    if (entry.type == JournalEntry::Type::Fifo || entry.type == JournalEntry::Type::Device ||
        entry.type == JournalEntry::Type::Socket || entry.type == JournalEntry::Type::Other) {
        // Callers name the file.
        *error = QStringLiteral("a %1: the server's read_to_string would block or never end")
                     .arg(JournalEntry::typeName(entry.type));
        return false;
    }
    const JournalFile file(entry.path);
    if (!file.isOpen()) {
        *error =
            file.error() == ENODEV
                ? QStringLiteral("not a regular file: the server's read_to_string would block or never end")
                : osError(file.error());
        return false;
    }
    size_t capacity = size_t(file.status().st_size) + 4096;
    buffer->resize(capacity + LineParser::Padding);
    size_t have = 0;
    for (;;) {
        if (have == capacity) {
            capacity *= 2;
            buffer->resize(capacity + LineParser::Padding);
        }
        const qint64 n = file.read(have, buffer->data() + have, capacity - have);
        if (n < 0) {
            *error = osError(errno);
            return false;
        }
        if (n == 0)
            break;
        have += size_t(n);
    }
    *size = have;
    if (!simdjson::validate_utf8(buffer->data(), have)) {
        *error = QStringLiteral("stream did not contain valid UTF-8");
        return false;
    }
    return true;
}

bool JournalReader::skipsFile(const JournalListing &listing, int i, quint64 since)
{
    if (i + 1 >= listing.files.size())
        return false;
    const quint64 nextStart = listing.files[i + 1].startSeq;
    return (nextStart == 0 ? 0 : nextStart - 1) <= since;
}

JournalReader::Status JournalReader::readSince(const JournalListing &listing, quint64 since, qint64 limit,
                                               const Sink &sink)
{
    Status status;
    if (!listing.ok()) {
        status.error = listing.error;
        return status;
    }
    if (limit <= 0)
        return status;
    LineParser parser;
    std::vector<char> buffer;
    for (int i = 0; i < listing.files.size(); ++i) {
        if (skipsFile(listing, i, since))
            continue;
        const JournalEntry &entry = listing.files[i];
        size_t size = 0;
        QString error;
        if (!readWholeFile(entry, &buffer, &size, &error)) {
            status.error = error;
            status.errorFile = entry.name;
            return status;
        }
        bool stop = false;
        forEachLine(buffer.data(), size, [&](std::string_view raw, std::string_view line) {
            quint64 seq;
            if (LineParser::leadingSeq(line, &seq) && seq <= since)
                return true; // skipped whether or not the rest parses
            const LineParser::Result r = parser.parse(line.data(), line.size());
            if (r.kind != LineParser::Kind::Event || (r.flags & EventRecord::ServerSkipMask) ||
                r.seq <= since)
                return true;
            ++status.count;
            stop = !sink(r.seq, raw, i) || status.count >= limit;
            return !stop;
        });
        if (stop)
            return status;
    }
    return status;
}

JournalReader::Status JournalReader::readSince(const QString &eventsDir, quint64 since, qint64 limit,
                                               std::vector<Line> *out)
{
    return readSince(JournalDirectory::list(eventsDir), since, limit,
                     [out](quint64 seq, std::string_view line, int file) {
                         out->push_back({seq, QByteArray(line.data(), qsizetype(line.size())), file});
                         return true;
                     });
}

JournalReader::Recovered JournalReader::recoverMaxSeq(const JournalListing &listing)
{
    Recovered r;
    if (!listing.ok()) {
        r.error = listing.error;
        return r;
    }
    if (listing.files.isEmpty())
        return r;
    const JournalEntry &entry = listing.files.last();
    std::vector<char> buffer;
    size_t size = 0;
    if (!readWholeFile(entry, &buffer, &size, &r.error)) {
        r.error = QStringLiteral("%1: %2").arg(entry.name, r.error);
        return r;
    }
    LineParser parser;
    forEachLine(buffer.data(), size, [&](std::string_view, std::string_view line) {
        const LineParser::Result pr = parser.parse(line.data(), line.size());
        if (pr.kind == LineParser::Kind::Event && !(pr.flags & EventRecord::ServerSkipMask))
            r.maxSeq = std::max(r.maxSeq, pr.seq);
        return true;
    });
    return r;
}

std::optional<quint64> JournalReader::oldestSeq(const JournalListing &listing)
{
    return listing.files.isEmpty() ? std::nullopt : std::optional<quint64>(listing.files.first().startSeq);
}

JournalReader::ReplayPlan JournalReader::planReplay(const JournalListing &listing, quint64 cursor)
{
    ReplayPlan plan;
    plan.cursor = cursor;
    plan.oldestSeq = oldestSeq(listing);
    // `oldest > since + 1` in u64 arithmetic; since + 1 cannot overflow meaningfully here (oldest <= max).
    if (cursor > 0 && plan.oldestSeq && cursor < std::numeric_limits<quint64>::max() &&
        *plan.oldestSeq > cursor + 1) {
        plan.feedReset = true;
        plan.missedEvents = *plan.oldestSeq - cursor - 1;
        return plan;
    }
    const Status status = readSince(listing, cursor, NoLimit, [&](quint64, std::string_view, int file) {
        if (plan.replayFromFile.isEmpty())
            plan.replayFromFile = listing.files[file].name;
        return true;
    });
    if (!status.ok()) {
        plan.replayError = status.error;
        plan.replayErrorFile = status.errorFile;
        plan.replayFromFile.clear();
        return plan;
    }
    plan.replayEvents = status.count;
    return plan;
}
