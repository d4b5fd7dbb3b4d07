// SPDX-License-Identifier: MIT
#include "feedcli.h"

#include <QCoreApplication>
#include <QTimer>

namespace cli {

static QList<QCommandLineOption> feedOptions()
{
    return {
        {QStringLiteral("token-file"),
         QStringLiteral(
             "The device token and id, one per line (else BAMBOO_DEVICE_TOKEN and BAMBOO_DEVICE_ID)."),
         QStringLiteral("FILE")},
        {QStringLiteral("connect-timeout-ms"),
         QStringLiteral("Give up on an attempt without response headers after MS (default 10000)."),
         QStringLiteral("MS")},
        {QStringLiteral("watchdog-ms"),
         QStringLiteral("Reconnect after MS without a byte, keepalives included (default 45000)."),
         QStringLiteral("MS")},
        {QStringLiteral("backoff-ms"), QStringLiteral("First reconnect delay, doubling (default 500)."),
         QStringLiteral("MS")},
        {QStringLiteral("backoff-max-ms"), QStringLiteral("Longest reconnect delay (default 30000)."),
         QStringLiteral("MS")},
    };
}

static bool parseFeed(const Command &cmd, FeedSetup *setup, int *exit)
{
    QString error;
    const auto endpoint = FeedEndpoint::parse(cmd.dir, &error);
    if (!endpoint) {
        *exit = usageError(cmd.name, error);
        return false;
    }
    setup->endpoint = *endpoint;
    std::optional<quint64> since;
    if (!parseU64Option(cmd, QStringLiteral("since"), &since, exit))
        return false;
    setup->since = since ? since : endpoint->urlSince;
    const struct
    {
        const char *name;
        int *target;
        quint64 min;
    } times[] = {{"connect-timeout-ms", &setup->options.connectTimeoutMs, 1},
                 {"watchdog-ms", &setup->options.watchdogMs, 1},
                 {"backoff-ms", &setup->options.backoffMs, 1},
                 {"backoff-max-ms", &setup->options.backoffMaxMs, 1}};
    for (const auto &t : times) {
        std::optional<quint64> v;
        if (!parseU64Option(cmd, QString::fromLatin1(t.name), &v, exit))
            return false;
        if (!v)
            continue;
        if (*v < t.min || *v > 86400000) {
            *exit = usageError(
                cmd.name, QStringLiteral("--%1 must be between 1 and 86400000").arg(QLatin1String(t.name)));
            return false;
        }
        *t.target = int(*v);
    }
    if (setup->options.backoffMaxMs < setup->options.backoffMs)
        setup->options.backoffMaxMs = setup->options.backoffMs;
    std::optional<FeedCredentials> credentials;
    if (cmd.parser.isSet(QStringLiteral("token-file"))) {
        bool ioError = false;
        credentials =
            FeedCredentials::fromFile(cmd.parser.value(QStringLiteral("token-file")), &error, &ioError);
        if (!credentials) {
            if (ioError) {
                err(error);
                *exit = IoError;
            } else {
                *exit = usageError(cmd.name, error);
            }
            return false;
        }
    } else {
        credentials = FeedCredentials::fromEnvironment(&error);
        if (!credentials) {
            *exit = usageError(cmd.name, error);
            return false;
        }
    }
    setup->credentials = *credentials;
    return true;
}

bool parseFeedCommand(const QStringList &args, Spec spec, Command &cmd, FeedSetup *setup, int *exit)
{
    spec.options += feedOptions();
    return parseCommand(cmd, args, spec, exit) && parseFeed(cmd, setup, exit);
}

void noteFeed(const FeedNotice &notice)
{
    note(notice.message);
}

void quitOnSignals(QObject *context, bool watchStdout)
{
    catchTerminationSignals();
    std::signal(SIGPIPE, SIG_IGN); // a write to a closed pipe fails with EPIPE instead, and we end cleanly
    auto *timer = new QTimer(context);
    QObject::connect(timer, &QTimer::timeout, context, [watchStdout] {
        int error = 0;
        if (watchStdout && !stdoutFailed() && stdoutReaderGone(&error))
            failStdout(error);
        if (g_stop.load() || (watchStdout && stdoutFailed()))
            QCoreApplication::quit();
    });
    timer->start(50);
}

} // namespace cli
