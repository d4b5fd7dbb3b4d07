// SPDX-License-Identifier: MIT
#include "journaldirectory.h"

#include "journalfilename.h"

#include <QDir>
#include <QFile>
#include <QHash>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

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

QString JournalDirectory::absoluteClean(const QString &path)
{
    if (path.startsWith(QLatin1Char('/')))
        return QDir::cleanPath(path);
    QByteArray cwd(4096, Qt::Uninitialized);
    while (!::getcwd(cwd.data(), size_t(cwd.size()))) {
        if (errno != ERANGE)
            return QDir::cleanPath(path); // no working directory: keep it relative
        cwd.resize(cwd.size() * 2);
    }
    cwd.truncate(qsizetype(std::strlen(cwd.constData())));
    return QDir::cleanPath(decodeName(cwd) + QLatin1Char('/') + path);
}

QString JournalDirectory::expectedEventsDir(const QString &path)
{
    const QString clean = absoluteClean(path);
    if (clean.section(QLatin1Char('/'), -1) == QLatin1String("events"))
        return clean;
    return clean == QLatin1String("/") ? QStringLiteral("/events") : clean + QStringLiteral("/events");
}

JournalDirectory::Resolved JournalDirectory::resolve(const QString &path)
{
    Resolved r;
    if (path.isEmpty()) {
        r.error = QStringLiteral("no directory given");
        return r;
    }
    const QString clean = absoluteClean(path);
    const QByteArray bytes = encodeName(clean);
    struct stat st;
    if (::stat(bytes.constData(), &st) != 0) {
        const int e = errno;
        r.missing = e == ENOENT;
        r.error = r.missing ? QStringLiteral("%1: no such directory").arg(path)
                            : QStringLiteral("%1: %2").arg(path, QString::fromLocal8Bit(std::strerror(e)));
        return r;
    }
    if (!S_ISDIR(st.st_mode)) {
        r.error = QStringLiteral("%1: not a directory").arg(path);
        return r;
    }
    if (::access(bytes.constData(), R_OK | X_OK) != 0) {
        r.error = QStringLiteral("%1: permission denied").arg(path);
        return r;
    }
    const QString events =
        clean == QLatin1String("/") ? QStringLiteral("/events") : clean + QStringLiteral("/events");
    const QByteArray eventsBytes = encodeName(events);
    if (::stat(eventsBytes.constData(), &st) == 0 && S_ISDIR(st.st_mode)) {
        if (::access(eventsBytes.constData(), R_OK | X_OK) != 0) {
            r.error = QStringLiteral("%1: permission denied").arg(events);
            return r;
        }
        r.eventsDir = events;
        return r;
    }
    if (clean.section(QLatin1Char('/'), -1) == QLatin1String("events") || hasJournalFiles(clean)) {
        r.eventsDir = clean;
        return r;
    }
    r.noJournalYet = true;
    r.error = QStringLiteral("%1: neither a bamboo directory (no events/ inside) nor an events directory "
                             "(no events-<seq>.jsonl files)")
                  .arg(path);
    return r;
}

bool JournalDirectory::makePath(const QString &dir, QString *error)
{
    if (dir.isEmpty()) {
        *error = QStringLiteral("no directory given");
        return false;
    }
    const QByteArray path = encodeName(QDir::cleanPath(dir));
    // From the full path up to the first existing ancestor, then create downwards.
    qsizetype end = path.size();
    QList<qsizetype> missing;
    for (;;) {
        const QByteArray prefix = path.left(end);
        struct stat st;
        if (::stat(prefix.constData(), &st) == 0) {
            if (!S_ISDIR(st.st_mode)) {
                *error = QStringLiteral("%1: %2").arg(decodeName(prefix),
                                                      QString::fromLocal8Bit(std::strerror(ENOTDIR)));
                return false;
            }
            break;
        }
        if (errno != ENOENT) {
            *error = QStringLiteral("%1: %2").arg(decodeName(prefix),
                                                  QString::fromLocal8Bit(std::strerror(errno)));
            return false;
        }
        missing.prepend(end);
        const qsizetype slash = prefix.lastIndexOf('/');
        if (slash <= 0)
            break;
        end = slash;
    }
    for (const qsizetype e : std::as_const(missing)) {
        const QByteArray prefix = path.left(e);
        if (::mkdir(prefix.constData(), 0777) != 0 && errno != EEXIST) {
            *error = QStringLiteral("%1: %2").arg(decodeName(prefix),
                                                  QString::fromLocal8Bit(std::strerror(errno)));
            return false;
        }
    }
    return true;
}

