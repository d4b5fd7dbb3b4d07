// SPDX-License-Identifier: MIT
#include "filescanner.h"
#include "testjournal.h"

#include <QTemporaryDir>
#include <QTest>

#include <numeric>

#include <sys/stat.h>

using namespace TestJournal;

class tst_FileScanner : public QObject
{
    Q_OBJECT
private slots:
    void eventsAndOffsets();
    void recordOffsetsPastFourGiB();
    void tornTailAndUnterminatedEvent();
    void malformedLinesReported();
    void invalidUtf8Noted();
    void linesLongerThanTheBlock();
    void resumesFromOffset();
    void stopsAtALineEndAfterMaxBytes();
    void keepsLinesWhenAsked();
    void aFileRewrittenInPlaceIsScannedFromItsStart();
    void neverOpensFifos();
    void vanishedFile();
    void cancelStops();
    void seqRangePassesOverOtherLines();
};

namespace {

JournalEntry entryFor(const QString &path)
{
    JournalEntry e;
    e.name = QFileInfo(path).fileName();
    e.path = QFile::encodeName(path);
    JournalDirectory::restat(&e);
    return e;
}

} // namespace

void tst_FileScanner::recordOffsetsPastFourGiB()
{
    // A record is 32 bytes: the offset's bits 32 to 35 live in the flags, which keep their own bits.
    QCOMPARE(sizeof(EventRecord), size_t(32));
    EventRecord r;
    r.flags = EventRecord::CarriageReturn | EventRecord::BadTimestamp;
    for (const quint64 offset : {quint64(0), quint64(4294967295U), quint64(4294967296ULL),
                                 quint64(0xabcdef123ULL), EventRecord::MaxOffset}) {
        r.setOffset(offset);
        QCOMPARE(r.offset(), offset);
        QCOMPARE(int(r.lineFlags()), int(EventRecord::CarriageReturn | EventRecord::BadTimestamp));
    }
    r.flags |= EventRecord::DuplicateSeq;
    r.flags &= ~EventRecord::BadTimestamp;
    QCOMPARE(r.offset(), EventRecord::MaxOffset);
    QCOMPARE(int(r.lineFlags()), int(EventRecord::CarriageReturn | EventRecord::DuplicateSeq));
    QVERIFY(!r.serverSkips());
}

void tst_FileScanner::eventsAndOffsets()
{
    QTemporaryDir dir;
    const QByteArray l1 = line(1), l2 = line(2);
    const QString path = dir.filePath(QStringLiteral("events-1.jsonl"));
    writeFile(path, l1 + "\n\n" + l2 + "\r\n");
    const FileScan scan = FileScanner::scan(entryFor(path));
    QVERIFY(scan.error.isEmpty());
    QCOMPARE(scan.records.size(), size_t(2));
    QCOMPARE(scan.records[0].offset(), quint64(0));
    QCOMPARE(scan.records[0].length, quint32(l1.size()));
    QCOMPARE(scan.records[1].offset(), quint64(l1.size() + 2));
    QCOMPARE(scan.records[1].length, quint32(l2.size()));
    QVERIFY(scan.records[1].flags & EventRecord::CarriageReturn);
    QCOMPARE(scan.lines, quint64(3));
    QCOMPARE(scan.emptyLines, quint64(1));
    QCOMPARE(scan.resumeOffset, quint64(l1.size() + 2 + l2.size() + 2));
    QVERIFY(!scan.tornTail);
}

void tst_FileScanner::tornTailAndUnterminatedEvent()
{
    const QByteArray l1 = line(1);
    FileScan torn = FileScanner::scanBytes(l1 + "\n{\"seq\":2,\"ts\":\"bro");
    QCOMPARE(torn.records.size(), size_t(1));
    QVERIFY(torn.tornTail);
    QCOMPARE(torn.tornOffset, quint64(l1.size() + 1));
    QCOMPARE(torn.tornLength, quint64(18));
    QCOMPARE(torn.resumeOffset, quint64(l1.size() + 1));
    QVERIFY(torn.malformed.empty()); // a torn tail is reported once, as a torn tail

    // The unterminated last segment is a line when it parses.
    FileScan whole = FileScanner::scanBytes(l1 + '\n' + line(2));
    QCOMPARE(whole.records.size(), size_t(2));
    QVERIFY(whole.records[1].flags & EventRecord::Unterminated);
    QVERIFY(!whole.tornTail);
    QCOMPARE(whole.resumeOffset, quint64(l1.size() + 1));
}

void tst_FileScanner::malformedLinesReported()
{
    const QByteArray bytes = line(1) + "\nnot json\n" + QByteArray(10, '\0') + "\n" + line(2) + "\n";
    const FileScan scan = FileScanner::scanBytes(bytes);
    QCOMPARE(scan.records.size(), size_t(2));
    QCOMPARE(scan.malformed.size(), size_t(2));
    QCOMPARE(scan.malformed[0].line, quint64(2));
    QCOMPARE(scan.malformed[0].offset, quint64(line(1).size() + 1));
    QCOMPARE(scan.malformed[1].line, quint64(3));
    QVERIFY(!scan.invalidUtf8);
}

