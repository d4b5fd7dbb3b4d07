// SPDX-License-Identifier: MIT
#include "streamcomparison.h"
#include "testjournal.h"

#include <QTemporaryDir>
#include <QTest>

using namespace TestJournal;

namespace {

FeedFrame eventFrame(quint64 seq, const QByteArray &data)
{
    FeedFrame f;
    f.kind = FeedFrame::Kind::Event;
    f.seq = seq;
    f.hasId = true;
    f.id = QByteArray::number(seq);
    f.data = data;
    return f;
}

QList<FeedFrame> frames(quint64 first, quint64 last)
{
    QList<FeedFrame> out;
    for (quint64 s = first; s <= last; ++s)
        out.append(eventFrame(s, line(s)));
    return out;
}

QStringList kinds(const QList<StreamDifference> &d)
{
    QStringList out;
    for (const StreamDifference &x : d)
        out << QString::fromLatin1(StreamDifference::kindKey(x.kind)) + QLatin1Char(':') +
                   QString::number(x.seq);
    return out;
}

} // namespace

class tst_StreamComparison : public QObject
{
    Q_OBJECT
private slots:
    void equal();
    void missingExtraAndOrder();
    void bytesDifferAtAByte();
    void replayThatStopsEarlyIsMissingEvents();
    void laterEventsAreNotExpected();
    void feedResetAndBadFrames();
    void readThatFailsReplaysNothing();
    void linesTheServerSkipsAreListed();
};

void tst_StreamComparison::equal()
{
    QTemporaryDir dir;
    writeRange(dir.path(), 1, 10);
    writeRange(dir.path(), 11, 20);
    const auto r = StreamComparison::compare(frames(6, 20), dir.path(), 5, 20);
    QVERIFY2(r.equal(), qPrintable(kinds(r.differences).join(QLatin1Char(' '))));
    QCOMPARE(r.identical, 15);
    QCOMPARE(r.fileEvents, 15);
    QCOMPARE(r.streamEvents, 15);
}

void tst_StreamComparison::missingExtraAndOrder()
{
    QTemporaryDir dir;
    writeRange(dir.path(), 1, 10);
    QList<FeedFrame> f = frames(1, 10);
    f.removeAt(3);       // seq 4 missing
    f.swapItemsAt(5, 6); // 7 before 6... (indexes after the removal: seqs 7 and 8)
    f.append(eventFrame(11, line(11)));
    f.insert(0,
             eventFrame(100, line(100))); // not in the files at all: extra, and it raises the compared range
    const auto r = StreamComparison::compare(f, dir.path(), 0, 10);
    QCOMPARE(kinds(r.differences), (QStringList{QStringLiteral("missing:4"), QStringLiteral("extra:100"),
                                                QStringLiteral("order:7"), QStringLiteral("extra:11")}));
}

void tst_StreamComparison::bytesDifferAtAByte()
{
    QTemporaryDir dir;
    writeRange(dir.path(), 1, 3);
    QList<FeedFrame> f = frames(1, 3);
    QByteArray changed = line(2);
    const qsizetype at = changed.indexOf("session_deleted");
    changed[at] = 'S';
    f[1].data = changed;
    const auto r = StreamComparison::compare(f, dir.path(), 0, 3);
    QCOMPARE(kinds(r.differences), QStringList{QStringLiteral("bytes:2")});
    QCOMPARE(r.differences[0].offset, at);
    QVERIFY2(r.differences[0].message.contains(QStringLiteral("at byte %1").arg(at)),
             qPrintable(r.differences[0].message));
    QCOMPARE(r.identical, 2);
    QCOMPARE(StreamComparison::firstDifference("abc", "abd"), 2);
    QCOMPARE(StreamComparison::firstDifference("ab", "abc"), 2);
}

void tst_StreamComparison::replayThatStopsEarlyIsMissingEvents()
{
    QTemporaryDir dir;
    writeRange(dir.path(), 1, 10);
    const auto r = StreamComparison::compare(frames(1, 7), dir.path(), 0, 10);
    QCOMPARE(kinds(r.differences), (QStringList{QStringLiteral("missing:8"), QStringLiteral("missing:9"),
                                                QStringLiteral("missing:10")}));
}

void tst_StreamComparison::laterEventsAreNotExpected()
{
    QTemporaryDir dir;
    writeRange(dir.path(), 1, 10);
    // The files held 1..7 when the replay began; 8..10 came later (live, not in this replay).
    const auto r = StreamComparison::compare(frames(1, 7), dir.path(), 0, 7);
    QVERIFY(r.equal());
    QCOMPARE(*r.compareUpTo, 7u);
}

void tst_StreamComparison::feedResetAndBadFrames()
{
    QTemporaryDir dir;
    writeRange(dir.path(), 10, 12);
    FeedFrame reset;
    reset.kind = FeedFrame::Kind::Reset;
    reset.fromSeq = 5;
    FeedFrame bad;
    bad.kind = FeedFrame::Kind::Invalid;
    bad.problem = QStringLiteral("data is not a journal event");
    const auto r = StreamComparison::compare({bad, reset}, dir.path(), 5, 12);
    QCOMPARE(kinds(r.differences).mid(0, 2),
             (QStringList{QStringLiteral("bad_frame:0"), QStringLiteral("feed_reset:5")}));
    QVERIFY(r.differences[1].message.contains(QLatin1String("oldest seq is 10")));
}

void tst_StreamComparison::readThatFailsReplaysNothing()
{
    QTemporaryDir dir;
    writeRange(dir.path(), 1, 3);
    writeFile(dir.filePath(JournalFileName::forStartSeq(4)), line(4) + "\n\xc3\x28\n");
    // The server sent nothing: still a difference, since its clients miss the events.
    const auto r = StreamComparison::compare({}, dir.path(), 0, std::nullopt);
    QCOMPARE(kinds(r.differences), QStringList{QStringLiteral("read_fails:0")});
    QVERIFY(r.differences[0].message.contains(QLatin1String("events-00000000000000000004.jsonl")));
    QVERIFY(r.differences[0].message.contains(QLatin1String("replays nothing")));
}

void tst_StreamComparison::linesTheServerSkipsAreListed()
{
    QTemporaryDir dir;
    QByteArray badTs = line(2);
    badTs.replace("2026-11-20T09:00:01.572000931Z", "yesterday");
    writeFile(dir.filePath(JournalFileName::forStartSeq(1)),
              line(1) + "\nnot json\n" + badTs + '\n' + line(3) + '\n');
    QList<FeedFrame> f = frames(1, 3);
    f.removeAt(1);
    const auto r = StreamComparison::compare(f, dir.path(), 0, 3);
    QVERIFY2(r.equal(), qPrintable(kinds(r.differences).join(QLatin1Char(' '))));
    QCOMPARE(r.skipped.size(), 2);
    QStringList messages;
    for (const StreamDifference &d : r.skipped)
        messages << d.message;
    const QString all = messages.join(QLatin1Char('\n'));
    QVERIFY2(all.contains(QLatin1String("seq 2")) && all.contains(QLatin1String("ts is not RFC 3339")),
             qPrintable(all));
    QVERIFY(all.contains(QLatin1String("line 2")));
}

QTEST_GUILESS_MAIN(tst_StreamComparison)
#include "tst_streamcomparison.moc"
