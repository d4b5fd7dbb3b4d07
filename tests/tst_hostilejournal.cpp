// SPDX-License-Identifier: MIT
// One directory with every kind of bad input at once, through every reader: nothing crashes or hangs, every
// good line stays readable, every bad one is reported once with its file and offset.
#include "journaldoctor.h"
#include "journalexporter.h"
#include "journalindex.h"
#include "journalpruner.h"
#include "journalreader.h"
#include "testjournal.h"

#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

class tst_HostileJournal : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QByteArray m_bad;
    qint64 m_hugeLength = 0;

private slots:
    void initTestCase();
    void indexKeepsEveryGoodLineAndReportsEveryBadOne();
    void doctorReportsEachOnce();
    void readSinceFailsWhereTheServerWould();
    void exportAndPruneStaySafe();
};

using namespace TestJournal;

void tst_HostileJournal::initTestCase()
{
    const QByteArray deep = "{\"seq\":90,\"x\":" + QByteArray(100000, '[') + QByteArray(100000, ']') +
                            ",\"event\":{\"type\":\"error\"}}";
    const QByteArray huge =
        R"({"seq":5,"ts":"2026-11-20T09:00:01Z","session_id":"s","event":{"type":"message_appended","content":")" +
        QByteArray(50 << 20, 'h') + "\"}}";
    m_hugeLength = huge.size();
    m_bad = QByteArray(1000, '\0') + '\n'                                       // NUL run
            + "\xef\xbb\xbf" + line(91) + '\n'                                  // BOM
            + deep + '\n'                                                       // 100,000-deep nesting
            + R"({"seq":18446744073709551616,"event":{"type":"error"}})" + '\n' // past u64
            + R"({"seq":1.5,"event":{"type":"error"}})" + '\n'                  // fraction
            + "not json at all\n";
    // events-1: good lines around every bad one, a CRLF line, u64 max, then the good rest.
    writeFile(m_dir.filePath(QStringLiteral("events-1.jsonl")), line(1) + '\n' + m_bad + line(2) + "\r\n" +
                                                                    huge + '\n' + line(3) + '\n' + line(3) +
                                                                    '\n' + line(2) + '\n');
    // events-10: invalid UTF-8 in the middle (the server's whole replay fails on this file).
    writeFile(m_dir.filePath(QStringLiteral("events-10.jsonl")),
              line(10) + "\n\xc3\x28 broken\n" + line(11) + '\n');
    writeFile(m_dir.filePath(QStringLiteral("events-+20.jsonl")),
              line(20) + '\n');                                                 // a '+' the server accepts
    writeFile(m_dir.filePath(QStringLiteral("events-30.jsonl")), QByteArray()); // empty
    QVERIFY(QDir(m_dir.path()).mkdir(QStringLiteral("events-40.jsonl")));
    QCOMPARE(::mkfifo(QFile::encodeName(m_dir.filePath(QStringLiteral("events-50.jsonl"))).constData(), 0600),
             0);
    QVERIFY(QFile::link(QStringLiteral("/dev/zero"), m_dir.filePath(QStringLiteral("events-60.jsonl"))));
    QVERIFY(QFile::link(m_dir.filePath(QStringLiteral("events-+20.jsonl")),
                        m_dir.filePath(QStringLiteral("events-70.jsonl"))));
    writeFile(m_dir.filePath(QStringLiteral("events-80.jsonl")),
              line(80) + '\n' + line(18446744073709551615ULL) + '\n' + "{\"seq\":81,\"ts\":\"torn");
    for (const char *name : {"events-0x10.jsonl", "events-100000000000000000000.jsonl",
                             "events-\xd9\xa1.jsonl", "Events-5.jsonl"})
        writeFile(m_dir.filePath(QString::fromUtf8(name)), line(999) + '\n');
}

void tst_HostileJournal::indexKeepsEveryGoodLineAndReportsEveryBadOne()
{
    const JournalIndex index = JournalIndex::build(m_dir.path());
    QCOMPARE(index.ignoredNames().size(), 4);
    QCOMPARE(index.files().size(), 9);
    std::vector<quint64> seqs;
    for (qint64 row = 0; row < index.eventCount(); ++row)
        seqs.push_back(index.record(row).seq);
    const std::vector<quint64> expected = {1, 2, 5, 3, 3, 2, 10, 11, 20, 20, 80, 18446744073709551615ULL};
    QCOMPARE(seqs, expected);
    const FileIndex &first = index.files()[0];
    QCOMPARE(first.malformed.size(), size_t(6)); // the six bad lines, each once
    QVERIFY(first.records[1].flags & EventRecord::CarriageReturn);
    QCOMPARE(qint64(first.records[2].length), m_hugeLength);
    QVERIFY(index.files()[1].invalidUtf8);
    QCOMPARE(index.files()[1].malformed.size(), size_t(1));
    for (int i : {4, 5, 6})
        QVERIFY2(!index.files()[i].error.isEmpty(),
                 qPrintable(index.files()[i].entry.name)); // dir, FIFO, /dev/zero
    QVERIFY(index.files()[8].tornTail);
}

