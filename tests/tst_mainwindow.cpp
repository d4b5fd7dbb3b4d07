// SPDX-License-Identifier: MIT
#include "detailpane.h"
#include "eventtablemodel.h"
#include "eventtableview.h"
#include "filterbar.h"
#include "journalloader.h"
#include "journalsimulator.h"
#include "mainwindow.h"
#include "testjournal.h"

#include "exportdialog.h"
#include "noticebar.h"
#include "retentionpanel.h"
#include "sessionlistmodel.h"
#include "sessionspanel.h"
#include "timelinewidget.h"

#include <QAbstractButton>
#include <QAccessible>
#include <QComboBox>
#include <QDockWidget>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

class tst_MainWindow : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    JournalSimulator m_sim;

private slots:
    void initTestCase();
    void opensAndShowsDetail();
    void filterByTextShowsCount();
    void followModeKeepsUpAndPauses();
    void goToSeq();
    void errorsShowInTheWindow();
    void pausedViewStaysOnItsEventsOnALiveJournal();
    void homeAndEndInTheWindow();
    void detailPaneSaysWhyItsEventIsGone();
    void filtersKeepTheSelectedEventInView();
    void countSaysFilteringUntilTheFilterIsDone();
    void sessionsSidebarFiltersOnClick();
    void shortcutsWorkInFilterFields();
    void pruneNoticeCountsEveryPrunedFile();
    void smallWindowLaysOut();
    void columnsFitWhatTheyHold();
    void summaryKeepsRoomToBeRead();
    void emptyDirectorySaysSo();
    void openRecentDropsMissingDirectories();
    void everyInputHasAnAccessibleName();
};

using namespace TestJournal;

void tst_MainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    JournalSimulator::Options options;
    options.rotateThreshold = 32 * 1024;
    QString error;
    QVERIFY(m_sim.open(m_dir.path(), options, &error));
    for (int i = 0; i < 600; ++i)
        QVERIFY(m_sim.appendNext(&error));
}

void tst_MainWindow::opensAndShowsDetail()
{
    MainWindow w;
    w.show();
    QSignalSpy loaded(&w, &MainWindow::loaded);
    QVERIFY(w.openDirectory(m_dir.path()));
    QTRY_COMPARE(loaded.count(), 1);
    QCOMPARE(w.model()->rowCount(), 600);
    const QModelIndex index = w.model()->index(41, 0);
    w.table()->setCurrentIndex(index);
    // The pane reads and indents on a worker.
    QTRY_VERIFY(!w.detail()->isLoading());
    const QString pretty = w.detail()->prettyText();
    QVERIFY2(pretty.startsWith(QStringLiteral("{\n  \"seq\": 42,")), qPrintable(pretty.left(80)));
    QTRY_VERIFY(w.detail()->rawLine().startsWith("{\"seq\":42,"));
}

void tst_MainWindow::filterByTextShowsCount()
{
    MainWindow w;
    w.show();
    QSignalSpy loaded(&w, &MainWindow::loaded);
    QVERIFY(w.openDirectory(m_dir.path()));
    QTRY_COMPARE(loaded.count(), 1);
    QSignalSpy filtered(w.loader(), &JournalLoader::filterFinished);
    auto *text = w.findChild<QLineEdit *>(QStringLiteral("filterText"));
    QVERIFY(text);
    QTest::keyClicks(text, QStringLiteral("WebFetch"));
    QTRY_COMPARE(filtered.count(), 1);
    const int matches = w.model()->rowCount();
    QVERIFY(matches > 0 && matches < 600);
    for (int row = 0; row < matches; ++row)
        QVERIFY(w.model()->data(w.model()->index(row, 0), EventTableModel::LengthRole).toUInt() > 0);
    auto *from = w.findChild<QLineEdit *>(QStringLiteral("filterFrom"));
    QTest::keyClicks(from, QStringLiteral("300"));
    QTRY_COMPARE(filtered.count(), 2);
    QVERIFY(w.model()->rowCount() < matches);
    for (int row = 0; row < w.model()->rowCount(); ++row)
        QVERIFY(w.model()->data(w.model()->index(row, 0), EventTableModel::SeqRole).toULongLong() >= 300);
    w.filterBar()->clear();
    QTRY_COMPARE(w.model()->rowCount(), 600);
}

