// SPDX-License-Identifier: MIT
#include "eventtablemodel.h"
#include "testjournal.h"
#include "timelinewidget.h"
#include "timestamp.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <numeric>

class tst_TimelineWidget : public QObject
{
    Q_OBJECT
private slots:
    void clickAndDrag();
    void emptyJournal();
    void labelsNeverOverlap_data();
    void labelsNeverOverlap();
    void labelsSayWhatTellsTheEndsApart_data();
    void labelsSayWhatTellsTheEndsApart();
    void savedQueriesAsOverlays();
};

using namespace TestJournal;

namespace {

// Shows the timeline at this width and waits for its count.
void showCounted(TimelineWidget &w, int width)
{
    w.resize(width, 64);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    w.recount();
    QTRY_VERIFY(!w.counting());
}

QByteArray at(quint64 seq, const char *ts)
{
    return "{\"seq\":" + QByteArray::number(seq) + ",\"ts\":\"" + ts +
           "\",\"session_id\":\"s\",\"event\":{\"type\":\"error\"}}\n";
}

} // namespace

void tst_TimelineWidget::clickAndDrag()
{
    QTemporaryDir dir;
    writeFile(dir.filePath(QStringLiteral("events-1.jsonl")),
              at(1, "2026-11-20T09:00:00Z") + at(2, "2026-11-20T09:30:00Z") + at(3, "2026-11-20T10:00:00Z"));
    EventTableModel model;
    model.resetIndex(JournalIndex::build(dir.path()));
    TimelineWidget w(&model);
    w.resize(406, 64);
    w.show();
    w.recount();
    QTRY_VERIFY(!w.counting());
    QSignalSpy clicked(&w, &TimelineWidget::timeClicked);
    QSignalSpy dragged(&w, &TimelineWidget::rangeSelected);
    // The plot spans x = 6 .. 400 for 09:00 .. 10:00.
    QTest::mouseClick(&w, Qt::LeftButton, {}, QPoint(203, 30));
    QCOMPARE(clicked.count(), 1);
    const qint64 nineThirty = *Timestamp::parse("2026-11-20T09:30:00Z");
    QVERIFY(std::abs(clicked.first().at(0).toLongLong() - nineThirty) < 20LL * 1000000000LL);
    QTest::mousePress(&w, Qt::LeftButton, {}, QPoint(6, 30));
    QTest::mouseMove(&w, QPoint(100, 30));
    QTest::mouseRelease(&w, Qt::LeftButton, {}, QPoint(203, 30));
    QCOMPARE(dragged.count(), 1);
    QCOMPARE(dragged.first().at(0).toLongLong(), *Timestamp::parse("2026-11-20T09:00:00Z"));
    QVERIFY(std::abs(dragged.first().at(1).toLongLong() - nineThirty) < 20LL * 1000000000LL);
    w.setViewport(nineThirty, nineThirty + 1);
    QVERIFY(!w.grab().isNull());
}

void tst_TimelineWidget::emptyJournal()
{
    EventTableModel model;
    TimelineWidget w(&model);
    w.show();
    w.recount();
    QTRY_VERIFY(!w.counting());
    QSignalSpy clicked(&w, &TimelineWidget::timeClicked);
    QTest::mouseClick(&w, Qt::LeftButton, {}, QPoint(20, 20));
    QCOMPARE(clicked.count(), 0); // nothing to jump to
    QVERIFY(!w.grab().isNull());
}

void tst_TimelineWidget::labelsNeverOverlap_data()
{
    QTest::addColumn<int>("width");
    QTest::addRow("wide") << 1600;
    QTest::addRow("600 px window") << 420;
    QTest::addRow("narrow") << 240;
    QTest::addRow("tiny") << 110;
}

void tst_TimelineWidget::labelsNeverOverlap()
{
    QFETCH(int, width);
    QTemporaryDir dir;
    writeFile(dir.filePath(QStringLiteral("events-1.jsonl")),
              at(1, "2026-11-20T09:00:00Z") + at(2, "2026-11-20T09:30:00Z") + at(3, "2026-11-21T10:00:00Z"));
    EventTableModel model;
    model.resetIndex(JournalIndex::build(dir.path()));
    TimelineWidget w(&model);
    showCounted(w, width);
    const QList<TimelineWidget::Label> labels = w.labels();
    QVERIFY(!labels.isEmpty());
    for (int i = 0; i < labels.size(); ++i) {
        QVERIFY2(w.rect().contains(labels[i].rect), qPrintable(labels[i].text));
        QVERIFY(labels[i].rect.width() >= w.fontMetrics().horizontalAdvance(labels[i].text));
        for (int k = 0; k < i; ++k)
            QVERIFY2(!labels[i].rect.intersects(labels[k].rect), qPrintable(labels[i].text + labels[k].text));
    }
    if (width >= 1600)
        QCOMPARE(labels.size(), 3); // both times and the peak
}

