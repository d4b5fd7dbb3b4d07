// SPDX-License-Identifier: MIT
#include "journalexporter.h"

#include "eventsummary.h"
#include "journaldirectory.h"
#include "journalfile.h"
#include "journalindex.h"
#include "journalwriter.h"

#include <QDir>
#include <QIODevice>
#include <QRandomGenerator>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {

constexpr char PartialInfix[] = ".partial-";
constexpr int PartialRandom = 6;

QString osError(int e)
{
    return QString::fromLocal8Bit(std::strerror(e));
}

// Receives each selected line; returns false after setting the result's error or cancelled flag.
using LineSink = std::function<bool(const EventRecord &, std::string_view, JournalExporter::Result *)>;

// Walks the selected events of every file in journal order, reading the source in large windows.
JournalExporter::Result forEachSelected(const JournalIndex &index, const EventFilter &filter,
                                        const JournalExporter::Options &options, const LineSink &sink)
{
    JournalExporter::Result result;
    const CompiledFilter compiled(filter, index);
    qint64 total = 0;
    for (const FileIndex &fi : index.files())
        for (const EventRecord &r : fi.records)
            total += compiled.matchesRecord(r) ? qint64(r.length) : 0;
    qint64 done = 0;
    std::vector<char> buffer;
    LineWindow::Options windowOptions; // one buffer for every file's window
    windowOptions.buffer = &buffer;
    bool stop = false;
    // With text or a query, each file's matching rows are found first, reading only the lines needed.
    QueryMatcher matcher(compiled.query());
    std::vector<quint8> mask;
    for (const FileIndex &fi : index.files()) {
        LineWindow window(fi.entry.path, windowOptions);
        const bool masked = compiled.needsLine();
        if (masked && !fi.records.isEmpty()) {
            const QueryMatcher::File input{fi.entry.path,   fi.entry.name.toUtf8(),
                                           fi.entry.device, fi.entry.inode,
                                           fi.scanId,       &fi.records};
            if (!compiled.selectInFile(input, 0, mask, matcher, options.cancel)) {
                if (options.cancel && options.cancel->load())
                    result.cancelled = true;
                else
                    result.error =
                        QStringLiteral("%1: changed or removed since it was indexed; reload and try again")
                            .arg(JournalDirectory::decodeName(fi.entry.path));
                return result;
            }
        }
        for (qsizetype row = 0; row < fi.records.size(); ++row) {
            const EventRecord &r = fi.records[row];
            if (masked ? !mask[size_t(row)] : !compiled.matchesRecord(r))
                continue;
            if (options.cancel && options.cancel->load(std::memory_order_relaxed)) {
                result.cancelled = true;
                stop = true;
                break;
            }
            const auto line = window.line(r.offset(), r.length);
            const struct stat &st = window.file().status();
            if (!window.file().isOpen() || st.st_ino != fi.entry.inode || quint64(st.st_size) < fi.sizeSeen) {
                result.error =
                    QStringLiteral("%1: changed or removed since it was indexed; reload and try again")
                        .arg(JournalDirectory::decodeName(fi.entry.path));
                stop = true;
                break;
            }
            if (!line) {
                result.error = QStringLiteral("%1: shrank while being read; reload and try again")
                                   .arg(JournalDirectory::decodeName(fi.entry.path));
                stop = true;
                break;
            }
            if (!sink(r, *line, &result)) {
                stop = true;
                break;
            }
            ++result.events;
            done += r.length;
            if (options.progress && (result.events & 1023) == 0)
                options.progress(done, total);
        }
        if (stop)
            return result;
    }
    if (options.progress)
        options.progress(total, total);
    return result;
}

QByteArray csvField(const QByteArray &value)
{
    if (!value.contains(',') && !value.contains('"') && !value.contains('\n') && !value.contains('\r'))
        return value;
    QByteArray out = value;
    out.replace('"', "\"\"");
    return '"' + out + '"';
}

// Takes output bytes; returns false after setting the result's error or cancelled flag.
using ByteSink = std::function<bool(const char *data, qint64 size, JournalExporter::Result *result)>;

