// SPDX-License-Identifier: MIT
#include "cli.h"

#include "journaldirectory.h"
#include "journalreader.h"
#include "jsonwriter.h"

#include <optional>

namespace cli {

int cmdResume(const QStringList &args)
{
    const Spec spec{
        "resume",
        "resume DIR --cursor N [--json]",
        "What GET /api/v1/stream does for a client whose last-seen seq is N.",
        {{QStringLiteral("cursor"), QStringLiteral("The client's last-seen seq (0 = from the start)."),
          QStringLiteral("N")},
         JsonOption},
        {}};
    Command cmd;
    int exit = Ok;
    if (!parseCommand(cmd, args, spec, &exit))
        return exit;
    std::optional<quint64> cursor;
    if (!parseU64Option(cmd, QStringLiteral("cursor"), &cursor, &exit))
        return exit;
    if (!cursor)
        return usageError(cmd.name, QStringLiteral("--cursor N is required"));
    QString dir;
    if (!resolveDir(cmd.dir, &dir, &exit))
        return exit;
    const JournalListing listing = JournalDirectory::list(dir);
    if (!listing.ok()) {
        err(listing.error);
        return IoError;
    }
    const JournalReader::ReplayPlan plan = JournalReader::planReplay(listing, *cursor);
    if (cmd.parser.isSet(QStringLiteral("json"))) {
        JsonWriter j;
        j.beginObject()
            .key("cursor")
            .value(plan.cursor)
            .key("oldest_seq")
            .value(plan.oldestSeq)
            .key("feed_reset")
            .value(plan.feedReset)
            .key("replay_events")
            .value(plan.replayEvents)
            .key("replay_from_file")
            .stringOrNull(plan.replayFromFile)
            .key("replay_error")
            .stringOrNull(plan.replayError.isEmpty()
                              ? QString()
                              : plan.replayErrorFile + QStringLiteral(": ") + plan.replayError)
            .endObject();
        out(j.data() + '\n');
    } else if (plan.feedReset) {
        out(QStringLiteral(
                "feed_reset: cursor %1 predates the retained window (oldest seq %2) by %3 events; the client "
                "must resync fully\n")
                .arg(plan.cursor)
                .arg(*plan.oldestSeq)
                .arg(plan.missedEvents)
                .toUtf8());
    } else if (!plan.replayError.isEmpty()) {
        out("replay fails on " + printable(plan.replayErrorFile) + ": " + printable(plan.replayError) +
            "; the server logs it and sends nothing\n");
    } else if (plan.replayEvents == 0) {
        out(QStringLiteral("resumable: nothing to replay after seq %1\n").arg(plan.cursor).toUtf8());
    } else {
        out("resumable: replays " + QByteArray::number(plan.replayEvents) + " events from " +
            printable(plan.replayFromFile) + '\n');
    }
    return Ok;
}

} // namespace cli
