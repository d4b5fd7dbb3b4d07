// SPDX-License-Identifier: MIT
#include "eventtablemodel.h"
#include "eventtableview.h"
#include "journalsimulator.h"
#include "testjournal.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QDir>
#include <QFile>
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
    void aLoadHoldsAFollowingViewStill();
    void rowsAppendedBelowTheScreenRepaintNothing();
    void clickingARowPausesFollowingAndKeepsItInPlace();
    void aDeselectedRowStaysDeselectedThroughAppends();
    void homeAndEndGoToTheFirstAndLastRow_data();
    void homeAndEndGoToTheFirstAndLastRow();
    void selectionFollowsItsEventThroughPrunesAndFilters();
    void selectedEventPrunedIsReported();
    void rescannedFileKeepsTheView();
    void newFilterKeepsTheSelectedEventWhereItWas();
    void newFilterWithoutSelectionShowsTheStart();
    void geometryOfRowsAndCells();
    void keysMoveByRowAndPage();
    void hundredsOfMillionsOfRowsScrollByRow();
};

using namespace TestJournal;

namespace {

// A table of any size that stores nothing: the view must not either.
class HugeModel : public QAbstractTableModel
{
public:
    explicit HugeModel(int rows)
        : m_rows(rows)
    {}
    int rowCount(const QModelIndex &parent = {}) const override { return parent.isValid() ? 0 : m_rows; }
    int columnCount(const QModelIndex &parent = {}) const override { return parent.isValid() ? 0 : 3; }
    QVariant data(const QModelIndex &index, int role) const override
    {
        return role == Qt::DisplayRole ? QVariant(QString::number(index.row())) : QVariant();
    }

private:
    int m_rows;
};

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

void tst_EventTableView::aLoadHoldsAFollowingViewStill()
{
    Fixture f(300);
    QTRY_COMPARE(f.bar()->value(), f.bar()->maximum());
    QVERIFY(f.view.isFollowing());
    f.view.setHoldAnchors(true); // a load: its rows come in file by file
    const quint64 top = f.topSeq();
    for (int i = 0; i < 3; ++i) {
        f.append(200);
        f.refresh();
        QCOMPARE(f.topSeq(), top);
        QVERIFY(f.bar()->value() < f.bar()->maximum());
    }
    QVERIFY(f.view.isFollowing());
    f.view.setHoldAnchors(false); // loaded: the newest row, at once
    QCOMPARE(f.bar()->value(), f.bar()->maximum());
    QCOMPARE(f.seqAt(f.view.rowAt(f.view.viewport()->height() - 1)), f.seqAt(f.model.rowCount() - 1));
    f.append(50);
    f.refresh();
    QCOMPARE(f.bar()->value(), f.bar()->maximum());
}

void tst_EventTableView::rowsAppendedBelowTheScreenRepaintNothing()
{
    Fixture f(300);
    f.view.setFollowing(false);
    f.scrollToRow(10);
    // Paints of the rows' area, counted as they reach it.
    struct PaintCounter : QObject
    {
        int paints = 0;
        bool eventFilter(QObject *, QEvent *event) override
        {
            paints += event->type() == QEvent::Paint ? 1 : 0;
            return false;
        }
    } counter;
    f.view.viewport()->installEventFilter(&counter);
    // The summaries of the rows in view arrive from a worker and repaint their rows.
    QTRY_VERIFY(f.model.hasRowText(f.view.rowAt(0)) &&
                f.model.hasRowText(f.view.rowAt(f.view.viewport()->height() - 1)));
    QTest::qWait(50);
    counter.paints = 0;
    f.append(100);
    f.refresh();
    QCoreApplication::processEvents();
    QCOMPARE(counter.paints, 0);
    QCOMPARE(f.bar()->maximum(), (f.model.rowCount() * f.view.rowHeight()) - f.view.viewport()->height());
    // Rows that change what is on screen repaint it: the rows above go (a prune).
    f.sim.close();
    const QStringList files =
        QDir(f.dir.path()).entryList({QStringLiteral("events-*.jsonl")}, QDir::Files, QDir::Name);
    QVERIFY(files.size() > 2);
    QVERIFY(QFile::remove(f.dir.filePath(files.first())));
    f.refresh();
    QTRY_VERIFY(counter.paints > 0);
}

void tst_EventTableView::clickingARowPausesFollowingAndKeepsItInPlace()
{
    Fixture f(400, 0);
    QVERIFY(f.view.isFollowing());
    QTRY_COMPARE(f.bar()->value(), f.bar()->maximum());
    const int row = f.view.rowAt(f.view.viewport()->height() / 2);
    const quint64 seq = f.seqAt(row);
    const int y = f.view.visualRect(f.model.index(row, 0)).top();
    f.click(row);
    QVERIFY(!f.view.isFollowing());
    QCOMPARE(f.currentSeq(), seq);
    // Appends do not carry the clicked row away, and the view does not jump to it later either.
    f.append(50);
    f.refresh();
    QTest::qWait(QApplication::doubleClickInterval() + 200);
    QCOMPARE(f.currentSeq(), seq);
    QCOMPARE(f.view.visualRect(f.view.currentIndex()).top(), y);
}

void tst_EventTableView::aDeselectedRowStaysDeselectedThroughAppends()
{
    Fixture f(400, 0);
    f.view.setSelectionMode(QAbstractItemView::ExtendedSelection);
    f.view.setFollowing(false);
    f.scrollToRow(100);
    f.click(102);
    const QRect r = f.view.visualRect(f.model.index(105, EventTableModel::TypeColumn));
    QTest::mouseClick(f.view.viewport(), Qt::LeftButton, Qt::ShiftModifier, r.center());
    QTest::mouseClick(f.view.viewport(), Qt::LeftButton, Qt::ControlModifier, r.center());
    const auto selected = [&f] {
        QList<int> rows;
        for (const QModelIndex &index : f.view.selectionModel()->selectedRows())
            rows.append(index.row());
        std::sort(rows.begin(), rows.end());
        return rows;
    };
    const QList<int> expected{102, 103, 104};
    QCOMPARE(selected(), expected);
    f.append(30);
    f.refresh();
    QApplication::processEvents();
    QCOMPARE(selected(), expected);
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

void tst_EventTableView::geometryOfRowsAndCells()
{
    Fixture f(300);
    EventTableView &v = f.view;
    v.setFollowing(false);
    f.scrollToRow(40);
    const int h = v.rowHeight();
    QCOMPARE(v.rowAt(0), 40);
    QCOMPARE(v.rowViewportPosition(40), 0);
    QCOMPARE(v.rowViewportPosition(41), h);
    QCOMPARE(v.rowViewportPosition(39), -h);
    // A pixel into a row: the row on top is partly shown.
    f.bar()->setValue(40 * h + h / 2);
    QCOMPARE(v.rowAt(0), 40);
    QCOMPARE(v.rowViewportPosition(41), h - h / 2);
    // Every cell's rectangle maps back to the cell, in every column, across the header's order.
    QHeaderView *header = v.horizontalHeader();
    header->moveSection(header->visualIndex(EventTableModel::TypeColumn), 0);
    for (int row = v.rowAt(0); row <= v.rowAt(v.viewport()->height() - 1); ++row) {
        for (int column = 0; column < f.model.columnCount(); ++column) {
            const QModelIndex index = f.model.index(row, column);
            const QRect r = v.visualRect(index);
            if (r.left() >= v.viewport()->width() || r.width() <= 0)
                continue;
            QCOMPARE(r.height(), h);
            QCOMPARE(v.indexAt(r.center()), index);
        }
    }
    // Past the last row and the last column: nothing.
    QCOMPARE(v.rowAt(-1), -1);
    f.bar()->setValue(f.bar()->maximum());
    QCOMPARE(v.rowAt(v.viewport()->height() - 1), f.model.rowCount() - 1);
    QVERIFY(!v.indexAt(QPoint(header->length() + 5, 2)).isValid());
    // A hidden column has no rectangle and is never current.
    header->hideSection(EventTableModel::SessionColumn);
    QVERIFY(v.visualRect(f.model.index(5, EventTableModel::SessionColumn)).isEmpty());
    // Scrolling across moves the header with the cells.
    v.setColumnWidth(EventTableModel::SummaryColumn, 2000);
    QVERIFY(v.horizontalScrollBar()->maximum() > 30);
    v.horizontalScrollBar()->setValue(30);
    QCOMPARE(header->offset(), 30);
    QCOMPARE(v.visualRect(f.model.index(5, header->logicalIndex(0))).left(), -30);
    // scrollTo: each hint puts the row where it says.
    const QModelIndex target = f.model.index(150, EventTableModel::SeqColumn);
    v.scrollTo(target, QAbstractItemView::PositionAtTop);
    QCOMPARE(v.rowAt(0), 150);
    v.scrollTo(target, QAbstractItemView::PositionAtBottom);
    QCOMPARE(v.rowAt(v.viewport()->height() - 1), 150);
    v.scrollTo(target, QAbstractItemView::PositionAtCenter);
    QVERIFY(qAbs(v.visualRect(target).center().y() - v.viewport()->height() / 2) <= h);
    const int before = f.bar()->value();
    v.scrollTo(target, QAbstractItemView::EnsureVisible); // already shown: stays
    QCOMPARE(f.bar()->value(), before);
    v.scrollTo(f.model.index(10, 0), QAbstractItemView::EnsureVisible);
    QCOMPARE(v.rowAt(0), 10);
}

void tst_EventTableView::keysMoveByRowAndPage()
{
    Fixture f(300);
    f.view.setFocus();
    f.view.goToRow(100, QAbstractItemView::PositionAtTop);
    const int page = f.view.viewport()->height() / f.view.rowHeight();
    QTest::keyClick(&f.view, Qt::Key_Down);
    QCOMPARE(f.view.currentIndex().row(), 101);
    QTest::keyClick(&f.view, Qt::Key_Up);
    QTest::keyClick(&f.view, Qt::Key_Up);
    QCOMPARE(f.view.currentIndex().row(), 99);
    QTest::keyClick(&f.view, Qt::Key_PageDown);
    QCOMPARE(f.view.currentIndex().row(), 99 + page);
    QVERIFY(f.view.visualRect(f.view.currentIndex()).bottom() < f.view.viewport()->height());
    QTest::keyClick(&f.view, Qt::Key_PageUp);
    QTest::keyClick(&f.view, Qt::Key_PageUp);
    QCOMPARE(f.view.currentIndex().row(), 99 - page);
    QVERIFY(f.view.visualRect(f.view.currentIndex()).top() >= 0);
    // Left and right move between shown columns in the header's order; the row stays selected.
    QHeaderView *header = f.view.horizontalHeader();
    f.view.setCurrentIndex(f.model.index(99 - page, header->logicalIndex(0)));
    QTest::keyClick(&f.view, Qt::Key_Right);
    QCOMPARE(f.view.currentIndex().column(), header->logicalIndex(1));
    QTest::keyClick(&f.view, Qt::Key_Left);
    QTest::keyClick(&f.view, Qt::Key_Left);
    QCOMPARE(f.view.currentIndex().column(), header->logicalIndex(0));
    QVERIFY(f.view.selectionModel()->isRowSelected(99 - page, {}));
    // At the ends the cursor stops.
    f.view.goToRow(0);
    QTest::keyClick(&f.view, Qt::Key_Up);
    QCOMPARE(f.view.currentIndex().row(), 0);
    f.view.goToRow(f.model.rowCount() - 1);
    QTest::keyClick(&f.view, Qt::Key_PageDown);
    QCOMPARE(f.view.currentIndex().row(), f.model.rowCount() - 1);
}

void tst_EventTableView::hundredsOfMillionsOfRowsScrollByRow()
{
    // 400 million rows are more pixels than a scroll bar holds: the view scrolls by row and still reaches
    // every row, and draws and hit-tests them.
    HugeModel model(400000000); // not walked by QAbstractItemModelTester: it would visit every row
    EventTableView view;
    view.setModel(&model);
    view.resize(500, 300);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QScrollBar *bar = view.verticalScrollBar();
    const int shown = view.viewport()->height() / view.rowHeight();
    QCOMPARE(bar->maximum(), model.rowCount() - shown);
    view.scrollToBottom();
    QCOMPARE(view.rowAt(0), model.rowCount() - shown);
    QCOMPARE(view.rowAt(view.rowHeight() * (shown - 1)), model.rowCount() - 1);
    const QModelIndex last = model.index(model.rowCount() - 1, 1);
    QCOMPARE(view.indexAt(view.visualRect(last).center()), last);
    view.scrollTo(model.index(250000000, 0), QAbstractItemView::PositionAtTop);
    QCOMPARE(view.rowAt(0), 250000000);
    QVERIFY(view.grab().width() > 0); // paints without overflow
    QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, QPoint(20, view.rowHeight() * 2 + 2));
    QCOMPARE(view.currentIndex().row(), 250000002);
}