QString JournalDirectory::decodeName(const QByteArray &bytes)
{
    QString out;
    out.reserve(bytes.size());
    const auto *p = reinterpret_cast<const unsigned char *>(bytes.constData());
    const qsizetype n = bytes.size();
    for (qsizetype i = 0; i < n;) {
        const unsigned char c = p[i];
        if (c < 0x80) {
            out += QChar(char16_t(c));
            ++i;
            continue;
        }
        // A strict UTF-8 sequence: no overlong forms, no surrogates, nothing past U+10FFFF.
        int length = 0;
        char32_t cp = 0;
        char32_t min = 0;
        if (c >= 0xc2 && c <= 0xdf) {
            length = 2;
            cp = c & 0x1f;
            min = 0x80;
        } else if (c >= 0xe0 && c <= 0xef) {
            length = 3;
            cp = c & 0x0f;
            min = 0x800;
        } else if (c >= 0xf0 && c <= 0xf4) {
            length = 4;
            cp = c & 0x07;
            min = 0x10000;
        }
        bool valid = length > 0 && i + length <= n;
        for (int k = 1; valid && k < length; ++k) {
            if ((p[i + k] & 0xc0) != 0x80)
                valid = false;
            else
                cp = (cp << 6) | (p[i + k] & 0x3f);
        }
        valid = valid && cp >= min && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff);
        if (!valid) {
            out += QChar(char16_t(0xdc00 + c));
            ++i;
            continue;
        }
        if (cp >= 0x10000) {
            out += QChar(QChar::highSurrogate(cp));
            out += QChar(QChar::lowSurrogate(cp));
        } else {
            out += QChar(char16_t(cp));
        }
        i += length;
    }
    return out;
}

QByteArray JournalDirectory::encodeName(const QString &name)
{
    QByteArray out;
    out.reserve(name.size());
    const qsizetype n = name.size();
    for (qsizetype i = 0; i < n; ++i) {
        const char16_t u = name.at(i).unicode();
        char32_t cp = u;
        if (u < 0x80) {
            out += char(u);
            continue;
        }
        if (QChar::isHighSurrogate(u) && i + 1 < n && QChar::isLowSurrogate(name.at(i + 1).unicode())) {
            cp = QChar::surrogateToUcs4(u, name.at(i + 1).unicode());
            ++i;
        } else if (u >= 0xdc80 && u <= 0xdcff) {
            out += char(u - 0xdc00); // a byte decodeName() kept
            continue;
        } else if (QChar::isSurrogate(u)) {
            cp = 0xfffd;
        }
        if (cp < 0x800) {
            out += char(0xc0 | (cp >> 6));
        } else if (cp < 0x10000) {
            out += char(0xe0 | (cp >> 12));
            out += char(0x80 | ((cp >> 6) & 0x3f));
        } else {
            out += char(0xf0 | (cp >> 18));
            out += char(0x80 | ((cp >> 12) & 0x3f));
            out += char(0x80 | ((cp >> 6) & 0x3f));
        }
        out += char(0x80 | (cp & 0x3f));
    }
    return out;
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
    entry->mtimeNs = qint64(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
    entry->device = st.st_dev;
    entry->inode = st.st_ino;
    return true;
}

JournalListing JournalDirectory::list(const QString &eventsDir)
{
    JournalListing listing;
    listing.dir = eventsDir;
    const QByteArray dirPath = encodeName(eventsDir);
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
            listing.ignored.append(decodeName(QByteArray(name.data(), qsizetype(name.size()))));
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

JournalChanges JournalChanges::between(const std::vector<Known> &known, const JournalListing &listing)
{
    JournalChanges out;
    QHash<QString, int> byName;
    byName.reserve(qsizetype(known.size()));
    for (int i = 0; i < int(known.size()); ++i)
        byName.insert(known[size_t(i)].name, i);
    std::vector<bool> listed(known.size(), false);
    out.files.reserve(size_t(listing.files.size()));
    for (const JournalEntry &entry : listing.files) {
        Change c;
        const auto it = byName.constFind(entry.name);
        if (it != byName.cend()) {
            const Known &k = known[size_t(it.value())];
            c.known = it.value();
            listed[size_t(it.value())] = true;
            if (k.device != entry.device || k.inode != entry.inode || k.type != entry.type)
                c.kind = Change::Replaced;
            else if (quint64(entry.size) < k.size)
                c.kind = Change::Truncated;
            else if (quint64(entry.size) > k.size)
                c.kind = Change::Grew;
            else // a rewrite that kept the size (a torn tail cut and a line as long written) is read again
                c.kind = entry.mtimeNs != k.mtimeNs ? Change::Grew : Change::Same;
        }
        out.files.push_back(c);
    }
    for (int i = 0; i < int(known.size()); ++i) {
        if (!listed[size_t(i)])
            out.removed.append(i);
    }
    return out;
}
