// SPDX-License-Identifier: MIT
#pragma once

#include "journaldirectory.h"

#include <QList>
#include <QString>

#include <optional>

// Retention: what the server's prune(dir, keep) would delete, and a safe way to do it.
//
// The plan follows the seed exactly: the oldest (count - keep) entries of the listing, whatever they are.
// Executing it is safer than the server: only regular files that are not symbolic links, never the newest
// regular file (the one the writer appends to, even when directories or other entries sort after it), each
// re-checked right before unlinking; an entry already gone counts as deleted. Stateless;
// callable from any thread.
class JournalPruner
{
public:
    struct Item
    {
        JournalEntry entry;
        bool deletable = false;
        QString skipReason; // why a planned entry will not be deleted
        qint64 events = -1; // filled by callers that know (-1: not counted)
    };

    struct Plan
    {
        QString dir;
        int keep = 0;
        int fileCount = 0;
        QList<Item> items;                   // the server's choice, oldest first
        std::optional<quint64> newOldestSeq; // once every deletable item is gone
        qint64 bytes() const;
        int deletableCount() const;
    };

    struct Result
    {
        QStringList deleted;
        QList<QPair<QString, QString>> failed;  // name, reason
        QList<QPair<QString, QString>> skipped; // name, reason
        std::optional<quint64> newOldestSeq;
        QString error;
        bool ok() const { return error.isEmpty() && failed.isEmpty(); }
    };

    static Plan plan(const JournalListing &listing, int keep);
    // Executes a previewed plan: deletes what is deletable in both the preview and a fresh plan for the same
    // keep, so nothing beyond what the preview showed is touched even if the directory changed since.
    static Result execute(const Plan &preview);
    static Result prune(const QString &eventsDir, int keep);
    // The server's own prune, unguarded (for the simulator): returns the number deleted.
    static int pruneLikeServer(const QString &eventsDir, int keep);
};
