// SPDX-License-Identifier: MIT
#include "cli.h"

#include "feedendpoint.h"
#include "journaldirectory.h"
#include "journaltail.h"

#include <QCoreApplication>
#include <QTimer>

#include <algorithm>
#include <optional>
#include <unistd.h>

namespace cli {

int cmdTail(const QStringList &args)
{
    // A URL instead of DIR: the server's live feed.
    for (const QString &arg : args.mid(1)) {
        if (FeedEndpoint::looksLikeUrl(arg))
            return cmdTailFeed(args);
        // Another scheme is a mistyped URL, not a directory to wait for.
        const qsizetype colon = arg.indexOf(QLatin1String("://"));
        if (colon > 0 && std::all_of(arg.cbegin(), arg.cbegin() + colon, [](QChar c) {
                return c.isLetterOrNumber() || c == QLatin1Char('+') || c == QLatin1Char('.') ||
                       c == QLatin1Char('-');
            }))
            return usageError(QStringLiteral("tail"),
                              QStringLiteral("'%1': only http:// and https:// URLs are followed").arg(arg));
    }
    const Spec spec{
        "tail",
        "tail DIR [--since N] [--poll-ms MS] [--where EXPR]",
        "Prints each event's original line as it arrives, after replaying those past N with --since "
        "(otherwise\n"
        "it starts at the end). Waits for a directory that does not exist yet; a directory that is "
        "recreated\n"
        "is a new journal, followed from its start. Notices go to stderr, one line each. SIGINT or SIGTERM\n"
        "ends it with exit 0; it also ends when its reader goes away. With --where, only the events that "
        "match\n"
        "the query are printed. With a URL instead of DIR it follows a running server's live feed: see\n"
        "'bamboo-journal tail URL --help'.",
        {{QStringLiteral("since"), QStringLiteral("Replay events after seq N first."), QStringLiteral("N")},
         {QStringLiteral("poll-ms"), QStringLiteral("Poll interval (default 1000)."), QStringLiteral("MS")},
         WhereOption},
        {}};
    Command cmd;
    int exit = Ok;
    if (!parseCommand(cmd, args, spec, &exit))
        return exit;
    std::optional<quint64> since, pollMs;
    if (!parseU64Option(cmd, QStringLiteral("since"), &since, &exit) ||
        !parseU64Option(cmd, QStringLiteral("poll-ms"), &pollMs, &exit))
        return exit;
    EventQuery where;
    if (!parseWhereOption(cmd, &where, &exit))
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
    LineQueryMatcher matcher(where);
    QObject::connect(&tail, &JournalTail::eventsArrived, [&matcher](const QList<TailEvent> &events) {
        for (const TailEvent &e : events) {
            if (!matcher.isEmpty()) {
                const QByteArray name = e.file.toUtf8();
                if (!matcher.matches(std::string_view(e.line.constData(), size_t(e.line.size())),
                                     std::string_view(name.constData(), size_t(name.size()))))
                    continue;
            }
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
        if (!stdoutFailed() && stdoutReaderGone(&error))
            failStdout(error);
        if (g_stop.load() || stdoutFailed())
            QCoreApplication::quit();
    });
    stopCheck.start(50);
    tail.start(options);
    QCoreApplication::exec();
    tail.stop();
    return Ok;
}

} // namespace cli