void tst_FileScanner::invalidUtf8Noted()
{
    const QByteArray bytes = line(1) + "\n\xff\xfe garbage\n" + line(2) + "\n";
    const FileScan scan = FileScanner::scanBytes(bytes);
    QVERIFY(scan.invalidUtf8);
    QCOMPARE(scan.invalidUtf8Offset, quint64(line(1).size() + 1));
    QCOMPARE(scan.records.size(), size_t(2));
}

void tst_FileScanner::linesLongerThanTheBlock()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("events-1.jsonl"));
    const QByteArray big =
        R"({"seq":2,"ts":"2026-11-20T09:00:01Z","session_id":"s","event":{"type":"message_appended","content":")" +
        QByteArray(3 << 20, 'y') + "\"}}";
    writeFile(path, line(1) + '\n' + big + '\n' + line(3) + '\n');
    FileScanner::Options options;
    options.blockSize = 4096; // force many refills and growth
    const FileScan scan = FileScanner::scan(entryFor(path), 0, 1, options);
    QCOMPARE(scan.records.size(), size_t(3));
    QCOMPARE(scan.records[1].length, quint32(big.size()));
    QCOMPARE(scan.records[2].seq, quint64(3));
}

void tst_FileScanner::stopsAtALineEndAfterMaxBytes()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("events-1.jsonl"));
    QByteArray bytes;
    for (quint64 s = 1; s <= 40; ++s)
        bytes += line(s) + '\n';
    bytes += line(41); // unterminated: looked at only by the scan that reaches the end
    writeFile(path, bytes);
    FileScanner::Options options;
    options.blockSize = 512;
    options.maxBytes = 1000;
    std::vector<quint64> seqs;
    quint64 from = 0;
    quint64 lineNo = 1;
    int scans = 0;
    for (;; ++scans) {
        QVERIFY(scans < 40);
        const FileScan scan = FileScanner::scan(entryFor(path), from, lineNo, options);
        QVERIFY(scan.error.isEmpty());
        for (const EventRecord &r : scan.records) {
            QVERIFY(r.seq == 41 || !(r.flags & EventRecord::Unterminated));
            seqs.push_back(r.seq);
        }
        QVERIFY(scan.resumeOffset > from || !scan.stoppedEarly);
        if (scan.stoppedEarly) {
            QCOMPARE(scan.sizeSeen, scan.resumeOffset); // nothing after it was looked at
            QVERIFY(scan.resumeOffset - from < options.maxBytes + options.blockSize);
            QCOMPARE(bytes.at(qsizetype(scan.resumeOffset) - 1), '\n');
        } else {
            QCOMPARE(scan.sizeSeen, quint64(bytes.size()));
            break;
        }
        from = scan.resumeOffset;
        lineNo += scan.lines;
    }
    QVERIFY(scans >= bytes.size() / (qsizetype(options.maxBytes) + line(1).size() + 1)); // stopped ones
    std::vector<quint64> expected(41);
    std::iota(expected.begin(), expected.end(), 1);
    QCOMPARE(seqs, expected);
}

// Truncated and written again past its old size between two looks: the size alone says it grew, but the old
// resume offset now falls inside a line.
void tst_FileScanner::aFileRewrittenInPlaceIsScannedFromItsStart()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("events-1.jsonl"));
    writeFile(path, line(1) + '\n' + line(2) + '\n');
    const FileScan first = FileScanner::scan(entryFor(path));
    QVERIFY(!first.restarted);
    writeFile(path, line(4, "session_deleted", "a-longer-session-id") + '\n' +
                        line(5, "session_deleted", "a-longer-session-id") + '\n' + line(6) + '\n');
    const FileScan again = FileScanner::scan(entryFor(path), first.resumeOffset, first.lines + 1);
    QVERIFY(again.restarted);
    QCOMPARE(again.startOffset, quint64(0));
    QCOMPARE(again.records.size(), qsizetype(3));
    QCOMPARE(again.records[0].seq, quint64(4));
    QCOMPARE(again.records[0].offset(), quint64(0));
    QCOMPARE(again.lines, quint64(3));
    appendFile(path, line(7) + '\n'); // an ordinary append resumes
    FileScanner::Options options;
    options.lastLine = again.lastLine;
    QCOMPARE(again.lastLine.offset, quint64(again.records[2].offset()));
    const FileScan more = FileScanner::scan(entryFor(path), again.resumeOffset, 4, options);
    QVERIFY(!more.restarted);
    QCOMPARE(more.records.size(), qsizetype(1));
    QCOMPARE(more.records[0].seq, quint64(7));

    // Rewritten with lines as long as before, so a newline still stands before the old offset: the head of
    // the last line read tells the difference, whether the file is longer now or as long as before.
    for (const quint64 last : {49, 29}) {
        QByteArray bytes, rewrite;
        for (quint64 s = 10; s <= 19; ++s)
            bytes += line(s) + '\n';
        for (quint64 s = 20; s <= last; ++s)
            rewrite += line(s) + '\n';
        writeFile(path, bytes);
        const FileScan read = FileScanner::scan(entryFor(path));
        writeFile(path, rewrite);
        options.lastLine = read.lastLine;
        const FileScan after = FileScanner::scan(entryFor(path), read.resumeOffset, read.lines + 1, options);
        QVERIFY(after.restarted);
        QCOMPARE(after.records.size(), qsizetype(last - 19));
        QCOMPARE(after.records[0].seq, quint64(20));
        options.lastLine = {};
        QCOMPARE(FileScanner::scan(entryFor(path), read.resumeOffset, read.lines + 1, options).restarted,
                 false);
    }
}

