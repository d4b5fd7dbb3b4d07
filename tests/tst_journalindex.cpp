// SPDX-License-Identifier: MIT
#include "journalindex.h"
#include "journalsimulator.h"
#include "testjournal.h"
#include "timestamp.h"

#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace TestJournal;

namespace {

std::vector<quint64> seqs(const JournalIndex &index)
{
    std::vector<quint64> out;
    for (qint64 row = 0; row < index.eventCount(); ++row)
        out.push_back(index.record(row).seq);
    return out;
}

std::vector<quint64> range(quint64 a, quint64 b)
{
    std::vector<quint64> out;
    for (quint64 s = a; s <= b; ++s)
        out.push_back(s);
    return out;
}

} // namespace

class tst_JournalIndex : public QObject
{
    Q_OBJECT
private slots:
    void buildsAcrossFilesInOrder()
    {
        QTemporaryDir dir;
        writeRange(dir.path(), 1, 10);
        writeRange(dir.path(), 11, 25);
        writeRange(dir.path(), 26, 26);
        std::atomic<qint64> lastDone{0};
        JournalIndex::Options options;
        options.progress = [&](qint64 done, qint64) {
            lastDone = done;
        };
        const JournalIndex index = JournalIndex::build(dir.path(), options);
        QCOMPARE(index.files().size(), 3);
        QCOMPARE(index.eventCount(), qint64(26));
        QCOMPARE(seqs(index), range(1, 26));
        QCOMPARE(index.fileOfRow(10), 1);
        QCOMPARE(index.fileOfRow(25), 2);
        QCOMPARE(index.oldestSeq().value(), quint64(1));
        QCOMPARE(index.maxSeq().value(), quint64(26));
        QCOMPARE(lastDone.load(), index.byteCount());
        QCOMPARE(index.types().text(index.record(0).type), QStringLiteral("session_deleted"));
        QCOMPARE(index.sessions().text(index.record(0).session), QStringLiteral("s1"));
    }

    void emptyFilesAndRows()
    {
        QTemporaryDir dir;
        writeFile(dir.filePath(QStringLiteral("events-1.jsonl")), {});
        writeRange(dir.path(), 5, 6);
        writeFile(dir.filePath(QStringLiteral("events-9.jsonl")), {});
        const JournalIndex index = JournalIndex::build(dir.path());
        QCOMPARE(index.eventCount(), qint64(2));
        QCOMPARE(index.fileOfRow(0), 1);
        QCOMPARE(index.fileOfRow(1), 1);
    }

    void seqAnomalies()
    {
        QTemporaryDir dir;
        writeFile(dir.filePath(QStringLiteral("events-1.jsonl")), line(1) + '\n' + line(2) + '\n' + line(5) +
                                                                      '\n' + line(4) + '\n' + line(5) + '\n' +
                                                                      line(6) + '\n');
        const JournalIndex index = JournalIndex::build(dir.path());
        QCOMPARE(index.eventCount(), qint64(6));
        QCOMPARE(int(index.record(1).flags), 0);
        QVERIFY(index.record(2).flags & EventRecord::GapBefore);
        QVERIFY(index.record(3).flags & EventRecord::OutOfOrderSeq);
        QVERIFY(index.record(4).flags & EventRecord::DuplicateSeq);
        QVERIFY(!(index.record(4).flags & EventRecord::OutOfOrderSeq));
        QCOMPARE(int(index.record(5).flags), 0);
        QCOMPARE(index.anomalyCount(), qint64(3)); // the gap, the disorder and the duplicate
    }

