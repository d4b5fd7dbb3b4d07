// SPDX-License-Identifier: MIT
#include "seqset.h"

#include <QRandomGenerator>
#include <QTest>

#include <limits>
#include <set>

class tst_SeqSet : public QObject
{
    Q_OBJECT
private slots:
    void contiguousStaysOneInterval()
    {
        SeqSet s;
        for (quint64 q = 1; q <= 100000; ++q)
            QVERIFY(s.insert(q));
        QCOMPARE(s.intervals(), size_t(1));
        QVERIFY(!s.insert(500));
        QVERIFY(s.contains(1) && s.contains(100000) && !s.contains(0) && !s.contains(100001));
    }

    void mergesRanges()
    {
        SeqSet s;
        s.insertRange(10, 20);
        s.insertRange(30, 40);
        QCOMPARE(s.intervals(), size_t(2));
        s.insertRange(21, 29);
        QCOMPARE(s.intervals(), size_t(1));
        s.insertRange(0, 5);
        s.insertRange(3, 12);
        QCOMPARE(s.intervals(), size_t(1));
        s.insertRange(std::numeric_limits<quint64>::max() - 1, std::numeric_limits<quint64>::max());
        QVERIFY(s.contains(std::numeric_limits<quint64>::max()));
        QCOMPARE(s.intervals(), size_t(2));
    }

    void agreesWithStdSet()
    {
        QRandomGenerator rng(3);
        SeqSet s;
        std::set<quint64> ref;
        for (int i = 0; i < 20000; ++i) {
            const quint64 q = rng.bounded(5000);
            QCOMPARE(s.insert(q), ref.insert(q).second);
        }
        for (quint64 q = 0; q < 5100; ++q)
            QCOMPARE(s.contains(q), ref.count(q) == 1);
    }
};

QTEST_GUILESS_MAIN(tst_SeqSet)
#include "tst_seqset.moc"
