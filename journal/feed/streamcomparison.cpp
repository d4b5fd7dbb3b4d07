// SPDX-License-Identifier: MIT
#include "streamcomparison.h"

#include "journalindex.h"
#include "journalreader.h"

#include <QHash>

#include <map>

namespace {

struct FileLine
{
    quint64 seq = 0;
    QByteArray text; // trimmed, as the server parses it
    int file = 0;
};

// Bytes around a position, escaped for one line.
QString around(const QByteArray &bytes, qsizetype at)
{
    const qsizetype from = std::max<qsizetype>(0, at - 12);
    QString out;
    if (from > 0)
        out += QStringLiteral("…");
    for (qsizetype i = from; i < std::min(bytes.size(), at + 20); ++i) {
        const auto c = static_cast<unsigned char>(bytes[i]);
        out += c < 0x20 || c >= 0x7f ? QStringLiteral("\\x%1").arg(c, 2, 16, QLatin1Char('0'))
                                     : QString(QLatin1Char(char(c)));
    }
    if (at + 20 < bytes.size())
        out += QStringLiteral("…");
    if (at >= bytes.size())
        out += QStringLiteral("(end)");
    return out;
}

QString skipReason(quint16 flags)
{
    QStringList why;
    if (flags & EventRecord::BadTimestamp)
        why << QStringLiteral("ts is not RFC 3339");
    if (flags & EventRecord::BadSessionId)
        why << QStringLiteral("session_id is neither a string nor null");
    if (flags & EventRecord::DuplicateField)
        why << QStringLiteral("a field appears twice");
    return why.join(QStringLiteral(", "));
}

} // namespace

const char *StreamDifference::kindKey(Kind kind)
{
    switch (kind) {
    case Kind::Missing:
        return "missing";
    case Kind::Extra:
        return "extra";
    case Kind::Order:
        return "order";
    case Kind::Bytes:
        return "bytes";
    case Kind::Reset:
        return "feed_reset";
    case Kind::ReadFails:
        return "read_fails";
    case Kind::BadFrame:
        return "bad_frame";
    case Kind::Skipped:
        return "skipped_by_server";
    }
    return "";
}

qsizetype StreamComparison::firstDifference(const QByteArray &a, const QByteArray &b)
{
    const qsizetype n = std::min(a.size(), b.size());
    for (qsizetype i = 0; i < n; ++i) {
        if (a[i] != b[i])
            return i;
    }
    return n;
}

