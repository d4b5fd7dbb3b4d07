// SPDX-License-Identifier: MIT
#include "eventtablemodel.h"
#include "eventtableview.h"
#include "journalsimulator.h"
#include "testjournal.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QHeaderView>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

class tst_EventTableView : public QObject
{
    Q_OBJECT
private slots:
    void pausedViewKeepsItsEventsThroughAppendsAndPrunes();
    void prunedViewMovesToTheOldestRow();
    void reachingTheBottomByScrollingDoesNotFollow();
    void scrollingUpPausesFollowing();
    void homeAndEndGoToTheFirstAndLastRow_data();
    void homeAndEndGoToTheFirstAndLastRow();
    void selectionFollowsItsEventThroughPrunesAndFilters();
    void selectedEventPrunedIsReported();
    void rescannedFileKeepsTheView();
    void newFilterKeepsTheSelectedEventWhereItWas();
    void newFilterWithoutSelectionShowsTheStart();
};

using namespace TestJournal;

namespace {

struct Fixture
{
    QTemporaryDir dir;
    JournalSimulator sim;
    EventTableModel model;
    QAbstractItemModelTester tester{&model, QAbstractItemModelTester::FailureReportingMode::QtTest};
    EventTableView view;

    explicit Fixture(int events, int keepFiles = 0)
    {
        JournalSimulator::Options options;
        options.rotateThreshold = 8 * 1024;
        options.keepFiles = keepFiles;
        QString error;
        if (!sim.open(dir.path(), options, &error))
            qFatal("%s", qPrintable(error));
        append(events);
        model.resetIndex(JournalIndex::build(dir.path()));
        view.setModel(&model);
        view.resize(700, 300);
        view.show();
        if (!QTest::qWaitForWindowExposed(&view))
            qFatal("the view is not shown");
    }
    void append(int events)
    {
        QString error;
        for (int i = 0; i < events; ++i) {
            if (!sim.appendNext(&error))
                qFatal("%s", qPrintable(error));
        }
    }
    // What the live loader does: scan what changed, apply it as row changes.
    void refresh()
    {
        model.applyChanges(
            JournalIndex::scanChanges(JournalDirectory::list(dir.path()), model.journal().cursors()));
    }
    quint64 seqAt(int row) const { return model.index(row, 0).data(EventTableModel::SeqRole).toULongLong(); }
    // The event drawn at the top of the viewport.
    quint64 topSeq() const { return seqAt(view.rowAt(0)); }
    quint64 currentSeq() const { return seqAt(view.currentIndex().row()); }
    QScrollBar *bar() const { return view.verticalScrollBar(); }
    // As the user would, with the wheel or the scroll bar.
    void scrollToRow(int row) { bar()->setValue(row * view.rowHeight()); }
    void click(int row)
    {
        const QRect r = view.visualRect(model.index(row, EventTableModel::TypeColumn));
        QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, r.center());
    }
};

} // namespace

void tst_EventTableView::pausedViewKeepsItsEventsThroughAppendsAndPrunes()
{
    Fixture f(600, 12);
    QVERIFY(f.view.isFollowing());
    QTRY_COMPARE(f.bar()->value(), f.bar()->maximum());
    // The user scrolls up a little, pausing the view.
    f.scrollToRow(f.model.rowCount() * 3 / 4);
    QVERIFY(!f.view.isFollowing());
    const quint64 top = f.topSeq();
    const quint64 oldestBefore = f.seqAt(0);
    int prunes = 0;
    for (int round = 0; round < 4; ++round) {
        const quint64 oldest = f.seqAt(0);
        f.append(25); // rotations, and the simulated server prunes to 12 files after each
        f.refresh();
        prunes += f.seqAt(0) != oldest;
        QCOMPARE(f.topSeq(), top);
        QApplication::processEvents(); // deferred layouts and the settle step must not move it either
        QCOMPARE(f.topSeq(), top);
        QVERIFY(!f.view.isFollowing());
    }
    QVERIFY2(prunes > 0, "the test must prune rows above the view");
    QVERIFY(f.seqAt(0) > oldestBefore);
}

void tst_EventTableView::prunedViewMovesToTheOldestRow()
{
    Fixture f(400, 10);
    f.scrollToRow(3); // near the oldest events
    QVERIFY(!f.view.isFollowing());
    const quint64 top = f.topSeq();
    QSignalSpy pruned(&f.view, &EventTableView::viewedEventsPruned);
    while (f.seqAt(0) <= top) {
        f.append(20);
        f.refresh();
    }
    QTRY_COMPARE(pruned.count(), 1);
    QCOMPARE(pruned.first().at(0).value<EventTableModel::EventKey>().seq, top);
    QCOMPARE(f.view.rowAt(0), 0);
    QCOMPARE(f.topSeq(), f.seqAt(0));
    QVERIFY(!f.view.isFollowing());
    // From there on it stays with the new oldest row's event while appends leave that event in place.
    bool stayed = false;
    for (int i = 0; i < 50 && !stayed; ++i) {
        const quint64 newTop = f.topSeq();
        f.append(1);
        f.refresh();
        QApplication::processEvents();
        if (f.seqAt(0) == newTop) { // this append did not rotate into a prune
            QCOMPARE(f.topSeq(), newTop);
            stayed = true;
        } else {
            QCOMPARE(f.topSeq(), f.seqAt(0));
        }
    }
    QVERIFY(stayed);
}