void tst_MainWindow::followModeKeepsUpAndPauses()
{
    QTemporaryDir dir;
    JournalSimulator sim;
    QString error;
    simulate(sim, dir.path(), 300);
    MainWindow w;
    w.resize(1000, 600);
    w.show();
    w.loader()->setPollInterval(50);
    QSignalSpy loaded(&w, &MainWindow::loaded);
    QVERIFY(w.openDirectory(dir.path()));
    QTRY_COMPARE(loaded.count(), 1);
    QVERIFY(w.isFollowing());
    QScrollBar *bar = w.table()->verticalScrollBar();
    QTRY_COMPARE(bar->value(), bar->maximum());
    for (int i = 0; i < 50; ++i)
        QVERIFY(sim.appendNext(&error));
    QTRY_COMPARE(w.model()->rowCount(), 350);
    QTRY_COMPARE(bar->value(), bar->maximum());
    // Scrolling up pauses following; new rows then leave the view where it is.
    bar->setValue(0);
    QVERIFY(!w.isFollowing());
    for (int i = 0; i < 20; ++i)
        QVERIFY(sim.appendNext(&error));
    QTRY_COMPARE(w.model()->rowCount(), 370);
    QCOMPARE(bar->value(), 0);
    auto *newEvents = w.findChild<QWidget *>(QStringLiteral("newEvents"));
    QVERIFY(newEvents->isVisible());
    QTest::keyClick(&w, Qt::Key_F); // back to following
    QVERIFY(w.isFollowing());
    QTRY_COMPARE(bar->value(), bar->maximum());
}

void tst_MainWindow::goToSeq()
{
    MainWindow w;
    w.show();
    QSignalSpy loaded(&w, &MainWindow::loaded);
    QVERIFY(w.openDirectory(m_dir.path()));
    QTRY_COMPARE(loaded.count(), 1);
    QVERIFY(w.goToSeq(250));
    QCOMPARE(w.table()->currentIndex().row(), 249);
    QVERIFY(!w.isFollowing());
    QVERIFY(!w.goToSeq(100000));
}

void tst_MainWindow::errorsShowInTheWindow()
{
    MainWindow w;
    w.show();
    QVERIFY(!w.openDirectory(m_dir.filePath(QStringLiteral("nope"))));
    QVERIFY(w.noticeText().contains(QStringLiteral("no such directory")));
}

namespace {

quint64 seqAt(const MainWindow &w, int row)
{
    return w.model()->index(row, 0).data(EventTableModel::SeqRole).toULongLong();
}

quint64 topSeq(const MainWindow &w)
{
    return seqAt(w, w.table()->rowAt(0));
}

void scrollToRow(MainWindow &w, int row)
{
    w.table()->verticalScrollBar()->setValue(row * w.table()->rowHeight());
}

QString detailHeader(const MainWindow &w)
{
    QStringList texts;
    const QList<QLabel *> labels = w.detail()->findChildren<QLabel *>();
    for (const QLabel *label : labels)
        texts << label->text();
    return texts.join(QLatin1Char('\n'));
}

} // namespace

