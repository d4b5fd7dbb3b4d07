// SPDX-License-Identifier: MIT
#include "casefoldsearch.h"
#include "eventfinder.h"
#include "journalfilename.h"
#include "journalindex.h"
#include "testjournal.h"

#include <QTemporaryDir>
#include <QTest>

using namespace TestJournal;

// Files of events whose "note" says which seqs hold "needle": every 7th, plus one "NEEDLE" and one "Nëedle".
class tst_EventFinder : public QObject
{
    Q_OBJECT
private:
    static QByteArray noteLine(quint64 seq, const QByteArray &note, const QByteArray &session = "s1")
    {
        return "{\"seq\":" + QByteArray::number(seq) + ",\"ts\":\"2026-11-20T09:00:01Z\",\"session_id\":\"" +
               session + "\",\"event\":{\"type\":\"message\",\"note\":\"" + note + "\"}}";
    }

    // Every row whose line the matcher matches, one by one.
    std::vector<qint64> bruteForce(const TextMatcher &matcher, const EventFilter &filter = {}) const
    {
        std::vector<qint64> out;
        const CompiledFilter compiled(filter, m_index);
        LineQueryMatcher where(compiled.query());
        for (qint64 row = 0; row < m_index.eventCount(); ++row) {
            const QByteArray &text = m_lines[int(row)];
            const std::string_view line(text.constData(), size_t(text.size()));
            const QByteArray name = m_index.files()[m_index.fileOfRow(row)].entry.name.toUtf8();
            if (compiled.matchesRecord(m_index.record(row)) && compiled.matchesText(line) &&
                where.matches(line, std::string_view(name.constData(), size_t(name.size()))) &&
                matcher.matches(line))
                out.push_back(row);
        }
        return out;
    }

    QTemporaryDir m_dir;
    QList<QByteArray> m_lines; // by row
    JournalIndex m_index;

private slots:
    void initTestCase()
    {
        // 3 files, 30,000 events: several runs per file, so searches cross run and file boundaries.
        quint64 seq = 1;
        for (int f = 0; f < 3; ++f) {
            QByteArray bytes;
            const quint64 first = seq;
            for (int i = 0; i < 10000; ++i, ++seq) {
                QByteArray note = seq % 7 == 0 ? "a needle here" : "hay";
                if (seq == 15001)
                    note = "NEEDLE";
                if (seq == 29999)
                    note = "N\xc3\xab"
                           "edle";
                const QByteArray l = noteLine(seq, note, seq % 2 ? "odd" : "even");
                m_lines.append(l);
                bytes += l + '\n';
            }
            writeFile(QDir(m_dir.path()).filePath(JournalFileName::forStartSeq(first)), bytes);
        }
        m_index = JournalIndex::build(m_dir.path());
        QCOMPARE(m_index.eventCount(), qint64(30000));
    }

