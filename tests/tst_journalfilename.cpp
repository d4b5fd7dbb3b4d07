// SPDX-License-Identifier: MIT
#include "journalfilename.h"

#include <QTest>

class tst_JournalFileName : public QObject
{
    Q_OBJECT
private slots:
    void startSeq_data()
    {
        QTest::addColumn<QByteArray>("name");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<quint64>("seq");
        QTest::addRow("written form")
            << QByteArray("events-00000000000000000042.jsonl") << true << quint64(42);
        QTest::addRow("plus sign") << QByteArray("events-+200.jsonl") << true << quint64(200);
        QTest::addRow("no padding") << QByteArray("events-300.jsonl") << true << quint64(300);
        QTest::addRow("zero") << QByteArray("events-0.jsonl") << true << quint64(0);
        QTest::addRow("u64 max") << QByteArray("events-18446744073709551615.jsonl") << true
                                 << quint64(18446744073709551615ULL);
        QTest::addRow("21 digits, leading zero")
            << QByteArray("events-018446744073709551615.jsonl") << true << quint64(18446744073709551615ULL);
        QTest::addRow("overflow") << QByteArray("events-18446744073709551616.jsonl") << false << quint64(0);
        QTest::addRow("21 digits") << QByteArray("events-100000000000000000000.jsonl") << false << quint64(0);
        QTest::addRow("letters") << QByteArray("events-abc.jsonl") << false << quint64(0);
        QTest::addRow("empty") << QByteArray("events-.jsonl") << false << quint64(0);
        QTest::addRow("plus only") << QByteArray("events-+.jsonl") << false << quint64(0);
        QTest::addRow("double plus") << QByteArray("events-++1.jsonl") << false << quint64(0);
        QTest::addRow("minus") << QByteArray("events--5.jsonl") << false << quint64(0);
        QTest::addRow("space") << QByteArray("events- 7.jsonl") << false << quint64(0);
        QTest::addRow("trailing space") << QByteArray("events-7 .jsonl") << false << quint64(0);
        QTest::addRow("hex") << QByteArray("events-0x10.jsonl") << false << quint64(0);
        QTest::addRow("capital") << QByteArray("Events-1.jsonl") << false << quint64(0);
        QTest::addRow("backup") << QByteArray("events-1.jsonl.bak") << false << quint64(0);
        QTest::addRow("other suffix") << QByteArray("events-1.json") << false << quint64(0);
        QTest::addRow("arabic-indic digits")
            << QByteArray("events-\xd9\xa1\xd9\xa2.jsonl") << false << quint64(0);
        QTest::addRow("fullwidth digit") << QByteArray("events-\xef\xbc\x91.jsonl") << false << quint64(0);
        QTest::addRow("prefix only") << QByteArray("events-") << false << quint64(0);
        QTest::addRow("overlapping affixes") << QByteArray("events-jsonl") << false << quint64(0);
        QTest::addRow("nul inside") << QByteArray("events-1\0.jsonl", 15) << false << quint64(0);
    }

    void startSeq()
    {
        QFETCH(QByteArray, name);
        QFETCH(bool, valid);
        QFETCH(quint64, seq);
        const auto parsed =
            JournalFileName::startSeq(std::string_view(name.constData(), size_t(name.size())));
        QCOMPARE(parsed.has_value(), valid);
        if (valid)
            QCOMPARE(*parsed, seq);
    }

    void forStartSeq()
    {
        QCOMPARE(JournalFileName::forStartSeq(1), QStringLiteral("events-00000000000000000001.jsonl"));
        QCOMPARE(JournalFileName::forStartSeq(18446744073709551615ULL),
                 QStringLiteral("events-18446744073709551615.jsonl"));
        const QByteArray name = JournalFileName::forStartSeq(987654321).toLatin1();
        QCOMPARE(JournalFileName::startSeq(name.toStdString()).value(), quint64(987654321));
    }
};

QTEST_GUILESS_MAIN(tst_JournalFileName)
#include "tst_journalfilename.moc"
