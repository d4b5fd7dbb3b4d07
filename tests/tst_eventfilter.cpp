// SPDX-License-Identifier: MIT
#include "eventfilter.h"
#include "journalfilename.h"
#include "journalindex.h"
#include "testjournal.h"
#include "timestamp.h"

#include <QTemporaryDir>
#include <QTest>

using namespace TestJournal;

class tst_EventFilter : public QObject
{
    Q_OBJECT
private:
    QList<quint64> select(const EventFilter &filter)
    {
        const CompiledFilter compiled(filter, m_index);
        QList<quint64> out;
        for (const qint64 row : compiled.selectRows(m_index))
            out.append(m_index.record(row).seq);
        return out;
    }

    QTemporaryDir m_dir;
    QList<QByteArray> m_lines;
    JournalIndex m_index;

private slots:
    void initTestCase()
    {
        m_lines = {
            line(1, "error", "a"), line(2, "complete", "b"), line(3, "error", "b"),
            R"({"seq":4,"ts":"2026-11-20T10:00:00Z","session_id":null,"event":{"type":"complete","note":"Needle"}})",
            R"({"seq":5,"ts":"bad","session_id":"a","event":{"type":"error"}})"};
        writeFile(m_dir.filePath(QStringLiteral("events-1.jsonl")), m_lines.join('\n') + '\n');
        m_index = JournalIndex::build(m_dir.path());
        QCOMPARE(m_index.eventCount(), qint64(5));
    }

    void criteria()
    {
        EventFilter f;
        QVERIFY(f.isEmpty());
        QCOMPARE(select(f), (QList<quint64>{1, 2, 3, 4, 5}));
        f.seqFrom = 2;
        f.seqTo = 4;
        QCOMPARE(select(f), (QList<quint64>{2, 3, 4}));
        f = {};
        f.sessions = {QStringLiteral("b")};
        QCOMPARE(select(f), (QList<quint64>{2, 3}));
        f.sessions = {QString()};
        QCOMPARE(select(f), (QList<quint64>{4}));
        f.sessions = {QStringLiteral("nobody")};
        QCOMPARE(select(f), QList<quint64>{});
        f = {};
        f.types = {QStringLiteral("error"), QStringLiteral("unknown")};
        QCOMPARE(select(f), (QList<quint64>{1, 3, 5}));
        f = {};
        f.after = *Timestamp::parse("2026-11-20T09:30:00Z");
        QCOMPARE(select(f), (QList<quint64>{4})); // 5's ts is not RFC 3339: never in a time range
        f = {};
        f.before = *Timestamp::parse("2026-11-20T09:00:01.572000931Z"); // inclusive
        QCOMPARE(select(f), (QList<quint64>{1, 2, 3}));
        f = {};
        f.contains = "Needle";
        QCOMPARE(select(f), (QList<quint64>{4}));
        f.contains = "needle";
        QCOMPARE(select(f), QList<quint64>{});
        f.ignoreCase = true;
        QCOMPARE(select(f), (QList<quint64>{4}));
        f = {};
        f.types = {QStringLiteral("error")};
        f.sessions = {QStringLiteral("a")};
        f.seqTo = 3;
        QCOMPARE(select(f), (QList<quint64>{1}));
    }

    // selectRows over a snapshot: files searched in parallel, text read from disk, rows from an offset, and
    // the snapshot unchanged by whatever happens to the index afterwards.
    void exclusions()
    {
        EventFilter f;
        f.excludeSessions = {QStringLiteral("b")};
        QVERIFY(!f.isEmpty());
        QCOMPARE(select(f), (QList<quint64>{1, 4, 5}));
        f.excludeSessions = {QString()}; // events without a session
        QCOMPARE(select(f), (QList<quint64>{1, 2, 3, 5}));
        f.excludeSessions = {QStringLiteral("nobody")}; // unknown: drops nothing
        QCOMPARE(select(f), (QList<quint64>{1, 2, 3, 4, 5}));
        f = {};
        f.excludeTypes = {QStringLiteral("error")};
        QCOMPARE(select(f), (QList<quint64>{2, 4}));
        // With the other criteria: AND.
        f.sessions = {QStringLiteral("b")};
        QCOMPARE(select(f), (QList<quint64>{2}));
        f = {};
        f.types = {QStringLiteral("error")};
        f.excludeTypes = {QStringLiteral("error")};
        QCOMPARE(select(f), QList<quint64>{});
        f = {};
        f.excludeSessions = {QStringLiteral("a"), QStringLiteral("b")};
        f.excludeTypes = {QStringLiteral("complete")};
        QCOMPARE(select(f), QList<quint64>{});
    }

    void selectRowsReadsItsSnapshot()
    {
        QTemporaryDir dir;
        QByteArray first, second;
        for (quint64 seq = 1; seq <= 5000; ++seq)
            first += line(seq, seq % 7 ? "complete" : "error", "s") + '\n';
        for (quint64 seq = 5001; seq <= 9000; ++seq)
            second += line(seq, seq % 7 ? "complete" : "error", seq % 2 ? "über" : "x") + '\n';
        writeFile(dir.filePath(JournalFileName::forStartSeq(1)), first);
        writeFile(dir.filePath(JournalFileName::forStartSeq(5001)), second);
        JournalIndex index = JournalIndex::build(dir.path());
        QCOMPARE(index.eventCount(), qint64(9000));
        EventFilter f;
        f.types = {QStringLiteral("error")};
        f.contains = QStringLiteral("ÜBER").toUtf8();
        f.ignoreCase = true;
        const CompiledFilter compiled(f, index);
        const auto snapshot = index.snapshot();
        std::atomic<qint64> examined{0};
        const std::vector<qint64> rows = compiled.selectRows(*snapshot, 100, nullptr, &examined);
        QCOMPARE(examined.load(), qint64(8900));
        std::vector<qint64> expected;
        for (qint64 row = 5000; row < 9000; ++row) {
            const quint64 seq = quint64(row) + 1;
            if (seq % 7 == 0 && seq % 2 == 1)
                expected.push_back(row);
        }
        QCOMPARE(rows, expected);
        // The index moves on: the first file is pruned, the second grows. The snapshot does not move.
        QVERIFY(QFile::remove(dir.filePath(JournalFileName::forStartSeq(1))));
        appendFile(dir.filePath(JournalFileName::forStartSeq(5001)), line(9001, "error", "ÜBER") + '\n');
        index.update(JournalDirectory::list(dir.path()));
        QCOMPARE(index.eventCount(), qint64(4001));
        QCOMPARE(snapshot->eventCount(), qint64(9000));
        QCOMPARE(compiled.selectRows(*snapshot, 100), expected);
        index = JournalIndex();
        QCOMPARE(compiled.selectRows(*snapshot, 100), expected);
        std::atomic_bool cancel{true};
        QVERIFY(compiled.selectRows(*snapshot, 0, &cancel).empty());
    }
};

QTEST_GUILESS_MAIN(tst_EventFilter)
#include "tst_eventfilter.moc"