    void updateAppendsOnlyNewBytes()
    {
        QTemporaryDir dir;
        const QString path = writeRange(dir.path(), 1, 3);
        JournalIndex index = JournalIndex::build(dir.path());
        appendFile(path, line(4) + "\n{\"seq\":5,\"ts\"");
        JournalIndex::Update u = index.update(JournalDirectory::list(dir.path()));
        QCOMPARE(u.appendedEvents, qint64(1));
        QVERIFY(index.files()[0].tornTail);
        appendFile(path, ":\"2026-11-20T09:00:01Z\",\"event\":{\"type\":\"error\"}}\n");
        u = index.update(JournalDirectory::list(dir.path()));
        QCOMPARE(u.appendedEvents, qint64(1));
        QVERIFY(!index.files()[0].tornTail);
        QCOMPARE(seqs(index), range(1, 5));
        QCOMPARE(index.files()[0].lines, quint64(5));
    }

    void updateUnterminatedEventIsNotDoubled()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("events-1.jsonl"));
        writeFile(path, line(1) + '\n' + line(2)); // 2 parses but has no newline yet
        JournalIndex index = JournalIndex::build(dir.path());
        QCOMPARE(index.eventCount(), qint64(2));
        appendFile(path, "\n" + line(3) + '\n');
        index.update(JournalDirectory::list(dir.path()));
        QCOMPARE(seqs(index), range(1, 3));
    }

    void updateRotationPruneTruncation()
    {
        QTemporaryDir dir;
        const QString first = writeRange(dir.path(), 1, 5);
        const QString second = writeRange(dir.path(), 6, 8);
        JournalIndex index = JournalIndex::build(dir.path());
        // Rotation: a new file appears.
        writeRange(dir.path(), 9, 9);
        JournalIndex::Update u = index.update(JournalDirectory::list(dir.path()));
        QCOMPARE(u.addedFiles, QList<int>{2});
        QCOMPARE(u.appendedEvents, qint64(1));
        // Prune: the oldest goes.
        QVERIFY(QFile::remove(first));
        u = index.update(JournalDirectory::list(dir.path()));
        QCOMPARE(u.removedFiles, QList<int>{0});
        QCOMPARE(seqs(index), range(6, 9));
        // Truncation: the file is rewritten shorter.
        writeFile(second, line(6) + '\n');
        u = index.update(JournalDirectory::list(dir.path()));
        QCOMPARE(u.rescannedFiles, QList<int>{0});
        QCOMPARE(seqs(index), (std::vector<quint64>{6, 9}));
        // Replacement: same name, new inode, same size or larger.
        const QString tmp = dir.filePath(QStringLiteral("tmp"));
        writeFile(tmp, line(7) + '\n' + line(8) + '\n');
        QVERIFY(::rename(QFile::encodeName(tmp).constData(), QFile::encodeName(second).constData()) == 0);
        u = index.update(JournalDirectory::list(dir.path()));
        QCOMPARE(u.rescannedFiles, QList<int>{0});
        QCOMPARE(seqs(index), (std::vector<quint64>{7, 8, 9}));
    }

    void aByteBudgetReadsInJournalOrderOverSteps()
    {
        // A follower's steps stay bounded: the files are read in journal order until the budget is spent,
        // and the rest in later steps, ending where one unbounded update ends.
        QTemporaryDir dir;
        const QString a = writeRange(dir.path(), 1, 50);
        writeRange(dir.path(), 51, 100);
        writeRange(dir.path(), 101, 150);
        appendFile(a, line(151)); // the unterminated last segment of an older file
        JournalIndex::Options options;
        options.byteBudget = 2000;
        JournalIndex index;
        int steps = 0;
        for (bool more = true; more; ++steps) {
            QVERIFY(steps < 100);
            JournalIndex::Changes changes =
                JournalIndex::scanChanges(JournalDirectory::list(dir.path()), index.cursors(), options);
            more = changes.more;
            quint64 read = 0;
            int previous = -1;
            for (const auto &[pos, scan] : changes.scans) {
                QVERIFY(pos > previous);
                previous = pos;
                read += scan.sizeSeen - scan.startOffset;
            }
            QVERIFY(read < options.byteBudget + 2 * quint64(line(1).size()));
            index.apply(std::move(changes));
            if (steps == 0)
                QVERIFY(index.eventCount() < 50); // the first file, not yet the others
        }
        const JournalIndex whole = JournalIndex::build(dir.path());
        QVERIFY(steps > int(whole.byteCount() / (options.byteBudget + quint64(line(1).size()) + 1)));
        QCOMPARE(seqs(index), seqs(whole));
        QCOMPARE(seqs(index).size(), size_t(151));
        for (int f = 0; f < whole.files().size(); ++f) {
            QCOMPARE(index.files()[f].lines, whole.files()[f].lines);
            QCOMPARE(index.files()[f].resumeOffset, whole.files()[f].resumeOffset);
        }
        QVERIFY(
            !JournalIndex::scanChanges(JournalDirectory::list(dir.path()), index.cursors(), options).more);
    }

    void rewrittenInPlaceBetweenLooks()
    {
        // Truncated and written again past its old size: read again from the start, not on from the old
        // offset, which now falls inside a line.
        QTemporaryDir dir;
        const QString a = writeRange(dir.path(), 1, 3);
        JournalIndex index = JournalIndex::build(dir.path());
        QByteArray bytes;
        for (quint64 s = 4; s <= 13; ++s)
            bytes += line(s, "session_deleted", "session-long-" + QByteArray::number(s)) + '\n';
        writeFile(a, bytes); // O_TRUNC: the same inode
        JournalIndex::Changes changes =
            JournalIndex::scanChanges(JournalDirectory::list(dir.path()), index.cursors());
        QCOMPARE(changes.plan[0].kind, JournalIndex::FilePlan::Rescan);
        QCOMPARE(changes.plan[0].change, JournalChanges::Change::Truncated);
        QVERIFY(!index.appliesAsAppend(changes));
        const JournalIndex::Update u = index.apply(std::move(changes));
        QCOMPARE(u.rescannedFiles, QList<int>{0});
        QCOMPARE(seqs(index), range(4, 13));
        QCOMPARE(index.files()[0].lines, quint64(10));

        // A rewrite that keeps the size: a torn tail cut and a line as long written in its place.
        const QByteArray torn = QByteArray(line(14).size(), 'x');
        appendFile(a, torn);
        index.update(JournalDirectory::list(dir.path()));
        QVERIFY(index.files()[0].tornTail);
        QTest::qWait(20); // a later modification time
        writeFile(a, bytes + line(14));
        QCOMPARE(QFileInfo(a).size(), qint64(bytes.size() + torn.size()));
        index.update(JournalDirectory::list(dir.path()));
        QCOMPARE(seqs(index), range(4, 14));
        QVERIFY(!index.files()[0].tornTail);

        // Lines as long as before, the file as long as before: a newline still stands where reading would
        // resume, but the last line read is another one now.
        QByteArray same;
        for (quint64 s = 24; s <= 33; ++s)
            same += line(s, "session_deleted", "session-long-" + QByteArray::number(s)) + '\n';
        QTest::qWait(20);
        writeFile(a, same + line(34));
        index.update(JournalDirectory::list(dir.path()));
        QCOMPARE(seqs(index), range(24, 34));
    }

    void plansSayWhatBecameOfEachFile()
    {
        QTemporaryDir dir;
        const QString a = writeRange(dir.path(), 1, 5);
        const QString b = writeRange(dir.path(), 6, 8);
        const QString c = writeRange(dir.path(), 9, 10);
        JournalIndex index = JournalIndex::build(dir.path());
        writeFile(a, line(1) + '\n'); // shorter
        const QString tmp = dir.filePath(QStringLiteral("tmp"));
        writeFile(tmp, line(6) + '\n');
        QVERIFY(::rename(QFile::encodeName(tmp).constData(), QFile::encodeName(b).constData()) == 0);
        appendFile(c, line(11) + '\n');
        writeRange(dir.path(), 12, 12);
        const JournalIndex::Changes changes =
            JournalIndex::scanChanges(JournalDirectory::list(dir.path()), index.cursors());
        QCOMPARE(changes.plan.size(), size_t(4));
        QCOMPARE(changes.plan[0].change, JournalChanges::Change::Truncated);
        QCOMPARE(changes.plan[1].change, JournalChanges::Change::Replaced);
        QCOMPARE(changes.plan[2].change, JournalChanges::Change::Grew);
        QCOMPARE(changes.plan[3].change, JournalChanges::Change::New);
        QVERIFY(!changes.more);
    }

    void retryOfAnUnreadableFileIsNoTruncation()
    {
        // A file whose last read failed (no permission, say) is read again at each update; that is not a
        // truncation or replacement to report.
        QTemporaryDir dir;
        writeRange(dir.path(), 1, 5);
        writeRange(dir.path(), 6, 8);
        JournalIndex index = JournalIndex::build(dir.path());
        std::vector<JournalIndex::FileCursor> known = index.cursors();
        known[1].failed = true;
        JournalIndex::Changes changes = JournalIndex::scanChanges(JournalDirectory::list(dir.path()), known);
        QCOMPARE(changes.plan[1].kind, JournalIndex::FilePlan::Rescan);
        QVERIFY(changes.plan[1].retry);
        QVERIFY(!changes.plan[0].retry);
        const JournalIndex::Update u = index.apply(std::move(changes));
        QVERIFY(u.rescannedFiles.isEmpty());
        QCOMPARE(seqs(index), range(1, 8));
    }

    void orderingFlagsFollowAppends()
    {
        QTemporaryDir dir;
        const QString a = writeRange(dir.path(), 1, 5);
        JournalIndex index = JournalIndex::build(dir.path());
        QCOMPARE(index.maxSeq().value(), quint64(5));
        appendFile(a, line(6) + '\n' + line(9) + '\n'); // appended: the pass continues where it stopped
        index.update(JournalDirectory::list(dir.path()));
        QCOMPARE(index.maxSeq().value(), quint64(9));
        QVERIFY(index.record(6).flags & EventRecord::GapBefore);
        appendFile(a, line(3) + '\n'); // a reused seq: the whole journal is looked at again
        index.update(JournalDirectory::list(dir.path()));
        QVERIFY(index.record(7).flags & EventRecord::DuplicateSeq);
        QCOMPARE(index.maxSeq().value(), quint64(9));
        const QString b = writeRange(dir.path(), 10, 12);
        index.update(JournalDirectory::list(dir.path()));
        QCOMPARE(index.maxSeq().value(), quint64(12));
        QCOMPARE(int(index.record(8).flags & ~EventRecord::Unterminated), 0);
        QCOMPARE(index.fileOfRow(8), 1);
        QVERIFY(QFile::remove(a)); // rows leave: file ids and flags are recomputed
        index.update(JournalDirectory::list(dir.path()));
        QCOMPARE(index.fileOfRow(0), 0);
        QCOMPARE(int(index.record(0).flags), 0);
        QCOMPARE(index.maxSeq().value(), quint64(12));
    }

    void sessionStatsAndTimeSpan()
    {
        QTemporaryDir dir;
        const QString a = dir.filePath(QStringLiteral("events-1.jsonl"));
        writeFile(a,
                  line(1, "error", "a") + '\n' + line(2, "error", "b") + '\n' + line(3, "error", "a") + '\n');
        JournalIndex index = JournalIndex::build(dir.path());
        const auto events = [&](const char *s) {
            return index.sessionRows().at(index.sessions().find(s)).size();
        };
        QCOMPARE(events("a"), 2);
        QCOMPARE(events("b"), 1);
        QCOMPARE(index.timeSpan()->first, *Timestamp::parse("2026-11-20T09:00:01.572000931Z"));
        appendFile(a, R"({"seq":4,"ts":"2026-11-21T00:00:00Z","session_id":"c","event":{"type":"error"}})"
                      "\n");
        index.update(JournalDirectory::list(dir.path()));
        QCOMPARE(events("c"), 1);
        QCOMPARE(index.timeSpan()->second, *Timestamp::parse("2026-11-21T00:00:00Z"));
        QCOMPARE(events("a"), 2); // not counted twice
        QVERIFY(QFile::remove(a));
        index.update(JournalDirectory::list(dir.path()));
        QCOMPARE(events("a"), 0);
        QVERIFY(!index.timeSpan());
    }

    void rowsAppendedByTellsPureAppends()
    {
        QTemporaryDir dir;
        const QString a = writeRange(dir.path(), 1, 3);
        JournalIndex index = JournalIndex::build(dir.path());
        appendFile(a, line(4) + '\n');
        writeRange(dir.path(), 5, 6);
        JournalIndex::Changes changes =
            JournalIndex::scanChanges(JournalDirectory::list(dir.path()), index.cursors());
        QCOMPARE(index.rowsAppendedBy(changes), qint64(3));
        index.apply(std::move(changes));
        QVERIFY(QFile::remove(a));
        changes = JournalIndex::scanChanges(JournalDirectory::list(dir.path()), index.cursors());
        QCOMPARE(index.rowsAppendedBy(changes), qint64(-1));
    }

    void appendAppliedToACopy()
    {
        QTemporaryDir dir;
        const QString a = dir.filePath(QStringLiteral("events-1.jsonl"));
        writeFile(a, line(1, "error", "a") + '\n' + line(2, "complete", "b") + '\n');
        JournalIndex index;
        JournalIndex::Changes changes =
            JournalIndex::scanChanges(JournalDirectory::list(dir.path()), index.cursors());
        QVERIFY(index.appliesAsAppend(changes)); // the first file of an empty index
        index.apply(std::move(changes));
        appendFile(a, line(3, "error", "c") + '\n' + line(5, "error", "a") + '\n');
        writeFile(dir.filePath(QStringLiteral("events-6.jsonl")),
                  line(6, "complete", "c") + '\n' + line(7, "tool_approval_requested", "d") + '\n');
        changes = JournalIndex::scanChanges(JournalDirectory::list(dir.path()), index.cursors());
        QVERIFY(index.appliesAsAppend(changes));

        const EventRecord *kept = index.files()[0].records.constData();
        JournalIndex copy = index;
        copy.apply(std::move(changes));
        // The original is as it was, and still owns its records.
        QCOMPARE(seqs(index), range(1, 2));
        QCOMPARE(index.sessions().size(), quint32(3));
        QCOMPARE(index.sessions().find("c"), qint64(-1));
        QCOMPARE(index.sessionRows().at(index.sessions().find("a")).size(), 1);
        QCOMPARE(index.files()[0].records.constData(), kept);
        QCOMPARE(index.maxSeq().value(), quint64(2));
        // The copy is what a fresh index of the directory is.
        const JournalIndex fresh = JournalIndex::build(dir.path());
        QCOMPARE(seqs(copy), (std::vector<quint64>{1, 2, 3, 5, 6, 7}));
        QCOMPARE(copy.eventCount(), fresh.eventCount());
        for (qint64 row = 0; row < fresh.eventCount(); ++row) {
            QCOMPARE(copy.sessions().at(copy.record(row).session),
                     fresh.sessions().at(fresh.record(row).session));
            QCOMPARE(copy.types().at(copy.record(row).type), fresh.types().at(fresh.record(row).type));
            QCOMPARE(copy.record(row).flags, fresh.record(row).flags);
            QCOMPARE(copy.fileOfRow(row), fresh.fileOfRow(row));
        }
        QVERIFY(copy.record(3).flags & EventRecord::GapBefore);
        for (const char *s : {"a", "b", "c", "d"}) {
            const SessionRows &got = copy.sessionRows().at(copy.sessions().find(s));
            const SessionRows &want = fresh.sessionRows().at(fresh.sessions().find(s));
            QCOMPARE(got.size(), want.size());
            for (qsizetype i = 0; i < want.size(); ++i)
                QCOMPARE(got.at(i), want.at(i));
        }
        QCOMPARE(copy.timeSpan(), fresh.timeSpan());
        QCOMPARE(copy.anomalyCount(), fresh.anomalyCount());
        QCOMPARE(copy.maxSeq(), fresh.maxSeq());
    }

    void appendsThatMustBeAppliedInPlace()
    {
        QTemporaryDir dir;
        const QString a = writeRange(dir.path(), 1, 3);
        const QString b = writeRange(dir.path(), 4, 6);
        JournalIndex index = JournalIndex::build(dir.path());
        const auto changes = [&] {
            return JournalIndex::scanChanges(JournalDirectory::list(dir.path()), index.cursors());
        };
        appendFile(b, line(7) + '\n');
        QVERIFY(index.appliesAsAppend(changes()));
        appendFile(b, line(5) + '\n'); // a seq below the greatest: the ordering pass starts over
        QVERIFY(!index.appliesAsAppend(changes()));
        index.update(JournalDirectory::list(dir.path()));
        appendFile(b, line(8) + '\n' + line(8) + '\n'); // a repeated seq within the new rows
        QVERIFY(!index.appliesAsAppend(changes()));
        index.update(JournalDirectory::list(dir.path()));
        writeRange(dir.path(), 100, 101, 2); // a file sorting between the others
        QVERIFY(!index.appliesAsAppend(changes()));
        index.update(JournalDirectory::list(dir.path()));
        QVERIFY(QFile::remove(a)); // a prune
        QVERIFY(!index.appliesAsAppend(changes()));
        index.update(JournalDirectory::list(dir.path()));
        appendFile(b, QByteArray(R"({"seq":200,"ts":"2026-11-20T09:00:01Z","event":{"type":"error"}})"));
        writeRange(dir.path(), 300, 301);
        index.update(JournalDirectory::list(dir.path())); // the unterminated line is now an event
        appendFile(b, "\n");                              // and its row is taken out and read again
        QVERIFY(!index.appliesAsAppend(changes()));
    }

    void sessionsInternedAcrossFiles()
    {
        QTemporaryDir dir;
        writeFile(dir.filePath(QStringLiteral("events-1.jsonl")),
                  line(1, "error", "a") + '\n' + line(2, "complete", "b") + '\n');
        writeFile(dir.filePath(QStringLiteral("events-3.jsonl")),
                  line(3, "complete", "b") + '\n' + line(4, "error", "a") + '\n');
        const JournalIndex index = JournalIndex::build(dir.path());
        QCOMPARE(index.record(0).session, index.record(3).session);
        QCOMPARE(index.record(1).session, index.record(2).session);
        QCOMPARE(index.record(1).type, index.record(2).type);
        QVERIFY(index.record(0).session != index.record(1).session);
    }

    void simulatedJournalMatchesWriter()
    {
        QTemporaryDir dir;
        JournalSimulator sim;
        simulate(sim, dir.path(), 3000, 64 * 1024);
        const JournalIndex index = JournalIndex::build(dir.path());
        QVERIFY(index.files().size() > 5);
        QCOMPARE(seqs(index), range(1, 3000));
        QCOMPARE(index.malformedCount(), qint64(0));
        for (const FileIndex &fi : index.files())
            QCOMPARE(fi.firstSeq().value(), fi.entry.startSeq);
    }

    void cancelledBuild()
    {
        QTemporaryDir dir;
        writeRange(dir.path(), 1, 100);
        std::atomic_bool cancel{true};
        JournalIndex::Options options;
        options.cancel = &cancel;
        const JournalIndex index = JournalIndex::build(dir.path(), options);
        QVERIFY(index.cancelled());
    }
};

QTEST_GUILESS_MAIN(tst_JournalIndex)
#include "tst_journalindex.moc"
