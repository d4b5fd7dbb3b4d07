// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QFuture>
#include <QString>
#include <QtGlobal>

#include <vector>

// The server's append path (seed EventJournal::append): a file is opened lazily at the first append after a
// rotation and named by that event's seq; each line goes out with its newline in one write (write_all +
// flush); once a file holds at least the threshold the next append starts a new one. Owned by one thread.
class JournalWriter
{
public:
    static constexpr quint64 DefaultRotateThreshold = 8 * 1024 * 1024;

    JournalWriter() = default;
    ~JournalWriter();
    JournalWriter(const JournalWriter &) = delete;
    JournalWriter &operator=(const JournalWriter &) = delete;

    // fsync each file before it is closed (exports); the server itself only flushes.
    void setSyncOnClose(bool sync) { m_syncOnClose = sync; }
    // Gathers lines and writes them in blocks of about this many bytes (0, the default: one write per line,
    // as the server does). Only for a journal nobody follows while it is written: a reader sees whole lines
    // either way, but later. A full block is written by a worker while the next one gathers, so a failed
    // write is told by the append after it; everything is written, and any failure told, by flush(), sync()
    // and a rotation. close() writes it too, without telling of a failure.
    void setBlockSize(qsizetype bytes) { m_blockSize = bytes; }
    bool flush(QString *error);
    // Creates the directory when needed.
    bool open(const QString &eventsDir, quint64 rotateThreshold, QString *error);
    bool append(quint64 seq, QByteArray line, QString *error);
    // Writes what is gathered, flushes the current file to disk (fsync) and closes it.
    bool sync(QString *error);
    void close();

    int filesOpened() const { return m_filesOpened; }
    // The seq of the last line known to be whole in its file (0: none yet). With a block size, lines still
    // gathered or on their way are not counted; after a failed write, the lines before the failure are.
    quint64 lastWrittenSeq() const { return m_lastWrittenSeq; }
    // True right after an append that filled the current file: the next append rotates.
    bool rotationPending() const { return m_fd < 0 && m_filesOpened > 0; }

private:
    struct Written
    {
        QByteArray block;    // emptied, for the next block to gather into
        qsizetype bytes = 0; // written before an error
        QString error;
    };
    // The error, or an empty string; *done: the bytes written.
    static QString writeAll(int fd, const QByteArray &bytes, const QString &dir, qsizetype *done);
    // Hands the gathered block to a worker, once the one before is written.
    bool startWrite(QString *error);
    bool finishWrite(QString *error);

    QString m_dir;
    quint64 m_threshold = DefaultRotateThreshold;
    int m_fd = -1;
    quint64 m_bytesWritten = 0;
    int m_filesOpened = 0;
    bool m_syncOnClose = false;
    qsizetype m_blockSize = 0;
    QByteArray m_block;
    QByteArray m_spare;                 // the block last written, emptied
    std::vector<quint64> m_blockSeqs;   // the seq of each line gathered in m_block
    std::vector<quint64> m_writingSeqs; // and of each line of the block on its way
    quint64 m_lastWrittenSeq = 0;
    QFuture<Written> m_writing;
    bool m_writingBlock = false;
};
