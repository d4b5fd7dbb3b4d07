// SPDX-License-Identifier: MIT
#include "cli.h"

#include "journaldirectory.h"
#include "journalfilename.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <poll.h>
#include <unistd.h>

namespace cli {

std::atomic_bool g_stop{false};
volatile std::sig_atomic_t g_signal = 0;
bool g_sigpipeDefault = true;

namespace {

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

} // namespace

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

bool stdoutFailed()
{
    return g_stdout.failed;
}

void failStdout(int error)
{
    if (!g_stdout.failed) {
        g_stdout.failed = true;
        g_stdout.error = error;
    }
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
bool parseWhereOption(const Command &cmd, EventQuery *query, int *exit, const EventQuery::Options &options)
{
    if (!cmd.parser.isSet(WhereOption)) {
        *query = EventQuery();
        return true;
    }
    QueryError error;
    *query = EventQuery::parse(cmd.parser.value(WhereOption), &error, options);
    if (error.isError()) {
        *exit = usageError(cmd.name, QStringLiteral("--where: %1").arg(error.message));
        return false;
    }
    return true;
}

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
        *exit = usageError(cmd.name, QStringLiteral("missing %1").arg(QLatin1String(spec.first)));
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
        *exit = usageError(cmd.name, QStringLiteral("%1 is empty").arg(QLatin1String(spec.first)));
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

JournalIndex buildIndex(const QString &eventsDir, int *exit, const JournalIndex::Options &options)
{
    JournalIndex index = JournalIndex::build(eventsDir, options);
    if (!index.listError().isEmpty()) {
        err(index.listError());
        *exit = IoError;
    }
    return index;
}

bool openJournal(const Command &cmd, QString *dir, JournalIndex *index, int *exit)
{
    if (!resolveDir(cmd.dir, dir, exit))
        return false;
    *index = buildIndex(*dir, exit);
    return *exit == Ok;
}

QByteArray pad(const QByteArray &s, int width)
{
    return s.leftJustified(width, ' ');
}
} // namespace cli
