// SPDX-License-Identifier: MIT
#include "detailpane.h"
#include "eventtablemodel.h"
#include "eventtableview.h"
#include "journalloader.h"
#include "mainwindow.h"
#include "poolblocker.h"
#include "screenshotwaiter.h"
#include "testjournal.h"
#include "workerpool.h"

#include <QApplication>
#include <QSemaphore>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>

class tst_ScreenshotWaiter : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void waitsForTheSummariesInView();
    void waitsForTheSelectedEvent();
    void givesUpAfterTheTimeout();
    void emptyJournalIsReadyAtOnce();

private:
    void open(MainWindow &w);

    QTemporaryDir m_dir;
    JournalSimulator m_sim;
};

void tst_ScreenshotWaiter::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    TestJournal::simulate(m_sim, m_dir.path(), 3000, 256 * 1024);
}

void tst_ScreenshotWaiter::open(MainWindow &w)
{
    w.resize(1200, 700);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    w.loader()->setLive(false);
    QSignalSpy loaded(&w, &MainWindow::loaded);
    QVERIFY(w.openDirectory(m_dir.path()));
    QTRY_COMPARE(loaded.count(), 1);
}

void tst_ScreenshotWaiter::waitsForTheSummariesInView()
{
    MainWindow w;
    open(w);
    {
        PoolBlocker busy;
        // Rows whose summaries nobody has asked for yet, and no worker to decode them.
        w.table()->scrollTo(w.model()->index(1500, 0), QAbstractItemView::PositionAtTop);
        ScreenshotWaiter waiter(w.table(), w.model(), w.detail());
        QSignalSpy spy(&waiter, &ScreenshotWaiter::ready);
        waiter.start();
        QVERIFY(waiter.pendingSummaries() > 10);
        // A fixed delay (what the browser used to wait) is not enough while the summaries cannot arrive.
        QTest::qWait(500);
        QCOMPARE(spy.count(), 0);
        QVERIFY(!waiter.isSettled());
        busy.release();
        QTRY_COMPARE(spy.count(), 1);
        QCOMPARE(spy.first().at(0).toBool(), true);
        QCOMPARE(waiter.pendingSummaries(), 0);
    }
    const int first = w.table()->rowAt(0);
    const int last = w.table()->rowAt(w.table()->viewport()->height() - 1);
    QVERIFY(first >= 1400 && last > first);
    int withText = 0;
    for (int row = first; row <= last; ++row) {
        QVERIFY(w.model()->hasSummary(row));
        withText += !w.model()->index(row, EventTableModel::SummaryColumn).data().toString().isEmpty();
    }
    QVERIFY2(withText > (last - first) / 2, qPrintable(QString::number(withText)));
}

void tst_ScreenshotWaiter::waitsForTheSelectedEvent()
{
    MainWindow w;
    open(w);
    ScreenshotWaiter waiter(w.table(), w.model(), w.detail());
    QSignalSpy spy(&waiter, &ScreenshotWaiter::ready);
    QSignalSpy shown(w.detail(), &DetailPane::eventShown);
    {
        PoolBlocker busy;
        QVERIFY(w.goToSeq(42));
        QVERIFY(w.detail()->isLoading());
        waiter.start();
        QTest::qWait(300);
        QCOMPARE(spy.count(), 0);
        busy.release();
        QTRY_COMPARE(spy.count(), 1);
    }
    QCOMPARE(spy.first().at(0).toBool(), true);
    QCOMPARE(shown.count(), 1);
    QVERIFY(w.detail()->rawLine().startsWith("{\"seq\":42,"));
}

void tst_ScreenshotWaiter::givesUpAfterTheTimeout()
{
    MainWindow w;
    open(w);
    PoolBlocker busy;
    w.table()->scrollTo(w.model()->index(2500, 0), QAbstractItemView::PositionAtTop);
    ScreenshotWaiter waiter(w.table(), w.model(), w.detail());
    QSignalSpy spy(&waiter, &ScreenshotWaiter::ready);
    waiter.start(200);
    QTRY_COMPARE(spy.count(), 1);
    QCOMPARE(spy.first().at(0).toBool(), false);
    QVERIFY(waiter.pendingSummaries() > 0);
    busy.release();
    // Once only.
    QTest::qWait(200);
    QCOMPARE(spy.count(), 1);
}

void tst_ScreenshotWaiter::emptyJournalIsReadyAtOnce()
{
    MainWindow w;
    w.show();
    ScreenshotWaiter waiter(w.table(), w.model(), w.detail());
    QSignalSpy spy(&waiter, &ScreenshotWaiter::ready);
    waiter.start();
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.first().at(0).toBool(), true);
}

QTEST_MAIN(tst_ScreenshotWaiter)
#include "tst_screenshotwaiter.moc"
