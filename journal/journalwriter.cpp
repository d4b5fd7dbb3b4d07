// SPDX-License-Identifier: MIT
#include "journalwriter.h"

#include "journaldirectory.h"
#include "journalfilename.h"
#include "workerpool.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace {

QString osError()
{
    return QString::fromLocal8Bit(std::strerror(errno));
}

} // namespace

JournalWriter::~JournalWriter()
{
    close();
}

bool JournalWriter::open(const QString &eventsDir, quint64 rotateThreshold, QString *error)
{
    close();
    m_dir = eventsDir;
    m_threshold = rotateThreshold;
    m_filesOpened = 0;
    return JournalDirectory::makePath(eventsDir, error);
}

bool JournalWriter::append(quint64 seq, QByteArray line, QString *error)
{
    if (m_fd < 0) {
        const QString path = m_dir + QLatin1Char('/') + JournalFileName::forStartSeq(seq);
        m_fd = ::open(JournalDirectory::encodeName(path).constData(),
                      O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
        if (m_fd < 0) {
            *error = QStringLiteral("%1: %2").arg(path, osError());
            return false;
        }
        m_bytesWritten = 0;
        ++m_filesOpened;
    }
    m_bytesWritten += quint64(line.size()) + 1;
    if (m_blockSize > 0) {
        if (m_block.capacity() < m_blockSize)
            m_block.reserve(m_blockSize + (64 << 10));
        m_block.append(line).append('\n');
        if (m_block.size() >= m_blockSize && !startWrite(error))
            return false;
    } else if (const QString failed = writeAll(m_fd, line.append('\n'), m_dir); !failed.isEmpty()) {
        *error = failed;
        return false;
    }
    if (m_bytesWritten >= m_threshold) {
        if (!flush(error))
            return false;
        return m_syncOnClose ? sync(error) : (close(), true);
    }
    return true;
}

bool JournalWriter::flush(QString *error)
{
    const bool started = startWrite(error);
    return finishWrite(error) && started;
}

bool JournalWriter::startWrite(QString *error)
{
    if (!finishWrite(error))
        return false;
    if (m_block.isEmpty())
        return true;
    if (m_fd < 0) {
        m_block.resize(0);
        return true;
    }
    m_writing = WorkerPool::run(
        [fd = m_fd, block = std::exchange(m_block, std::exchange(m_spare, {})), dir = m_dir]() mutable {
            Written out;
            out.error = writeAll(fd, block, dir);
            block.resize(0);
            out.block = std::move(block);
            return out;
        });
    m_writingBlock = true;
    return true;
}

bool JournalWriter::finishWrite(QString *error)
{
    if (!m_writingBlock)
        return true;
    m_writingBlock = false;
    m_writing.waitForFinished();
    WorkerPool::takeOver();
    Written done = m_writing.takeResult();
    m_spare = std::move(done.block);
    if (done.error.isEmpty())
        return true;
    *error = done.error;
    return false;
}

QString JournalWriter::writeAll(int fd, const QByteArray &bytes, const QString &dir)
{
    qsizetype done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.constData() + done, size_t(bytes.size() - done));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return QStringLiteral("%1: %2").arg(dir, osError());
        }
        done += n;
    }
    return {};
}

bool JournalWriter::sync(QString *error)
{
    if (!flush(error))
        return false;
    if (m_fd >= 0 && ::fsync(m_fd) != 0) {
        *error = QStringLiteral("%1: %2").arg(m_dir, osError());
        return false;
    }
    close();
    return true;
}

void JournalWriter::close()
{
    QString ignored;
    flush(&ignored);
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
}
