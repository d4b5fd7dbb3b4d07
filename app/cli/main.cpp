// SPDX-License-Identifier: MIT
// bamboo-journal: the command-line face of the journal library. Argument parsing and output only.

#include "eventfilter.h"
#include "eventsummary.h"
#include "filescanner.h"
#include "journaldirectory.h"
#include "journaldoctor.h"
#include "journalexporter.h"
#include "journalfilename.h"
#include "journalindex.h"
#include "journalpruner.h"
#include "journalreader.h"
#include "journalsimulator.h"
#include "journaltail.h"
#include "jsonwriter.h"
#include "sessionstate.h"
#include "timestamp.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QThread>
#include <QTimer>

#include <atomic>
#include <csignal>
#include <cstdio>

namespace {

enum Exit { Ok = 0, Problems = 1, Usage = 2, IoError = 3 };

std::atomic_bool g_stop{false};

void onSignal(int)
{
    g_stop.store(true);
}

const char UsageText[] = R"(usage: bamboo-journal COMMAND DIR [options]

Reads the bamboo server's change-feed journal (DIR is a bamboo directory or its events/ directory).

commands:
  info DIR [--json]                       files, events, retained window, recovered seq
  read DIR [--since N] [--limit K]        original lines in read_since order, one per line
  export DIR --from A --to B [--session ID]... [--type T]... [--after TS] [--before TS]
         [--contains TEXT] [--format jsonl|csv|journal] (-o OUT | -o -)
  prune DIR --keep N [--dry-run] [--json] delete the oldest files, keeping N (never the newest)
  doctor DIR [--json]                     what breaks or surprises the server
  resume DIR --cursor N [--json]          what /stream does for a client at cursor N
  tail DIR [--since N] [--poll-ms MS]     print events as they arrive (replay first with --since)
  session DIR ID [--at SEQ] [--json]      a session's state as of a seq (default: the newest)
  simulate DIR [--count N] [--rate EV_PER_S] [--threshold BYTES] [--keep FILES] [--seed S]
                                          write a realistic journal, as the server does

exit codes: 0 ok, 1 doctor found problems, 2 usage error, 3 I/O or journal error
)";

void err(const QString &message)
{
    std::fprintf(stderr, "bamboo-journal: %s\n", qPrintable(message));
}

int usageError(const QString &message)
{
    err(message);
    std::fprintf(stderr, "run 'bamboo-journal --help' for usage\n");
    return Usage;
}

void out(const QByteArray &bytes)
{
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
}

struct Command
{
    QCommandLineParser parser;
    QString dir;
};

// Parses a command's options; DIR is the one positional argument. Returns false after reporting.
bool parseCommand(Command &cmd, const QStringList &args, const QList<QCommandLineOption> &options, int *exit)
{
    cmd.parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsOptions);
    cmd.parser.addOptions(options);
    if (!cmd.parser.parse(args)) {
        *exit = usageError(cmd.parser.errorText());
        return false;
    }
    const QStringList positional = cmd.parser.positionalArguments();
    if (positional.size() != 1) {
        *exit = usageError(
            positional.isEmpty()
                ? QStringLiteral("%1: missing DIR").arg(args.value(1))
                : QStringLiteral("%1: unexpected argument '%2'").arg(args.value(1), positional.value(1)));
        return false;
    }
    cmd.dir = positional.first();
    return true;
}

bool parseU64Option(const Command &cmd, const QString &name, std::optional<quint64> *value, int *exit)
{
    if (!cmd.parser.isSet(name))
        return true;
    const QByteArray text = cmd.parser.value(name).toUtf8();
    const auto v = JournalFileName::parseU64(std::string_view(text.constData(), size_t(text.size())));
    if (!v) {
        *exit = usageError(
            QStringLiteral("--%1: '%2' is not an unsigned integer").arg(name, cmd.parser.value(name)));
        return false;
    }
    *value = v;
    return true;
}

bool resolveDir(const QString &path, QString *eventsDir, int *exit)
{
    const JournalDirectory::Resolved resolved = JournalDirectory::resolve(path);
    if (!resolved.ok()) {
        err(resolved.error);
        *exit = IoError;
        return false;
    }
    *eventsDir = resolved.eventsDir;
    return true;
}

JournalIndex buildIndex(const QString &eventsDir, int *exit, const JournalIndex::Options &options = {})
{
    JournalIndex index = JournalIndex::build(eventsDir, options);
    if (!index.listError().isEmpty()) {
        err(index.listError());
        *exit = IoError;
    }
    return index;
}

QByteArray pad(const QByteArray &s, int width)
{
    return s.leftJustified(width, ' ');
}