void tst_MainWindow::pausedViewStaysOnItsEventsOnALiveJournal()
{
    QTemporaryDir dir;
    JournalSimulator sim;
    JournalSimulator::Options options;
    options.rotateThreshold = 8 * 1024;
    options.keepFiles = 12;
    QString error;
    QVERIFY(sim.open(dir.path(), options, &error));
    for (int i = 0; i < 400; ++i)
        QVERIFY(sim.appendNext(&error));
    MainWindow w;
    w.resize(1200, 700);
    w.show();
    w.loader()->setPollInterval(50);
    QSignalSpy loaded(&w, &MainWindow::loaded);
    QVERIFY(w.openDirectory(dir.path()));
    QTRY_COMPARE(loaded.count(), 1);
    QVERIFY(w.isFollowing());
    QScrollBar *bar = w.table()->verticalScrollBar();
    QTRY_COMPARE(bar->value(), bar->maximum());
    // The user scrolls up: the view pauses on the event at its top.
    scrollToRow(w, w.model()->rowCount() * 3 / 4);
    QVERIFY(!w.isFollowing());
    const quint64 top = topSeq(w);
    QSignalSpy pruned(w.loader(), &JournalLoader::filesPruned);
    const quint64 oldest = seqAt(w, 0);
    // The server writes on, rotating and pruning, while the view is paused.
    for (int i = 0; i < 80; ++i) {
        QVERIFY(sim.appendNext(&error));
        if (i % 10 == 0)
            QTest::qWait(20);
        QCOMPARE(topSeq(w), top);
    }
    QTRY_COMPARE(w.model()->journal().maxSeq().value_or(0), sim.lastSeq());
    QTRY_VERIFY(pruned.count() > 0);
    QVERIFY(seqAt(w, 0) > oldest);
    QCOMPARE(topSeq(w), top);
    QVERIFY(!w.isFollowing());
    QVERIFY(w.findChild<QWidget *>(QStringLiteral("newEvents"))->isVisible());
    QVERIFY(w.noticeText().contains(QStringLiteral("pruned")));
    // Scrolling to the very bottom does not turn following back on.
    bar->setValue(bar->maximum());
    for (int i = 0; i < 10; ++i)
        QVERIFY(sim.appendNext(&error));
    QTRY_COMPARE(w.model()->journal().maxSeq().value_or(0), sim.lastSeq());
    QVERIFY(!w.isFollowing());
    // Until the pruning reaches the events in view: the view says so and shows the oldest retained row.
    scrollToRow(w, 0);
    const quint64 first = topSeq(w);
    while (w.model()->journal().oldestSeq().value_or(0) <= first) {
        QVERIFY(sim.appendNext(&error));
        QTest::qWait(2);
    }
    // Said first, so a one-line notice shows it before the cursor rule.
    QTRY_VERIFY(w.noticeText().contains(QStringLiteral("The events you were viewing went with them")));
    QVERIFY(w.noticeText().indexOf(QStringLiteral("The events you were viewing went with them")) <
            w.noticeText().indexOf(QStringLiteral("feed_reset")));
    QCOMPARE(w.table()->rowAt(0), 0);
    // The seq the view moved to is said as it was then; later prunes change only the oldest seq "now".
    const QString movedTo = QStringLiteral("the view moved to seq %1,").arg(topSeq(w));
    QVERIFY2(w.noticeText().contains(movedTo), qPrintable(w.noticeText()));
    // The "new events" button returns to following.
    auto *newEvents = w.findChild<QPushButton *>(QStringLiteral("newEvents"));
    QVERIFY(newEvents->isVisible());
    // It never counts more new events than there are rows below the view: pruned ones are gone.
    QTRY_VERIFY([&] {
        const qint64 counted =
            QString(newEvents->text()).remove(QRegularExpression(QStringLiteral("[^0-9]"))).toLongLong();
        const int bottom = w.table()->rowAt(w.table()->viewport()->height() - 1);
        return counted >= 1 && counted <= w.model()->rowCount() - 1 - bottom;
    }());
    newEvents->click();
    QVERIFY(w.isFollowing());
    QTRY_COMPARE(bar->value(), bar->maximum());
}

void tst_MainWindow::homeAndEndInTheWindow()
{
    MainWindow w;
    w.show();
    QSignalSpy loaded(&w, &MainWindow::loaded);
    QVERIFY(w.openDirectory(m_dir.path()));
    QTRY_COMPARE(loaded.count(), 1);
    QVERIFY(w.isFollowing());
    w.table()->setFocus();
    QTest::keyClick(w.table(), Qt::Key_Home);
    QVERIFY(!w.isFollowing());
    QCOMPARE(w.table()->currentIndex().row(), 0);
    QCOMPARE(w.table()->rowAt(0), 0);
    QTRY_VERIFY(w.detail()->rawLine().startsWith("{\"seq\":1,"));
    QTest::keyClick(w.table(), Qt::Key_End);
    QVERIFY(w.isFollowing());
    QCOMPARE(w.table()->currentIndex().row(), 599);
    QCOMPARE(w.table()->verticalScrollBar()->value(), w.table()->verticalScrollBar()->maximum());
    QTRY_VERIFY(w.detail()->rawLine().startsWith("{\"seq\":600,"));
}

