// SPDX-License-Identifier: MIT
#include "cli.h"

#include "feedserver.h"
#include "journaldirectory.h"
#include "journalsimulator.h"

#include <QCoreApplication>
#include <QTimer>

#include <QElapsedTimer>
#include <QThread>

#include <algorithm>
#include <limits>
#include <optional>
#include <sys/stat.h>
#include <unistd.h>

namespace cli {

namespace {

bool parseServe(const Command &cmd, FeedServer::Options *options, int *exit)
{
    const QString value = cmd.parser.value(QStringLiteral("serve"));
    const qsizetype colon = value.lastIndexOf(QLatin1Char(':'));
    QString host = colon >= 0 ? value.left(colon) : QStringLiteral("127.0.0.1");
    const QString portText = colon >= 0 ? value.mid(colon + 1) : value;
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2);
    if (host == QLatin1String("localhost"))
        host = QStringLiteral("127.0.0.1");
    bool ok = false;
    const uint port = portText.toUInt(&ok);
    if (!ok || port > 65535 || !options->address.setAddress(host)) {
        *exit = usageError(cmd.name,
                           QStringLiteral("--serve: '%1' is not [HOST:]PORT (HOST an address)").arg(value));
        return false;
    }
    options->port = quint16(port);
    std::optional<quint64> keepalive;
    if (!parseU64Option(cmd, QStringLiteral("keepalive-ms"), &keepalive, exit))
        return false;
    if (keepalive && (*keepalive == 0 || *keepalive > 86400000)) {
        *exit = usageError(cmd.name, QStringLiteral("--keepalive-ms must be between 1 and 86400000"));
        return false;
    }
    options->keepaliveMs = int(keepalive.value_or(15000));
    if (cmd.parser.isSet(QStringLiteral("token-file"))) {
        QString error;
        bool ioError = false;
        const auto credentials =
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
        options->required = *credentials;
    }
    return true;
}

// The writer and the server in one event loop: each appended event goes to the live streams as it is
// written, the way the server's writer task hands it to the broadcast.
int serveAndSimulate(const Command &cmd, JournalSimulator &sim, const QString &dir,
                     const FeedServer::Options &options, quint64 total, std::optional<quint64> rate)
{
    Q_UNUSED(cmd);
    FeedServer server(dir);
    server.setLatestSeq(sim.lastSeq());
    QString error;
    if (!server.listen(options, &error)) {
        err(error);
        return IoError;
    }
    QObject::connect(&server, &FeedServer::logged, &note);
    const QString host = options.address.protocol() == QAbstractSocket::IPv6Protocol
                             ? QStringLiteral("[%1]").arg(options.address.toString())
                             : options.address.toString();
    note(QStringLiteral("serving http://%1:%2%3 over %4")
             .arg(host)
             .arg(server.port())
             .arg(QLatin1String(FeedEndpoint::StreamPath), dir));
    std::fflush(stderr);
    int exit = Ok;
    quint64 written = 0;
    QElapsedTimer clock;
    clock.start();
    QTimer writer;
    QObject::connect(&writer, &QTimer::timeout, [&] {
        quint64 due = total;
        if (rate)
            due = std::min(total, quint64(double(clock.nsecsElapsed()) * double(*rate) / 1e9) + 1);
        // At most a batch per turn, so streams are served in between.
        for (int i = 0; i < 1000 && written < due; ++i) {
            if (!sim.appendNext(&error)) {
                err(QStringLiteral("%1 (after writing %2 events)").arg(error).arg(written));
                exit = IoError;
                QCoreApplication::quit();
                return;
            }
            ++written;
            server.publish(sim.lastSeq(), sim.lastLine());
        }
        if (written >= total)
            writer.stop();
    });
    writer.start(rate ? 1 : 0);
    QTimer stopCheck;
    QObject::connect(&stopCheck, &QTimer::timeout, [] {
        if (g_stop.load())
            QCoreApplication::quit();
    });
    stopCheck.start(50);
    QCoreApplication::exec();
    note(QStringLiteral("wrote %1 events (last seq %2) in %3, %4 files opened, %5 pruned; served %6 requests")
             .arg(written)
             .arg(sim.lastSeq())
             .arg(dir)
             .arg(sim.filesOpened())
             .arg(sim.prunedFiles())
             .arg(server.requestCount()));
    return exit;
}

} // namespace