int cmdInfo(const QStringList &args)
{
    Command cmd;
    int exit = Ok;
    if (!parseCommand(cmd, args, {{QStringLiteral("json"), QStringLiteral("Print JSON.")}}, &exit))
        return exit;
    QString dir;
    if (!resolveDir(cmd.dir, &dir, &exit))
        return exit;
    const JournalIndex index = buildIndex(dir, &exit);
    if (exit != Ok)
        return exit;
    const JournalReader::Recovered recovered = JournalReader::recoverMaxSeq(JournalDirectory::list(dir));

    if (cmd.parser.isSet(QStringLiteral("json"))) {
        JsonWriter j;
        j.beginObject().key("dir").value(dir).key("files").beginArray();
        for (const FileIndex &fi : index.files()) {
            j.beginObject()
                .key("name")
                .value(fi.entry.name)
                .key("start_seq")
                .value(fi.entry.startSeq)
                .key("first_seq")
                .value(fi.firstSeq())
                .key("last_seq")
                .value(fi.lastSeq())
                .key("events")
                .value(qint64(fi.records.size()))
                .key("bytes")
                .value(fi.entry.size)
                .key("malformed")
                .value(qint64(fi.malformed.size()))
                .key("torn_tail")
                .value(fi.tornTail)
                .key("type")
                .value(JournalEntry::typeName(fi.entry.type))
                .key("invalid_utf8")
                .value(fi.invalidUtf8)
                .key("error")
                .stringOrNull(fi.error)
                .endObject();
        }
        j.endArray().key("ignored").beginArray();
        for (const QString &name : index.ignoredNames())
            j.value(name);
        j.endArray()
            .key("events")
            .value(index.eventCount())
            .key("malformed")
            .value(index.malformedCount())
            .key("bytes")
            .value(index.byteCount())
            .key("oldest_seq")
            .value(index.oldestSeq())
            .key("recovered_max_seq");
        if (recovered.ok())
            j.value(recovered.maxSeq);
        else
            j.null();
        j.key("recover_error").stringOrNull(recovered.error).key("max_seq").value(index.maxSeq()).endObject();
        out(j.data() + '\n');
        return Ok;
    }

    const auto opt = [](std::optional<quint64> v) {
        return v ? QByteArray::number(*v) : QByteArray("-");
    };
    QByteArray text;
    text += "directory          " + QFile::encodeName(dir) + '\n';
    text += "files              " + QByteArray::number(index.files().size());
    if (!index.ignoredNames().isEmpty())
        text += " (" + QByteArray::number(index.ignoredNames().size()) + " other names ignored)";
    text += '\n';
    text += "events             " + QByteArray::number(index.eventCount()) + '\n';
    text += "malformed lines    " + QByteArray::number(index.malformedCount()) + '\n';
    text += "bytes              " + QByteArray::number(index.byteCount()) + '\n';
    text += "oldest seq         " + opt(index.oldestSeq()) + '\n';
    text += "max seq            " + opt(index.maxSeq()) + '\n';
    text += "recovered max seq  " +
            (recovered.ok() ? QByteArray::number(recovered.maxSeq) : "fails: " + recovered.error.toUtf8()) +
            '\n';
    if (!index.files().isEmpty()) {
        text += '\n' + pad("FILE", 34) + pad("FIRST", 12) + pad("LAST", 12) + pad("EVENTS", 10) +
                pad("BYTES", 11) + pad("MALFORMED", 10) + "NOTE\n";
        for (const FileIndex &fi : index.files()) {
            QByteArray note;
            if (!fi.error.isEmpty())
                note = fi.error.toUtf8();
            else if (fi.tornTail)
                note = "torn tail";
            if (fi.invalidUtf8)
                note += note.isEmpty() ? "invalid UTF-8" : ", invalid UTF-8";
            text += pad(fi.entry.name.toUtf8(), 33) + ' ' + pad(opt(fi.firstSeq()), 11) + ' ' +
                    pad(opt(fi.lastSeq()), 11) + ' ' + pad(QByteArray::number(qint64(fi.records.size())), 9) +
                    ' ' + pad(QByteArray::number(fi.entry.size), 10) + ' ' +
                    pad(QByteArray::number(qint64(fi.malformed.size())), 9) + ' ' + note + '\n';
        }
    }
    out(text);
    return Ok;
}

int cmdRead(const QStringList &args)
{
    Command cmd;
    int exit = Ok;
    if (!parseCommand(cmd, args,
                      {{QStringLiteral("since"), QStringLiteral("Events after seq N."), QStringLiteral("N")},
                       {QStringLiteral("limit"), QStringLiteral("At most K lines."), QStringLiteral("K")}},
                      &exit))
        return exit;
    std::optional<quint64> since, limit;
    if (!parseU64Option(cmd, QStringLiteral("since"), &since, &exit) ||
        !parseU64Option(cmd, QStringLiteral("limit"), &limit, &exit))
        return exit;
    QString dir;
    if (!resolveDir(cmd.dir, &dir, &exit))
        return exit;
    const qint64 max =
        limit ? qint64(std::min<quint64>(*limit, quint64(JournalReader::NoLimit))) : JournalReader::NoLimit;
    const JournalReader::Status status = JournalReader::readSince(
        JournalDirectory::list(dir), since.value_or(0), max, [](quint64, std::string_view line, int) {
            std::fwrite(line.data(), 1, line.size(), stdout);
            std::fputc('\n', stdout);
            return !std::ferror(stdout);
        });
    std::fflush(stdout);
    if (!status.ok()) {
        err(QStringLiteral("%1: %2 (the server's replay fails here and sends nothing)")
                .arg(status.errorFile.isEmpty() ? dir : QDir(dir).filePath(status.errorFile), status.error));
        return IoError;
    }
    return Ok;
}