void tst_MainWindow::detailPaneSaysWhyItsEventIsGone()
{
    QTemporaryDir dir;
    JournalSimulator sim;
    simulate(sim, dir.path(), 300, 8 * 1024);
    MainWindow w;
    w.show();
    w.loader()->setPollInterval(50);
    QSignalSpy loaded(&w, &MainWindow::loaded);
    QVERIFY(w.openDirectory(dir.path()));
    QTRY_COMPARE(loaded.count(), 1);
    QVERIFY(w.goToSeq(5));
    QTRY_VERIFY(w.detail()->rawLine().startsWith("{\"seq\":5,"));
    // A filter that leaves it out: the pane says so instead of showing it.
    QSignalSpy filtered(w.loader(), &JournalLoader::filterFinished);
    auto *from = w.findChild<QLineEdit *>(QStringLiteral("filterFrom"));
    QTest::keyClicks(from, QStringLiteral("100"));
    QTRY_COMPARE(filtered.count(), 1);
    QTRY_VERIFY(detailHeader(w).contains(QStringLiteral("hidden by the current filter")));
    QTRY_VERIFY(w.detail()->rawLine().isEmpty());
    QVERIFY(!w.table()->selectionModel()->hasSelection());
    // Cleared, the filter gives it back, selected and highlighted.
    from->clear();
    QTRY_COMPARE(filtered.count(), 2);
    QTRY_VERIFY(w.detail()->rawLine().startsWith("{\"seq\":5,"));
    QCOMPARE(seqAt(w, w.table()->currentIndex().row()), quint64(5));
    QVERIFY(w.table()->selectionModel()->isRowSelected(w.table()->currentIndex().row(), {}));
    // Its file is pruned: the pane says so and no other event takes its place.
    const auto pruneFirst = [&] {
        const QString path = QString::fromUtf8(w.model()->journal().files().first().entry.path);
        QVERIFY(QFile::remove(path));
        QTRY_VERIFY(QString::fromUtf8(w.model()->journal().files().first().entry.path) != path);
    };
    pruneFirst();
    QTRY_VERIFY(detailHeader(w).contains(QStringLiteral("Seq 5 was pruned")));
    QVERIFY(!w.table()->currentIndex().isValid());
    QTRY_VERIFY(w.detail()->rawLine().isEmpty());
    const auto oldestNow = [&] {
        return QStringLiteral("The oldest retained seq is now %1.")
            .arg(w.model()->journal().oldestSeq().value_or(0));
    };
    QTRY_VERIFY2(detailHeader(w).contains(oldestNow()), qPrintable(detailHeader(w)));
    // Another prune while the pane says so: its "now" follows.
    pruneFirst();
    QTRY_VERIFY2(detailHeader(w).contains(oldestNow()) &&
                     detailHeader(w).contains(QStringLiteral("Seq 5 was pruned")),
                 qPrintable(detailHeader(w)));
    // Once another event is chosen, the pane shows it, and prunes no longer bring the message back.
    w.table()->goToLast();
    QTRY_VERIFY(!w.detail()->rawLine().isEmpty());
    pruneFirst();
    QVERIFY(!detailHeader(w).contains(QStringLiteral("was pruned")));
}