void tst_EventTableView::reachingTheBottomByScrollingDoesNotFollow()
{
    Fixture f(300);
    f.scrollToRow(10);
    QVERIFY(!f.view.isFollowing());
    f.bar()->setValue(f.bar()->maximum()); // scrolled all the way down
    QVERIFY(!f.view.isFollowing());
    const quint64 top = f.topSeq();
    f.append(30);
    f.refresh();
    QApplication::processEvents();
    QVERIFY(!f.view.isFollowing());
    QCOMPARE(f.topSeq(), top);
    QVERIFY(f.bar()->value() < f.bar()->maximum());
    f.view.setFollowing(true);
    QCOMPARE(f.bar()->value(), f.bar()->maximum());
    f.append(30);
    f.refresh();
    QApplication::processEvents();
    QCOMPARE(f.bar()->value(), f.bar()->maximum());
    QCOMPARE(f.seqAt(f.view.rowAt(f.view.viewport()->height() - 1)), f.sim.lastSeq());
}

void tst_EventTableView::scrollingUpPausesFollowing()
{
    Fixture f(300);
    QSignalSpy following(&f.view, &EventTableView::followingChanged);
    QTRY_COMPARE(f.bar()->value(), f.bar()->maximum());
    QTest::keyClick(&f.view, Qt::Key_PageUp);
    QVERIFY(!f.view.isFollowing());
    QCOMPARE(following.count(), 1);
    QCOMPARE(following.first().at(0).toBool(), false);
}

void tst_EventTableView::homeAndEndGoToTheFirstAndLastRow_data()
{
    QTest::addColumn<int>("modifiers");
    QTest::addRow("Home, End") << int(Qt::NoModifier);
    QTest::addRow("Ctrl+Home, Ctrl+End") << int(Qt::ControlModifier);
}

void tst_EventTableView::homeAndEndGoToTheFirstAndLastRow()
{
    QFETCH(int, modifiers);
    Fixture f(300);
    QSignalSpy selected(&f.view, &EventTableView::selectedEventChanged);
    QVERIFY(f.view.isFollowing());
    QTest::keyClick(&f.view, Qt::Key_Home, Qt::KeyboardModifiers(modifiers));
    QCOMPARE(f.view.currentIndex().row(), 0);
    QVERIFY(f.view.selectionModel()->isRowSelected(0, {}));
    QCOMPARE(f.bar()->value(), 0);
    QVERIFY(!f.view.isFollowing()); // Home leaves follow mode
    QCOMPARE(selected.count(), 1);
    QCOMPARE(selected.last().at(0).value<EventTableModel::EventKey>().seq, f.seqAt(0));
    // New events do not pull the view back down.
    f.append(20);
    f.refresh();
    QApplication::processEvents();
    QCOMPARE(f.bar()->value(), 0);

    QTest::keyClick(&f.view, Qt::Key_End, Qt::KeyboardModifiers(modifiers));
    const int last = f.model.rowCount() - 1;
    QCOMPARE(f.view.currentIndex().row(), last);
    QVERIFY(f.view.selectionModel()->isRowSelected(last, {}));
    QCOMPARE(f.bar()->value(), f.bar()->maximum());
    QVERIFY(f.view.isFollowing()); // End returns to following
    f.append(20);
    f.refresh();
    QApplication::processEvents();
    QCOMPARE(f.bar()->value(), f.bar()->maximum());
}