int cmdExport(const QStringList &args)
{
    Command cmd;
    int exit = Ok;
    if (!parseCommand(
            cmd, args,
            {{QStringLiteral("from"), QStringLiteral("First seq (inclusive)."), QStringLiteral("A")},
             {QStringLiteral("to"), QStringLiteral("Last seq (inclusive)."), QStringLiteral("B")},
             {QStringLiteral("session"), QStringLiteral("Session id (repeatable)."), QStringLiteral("ID")},
             {QStringLiteral("type"), QStringLiteral("Event type (repeatable)."), QStringLiteral("T")},
             {QStringLiteral("after"), QStringLiteral("Events at or after TS (RFC 3339)."),
              QStringLiteral("TS")},
             {QStringLiteral("before"), QStringLiteral("Events at or before TS (RFC 3339)."),
              QStringLiteral("TS")},
             {QStringLiteral("contains"), QStringLiteral("Lines containing TEXT."), QStringLiteral("TEXT")},
             {QStringLiteral("format"), QStringLiteral("jsonl, csv or journal."), QStringLiteral("F"),
              QStringLiteral("jsonl")},
             {QStringLiteral("threshold"), QStringLiteral("Rotation threshold for the journal format."),
              QStringLiteral("BYTES")},
             {{QStringLiteral("o"), QStringLiteral("output")},
              QStringLiteral("Output path, or - for stdout."),
              QStringLiteral("OUT")}},
            &exit))
        return exit;
    EventFilter filter;
    if (!parseU64Option(cmd, QStringLiteral("from"), &filter.seqFrom, &exit) ||
        !parseU64Option(cmd, QStringLiteral("to"), &filter.seqTo, &exit))
        return exit;
    if (!filter.seqFrom || !filter.seqTo)
        return usageError(QStringLiteral("export: --from and --to are required"));
    if (*filter.seqFrom > *filter.seqTo)
        return usageError(QStringLiteral("export: --from is greater than --to"));
    filter.sessions = cmd.parser.values(QStringLiteral("session"));
    filter.types = cmd.parser.values(QStringLiteral("type"));
    for (const char *name : {"after", "before"}) {
        const QString option = QString::fromLatin1(name);
        if (!cmd.parser.isSet(option))
            continue;
        const QByteArray text = cmd.parser.value(option).toUtf8();
        const auto ns = Timestamp::parse(std::string_view(text.constData(), size_t(text.size())));
        if (!ns)
            return usageError(QStringLiteral("--%1: '%2' is not an RFC 3339 timestamp")
                                  .arg(option, cmd.parser.value(option)));
        (option == QLatin1String("after") ? filter.after : filter.before) = *ns;
    }
    filter.contains = cmd.parser.value(QStringLiteral("contains")).toUtf8();
    JournalExporter::Options options;
    const auto format = JournalExporter::parseFormat(cmd.parser.value(QStringLiteral("format")));
    if (!format)
        return usageError(QStringLiteral("--format: '%1' is not jsonl, csv or journal")
                              .arg(cmd.parser.value(QStringLiteral("format"))));
    options.format = *format;
    std::optional<quint64> threshold;
    if (!parseU64Option(cmd, QStringLiteral("threshold"), &threshold, &exit))
        return exit;
    if (threshold)
        options.rotateThreshold = std::max<quint64>(1, *threshold);
    const QString target = cmd.parser.value(QStringLiteral("o"));
    if (target.isEmpty())
        return usageError(QStringLiteral("export: -o OUT is required (- for stdout)"));
    if (target == QLatin1String("-") && options.format == JournalExporter::Format::Journal)
        return usageError(QStringLiteral("export: the journal format writes a directory; give -o DIR"));

    QString dir;
    if (!resolveDir(cmd.dir, &dir, &exit))
        return exit;
    JournalIndex::Options indexOptions;
    indexOptions.seqFrom = *filter.seqFrom;
    indexOptions.seqTo = *filter.seqTo;
    const JournalIndex index = buildIndex(dir, &exit, indexOptions);
    if (exit != Ok)
        return exit;
    JournalExporter::Result result;
    if (target == QLatin1String("-")) {
        QFile stdoutFile;
        if (!stdoutFile.open(stdout, QIODevice::WriteOnly)) {
            err(QStringLiteral("cannot write to stdout"));
            return IoError;
        }
        result = JournalExporter::exportToDevice(index, filter, &stdoutFile, options);
    } else {
        if (const QString why = JournalExporter::refusal(index, target); !why.isEmpty())
            return usageError(QStringLiteral("export: refusing %1").arg(why));
        result = JournalExporter::exportToPath(index, filter, target, options);
    }
    if (!result.ok()) {
        err(result.error);
        return IoError;
    }
    if (target != QLatin1String("-"))
        std::fprintf(stderr, "exported %lld events (%lld bytes) to %s\n",
                     static_cast<long long>(result.events), static_cast<long long>(result.bytes),
                     qPrintable(target));
    return Ok;
}

