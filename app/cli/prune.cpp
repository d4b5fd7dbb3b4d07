// SPDX-License-Identifier: MIT
#include "cli.h"

#include "filescanner.h"
#include "journaldirectory.h"
#include "journalpruner.h"
#include "jsonwriter.h"

#include <algorithm>
#include <optional>

namespace cli {

int cmdPrune(const QStringList &args)
{
    const Spec spec{"prune",
                    "prune DIR --keep N [--dry-run] [--json]",
                    "What the server's prune(DIR, N) deletes, done safely: only regular files, never links,\n"
                    "directories or FIFOs, never the newest regular file (the writer's), each checked again\n"
                    "right before it is deleted.",
                    {{QStringLiteral("keep"), QStringLiteral("Files to keep (>= 1)."), QStringLiteral("N")},
                     {QStringLiteral("dry-run"), QStringLiteral("Only show what would be deleted.")},
                     JsonOption},
                    {}};
    Command cmd;
    int exit = Ok;
    if (!parseCommand(cmd, args, spec, &exit))
        return exit;
    std::optional<quint64> keep;
    if (!parseU64Option(cmd, QStringLiteral("keep"), &keep, &exit))
        return exit;
    if (!keep)
        return usageError(cmd.name, QStringLiteral("--keep N is required"));
    if (*keep < 1)
        return usageError(cmd.name,
                          QStringLiteral("--keep must be at least 1 (the newest file is the writer's)"));
    QString dir;
    if (!resolveDir(cmd.dir, &dir, &exit))
        return exit;
    const JournalListing listing = JournalDirectory::list(dir);
    if (!listing.ok()) {
        err(listing.error);
        return IoError;
    }
    JournalPruner::Plan plan = JournalPruner::plan(listing, int(std::min<quint64>(*keep, INT32_MAX)));
    for (JournalPruner::Item &item : plan.items) {
        if (item.entry.readable())
            item.events = qint64(FileScanner::scan(item.entry).records.size());
    }
    const bool dryRun = cmd.parser.isSet(QStringLiteral("dry-run"));
    JournalPruner::Result result;
    if (!dryRun)
        result = JournalPruner::execute(plan);

    if (cmd.parser.isSet(QStringLiteral("json"))) {
        JsonWriter j;
        j.beginObject().key("keep").value(*keep).key("dry_run").value(dryRun).key("delete").beginArray();
        for (const JournalPruner::Item &item : plan.items) {
            if (!item.deletable)
                continue;
            j.beginObject()
                .key("name")
                .value(item.entry.name)
                .key("start_seq")
                .value(item.entry.startSeq)
                .key("events")
                .value(item.events)
                .key("bytes")
                .value(item.entry.size)
                .endObject();
        }
        j.endArray().key("skip").beginArray();
        for (const JournalPruner::Item &item : plan.items) {
            if (!item.deletable)
                j.beginObject()
                    .key("name")
                    .value(item.entry.name)
                    .key("reason")
                    .value(item.skipReason)
                    .endObject();
        }
        j.endArray().key("new_oldest_seq").value(dryRun ? plan.newOldestSeq : result.newOldestSeq);
        if (!dryRun) {
            j.key("deleted").beginArray();
            for (const QString &name : result.deleted)
                j.value(name);
            j.endArray().key("failed").beginArray();
            for (const auto &[name, reason] : result.failed)
                j.beginObject().key("name").value(name).key("reason").value(reason).endObject();
            j.endArray();
        }
        j.endObject();
        out(j.data() + '\n');
    } else {
        QByteArray text;
        const int n = plan.deletableCount();
        text += (dryRun ? "would delete " : "deleting ") + QByteArray::number(n) + " of " +
                QByteArray::number(plan.fileCount) + " files (" + QByteArray::number(plan.bytes()) +
                " bytes)\n";
        for (const JournalPruner::Item &item : plan.items) {
            text += "  " + printable(item.entry.name);
            if (item.deletable)
                text += "  " + QByteArray::number(item.events) + " events, " +
                        QByteArray::number(item.entry.size) + " bytes\n";
            else
                text += "  kept: " + printable(item.skipReason) + '\n';
        }
        const auto oldest = dryRun ? plan.newOldestSeq : result.newOldestSeq;
        text +=
            "oldest seq afterwards: " + (oldest ? QByteArray::number(*oldest) : QByteArray("none")) + '\n';
        for (const auto &[name, reason] : result.failed)
            text += "failed: " + printable(name) + ": " + printable(reason) + '\n';
        out(text);
    }
    if (!dryRun && !result.ok()) {
        err(result.error.isEmpty()
                ? QStringLiteral("%1: %2 files could not be deleted").arg(dir).arg(result.failed.size())
                : result.error);
        return IoError;
    }
    return Ok;
}

} // namespace cli
