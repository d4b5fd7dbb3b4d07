// SPDX-License-Identifier: MIT
// bamboo-journal: the command-line face of the journal library. Argument parsing and output only.
//
// Output rules: every write to stdout is checked, and so is the final flush and close; a failure (a full
// disk, a closed pipe with SIGPIPE ignored) is exit 3 with one line on stderr. Every message is one line:
// file name bytes as given, control characters escaped. Arguments are taken as bytes (JournalDirectory's
// lossless decoding), so any path reaches the file system unchanged.

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
#include <QElapsedTimer>
#include <QThread>
#include <QTimer>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {

enum Exit { Ok = 0, Problems = 1, Usage = 2, IoError = 3 };

std::atomic_bool g_stop{false};
volatile std::sig_atomic_t g_signal = 0;
bool g_sigpipeDefault = true; // as inherited: then a closed pipe ends us the way it ends any writer
bool g_errorReported = false;

struct StdoutState
{
    bool failed = false;
    int error = 0;
};
StdoutState g_stdout;

extern "C" void onSignal(int sig)
{
    g_signal = sig;
    g_stop.store(true);
}

// For commands that clean up before they end: SIGINT, SIGTERM and SIGHUP set the stop flag. No SA_RESTART,
// so a write blocked on a FIFO or pipe returns and the command can notice. A signal the caller ignores (a
// background job's SIGINT, nohup's SIGHUP) stays ignored.
void catchTerminationSignals()
{
    struct sigaction sa = {};
    sa.sa_handler = onSignal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;
    for (const int sig : {SIGINT, SIGTERM, SIGHUP}) {
        struct sigaction inherited = {};
        if (::sigaction(sig, nullptr, &inherited) == 0 && inherited.sa_handler != SIG_IGN)
            ::sigaction(sig, &sa, nullptr);
    }
}

// After cleaning up, end by the signal that asked for it, so that the caller sees it.
[[noreturn]] void dieOfSignal(int sig)
{
    std::fflush(stderr);
    std::signal(sig, SIG_DFL);
    std::raise(sig);
    std::_Exit(128 + sig);
}

// Text for one line of a terminal or log: file name bytes as given, control characters escaped, so that a
// name or an event type never splits a line.
QByteArray printable(const QString &text)
{
    static const char hex[] = "0123456789abcdef";
    const QByteArray bytes = JournalDirectory::encodeName(text);
    QByteArray out;
    out.reserve(bytes.size());
    for (const char ch : bytes) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c == '\t') {
            out += "\\t";
        } else if (c < 0x20 || c == 0x7f) {
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 15];
        } else {
            out += ch;
        }
    }
    return out;
}

void note(const QString &message)
{
    const QByteArray line = "bamboo-journal: " + printable(message) + '\n';
    std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
}

void err(const QString &message)
{
    g_errorReported = true;
    note(message);
}

QString osError(int e)
{
    return QString::fromLocal8Bit(std::strerror(e));
}

bool out(const char *data, size_t size)
{
    if (g_stdout.failed)
        return false;
    if (size > 0 && std::fwrite(data, 1, size, stdout) != size) {
        g_stdout.failed = true;
        g_stdout.error = errno ? errno : EIO;
    }
    return !g_stdout.failed;
}

bool out(const QByteArray &bytes)
{
    return out(bytes.constData(), size_t(bytes.size()));
}

bool flushStdout()
{
    if (!g_stdout.failed && std::fflush(stdout) != 0) {
        g_stdout.failed = true;
        g_stdout.error = errno ? errno : EIO;
    }
    return !g_stdout.failed;
}

// The last word on stdout: flushed and closed (a close can report what a write could not), then the exit
// code. A failure is one line, unless the command already said what went wrong.
int finish(int exit)
{
    if (flushStdout() && std::fclose(stdout) != 0) {
        g_stdout.failed = true;
        g_stdout.error = errno ? errno : EIO;
    }
    if (!g_stdout.failed)
        return exit;
    if (g_stdout.error == EPIPE && g_sigpipeDefault)
        dieOfSignal(SIGPIPE);
    if (!g_errorReported)
        err(QStringLiteral("stdout: %1").arg(osError(g_stdout.error)));
    return IoError;
}