int cmdPrune(const QStringList &args)
{
    Command cmd;
    int exit = Ok;
    if (!parseCommand(cmd, args,
                      {{QStringLiteral("keep"), QStringLiteral("Files to keep (>= 1)."), QStringLiteral("N")},
                       {QStringLiteral("dry-run"), QStringLiteral("Only show what would be deleted.")},
                       {QStringLiteral("json"), QStringLiteral("Print JSON.")}},
                      &exit))
        return exit;
    std::optional<quint64> keep;
    if (!parseU64Option(cmd, QStringLiteral("keep"), &keep, &exit))
        return exit;
    if (!keep)
        return usageError(QStringLiteral("prune: --keep N is required"));
    if (*keep < 1)
        return usageError(
            QStringLiteral("prune: --keep must be at least 1 (the newest file is the writer's)"));
    QString dir;
    if (!resolveDir(cmd.dir, &dir, &exit))
        return exit;
    const JournalListing listing = JournalDirectory::list(dir);
    if (!listing.ok()) {
        err(listing.error);
        return IoError;
    }
    JournalPruner::Plan plan = JournalPruner::plan(listing, int(std::min<quint64>(*keep, INT32_MAX)));
    for (JournalPruner::Item &item : plan.items) {
        if (item.entry.readable())
            item.events = qint64(FileScanner::scan(item.entry).records.size());
    }
    const bool dryRun = cmd.parser.isSet(QStringLiteral("dry-run"));
    JournalPruner::Result result;
    if (!dryRun)
        result = JournalPruner::execute(plan);

    if (cmd.parser.isSet(QStringLiteral("json"))) {
        JsonWriter j;
        j.beginObject().key("keep").value(*keep).key("dry_run").value(dryRun).key("delete").beginArray();
        for (const JournalPruner::Item &item : plan.items) {
            if (!item.deletable)
                continue;
            j.beginObject()
                .key("name")
                .value(item.entry.name)
                .key("start_seq")
                .value(item.entry.startSeq)
                .key("events")
                .value(item.events)
                .key("bytes")
                .value(item.entry.size)
                .endObject();
        }
        j.endArray().key("skip").beginArray();
        for (const JournalPruner::Item &item : plan.items) {
            if (!item.deletable)
                j.beginObject()
                    .key("name")
                    .value(item.entry.name)
                    .key("reason")
                    .value(item.skipReason)
                    .endObject();
        }
        j.endArray().key("new_oldest_seq").value(dryRun ? plan.newOldestSeq : result.newOldestSeq);
        if (!dryRun) {
            j.key("deleted").beginArray();
            for (const QString &name : result.deleted)
                j.value(name);
            j.endArray().key("failed").beginArray();
            for (const auto &[name, reason] : result.failed)
                j.beginObject().key("name").value(name).key("reason").value(reason).endObject();
            j.endArray();
        }
        j.endObject();
        out(j.data() + '\n');
    } else {
        QByteArray text;
        const int n = plan.deletableCount();
        text += (dryRun ? "would delete " : "deleting ") + QByteArray::number(n) + " of " +
                QByteArray::number(plan.fileCount) + " files (" + QByteArray::number(plan.bytes()) +
                " bytes)\n";
        for (const JournalPruner::Item &item : plan.items) {
            text += "  " + item.entry.name.toUtf8();
            if (item.deletable)
                text += "  " + QByteArray::number(item.events) + " events, " +
                        QByteArray::number(item.entry.size) + " bytes\n";
            else
                text += "  kept: " + item.skipReason.toUtf8() + '\n';
        }
        const auto oldest = dryRun ? plan.newOldestSeq : result.newOldestSeq;
        text +=
            "oldest seq afterwards: " + (oldest ? QByteArray::number(*oldest) : QByteArray("none")) + '\n';
        for (const auto &[name, reason] : result.failed)
            text += "failed: " + name.toUtf8() + ": " + reason.toUtf8() + '\n';
        out(text);
    }
    if (!dryRun && !result.ok()) {
        err(result.error.isEmpty()
                ? QStringLiteral("%1: %2 files could not be deleted").arg(dir).arg(result.failed.size())
                : result.error);
        return IoError;
    }
    return Ok;
}

int cmdDoctor(const QStringList &args)
{
    Command cmd;
    int exit = Ok;
    if (!parseCommand(cmd, args, {{QStringLiteral("json"), QStringLiteral("Print JSON.")}}, &exit))
        return exit;
    QString dir;
    if (!resolveDir(cmd.dir, &dir, &exit))
        return exit;
    const JournalIndex index = buildIndex(dir, &exit);
    if (exit != Ok)
        return exit;
    const QList<DoctorFinding> findings = JournalDoctor::examine(index);
    if (cmd.parser.isSet(QStringLiteral("json"))) {
        JsonWriter j;
        j.beginObject().key("dir").value(dir).key("findings").beginArray();
        for (const DoctorFinding &f : findings) {
            j.beginObject()
                .key("kind")
                .value(f.kind)
                .key("severity")
                .value(JournalDoctor::severityName(f.severity))
                .key("file")
                .stringOrNull(f.file)
                .key("line");
            f.line >= 0 ? j.value(f.line) : j.null();
            j.key("offset");
            f.offset >= 0 ? j.value(f.offset) : j.null();
            j.key("message").value(f.message).key("server_effect").value(f.serverEffect).endObject();
        }
        j.endArray().key("problems").value(JournalDoctor::hasProblems(findings)).endObject();
        out(j.data() + '\n');
    } else {
        QByteArray text;
        for (const DoctorFinding &f : findings) {
            QByteArray where = f.file.toUtf8();
            if (f.line >= 0)
                where += ':' + QByteArray::number(f.line);
            if (f.offset >= 0)
                where += " @" + QByteArray::number(f.offset);
            text += pad(JournalDoctor::severityName(f.severity).toUtf8(), 8) + pad(f.kind.toUtf8(), 29) +
                    where + ": " + f.message.toUtf8() + " (server: " + f.serverEffect.toUtf8() + ")\n";
        }
        if (findings.isEmpty())
            text += "no findings: " + QByteArray::number(index.eventCount()) + " events in " +
                    QByteArray::number(index.files().size()) + " files\n";
        out(text);
    }
    return JournalDoctor::hasProblems(findings) ? Problems : Ok;
}

