// SPDX-License-Identifier: MIT
#include "feedrecorder.h"

#include "journaldirectory.h"
#include "journalindex.h"
#include "journalpruner.h"

#include <QDir>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {

QString osError(int e)
{
    return QString::fromLocal8Bit(std::strerror(e));
}

} // namespace

FeedRecorder::FeedRecorder(const FeedEndpoint &endpoint, const FeedCredentials &credentials,
                           const QString &outDir, const Options &options, QObject *parent)
    : QObject(parent)
    , m_endpoint(endpoint)
    , m_credentials(credentials)
    , m_outDir(outDir)
    , m_options(options)
{}

FeedRecorder::~FeedRecorder()
{
    stop();
    m_writer.close();
    if (m_lockFd >= 0)
        ::close(m_lockFd);
}

bool FeedRecorder::repairTornTail(const QString &eventsDir, QString *done, QString *error)
{
    const JournalListing listing = JournalDirectory::list(eventsDir);
    if (!listing.ok()) {
        *error = listing.error;
        return false;
    }
    // The newest regular file is the one a recorder appends to.
    for (qsizetype i = listing.files.size() - 1; i >= 0; --i) {
        const JournalEntry &entry = listing.files[i];
        if (!entry.readable() || entry.symlink)
            continue;
        const int fd = ::open(entry.path.constData(), O_RDWR | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
        if (fd < 0) {
            *error = QStringLiteral("%1: %2").arg(entry.name, osError(errno));
            return false;
        }
        struct stat st;
        if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
            ::close(fd);
            return true;
        }
        // Back from the end to the last newline.
        const off_t size = st.st_size;
        off_t keep = 0;
        char block[65536];
        off_t end = size;
        bool found = false;
        while (end > 0 && !found) {
            const off_t begin = end > off_t(sizeof block) ? end - off_t(sizeof block) : 0;
            const ssize_t n = ::pread(fd, block, size_t(end - begin), begin);
            if (n <= 0)
                break;
            if (const void *nl = memrchr(block, '\n', size_t(n))) {
                keep = begin + off_t(static_cast<const char *>(nl) - block) + 1;
                found = true;
            }
            end = begin;
        }
        if (keep == size) {
            ::close(fd);
            return true;
        }
        if (keep == 0) {
            ::close(fd);
            if (::unlink(entry.path.constData()) != 0) {
                *error = QStringLiteral("%1: %2").arg(entry.name, osError(errno));
                return false;
            }
            *done = QStringLiteral("removed %1: it held only an unfinished line of %2 bytes")
                        .arg(entry.name)
                        .arg(qint64(size));
            return true;
        }
        const bool ok = ::ftruncate(fd, keep) == 0 && ::fsync(fd) == 0;
        const int e = errno;
        ::close(fd);
        if (!ok) {
            *error = QStringLiteral("%1: %2").arg(entry.name, osError(e));
            return false;
        }
        *done = QStringLiteral("cut an unfinished last line of %1 bytes off %2")
                    .arg(qint64(size - keep))
                    .arg(entry.name);
        return true;
    }
    return true;
}

bool FeedRecorder::open(QString *error)
{
    QString dir = JournalDirectory::absoluteClean(m_outDir);
    struct stat st;
    if (::stat(JournalDirectory::encodeName(dir + QStringLiteral("/events")).constData(), &st) == 0 &&
        S_ISDIR(st.st_mode))
        dir += QStringLiteral("/events");
    if (!JournalDirectory::makePath(dir, error))
        return false;
    m_dir = dir;
    const QByteArray lockPath = JournalDirectory::encodeName(dir + QStringLiteral("/.account-journal.lock"));
    m_lockFd = ::open(lockPath.constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (m_lockFd < 0) {
        *error = QStringLiteral("%1/.account-journal.lock: %2").arg(dir, osError(errno));
        return false;
    }
    if (::flock(m_lockFd, LOCK_EX | LOCK_NB) != 0) {
        *error =
            errno == EWOULDBLOCK
                ? QStringLiteral("%1 is being written by another process (it holds .account-journal.lock)")
                      .arg(dir)
                : QStringLiteral("%1/.account-journal.lock: %2").arg(dir, osError(errno));
        ::close(m_lockFd);
        m_lockFd = -1;
        return false;
    }
    if (!repairTornTail(dir, &m_repairs, error))
        return false;
    if (m_options.keepFiles > 0) {
        const JournalPruner::Result pruned = JournalPruner::prune(dir, m_options.keepFiles);
        if (!pruned.error.isEmpty()) {
            *error = pruned.error;
            return false;
        }
    }
    const JournalIndex index = JournalIndex::build(dir);
    if (!index.listError().isEmpty()) {
        *error = index.listError();
        return false;
    }
    m_resumedAfter = std::max(index.maxSeq().value_or(0), m_options.since.value_or(0));
    m_lastSeq = m_resumedAfter;
    if (!m_writer.open(dir, m_options.rotateThreshold, error))
        return false;
    m_client = new FeedClient(m_endpoint, m_credentials, this);
    m_client->setOptions(m_options.feed);
    connect(m_client, &FeedClient::eventsArrived, this, &FeedRecorder::write);
    connect(m_client, &FeedClient::noticed, this, &FeedRecorder::noticed);
    connect(m_client, &FeedClient::stateChanged, this, &FeedRecorder::stateChanged);
    connect(m_client, &FeedClient::failed, this, &FeedRecorder::failed);
    return true;
}

void FeedRecorder::start()
{
    if (m_client && !m_failed)
        m_client->start(m_lastSeq);
}

void FeedRecorder::stop()
{
    if (m_client)
        m_client->stop();
}

void FeedRecorder::write(const QList<FeedEvent> &events)
{
    if (m_failed)
        return;
    for (const FeedEvent &e : events) {
        if (e.seq <= m_lastSeq)
            continue; // the client never repeats a seq; a restart's cursor can still lie above its own
        QString error;
        if (!m_writer.append(e.seq, e.line, &error)) {
            m_failed = true;
            m_client->stop();
            Q_EMIT failed(QStringLiteral("%1 (after recording %2 events; seq %3 not written)")
                              .arg(error)
                              .arg(m_recorded)
                              .arg(e.seq));
            return;
        }
        m_lastSeq = e.seq;
        ++m_recorded;
        if (m_options.keepFiles > 0 && m_writer.rotationPending())
            JournalPruner::prune(m_dir, m_options.keepFiles);
    }
    Q_EMIT recorded(m_recorded, m_lastSeq);
}
