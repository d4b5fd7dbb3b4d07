// SPDX-License-Identifier: MIT
// bamboo-journal: the command-line face of the journal library. One file per command (app/cli/<name>.cpp),
// each parsing its options and printing its output around the library's work; cli.h has what they share.

#include "cli.h"
#include "journaldirectory.h"

#include <QCoreApplication>

#include <cstdio>
#include <iterator>
#include <signal.h>

namespace {

using namespace cli;

const char UsageText[] = R"(usage: bamboo-journal COMMAND DIR [options]

Reads the bamboo server's change-feed journal (DIR is a bamboo directory or its events/ directory) and its
live feed (URL is http(s)://host:port, the server, or its /api/v1/stream).

commands:
  info DIR [--json]                       files, events, retained window, recovered seq
  read DIR [--since N] [--limit K]        original lines in read_since order, one per line
  export DIR --from A --to B [--session ID]... [--type T]... [--after TS] [--before TS]
         [--contains TEXT [--ignore-case]] [--format jsonl|csv|journal] (-o OUT | -o -)
  prune DIR --keep N [--dry-run] [--json] delete the oldest files, keeping N (never the newest)
  doctor DIR [--json]                     what breaks or surprises the server
  resume DIR --cursor N [--json]          what /stream does for a client at cursor N
  tail DIR [--since N] [--poll-ms MS]     print events as they arrive (replay first with --since)
  tail URL [--since N]                    print a running server's live feed (http(s)://host:port)
  record URL OUTDIR [--since N] [--threshold BYTES]
                                          record the live feed as a journal, resuming where it stopped
  verify-stream URL DIR [--since N] [--json]
                                          compare the server's replay with read_since on the files
  session DIR ID [--at SEQ] [--json]      a session's state as of a seq (default: the newest)
  simulate DIR [--count N] [--rate EV_PER_S] [--threshold BYTES] [--keep FILES] [--seed S]
         [--serve [HOST:]PORT]            write a realistic journal, as the server does (and serve its feed)

'bamboo-journal COMMAND --help' describes a command's options.
exit codes: 0 ok, 1 doctor found problems, 2 usage error, 3 I/O or journal error
)";

struct Entry
{
    const char *name;
    int (*run)(const QStringList &args);
};

const Entry Commands[] = {
    {"info", cmdInfo},
    {"read", cmdRead},
    {"export", cmdExport},
    {"prune", cmdPrune},
    {"doctor", cmdDoctor},
    {"resume", cmdResume},
    {"tail", cmdTail},
    {"simulate", cmdSimulate},
    {"session", cmdSession},
    {"record", cmdRecord},
    {"verify-stream", cmdVerifyStream},
};

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
    for (const Entry &entry : Commands) {
        if (command == QLatin1String(entry.name))
            return entry.run(args.mid(1)); // the command takes the program's place for QCommandLineParser
    }
    return usageError(QString(), QStringLiteral("unknown command '%1'").arg(command));
}

} // namespace

int main(int argc, char **argv)
{
    struct sigaction inherited = {};
    ::sigaction(SIGPIPE, nullptr, &inherited);
    cli::g_sigpipeDefault = inherited.sa_handler == SIG_DFL;
    qInstallMessageHandler(cli::quietQtMessages);
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("bamboo-journal"));
    QCoreApplication::setApplicationVersion(QStringLiteral(BJB_VERSION));
    std::setvbuf(stdout, nullptr, _IOFBF, 1 << 16);
    // Arguments as bytes: QCoreApplication::arguments() would turn bytes that are not UTF-8 into U+FFFD.
    QStringList args;
    for (int i = 0; i < argc; ++i)
        args.append(JournalDirectory::decodeName(QByteArray(argv[i])));
    return cli::finish(run(args));
}