int cmdResume(const QStringList &args)
{
    Command cmd;
    int exit = Ok;
    if (!parseCommand(
            cmd, args,
            {{QStringLiteral("cursor"), QStringLiteral("The client's last-seen seq (0 = from the start)."),
              QStringLiteral("N")},
             {QStringLiteral("json"), QStringLiteral("Print JSON.")}},
            &exit))
        return exit;
    std::optional<quint64> cursor;
    if (!parseU64Option(cmd, QStringLiteral("cursor"), &cursor, &exit))
        return exit;
    if (!cursor)
        return usageError(QStringLiteral("resume: --cursor N is required"));
    QString dir;
    if (!resolveDir(cmd.dir, &dir, &exit))
        return exit;
    const JournalListing listing = JournalDirectory::list(dir);
    if (!listing.ok()) {
        err(listing.error);
        return IoError;
    }
    const JournalReader::ReplayPlan plan = JournalReader::planReplay(listing, *cursor);
    if (cmd.parser.isSet(QStringLiteral("json"))) {
        JsonWriter j;
        j.beginObject()
            .key("cursor")
            .value(plan.cursor)
            .key("oldest_seq")
            .value(plan.oldestSeq)
            .key("feed_reset")
            .value(plan.feedReset)
            .key("replay_events")
            .value(plan.replayEvents)
            .key("replay_from_file")
            .stringOrNull(plan.replayFromFile)
            .key("replay_error")
            .stringOrNull(plan.replayError.isEmpty()
                              ? QString()
                              : plan.replayErrorFile + QStringLiteral(": ") + plan.replayError)
            .endObject();
        out(j.data() + '\n');
    } else if (plan.feedReset) {
        out(QStringLiteral(
                "feed_reset: cursor %1 predates the retained window (oldest seq %2) by %3 events; the client "
                "must resync fully\n")
                .arg(plan.cursor)
                .arg(*plan.oldestSeq)
                .arg(plan.missedEvents)
                .toUtf8());
    } else if (!plan.replayError.isEmpty()) {
        out(QStringLiteral("replay fails on %1: %2; the server logs it and sends nothing\n")
                .arg(plan.replayErrorFile, plan.replayError)
                .toUtf8());
    } else if (plan.replayEvents == 0) {
        out(QStringLiteral("resumable: nothing to replay after seq %1\n").arg(plan.cursor).toUtf8());
    } else {
        out(QStringLiteral("resumable: replays %1 events from %2\n")
                .arg(plan.replayEvents)
                .arg(plan.replayFromFile)
                .toUtf8());
    }
    return Ok;
}

int cmdTail(const QStringList &args)
{
    Command cmd;
    int exit = Ok;
    if (!parseCommand(cmd, args,
                      {{QStringLiteral("since"), QStringLiteral("Replay events after seq N first."),
                        QStringLiteral("N")},
                       {QStringLiteral("poll-ms"), QStringLiteral("Poll interval (default 1000)."),
                        QStringLiteral("MS")}},
                      &exit))
        return exit;
    std::optional<quint64> since, pollMs;
    if (!parseU64Option(cmd, QStringLiteral("since"), &since, &exit) ||
        !parseU64Option(cmd, QStringLiteral("poll-ms"), &pollMs, &exit))
        return exit;
    QString dir;
    if (!resolveDir(cmd.dir, &dir, &exit))
        return exit;
    TailOptions options;
    options.since = since;
    options.pollMs = int(std::clamp<quint64>(pollMs.value_or(1000), 10, 3600000));
    JournalTail tail(dir);
    QObject::connect(&tail, &JournalTail::eventsArrived, [](const QList<TailEvent> &events) {
        for (const TailEvent &e : events) {
            std::fwrite(e.line.constData(), 1, size_t(e.line.size()), stdout);
            std::fputc('\n', stdout);
        }
        std::fflush(stdout);
        if (std::ferror(stdout))
            g_stop.store(true); // the reader went away
    });
    QObject::connect(&tail, &JournalTail::noticed, [](const TailNotice &n) { err(n.message); });
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    std::signal(SIGPIPE, SIG_IGN);
    QTimer stopCheck;
    QObject::connect(&stopCheck, &QTimer::timeout, [] {
        if (g_stop.load())
            QCoreApplication::quit();
    });
    stopCheck.start(50);
    tail.start(options);
    QCoreApplication::exec();
    tail.stop();
    return Ok;
}

