// SPDX-License-Identifier: MIT
#pragma once
// What the commands on a server's live feed share (tail URL, record, verify-stream): their connection
// options, the URL and the credentials (BAMBOO_DEVICE_TOKEN and BAMBOO_DEVICE_ID, or --token-file), and how
// notices reach stderr. Credentials are never printed.

#include "cli.h"
#include "feedclient.h"

#include <optional>

namespace cli {

struct FeedSetup
{
    FeedEndpoint endpoint;
    FeedCredentials credentials;
    FeedClient::Options options;
    std::optional<quint64> since; // --since, else the URL's ?since=
};

// Parses a feed command: the spec's own options plus --token-file and the time options (connect timeout,
// watchdog, backoff), then the URL (cmd.dir), --since and the credentials. False after reporting: a bad URL
// or option is a usage error (2), a token file that cannot be read an I/O error (3).
bool parseFeedCommand(const QStringList &args, Spec spec, Command &cmd, FeedSetup *setup, int *exit);
// Notices on stderr, one line each.
void noteFeed(const FeedNotice &notice);
// Stops the loop on SIGINT, SIGTERM or SIGHUP, and when stdout's reader has gone.
void quitOnSignals(QObject *context, bool watchStdout);

} // namespace cli