void tst_MainWindow::filtersKeepTheSelectedEventInView()
{
    MainWindow w;
    w.resize(1200, 700);
    w.show();
    QSignalSpy loaded(&w, &MainWindow::loaded);
    QVERIFY(w.openDirectory(m_dir.path()));
    QTRY_COMPARE(loaded.count(), 1);
    // Paused in the middle, nothing selected: a new seq range shows the start of its rows.
    scrollToRow(w, 200);
    QSignalSpy filtered(w.loader(), &JournalLoader::filterFinished);
    auto *from = w.findChild<QLineEdit *>(QStringLiteral("filterFrom"));
    QTest::keyClicks(from, QStringLiteral("400"));
    QTRY_COMPARE(filtered.count(), 1);
    QCOMPARE(topSeq(w), quint64(400));
    // With a selection: the selected event stays where it was on screen through the filter and its clearing.
    QVERIFY(w.goToSeq(450));
    const int offset = w.table()->currentIndex().row() - w.table()->rowAt(0);
    from->clear();
    QTRY_COMPARE(filtered.count(), 2);
    QCOMPARE(seqAt(w, w.table()->currentIndex().row()), quint64(450));
    QCOMPARE(w.table()->currentIndex().row() - w.table()->rowAt(0), offset);
    QTest::keyClicks(from, QStringLiteral("420"));
    QTRY_COMPARE(filtered.count(), 3);
    QCOMPARE(seqAt(w, w.table()->currentIndex().row()), quint64(450));
    QCOMPARE(w.table()->currentIndex().row() - w.table()->rowAt(0), offset);
}

void tst_MainWindow::countSaysFilteringUntilTheFilterIsDone()
{
    MainWindow w;
    w.show();
    QSignalSpy loaded(&w, &MainWindow::loaded);
    QVERIFY(w.openDirectory(m_dir.path()));
    QTRY_COMPARE(loaded.count(), 1);
    QCOMPARE(w.filterBar()->matchCountText(), QStringLiteral("600 events"));
    QString whileRunning;
    // Connected after the window's own handler: what the bar says once the filter has started.
    connect(w.filterBar(), &FilterBar::filterChanged, this,
            [&] { whileRunning = w.filterBar()->matchCountText(); });
    QSignalSpy filtered(w.loader(), &JournalLoader::filterFinished);
    QTest::keyClicks(w.findChild<QLineEdit *>(QStringLiteral("filterText")), QStringLiteral("web_fetch"));
    QTRY_COMPARE(filtered.count(), 1);
    QCOMPARE(whileRunning, QStringLiteral("filtering…"));
    QCOMPARE(w.filterBar()->matchCountText(), QStringLiteral("%1 of 600").arg(w.model()->rowCount()));
}

void tst_MainWindow::sessionsSidebarFiltersOnClick()
{
    MainWindow w;
    w.resize(1200, 700);
    w.show();
    QSignalSpy loaded(&w, &MainWindow::loaded);
    QVERIFY(w.openDirectory(m_dir.path()));
    QTRY_COMPARE(loaded.count(), 1);
    auto *sessions = w.findChild<SessionsPanel *>(QStringLiteral("sessions"));
    QTRY_VERIFY(sessions->model()->rowCount() > 1);       // counted on a worker
    QVERIFY(!sessions->selectionModel()->hasSelection()); // no session filter: nothing looks selected
    QVERIFY(!sessions->currentIndex().isValid());
    const QModelIndex item = sessions->model()->index(1, 0);
    const QString session = item.data(SessionListModel::SessionRole).toString();
    QSignalSpy filtered(w.loader(), &JournalLoader::filterFinished);
    QTest::mouseClick(sessions->viewport(), Qt::LeftButton, {}, sessions->visualRect(item).center());
    QTRY_COMPARE(filtered.count(), 1);
    QCOMPARE(w.loader()->filter().sessions, QStringList{session});
    QCOMPARE(sessions->currentIndex().row(), item.row());
    QVERIFY(sessions->selectionModel()->isRowSelected(item.row(), {}));
    for (int row = 0; row < w.model()->rowCount(); ++row)
        QCOMPARE(w.model()->index(row, EventTableModel::SessionColumn).data().toString(), session);
    // A second click shows every session again.
    QTest::mouseClick(sessions->viewport(), Qt::LeftButton, {}, sessions->visualRect(item).center());
    QTRY_COMPARE(filtered.count(), 2);
    QVERIFY(w.loader()->filter().sessions.isEmpty());
    QCOMPARE(w.model()->rowCount(), 600);
    QVERIFY(!sessions->selectionModel()->hasSelection());
}