void tst_HostileJournal::doctorReportsEachOnce()
{
    const QList<DoctorFinding> findings = JournalDoctor::examine(JournalIndex::build(m_dir.path()));
    QHash<QString, int> kinds;
    QSet<QPair<QString, qint64>> places;
    for (const DoctorFinding &f : findings) {
        ++kinds[f.kind];
        if (f.kind == QLatin1String("malformed_line")) {
            QVERIFY2(!places.contains({f.file, f.offset}), "a malformed line reported twice");
            places.insert({f.file, f.offset});
        }
    }
    QCOMPARE(kinds.value(QStringLiteral("malformed_line")), 7);
    QCOMPARE(kinds.value(QStringLiteral("not_regular")), 3);
    QCOMPARE(kinds.value(QStringLiteral("invalid_utf8")), 1);
    QCOMPARE(kinds.value(QStringLiteral("torn_tail")), 1);
    QCOMPARE(kinds.value(QStringLiteral("ignored_name")), 4);
    QVERIFY(kinds.value(QStringLiteral("duplicate_seq")) >= 2);
    QVERIFY(JournalDoctor::hasProblems(findings));
}

void tst_HostileJournal::readSinceFailsWhereTheServerWould()
{
    std::vector<JournalReader::Line> lines;
    JournalReader::Status status = JournalReader::readSince(m_dir.path(), 0, JournalReader::NoLimit, &lines);
    QCOMPARE(status.errorFile, QStringLiteral("events-10.jsonl")); // the first file read whole that fails
    lines.clear();
    status =
        JournalReader::readSince(m_dir.path(), 30, JournalReader::NoLimit, &lines); // reaches the directory
    QCOMPARE(status.errorFile, QStringLiteral("events-40.jsonl"));
    lines.clear();
    status = JournalReader::readSince(m_dir.path(), 79, JournalReader::NoLimit, &lines); // only the last file
    QVERIFY2(status.ok(), qPrintable(status.error));
    QCOMPARE(lines.size(), size_t(2));
    QCOMPARE(lines[1].seq, 18446744073709551615ULL);
    QCOMPARE(JournalReader::recoverMaxSeq(JournalDirectory::list(m_dir.path())).maxSeq,
             18446744073709551615ULL);
}

void tst_HostileJournal::exportAndPruneStaySafe()
{
    QTemporaryDir out;
    EventFilter all;
    const JournalIndex index = JournalIndex::build(m_dir.path());
    // The directory, FIFO and device named 40, 50 and 60 stand where seqs 40 to 79 would be: an export that
    // reaches them would be short, so it fails whole; one that stays before them goes ahead.
    const JournalExporter::Result refused =
        JournalExporter::exportToPath(index, all, out.filePath(QStringLiteral("all.jsonl")), {});
    QVERIFY(!refused.ok());
    QVERIFY2(refused.error.contains(QStringLiteral("events-40.jsonl is a directory")),
             qPrintable(refused.error));
    QVERIFY(!QFile::exists(out.filePath(QStringLiteral("all.jsonl"))));
    EventFilter before;
    before.seqTo = 39;
    const JournalExporter::Result r =
        JournalExporter::exportToPath(index, before, out.filePath(QStringLiteral("before.jsonl")), {});
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.events, JournalExporter::estimate(index, before).events);
    const JournalPruner::Plan plan = JournalPruner::plan(JournalDirectory::list(m_dir.path()), 1);
    QCOMPARE(plan.items.size(), 8);
    QCOMPARE(plan.deletableCount(), 4); // events-1, -10, -+20, -30: never the dir, FIFO or links
    const JournalPruner::Result pruned = JournalPruner::execute(plan);
    QCOMPARE(pruned.deleted.size(), 4);
    QVERIFY(QFileInfo(m_dir.filePath(QStringLiteral("events-40.jsonl"))).isDir());
    QVERIFY(QFileInfo(m_dir.filePath(QStringLiteral("events-60.jsonl"))).isSymLink());
    QVERIFY(QFileInfo::exists(m_dir.filePath(QStringLiteral("events-0x10.jsonl"))));
    QVERIFY(QFileInfo::exists(m_dir.filePath(QStringLiteral("events-80.jsonl"))));
}

QTEST_GUILESS_MAIN(tst_HostileJournal)
#include "tst_hostilejournal.moc"
