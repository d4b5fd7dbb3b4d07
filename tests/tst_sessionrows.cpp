// SPDX-License-Identifier: MIT
#include "sessionrows.h"

#include <QRandomGenerator>
#include <QTest>

#include <algorithm>
#include <functional>
#include <vector>

class tst_SessionRows : public QObject
{
    Q_OBJECT
private slots:
    void empty();
    void matchesAPlainList_data();
    void matchesAPlainList();
    void copiesDoNotSeeLaterAppends();
    void smallerThanAPlainList();
};

namespace {

// Ascending rows whose distances come from `gap` (at least 1 each).
std::vector<quint32> rowsWith(qsizetype count, quint32 first, const std::function<quint32()> &gap)
{
    std::vector<quint32> rows;
    quint32 row = first;
    for (qsizetype i = 0; i < count; ++i) {
        rows.push_back(row);
        const quint32 g = gap();
        if (row > UINT32_MAX - g)
            break;
        row += g;
    }
    return rows;
}

} // namespace

void tst_SessionRows::empty()
{
    const SessionRows rows;
    QVERIFY(rows.isEmpty());
    QCOMPARE(rows.size(), qsizetype(0));
    QCOMPARE(rows.lowerBound(0), qsizetype(0));
    QCOMPARE(rows.lowerBound(UINT32_MAX), qsizetype(0));
    QVERIFY(SessionRows::Cursor(rows, 0).atEnd());
}

void tst_SessionRows::matchesAPlainList_data()
{
    QTest::addColumn<int>("kind");
    QTest::addRow("one row") << 0;
    QTest::addRow("adjacent rows across blocks") << 1;
    QTest::addRow("distances of one to four bytes") << 2;
    QTest::addRow("the largest rows and distances") << 3;
    QTest::addRow("exactly one block") << 4;
}

void tst_SessionRows::matchesAPlainList()
{
    QFETCH(int, kind);
    QRandomGenerator rng(quint32(kind) + 7);
    std::vector<quint32> expected;
    switch (kind) {
    case 0:
        expected = {12345};
        break;
    case 1:
        expected = rowsWith(1000, 0, [] { return 1u; });
        break;
    case 2:
        expected = rowsWith(5000, 3, [&] {
            const int bytes = int(rng.bounded(4));
            return 1 + rng.bounded(quint32(1) << (7 * (bytes + 1)));
        });
        break;
    case 3:
        expected = {0, 1, UINT32_MAX / 2, UINT32_MAX - 1, UINT32_MAX};
        break;
    case 4:
        expected = rowsWith(SessionRows::BlockRows, 100, [&] { return 1 + rng.bounded(300u); });
        break;
    }
    SessionRows rows;
    for (const quint32 r : expected)
        rows.append(r);
    QCOMPARE(rows.size(), qsizetype(expected.size()));
    QCOMPARE(rows.back(), expected.back());
    for (size_t i = 0; i < expected.size(); ++i)
        QCOMPARE(rows.at(qsizetype(i)), expected[i]);
    // A cursor from every position reads the rest in order.
    for (size_t from = 0; from < expected.size(); from += std::max<size_t>(1, expected.size() / 50)) {
        size_t i = from;
        for (SessionRows::Cursor c(rows, qsizetype(from)); !c.atEnd(); c.next(), ++i) {
            QCOMPARE(c.position(), qsizetype(i));
            QCOMPARE(c.row(), expected[i]);
        }
        QCOMPARE(i, expected.size());
    }
    // lowerBound agrees with std::lower_bound on each row, between rows, and past either end.
    std::vector<quint32> probes = {0, UINT32_MAX};
    for (const quint32 r : expected) {
        probes.push_back(r);
        if (r > 0)
            probes.push_back(r - 1);
        if (r < UINT32_MAX)
            probes.push_back(r + 1);
    }
    for (const quint32 v : probes) {
        const auto want = std::lower_bound(expected.begin(), expected.end(), v) - expected.begin();
        QCOMPARE(rows.lowerBound(v), qsizetype(want));
    }
}

void tst_SessionRows::copiesDoNotSeeLaterAppends()
{
    SessionRows rows;
    for (quint32 r = 0; r < 100; ++r)
        rows.append(r * 3);
    const SessionRows frozen = rows;
    for (quint32 r = 100; r < 300; ++r)
        rows.append(r * 3);
    QCOMPARE(frozen.size(), qsizetype(100));
    QCOMPARE(frozen.back(), 297u);
    QCOMPARE(frozen.lowerBound(1000), qsizetype(100));
    QCOMPARE(rows.size(), qsizetype(300));
    for (qsizetype i = 0; i < 300; ++i)
        QCOMPARE(rows.at(i), quint32(i * 3));
}

void tst_SessionRows::smallerThanAPlainList()
{
    // A session's events a few dozen rows apart, as when a dozen sessions speak in turn: one byte a row, and
    // eight bytes every 64 rows.
    QRandomGenerator rng(3);
    SessionRows rows;
    quint32 row = 0;
    const qsizetype count = 100000;
    for (qsizetype i = 0; i < count; ++i) {
        rows.append(row);
        row += 1 + rng.bounded(40u);
    }
    QCOMPARE(rows.size(), count);
    QVERIFY2(rows.storedBytes() < count * 9 / 8 + 12, qPrintable(QString::number(rows.storedBytes())));
    QVERIFY(rows.storedBytes() > count * 63 / 64); // every distance is stored: one byte each
}

QTEST_GUILESS_MAIN(tst_SessionRows)
#include "tst_sessionrows.moc"
