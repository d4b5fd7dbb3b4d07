// SPDX-License-Identifier: MIT
#include "journalindex.h"
#include "journalwriter.h"
#include "testjournal.h"

#include <QTemporaryDir>
#include <QTest>

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
        // /dev/full takes the open and fails every write: the block's failure reaches flush().
        QTemporaryDir dir;
        QVERIFY(QFile::link(QStringLiteral("/dev/full"),
                            QDir(dir.path()).filePath(JournalFileName::forStartSeq(1))));
        JournalWriter writer;
        QString error;
        QVERIFY(writer.open(dir.path(), 1 << 20, &error));
        writer.setBlockSize(1 << 16);
        QVERIFY(writer.append(1, line(1), &error));
        QVERIFY(!writer.flush(&error));
        QVERIFY2(error.contains(QStringLiteral("space")), qPrintable(error));

        // A full block is written by a worker while the next one gathers: its failure reaches the append
        // after it, and the block that append gathered fails at flush().
        JournalWriter eager;
        QVERIFY(eager.open(dir.path(), 1 << 20, &error));
        eager.setBlockSize(1); // every line fills a block
        error.clear();
        QVERIFY(eager.append(1, line(1), &error));
        QVERIFY(!eager.append(2, line(2), &error));
        QVERIFY2(error.contains(QStringLiteral("space")), qPrintable(error));
        error.clear();
        QVERIFY(!eager.flush(&error));
        QVERIFY2(error.contains(QStringLiteral("space")), qPrintable(error));
        error.clear();
        QVERIFY(eager.flush(&error)); // nothing left to write
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
