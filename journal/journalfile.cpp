// SPDX-License-Identifier: MIT
#include "journalfile.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>
#include <utility>

JournalFile::JournalFile(JournalFile &&other) noexcept
    : m_fd(std::exchange(other.m_fd, -1))
    , m_error(other.m_error)
    , m_status(other.m_status)
{}

JournalFile &JournalFile::operator=(JournalFile &&other) noexcept
{
    if (this != &other) {
        close();
        m_fd = std::exchange(other.m_fd, -1);
        m_error = other.m_error;
        m_status = other.m_status;
    }
    return *this;
}

bool JournalFile::open(const QByteArray &path)
{
    close();
    m_error = 0;
    m_status = {};
    const int fd = ::open(path.constData(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) {
        m_error = errno;
        return false;
    }
    if (::fstat(fd, &m_status) != 0)
        m_error = errno;
    else if (S_ISDIR(m_status.st_mode))
        m_error = EISDIR;
    else if (!S_ISREG(m_status.st_mode))
        m_error = ENODEV;
    if (m_error != 0) {
        ::close(fd);
        errno = m_error;
        return false;
    }
    m_fd = fd;
    return true;
}

void JournalFile::close()
{
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
}

QString JournalFile::errorText() const
{
    if (m_error == ENODEV)
        return QStringLiteral("not a regular file");
    return QString::fromLocal8Bit(std::strerror(m_error));
}

qint64 JournalFile::read(quint64 offset, char *out, size_t size) const
{
    if (m_fd < 0)
        return -1;
    size_t done = 0;
    while (done < size) {
        const ssize_t n = ::pread(m_fd, out + done, size - done, off_t(offset + done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -1;
        if (n == 0)
            break;
        done += size_t(n);
    }
    return qint64(done);
}

std::optional<std::string_view> LineWindow::line(quint64 offset, quint32 length)
{
    if (m_failed)
        return std::nullopt;
    if (offset < m_start || offset + length > m_end) {
        if (!m_file.isOpen() && !m_file.open(m_path)) {
            m_failed = true;
            return std::nullopt;
        }
        const quint64 room = m_options.limit > offset ? m_options.limit - offset : 0;
        const size_t want = size_t(std::max<quint64>(std::min<quint64>(m_options.window, room), length));
        if (m_buffer->size() < want + m_options.padding)
            m_buffer->resize(want + m_options.padding);
        const qint64 n = m_file.read(offset, m_buffer->data(), want);
        ++m_generation;
        if (n < qint64(length)) {
            m_failed = true;
            m_start = m_end = 0;
            return std::nullopt;
        }
        m_start = offset;
        m_end = offset + quint64(n);
    }
    return std::string_view(m_buffer->data() + (offset - m_start), length);
}