// Formats jsonl or csv into a sink, in chunks of about 1 MiB.
JournalExporter::Result writeFormatted(const JournalIndex &index, const EventFilter &filter,
                                       const JournalExporter::Options &options, const ByteSink &sink)
{
    qint64 bytes = 0;
    EventSummary decoder;
    QByteArray chunk;
    const auto flush = [&](JournalExporter::Result *result) {
        if (!chunk.isEmpty() && !sink(chunk.constData(), chunk.size(), result))
            return false;
        bytes += chunk.size();
        chunk.clear();
        return true;
    };
    if (options.format == JournalExporter::Format::Csv)
        chunk += "seq,ts,session_id,type,summary\r\n";
    JournalExporter::Result result =
        forEachSelected(index, filter, options,
                        [&](const EventRecord &r, std::string_view line, JournalExporter::Result *res) {
                            if (options.format == JournalExporter::Format::Jsonl) {
                                // Byte for byte: a line that ended in "\r\n" keeps its CR.
                                chunk.append(line.data(), qsizetype(line.size()));
                                if (r.flags & EventRecord::CarriageReturn)
                                    chunk += '\r';
                                chunk += '\n';
                            } else {
                                const EventSummary::Fields f = decoder.decode(line);
                                chunk += QByteArray::number(r.seq) + ',' + csvField(f.ts.toUtf8()) + ',' +
                                         csvField(f.sessionId.toUtf8()) + ',' + csvField(f.type.toUtf8()) +
                                         ',' + csvField(f.summary.toUtf8()) + "\r\n";
                            }
                            return chunk.size() < (1 << 20) || flush(res);
                        });
    if (result.ok())
        flush(&result);
    result.bytes = bytes;
    return result;
}

// Writes all of data to fd. A signal interrupting a blocked write (a FIFO nobody reads) ends it when the
// export is being cancelled.
bool writeAll(int fd, const char *data, qint64 size, const QString &name, const std::atomic_bool *cancel,
              JournalExporter::Result *result)
{
    while (size > 0) {
        const ssize_t n = ::write(fd, data, size_t(std::min<qint64>(size, qint64(1) << 30)));
        if (n < 0) {
            if (errno == EINTR) {
                if (cancel && cancel->load()) {
                    result->cancelled = true;
                    return false;
                }
                continue;
            }
            result->error = QStringLiteral("%1: write failed: %2").arg(name, osError(errno));
            return false;
        }
        data += n;
        size -= n;
    }
    return true;
}

ByteSink fdSink(int fd, const QString &name, const std::atomic_bool *cancel)
{
    return [fd, name, cancel](const char *data, qint64 size, JournalExporter::Result *result) {
        return writeAll(fd, data, size, name, cancel, result);
    };
}

void sleepMs(int ms)
{
    const struct timespec ts = {0, long(ms) * 1000000L};
    ::nanosleep(&ts, nullptr);
}

bool isPartialName(const char *name)
{
    const size_t n = std::strlen(name);
    const size_t tail = sizeof(PartialInfix) - 1 + PartialRandom;
    if (n < tail + 2 || name[0] != '.' ||
        std::memcmp(name + n - tail, PartialInfix, sizeof(PartialInfix) - 1))
        return false;
    for (size_t i = n - PartialRandom; i < n; ++i) {
        const char c = name[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
            return false;
    }
    return true;
}

// ".<name>.partial-XXXXXX": beside (or inside) the target, so renaming it into place never crosses a file
// system; hidden, and never a journal file name.
QByteArray partialName(const QByteArray &base)
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    QByteArray name = '.' + base + PartialInfix;
    for (int i = 0; i < PartialRandom; ++i)
        name += alphabet[QRandomGenerator::global()->bounded(int(sizeof(alphabet) - 1))];
    return name;
}

