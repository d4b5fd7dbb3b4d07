// SPDX-License-Identifier: MIT
#include "feedcli.h"

#include <QCoreApplication>

namespace cli {

int cmdTailFeed(const QStringList &args)
{
    const Spec spec{
        "tail",
        "tail URL [--since N] [--token-file FILE]",
        "Follows a running server's live feed (GET /api/v1/stream; URL is http(s)://host:port or the "
        "stream's\n"
        "own URL) and prints each event's JSON as one line, in order, as it arrives. With --since it starts\n"
        "after seq N (the server replays what follows), otherwise from the oldest event the server holds.\n"
        "It reconnects when the stream breaks (0.5 s doubling to 30 s) and resumes after the last event\n"
        "printed, so nothing is printed twice; a feed_reset is followed by a full resync. Reconnects, "
        "resets\n"
        "and gaps are one line each on stderr. Local hosts need no credentials; others need\n"
        "BAMBOO_DEVICE_TOKEN and BAMBOO_DEVICE_ID (or --token-file). SIGINT or SIGTERM ends it with exit 0;\n"
        "access refused (401) and other answers that retrying cannot change are exit 3.",
        {{QStringLiteral("since"), QStringLiteral("Start after seq N."), QStringLiteral("N")}},
        {},
        {},
        "URL"};
    Command cmd;
    FeedSetup setup;
    int exit = Ok;
    if (!parseFeedCommand(args, spec, cmd, &setup, &exit))
        return exit;
    FeedClient client(setup.endpoint, setup.credentials);
    client.setOptions(setup.options);
    QObject::connect(&client, &FeedClient::eventsArrived, [](const QList<FeedEvent> &events) {
        for (const FeedEvent &e : events) {
            if (!out(e.line) || !out("\n", 1))
                break;
        }
        if (!flushStdout())
            QCoreApplication::quit();
    });
    QObject::connect(&client, &FeedClient::noticed, &noteFeed);
    QObject::connect(&client, &FeedClient::failed, [&exit](const QString &message) {
        err(message);
        exit = IoError;
        QCoreApplication::quit();
    });
    quitOnSignals(&client, true);
    client.start(setup.since.value_or(0));
    QCoreApplication::exec();
    client.stop();
    return exit;
}

} // namespace cli
