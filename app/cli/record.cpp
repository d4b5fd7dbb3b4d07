// SPDX-License-Identifier: MIT
#include "feedcli.h"
#include "feedrecorder.h"

#include <QCoreApplication>

#include <limits>

namespace cli {

int cmdRecord(const QStringList &args)
{
    const Spec spec{
        "record",
        "record URL OUTDIR [--since N] [--threshold BYTES] [--keep FILES] [--token-file FILE]",
        "Records a running server's live feed into OUTDIR as a journal in the server's own scheme (file "
        "names,\n"
        "rotation at --threshold, one flushed write per line), which every other command and the browser "
        "read,\n"
        "also while it is written. OUTDIR (or its events/ when it has one) is created when needed. On an\n"
        "existing journal it first cuts off an unfinished last line a killed recorder left, then resumes "
        "after\n"
        "the greatest seq there (or N, when greater). It reconnects when the stream breaks (0.5 s doubling "
        "to\n"
        "30 s, or after 45 s without a byte) and resumes after the last recorded seq: no event is recorded\n"
        "twice, none is lost that the server still holds. A feed_reset is a notice, followed by a full "
        "resync;\n"
        "the seqs the server no longer holds remain a gap, which 'doctor' shows. Notices go to stderr. "
        "SIGINT\n"
        "or SIGTERM ends it with exit 0; access refused (401) and write errors are exit 3.",
        {{QStringLiteral("since"), QStringLiteral("Start after seq N (when OUTDIR holds less)."),
          QStringLiteral("N")},
         {QStringLiteral("threshold"), QStringLiteral("Rotation threshold in bytes (default 8 MiB)."),
          QStringLiteral("BYTES")},
         {QStringLiteral("keep"),
          QStringLiteral("Prune to this many files at start and after each rotation."),
          QStringLiteral("FILES")}},
        {},
        {QStringLiteral("OUTDIR")},
        "URL"};
    Command cmd;
    FeedSetup setup;
    int exit = Ok;
    if (!parseFeedCommand(args, spec, cmd, &setup, &exit))
        return exit;
    std::optional<quint64> threshold, keep;
    if (!parseU64Option(cmd, QStringLiteral("threshold"), &threshold, &exit) ||
        !parseU64Option(cmd, QStringLiteral("keep"), &keep, &exit))
        return exit;
    if (cmd.more.first().isEmpty())
        return usageError(cmd.name, QStringLiteral("OUTDIR is empty"));
    if (keep && *keep == 0)
        return usageError(cmd.name, QStringLiteral("--keep must be at least 1"));
    FeedRecorder::Options options;
    options.rotateThreshold = std::max<quint64>(1, threshold.value_or(options.rotateThreshold));
    options.keepFiles = int(std::min<quint64>(keep.value_or(0), std::numeric_limits<int>::max()));
    options.since = setup.since;
    options.feed = setup.options;
    FeedRecorder recorder(setup.endpoint, setup.credentials, cmd.more.first(), options);
    QString error;
    if (!recorder.open(&error)) {
        err(error);
        return IoError;
    }
    if (!recorder.repairs().isEmpty())
        note(recorder.repairs());
    QObject::connect(&recorder, &FeedRecorder::noticed, &noteFeed);
    QObject::connect(&recorder, &FeedRecorder::failed, [&exit](const QString &message) {
        err(message);
        exit = IoError;
        QCoreApplication::quit();
    });
    quitOnSignals(&recorder, false);
    recorder.start();
    QCoreApplication::exec();
    recorder.stop();
    note(QStringLiteral("recorded %1 events (last seq %2) into %3")
             .arg(recorder.recordedCount())
             .arg(recorder.lastSeq())
             .arg(recorder.eventsDir()));
    return exit;
}

} // namespace cli
