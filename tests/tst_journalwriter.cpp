// SPDX-License-Identifier: MIT
#include "journalindex.h"
#include "journalwriter.h"
#include "testjournal.h"

#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <sys/resource.h>
#include <sys/stat.h>

using namespace TestJournal;

namespace {

QByteArray contents(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("(unreadable)");
}

} // namespace

class tst_JournalWriter : public QObject
{
    Q_OBJECT
private slots:
    void rotatesLikeTheServer()
    {
        // Threshold 1: every append rotates, so each event gets its own file named by its seq (seed test).
        QTemporaryDir dir;
        JournalWriter writer;
        QString error;
        QVERIFY(writer.open(dir.path(), 1, &error));
        for (quint64 s = 1; s <= 4; ++s)
            QVERIFY(writer.append(s, line(s), &error));
        QCOMPARE(writer.filesOpened(), 4);
        QVERIFY(writer.rotationPending());
        const QStringList names = QDir(dir.path()).entryList(QDir::Files, QDir::Name);
        QCOMPARE(names.first(), JournalFileName::forStartSeq(1));
        QCOMPARE(names.last(), JournalFileName::forStartSeq(4));
    }

    void rollsOnceThresholdReached()
    {
        QTemporaryDir dir;
        JournalWriter writer;
        QString error;
        const quint64 lineBytes = quint64(line(1).size()) + 1;
        QVERIFY(writer.open(dir.path(), lineBytes * 3, &error));
        for (quint64 s = 1; s <= 7; ++s)
            QVERIFY(writer.append(s, line(s), &error));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files, QDir::Name),
                 (QStringList{JournalFileName::forStartSeq(1), JournalFileName::forStartSeq(4),
                              JournalFileName::forStartSeq(7)}));
        const JournalIndex index = JournalIndex::build(dir.path());
        QCOMPARE(index.eventCount(), qint64(7));
    }

    void blocksWriteTheSameFiles()
    {
        // Lines gathered in blocks end up in the same files, byte for byte, as lines written one by one:
        // each block goes out before its file rotates, and the last one at flush.
        QTemporaryDir one, blocks;
        JournalWriter a, b;
        QString error;
        const quint64 lineBytes = quint64(line(1).size()) + 1;
        QVERIFY(a.open(one.path(), lineBytes * 5, &error));
        QVERIFY(b.open(blocks.path(), lineBytes * 5, &error));
        b.setBlockSize(qsizetype(lineBytes * 2));
        for (quint64 s = 1; s <= 23; ++s) {
            QVERIFY(a.append(s, line(s), &error));
            QVERIFY(b.append(s, line(s), &error));
        }
        // Until flushed, the last line of the open file is still gathered (the block before it may still be
        // on its way).
        const QString last = JournalFileName::forStartSeq(21);
        QVERIFY(QFileInfo(QDir(blocks.path()).filePath(last)).size() <=
                line(21).size() + line(22).size() + 2);
        QVERIFY(b.flush(&error));
        QCOMPARE(QFileInfo(QDir(blocks.path()).filePath(last)).size(),
                 line(21).size() + line(22).size() + line(23).size() + 3);
        a.close();
        b.close();
        const QStringList names = QDir(one.path()).entryList(QDir::Files, QDir::Name);
        QCOMPARE(names.size(), 5);
        QCOMPARE(QDir(blocks.path()).entryList(QDir::Files, QDir::Name), names);
        for (const QString &name : names)
            QCOMPARE(contents(QDir(blocks.path()).filePath(name)), contents(QDir(one.path()).filePath(name)));
    }

    void blockFailureIsReported()
    {
        // Writes past RLIMIT_FSIZE fail (EFBIG, with SIGXFSZ ignored): each file takes three lines and half
        // of a fourth.
        const qsizetype lineBytes = line(1).size() + 1;
        QCOMPARE(line(9).size() + 1, lineBytes);
        rlimit old{};
        QCOMPARE(::getrlimit(RLIMIT_FSIZE, &old), 0);
        const auto oldHandler = std::signal(SIGXFSZ, SIG_IGN);
        rlimit small = old;
        small.rlim_cur = rlim_t(lineBytes * 3 + lineBytes / 2);
        QCOMPARE(::setrlimit(RLIMIT_FSIZE, &small), 0);
        const auto restore = qScopeGuard([&] {
            ::setrlimit(RLIMIT_FSIZE, &old);
            std::signal(SIGXFSZ, oldHandler);
        });
        QString error;

        // One block: its failure reaches flush(), and the lines before it count as written.
        QTemporaryDir one;
        JournalWriter writer;
        QVERIFY(writer.open(one.path(), 1 << 20, &error));
        writer.setBlockSize(1 << 16);
        for (quint64 s = 1; s <= 5; ++s)
            QVERIFY(writer.append(s, line(s), &error));
        QCOMPARE(writer.lastWrittenSeq(), quint64(0)); // all still gathered
        QVERIFY(!writer.flush(&error));
        QVERIFY2(error.contains(QStringLiteral("too large")), qPrintable(error));
        QCOMPARE(writer.lastWrittenSeq(), quint64(3));

        // A full block is written by a worker while the next one gathers: its failure reaches the append
        // after it, and the block that append gathered fails at flush().
        QTemporaryDir two;
        JournalWriter eager;
        QVERIFY(eager.open(two.path(), 1 << 20, &error));
        eager.setBlockSize(1); // every line fills a block
        for (quint64 s = 1; s <= 4; ++s)
            QVERIFY(eager.append(s, line(s), &error));
        error.clear();
        QVERIFY(!eager.append(5, line(5), &error));
        QVERIFY2(error.contains(QStringLiteral("too large")), qPrintable(error));
        QCOMPARE(eager.lastWrittenSeq(), quint64(3));
        error.clear();
        QVERIFY(!eager.flush(&error));
        QVERIFY2(error.contains(QStringLiteral("too large")), qPrintable(error));
        error.clear();
        QVERIFY(eager.flush(&error)); // nothing left to write
        QCOMPARE(eager.lastWrittenSeq(), quint64(3));

        // One write per line, as the server: the line that fails is not counted.
        QTemporaryDir three;
        JournalWriter plain;
        QVERIFY(plain.open(three.path(), 1 << 20, &error));
        for (quint64 s = 1; s <= 3; ++s)
            QVERIFY(plain.append(s, line(s), &error));
        QCOMPARE(plain.lastWrittenSeq(), quint64(3));
        QVERIFY(!plain.append(4, line(4), &error));
        QCOMPARE(plain.lastWrittenSeq(), quint64(3));
    }

    void nextFileMustBeRegular()
    {
        // Something other than a file where the next file goes (a FIFO nobody reads, a device) is refused at
        // once: the writer must not wait for a reader, nor write into a device.
        QTemporaryDir dir;
        const QString fifo = QDir(dir.path()).filePath(JournalFileName::forStartSeq(3));
        QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0644), 0);
        QVERIFY(QFile::link(QStringLiteral("/dev/null"),
                            QDir(dir.path()).filePath(JournalFileName::forStartSeq(5))));
        const quint64 lineBytes = quint64(line(1).size()) + 1;
        JournalWriter writer;
        QString error;
        QVERIFY(writer.open(dir.path(), lineBytes * 2, &error));
        QVERIFY(writer.append(1, line(1), &error));
        QVERIFY(writer.append(2, line(2), &error)); // the file is full: the next append rotates
        QVERIFY(!writer.append(3, line(3), &error));
        QVERIFY2(error.contains(fifo) && error.contains(QStringLiteral("not a regular file")),
                 qPrintable(error));
        error.clear();
        JournalWriter second;
        QVERIFY(second.open(dir.path(), lineBytes * 2, &error));
        QVERIFY(!second.append(5, line(5), &error));
        QVERIFY2(error.contains(QStringLiteral("not a regular file")), qPrintable(error));
        QCOMPARE(second.lastWrittenSeq(), quint64(0));
    }

    void unwritableDirectory()
    {
        JournalWriter writer;
        QString error;
        QVERIFY(!writer.open(QStringLiteral("/proc/no-such-dir"), 10, &error));
        QVERIFY(!error.isEmpty());
    }
};

QTEST_GUILESS_MAIN(tst_JournalWriter)
#include "tst_journalwriter.moc"