int cmdSimulate(const QStringList &args)
{
    const Spec spec{
        "simulate",
        "simulate DIR [--count N] [--rate EV_PER_S] [--threshold BYTES] [--keep FILES] [--seed S]\n"
        "                      [--session-events N] [--serve [HOST:]PORT [--keepalive-ms MS] [--token-file "
        "FILE]]",
        "Writes realistic events the way the server does (lazy open, rotation at a threshold, one flushed\n"
        "write per line), continuing from the seq the server would recover. A bamboo directory's journal is\n"
        "its events/; any other DIR is taken as the events directory and created when needed. Without "
        "--rate\n"
        "or --serve, whole lines are written in blocks of 1 MiB: a reader sees the same lines, only later.\n"
        "With --serve it is also the server's live feed over DIR: GET /api/v1/stream (cursor from "
        "Last-Event-ID,\n"
        "else ?since; feed_reset; replay by read_since; live events; keepalives) and GET /api/v1/health, on\n"
        "127.0.0.1 unless HOST says otherwise (PORT 0: any free port; the URL is printed on stderr). It then "
        "runs\n"
        "until SIGINT or SIGTERM. Local hosts pass without credentials; with --token-file every request "
        "needs\n"
        "that token and device id, as a remote server wants.",
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
         {QStringLiteral("seed"), QStringLiteral("Random seed."), QStringLiteral("S")},
         {QStringLiteral("session-events"),
          QStringLiteral("Events of a typical session, on average (default 32: about 20,000 sessions per "
                         "million events; 1 for the most sessions)."),
          QStringLiteral("N")},
         {QStringLiteral("serve"), QStringLiteral("Also serve the live feed on [HOST:]PORT."),
          QStringLiteral("[HOST:]PORT")},
         {QStringLiteral("keepalive-ms"), QStringLiteral("Keepalive interval of the feed (default 15000)."),
          QStringLiteral("MS")},
         {QStringLiteral("token-file"),
          QStringLiteral("Require this device token and id (one per line) on every request."),
          QStringLiteral("FILE")}},
        {}};
    Command cmd;
    int exit = Ok;
    if (!parseCommand(cmd, args, spec, &exit))
        return exit;
    std::optional<quint64> count, rate, threshold, keep, seed, sessionEvents;
    for (const auto &[name, value] : {std::pair{"count", &count},
                                      {"rate", &rate},
                                      {"threshold", &threshold},
                                      {"keep", &keep},
                                      {"seed", &seed},
                                      {"session-events", &sessionEvents}}) {
        if (!parseU64Option(cmd, QString::fromLatin1(name), value, &exit))
            return exit;
    }
    if (rate && *rate == 0)
        return usageError(cmd.name, QStringLiteral("--rate must be at least 1 event per second"));
    if (keep && *keep == 0)
        return usageError(cmd.name, QStringLiteral("--keep must be at least 1 file"));
    if (sessionEvents && (*sessionEvents == 0 || *sessionEvents > 1000000))
        return usageError(cmd.name, QStringLiteral("--session-events must be from 1 to 1000000"));
    std::optional<FeedServer::Options> serve;
    if (cmd.parser.isSet(QStringLiteral("serve"))) {
        serve = FeedServer::Options();
        if (!parseServe(cmd, &*serve, &exit))
            return exit;
    } else {
        for (const char *name : {"keepalive-ms", "token-file"}) {
            if (cmd.parser.isSet(QString::fromLatin1(name)))
                return usageError(cmd.name, QStringLiteral("--%1 needs --serve").arg(QLatin1String(name)));
        }
    }
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
    options.sessionEvents = int(sessionEvents.value_or(options.sessionEvents));
    if (!rate && !serve)
        options.blockSize = 1 << 20; // nobody follows it meanwhile
    JournalSimulator sim;
    QString error;
    if (!sim.open(dir, options, &error)) {
        err(error);
        return IoError;
    }
    catchTerminationSignals();
    const quint64 total = count.value_or(rate ? std::numeric_limits<quint64>::max() : 1000);
    if (serve)
        return serveAndSimulate(cmd, sim, dir, *serve, total, rate);
    QElapsedTimer clock;
    clock.start();
    // What is said after a failure counts the events whose lines are whole on disk, not those still gathered
    // or on their way.
    const quint64 before = sim.lastSeq();
    const auto failed = [&](const QString &error) {
        const quint64 whole = sim.lastWrittenSeq() > before ? sim.lastWrittenSeq() - before : 0;
        err(QStringLiteral("%1 (after writing %2 events)").arg(error).arg(whole));
        return IoError;
    };
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
        if (!sim.appendNext(&error))
            return failed(error);
        ++written;
    }
    if (!sim.flush(&error))
        return failed(error);
    note(QStringLiteral("wrote %1 events (last seq %2) in %3, %4 files opened, %5 pruned")
             .arg(written)
             .arg(sim.lastSeq())
             .arg(dir)
             .arg(sim.filesOpened())
             .arg(sim.prunedFiles()));
    // A count cut short by a signal ends as the signal would have ended it, so that a caller can tell; a
    // writer without a count stops only that way.
    if (count && written < total && g_signal)
        dieOfSignal(g_signal);
    return Ok;
}

} // namespace cli
