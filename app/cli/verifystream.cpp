// SPDX-License-Identifier: MIT
#include "feedcli.h"
#include "journalreader.h"
#include "jsonwriter.h"
#include "streamcomparison.h"

#include <QCoreApplication>
#include <QTimer>

namespace cli {

int cmdVerifyStream(const QStringList &args)
{
    const Spec spec{
        "verify-stream",
        "verify-stream URL DIR [--since N] [--json] [--quiet-ms MS] [--token-file FILE]",
        "Reads the server's replay for cursor N (default 0) from its live feed and compares it with\n"
        "read_since(DIR, N) on the files: the same seqs in the same order, and each frame's JSON "
        "byte-identical\n"
        "to its line (else the first differing byte is named). Feed resets, a read the server would fail "
        "(it\n"
        "then replays nothing) and frames that are not events are differences; lines the server's reader "
        "skips\n"
        "are listed apart. The replay ends at the first keepalive or after --quiet-ms without a frame "
        "(default\n"
        "2000); events appended later are not expected. Exit 0 equal, 1 differences, 3 I/O (no answer, "
        "access\n"
        "refused, a stream that ends during the replay, DIR unreadable).",
        {{QStringLiteral("since"), QStringLiteral("The client's cursor (default 0)."), QStringLiteral("N")},
         JsonOption,
         {QStringLiteral("quiet-ms"),
          QStringLiteral("The replay is over after MS without a frame (default 2000)."),
          QStringLiteral("MS")}},
        {},
        {QStringLiteral("DIR")},
        "URL"};
    Command cmd;
    FeedSetup setup;
    int exit = Ok;
    if (!parseFeedCommand(args, spec, cmd, &setup, &exit))
        return exit;
    std::optional<quint64> quietMs;
    if (!parseU64Option(cmd, QStringLiteral("quiet-ms"), &quietMs, &exit))
        return exit;
    if (quietMs && (*quietMs == 0 || *quietMs > 86400000))
        return usageError(cmd.name, QStringLiteral("--quiet-ms must be between 1 and 86400000"));
    QString dir;
    if (!resolveDir(cmd.more.first(), &dir, &exit))
        return exit;
    const quint64 since = setup.since.value_or(0);
    // What the files hold before the replay: the replay must reach at least this far.
    std::optional<quint64> filesMax;
    JournalReader::readSince(JournalDirectory::list(dir), since, JournalReader::NoLimit,
                             [&filesMax](quint64 seq, std::string_view, int) {
                                 filesMax = std::max(filesMax.value_or(0), seq);
                                 return true;
                             });

    setup.options.reconnect = false;
    FeedClient client(setup.endpoint, setup.credentials);
    client.setOptions(setup.options);
    QList<FeedFrame> frames;
    QString endedBy;
    QTimer quiet;
    quiet.setSingleShot(true);
    quiet.setInterval(int(quietMs.value_or(2000)));
    const auto finish = [&](const QString &why) {
        if (!endedBy.isEmpty())
            return;
        endedBy = why;
        QCoreApplication::quit();
    };
    QObject::connect(&quiet, &QTimer::timeout, [&] { finish(QStringLiteral("quiet")); });
    QObject::connect(&client, &FeedClient::stateChanged, [&](FeedClient::State state) {
        if (state == FeedClient::State::Connected)
            quiet.start();
    });
    QObject::connect(&client, &FeedClient::framesReceived, [&](const QList<FeedFrame> &batch) {
        if (!endedBy.isEmpty())
            return;
        quiet.start();
        for (const FeedFrame &f : batch) {
            if (f.kind == FeedFrame::Kind::Keepalive) {
                finish(QStringLiteral("keepalive"));
                return;
            }
            frames.append(f);
            if (f.kind == FeedFrame::Kind::Reset) {
                finish(QStringLiteral("feed_reset"));
                return;
            }
        }
    });
    QObject::connect(&client, &FeedClient::failed, [&](const QString &message) {
        if (!endedBy.isEmpty())
            return;
        qint64 events = 0;
        for (const FeedFrame &f : std::as_const(frames))
            events += f.kind == FeedFrame::Kind::Event;
        err(client.connectionCount() > 0 && !frames.isEmpty()
                ? QStringLiteral("%1 (during the replay, after %2 events)").arg(message).arg(events)
                : message);
        exit = IoError;
        endedBy = QStringLiteral("failed");
        QCoreApplication::quit();
    });
    quitOnSignals(&client, false);
    client.start(since);
    QCoreApplication::exec();
    client.stop();
    if (exit != Ok)
        return exit;
    if (endedBy.isEmpty())
        return IoError; // interrupted

    const StreamComparison::Result r = StreamComparison::compare(frames, dir, since, filesMax);
    if (!r.filesError.isEmpty()) {
        err(r.filesError);
        return IoError;
    }
    if (endedBy == QLatin1String("quiet") && frames.isEmpty() && !r.equal()) {
        // Silence before the first frame is a server that did not answer in time (a busy one), not proof
        // that it holds nothing: nothing was compared.
        err(QStringLiteral("no frame within %1 ms of connecting while the files hold events after seq %2; "
                           "nothing compared (a longer --quiet-ms waits more)")
                .arg(quiet.interval())
                .arg(since));
        return IoError;
    }
    const QString ended = endedBy == QLatin1String("quiet")
                              ? QStringLiteral("%1 ms without a frame").arg(quiet.interval())
                          : endedBy == QLatin1String("keepalive") ? QStringLiteral("the first keepalive")
                                                                  : QStringLiteral("a feed_reset");
    if (cmd.parser.isSet(QStringLiteral("json"))) {
        JsonWriter j;
        j.beginObject()
            .key("url")
            .value(setup.endpoint.display())
            .key("since")
            .value(since)
            .key("equal")
            .value(r.equal())
            .key("stream_events")
            .value(r.streamEvents)
            .key("ended_by")
            .value(endedBy)
            .key("file_events")
            .value(r.fileEvents)
            .key("compared_up_to")
            .value(r.compareUpTo)
            .key("identical")
            .value(r.identical);
        for (const auto &[name, list] :
             {std::pair{"differences", &r.differences}, {"skipped_by_server", &r.skipped}}) {
            j.key(name).beginArray();
            for (const StreamDifference &d : *list) {
                j.beginObject().key("kind").value(StreamDifference::kindKey(d.kind));
                if (d.seq > 0 || d.kind == StreamDifference::Kind::Reset)
                    j.key("seq").value(d.seq);
                j.key("file").stringOrNull(d.file);
                if (d.line >= 0)
                    j.key("line").value(d.line);
                if (d.offset >= 0)
                    j.key(d.kind == StreamDifference::Kind::Bytes ? "byte" : "offset").value(d.offset);
                j.key("message").value(d.message).endObject();
            }
            j.endArray();
        }
        j.endObject();
        out(j.data() + '\n');
    } else {
        out(QStringLiteral("stream: %1 events after seq %2 from %3, until %4\n")
                .arg(r.streamEvents)
                .arg(since)
                .arg(setup.endpoint.display(), ended)
                .toUtf8());
        out(QStringLiteral("files:  %1 events from read_since(%2, %3) up to seq %4\n")
                .arg(r.fileEvents)
                .arg(dir)
                .arg(since)
                .arg(r.compareUpTo.value_or(since))
                .toUtf8());
        if (r.equal())
            out(QStringLiteral("equal: the same %1 events in the same order, byte for byte\n")
                    .arg(r.identical)
                    .toUtf8());
        else
            out(QStringLiteral("%1 differences (%2 events identical):\n")
                    .arg(r.differences.size())
                    .arg(r.identical)
                    .toUtf8());
        for (const StreamDifference &d : r.differences)
            out("  " + QByteArray(StreamDifference::kindKey(d.kind)) + ": " + printable(d.message) + '\n');
        if (!r.skipped.isEmpty()) {
            out(QStringLiteral("%1 lines the server's reader skips:\n").arg(r.skipped.size()).toUtf8());
            for (const StreamDifference &d : r.skipped)
                out("  " + printable(d.message) + '\n');
        }
    }
    return r.equal() ? Ok : Problems;
}

} // namespace cli