void tst_TimelineWidget::labelsSayWhatTellsTheEndsApart_data()
{
    QTest::addColumn<QByteArray>("from");
    QTest::addColumn<QByteArray>("to");
    QTest::addColumn<int>("width");
    QTest::addColumn<QString>("left");
    QTest::addColumn<QString>("right");
    QTest::addRow("one day, wide") << QByteArray("2026-11-20T09:00:00Z") << QByteArray("2026-11-20T10:30:05Z")
                                   << 1600 << QStringLiteral("11-20 09:00:00")
                                   << QStringLiteral("11-20 10:30:05");
    QTest::addRow("one day, narrow") << QByteArray("2026-11-20T09:00:00Z")
                                     << QByteArray("2026-11-20T10:30:05Z") << 100 << QStringLiteral("09:00")
                                     << QStringLiteral("10:30");
    QTest::addRow("two days, narrow")
        << QByteArray("2026-11-20T09:00:00Z") << QByteArray("2026-11-21T09:00:00Z") << 150
        << QStringLiteral("11-20") << QStringLiteral("11-21");
    QTest::addRow("two years") << QByteArray("2025-12-31T23:59:59Z") << QByteArray("2026-01-01T00:00:01Z")
                               << 1600 << QStringLiteral("2025-12-31 23:59:59")
                               << QStringLiteral("2026-01-01 00:00:01");
    QTest::addRow("two centuries, narrow")
        << QByteArray("1999-11-20T09:00:00Z") << QByteArray("2101-11-20T09:00:00Z") << 150
        << QStringLiteral("1999") << QStringLiteral("2101");
}

// The labels at the ends never leave out what differs between them: the day for a journal of several days,
// the year for one that crosses a new year.
void tst_TimelineWidget::labelsSayWhatTellsTheEndsApart()
{
    QFETCH(QByteArray, from);
    QFETCH(QByteArray, to);
    QFETCH(int, width);
    QFETCH(QString, left);
    QFETCH(QString, right);
    QTemporaryDir dir;
    writeFile(dir.filePath(QStringLiteral("events-1.jsonl")),
              at(1, from.constData()) + at(2, to.constData()));
    EventTableModel model;
    model.setUtc(true);
    model.resetIndex(JournalIndex::build(dir.path()));
    TimelineWidget w(&model);
    showCounted(w, width);
    const QList<TimelineWidget::Label> labels = w.labels();
    QVERIFY(labels.size() >= 2);
    QCOMPARE(labels[0].text, left);
    QCOMPARE(labels[1].text, right);
}

void tst_TimelineWidget::savedQueriesAsOverlays()
{
    QTemporaryDir dir;
    const auto ev = [](quint64 seq, const char *ts, const char *type) -> QByteArray {
        return "{\"seq\":" + QByteArray::number(seq) + ",\"ts\":\"" + ts +
               "\",\"session_id\":\"s\",\"event\":{\"type\":\"" + type + "\",\"message\":\"m\"}}\n";
    };
    writeFile(dir.filePath(QStringLiteral("events-1.jsonl")),
              ev(1, "2026-11-20T09:00:00Z", "error") + ev(2, "2026-11-20T09:00:01Z", "error") +
                  ev(3, "2026-11-20T09:30:00Z", "cancelled") + ev(4, "2026-11-20T10:00:00Z", "error"));
    EventTableModel model;
    model.resetIndex(JournalIndex::build(dir.path()));
    TimelineWidget w(&model);
    w.resize(406, 64);
    w.show();
    w.recount();
    QTRY_VERIFY(!w.counting());
    QSignalSpy counted(&w, &TimelineWidget::overlaysCounted);
    w.setOverlays({{QStringLiteral("errors"), QStringLiteral("event.message = m and type = error"), Qt::red},
                   {QStringLiteral("cancelled"), QStringLiteral("type = cancelled"), Qt::blue}});
    QVERIFY(counted.wait(20000));
    const std::vector<int> errors = w.overlayCounts(0);
    const std::vector<int> cancelled = w.overlayCounts(1);
    QVERIFY(!errors.empty());
    QCOMPARE(std::accumulate(errors.begin(), errors.end(), 0), 3);
    QCOMPARE(std::accumulate(cancelled.begin(), cancelled.end(), 0), 1);
    // Per bin: the first two errors at the start, the third at the end, the cancel in the middle.
    QCOMPARE(errors.front(), 2);
    QCOMPARE(errors.back(), 1);
    QCOMPARE(cancelled[cancelled.size() / 2], 1);
    QVERIFY(!w.grab().isNull());
    // A new journal state is counted again.
    appendFile(dir.filePath(QStringLiteral("events-1.jsonl")), ev(5, "2026-11-20T10:00:00Z", "cancelled"));
    model.resetIndex(JournalIndex::build(dir.path()));
    counted.clear();
    w.recount(); // the bins on a worker, then the overlays on another
    QTRY_VERIFY_WITH_TIMEOUT(!counted.isEmpty() && !w.counting() && !w.overlaysBusy(), 20000);
    const std::vector<int> again = w.overlayCounts(1);
    QCOMPARE(std::accumulate(again.begin(), again.end(), 0), 2);
    // No overlays: nothing counted.
    w.setOverlays({});
    QVERIFY(w.overlayCounts(0).empty());
}

QTEST_MAIN(tst_TimelineWidget)
#include "tst_timelinewidget.moc"
