// SPDX-License-Identifier: MIT
#include "journaldirectory.h"

#include "journalfilename.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <dirent.h>
#include <sys/stat.h>

namespace {

JournalEntry::Type typeOf(mode_t mode)
{
    if (S_ISREG(mode))
        return JournalEntry::Type::Regular;
    if (S_ISDIR(mode))
        return JournalEntry::Type::Directory;
    if (S_ISFIFO(mode))
        return JournalEntry::Type::Fifo;
    if (S_ISSOCK(mode))
        return JournalEntry::Type::Socket;
    if (S_ISCHR(mode) || S_ISBLK(mode))
        return JournalEntry::Type::Device;
    return JournalEntry::Type::Other;
}

bool hasJournalFiles(const QString &dir)
{
    const JournalListing listing = JournalDirectory::list(dir);
    return listing.ok() && !listing.files.isEmpty();
}

} // namespace

QString JournalEntry::typeName(Type type)
{
    switch (type) {
    case Type::Regular:
        return QStringLiteral("regular file");
    case Type::Directory:
        return QStringLiteral("directory");
    case Type::Fifo:
        return QStringLiteral("FIFO");
    case Type::Socket:
        return QStringLiteral("socket");
    case Type::Device:
        return QStringLiteral("device");
    case Type::Missing:
        return QStringLiteral("dangling link");
    case Type::Other:
        return QStringLiteral("special file");
    }
    return {};
}

JournalDirectory::Resolved JournalDirectory::resolve(const QString &path)
{
    Resolved r;
    if (path.isEmpty()) {
        r.error = QStringLiteral("no directory given");
        return r;
    }
    const QFileInfo info(path);
    if (!info.exists()) {
        r.error = QStringLiteral("%1: no such directory").arg(path);
        return r;
    }
    if (!info.isDir()) {
        r.error = QStringLiteral("%1: not a directory").arg(path);
        return r;
    }
    if (!info.isReadable() || !info.isExecutable()) {
        r.error = QStringLiteral("%1: permission denied").arg(path);
        return r;
    }
    const QString events = QDir(path).filePath(QStringLiteral("events"));
    const QFileInfo eventsInfo(events);
    if (eventsInfo.isDir()) {
        if (!eventsInfo.isReadable() || !eventsInfo.isExecutable()) {
            r.error = QStringLiteral("%1: permission denied").arg(events);
            return r;
        }
        r.eventsDir = QDir::cleanPath(eventsInfo.absoluteFilePath());
        return r;
    }
    if (info.fileName() == QLatin1String("events") || hasJournalFiles(path)) {
        r.eventsDir = QDir::cleanPath(info.absoluteFilePath());
        return r;
    }
    r.error = QStringLiteral("%1: neither a bamboo directory (no events/ inside) nor an events directory "
                             "(no events-<seq>.jsonl files)")
                  .arg(path);
    return r;
}

bool JournalDirectory::restat(JournalEntry *entry)
{
    struct stat lst;
    if (::lstat(entry->path.constData(), &lst) != 0)
        return false;
    entry->symlink = S_ISLNK(lst.st_mode);
    struct stat st;
    if (entry->symlink && ::stat(entry->path.constData(), &st) != 0) {
        entry->type = JournalEntry::Type::Missing;
        entry->size = 0;
        entry->device = lst.st_dev;
        entry->inode = lst.st_ino;
        return true;
    }
    if (!entry->symlink)
        st = lst;
    entry->type = typeOf(st.st_mode);
    entry->size = entry->type == JournalEntry::Type::Regular ? qint64(st.st_size) : 0;
    entry->mtimeMs = qint64(st.st_mtim.tv_sec) * 1000 + st.st_mtim.tv_nsec / 1000000;
    entry->device = st.st_dev;
    entry->inode = st.st_ino;
    return true;
}

JournalListing JournalDirectory::list(const QString &eventsDir)
{
    JournalListing listing;
    listing.dir = eventsDir;
    const QByteArray dirPath = QFile::encodeName(eventsDir);
    DIR *dir = ::opendir(dirPath.constData());
    if (!dir) {
        if (errno != ENOENT)
            listing.error =
                QStringLiteral("%1: %2").arg(eventsDir, QString::fromLocal8Bit(std::strerror(errno)));
        return listing;
    }
    while (const dirent *d = ::readdir(dir)) {
        const std::string_view name(d->d_name);
        if (name == "." || name == "..")
            continue;
        const auto start = JournalFileName::startSeq(name);
        if (!start) {
            listing.ignored.append(QString::fromUtf8(name.data(), qsizetype(name.size())));
            continue;
        }
        JournalEntry entry;
        entry.name = QString::fromLatin1(name.data(), qsizetype(name.size()));
        entry.path = dirPath + '/' + QByteArray(name.data(), qsizetype(name.size()));
        entry.startSeq = *start;
        if (!restat(&entry))
            continue; // gone between readdir and stat
        listing.files.append(entry);
    }
    ::closedir(dir);
    std::sort(listing.files.begin(), listing.files.end(), [](const JournalEntry &a, const JournalEntry &b) {
        return a.startSeq != b.startSeq ? a.startSeq < b.startSeq : a.name < b.name;
    });
    listing.ignored.sort();
    return listing;
}
