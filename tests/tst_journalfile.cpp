// SPDX-License-Identifier: MIT
#include "journalfile.h"
#include "testjournal.h"

#include <QTemporaryDir>
#include <QTest>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace TestJournal;

class tst_JournalFile : public QObject
{
    Q_OBJECT
private slots:
    void opensOnlyRegularFiles();
    void fifoNeverBlocks();
    void readsAtOffsetsAndStopsAtTheEnd();
    void moveKeepsTheDescriptor();
    void windowReadsLinesInOrderAndOutOfOrder();
    void windowStaysWithinItsLimit();
    void windowFailsForGoodOnceTheFileShrank();
    void windowOfAMissingFileFails();
    void blockReaderSplitsLinesAcrossBlocks();
    void blockReaderGrowsForALineLongerThanTheBlock();
    void blockReaderResumesFromAnOffset();
};

namespace {

QByteArray encoded(const QString &path)
{
    return QFile::encodeName(path);
}

} // namespace

void tst_JournalFile::opensOnlyRegularFiles()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("events-1.jsonl"));
    writeFile(file, "abc\n");
    JournalFile f(encoded(file));
    QVERIFY(f.isOpen());
    QCOMPARE(f.error(), 0);
    QCOMPARE(qint64(f.status().st_size), qint64(4));

    QVERIFY(!f.open(encoded(dir.filePath(QStringLiteral("missing.jsonl")))));
    QVERIFY(!f.isOpen());
    QCOMPARE(f.error(), ENOENT);
    QVERIFY(!f.errorText().isEmpty());

    QVERIFY(!f.open(encoded(dir.path())));
    QCOMPARE(f.error(), EISDIR);

    QVERIFY(!f.open(QByteArrayLiteral("/dev/null")));
    QCOMPARE(f.error(), ENODEV);
    QCOMPARE(f.errorText(), QStringLiteral("not a regular file"));
    char c = 0;
    QCOMPARE(f.read(0, &c, 1), qint64(-1));
}

void tst_JournalFile::fifoNeverBlocks()
{
    QTemporaryDir dir;
    const QByteArray fifo = encoded(dir.filePath(QStringLiteral("events-2.jsonl")));
    QCOMPARE(::mkfifo(fifo.constData(), 0600), 0);
    // Without O_NONBLOCK this open would wait for a writer forever.
    JournalFile f(fifo);
    QVERIFY(!f.isOpen());
    QCOMPARE(f.error(), ENODEV);
    LineWindow window(fifo);
    QVERIFY(!window.line(0, 10));
    QVERIFY(window.failed());
}

void tst_JournalFile::readsAtOffsetsAndStopsAtTheEnd()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("events-1.jsonl"));
    writeFile(file, "0123456789");
    const JournalFile f(encoded(file));
    char buffer[16] = {};
    QCOMPARE(f.read(3, buffer, 4), qint64(4));
    QCOMPARE(QByteArray(buffer, 4), QByteArray("3456"));
    QCOMPARE(f.read(8, buffer, 16), qint64(2));
    QCOMPARE(QByteArray(buffer, 2), QByteArray("89"));
    QCOMPARE(f.read(10, buffer, 16), qint64(0));
    QVERIFY(f.readExactly(0, buffer, 10));
    QVERIFY(!f.readExactly(5, buffer, 6));
}

void tst_JournalFile::moveKeepsTheDescriptor()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("events-1.jsonl"));
    writeFile(file, "xyz");
    JournalFile a(encoded(file));
    const int fd = a.descriptor();
    JournalFile b(std::move(a));
    QVERIFY(!a.isOpen()); // NOLINT(bugprone-use-after-move): moved-from is closed, by contract
    QCOMPARE(b.descriptor(), fd);
    JournalFile c;
    c = std::move(b);
    QCOMPARE(c.descriptor(), fd);
    char buffer[3];
    QVERIFY(c.readExactly(0, buffer, 3));
    c.close();
    QVERIFY(!c.isOpen());
    // The descriptor went back to the system: nothing refers to it any more.
    QCOMPARE(::fcntl(fd, F_GETFD), -1);
}

