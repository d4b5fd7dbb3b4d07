// SPDX-License-Identifier: MIT
#include "filtercontext.h"
#include "journalindex.h"
#include "testjournal.h"

#include <QTemporaryDir>
#include <QTest>

using namespace TestJournal;

// 40 events; sessions cycle a, b, c, d (rows 0, 4, 8 … are "a"); row 20 has no session.
class tst_FilterContext : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    JournalIndex m_index;

private slots:
    void initTestCase()
    {
        QByteArray bytes;
        for (quint64 seq = 1; seq <= 40; ++seq) {
            const QByteArray session = seq == 21 ? QByteArray() : QByteArray(1, char('a' + (seq - 1) % 4));
            if (session.isEmpty())
                bytes +=
                    "{\"seq\":21,\"ts\":\"2026-11-20T09:00:01Z\",\"session_id\":null,\"event\":{\"type\":"
                    "\"x\"}}\n";
            else
                bytes += line(seq, "error", session) + '\n';
        }
        writeFile(m_dir.filePath(QStringLiteral("events-1.jsonl")), bytes);
        m_index = JournalIndex::build(m_dir.path());
        QCOMPARE(m_index.eventCount(), qint64(40));
    }

    void journalScope()
    {
        const auto rows = m_index.snapshot();
        const FilterContext::Rows out =
            FilterContext::expand({0, 3, 10, 39}, *rows, {2, FilterContext::Scope::Journal});
        QCOMPARE(out.shown, (std::vector<qint64>{0, 1, 2, 3, 4, 5, 8, 9, 10, 11, 12, 37, 38, 39}));
        QCOMPARE(out.context, (std::vector<qint64>{1, 2, 4, 5, 8, 9, 11, 12, 37, 38}));
        // No context: the matches alone.
        QCOMPARE(FilterContext::expand({5}, *rows, {0, FilterContext::Scope::Journal}).shown,
                 (std::vector<qint64>{5}));
        QVERIFY(FilterContext::expand({}, *rows, {5, FilterContext::Scope::Journal}).shown.empty());
    }

    void sessionScope()
    {
        const auto rows = m_index.snapshot();
        // Row 8 is "a": its session's rows are 0, 4, 8, 12, 16, 24 (20 has none) …
        const FilterContext::Rows out =
            FilterContext::expand({8, 20}, *rows, {2, FilterContext::Scope::Session});
        QCOMPARE(out.shown, (std::vector<qint64>{0, 4, 8, 12, 16, 20}));
        QCOMPARE(out.context, (std::vector<qint64>{0, 4, 12, 16}));
        for (const qint64 r : out.context)
            QCOMPARE(FilterContext::sessionOf(*rows, r), FilterContext::sessionOf(*rows, 8));
        QCOMPARE(FilterContext::sessionOf(*rows, 20), quint32(0));
        // Two matches of one session share their context.
        const FilterContext::Rows two =
            FilterContext::expand({4, 8}, *rows, {1, FilterContext::Scope::Session});
        QCOMPARE(two.shown, (std::vector<qint64>{0, 4, 8, 12}));
        QCOMPARE(two.context, (std::vector<qint64>{0, 12}));
    }

    void lookBackForAppendedRows()
    {
        const auto rows = m_index.snapshot();
        QCOMPARE(FilterContext::lookBack(*rows, 30, {3, FilterContext::Scope::Journal}),
                 (std::vector<qint64>{27, 28, 29}));
        QCOMPARE(FilterContext::lookBack(*rows, 1, {3, FilterContext::Scope::Journal}),
                 (std::vector<qint64>{0}));
        QVERIFY(FilterContext::lookBack(*rows, 0, {3, FilterContext::Scope::Journal}).empty());
        // Rows 38, 39 are "c" and "d": each one's session's last row before 38.
        QCOMPARE(FilterContext::lookBack(*rows, 38, {1, FilterContext::Scope::Session}),
                 (std::vector<qint64>{34, 35}));
    }

    void matchingAsksTheFilter()
    {
        EventFilter filter;
        filter.sessions = {QStringLiteral("a")};
        filter.contains = "\"seq\":1";
        const CompiledFilter compiled(filter, m_index);
        // Seqs 1, 13, 17 are "a" with "seq":1 in the line; 5 is "a" without.
        QCOMPARE(FilterContext::matching(compiled, *m_index.snapshot(), {0, 1, 4, 12, 16, 39}),
                 (std::vector<qint64>{0, 12, 16}));
    }
};

QTEST_GUILESS_MAIN(tst_FilterContext)
#include "tst_filtercontext.moc"