int cmdSimulate(const QStringList &args)
{
    Command cmd;
    int exit = Ok;
    if (!parseCommand(
            cmd, args,
            {{QStringLiteral("count"),
              QStringLiteral("Events to write (default 1000, or unlimited with --rate)."),
              QStringLiteral("N")},
             {QStringLiteral("rate"), QStringLiteral("Events per second (default: as fast as possible)."),
              QStringLiteral("EV_PER_S")},
             {QStringLiteral("threshold"), QStringLiteral("Rotation threshold in bytes (default 8 MiB)."),
              QStringLiteral("BYTES")},
             {QStringLiteral("keep"),
              QStringLiteral("Prune to this many files at start and after each rotation."),
              QStringLiteral("FILES")},
             {QStringLiteral("seed"), QStringLiteral("Random seed."), QStringLiteral("S")}},
            &exit))
        return exit;
    std::optional<quint64> count, rate, threshold, keep, seed;
    for (const auto &[name, value] : {std::pair{"count", &count},
                                      {"rate", &rate},
                                      {"threshold", &threshold},
                                      {"keep", &keep},
                                      {"seed", &seed}}) {
        if (!parseU64Option(cmd, QString::fromLatin1(name), value, &exit))
            return exit;
    }
    // A bamboo directory's journal lives in events/; any other directory is taken as the events directory.
    QString dir = cmd.dir;
    if (QFileInfo(QDir(dir).filePath(QStringLiteral("events"))).isDir())
        dir = QDir(dir).filePath(QStringLiteral("events"));
    JournalSimulator::Options options;
    options.rotateThreshold = std::max<quint64>(1, threshold.value_or(options.rotateThreshold));
    options.keepFiles = int(std::min<quint64>(keep.value_or(0), INT32_MAX));
    options.seed = seed.value_or(1);
    options.realTime = rate.has_value();
    JournalSimulator sim;
    QString error;
    if (!sim.open(dir, options, &error)) {
        err(error);
        return IoError;
    }
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    const quint64 total = count.value_or(rate ? std::numeric_limits<quint64>::max() : 1000);
    QElapsedTimer clock;
    clock.start();
    quint64 written = 0;
    while (written < total && !g_stop.load()) {
        if (rate && *rate > 0) {
            // Pace against the clock, writing whatever is due in one go.
            const quint64 due = quint64(double(clock.nsecsElapsed()) * double(*rate) / 1e9) + 1;
            if (written >= due) {
                QThread::usleep(std::min<quint64>(2000, 1000000 / *rate + 1));
                continue;
            }
        }
        if (!sim.appendNext(&error)) {
            err(error);
            return IoError;
        }
        ++written;
    }
    std::fprintf(stderr, "wrote %llu events (last seq %llu) in %s, %d files opened, %d pruned\n",
                 static_cast<unsigned long long>(written), static_cast<unsigned long long>(sim.lastSeq()),
                 qPrintable(dir), sim.filesOpened(), sim.prunedFiles());
    return Ok;
}