void tst_MainWindow::shortcutsWorkInFilterFields()
{
    MainWindow w;
    w.show();
    QVERIFY(QTest::qWaitForWindowActive(&w));
    QSignalSpy loaded(&w, &MainWindow::loaded);
    QVERIFY(w.openDirectory(m_dir.path()));
    QTRY_COMPARE(loaded.count(), 1);
    const QStringList fields = {QStringLiteral("filterFrom"),    QStringLiteral("filterTo"),
                                QStringLiteral("filterSession"), QStringLiteral("filterAfter"),
                                QStringLiteral("filterBefore"),  QStringLiteral("filterText")};
    for (const QString &name : fields) {
        auto *field = w.findChild<QLineEdit *>(name);
        field->setFocus();
        QTRY_VERIFY(field->hasFocus());
        QTest::keyClick(field, Qt::Key_E, Qt::ControlModifier);
        auto *dialog = w.findChild<ExportDialog *>();
        QVERIFY2(dialog, qPrintable(name));
        delete dialog;
        QTest::keyClick(field, Qt::Key_R, Qt::ControlModifier);
        QTRY_VERIFY2(w.findChild<QDockWidget *>(QStringLiteral("retentionDock"))->isVisible(),
                     qPrintable(name));
        w.showRetention(false);
        field->setFocus();
        // Plain keys still type.
        QTest::keyClick(field, Qt::Key_F);
        QVERIFY(field->text().endsWith(QLatin1Char('f')));
        field->clear();
    }
}

void tst_MainWindow::pruneNoticeCountsEveryPrunedFile()
{
    QTemporaryDir dir;
    for (quint64 s = 1; s <= 300; s += 10)
        writeRange(dir.path(), s, s + 9); // 30 files
    MainWindow w;
    w.resize(1000, 600);
    w.show();
    w.loader()->setPollInterval(50);
    QSignalSpy loaded(&w, &MainWindow::loaded);
    QVERIFY(w.openDirectory(dir.path()));
    QTRY_COMPARE(loaded.count(), 1);
    QSignalSpy pruned(w.loader(), &JournalLoader::filesPruned);
    const QStringList names = QDir(dir.path()).entryList(QDir::Files, QDir::Name);
    // Two prunes the browser sees in two scans: 5 files, then 49.
    // (A scan may also land in the middle of a batch of deletions: the count adds up every scan either way.)
    for (int i = 0; i < 5; ++i)
        QVERIFY(QFile::remove(dir.filePath(names[i])));
    QTRY_VERIFY2(w.noticeText().startsWith(QStringLiteral("5 files pruned")), qPrintable(w.noticeText()));
    const int firstScans = int(pruned.count());
    for (int i = 5; i < 24; ++i)
        QVERIFY(QFile::remove(dir.filePath(names[i])));
    QTRY_VERIFY2(w.noticeText().startsWith(QStringLiteral("24 files pruned")), qPrintable(w.noticeText()));
    QVERIFY(pruned.count() > firstScans);
    QVERIFY(w.noticeText().contains(QStringLiteral("oldest retained seq is now 241")));
    // One line; the names are behind the disclosure.
    NoticeBar *notice = w.notice();
    QVERIFY(notice->height() < 3 * notice->fontMetrics().height());
    QVERIFY(!notice->text().contains(names[0]));
    QCOMPARE(notice->details().split(QLatin1Char('\n')).size(), 24);
    QVERIFY(!notice->detailsShown());
    QTest::mouseClick(notice->findChild<QAbstractButton *>(QStringLiteral("noticeDetails")), Qt::LeftButton);
    QVERIFY(notice->detailsShown());
    QVERIFY(notice->height() < w.table()->height());
    // Dismissed, it is gone; the next prune counts from zero.
    QTest::mouseClick(notice->findChild<QAbstractButton *>(QStringLiteral("noticeClose")), Qt::LeftButton);
    QVERIFY(w.noticeText().isEmpty());
    const int scansBefore = int(pruned.count());
    QVERIFY(QFile::remove(dir.filePath(names[24])));
    QTRY_COMPARE(int(pruned.count()), scansBefore + 1);
    QVERIFY2(w.noticeText().startsWith(QStringLiteral("1 file pruned")), qPrintable(w.noticeText()));
    // Closing the journal (Ctrl+W) clears it, and the retention panel's last result.
    w.retention()->previewPrune(2);
    QVERIFY(!w.retention()->pruneText().isEmpty());
    QVERIFY(QTest::qWaitForWindowActive(&w));
    QTest::keyClick(&w, Qt::Key_W, Qt::ControlModifier);
    QVERIFY2(w.noticeText().isEmpty(), qPrintable(w.noticeText()));
    QVERIFY(w.retention()->pruneText().isEmpty());
    QCOMPARE(w.model()->rowCount(), 0);
}