// Qt's own diagnostics are not for the people running the tool; a fatal one still ends it, in one line.
void quietQtMessages(QtMsgType type, const QMessageLogContext &, const QString &message)
{
    if (type == QtCriticalMsg || type == QtFatalMsg)
        note(message);
    if (type == QtFatalMsg)
        std::abort();
}

const char UsageText[] = R"(usage: bamboo-journal COMMAND DIR [options]

Reads the bamboo server's change-feed journal (DIR is a bamboo directory or its events/ directory).

commands:
  info DIR [--json]                       files, events, retained window, recovered seq
  read DIR [--since N] [--limit K]        original lines in read_since order, one per line
  export DIR --from A --to B [--session ID]... [--type T]... [--after TS] [--before TS]
         [--contains TEXT [--ignore-case]] [--format jsonl|csv|journal] (-o OUT | -o -)
  prune DIR --keep N [--dry-run] [--json] delete the oldest files, keeping N (never the newest)
  doctor DIR [--json]                     what breaks or surprises the server
  resume DIR --cursor N [--json]          what /stream does for a client at cursor N
  tail DIR [--since N] [--poll-ms MS]     print events as they arrive (replay first with --since)
  session DIR ID [--at SEQ] [--json]      a session's state as of a seq (default: the newest)
  simulate DIR [--count N] [--rate EV_PER_S] [--threshold BYTES] [--keep FILES] [--seed S]
                                          write a realistic journal, as the server does

'bamboo-journal COMMAND --help' describes a command's options.
exit codes: 0 ok, 1 doctor found problems, 2 usage error, 3 I/O or journal error
)";

// What a command accepts, for parsing and for its --help.
struct Spec
{
    const char *name;
    const char *synopsis;
    const char *summary;
    QList<QCommandLineOption> options;
    QStringList repeatable;
    QStringList more; // positional arguments after DIR, by name
};

struct Command
{
    QCommandLineParser parser;
    QString name;
    QString dir;
    QStringList more; // the values of Spec::more
};

int usageError(const QString &command, const QString &message)
{
    err(command.isEmpty() ? QStringLiteral("%1 (see 'bamboo-journal --help')").arg(message)
                          : QStringLiteral("%1: %2 (see 'bamboo-journal %1 --help')").arg(command, message));
    return Usage;
}

QByteArray helpText(const Spec &spec, const QCommandLineOption &help)
{
    QByteArray text =
        QByteArray("usage: bamboo-journal ") + spec.synopsis + "\n\n" + spec.summary + "\n\noptions:\n";
    QList<QPair<QByteArray, QByteArray>> rows;
    int width = 0;
    for (const QCommandLineOption &o : spec.options + QList<QCommandLineOption>{help}) {
        QByteArray names;
        for (const QString &n : o.names())
            names += (names.isEmpty() ? "" : ", ") + QByteArray(n.size() == 1 ? "-" : "--") + n.toUtf8();
        if (!o.valueName().isEmpty())
            names += ' ' + o.valueName().toUtf8();
        width = std::max(width, int(names.size()));
        rows.append({names, o.description().toUtf8()});
    }
    for (const auto &[names, description] : std::as_const(rows))
        text += "  " + names.leftJustified(width + 2, ' ') + description + '\n';
    return text;
}

