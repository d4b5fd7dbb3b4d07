// SPDX-License-Identifier: MIT
#include "timestamp.h"

#include <QDateTime>
#include <QTest>

#include <random>

class tst_Timestamp : public QObject
{
    Q_OBJECT
private slots:
    void parse_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<qint64>("nanos");
        const qint64 base =
            QDateTime(QDate(2026, 11, 20), QTime(9, 0, 1), Qt::UTC).toMSecsSinceEpoch() * 1000000;
        QTest::addRow("nine digits") << QByteArray("2026-11-20T09:00:01.572000931Z") << true
                                     << base + 572000931;
        QTest::addRow("no fraction") << QByteArray("2026-11-20T09:00:01Z") << true << base;
        QTest::addRow("three digits") << QByteArray("2026-11-20T09:00:01.572Z") << true << base + 572000000;
        QTest::addRow("six digits") << QByteArray("2026-11-20T09:00:01.572001Z") << true << base + 572001000;
        QTest::addRow("lower z and t") << QByteArray("2026-11-20t09:00:01z") << true << base;
        QTest::addRow("offset") << QByteArray("2026-11-20T10:30:01+01:30") << true << base;
        QTest::addRow("negative offset") << QByteArray("2026-11-20T08:00:01-01:00") << true << base;
        QTest::addRow("epoch") << QByteArray("1970-01-01T00:00:00Z") << true << qint64(0);
        QTest::addRow("before epoch") << QByteArray("1969-12-31T23:59:59.5Z") << true << qint64(-500000000);
        QTest::addRow("leap day") << QByteArray("2024-02-29T00:00:00Z") << true
                                  << QDateTime(QDate(2024, 2, 29), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch() *
                                         1000000;
        QTest::addRow("no leap day") << QByteArray("2026-02-29T00:00:00Z") << false << qint64(0);
        QTest::addRow("ten digits truncate")
            << QByteArray("2026-11-20T09:00:01.5720009319Z") << true << base + 572000931;
        QTest::addRow("thirty digits truncate")
            << QByteArray("2026-11-20T09:00:01.572000931999999999999999999999+00:00") << true
            << base + 572000931;
        QTest::addRow("empty fraction") << QByteArray("2026-11-20T09:00:01.Z") << false << qint64(0);
        QTest::addRow("no zone") << QByteArray("2026-11-20T09:00:01") << false << qint64(0);
        QTest::addRow("month 13") << QByteArray("2026-13-20T09:00:01Z") << false << qint64(0);
        QTest::addRow("hour 24") << QByteArray("2026-11-20T24:00:01Z") << false << qint64(0);
        QTest::addRow("trailing") << QByteArray("2026-11-20T09:00:01Zx") << false << qint64(0);
        QTest::addRow("date only") << QByteArray("2026-11-20") << false << qint64(0);
        QTest::addRow("empty") << QByteArray() << false << qint64(0);
        QTest::addRow("garbage") << QByteArray("yesterday") << false << qint64(0);
        QTest::addRow("year 1013 saturates") << QByteArray("1013-11-20T09:00:01.376496511Z") << true
                                             << qint64(std::numeric_limits<qint64>::min() + 1);
        QTest::addRow("year 9999 saturates")
            << QByteArray("9999-12-31T23:59:59Z") << true << std::numeric_limits<qint64>::max();
    }

    void parse()
    {
        QFETCH(QByteArray, text);
        QFETCH(bool, valid);
        QFETCH(qint64, nanos);
        const auto parsed = Timestamp::parse(std::string_view(text.constData(), size_t(text.size())));
        QCOMPARE(parsed.has_value(), valid);
        if (valid)
            QCOMPARE(*parsed, nanos);
    }

    void dateOrTime_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<qint64>("nanos");
        const qint64 midnight =
            QDateTime(QDate(2026, 11, 20), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch() * 1000000;
        QTest::addRow("date alone") << QByteArray("2026-11-20") << true << midnight;
        QTest::addRow("full time") << QByteArray("2026-11-20T00:00:00.5Z") << true << midnight + 500000000;
        QTest::addRow("bad day") << QByteArray("2026-11-31") << false << qint64(0);
        QTest::addRow("short") << QByteArray("2026-11-2") << false << qint64(0);
        QTest::addRow("date and junk") << QByteArray("2026-11-20x") << false << qint64(0);
        QTest::addRow("words") << QByteArray("tomorrow!!") << false << qint64(0);
    }

    void dateOrTime()
    {
        QFETCH(QByteArray, text);
        QFETCH(bool, valid);
        QFETCH(qint64, nanos);
        const auto parsed =
            Timestamp::parseDateOrTime(std::string_view(text.constData(), size_t(text.size())));
        QCOMPARE(parsed.has_value(), valid);
        if (valid)
            QCOMPARE(*parsed, nanos);
        QVERIFY(
            !Timestamp::parse(std::string_view("2026-11-20")).has_value()); // the server's rule stays strict
    }

    void formatRoundTrips_data()
    {
        QTest::addColumn<qint64>("nanos");
        QTest::addRow("zero") << qint64(0);
        QTest::addRow("now-ish") << qint64(1795165201572000931);
        QTest::addRow("negative") << qint64(-1);
        QTest::addRow("year 2255") << qint64(9000000000000000000LL);
    }

    void formatRoundTrips()
    {
        QFETCH(qint64, nanos);
        const QByteArray text = Timestamp::format(nanos);
        QCOMPARE(text.size(), 30);
        QCOMPARE(Timestamp::parse(text.toStdString()).value(), nanos);
    }

    void formatMatchesQDateTime()
    {
        // Seconds and date against Qt's own calendar, nanoseconds digit by digit, over four centuries.
        std::mt19937_64 rng(7);
        for (int i = 0; i < 20000; ++i) {
            const qint64 nanos = qint64(rng() % 12000000000000000000ULL - 3000000000000000000ULL);
            const QByteArray text = Timestamp::format(nanos);
            const qint64 secs = nanos >= 0 ? nanos / 1000000000 : (nanos + 1) / 1000000000 - 1;
            const qint64 frac = nanos - secs * 1000000000;
            const QByteArray expected = QDateTime::fromSecsSinceEpoch(secs, Qt::UTC)
                                            .toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss"))
                                            .toLatin1() +
                                        '.' + QByteArray::number(frac).rightJustified(9, '0') + 'Z';
            QCOMPARE(text, expected);
        }
    }
};

QTEST_GUILESS_MAIN(tst_Timestamp)
#include "tst_timestamp.moc"