StreamComparison::Result StreamComparison::compare(const QList<FeedFrame> &frames, const QString &eventsDir,
                                                   quint64 since, std::optional<quint64> filesMaxBefore)
{
    Result result;
    const JournalListing listing = JournalDirectory::list(eventsDir);
    if (!listing.ok()) {
        result.filesError = listing.error;
        return result;
    }
    std::vector<FileLine> lines;
    const JournalReader::Status status = JournalReader::readSince(
        listing, since, JournalReader::NoLimit, [&](quint64 seq, std::string_view raw, int file) {
            const std::string_view t = JournalReader::trimUnicode(raw);
            lines.push_back({seq, QByteArray(t.data(), qsizetype(t.size())), file});
            return true;
        });
    if (!status.ok()) {
        StreamDifference d;
        d.kind = StreamDifference::Kind::ReadFails;
        d.file = status.errorFile;
        d.message =
            QStringLiteral("the server's read_since(%1) fails on %2 (%3): it replays nothing, and its "
                           "clients miss %4 events without being told")
                .arg(since)
                .arg(status.errorFile.isEmpty() ? eventsDir : status.errorFile, status.error)
                .arg(qint64(lines.size()));
        result.differences.append(d);
        lines.clear();
    }

    std::vector<const FeedFrame *> events;
    for (const FeedFrame &f : frames) {
        if (f.kind == FeedFrame::Kind::Event) {
            events.push_back(&f);
        } else if (f.kind == FeedFrame::Kind::Reset) {
            StreamDifference d;
            d.kind = StreamDifference::Kind::Reset;
            d.seq = f.fromSeq;
            const auto oldest = JournalReader::oldestSeq(listing);
            d.message =
                QStringLiteral("the server answered feed_reset from seq %1 (the files' oldest seq is %2)")
                    .arg(f.fromSeq)
                    .arg(oldest ? QString::number(*oldest) : QStringLiteral("none"));
            result.differences.append(d);
        } else if (f.kind == FeedFrame::Kind::Invalid) {
            StreamDifference d;
            d.kind = StreamDifference::Kind::BadFrame;
            d.message = QStringLiteral("a frame%1: %2")
                            .arg(f.hasId ? QStringLiteral(" with id %1").arg(QString::fromUtf8(f.id.left(40)))
                                         : QString(),
                                 f.problem);
            result.differences.append(d);
        }
    }
    result.streamEvents = qint64(events.size());

    quint64 upTo = filesMaxBefore.value_or(since);
    for (const FeedFrame *f : events)
        upTo = std::max(upTo, f->seq);
    result.compareUpTo = upTo;
    std::vector<const FileLine *> expected;
    for (const FileLine &l : lines) {
        if (l.seq <= upTo)
            expected.push_back(&l);
    }
    result.fileEvents = qint64(expected.size());

    // Pair the k-th occurrence of a seq on each side.
    std::map<quint64, std::vector<size_t>> fileAt, streamAt;
    for (size_t i = 0; i < expected.size(); ++i)
        fileAt[expected[i]->seq].push_back(i);
    for (size_t i = 0; i < events.size(); ++i)
        streamAt[events[i]->seq].push_back(i);
    std::vector<long> pairOfStream(events.size(), -1);
    std::vector<bool> filePaired(expected.size(), false);
    for (const auto &[seq, positions] : streamAt) {
        const auto it = fileAt.find(seq);
        for (size_t k = 0; k < positions.size(); ++k) {
            if (it != fileAt.end() && k < it->second.size()) {
                pairOfStream[positions[k]] = long(it->second[k]);
                filePaired[it->second[k]] = true;
            }
        }
    }
    const auto fileName = [&](int file) {
        return listing.files.value(file).name;
    };
    for (size_t i = 0; i < expected.size(); ++i) {
        if (filePaired[i])
            continue;
        StreamDifference d;
        d.kind = StreamDifference::Kind::Missing;
        d.seq = expected[i]->seq;
        d.file = fileName(expected[i]->file);
        d.message =
            QStringLiteral("seq %1 (%2) is in the files but not in the stream").arg(d.seq).arg(d.file);
        result.differences.append(d);
    }
    long lastFile = -1;
    bool orderReported = false;
    for (size_t i = 0; i < events.size(); ++i) {
        const FeedFrame &f = *events[i];
        const long p = pairOfStream[i];
        if (p < 0) {
            StreamDifference d;
            d.kind = StreamDifference::Kind::Extra;
            d.seq = f.seq;
            d.message = QStringLiteral("seq %1 is in the stream but not in the files").arg(f.seq);
            result.differences.append(d);
            continue;
        }
        if (p < lastFile && !orderReported) {
            StreamDifference d;
            d.kind = StreamDifference::Kind::Order;
            d.seq = f.seq;
            d.message = QStringLiteral("seq %1 came after seq %2, the files have it before")
                            .arg(f.seq)
                            .arg(expected[size_t(lastFile)]->seq);
            result.differences.append(d);
            orderReported = true;
        }
        lastFile = std::max(lastFile, p);
        const FileLine &l = *expected[size_t(p)];
        if (f.data == l.text) {
            ++result.identical;
            continue;
        }
        StreamDifference d;
        d.kind = StreamDifference::Kind::Bytes;
        d.seq = f.seq;
        d.file = fileName(l.file);
        d.offset = firstDifference(f.data, l.text);
        d.message =
            QStringLiteral("seq %1 (%2): the frame differs from the line at byte %3: stream %4, file %5")
                .arg(f.seq)
                .arg(d.file)
                .arg(d.offset)
                .arg(around(f.data, d.offset), around(l.text, d.offset));
        result.differences.append(d);
    }

    // What the server's reader passes over in the files it reads: listed, not counted as differences.
    const JournalIndex index = JournalIndex::build(listing);
    for (int i = 0; i < index.files().size(); ++i) {
        if (JournalReader::skipsFile(listing, i, since))
            continue;
        const FileIndex &fi = index.files()[i];
        for (const EventRecord &r : fi.records) {
            if (!r.serverSkips() || r.seq <= since || r.seq > upTo)
                continue;
            StreamDifference d;
            d.kind = StreamDifference::Kind::Skipped;
            d.seq = r.seq;
            d.file = fi.entry.name;
            d.offset = qint64(r.offset());
            d.message = QStringLiteral("seq %1 (%2, byte %3): the server's reader skips it (%4)")
                            .arg(r.seq)
                            .arg(fi.entry.name)
                            .arg(r.offset())
                            .arg(skipReason(r.flags));
            result.skipped.append(d);
        }
        for (const MalformedLine &m : fi.malformed) {
            StreamDifference d;
            d.kind = StreamDifference::Kind::Skipped;
            d.file = fi.entry.name;
            d.line = qint64(m.line);
            d.offset = qint64(m.offset);
            d.message =
                QStringLiteral("%1 line %2 (byte %3): not an event (%4): the server's reader skips it")
                    .arg(fi.entry.name)
                    .arg(m.line)
                    .arg(m.offset)
                    .arg(LineParser::reasonText(m.reason));
            result.skipped.append(d);
        }
    }
    return result;
}
