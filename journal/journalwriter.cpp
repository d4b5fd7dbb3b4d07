// SPDX-License-Identifier: MIT
#include "journalwriter.h"

#include "journaldirectory.h"
#include "journalfilename.h"

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
    line += '\n';
    qsizetype done = 0;
    while (done < line.size()) {
        const ssize_t n = ::write(m_fd, line.constData() + done, size_t(line.size() - done));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            *error = QStringLiteral("%1: %2").arg(m_dir, osError());
            return false;
        }
        done += n;
    }
    m_bytesWritten += quint64(line.size());
    if (m_bytesWritten >= m_threshold)
        return m_syncOnClose ? sync(error) : (close(), true);
    return true;
}

bool JournalWriter::sync(QString *error)
{
    if (m_fd >= 0 && ::fsync(m_fd) != 0) {
        *error = QStringLiteral("%1: %2").arg(m_dir, osError());
        return false;
    }
    close();
    return true;
}

void JournalWriter::close()
{
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
}
