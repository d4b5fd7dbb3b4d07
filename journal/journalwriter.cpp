// SPDX-License-Identifier: MIT
#include "journalwriter.h"

#include "journaldirectory.h"
#include "journalfilename.h"
#include "workerpool.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
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
        // Never blocks: a FIFO put where the next file goes would wait for a reader. Only a regular file is a
        // journal file.
        m_fd = ::open(JournalDirectory::encodeName(path).constData(),
                      O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NONBLOCK | O_NOCTTY, 0644);
        struct stat st;
        if (m_fd >= 0 && (::fstat(m_fd, &st) != 0 || !S_ISREG(st.st_mode))) {
            ::close(m_fd);
            m_fd = -1;
            errno = ENODEV;
        }
        if (m_fd < 0) {
            *error = errno == ENXIO || errno == ENODEV ? QStringLiteral("%1: not a regular file").arg(path)
                                                       : QStringLiteral("%1: %2").arg(path, osError());
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
        m_blockSeqs.push_back(seq);
        if (m_block.size() >= m_blockSize && !startWrite(error))
            return false;
    } else {
        qsizetype done = 0;
        const QString failed = writeAll(m_fd, line.append('\n'), m_dir, &done);
        if (!failed.isEmpty()) {
            *error = failed;
            return false;
        }
        m_lastWrittenSeq = seq;
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
        m_blockSeqs.clear();
        return true;
    }
    m_writing = WorkerPool::run(
        [fd = m_fd, block = std::exchange(m_block, std::exchange(m_spare, {})), dir = m_dir]() mutable {
            Written out;
            out.error = writeAll(fd, block, dir, &out.bytes);
            if (out.error.isEmpty())
                block.resize(0);
            out.block = std::move(block);
            return out;
        });
    m_writingSeqs.swap(m_blockSeqs);
    m_blockSeqs.clear();
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
    if (done.error.isEmpty()) {
        if (!m_writingSeqs.empty())
            m_lastWrittenSeq = m_writingSeqs.back();
        m_spare = std::move(done.block);
        return true;
    }
    // The lines whose newline went out are whole.
    const qsizetype whole =
        qsizetype(std::count(done.block.constBegin(), done.block.constBegin() + done.bytes, '\n'));
    if (whole > 0)
        m_lastWrittenSeq = m_writingSeqs[size_t(whole - 1)];
    *error = done.error;
    return false;
}

QString JournalWriter::writeAll(int fd, const QByteArray &bytes, const QString &dir, qsizetype *done)
{
    *done = 0;
    while (*done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.constData() + *done, size_t(bytes.size() - *done));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return QStringLiteral("%1: %2").arg(dir, osError());
        }
        *done += n;
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