// Parses a command's options; DIR is the one positional argument. Returns false after reporting (or after
// printing the command's help, with *exit Ok).
bool parseCommand(Command &cmd, const QStringList &args, const Spec &spec, int *exit)
{
    cmd.name = QString::fromLatin1(spec.name);
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Show this help."));
    cmd.parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsOptions);
    cmd.parser.addOptions(spec.options);
    cmd.parser.addOption(help);
    if (!cmd.parser.parse(args)) {
        QString why = cmd.parser.errorText();
        if (const QStringList unknown = cmd.parser.unknownOptionNames(); !unknown.isEmpty())
            why = QStringLiteral("unknown option '%1%2'")
                      .arg(unknown.first().size() == 1 ? QStringLiteral("-") : QStringLiteral("--"),
                           unknown.first());
        if (why.endsWith(QLatin1Char('.')))
            why.chop(1);
        if (!why.isEmpty())
            why[0] = why[0].toLower();
        *exit = usageError(cmd.name, why);
        return false;
    }
    if (cmd.parser.isSet(help)) {
        out(helpText(spec, help));
        *exit = Ok;
        return false;
    }
    for (const QCommandLineOption &o : spec.options) {
        const QString name = o.names().constLast();
        if (!o.valueName().isEmpty() && !spec.repeatable.contains(name) &&
            cmd.parser.values(name).size() > 1) {
            *exit = usageError(cmd.name, QStringLiteral("--%1 given more than once").arg(name));
            return false;
        }
    }
    const QStringList positional = cmd.parser.positionalArguments();
    if (positional.isEmpty()) {
        *exit = usageError(cmd.name, QStringLiteral("missing DIR"));
        return false;
    }
    const qsizetype wanted = 1 + spec.more.size();
    if (positional.size() < wanted) {
        *exit =
            usageError(cmd.name, QStringLiteral("missing %1").arg(spec.more.value(positional.size() - 1)));
        return false;
    }
    if (positional.size() > wanted) {
        *exit =
            usageError(cmd.name, QStringLiteral("unexpected argument '%1'").arg(positional.value(wanted)));
        return false;
    }
    if (positional.first().isEmpty()) {
        *exit = usageError(cmd.name, QStringLiteral("DIR is empty"));
        return false;
    }
    cmd.dir = positional.first();
    cmd.more = positional.mid(1);
    return true;
}