void tst_FileScanner::keepsLinesWhenAsked()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("events-1.jsonl"));
    writeFile(path, line(1) + "\r\n" + "not json\n" + line(2) + '\n' + line(3));
    QVERIFY(FileScanner::scan(entryFor(path)).lineBytes.isEmpty());
    FileScanner::Options options;
    options.keepLines = true;
    const FileScan scan = FileScanner::scan(entryFor(path), 0, 1, options);
    QCOMPARE(scan.records.size(), qsizetype(3));
    QCOMPARE(scan.lineBytes, (QList<QByteArray>{line(1), line(2), line(3)}));
}

void tst_FileScanner::resumesFromOffset()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("events-1.jsonl"));
    writeFile(path, line(1) + '\n');
    const FileScan first = FileScanner::scan(entryFor(path));
    appendFile(path, line(2) + '\n' + line(3) + '\n');
    const FileScan more = FileScanner::scan(entryFor(path), first.resumeOffset, first.lines + 1);
    QCOMPARE(more.records.size(), size_t(2));
    QCOMPARE(more.records[0].seq, quint64(2));
    QCOMPARE(more.records[0].offset(), quint64(line(1).size() + 1));
}

void tst_FileScanner::neverOpensFifos()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("events-1.jsonl"));
    QCOMPARE(::mkfifo(QFile::encodeName(path).constData(), 0600), 0);
    const FileScan scan = FileScanner::scan(entryFor(path)); // must return, not block
    QVERIFY(!scan.error.isEmpty());
    QVERIFY(scan.records.empty());
}

void tst_FileScanner::vanishedFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("events-1.jsonl"));
    writeFile(path, line(1) + '\n');
    const JournalEntry entry = entryFor(path);
    QVERIFY(QFile::remove(path));
    const FileScan scan = FileScanner::scan(entry);
    QVERIFY(scan.error.contains(QStringLiteral("No such file")));
}

void tst_FileScanner::cancelStops()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("events-1.jsonl"));
    writeRange(dir.path(), 1, 1000);
    std::atomic_bool cancel{true};
    FileScanner::Options options;
    options.cancel = &cancel;
    const FileScan scan =
        FileScanner::scan(entryFor(dir.filePath(JournalFileName::forStartSeq(1))), 0, 1, options);
    QVERIFY(scan.cancelled);
    QVERIFY(scan.records.empty());
}

void tst_FileScanner::seqRangePassesOverOtherLines()
{
    QTemporaryDir dir;
    // Lines out of the server's compact form are parsed whatever their seq, so nothing in range is lost.
    const QByteArray spaced = R"({ "seq": 7, "ts": "2026-11-20T09:00:01Z", "event": {"type": "error"}})";
    const QString path = dir.filePath(QStringLiteral("events-1.jsonl"));
    writeFile(path, line(1) + '\n' + line(5) + '\n' + spaced + '\n' + line(6) + '\n' + line(9) +
                        "\n{\"seq\":2,\n{\"seq\":6,broken\n");
    FileScanner::Options options;
    options.seqFrom = 5;
    options.seqTo = 7;
    const FileScan scan = FileScanner::scan(entryFor(path), 0, 1, options);
    QCOMPARE(scan.records.size(), size_t(3));
    QCOMPARE(scan.records[0].seq, quint64(5));
    QCOMPARE(scan.records[1].seq, quint64(7));
    QCOMPARE(scan.records[2].seq, quint64(6));
    QCOMPARE(scan.lines, quint64(7));
    // Out of range lines are passed over unparsed, malformed or not; those in range are judged.
    QCOMPARE(scan.malformed.size(), size_t(1));
}

QTEST_GUILESS_MAIN(tst_FileScanner)
#include "tst_filescanner.moc"