void tst_MainWindow::smallWindowLaysOut()
{
    MainWindow w;
    w.show();
    QSignalSpy loaded(&w, &MainWindow::loaded);
    QVERIFY(w.openDirectory(m_dir.path()));
    QTRY_COMPARE(loaded.count(), 1);
    for (const QSize size : {QSize(600, 400), QSize(3840, 2160)}) {
        w.resize(size);
        QTRY_COMPARE(w.size(), size);
        for (bool dock : {false, true}) {
            w.showRetention(dock);
            QApplication::processEvents();
            // Every filter field keeps the width it needs, and none overlaps another.
            QList<QRect> rects;
            const QList<QWidget *> fields = {w.findChild<QWidget *>(QStringLiteral("filterFrom")),
                                             w.findChild<QWidget *>(QStringLiteral("filterTo")),
                                             w.findChild<QWidget *>(QStringLiteral("filterSession")),
                                             w.findChild<QWidget *>(QStringLiteral("filterTypes")),
                                             w.findChild<QWidget *>(QStringLiteral("filterAfter")),
                                             w.findChild<QWidget *>(QStringLiteral("filterBefore")),
                                             w.findChild<QWidget *>(QStringLiteral("filterText")),
                                             w.findChild<QWidget *>(QStringLiteral("filterCount"))};
            for (QWidget *field : fields) {
                QVERIFY(field->isVisible());
                QVERIFY2(field->width() >= field->minimumSizeHint().width() ||
                             field->width() >= field->minimumWidth(),
                         qPrintable(field->objectName()));
                const QRect r(field->mapTo(&w, QPoint(0, 0)), field->size());
                for (const QRect &other : std::as_const(rects))
                    QVERIFY2(!r.intersects(other), qPrintable(field->objectName()));
                rects.append(r);
            }
            auto *after = w.findChild<QLineEdit *>(QStringLiteral("filterAfter"));
            QVERIFY(after->width() >=
                    after->fontMetrics().horizontalAdvance(QStringLiteral("2026-11-20T09:00:01.572000931Z")));
            QVERIFY(w.table()->height() > 0);
        }
        w.showRetention(false);
    }
}

void tst_MainWindow::columnsFitWhatTheyHold()
{
    QTemporaryDir dir;
    writeRange(dir.path(), 12345678901234567800ULL, 12345678901234567890ULL);
    MainWindow w;
    w.resize(1500, 850);
    w.show();
    QSignalSpy loaded(&w, &MainWindow::loaded);
    QVERIFY(w.openDirectory(dir.path()));
    QTRY_COMPARE(loaded.count(), 1);
    const QFontMetrics fm = w.table()->fontMetrics();
    QVERIFY(w.table()->columnWidth(EventTableModel::SeqColumn) >
            fm.horizontalAdvance(QStringLiteral("12345678901234567890")));
    // The file column shows the digits that tell files apart.
    QVERIFY(w.table()->columnWidth(EventTableModel::FileColumn) >
            fm.horizontalAdvance(QStringLiteral("…12345678901234567800.jsonl")));
    QVERIFY(w.table()->columnWidth(EventTableModel::TimeColumn) >
            fm.horizontalAdvance(w.model()->index(0, EventTableModel::TimeColumn).data().toString()));
}