void tst_JournalFile::windowReadsLinesInOrderAndOutOfOrder()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("events-1.jsonl"));
    writeFile(file, "aaaa\nbbbbbb\ncc\n");
    LineWindow::Options options;
    options.window = 6; // smaller than the file: the window moves
    options.padding = 64;
    LineWindow window(encoded(file), options);
    QCOMPARE(window.line(0, 4).value(), std::string_view("aaaa"));
    const quint64 first = window.generation();
    QCOMPARE(window.line(5, 6).value(), std::string_view("bbbbbb")); // past the window: it moves
    QVERIFY(window.generation() != first);
    QCOMPARE(window.line(12, 2).value(), std::string_view("cc"));
    QCOMPARE(window.line(0, 4).value(), std::string_view("aaaa")); // backwards: read again
    QVERIFY(!window.failed());
}

void tst_JournalFile::windowStaysWithinItsLimit()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("events-1.jsonl"));
    writeFile(file, "aaaa\nbbbb\ncccc\n");
    LineWindow::Options options;
    options.limit = 9;
    std::vector<char> buffer;
    options.buffer = &buffer;
    LineWindow window(encoded(file), options);
    QCOMPARE(window.line(0, 4).value(), std::string_view("aaaa"));
    QCOMPARE(window.from(0), std::string_view("aaaa\nbbbb")); // not a byte past the limit
    QVERIFY(buffer.size() >= 9);                              // read into the buffer given
}

void tst_JournalFile::windowFailsForGoodOnceTheFileShrank()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("events-1.jsonl"));
    writeFile(file, "aaaa\nbbbb\n");
    LineWindow::Options options;
    options.window = 5;
    LineWindow window(encoded(file), options);
    QVERIFY(window.line(0, 4));
    QCOMPARE(::truncate(encoded(file).constData(), 5), 0);
    QVERIFY(!window.line(5, 4));
    QVERIFY(window.failed());
    QVERIFY(!window.line(0, 4)); // even a line that is still there: the index must rescan the file first
}

void tst_JournalFile::windowOfAMissingFileFails()
{
    QTemporaryDir dir;
    LineWindow window(encoded(dir.filePath(QStringLiteral("gone.jsonl"))));
    QVERIFY(!window.line(0, 1));
    QVERIFY(window.failed());
    QCOMPARE(window.file().error(), ENOENT);
}

void tst_JournalFile::blockReaderSplitsLinesAcrossBlocks()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("events-1.jsonl"));
    writeFile(file, "one\ntwo\nthree\r\n\nfour");
    const JournalFile f(encoded(file));
    BlockLineReader reader(f, 0, 5, 64);
    QList<QPair<QByteArray, quint64>> lines;
    size_t total = 0;
    while (reader.next([&](const char *data, size_t size, quint64 offset) {
        lines.append({QByteArray(data, qsizetype(size)), offset});
    }))
        total += reader.lastRead();
    QCOMPARE(reader.error(), 0);
    const QList<QPair<QByteArray, quint64>> expected = {{"one", 0}, {"two", 4}, {"three\r", 8}, {"", 15}};
    QCOMPARE(lines, expected);
    QCOMPARE(reader.offset(), quint64(16));
    QCOMPARE(reader.rest(), std::string_view("four"));
    QCOMPARE(total, size_t(20));
}

void tst_JournalFile::blockReaderGrowsForALineLongerThanTheBlock()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("events-1.jsonl"));
    const QByteArray big(100000, 'x');
    writeFile(file, "a\n" + big + "\nb\n");
    const JournalFile f(encoded(file));
    BlockLineReader reader(f, 0, 16, 64);
    QList<qsizetype> sizes;
    while (reader.next([&](const char *, size_t size, quint64) { sizes.append(qsizetype(size)); })) {
    }
    QCOMPARE(sizes, (QList<qsizetype>{1, 100000, 1}));
    QVERIFY(reader.rest().empty());
}

void tst_JournalFile::blockReaderResumesFromAnOffset()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("events-1.jsonl"));
    writeFile(file, "skip\nkeep\n");
    const JournalFile f(encoded(file));
    BlockLineReader reader(f, 5, 1 << 20, 0);
    QList<quint64> offsets;
    while (reader.next([&](const char *, size_t, quint64 offset) { offsets.append(offset); })) {
    }
    QCOMPARE(offsets, QList<quint64>{5});
    QCOMPARE(reader.offset(), quint64(10));
}

QTEST_GUILESS_MAIN(tst_JournalFile)
#include "tst_journalfile.moc"