bool parseU64Option(const Command &cmd, const QString &name, std::optional<quint64> *value, int *exit)
{
    if (!cmd.parser.isSet(name))
        return true;
    const QByteArray text = JournalDirectory::encodeName(cmd.parser.value(name));
    const auto v = JournalFileName::parseU64(std::string_view(text.constData(), size_t(text.size())));
    if (!v) {
        *exit = usageError(
            cmd.name,
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

const QCommandLineOption JsonOption(QStringLiteral("json"), QStringLiteral("Print JSON."));

int cmdInfo(const QStringList &args)
{
    const Spec spec{"info",
                    "info DIR [--json]",
                    "Files, events, the retained window and the seq the server recovers at boot.",
                    {JsonOption},
                    {}};
    Command cmd;
    int exit = Ok;
    if (!parseCommand(cmd, args, spec, &exit))
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
    text += "directory          " + printable(dir) + '\n';
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
            (recovered.ok() ? QByteArray::number(recovered.maxSeq) : "fails: " + printable(recovered.error)) +
            '\n';
    if (!index.files().isEmpty()) {
        text += '\n' + pad("FILE", 34) + pad("FIRST", 12) + pad("LAST", 12) + pad("EVENTS", 10) +
                pad("BYTES", 11) + pad("MALFORMED", 10) + "NOTE\n";
        for (const FileIndex &fi : index.files()) {
            QByteArray note;
            if (!fi.error.isEmpty())
                note = printable(fi.error);
            else if (fi.tornTail)
                note = "torn tail";
            if (fi.invalidUtf8)
                note += note.isEmpty() ? "invalid UTF-8" : ", invalid UTF-8";
            text += pad(printable(fi.entry.name), 33) + ' ' + pad(opt(fi.firstSeq()), 11) + ' ' +
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
    const Spec spec{
        "read",
        "read DIR [--since N] [--limit K]",
        "The original lines the server's read_since(DIR, N) returns, in its order, one per line.",
        {{QStringLiteral("since"), QStringLiteral("Events after seq N (default 0)."), QStringLiteral("N")},
         {QStringLiteral("limit"), QStringLiteral("At most K lines."), QStringLiteral("K")}},
        {}};
    Command cmd;
    int exit = Ok;
    if (!parseCommand(cmd, args, spec, &exit))
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
        JournalDirectory::list(dir), since.value_or(0), max,
        [](quint64, std::string_view line, int) { return out(line.data(), line.size()) && out("\n", 1); });
    if (!status.ok()) {
        err(QStringLiteral("%1: %2 (the server's replay fails here and sends nothing)")
                .arg(status.errorFile.isEmpty() ? dir : dir + QLatin1Char('/') + status.errorFile,
                     status.error));
        return IoError;
    }
    return Ok;
}

int cmdExport(const QStringList &args)
{
    const Spec spec{
        "export",
        "export DIR --from A --to B [--session ID]... [--type T]... [--after TS] [--before TS]\n"
        "                             [--contains TEXT [--ignore-case]] [--format jsonl|csv|journal] (-o OUT "
        "| -o -)",
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
         {QStringLiteral("ignore-case"), QStringLiteral("Match --contains regardless of case.")},
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

int cmdPrune(const QStringList &args)
{
    const Spec spec{"prune",
                    "prune DIR --keep N [--dry-run] [--json]",
                    "What the server's prune(DIR, N) deletes, done safely: only regular files, never links,\n"
                    "directories or FIFOs, never the newest regular file (the writer's), each checked again\n"
                    "right before it is deleted.",
                    {{QStringLiteral("keep"), QStringLiteral("Files to keep (>= 1)."), QStringLiteral("N")},
                     {QStringLiteral("dry-run"), QStringLiteral("Only show what would be deleted.")},
                     JsonOption},
                    {}};
    Command cmd;
    int exit = Ok;
    if (!parseCommand(cmd, args, spec, &exit))
        return exit;
    std::optional<quint64> keep;
    if (!parseU64Option(cmd, QStringLiteral("keep"), &keep, &exit))
        return exit;
    if (!keep)
        return usageError(cmd.name, QStringLiteral("--keep N is required"));
    if (*keep < 1)
        return usageError(cmd.name,
                          QStringLiteral("--keep must be at least 1 (the newest file is the writer's)"));
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
            text += "  " + printable(item.entry.name);
            if (item.deletable)
                text += "  " + QByteArray::number(item.events) + " events, " +
                        QByteArray::number(item.entry.size) + " bytes\n";
            else
                text += "  kept: " + printable(item.skipReason) + '\n';
        }
        const auto oldest = dryRun ? plan.newOldestSeq : result.newOldestSeq;
        text +=
            "oldest seq afterwards: " + (oldest ? QByteArray::number(*oldest) : QByteArray("none")) + '\n';
        for (const auto &[name, reason] : result.failed)
            text += "failed: " + printable(name) + ": " + printable(reason) + '\n';
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
    const Spec spec{
        "doctor",
        "doctor DIR [--json]",
        "What breaks or surprises the server, each with what the server does about it. Exit 1 when\n"
        "there are problems.",
        {JsonOption},
        {}};
    Command cmd;
    int exit = Ok;
    if (!parseCommand(cmd, args, spec, &exit))
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
            QByteArray where = printable(f.file);
            if (f.line >= 0)
                where += ':' + QByteArray::number(f.line);
            if (f.offset >= 0)
                where += " @" + QByteArray::number(f.offset);
            text += pad(JournalDoctor::severityName(f.severity).toUtf8(), 8) + pad(printable(f.kind), 29) +
                    where + ": " + printable(f.message) + " (server: " + printable(f.serverEffect) + ")\n";
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
    const Spec spec{
        "resume",
        "resume DIR --cursor N [--json]",
        "What GET /api/v1/stream does for a client whose last-seen seq is N.",
        {{QStringLiteral("cursor"), QStringLiteral("The client's last-seen seq (0 = from the start)."),
          QStringLiteral("N")},
         JsonOption},
        {}};
    Command cmd;
    int exit = Ok;
    if (!parseCommand(cmd, args, spec, &exit))
        return exit;
    std::optional<quint64> cursor;
    if (!parseU64Option(cmd, QStringLiteral("cursor"), &cursor, &exit))
        return exit;
    if (!cursor)
        return usageError(cmd.name, QStringLiteral("--cursor N is required"));
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
        out("replay fails on " + printable(plan.replayErrorFile) + ": " + printable(plan.replayError) +
            "; the server logs it and sends nothing\n");
    } else if (plan.replayEvents == 0) {
        out(QStringLiteral("resumable: nothing to replay after seq %1\n").arg(plan.cursor).toUtf8());
    } else {
        out("resumable: replays " + QByteArray::number(plan.replayEvents) + " events from " +
            printable(plan.replayFromFile) + '\n');
    }
    return Ok;
}

// Whether the reader of stdout has gone (a pipe with no reader left, a hung-up terminal): poll() reports it
// without a write, so an idle tail ends as soon as its reader does.
bool stdoutReaderGone(int *error)
{
    struct pollfd p = {STDOUT_FILENO, 0, 0};
    if (::poll(&p, 1, 0) != 1)
        return false;
    if (p.revents & POLLNVAL) {
        *error = EBADF;
        return true;
    }
    if (p.revents & (POLLERR | POLLHUP)) {
        *error = EPIPE;
        return true;
    }
    return false;
}

int cmdTail(const QStringList &args)
{
    const Spec spec{
        "tail",
        "tail DIR [--since N] [--poll-ms MS]",
        "Prints each event's original line as it arrives, after replaying those past N with --since "
        "(otherwise\n"
        "it starts at the end). Waits for a directory that does not exist yet; a directory that is "
        "recreated\n"
        "is a new journal, followed from its start. Notices go to stderr, one line each. SIGINT or SIGTERM\n"
        "ends it with exit 0; it also ends when its reader goes away.",
        {{QStringLiteral("since"), QStringLiteral("Replay events after seq N first."), QStringLiteral("N")},
         {QStringLiteral("poll-ms"), QStringLiteral("Poll interval (default 1000)."), QStringLiteral("MS")}},
        {}};
    Command cmd;
    int exit = Ok;
    if (!parseCommand(cmd, args, spec, &exit))
        return exit;
    std::optional<quint64> since, pollMs;
    if (!parseU64Option(cmd, QStringLiteral("since"), &since, &exit) ||
        !parseU64Option(cmd, QStringLiteral("poll-ms"), &pollMs, &exit))
        return exit;
    // Started before the server: follow where its journal will be (the tail says it is waiting).
    const JournalDirectory::Resolved resolved = JournalDirectory::resolve(cmd.dir);
    if (!resolved.ok() && !resolved.missing && !resolved.noJournalYet) {
        err(resolved.error);
        return IoError;
    }
    const QString dir = resolved.ok() ? resolved.eventsDir : JournalDirectory::expectedEventsDir(cmd.dir);
    TailOptions options;
    options.since = since;
    options.pollMs = int(std::clamp<quint64>(pollMs.value_or(1000), 10, 3600000));
    JournalTail tail(dir);
    QObject::connect(&tail, &JournalTail::eventsArrived, [](const QList<TailEvent> &events) {
        for (const TailEvent &e : events) {
            if (!out(e.line) || !out("\n", 1))
                break;
        }
        if (!flushStdout())
            QCoreApplication::quit();
    });
    QObject::connect(&tail, &JournalTail::noticed, [](const TailNotice &n) { note(n.message); });
    catchTerminationSignals();
    std::signal(SIGPIPE, SIG_IGN); // a write to a closed pipe fails with EPIPE instead, and we end cleanly
    QTimer stopCheck;
    QObject::connect(&stopCheck, &QTimer::timeout, [] {
        int error = 0;
        if (!g_stdout.failed && stdoutReaderGone(&error)) {
            g_stdout.failed = true;
            g_stdout.error = error;
        }
        if (g_stop.load() || g_stdout.failed)
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
    const Spec spec{
        "simulate",
        "simulate DIR [--count N] [--rate EV_PER_S] [--threshold BYTES] [--keep FILES] [--seed S]",
        "Writes realistic events the way the server does (lazy open, rotation at a threshold, one flushed\n"
        "write per line), continuing from the seq the server would recover. A bamboo directory's journal is\n"
        "its events/; any other DIR is taken as the events directory and created when needed.",
        {{QStringLiteral("count"),
          QStringLiteral("Events to write (default 1000, or unlimited with --rate)."), QStringLiteral("N")},
         {QStringLiteral("rate"),
          QStringLiteral("Events per second, at least 1 (default: as fast as possible)."),
          QStringLiteral("EV_PER_S")},
         {QStringLiteral("threshold"), QStringLiteral("Rotation threshold in bytes (default 8 MiB)."),
          QStringLiteral("BYTES")},
         {QStringLiteral("keep"),
          QStringLiteral("Prune to this many files at start and after each rotation."),
          QStringLiteral("FILES")},
         {QStringLiteral("seed"), QStringLiteral("Random seed."), QStringLiteral("S")}},
        {}};
    Command cmd;
    int exit = Ok;
    if (!parseCommand(cmd, args, spec, &exit))
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
    if (rate && *rate == 0)
        return usageError(cmd.name, QStringLiteral("--rate must be at least 1 event per second"));
    QString dir = JournalDirectory::absoluteClean(cmd.dir);
    struct stat st;
    if (::stat(JournalDirectory::encodeName(dir + QStringLiteral("/events")).constData(), &st) == 0 &&
        S_ISDIR(st.st_mode))
        dir += QStringLiteral("/events");
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
    catchTerminationSignals();
    const quint64 total = count.value_or(rate ? std::numeric_limits<quint64>::max() : 1000);
    QElapsedTimer clock;
    clock.start();
    quint64 written = 0;
    while (written < total && !g_stop.load()) {
        if (rate) {
            // Pace against the clock, writing whatever is due in one go.
            const quint64 due = quint64(double(clock.nsecsElapsed()) * double(*rate) / 1e9) + 1;
            if (written >= due) {
                QThread::usleep(std::min<quint64>(2000, 1000000 / *rate + 1));
                continue;
            }
        }
        if (!sim.appendNext(&error)) {
            err(QStringLiteral("%1 (after writing %2 events)").arg(error).arg(written));
            return IoError;
        }
        ++written;
    }
    note(QStringLiteral("wrote %1 events (last seq %2) in %3, %4 files opened, %5 pruned")
             .arg(written)
             .arg(sim.lastSeq())
             .arg(dir)
             .arg(sim.filesOpened())
             .arg(sim.prunedFiles()));
    return Ok;
}

// The state of one session as of a seq: what the server's clients know after applying every event up to it.
int cmdSession(const QStringList &args)
{
    const Spec spec{
        "session",
        "session DIR ID [--at SEQ] [--json]",
        "The state of session ID as of seq SEQ: what the server's clients knew after applying every "
        "event up to it.",
        {{QStringLiteral("at"), QStringLiteral("The seq to stop at (default: the newest)."),
          QStringLiteral("SEQ")},
         JsonOption},
        {},
        {QStringLiteral("ID")}};
    Command cmd;
    int parsed = Ok;
    if (!parseCommand(cmd, args, spec, &parsed))
        return parsed;
    const QString id = cmd.more.value(0);
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

int run(const QStringList &args)
{
    const QString command = args.value(1);
    if (command.isEmpty())
        return usageError(QString(), QStringLiteral("no command given"));
    if (command == QLatin1String("--help") || command == QLatin1String("-h") ||
        command == QLatin1String("help")) {
        if (command == QLatin1String("help") && args.size() > 2)
            return run({args.value(0), args.value(2), QStringLiteral("--help")});
        out(QByteArray(UsageText));
        return Ok;
    }
    if (command == QLatin1String("--version") || command == QLatin1String("-v")) {
        out(QByteArray("bamboo-journal " BJB_VERSION "\n"));
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
    return usageError(QString(), QStringLiteral("unknown command '%1'").arg(command));
}

} // namespace

int main(int argc, char **argv)
{
    struct sigaction inherited = {};
    ::sigaction(SIGPIPE, nullptr, &inherited);
    g_sigpipeDefault = inherited.sa_handler == SIG_DFL;
    qInstallMessageHandler(quietQtMessages);
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("bamboo-journal"));
    QCoreApplication::setApplicationVersion(QStringLiteral(BJB_VERSION));
    std::setvbuf(stdout, nullptr, _IOFBF, 1 << 16);
    // Arguments as bytes: QCoreApplication::arguments() would turn bytes that are not UTF-8 into U+FFFD.
    QStringList args;
    for (int i = 0; i < argc; ++i)
        args.append(JournalDirectory::decodeName(QByteArray(argv[i])));
    return finish(run(args));
}