void tst_MainWindow::summaryKeepsRoomToBeRead()
{
    MainWindow w;
    w.resize(1500, 850);
    w.show();
    QSignalSpy loaded(&w, &MainWindow::loaded);
    QVERIFY(w.openDirectory(m_dir.path()));
    QTRY_COMPARE(loaded.count(), 1);
    const QFontMetrics fm = w.table()->fontMetrics();
    // At the default size the summary keeps room for a few words (the whole file name left it ~30 px).
    QTRY_VERIFY(w.table()->columnWidth(EventTableModel::SummaryColumn) >
                fm.horizontalAdvance(QString(20, QLatin1Char('x'))));
}

void tst_MainWindow::emptyDirectorySaysSo()
{
    QTemporaryDir dir;
    QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("events")));
    writeFile(dir.filePath(QStringLiteral("events/notes.txt")), "x");
    MainWindow w;
    w.show();
    QSignalSpy loaded(&w, &MainWindow::loaded);
    QVERIFY(w.openDirectory(dir.path()));
    QTRY_COMPARE(loaded.count(), 1);
    QVERIFY2(w.noticeText().contains(QStringLiteral("No journal files")), qPrintable(w.noticeText()));
    QVERIFY(w.noticeText().contains(QStringLiteral("1 name here is not a journal file name")));
}

void tst_MainWindow::openRecentDropsMissingDirectories()
{
    QTemporaryDir kept;
    QString gonePath;
    {
        QTemporaryDir gone;
        gonePath = gone.path();
        QSettings().setValue(QStringLiteral("recentDirectories"), QStringList{gonePath, kept.path()});
    }
    MainWindow w;
    w.show();
    QMenu *recent = nullptr;
    const QList<QMenu *> menus = w.findChildren<QMenu *>();
    for (QMenu *menu : menus)
        if (menu->title().contains(QStringLiteral("Recent")))
            recent = menu;
    QVERIFY(recent);
    Q_EMIT recent->aboutToShow();
    QStringList shown;
    const QList<QAction *> actions = recent->actions();
    for (const QAction *a : actions)
        shown << a->text();
    QCOMPARE(shown, QStringList{QDir::toNativeSeparators(kept.path())});
    QCOMPARE(QSettings().value(QStringLiteral("recentDirectories")).toStringList(), QStringList{kept.path()});
}

void tst_MainWindow::everyInputHasAnAccessibleName()
{
    MainWindow w;
    w.show();
    w.showRetention(true);
    QSignalSpy loaded(&w, &MainWindow::loaded);
    QVERIFY(w.openDirectory(m_dir.path()));
    QTRY_COMPARE(loaded.count(), 1);
    QWidgetList widgets;
    for (QWidget *widget : w.findChildren<QWidget *>()) {
        if (qobject_cast<QLineEdit *>(widget) || qobject_cast<QAbstractButton *>(widget) ||
            qobject_cast<QAbstractItemView *>(widget) || qobject_cast<QComboBox *>(widget) ||
            qobject_cast<QAbstractSpinBox *>(widget))
            widgets << widget;
    }
    QVERIFY(widgets.size() > 15);
    for (QWidget *widget : std::as_const(widgets)) {
        // A spin box's own editor, a table's headers: parts of a named whole.
        if (qobject_cast<QAbstractSpinBox *>(widget->parentWidget()) || qobject_cast<QHeaderView *>(widget) ||
            !widget->isVisible())
            continue;
        QAccessibleInterface *iface = QAccessible::queryAccessibleInterface(widget);
        QVERIFY(iface);
        QVERIFY2(!iface->text(QAccessible::Name).trimmed().isEmpty(),
                 qPrintable(QStringLiteral("%1 (%2)").arg(
                     widget->objectName(), QString::fromLatin1(widget->metaObject()->className()))));
    }
}

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"
