// SPDX-License-Identifier: MIT
#include "journalexporter.h"

#include "eventsummary.h"
#include "journalindex.h"
#include "journalwriter.h"

#include <QDir>
#include <QFileInfo>
#include <QSaveFile>
#include <QTemporaryDir>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {

// Receives each selected line; returns false with an error to stop.
using LineSink = std::function<bool(const EventRecord &, std::string_view, QString *)>;

// Walks the selected events of every file in journal order, reading the source in large windows.
JournalExporter::Result forEachSelected(const JournalIndex &index, const EventFilter &filter,
                                        const JournalExporter::Options &options, const LineSink &sink)
{
    JournalExporter::Result result;
    const CompiledFilter compiled(filter, index);
    qint64 total = 0;
    for (const FileIndex &fi : index.files())
        for (const EventRecord &r : fi.records)
            total += compiled.matchesRecord(r) ? qint64(r.length) : 0;
    qint64 done = 0;
    constexpr size_t Window = size_t(4) << 20;
    std::vector<char> buffer;
    for (const FileIndex &fi : index.files()) {
        int fd = -1;
        quint64 winStart = 0, winEnd = 0;
        for (const EventRecord &r : fi.records) {
            if (!compiled.matchesRecord(r))
                continue;
            if (options.cancel && options.cancel->load(std::memory_order_relaxed)) {
                result.cancelled = true;
                break;
            }
            if (fd < 0) {
                fd = ::open(fi.entry.path.constData(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
                struct stat st;
                if (fd < 0 || ::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_ino != fi.entry.inode ||
                    quint64(st.st_size) < fi.sizeSeen) {
                    result.error =
                        QStringLiteral("%1: changed or removed since it was indexed; reload and try again")
                            .arg(fi.entry.name);
                    break;
                }
            }
            if (r.offset < winStart || r.offset + r.length > winEnd) {
                const size_t want = std::max<size_t>(Window, r.length);
                buffer.resize(want);
                const ssize_t n = ::pread(fd, buffer.data(), want, off_t(r.offset));
                if (n < qint64(r.length)) {
                    result.error = QStringLiteral("%1: shrank while being read; reload and try again")
                                       .arg(fi.entry.name);
                    break;
                }
                winStart = r.offset;
                winEnd = r.offset + quint64(n);
            }
            const std::string_view line(buffer.data() + (r.offset - winStart), r.length);
            if (compiled.needsText() && !compiled.matchesText(line))
                continue;
            if (!sink(r, line, &result.error))
                break;
            ++result.events;
            done += r.length;
            if (options.progress && (result.events & 1023) == 0)
                options.progress(done, total);
        }
        if (fd >= 0)
            ::close(fd);
        if (!result.error.isEmpty() || result.cancelled)
            return result;
    }
    if (options.progress)
        options.progress(total, total);
    return result;
}

QByteArray csvField(const QByteArray &value)
{
    if (!value.contains(',') && !value.contains('"') && !value.contains('\n') && !value.contains('\r'))
        return value;
    QByteArray out = value;
    out.replace('"', "\"\"");
    return '"' + out + '"';
}

// Writes jsonl or csv to a device; returns bytes written through *bytes.
JournalExporter::Result writeToDevice(const JournalIndex &index, const EventFilter &filter, QIODevice *device,
                                      const JournalExporter::Options &options)
{
    qint64 bytes = 0;
    EventSummary decoder;
    QByteArray chunk;
    const auto flush = [&](QString *error) {
        // A short write (a full disk) is followed by another, so the failure that ends it carries the reason.
        for (qsizetype done = 0; done < chunk.size();) {
            errno = 0;
            const qint64 n = device->write(chunk.constData() + done, chunk.size() - done);
            if (n <= 0) {
                const int e = errno;
                *error = QStringLiteral("write failed: %1")
                             .arg(e ? QString::fromLocal8Bit(std::strerror(e)) : device->errorString());
                return false;
            }
            done += n;
        }
        bytes += chunk.size();
        chunk.clear();
        return true;
    };
    if (options.format == JournalExporter::Format::Csv)
        chunk += "seq,ts,session_id,type,summary\r\n";
    JournalExporter::Result result = forEachSelected(
        index, filter, options, [&](const EventRecord &r, std::string_view line, QString *error) {
            if (options.format == JournalExporter::Format::Jsonl) {
                chunk.append(line.data(), qsizetype(line.size()));
                chunk += '\n';
            } else {
                const EventSummary::Fields f = decoder.decode(line);
                chunk += QByteArray::number(r.seq) + ',' + csvField(f.ts.toUtf8()) + ',' +
                         csvField(f.sessionId.toUtf8()) + ',' + csvField(f.type.toUtf8()) + ',' +
                         csvField(f.summary.toUtf8()) + "\r\n";
            }
            return chunk.size() < (1 << 20) || flush(error);
        });
    if (result.error.isEmpty() && !result.cancelled)
        flush(&result.error);
    result.bytes = bytes;
    return result;
}

} // namespace

std::optional<JournalExporter::Format> JournalExporter::parseFormat(const QString &name)
{
    if (name == QLatin1String("jsonl"))
        return Format::Jsonl;
    if (name == QLatin1String("csv"))
        return Format::Csv;
    if (name == QLatin1String("journal"))
        return Format::Journal;
    return std::nullopt;
}

JournalExporter::Estimate JournalExporter::estimate(const JournalIndex &index, const EventFilter &filter)
{
    Estimate e;
    const CompiledFilter compiled(filter, index);
    for (const FileIndex &fi : index.files()) {
        for (const EventRecord &r : fi.records) {
            if (compiled.matchesRecord(r)) {
                ++e.events;
                e.bytes += qint64(r.length) + 1;
            }
        }
    }
    e.upperBound = compiled.needsText();
    return e;
}

QString JournalExporter::refusal(const JournalIndex &index, const QString &target)
{
    const QString source = QFileInfo(index.dir()).canonicalFilePath();
    if (source.isEmpty())
        return {};
    // The deepest existing ancestor of the target decides where it would land.
    QFileInfo probe(QFileInfo(target).absoluteFilePath());
    QString suffix;
    while (!probe.exists() && probe.absoluteFilePath() != probe.absolutePath()) {
        suffix = QLatin1Char('/') + probe.fileName() + suffix;
        probe = QFileInfo(probe.absolutePath());
    }
    const QString resolved = probe.canonicalFilePath() + suffix;
    if (resolved == source || resolved.startsWith(source + QLatin1Char('/')))
        return QStringLiteral(
                   "%1 is inside the journal directory %2: the server would take exported files for its "
                   "own, and its prune would delete them")
            .arg(target, source);
    return {};
}

JournalExporter::Result JournalExporter::exportToDevice(const JournalIndex &index, const EventFilter &filter,
                                                        QIODevice *device, const Options &options)
{
    if (options.format == Format::Journal) {
        Result result;
        result.error = QStringLiteral("the journal format writes a directory, not a stream");
        return result;
    }
    return writeToDevice(index, filter, device, options);
}

JournalExporter::Result JournalExporter::exportToPath(const JournalIndex &index, const EventFilter &filter,
                                                      const QString &target, const Options &options)
{
    Result result;
    if (const QString why = refusal(index, target); !why.isEmpty()) {
        result.error = why;
        return result;
    }
    if (options.format != Format::Journal) {
        QSaveFile file(target);
        if (!file.open(QIODevice::WriteOnly |
                       QIODevice::Unbuffered)) { // our own 1 MiB chunks; errors carry errno
            result.error = QStringLiteral("%1: %2").arg(target, file.errorString());
            return result;
        }
        result = writeToDevice(index, filter, &file, options);
        if (!result.ok()) {
            file.cancelWriting();
            return result;
        }
        if (!file.commit()) {
            result.error = QStringLiteral("%1: %2").arg(target, file.errorString());
            return result;
        }
        return result;
    }

    const QFileInfo targetInfo(target);
    if (targetInfo.exists() && !(targetInfo.isDir() && QDir(target).isEmpty())) {
        result.error = QStringLiteral("%1: already exists").arg(target);
        return result;
    }
    QTemporaryDir staging(targetInfo.absolutePath() + QStringLiteral("/.") + targetInfo.fileName() +
                          QStringLiteral(".partial-XXXXXX"));
    if (!staging.isValid()) {
        result.error = QStringLiteral("%1: %2").arg(targetInfo.absolutePath(), staging.errorString());
        return result;
    }
    JournalWriter writer;
    writer.setSyncOnClose(true);
    if (!writer.open(staging.path(), options.rotateThreshold, &result.error))
        return result;
    qint64 written = 0;
    result = forEachSelected(
        index, filter, options, [&](const EventRecord &r, std::string_view line, QString *error) {
            if (!writer.append(r.seq, QByteArray(line.data(), qsizetype(line.size())), error))
                return false;
            written += qint64(line.size()) + 1;
            return true;
        });
    if (!result.ok() || !writer.sync(&result.error))
        return result;
    result.bytes = written;
    if (::rename(QFile::encodeName(staging.path()).constData(),
                 QFile::encodeName(targetInfo.absoluteFilePath()).constData()) != 0) {
        result.error = QStringLiteral("%1: %2").arg(target, QString::fromLocal8Bit(std::strerror(errno)));
        return result;
    }
    staging.setAutoRemove(false);
    return result;
}
