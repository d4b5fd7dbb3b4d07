// SPDX-License-Identifier: MIT
#include "cli.h"

#include "journaldirectory.h"
#include "journalsimulator.h"

#include <QElapsedTimer>
#include <QThread>

#include <algorithm>
#include <limits>
#include <optional>
#include <sys/stat.h>
#include <unistd.h>

namespace cli {

int cmdSimulate(const QStringList &args)
{
    const Spec spec{
        "simulate",
        "simulate DIR [--count N] [--rate EV_PER_S] [--threshold BYTES] [--keep FILES] [--seed S]\n"
        "                               [--session-events N]",
        "Writes realistic events the way the server does (lazy open, rotation at a threshold, one flushed\n"
        "write per line), continuing from the seq the server would recover. A bamboo directory's journal is\n"
        "its events/; any other DIR is taken as the events directory and created when needed. Without\n"
        "--rate, whole lines are written in blocks of 1 MiB: a reader sees the same lines, only later.",
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
          QStringLiteral("N")}},
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
    if (!rate)
        options.blockSize = 1 << 20;
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
    if (!sim.flush(&error)) {
        err(QStringLiteral("%1 (after writing %2 events)").arg(error).arg(written));
        return IoError;
    }
    note(QStringLiteral("wrote %1 events (last seq %2) in %3, %4 files opened, %5 pruned")
             .arg(written)
             .arg(sim.lastSeq())
             .arg(dir)
             .arg(sim.filesOpened())
             .arg(sim.prunedFiles()));
    return Ok;
}

} // namespace cli