    void matchesLines_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("regex");
        QTest::addColumn<bool>("matchCase");
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<bool>("expected");
        QTest::addRow("plain") << "needle" << false << true << QByteArray("a needle") << true;
        QTest::addRow("plain, case differs") << "needle" << false << true << QByteArray("NEEDLE") << false;
        QTest::addRow("any case") << "needle" << false << false << QByteArray("NEEDLE") << true;
        QTest::addRow("any case, unicode") << QStringLiteral("ÜBER") << false << false
                                           << QByteArray("\xc3\xbc"
                                                         "ber")
                                           << true;
        QTest::addRow("regex") << "ne+dle\\b" << true << true << QByteArray("a needle!") << true;
        QTest::addRow("regex, no match") << "^needle" << true << true << QByteArray("a needle") << false;
        QTest::addRow("regex, any case") << "^NEE" << true << false << QByteArray("needle") << true;
        QTest::addRow("regex on invalid utf-8") << "x" << true << true << QByteArray("\xff\xfe x") << true;
        QTest::addRow("empty never matches") << "" << false << true << QByteArray("anything") << false;
    }
    void matchesLines()
    {
        QFETCH(QString, text);
        QFETCH(bool, regex);
        QFETCH(bool, matchCase);
        QFETCH(QByteArray, line);
        QFETCH(bool, expected);
        const TextMatcher m(FindQuery{text, regex, matchCase});
        QVERIFY(m.isValid());
        QCOMPARE(m.matches(std::string_view(line.constData(), size_t(line.size()))), expected);
    }

    void invalidRegexSaysWhy()
    {
        const TextMatcher m(FindQuery{QStringLiteral("(unclosed"), true, false});
        QVERIFY(!m.isValid());
        QVERIFY(!m.errorText().isEmpty());
        QVERIFY(!m.matches("(unclosed"));
        QVERIFY(m.ranges(u"(unclosed").isEmpty());
        const EventFinder finder(CompiledFilter(), m);
        QVERIFY(finder.findAll(*m_index.snapshot()).empty());
    }

    void rangesInShownText()
    {
        const TextMatcher plain(FindQuery{QStringLiteral("ab"), false, false});
        QCOMPARE(plain.ranges(u"xAbyab"), (QList<TextMatcher::Range>{{1, 2}, {4, 2}}));
        QCOMPARE(plain.ranges(u"ababab", 2).size(), 2);
        const TextMatcher regex(FindQuery{QStringLiteral("a*"), true, true});
        // Empty matches are not marked.
        QCOMPARE(regex.ranges(u"baab"), (QList<TextMatcher::Range>{{1, 2}}));
    }

    void findAllMatchesEveryRow_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("regex");
        QTest::addColumn<bool>("matchCase");
        QTest::addRow("plain") << "needle" << false << true;
        QTest::addRow("any case") << "needle" << false << false;
        QTest::addRow("regex") << "n.edle" << true << false;
        QTest::addRow("nothing") << "absent" << false << false;
    }
    void findAllMatchesEveryRow()
    {
        QFETCH(QString, text);
        QFETCH(bool, regex);
        QFETCH(bool, matchCase);
        const TextMatcher m(FindQuery{text, regex, matchCase});
        const EventFinder finder(CompiledFilter(), m);
        const auto rows = m_index.snapshot();
        std::atomic<qint64> examined{0};
        QCOMPARE(finder.findAll(*rows, 0, -1, nullptr, &examined), bruteForce(m));
        QCOMPARE(examined.load(), qint64(30000));
        // A range of rows.
        std::vector<qint64> part;
        for (const qint64 r : bruteForce(m))
            if (r >= 9000 && r < 21000)
                part.push_back(r);
        QCOMPARE(finder.findAll(*rows, 9000, 21000), part);
    }

    void findAllAmongAFiltersRows()
    {
        EventFilter filter;
        filter.sessions = {QStringLiteral("odd")};
        const TextMatcher m(FindQuery{QStringLiteral("needle"), false, false});
        const EventFinder finder(CompiledFilter(filter, m_index), m);
        const std::vector<qint64> found = finder.findAll(*m_index.snapshot());
        QCOMPARE(found, bruteForce(m, filter));
        QVERIFY(!found.empty());
        for (const qint64 r : found)
            QCOMPARE(m_index.record(r).seq % 2, quint64(1));
    }

    void findAmongAQuerysRows()
    {
        // The filter's query is matched on the lines as the filter would: fields, the line's session and
        // the file's name.
        const QString second = m_index.files()[1].entry.name;
        const TextMatcher m(FindQuery{QStringLiteral("needle"), false, false});
        for (const QString &where :
             {QStringLiteral("event.note = \"a needle here\" and seq < 25000"),
              QStringLiteral("not session = odd and seq > 100"), QStringLiteral("file = %1").arg(second),
              QStringLiteral("event.note ~ /^N/ or session = even")}) {
            EventFilter filter;
            filter.where = where;
            const EventFinder finder(CompiledFilter(filter, m_index), m);
            const auto rows = m_index.snapshot();
            const std::vector<qint64> expected = bruteForce(m, filter);
            QVERIFY2(!expected.empty(), qPrintable(where));
            QCOMPARE(finder.findAll(*rows), expected);
            // Every match is in the filter's rows.
            const std::vector<qint64> selected = CompiledFilter(filter, m_index).selectRows(*rows);
            for (const qint64 r : expected)
                QVERIFY(std::binary_search(selected.begin(), selected.end(), r));
            QCOMPARE(finder.findNext(*rows, 0, -1, true), std::optional<qint64>(expected.front()));
            QCOMPARE(finder.findNext(*rows, m_index.eventCount(), 0, false),
                     std::optional<qint64>(expected.back()));
            QVERIFY(finder.matchesRow(*rows, expected.front()));
        }
    }

    void findNextStopsAtTheNearest()
    {
        const TextMatcher m(FindQuery{QStringLiteral("needle"), false, true});
        const EventFinder finder(CompiledFilter(), m);
        const auto rows = m_index.snapshot();
        const std::vector<qint64> all = bruteForce(m);
        // From every few rows, forward and backward, against the full list.
        for (qint64 from = 0; from < 30000; from += 997) {
            const auto after = std::lower_bound(all.begin(), all.end(), from);
            const auto next = finder.findNext(*rows, from, -1, true);
            QCOMPARE(next.has_value(), after != all.end());
            if (next)
                QCOMPARE(*next, *after);
            const auto previous = finder.findNext(*rows, from, 0, false);
            QCOMPARE(previous.has_value(), after != all.begin());
            if (previous)
                QCOMPARE(*previous, *(after - 1));
        }
        // Bounded: nothing in [to, from) backward or [from, to) forward.
        QVERIFY(!finder.findNext(*rows, 1, 6, true)); // rows 1..5 are seqs 2..6
        QCOMPARE(*finder.findNext(*rows, 1, 7, true), qint64(6));
        QVERIFY(!finder.findNext(*rows, 6, 0, false));
        // Far: the last match, from the start (runs of rows across all files).
        const TextMatcher rare(FindQuery{QStringLiteral("N\u00ebedle"), false, true});
        QCOMPARE(*EventFinder(CompiledFilter(), rare).findNext(*rows, 0, -1, true), qint64(29998));
        QCOMPARE(*EventFinder(CompiledFilter(), rare).findNext(*rows, 30000, 0, false), qint64(29998));
        QVERIFY(EventFinder(CompiledFilter(), rare).matchesRow(*rows, 29998));
        QVERIFY(!EventFinder(CompiledFilter(), rare).matchesRow(*rows, 29997));
    }

    void cancelledFindsNothing()
    {
        const std::atomic_bool cancel{true};
        const EventFinder finder(CompiledFilter(),
                                 TextMatcher(FindQuery{QStringLiteral("needle"), false, true}));
        QVERIFY(finder.findAll(*m_index.snapshot(), 0, -1, &cancel).empty());
        QVERIFY(!finder.findNext(*m_index.snapshot(), 0, -1, true, &cancel));
    }

    void findsInBytesAsFindDoes()
    {
        // Random texts over a small alphabet (many near misses) and needles of every length up to 20.
        quint32 state = 12345;
        const auto next = [&state] {
            state = state * 1103515245u + 12345u;
            return state >> 16;
        };
        const char alphabet[] = "\":,ab9q";
        for (int round = 0; round < 400; ++round) {
            std::string text(size_t(next() % 300), ' ');
            for (char &c : text)
                c = alphabet[next() % 7];
            const size_t n = 1 + next() % 20;
            std::string needle = text.size() > n && round % 2 ? text.substr(next() % (text.size() - n), n)
                                                              : std::string(n, 'a');
            const TextMatcher m(FindQuery{QString::fromStdString(needle), false, true});
            QCOMPARE(m.findIn(text), text.find(needle));
        }
    }

    void findsInBytesWithoutCaseAsTheMatcherDoes()
    {
        // Lines with spellings of different lengths before the run of digits ("ſ" for s, the Kelvin sign for
        // k).
        quint32 state = 99;
        const auto next = [&state] {
            state = state * 1103515245u + 12345u;
            return state >> 16;
        };
        const QStringList pieces = {QStringLiteral("s"), QStringLiteral("S"),      QStringLiteral("\u017f"),
                                    QStringLiteral("k"), QStringLiteral("\u212a"), QStringLiteral("\":12,"),
                                    QStringLiteral("x"), QStringLiteral("\u00e9")};
        for (const QString &needle :
             {QStringLiteral("sk\":12,"), QStringLiteral("\":12,"), QStringLiteral("Ks\":1")}) {
            const TextMatcher m(FindQuery{needle, false, false});
            const CaseFoldSearch fold(needle.toUtf8());
            for (int round = 0; round < 300; ++round) {
                QString line;
                for (int i = int(next() % 20); i > 0; --i)
                    line += pieces[int(next() % pieces.size())];
                const QByteArray bytes = line.toUtf8();
                const std::string_view text(bytes.constData(), size_t(bytes.size()));
                const size_t at = m.findIn(text);
                QCOMPARE(at != std::string_view::npos, fold.contains(text));
                if (at != std::string_view::npos)
                    QVERIFY(fold.matchesAt(text, at));
            }
        }
    }

    void skipsToMatchesOnlyInEvents()
    {
        // A match in a line that is no event (malformed), in a line the filter leaves out, and in events.
        QTemporaryDir dir;
        QByteArray bytes = noteLine(1, "hay") + "\nnot json needle\n" + noteLine(2, "needle", "other") +
                           "\n\n" + noteLine(3, "hay") + '\n' + noteLine(4, "NEEDLE") + "\r\n" +
                           noteLine(5, "needle");
        writeFile(QDir(dir.path()).filePath(JournalFileName::forStartSeq(1)), bytes);
        const JournalIndex index = JournalIndex::build(dir.path());
        QCOMPARE(index.eventCount(), qint64(5));
        const auto rows = index.snapshot();
        const TextMatcher anyCase(FindQuery{QStringLiteral("needle"), false, false});
        QVERIFY(anyCase.findsInBytes());
        QCOMPARE(EventFinder(CompiledFilter(), anyCase).findAll(*rows), (std::vector<qint64>{1, 3, 4}));
        EventFilter filter;
        filter.sessions = {QStringLiteral("s1")};
        QCOMPARE(EventFinder(CompiledFilter(filter, index), anyCase).findAll(*rows),
                 (std::vector<qint64>{3, 4}));
        QCOMPARE(*EventFinder(CompiledFilter(filter, index), anyCase).findNext(*rows, 0, -1, true),
                 qint64(3));
        const TextMatcher exact(FindQuery{QStringLiteral("needle"), false, true});
        QCOMPARE(EventFinder(CompiledFilter(), exact).findAll(*rows), (std::vector<qint64>{1, 4}));
        QVERIFY(!TextMatcher(FindQuery{QStringLiteral("a\nb"), false, true}).findsInBytes());
        QVERIFY(!TextMatcher(FindQuery{QStringLiteral("a"), true, true}).findsInBytes());
    }

    void aShrunkFileEndsItsSearchQuietly()
    {
        QTemporaryDir dir;
        const QString path = writeRange(dir.path(), 1, 100);
        const JournalIndex index = JournalIndex::build(dir.path());
        const auto rows = index.snapshot();
        writeFile(path, QByteArray()); // truncated after indexing
        const EventFinder finder(CompiledFilter(),
                                 TextMatcher(FindQuery{QStringLiteral("seq"), false, true}));
        QVERIFY(finder.findAll(*rows).empty());
        QVERIFY(!finder.findNext(*rows, 0, -1, true));
    }
};

QTEST_GUILESS_MAIN(tst_EventFinder)
#include "tst_eventfinder.moc"
