// SPDX-License-Identifier: MIT
#include "cli.h"

#include "eventfilter.h"
#include "journaldirectory.h"
#include "journalexporter.h"
#include "timestamp.h"

#include <algorithm>
#include <optional>
#include <unistd.h>

namespace cli {

int cmdExport(const QStringList &args)
{
    const Spec spec{
        "export",
        "export DIR --from A --to B [--session ID]... [--type T]... [--after TS] [--before TS]\n"
        "                             [--contains TEXT [--ignore-case]] [--where EXPR]\n"
        "                             [--format jsonl|csv|journal] (-o OUT | -o -)",
        "The events with A <= seq <= B that match every other criterion. Output is whole or nothing: a "
        "journal\n"
        "file that cannot be read fails it. A regular file appears whole (written aside, then renamed); a\n"
        "character device or FIFO is written through; - is stdout.",
        {{QStringLiteral("from"), QStringLiteral("First seq (inclusive)."), QStringLiteral("A")},
         {QStringLiteral("to"), QStringLiteral("Last seq (inclusive)."), QStringLiteral("B")},
         {QStringLiteral("session"), QStringLiteral("Session id (repeatable)."), QStringLiteral("ID")},
         {QStringLiteral("type"), QStringLiteral("Event type (repeatable)."), QStringLiteral("T")},
         {QStringLiteral("after"),
          QStringLiteral("Events at or after TS (RFC 3339, or a date: its start, UTC)."),
          QStringLiteral("TS")},
         {QStringLiteral("before"),
          QStringLiteral("Events at or before TS (RFC 3339, or a date: its start, UTC)."),
          QStringLiteral("TS")},
         {QStringLiteral("contains"), QStringLiteral("Lines containing TEXT."), QStringLiteral("TEXT")},
         {QStringLiteral("ignore-case"),
          QStringLiteral("Match --contains and the \"text\" terms of --where regardless of case.")},
         WhereOption,
         {QStringLiteral("format"), QStringLiteral("jsonl (default), csv or journal."), QStringLiteral("F"),
          QStringLiteral("jsonl")},
         {QStringLiteral("threshold"),
          QStringLiteral("Rotation threshold for the journal format (default 8 MiB)."),
          QStringLiteral("BYTES")},
         {{QStringLiteral("o"), QStringLiteral("output")},
          QStringLiteral("Output path, or - for stdout."),
          QStringLiteral("OUT")}},
        {QStringLiteral("session"), QStringLiteral("type")}};
    Command cmd;
    int exit = Ok;
    if (!parseCommand(cmd, args, spec, &exit))
        return exit;
    EventFilter filter;
    if (!parseU64Option(cmd, QStringLiteral("from"), &filter.seqFrom, &exit) ||
        !parseU64Option(cmd, QStringLiteral("to"), &filter.seqTo, &exit))
        return exit;
    if (!filter.seqFrom || !filter.seqTo)
        return usageError(cmd.name, QStringLiteral("--from and --to are required"));
    if (*filter.seqFrom > *filter.seqTo)
        return usageError(cmd.name, QStringLiteral("--from is greater than --to"));
    filter.sessions = cmd.parser.values(QStringLiteral("session"));
    filter.types = cmd.parser.values(QStringLiteral("type"));
    for (const char *name : {"after", "before"}) {
        const QString option = QString::fromLatin1(name);
        if (!cmd.parser.isSet(option))
            continue;
        const QByteArray text = JournalDirectory::encodeName(cmd.parser.value(option));
        const auto ns = Timestamp::parseDateOrTime(std::string_view(text.constData(), size_t(text.size())));
        if (!ns)
            return usageError(cmd.name,
                              QStringLiteral("--%1: '%2' is neither an RFC 3339 timestamp nor a date")
                                  .arg(option, cmd.parser.value(option)));
        (option == QLatin1String("after") ? filter.after : filter.before) = *ns;
    }
    if (filter.after && filter.before && *filter.after > *filter.before)
        return usageError(cmd.name, QStringLiteral("--after is later than --before"));
    filter.contains = JournalDirectory::encodeName(cmd.parser.value(QStringLiteral("contains")));
    filter.ignoreCase = cmd.parser.isSet(QStringLiteral("ignore-case"));
    EventQuery where;
    if (!parseWhereOption(cmd, &where, &exit))
        return exit;
    filter.where = where.text();
    JournalExporter::Options options;
    const auto format = JournalExporter::parseFormat(cmd.parser.value(QStringLiteral("format")));
    if (!format)
        return usageError(cmd.name, QStringLiteral("--format: '%1' is not jsonl, csv or journal")
                                        .arg(cmd.parser.value(QStringLiteral("format"))));
    options.format = *format;
    std::optional<quint64> threshold;
    if (!parseU64Option(cmd, QStringLiteral("threshold"), &threshold, &exit))
        return exit;
    if (threshold)
        options.rotateThreshold = std::max<quint64>(1, *threshold);
    const QString target = cmd.parser.value(QStringLiteral("o"));
    if (target.isEmpty())
        return usageError(cmd.name, QStringLiteral("-o OUT is required (- for stdout)"));
    if (target == QLatin1String("-") && options.format == JournalExporter::Format::Journal)
        return usageError(cmd.name, QStringLiteral("the journal format writes a directory; give -o DIR"));

    QString dir;
    if (!resolveDir(cmd.dir, &dir, &exit))
        return exit;
    JournalIndex::Options indexOptions;
    indexOptions.seqFrom = *filter.seqFrom;
    indexOptions.seqTo = *filter.seqTo;
    const JournalIndex index = buildIndex(dir, &exit, indexOptions);
    if (exit != Ok)
        return exit;
    if (target != QLatin1String("-")) {
        if (const QString why = JournalExporter::refusal(index, target); !why.isEmpty())
            return usageError(cmd.name, QStringLiteral("refusing %1").arg(why));
    }
    catchTerminationSignals();
    options.cancel = &g_stop;
    const JournalExporter::Result result =
        target == QLatin1String("-") ? JournalExporter::exportToFileDescriptor(
                                           index, filter, STDOUT_FILENO, QStringLiteral("stdout"), options)
                                     : JournalExporter::exportToPath(index, filter, target, options);
    if (result.cancelled && g_signal)
        dieOfSignal(g_signal); // whatever was staged is gone already
    if (!result.ok()) {
        err(result.cancelled ? QStringLiteral("export cancelled") : result.error);
        return IoError;
    }
    if (target != QLatin1String("-"))
        note(QStringLiteral("exported %1 events (%2 bytes) to %3")
                 .arg(result.events)
                 .arg(result.bytes)
                 .arg(target));
    return Ok;
}

} // namespace cli
