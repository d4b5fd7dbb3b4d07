// SPDX-License-Identifier: MIT
#include "journaldoctor.h"
#include "journalindex.h"
#include "testjournal.h"

#include <QTemporaryDir>
#include <QTest>

using namespace TestJournal;

namespace {

QStringList kinds(const QList<DoctorFinding> &findings)
{
    QStringList out;
    for (const DoctorFinding &f : findings)
        out.append(f.kind);
    return out;
}

} // namespace

class tst_JournalDoctor : public QObject
{
    Q_OBJECT
private slots:
    void healthyJournalHasNoFindings()
    {
        QTemporaryDir dir;
        writeRange(dir.path(), 1, 10);
        writeRange(dir.path(), 11, 20);
        const QList<DoctorFinding> findings = JournalDoctor::examine(JournalIndex::build(dir.path()));
        QVERIFY2(findings.isEmpty(), qPrintable(kinds(findings).join(QLatin1Char(','))));
        QVERIFY(!JournalDoctor::hasProblems(findings));
    }

    void hostileJournal()
    {
        QTemporaryDir dir;
        writeFile(dir.filePath(QStringLiteral("events-1.jsonl")),
                  line(1) + '\n' + line(2) + "\nnot json\n" + line(2) + '\n' + line(6) + '\n' + line(5) +
                      '\n' + R"({"seq":7,"ts":"later","event":{"type":"error"}})" + '\n' +
                      "{\"seq\":8,\"ts\"");
        writeFile(dir.filePath(QStringLiteral("events-20.jsonl")), line(21) + "\n\xff\n");
        QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("events-30.jsonl")));
        writeFile(dir.filePath(QStringLiteral("events-40.jsonl")), "{\"seq\":40,\"ts\"");
        writeFile(dir.filePath(QStringLiteral("README")), "x");
        const QList<DoctorFinding> findings = JournalDoctor::examine(JournalIndex::build(dir.path()));
        const QStringList k = kinds(findings);
        for (const char *expected : {"ignored_name", "malformed_line", "duplicate_seq", "seq_gap",
                                     "out_of_order_seq", "bad_timestamp", "torn_tail", "invalid_utf8",
                                     "start_seq_mismatch", "not_regular", "newest_without_complete_line"})
            QVERIFY2(k.contains(QLatin1String(expected)), expected);
        QVERIFY(JournalDoctor::hasProblems(findings));
        const auto malformed = std::find_if(findings.begin(), findings.end(), [](const DoctorFinding &f) {
            return f.kind == QLatin1String("malformed_line");
        });
        QCOMPARE(malformed->line, qint64(3));
        QCOMPARE(malformed->offset, qint64(2 * (line(1).size() + 1)));
        QCOMPARE(malformed->file, QStringLiteral("events-1.jsonl"));
        QCOMPARE(k.count(QStringLiteral("malformed_line")), 2); // "not json" and "\xff", each once
        QCOMPARE(k.count(QStringLiteral("torn_tail")), 2);
    }

    void pendingTailInNewestFileIsInformational()
    {
        QTemporaryDir dir;
        writeFile(dir.filePath(QStringLiteral("events-1.jsonl")), line(1) + "\n{\"seq\":2");
        const QList<DoctorFinding> findings = JournalDoctor::examine(JournalIndex::build(dir.path()));
        QCOMPARE(kinds(findings), QStringList{QStringLiteral("torn_tail")});
        QVERIFY(!JournalDoctor::hasProblems(findings));
    }
};

QTEST_GUILESS_MAIN(tst_JournalDoctor)
#include "tst_journaldoctor.moc"
