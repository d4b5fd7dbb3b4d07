// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QString>

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <string_view>
#include <type_traits>
#include <vector>

// A journal file opened for reading, the one way every reader here opens one: read-only, close-on-exec, never
// as a controlling terminal, and without blocking, since a FIFO or a device put where a journal file was must
// not hang the open (docs/FORMAT.md: the server looks at names only). Only a regular file opens. Closed when
// it goes out of scope.
class JournalFile
{
public:
    JournalFile() = default;
    explicit JournalFile(const QByteArray &path) { open(path); }
    ~JournalFile() { close(); }
    JournalFile(JournalFile &&other) noexcept;
    JournalFile &operator=(JournalFile &&other) noexcept;
    JournalFile(const JournalFile &) = delete;
    JournalFile &operator=(const JournalFile &) = delete;

    // Closes what was open, then opens `path`. False, with error() set, when it cannot be opened or is not a
    // regular file.
    bool open(const QByteArray &path);
    void close();
    bool isOpen() const { return m_fd >= 0; }
    int descriptor() const { return m_fd; }
    // The errno of the failed open(), or EISDIR / ENODEV for a directory / any other kind of file; 0 when
    // open.
    int error() const { return m_error; }
    // error() in words: "not a regular file" rather than ENODEV's text.
    QString errorText() const;
    // What fstat() said when it was opened (inode, size at that moment).
    const struct stat &status() const { return m_status; }

    // Up to `size` bytes at `offset`, retried after signals and short reads: fewer only at the end of the
    // file. -1 on an error or when not open.
    qint64 read(quint64 offset, char *out, size_t size) const;
    // Exactly `size` bytes at `offset`, or false.
    bool readExactly(quint64 offset, char *out, size_t size) const
    {
        return read(offset, out, size) == qint64(size);
    }

private:
    int m_fd = -1;
    int m_error = 0;
    struct stat m_status = {};
};

// Lines of one file at known offsets and lengths (from the index), read through a window of a few MiB, so
// lines asked in ascending order cost one read per window. The file is opened at the first line asked. Once
// the file cannot be opened or no longer holds a line asked (it shrank: the index rescans it at its next
// update), every later line fails too.
class LineWindow
{
public:
    struct Options
    {
        size_t window = size_t(4) << 20;
        size_t padding = 0;          // readable bytes after every line (simdjson's padding)
        quint64 limit = ~quint64(0); // reads never go past this offset (the end of the lines wanted)
        // A buffer to read into instead of one of the window's own: a thread's buffer kept across windows
        // is not allocated and faulted in again for each file. Never two live windows on one buffer.
        std::vector<char> *buffer = nullptr;
    };
    explicit LineWindow(QByteArray path)
        : LineWindow(std::move(path), Options())
    {}
    LineWindow(QByteArray path, const Options &options)
        : m_path(std::move(path))
        , m_options(options)
        , m_buffer(options.buffer ? options.buffer : &m_own)
    {}
    LineWindow(const LineWindow &) = delete;
    LineWindow &operator=(const LineWindow &) = delete;

    // The line at [offset, offset + length), or nullopt. The view holds until the window moves.
    std::optional<std::string_view> line(quint64 offset, quint32 length);
    // The bytes of the window from `offset` (within it) to its end.
    std::string_view from(quint64 offset) const
    {
        return std::string_view(m_buffer->data() + (offset - m_start), size_t(m_end - offset));
    }
    // Changes each time the window moves (views into it are then stale).
    quint64 generation() const { return m_generation; }
    bool failed() const { return m_failed; }
    const JournalFile &file() const { return m_file; }

private:
    QByteArray m_path;
    Options m_options;
    std::vector<char> m_own;
    std::vector<char> *m_buffer;
    JournalFile m_file;
    bool m_failed = false;
    quint64 m_start = 0;
    quint64 m_end = 0; // [m_start, m_end) is in the buffer
    quint64 m_generation = 0;
};

// A file's complete lines from an offset, read block by block: each block's lines are handed over in place,
// without their '\n' and with `padding` readable bytes behind them (simdjson parses them where they lie). A
// line longer than the block grows the block: lines of many MiB are normal.
class BlockLineReader
{
public:
    BlockLineReader(const JournalFile &file, quint64 from, size_t blockSize, size_t padding)
        : m_file(file)
        , m_offset(from)
        , m_capacity(blockSize)
        , m_padding(padding)
        , m_buffer(blockSize + padding)
    {}

    // Reads one block and calls onLine(const char *data, size_t size, quint64 offset) for each line it
    // completes. False at the end of the file, or on an error (error() is then set). An onLine that returns
    // bool stops the reader after the line for which it returns false: offset() is then just past that line,
    // the rest of the block is dropped, and stopped() is true.
    template <typename OnLine> bool next(OnLine &&onLine)
    {
        if (m_stopped)
            return false;
        if (m_have == m_capacity) {
            m_capacity *= 2;
            m_buffer.resize(m_capacity + m_padding);
        }
        const qint64 n = m_file.read(m_offset + m_have, m_buffer.data() + m_have, m_capacity - m_have);
        if (n <= 0) {
            m_error = n < 0 ? errno : 0;
            m_lastRead = 0;
            return false;
        }
        m_lastRead = size_t(n);
        const size_t end = m_have + size_t(n);
        size_t lineStart = 0;
        size_t searchFrom = m_have; // the bytes carried over hold no newline
        while (const void *nl = std::memchr(m_buffer.data() + searchFrom, '\n', end - searchFrom)) {
            const size_t at = size_t(static_cast<const char *>(nl) - m_buffer.data());
            const char *data = m_buffer.data() + lineStart;
            if constexpr (std::is_same_v<decltype(onLine(data, size_t(), quint64())), bool>) {
                if (!onLine(data, at - lineStart, m_offset + lineStart)) {
                    m_offset += at + 1;
                    m_have = 0;
                    m_stopped = true;
                    return true;
                }
            } else {
                onLine(data, at - lineStart, m_offset + lineStart);
            }
            lineStart = searchFrom = at + 1;
        }
        std::memmove(m_buffer.data(), m_buffer.data() + lineStart, end - lineStart);
        m_offset += lineStart;
        m_have = end - lineStart;
        return true;
    }

    // Just past the last complete line: where reading resumes when the file grows.
    quint64 offset() const { return m_offset; }
    // The bytes read after it without a newline (an unterminated last segment), padding behind them.
    std::string_view rest() const { return std::string_view(m_buffer.data(), m_have); }
    // Bytes the last next() read.
    size_t lastRead() const { return m_lastRead; }
    int error() const { return m_error; }
    bool stopped() const { return m_stopped; }

private:
    const JournalFile &m_file;
    quint64 m_offset;
    size_t m_capacity;
    size_t m_padding;
    std::vector<char> m_buffer;
    size_t m_have = 0;
    size_t m_lastRead = 0;
    int m_error = 0;
    bool m_stopped = false;
};