void tst_EventTableView::selectionFollowsItsEventThroughPrunesAndFilters()
{
    Fixture f(300);
    f.scrollToRow(100);
    QSignalSpy selected(&f.view, &EventTableView::selectedEventChanged);
    QSignalSpy gone(&f.view, &EventTableView::selectedEventGone);
    f.click(f.view.rowAt(0) + 3);
    QCOMPARE(selected.count(), 1);
    const quint64 seq = f.currentSeq();
    QCOMPARE(selected.last().at(0).value<EventTableModel::EventKey>().seq, seq);

    // The oldest file goes: every row moves up, the selection stays on its event, highlighted.
    QVERIFY(QFile::remove(QString::fromUtf8(f.model.journal().files().first().entry.path)));
    f.refresh();
    QApplication::processEvents();
    QCOMPARE(f.currentSeq(), seq);
    QVERIFY(f.view.selectionModel()->isRowSelected(f.view.currentIndex().row(), {}));
    QCOMPARE(gone.count(), 0);
    QCOMPARE(selected.count(), 1); // the same event: nothing to show again

    // A filter that leaves it out: no row is highlighted and the view says why.
    std::vector<qint64> others;
    const qint64 selectedIndexRow = f.model.indexRow(f.view.currentIndex().row());
    for (qint64 r = 0; r < f.model.journal().eventCount(); r += 2)
        if (r != selectedIndexRow)
            others.push_back(r);
    f.model.setFilteredRows(others);
    QTRY_COMPARE(gone.count(), 1);
    QCOMPARE(gone.last().at(1).value<EventTableView::GoneReason>(),
             EventTableView::GoneReason::HiddenByFilter);
    QVERIFY(!f.view.currentIndex().isValid());
    QVERIFY(!f.view.selectionModel()->hasSelection());

    // A filter that shows it again (here: none) selects it again.
    f.model.setFilteredRows(std::nullopt);
    QTRY_COMPARE(selected.count(), 2);
    QCOMPARE(selected.last().at(0).value<EventTableModel::EventKey>().seq, seq);
    QCOMPARE(f.currentSeq(), seq);
    QVERIFY(f.view.selectionModel()->isRowSelected(f.view.currentIndex().row(), {}));
}

void tst_EventTableView::selectedEventPrunedIsReported()
{
    Fixture f(300);
    f.view.goToRow(2);
    const quint64 seq = f.currentSeq();
    QSignalSpy gone(&f.view, &EventTableView::selectedEventGone);
    QVERIFY(QFile::remove(QString::fromUtf8(f.model.journal().files().first().entry.path)));
    f.refresh();
    QTRY_COMPARE(gone.count(), 1);
    QCOMPARE(gone.first().at(0).value<EventTableModel::EventKey>().seq, seq);
    QCOMPARE(gone.first().at(1).value<EventTableView::GoneReason>(), EventTableView::GoneReason::Pruned);
    // Not moved to a neighbour: the pane would show an event the user did not choose.
    QVERIFY(!f.view.currentIndex().isValid());
    QVERIFY(f.view.selectedEvent().isNull());
}

void tst_EventTableView::rescannedFileKeepsTheView()
{
    Fixture f(300);
    f.scrollToRow(f.model.rowCount() / 2);
    f.click(f.view.rowAt(0) + 2);
    const quint64 top = f.topSeq(), selected = f.currentSeq();
    // Every file is replaced by a copy (a new inode): its rows go and come back.
    const QList<FileIndex> files = f.model.journal().files();
    for (const FileIndex &fi : files) {
        const QString path = QString::fromUtf8(fi.entry.path);
        QVERIFY(QFile::copy(path, path + QStringLiteral(".copy")));
        QVERIFY(QFile::remove(path));
        QVERIFY(QFile::rename(path + QStringLiteral(".copy"), path));
    }
    QSignalSpy removed(&f.model, &QAbstractItemModel::rowsRemoved);
    f.refresh();
    QVERIFY(removed.count() > 0);
    QApplication::processEvents();
    QCOMPARE(f.topSeq(), top);
    QCOMPARE(f.currentSeq(), selected);
}

void tst_EventTableView::newFilterKeepsTheSelectedEventWhereItWas()
{
    Fixture f(300);
    f.scrollToRow(150);
    f.click(f.view.rowAt(0) + 4);
    const quint64 seq = f.currentSeq();
    std::vector<qint64> odd;
    for (qint64 r = 1; r < f.model.journal().eventCount(); r += 2)
        odd.push_back(r);
    const qint64 mine = f.model.indexRow(f.view.currentIndex().row());
    if (mine % 2 == 0)
        odd.insert(std::lower_bound(odd.begin(), odd.end(), mine), mine);
    f.view.placeOnNextReset();
    f.model.setFilteredRows(odd);
    QCOMPARE(f.currentSeq(), seq);
    QCOMPARE(f.view.currentIndex().row() - f.view.rowAt(0), 4); // at the same place on the screen
    // Clearing the filter keeps it in view too, not at seq 1.
    f.view.placeOnNextReset();
    f.model.setFilteredRows(std::nullopt);
    QCOMPARE(f.currentSeq(), seq);
    QCOMPARE(f.view.currentIndex().row() - f.view.rowAt(0), 4);
}

void tst_EventTableView::newFilterWithoutSelectionShowsTheStart()
{
    Fixture f(300);
    f.scrollToRow(40);
    QVERIFY(!f.view.isFollowing());
    std::vector<qint64> tail;
    for (qint64 r = 100; r < f.model.journal().eventCount(); ++r)
        tail.push_back(r);
    f.view.placeOnNextReset();
    f.model.setFilteredRows(tail); // as a seq range starting at the 101st event
    QCOMPARE(f.bar()->value(), 0);
    QCOMPARE(f.topSeq(), f.seqAt(0));
    QCOMPARE(f.topSeq(), f.model.journal().record(100).seq);
}

QTEST_MAIN(tst_EventTableView)
#include "tst_eventtableview.moc"