// The state of one session as of a seq: what the server's clients know after applying every event up to it.
int cmdSession(const QStringList &args)
{
    Command cmd;
    cmd.parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsOptions);
    cmd.parser.addOptions({{QStringLiteral("at"), QStringLiteral("The seq to stop at (default: the newest)."),
                            QStringLiteral("SEQ")},
                           {QStringLiteral("json"), QStringLiteral("Print JSON.")}});
    if (!cmd.parser.parse(args))
        return usageError(cmd.parser.errorText());
    const QStringList positional = cmd.parser.positionalArguments();
    if (positional.size() != 2)
        return usageError(positional.size() < 2
                              ? QStringLiteral("session: DIR and ID are required")
                              : QStringLiteral("session: unexpected argument '%1'").arg(positional.value(2)));
    cmd.dir = positional.first();
    const QString id = positional.value(1);
    int exit = Ok;
    std::optional<quint64> at;
    if (!parseU64Option(cmd, QStringLiteral("at"), &at, &exit))
        return exit;
    QString dir;
    if (!resolveDir(cmd.dir, &dir, &exit))
        return exit;
    const JournalIndex index = buildIndex(dir, &exit);
    if (exit != Ok)
        return exit;
    SessionStateReader::Options options;
    options.atSeq = at.value_or(index.maxSeq().value_or(0));
    options.maxSummaryLength = 240;
    const SessionState s = SessionStateReader::compute(index, id, options);
    if (!s.appears) {
        err(QStringLiteral("%1: session %2 never appears in the journal").arg(dir, id));
        return IoError;
    }
    for (const QString &e : s.errors)
        err(e);

    if (cmd.parser.isSet(QStringLiteral("json"))) {
        JsonWriter j;
        const auto optBool = [&j](std::optional<bool> v) -> JsonWriter & {
            return v ? j.value(*v) : j.null();
        };
        j.beginObject()
            .key("session_id")
            .value(s.sessionId)
            .key("at_seq")
            .value(s.atSeq)
            .key("exists")
            .value(s.exists)
            .key("deleted")
            .value(s.deleted)
            .key("cleared")
            .value(s.cleared)
            .key("created_seq")
            .value(s.createdSeq)
            .key("deleted_seq")
            .value(s.deletedSeq)
            .key("cleared_seq")
            .value(s.clearedSeq)
            .key("kind")
            .stringOrNull(s.kind)
            .key("project_id")
            .stringOrNull(s.projectId)
            .key("title");
        s.titleVersion ? j.value(s.title) : j.null();
        j.key("title_version")
            .value(s.titleVersion)
            .key("title_source")
            .stringOrNull(s.titleSource)
            .key("pinned");
        optBool(s.pinned);
        j.key("parent_session_id")
            .stringOrNull(s.parentSessionId)
            .key("parent_link_seq")
            .value(s.parentLinkSeq)
            .key("parent_deleted")
            .value(s.parentDeleted)
            .key("children")
            .beginArray();
        for (const SessionState::Child &c : s.children) {
            j.beginObject()
                .key("session_id")
                .value(c.sessionId)
                .key("title")
                .stringOrNull(c.title)
                .key("status")
                .stringOrNull(c.status)
                .key("error")
                .stringOrNull(c.error)
                .key("started_seq");
            c.startedSeq ? j.value(c.startedSeq) : j.null();
            j.key("completed_seq").value(c.completedSeq).endObject();
        }
        j.endArray().key("task_list");
        if (s.taskList) {
            j.beginObject()
                .key("title")
                .value(s.taskList->title)
                .key("seq")
                .value(s.taskList->seq)
                .key("completed")
                .value(s.taskList->completed)
                .key("items")
                .beginArray();
            for (const SessionState::Item &item : s.taskList->items)
                j.beginObject()
                    .key("id")
                    .value(item.id)
                    .key("description")
                    .value(item.description)
                    .key("status")
                    .value(item.status)
                    .key("tool_calls_count")
                    .value(item.toolCalls)
                    .key("version")
                    .value(item.version)
                    .endObject();
            j.endArray().endObject();
        } else {
            j.null();
        }
        j.key("plan_mode")
            .beginObject()
            .key("active")
            .value(s.planMode.active)
            .key("status")
            .stringOrNull(s.planMode.status)
            .key("plan_file_path")
            .stringOrNull(s.planMode.planFilePath)
            .key("approved");
        optBool(s.planMode.approved);
        j.key("last_file_update");
        if (s.planMode.lastFileSeq)
            j.beginObject()
                .key("seq")
                .value(*s.planMode.lastFileSeq)
                .key("file_path")
                .value(s.planMode.lastFilePath)
                .key("content_summary")
                .value(s.planMode.lastContentSummary)
                .endObject();
        else
            j.null();
        j.endObject().key("pending").beginArray();
        for (const SessionState::Pending &p : s.pending)
            j.beginObject()
                .key("seq")
                .value(p.seq)
                .key("type")
                .value(p.type)
                .key("text")
                .value(p.text)
                .key("tool_call_id")
                .stringOrNull(p.toolCallId)
                .endObject();
        j.endArray()
            .key("runs")
            .beginObject()
            .key("started")
            .value(s.runs.started)
            .key("completed")
            .value(s.runs.completed)
            .key("cancelled")
            .value(s.runs.cancelled)
            .key("errors")
            .value(s.runs.errors)
            .key("running_run_id")
            .stringOrNull(s.runs.current)
            .key("last_error")
            .stringOrNull(s.runs.lastError)
            .endObject()
            .key("usage")
            .beginObject()
            .key("prompt_tokens")
            .value(s.usage.promptTokens)
            .key("completion_tokens")
            .value(s.usage.completionTokens)
            .key("total_tokens")
            .value(s.usage.totalTokens)
            .endObject()
            .key("messages")
            .beginObject();
        for (auto it = s.messagesByRole.cbegin(); it != s.messagesByRole.cend(); ++it) {
            const QByteArray role = it.key().toUtf8();
            j.key(role.constData()).value(it.value());
        }
        j.endObject().key("event_count").value(s.eventCount).key("events").beginArray();
        for (const SessionState::Event &e : s.events)
            j.beginObject()
                .key("seq")
                .value(e.seq)
                .key("ts")
                .value(e.ts)
                .key("type")
                .value(e.type)
                .key("summary")
                .value(e.summary)
                .endObject();
        j.endArray().endObject();
        out(j.data() + '\n');
        return Ok;
    }

    const auto seqText = [](std::optional<quint64> v) {
        return v ? QStringLiteral("seq %1").arg(*v) : QStringLiteral("before the retained window");
    };
    QStringList lines;
    const auto line = [&lines](const char *label, const QString &text) {
        lines << QString::fromLatin1(label).leftJustified(11) + text;
    };
    line("session", QStringLiteral("%1%2 as of seq %3")
                        .arg(s.sessionId, s.kind.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(s.kind))
                        .arg(s.atSeq));
    QStringList state;
    state << (s.exists    ? QStringLiteral("exists")
              : s.deleted ? QStringLiteral("deleted")
                          : QStringLiteral("not yet"));
    if (s.createdSeq)
        state << QStringLiteral("created at seq %1").arg(*s.createdSeq);
    if (s.deleted)
        state << QStringLiteral("deleted at %1").arg(seqText(s.deletedSeq));
    if (s.cleared)
        state << QStringLiteral("cleared at %1").arg(seqText(s.clearedSeq));
    if (s.pinned.value_or(false))
        state << QStringLiteral("pinned");
    if (!s.projectId.isEmpty())
        state << QStringLiteral("project %1").arg(s.projectId);
    line("state", state.join(QStringLiteral(" · ")));
    if (s.titleVersion)
        line("title", QStringLiteral("\"%1\" v%2 %3")
                          .arg(s.title)
                          .arg(*s.titleVersion)
                          .arg(s.titleSource.isEmpty() ? QStringLiteral("(as created)") : s.titleSource));
    if (!s.parentSessionId.isEmpty())
        line("parent",
             s.parentSessionId +
                 (s.parentLinkSeq ? QStringLiteral(" (started this at seq %1)").arg(*s.parentLinkSeq)
                                  : QString()) +
                 (s.parentDeleted ? QStringLiteral(", deleted") : QString()));
    for (const SessionState::Child &c : s.children)
        line("child", QStringLiteral("%1 %2%3%4")
                          .arg(c.sessionId, c.status.isEmpty() ? QStringLiteral("running") : c.status,
                               c.title.isEmpty() ? QString() : QStringLiteral(" \"%1\"").arg(c.title),
                               c.error.isEmpty() ? QString() : QStringLiteral(": ") + c.error));
    if (s.taskList) {
        line("task list",
             QStringLiteral("\"%1\"%2")
                 .arg(s.taskList->title, s.taskList->completed ? QStringLiteral(" (completed)") : QString()));
        for (const SessionState::Item &item : s.taskList->items)
            lines << QStringLiteral("           %1 %2 %3")
                         .arg(item.id, item.status.leftJustified(11), item.description);
    }
    if (s.planMode.active || !s.planMode.status.isEmpty())
        line("plan mode",
             QStringLiteral("%1, %2%3")
                 .arg(s.planMode.active ? QStringLiteral("active") : QStringLiteral("exited"),
                      s.planMode.status,
                      s.planMode.planFilePath.isEmpty() ? QString()
                                                        : QStringLiteral(", ") + s.planMode.planFilePath));
    for (const SessionState::Pending &p : s.pending)
        line("pending", QStringLiteral("seq %1 %2: %3").arg(p.seq).arg(p.type, p.text));
    line("runs",
         QStringLiteral("%1 started, %2 completed, %3 cancelled, %4 errors%5")
             .arg(s.runs.started)
             .arg(s.runs.completed)
             .arg(s.runs.cancelled)
             .arg(s.runs.errors)
             .arg(s.runs.current.isEmpty() ? QString() : QStringLiteral("; running ") + s.runs.current));
    line("usage", QStringLiteral("%1 tokens (%2 prompt, %3 completion)")
                      .arg(EventSummary::groupDigits(s.usage.totalTokens),
                           EventSummary::groupDigits(s.usage.promptTokens),
                           EventSummary::groupDigits(s.usage.completionTokens)));
    QStringList roles;
    for (auto it = s.messagesByRole.cbegin(); it != s.messagesByRole.cend(); ++it)
        roles << QStringLiteral("%1 %2").arg(it.key()).arg(it.value());
    line("events", QStringLiteral("%1%2")
                       .arg(s.eventCount)
                       .arg(roles.isEmpty() ? QString()
                                            : QStringLiteral(" (messages: ") +
                                                  roles.join(QStringLiteral(", ")) + QLatin1Char(')')));
    out((lines.join(QLatin1Char('\n')) + QLatin1Char('\n')).toUtf8());
    return Ok;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("bamboo-journal"));
    QCoreApplication::setApplicationVersion(QStringLiteral(BJB_VERSION));
    std::setvbuf(stdout, nullptr, _IOFBF, 1 << 16);

    const QStringList args = QCoreApplication::arguments();
    const QString command = args.value(1);
    if (command.isEmpty())
        return usageError(QStringLiteral("no command given"));
    if (command == QLatin1String("--help") || command == QLatin1String("-h") ||
        command == QLatin1String("help")) {
        std::fputs(UsageText, stdout);
        return Ok;
    }
    if (command == QLatin1String("--version") || command == QLatin1String("-v")) {
        std::printf("bamboo-journal %s\n", BJB_VERSION);
        return Ok;
    }
    const QStringList rest = args.mid(1); // the command takes the program's place for QCommandLineParser
    if (command == QLatin1String("info"))
        return cmdInfo(rest);
    if (command == QLatin1String("read"))
        return cmdRead(rest);
    if (command == QLatin1String("export"))
        return cmdExport(rest);
    if (command == QLatin1String("prune"))
        return cmdPrune(rest);
    if (command == QLatin1String("doctor"))
        return cmdDoctor(rest);
    if (command == QLatin1String("resume"))
        return cmdResume(rest);
    if (command == QLatin1String("tail"))
        return cmdTail(rest);
    if (command == QLatin1String("simulate"))
        return cmdSimulate(rest);
    if (command == QLatin1String("session"))
        return cmdSession(rest);
    return usageError(QStringLiteral("unknown command '%1'").arg(command));
}