// The names in a directory, "." and ".." aside. Opened afresh, so no other reader's position matters.
bool entryNames(int dirFd, QList<QByteArray> *names)
{
    const int listFd = ::openat(dirFd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    DIR *dir = listFd >= 0 ? ::fdopendir(listFd) : nullptr;
    if (!dir) {
        if (listFd >= 0)
            ::close(listFd);
        return false;
    }
    while (const dirent *d = ::readdir(dir)) {
        if (std::strcmp(d->d_name, ".") != 0 && std::strcmp(d->d_name, "..") != 0)
            names->append(QByteArray(d->d_name));
    }
    ::closedir(dir);
    return true;
}

// Removes the entries of a directory we created (regular files, and directories of them), not following
// links.
void removeContents(int dirFd)
{
    QList<QByteArray> names;
    entryNames(dirFd, &names);
    for (const QByteArray &name : std::as_const(names)) {
        if (::unlinkat(dirFd, name.constData(), 0) == 0 || errno != EISDIR)
            continue;
        const int sub = ::openat(dirFd, name.constData(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (sub >= 0) {
            removeContents(sub);
            ::close(sub);
        }
        ::unlinkat(dirFd, name.constData(), AT_REMOVEDIR);
    }
}

// Removes what an export of ours left behind when it was killed: entries named like our partials, owned by
// this user, that no running export holds locked (each export holds an flock on its partial until it is
// renamed into place or removed; the kernel drops the lock of a process that dies).
void sweepStalePartials(int dirFd)
{
    QList<QByteArray> all, names;
    entryNames(dirFd, &all);
    for (const QByteArray &name : std::as_const(all)) {
        if (isPartialName(name.constData()))
            names.append(name);
    }
    for (const QByteArray &name : std::as_const(names)) {
        struct stat st;
        if (::fstatat(dirFd, name.constData(), &st, AT_SYMLINK_NOFOLLOW) != 0 || st.st_uid != ::geteuid() ||
            !(S_ISREG(st.st_mode) || S_ISDIR(st.st_mode)))
            continue;
        const bool isDir = S_ISDIR(st.st_mode);
        const int fd = ::openat(dirFd, name.constData(),
                                O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | (isDir ? O_DIRECTORY : 0));
        if (fd < 0)
            continue;
        struct stat opened;
        if (::fstat(fd, &opened) == 0 && opened.st_ino == st.st_ino && opened.st_dev == st.st_dev &&
            ::flock(fd, LOCK_EX | LOCK_NB) == 0) {
            if (isDir) {
                removeContents(fd);
                ::unlinkat(dirFd, name.constData(), AT_REMOVEDIR);
            } else {
                ::unlinkat(dirFd, name.constData(), 0);
            }
        }
        ::close(fd);
    }
}

// The directory part and the last component of a path, as bytes ("." for a bare name).
std::pair<QByteArray, QByteArray> splitPath(const QByteArray &path)
{
    const qsizetype slash = path.lastIndexOf('/');
    if (slash < 0)
        return {QByteArray("."), path};
    return {slash == 0 ? QByteArray("/") : path.left(slash), path.mid(slash + 1)};
}

QString stripTrailingSlashes(QString path)
{
    while (path.size() > 1 && path.endsWith(QLatin1Char('/')))
        path.chop(1);
    return path;
}

// A new regular file that appears under its final name whole or not at all: written unnamed (O_TMPFILE) or
// under a partial name, synced, then renamed over the target. Replacing a file keeps its permissions.
class AtomicFile
{
public:
    AtomicFile() = default;
    ~AtomicFile() { discard(); }
    AtomicFile(const AtomicFile &) = delete;
    AtomicFile &operator=(const AtomicFile &) = delete;

    bool open(const QByteArray &finalPath, const QString &name, const struct stat *existing, QString *error)
    {
        const auto [dir, base] = splitPath(finalPath);
        m_base = base;
        m_dirFd = ::open(dir.constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (m_dirFd < 0) {
            *error = QStringLiteral("%1: %2").arg(name, osError(errno));
            return false;
        }
        sweepStalePartials(m_dirFd);
        m_fd = ::openat(m_dirFd, ".", O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
        if (m_fd < 0 && (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL || errno == ENOENT)) {
            // No O_TMPFILE here: a named partial, locked so that a later export knows it is not stale.
            for (int attempt = 0; attempt < 100 && m_fd < 0; ++attempt) {
                m_partial = partialName(m_base);
                m_fd =
                    ::openat(m_dirFd, m_partial.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
                if (m_fd < 0 && errno != EEXIST)
                    break;
            }
            if (m_fd < 0)
                m_partial.clear();
        }
        if (m_fd < 0) {
            *error = QStringLiteral("%1: %2").arg(name, osError(errno));
            return false;
        }
        ::flock(m_fd, LOCK_EX);
        if (existing) {
            // The replacement keeps the file's owner where we may set it (root may; others own it already),
            // then its permissions.
            if (::fchown(m_fd, existing->st_uid, existing->st_gid) != 0) {
                // Not permitted: the file stays the caller's, as any file the caller writes anew would be.
            }
            ::fchmod(m_fd, existing->st_mode & 07777);
        }
        return true;
    }

    int fd() const { return m_fd; }

    bool commit(const QString &name, QString *error)
    {
        if (::fsync(m_fd) != 0) {
            *error = QStringLiteral("%1: %2").arg(name, osError(errno));
            return false;
        }
        if (m_partial.isEmpty()) {
            // Give the unnamed file a partial name first: linkat cannot replace an existing target.
            const QByteArray self = "/proc/self/fd/" + QByteArray::number(m_fd);
            for (int attempt = 0; attempt < 100 && m_partial.isEmpty(); ++attempt) {
                const QByteArray candidate = partialName(m_base);
                if (::linkat(AT_FDCWD, self.constData(), m_dirFd, candidate.constData(), AT_SYMLINK_FOLLOW) ==
                        0 ||
                    ::linkat(m_fd, "", m_dirFd, candidate.constData(), AT_EMPTY_PATH) == 0)
                    m_partial = candidate;
                else if (errno != EEXIST)
                    break;
            }
            if (m_partial.isEmpty()) {
                *error = QStringLiteral("%1: %2").arg(name, osError(errno));
                return false;
            }
        }
        if (::renameat(m_dirFd, m_partial.constData(), m_dirFd, m_base.constData()) != 0) {
            *error = QStringLiteral("%1: %2").arg(name, osError(errno));
            return false;
        }
        m_partial.clear();
        ::fsync(m_dirFd); // the rename itself; some file systems cannot sync a directory, which is harmless
        ::close(m_fd);
        m_fd = -1;
        return true;
    }

    void discard()
    {
        if (!m_partial.isEmpty() && m_dirFd >= 0)
            ::unlinkat(m_dirFd, m_partial.constData(), 0);
        m_partial.clear();
        if (m_fd >= 0)
            ::close(m_fd);
        m_fd = -1;
        if (m_dirFd >= 0)
            ::close(m_dirFd);
        m_dirFd = -1;
    }

private:
    QByteArray m_base;
    QByteArray m_partial; // its name while it has one
    int m_dirFd = -1;
    int m_fd = -1;
};

// "/dev/stdout", "/dev/stderr", "/dev/fd/N" and "/proc/self/fd/N" name a descriptor this process already
// has: writing there means writing to it (where the shell pointed it, at its offset and in its mode), never
// replacing what it points at.
int ownDescriptor(const QString &target)
{
    int fd = -1;
    if (target == QLatin1String("/dev/stdout"))
        fd = STDOUT_FILENO;
    else if (target == QLatin1String("/dev/stderr"))
        fd = STDERR_FILENO;
    for (const QLatin1String prefix : {QLatin1String("/dev/fd/"), QLatin1String("/proc/self/fd/")}) {
        if (fd < 0 && target.startsWith(prefix)) {
            bool ok = false;
            const int n = target.mid(prefix.size()).toInt(&ok);
            if (ok && n >= 0 && !target.mid(prefix.size()).startsWith(QLatin1Char('+')))
                fd = n;
        }
    }
    if (fd < 0)
        return -1;
    const int flags = ::fcntl(fd, F_GETFL);
    if (flags < 0 || (flags & O_ACCMODE) == O_RDONLY)
        return -1; // not open for writing: the path is resolved like any other and fails there
    return ::fcntl(fd, F_DUPFD_CLOEXEC, 0);
}

// Opens a character device or FIFO for writing through. A FIFO without a reader is waited for (as a shell
// redirection would) without blocking in open(), so a cancel still ends the wait.
int openThrough(const QByteArray &path, bool fifo, const QString &name, const std::atomic_bool *cancel,
                JournalExporter::Result *result)
{
    int fd = -1;
    for (;;) {
        fd = ::open(path.constData(), O_WRONLY | O_CLOEXEC | O_NOCTTY | (fifo ? O_NONBLOCK : 0));
        if (fd >= 0)
            break;
        if (errno == EINTR)
            continue;
        if (fifo && errno == ENXIO) { // nobody reads yet
            if (cancel && cancel->load()) {
                result->cancelled = true;
                return -1;
            }
            sleepMs(20);
            continue;
        }
        result->error = QStringLiteral("%1: %2").arg(name, osError(errno));
        return -1;
    }
    struct stat st;
    if (::fstat(fd, &st) != 0 || !(fifo ? S_ISFIFO(st.st_mode) : S_ISCHR(st.st_mode))) {
        ::close(fd);
        result->error = QStringLiteral("%1: changed while it was being opened").arg(name);
        return -1;
    }
    if (fifo)
        ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    return fd;
}

JournalExporter::Result exportStream(const JournalIndex &index, const EventFilter &filter,
                                     const QString &target, const JournalExporter::Options &options)
{
    JournalExporter::Result result;
    if (const int fd = ownDescriptor(target); fd >= 0) {
        result = writeFormatted(index, filter, options, fdSink(fd, target, options.cancel));
        if (::close(fd) != 0 && result.ok() && errno != EINTR)
            result.error = QStringLiteral("%1: %2").arg(target, osError(errno));
        return result;
    }
    if (target.endsWith(QLatin1Char('/'))) {
        result.error =
            QStringLiteral("%1: names a directory; the jsonl and csv formats write a file").arg(target);
        return result;
    }
    const QByteArray path = JournalDirectory::encodeName(target);
    struct stat st = {}; // stays zeroed for a target that does not exist yet: a new regular file
    if (::stat(path.constData(), &st) != 0) {
        if (errno != ENOENT) {
            result.error = QStringLiteral("%1: %2").arg(target, osError(errno));
            return result;
        }
        if (::lstat(path.constData(), &st) == 0 && S_ISLNK(st.st_mode)) {
            // A dangling link: create what it points to, as a shell redirection would.
            QByteArray final = path;
            for (int hop = 0; hop < 40 && ::lstat(final.constData(), &st) == 0 && S_ISLNK(st.st_mode);
                 ++hop) {
                QByteArray link(PATH_MAX, Qt::Uninitialized);
                const ssize_t n = ::readlink(final.constData(), link.data(), size_t(link.size()));
                if (n <= 0)
                    break;
                link.truncate(n);
                final = link.startsWith('/') ? link : splitPath(final).first + '/' + link;
            }
            AtomicFile file;
            if (!file.open(final, target, nullptr, &result.error))
                return result;
            result = writeFormatted(index, filter, options, fdSink(file.fd(), target, options.cancel));
            if (result.ok())
                file.commit(target, &result.error);
            return result;
        }
    } else if (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode)) {
        // Atomic replacement is for regular files: a device or FIFO is written through, never replaced.
        const int fd = openThrough(path, S_ISFIFO(st.st_mode), target, options.cancel, &result);
        if (fd < 0)
            return result;
        result = writeFormatted(index, filter, options, fdSink(fd, target, options.cancel));
        if (::close(fd) != 0 && result.ok() && errno != EINTR)
            result.error = QStringLiteral("%1: %2").arg(target, osError(errno));
        return result;
    } else if (S_ISSOCK(st.st_mode)) {
        result.error = QStringLiteral("%1: a socket; an export goes to a file, a FIFO or a character device")
                           .arg(target);
        return result;
    } else if (S_ISBLK(st.st_mode)) {
        result.error = QStringLiteral("%1: a block device; refusing to write an export over it").arg(target);
        return result;
    } else if (S_ISDIR(st.st_mode)) {
        result.error = QStringLiteral("%1: is a directory").arg(target);
        return result;
    }
    const bool exists = S_ISREG(st.st_mode);
    QByteArray finalPath = path;
    if (exists) {
        // Replace the file a link points to, not the link.
        char resolved[PATH_MAX];
        if (::realpath(path.constData(), resolved))
            finalPath = resolved;
    }
    // Replacing is writing: a file the caller may not write is refused, as a shell's '>' would.
    if (exists && ::access(finalPath.constData(), W_OK) != 0) {
        result.error = QStringLiteral("%1: %2").arg(target, osError(errno));
        return result;
    }
    AtomicFile file;
    if (!file.open(finalPath, target, exists ? &st : nullptr, &result.error))
        return result;
    result = writeFormatted(index, filter, options, fdSink(file.fd(), target, options.cancel));
    if (!result.ok())
        return result; // the file discards itself
    file.commit(target, &result.error);
    return result;
}

bool directoryIsEmpty(int dirFd, bool *empty, QString *error, const QString &name)
{
    QList<QByteArray> names;
    if (!entryNames(dirFd, &names)) {
        *error = QStringLiteral("%1: %2").arg(name, osError(errno));
        return false;
    }
    *empty = names.isEmpty();
    return true;
}

// The staging directory of a journal-format export: removed with everything in it unless released.
struct Staging
{
    int parentFd = -1; // where it lives
    int fd = -1;       // locked while it exists
    QByteArray name;
    ~Staging()
    {
        if (fd >= 0) {
            removeContents(fd);
            ::unlinkat(parentFd, name.constData(), AT_REMOVEDIR);
            ::close(fd);
        }
    }
    void release()
    {
        ::close(fd);
        fd = -1;
    }
};

struct FdCloser
{
    int fd = -1;
    ~FdCloser()
    {
        if (fd >= 0)
            ::close(fd);
    }
};

JournalExporter::Result exportJournal(const JournalIndex &index, const EventFilter &filter,
                                      const QString &givenTarget, const JournalExporter::Options &options)
{
    JournalExporter::Result result;
    const QString target = stripTrailingSlashes(givenTarget);
    const QByteArray path = JournalDirectory::encodeName(target);
    struct stat st;
    const bool exists = ::stat(path.constData(), &st) == 0;
    if (!exists && errno != ENOENT) {
        result.error = QStringLiteral("%1: %2").arg(givenTarget, osError(errno));
        return result;
    }
    if (exists && !S_ISDIR(st.st_mode)) {
        result.error = QStringLiteral("%1: already exists").arg(givenTarget);
        return result;
    }
    const auto [parent, base] = splitPath(path);
    FdCloser parentFd{::open(parent.constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
    if (parentFd.fd < 0) {
        result.error = QStringLiteral("%1: %2").arg(JournalDirectory::decodeName(parent), osError(errno));
        return result;
    }
    sweepStalePartials(parentFd.fd);
    // An existing empty directory stays (its mode, owner, a mount on it): the files are staged inside it and
    // moved up at the end. Otherwise the staging directory is renamed into place, created 0777 less the
    // umask.
    FdCloser targetFd;
    if (exists) {
        targetFd.fd = ::open(path.constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (targetFd.fd < 0) {
            result.error = QStringLiteral("%1: %2").arg(givenTarget, osError(errno));
            return result;
        }
        sweepStalePartials(targetFd.fd);
        bool empty = false;
        if (!directoryIsEmpty(targetFd.fd, &empty, &result.error, givenTarget))
            return result;
        if (!empty) {
            result.error = QStringLiteral("%1: already exists and is not empty").arg(givenTarget);
            return result;
        }
    }
    Staging staging;
    staging.parentFd = exists ? targetFd.fd : parentFd.fd;
    for (int attempt = 0; attempt < 100 && staging.name.isEmpty(); ++attempt) {
        const QByteArray candidate = partialName(base);
        if (::mkdirat(staging.parentFd, candidate.constData(), 0777) == 0)
            staging.name = candidate;
        else if (errno != EEXIST)
            break;
    }
    if (staging.name.isEmpty()) {
        result.error = QStringLiteral("%1: %2").arg(
            exists ? givenTarget : JournalDirectory::decodeName(parent), osError(errno));
        return result;
    }
    staging.fd =
        ::openat(staging.parentFd, staging.name.constData(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (staging.fd < 0) {
        result.error = QStringLiteral("%1: %2").arg(givenTarget, osError(errno));
        ::unlinkat(staging.parentFd, staging.name.constData(), AT_REMOVEDIR);
        return result;
    }
    ::flock(staging.fd, LOCK_EX);
    const QString stagingPath = JournalDirectory::decodeName((exists ? path : parent) + '/' + staging.name);

    JournalWriter writer;
    writer.setSyncOnClose(true);
    if (!writer.open(stagingPath, options.rotateThreshold, &result.error))
        return result;
    qint64 written = 0;
    result = forEachSelected(
        index, filter, options,
        [&](const EventRecord &r, std::string_view line, JournalExporter::Result *res) {
            if (!writer.append(r.seq, QByteArray(line.data(), qsizetype(line.size())), &res->error))
                return false;
            written += qint64(line.size()) + 1;
            return true;
        });
    if (!result.ok() || !writer.sync(&result.error))
        return result;
    result.bytes = written;
    if (!exists) {
        if (::renameat(parentFd.fd, staging.name.constData(), parentFd.fd, base.constData()) != 0) {
            const int e = errno;
            result.error = e == EEXIST || e == ENOTEMPTY
                               ? QStringLiteral("%1: created by someone else meanwhile").arg(givenTarget)
                               : QStringLiteral("%1: %2").arg(givenTarget, osError(e));
            return result;
        }
        staging.release();
        ::fsync(parentFd.fd);
        return result;
    }
    // Move each file up into the kept directory; if one cannot move, put back those that did.
    QList<QByteArray> names;
    if (!entryNames(staging.fd, &names)) {
        result.error = QStringLiteral("%1: %2").arg(givenTarget, osError(errno));
        return result;
    }
    std::sort(names.begin(), names.end());
    for (qsizetype i = 0; i < names.size(); ++i) {
        if (::renameat(staging.fd, names[i].constData(), targetFd.fd, names[i].constData()) != 0) {
            result.error = QStringLiteral("%1: %2").arg(givenTarget, osError(errno));
            for (qsizetype k = 0; k < i; ++k)
                ::renameat(targetFd.fd, names[k].constData(), staging.fd, names[k].constData());
            return result;
        }
    }
    ::fsync(targetFd.fd);
    return result; // the empty staging directory goes with `staging`
}

QString resolvedBytes(const QString &path)
{
    char resolved[PATH_MAX];
    return ::realpath(JournalDirectory::encodeName(path).constData(), resolved)
               ? JournalDirectory::decodeName(QByteArray(resolved))
               : QString();
}

} // namespace

std::optional<JournalExporter::Format> JournalExporter::parseFormat(const QString &name)
{
    if (name == QLatin1String("jsonl"))
        return Format::Jsonl;
    if (name == QLatin1String("csv"))
        return Format::Csv;
    if (name == QLatin1String("journal"))
        return Format::Journal;
    return std::nullopt;
}

JournalExporter::Estimate JournalExporter::estimate(const JournalIndex &index, const EventFilter &filter)
{
    Estimate e;
    const CompiledFilter compiled(filter, index);
    for (const FileIndex &fi : index.files()) {
        for (const EventRecord &r : fi.records) {
            if (compiled.matchesRecord(r)) {
                ++e.events;
                e.bytes += qint64(r.length) + ((r.flags & EventRecord::CarriageReturn) ? 2 : 1);
            }
        }
    }
    e.upperBound = compiled.needsLine();
    return e;
}

QString JournalExporter::refusal(const JournalIndex &index, const QString &target)
{
    const QString source = resolvedBytes(index.dir());
    if (source.isEmpty())
        return {};
    // The deepest existing ancestor of the target decides where it would land.
    QString probe = JournalDirectory::absoluteClean(target);
    QString suffix;
    struct stat st;
    while (::lstat(JournalDirectory::encodeName(probe).constData(), &st) != 0 &&
           probe != QLatin1String("/")) {
        const qsizetype slash = probe.lastIndexOf(QLatin1Char('/'));
        suffix = probe.mid(slash) + suffix;
        probe = slash > 0 ? probe.left(slash) : QStringLiteral("/");
    }
    const QString resolved = resolvedBytes(probe) + suffix;
    if (resolved == source || resolved.startsWith(source + QLatin1Char('/')))
        return QStringLiteral(
                   "%1 is inside the journal directory %2: the server would take exported files for its "
                   "own, and its prune would delete them")
            .arg(target, source);
    return {};
}

QString JournalExporter::unreadable(const JournalIndex &index, const EventFilter &filter)
{
    const QList<FileIndex> &files = index.files();
    for (qsizetype i = 0; i < files.size(); ++i) {
        const FileIndex &fi = files[i];
        if (fi.entry.readable() && !fi.error.isEmpty())
            return QStringLiteral("%1; nothing exported, as the export would lack its events").arg(fi.error);
        if (fi.entry.readable())
            continue;
        // A FIFO, device or directory in a journal file's place, before a later file: the seqs its name
        // claims that the file before it does not hold are missing, and the export would be short if its
        // range reaches them. (After the newest file, no seq is known to be missing.)
        if (i + 1 >= files.size() || files[i + 1].entry.startSeq <= fi.entry.startSeq)
            continue;
        quint64 first = fi.entry.startSeq;
        for (qsizetype k = i - 1; k >= 0; --k) {
            if (!files[k].records.isEmpty()) {
                first = std::max(first, files[k].records.back().seq + 1);
                break;
            }
        }
        const quint64 last = files[i + 1].entry.startSeq - 1;
        if (first > last || (filter.seqTo && *filter.seqTo < first) ||
            (filter.seqFrom && *filter.seqFrom > last))
            continue;
        return QStringLiteral(
                   "%1 is a %2, not a journal file that can be read; nothing exported, as the export "
                   "would lack its events")
            .arg(fi.entry.name, JournalEntry::typeName(fi.entry.type));
    }
    return {};
}

JournalExporter::Result JournalExporter::exportToDevice(const JournalIndex &index, const EventFilter &filter,
                                                        QIODevice *device, const Options &options)
{
    Result result;
    if (options.format == Format::Journal) {
        result.error = QStringLiteral("the journal format writes a directory, not a stream");
        return result;
    }
    if (result.error = unreadable(index, filter); !result.error.isEmpty())
        return result;
    // A short write (a full disk) is followed by another, so the failure that ends it carries the reason.
    return writeFormatted(index, filter, options, [device](const char *data, qint64 size, Result *r) {
        for (qint64 done = 0; done < size;) {
            errno = 0;
            const qint64 n = device->write(data + done, size - done);
            if (n <= 0) {
                const int e = errno;
                r->error = QStringLiteral("write failed: %1").arg(e ? osError(e) : device->errorString());
                return false;
            }
            done += n;
        }
        return true;
    });
}

JournalExporter::Result JournalExporter::exportToFileDescriptor(const JournalIndex &index,
                                                                const EventFilter &filter, int fd,
                                                                const QString &name, const Options &options)
{
    Result result;
    if (options.format == Format::Journal) {
        result.error = QStringLiteral("the journal format writes a directory, not a stream");
        return result;
    }
    if (result.error = unreadable(index, filter); !result.error.isEmpty())
        return result;
    return writeFormatted(index, filter, options, fdSink(fd, name, options.cancel));
}

JournalExporter::Result JournalExporter::exportToPath(const JournalIndex &index, const EventFilter &filter,
                                                      const QString &target, const Options &options)
{
    Result result;
    if (target.isEmpty()) {
        result.error = QStringLiteral("no output path given");
        return result;
    }
    if (const QString why = refusal(index, target); !why.isEmpty()) {
        result.error = why;
        return result;
    }
    // Whole or not at all: a journal file that could not be read fails the export before anything is written.
    if (result.error = unreadable(index, filter); !result.error.isEmpty())
        return result;
    return options.format == Format::Journal ? exportJournal(index, filter, target, options)
                                             : exportStream(index, filter, target, options);
}
