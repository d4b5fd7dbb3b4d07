// SPDX-License-Identifier: MIT
#include "journalpruner.h"

#include <QFile>
#include <QHash>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

qint64 JournalPruner::Plan::bytes() const
{
    qint64 n = 0;
    for (const Item &item : items)
        n += item.deletable ? item.entry.size : 0;
    return n;
}

int JournalPruner::Plan::deletableCount() const
{
    int n = 0;
    for (const Item &item : items)
        n += item.deletable ? 1 : 0;
    return n;
}

JournalPruner::Plan JournalPruner::plan(const JournalListing &listing, int keep)
{
    Plan plan;
    plan.dir = listing.dir;
    plan.keep = keep;
    plan.fileCount = int(listing.files.size());
    const int count = plan.fileCount;
    if (keep < 1 || count <= keep) {
        plan.newOldestSeq =
            listing.files.isEmpty() ? std::nullopt : std::optional<quint64>(listing.files.first().startSeq);
        return plan;
    }
    // The writer appends to the newest regular file, whatever directories, FIFOs or links are named after it.
    int newestRegular = -1;
    for (int i = count - 1; i >= 0 && newestRegular < 0; --i) {
        if (listing.files[i].type == JournalEntry::Type::Regular && !listing.files[i].symlink)
            newestRegular = i;
    }
    const int toDelete = count - keep;
    for (int i = 0; i < toDelete; ++i) {
        Item item;
        item.entry = listing.files[i];
        if (i == newestRegular)
            item.skipReason = QStringLiteral("the newest file is the writer's");
        else if (item.entry.symlink)
            item.skipReason = QStringLiteral("a symbolic link, not followed");
        else if (item.entry.type != JournalEntry::Type::Regular)
            item.skipReason =
                QStringLiteral("a %1, not a regular file").arg(JournalEntry::typeName(item.entry.type));
        item.deletable = item.skipReason.isEmpty();
        plan.items.append(item);
    }
    for (int i = 0; i < count; ++i) {
        if (i >= toDelete || !plan.items[i].deletable) {
            plan.newOldestSeq = listing.files[i].startSeq;
            break;
        }
    }
    return plan;
}

JournalPruner::Result JournalPruner::execute(const Plan &preview)
{
    Result result;
    const JournalListing listing = JournalDirectory::list(preview.dir);
    if (!listing.ok()) {
        result.error = listing.error;
        return result;
    }
    const Plan fresh = plan(listing, preview.keep);
    QHash<QString, const Item *> freshByName;
    for (const Item &item : fresh.items)
        freshByName.insert(item.entry.name, &item);

    const QByteArray dirPath = JournalDirectory::encodeName(preview.dir);
    const int dirFd = ::open(dirPath.constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dirFd < 0) {
        result.error =
            QStringLiteral("%1: %2").arg(preview.dir, QString::fromLocal8Bit(std::strerror(errno)));
        return result;
    }
    for (const Item &item : preview.items) {
        if (!item.deletable) {
            result.skipped.append({item.entry.name, item.skipReason});
            continue;
        }
        const Item *now = freshByName.value(item.entry.name);
        if (!now) {
            // Gone already (the server's own prune got there first), or no longer among the oldest.
            if (!listing.files.isEmpty() &&
                std::any_of(listing.files.begin(), listing.files.end(),
                            [&](const JournalEntry &e) { return e.name == item.entry.name; }))
                result.skipped.append(
                    {item.entry.name, QStringLiteral("no longer among the files to prune")});
            else
                result.deleted.append(item.entry.name);
            continue;
        }
        if (!now->deletable || now->entry.inode != item.entry.inode ||
            now->entry.device != item.entry.device) {
            result.skipped.append({item.entry.name, now->deletable
                                                        ? QStringLiteral("replaced since the preview")
                                                        : now->skipReason});
            continue;
        }
        const QByteArray name = item.entry.name.toLatin1();
        struct stat st;
        if (::fstatat(dirFd, name.constData(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
            if (errno == ENOENT)
                result.deleted.append(item.entry.name);
            else
                result.failed.append({item.entry.name, QString::fromLocal8Bit(std::strerror(errno))});
            continue;
        }
        if (!S_ISREG(st.st_mode) || st.st_ino != item.entry.inode) {
            result.skipped.append({item.entry.name, QStringLiteral("changed since the preview")});
            continue;
        }
        if (::unlinkat(dirFd, name.constData(), 0) == 0 || errno == ENOENT)
            result.deleted.append(item.entry.name);
        else
            result.failed.append({item.entry.name, QString::fromLocal8Bit(std::strerror(errno))});
    }
    ::close(dirFd);
    const JournalListing after = JournalDirectory::list(preview.dir);
    if (!after.files.isEmpty())
        result.newOldestSeq = after.files.first().startSeq;
    return result;
}

JournalPruner::Result JournalPruner::prune(const QString &eventsDir, int keep)
{
    return execute(plan(JournalDirectory::list(eventsDir), keep));
}

int JournalPruner::pruneLikeServer(const QString &eventsDir, int keep)
{
    const JournalListing listing = JournalDirectory::list(eventsDir);
    int deleted = 0;
    for (int i = 0; i + keep < listing.files.size(); ++i) {
        if (::unlink(listing.files[i].path.constData()) == 0)
            ++deleted;
    }
    return deleted;
}
