// SPDX-License-Identifier: MIT
#include "journaldoctor.h"

#include "journalindex.h"
#include "journalreader.h"

namespace {

using Severity = DoctorFinding::Severity;

DoctorFinding finding(const char *kind, Severity severity, const QString &file, QString message,
                      QString effect)
{
    DoctorFinding f;
    f.kind = QString::fromLatin1(kind);
    f.severity = severity;
    f.file = file;
    f.message = std::move(message);
    f.serverEffect = std::move(effect);
    return f;
}

} // namespace

QString JournalDoctor::severityName(Severity severity)
{
    switch (severity) {
    case Severity::Info:
        return QStringLiteral("info");
    case Severity::Warning:
        return QStringLiteral("warning");
    case Severity::Error:
        return QStringLiteral("error");
    }
    return {};
}

bool JournalDoctor::hasProblems(const QList<DoctorFinding> &findings)
{
    return std::any_of(findings.begin(), findings.end(),
                       [](const DoctorFinding &f) { return f.severity != Severity::Info; });
}

QList<DoctorFinding> JournalDoctor::examine(const JournalIndex &index)
{
    QList<DoctorFinding> out;
    if (!index.listError().isEmpty()) {
        out.append(finding("unreadable_directory", Severity::Error, {}, index.listError(),
                           QStringLiteral("the server cannot list the journal: replay and boot fail")));
        return out;
    }
    for (const QString &name : index.ignoredNames())
        out.append(finding("ignored_name", Severity::Info, name, QStringLiteral("not a journal file name"),
                           QStringLiteral("ignored: never read, counted or pruned")));

    const QList<FileIndex> &files = index.files();
    for (int i = 0; i < files.size(); ++i) {
        const FileIndex &fi = files[i];
        const QString &name = fi.entry.name;
        const bool newest = i == files.size() - 1;
        if (i > 0 && files[i - 1].entry.startSeq == fi.entry.startSeq)
            out.append(finding("duplicate_start_seq", Severity::Warning, name,
                               QStringLiteral("same start seq as %1").arg(files[i - 1].entry.name),
                               QStringLiteral("the server orders these two files arbitrarily")));
        if (!fi.entry.readable()) {
            out.append(finding(
                "not_regular", Severity::Error, name,
                QStringLiteral("a %1 with a journal file name").arg(JournalEntry::typeName(fi.entry.type)),
                fi.entry.type == JournalEntry::Type::Directory
                    ? QStringLiteral("a replay that reads it fails and sends nothing")
                    : QStringLiteral("a replay that reads it blocks or fails")));
            continue;
        }
        if (fi.entry.symlink)
            out.append(finding("symlink", Severity::Info, name,
                               QStringLiteral("a symbolic link to a regular file"),
                               QStringLiteral("read through the link; its own prune deletes only the link")));
        if (!fi.error.isEmpty()) {
            out.append(finding("unreadable_file", Severity::Error, name, fi.error,
                               QStringLiteral("a replay that reads it fails and sends nothing")));
            continue;
        }
        if (fi.invalidUtf8) {
            DoctorFinding f = finding(
                "invalid_utf8", Severity::Error, name, QStringLiteral("bytes that are not UTF-8"),
                QStringLiteral("read_to_string fails: any replay that reads this file sends nothing"));
            f.offset = qint64(fi.invalidUtf8Offset);
            out.append(f);
        }
        for (const MalformedLine &m : fi.malformed) {
            DoctorFinding f = finding("malformed_line", Severity::Warning, name,
                                      LineParser::reasonText(m.reason), QStringLiteral("skipped"));
            f.line = qint64(m.line);
            f.offset = qint64(m.offset);
            out.append(f);
        }
        if (fi.tornTail) {
            DoctorFinding f =
                finding("torn_tail", newest ? Severity::Info : Severity::Warning, name,
                        newest ? QStringLiteral("unterminated last line (%1 bytes): still being written, or "
                                                "a crash mid-write")
                                     .arg(fi.tornLength)
                               : QStringLiteral("unterminated last line (%1 bytes) in a rotated file: a "
                                                "crash mid-write")
                                     .arg(fi.tornLength),
                        QStringLiteral("skipped"));
            f.line = qint64(fi.lines + 1);
            f.offset = qint64(fi.tornOffset);
            out.append(f);
        }
        if (const auto first = fi.firstSeq(); first && *first != fi.entry.startSeq)
            out.append(finding(
                "start_seq_mismatch", Severity::Warning, name,
                QStringLiteral("the name says %1, the first event is %2").arg(fi.entry.startSeq).arg(*first),
                QStringLiteral("read_since's skip rule trusts names: events may be skipped or replayed "
                               "from the wrong file")));
        for (qsizetype r = 0; r < fi.records.size(); ++r) {
            const EventRecord &rec = fi.records[r];
            const auto add = [&](const char *kind, Severity sev, QString message, QString effect) {
                DoctorFinding f = finding(kind, sev, name, std::move(message), std::move(effect));
                f.offset = qint64(rec.offset());
                f.seq = rec.seq;
                out.append(f);
            };
            if (rec.flags & EventRecord::DuplicateSeq)
                add("duplicate_seq", Severity::Warning, QStringLiteral("seq %1 appears again").arg(rec.seq),
                    QStringLiteral("replayed twice; clients that dedupe by seq drop one"));
            if (rec.flags & EventRecord::OutOfOrderSeq)
                add("out_of_order_seq", Severity::Warning,
                    QStringLiteral("seq %1 comes after a greater seq").arg(rec.seq),
                    QStringLiteral("replayed in file order, not seq order"));
            if (rec.flags & EventRecord::GapBefore)
                add("seq_gap", Severity::Warning, QStringLiteral("seq jumps to %1").arg(rec.seq),
                    QStringLiteral("clients never see the missing seqs"));
            if (rec.flags & EventRecord::BadTimestamp)
                add("bad_timestamp", Severity::Warning,
                    QStringLiteral("seq %1: ts missing or not RFC 3339").arg(rec.seq),
                    QStringLiteral("the line fails to deserialize and is skipped"));
            if (rec.flags & EventRecord::BadSessionId)
                add("bad_session_id", Severity::Warning,
                    QStringLiteral("seq %1: session_id is neither a string nor null").arg(rec.seq),
                    QStringLiteral("the line fails to deserialize and is skipped"));
            if (rec.flags & EventRecord::DuplicateField)
                add("duplicate_field", Severity::Warning,
                    QStringLiteral("seq %1: a top-level field appears twice").arg(rec.seq),
                    QStringLiteral("the line fails to deserialize and is skipped"));
            if (rec.flags & EventRecord::UnknownType)
                add("unknown_type", Severity::Info,
                    QStringLiteral("seq %1: type \"%2\" is not one this browser knows")
                        .arg(rec.seq)
                        .arg(index.types().text(rec.type)),
                    QStringLiteral("servers that do not know the type skip the line"));
        }
    }

    if (!files.isEmpty() && files.last().entry.readable()) {
        const JournalReader::Recovered recovered =
            JournalReader::recoverMaxSeq(JournalDirectory::list(index.dir()));
        const auto maxSeq = index.maxSeq();
        if (recovered.ok() && recovered.maxSeq == 0 && maxSeq)
            out.append(finding(
                "newest_without_complete_line", Severity::Error, files.last().entry.name,
                QStringLiteral("the newest file has no line the server can read"),
                QStringLiteral("recover_max_seq returns 0: after a restart the server reuses seqs from 1, "
                               "duplicating %1 seqs")
                    .arg(*maxSeq)));
        else if (recovered.ok() && maxSeq && recovered.maxSeq < *maxSeq)
            out.append(finding(
                "recovered_seq_behind", Severity::Warning, files.last().entry.name,
                QStringLiteral("recover_max_seq gives %1 but the journal holds seq %2")
                    .arg(recovered.maxSeq)
                    .arg(*maxSeq),
                QStringLiteral("after a restart the server reuses seqs above %1").arg(recovered.maxSeq)));
        else if (!recovered.ok())
            out.append(finding("recover_fails", Severity::Error, files.last().entry.name, recovered.error,
                               QStringLiteral("the server fails to open the journal at boot")));
    }
    return out;
}
