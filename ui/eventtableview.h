// SPDX-License-Identifier: MIT
#pragma once

#include "eventtablemodel.h"

#include <QAbstractItemView>

class QHeaderView;

// The event table. It draws rows of one fixed height under a horizontal header, and keeps no state per row: a
// row's place is its number times the row height, so appending, pruning or filtering millions of rows costs
// the view nothing in proportion to them (a QTableView's vertical header keeps and walks an entry per row).
// The vertical scroll value is in pixels; past INT_MAX pixels of rows it counts rows instead.
//
// The table It keeps the user's place by event, not by row number: the event at the top of a paused
// view and the selected event are remembered by EventTableModel::EventKey and put back after every change of
// the rows (appends, prunes, rescans, filters), in the same turn, before anything is painted. Following
// (the newest row kept in view) turns off when the user scrolls up, presses Home or clicks a row (which then
// stays under the pointer instead of running up with the appends), and on only through setFollowing(true) or
// End; reaching the bottom by scrolling leaves it off. Home and End (with or without
// Ctrl) select the first and last row and scroll there.
//
// When the selected event leaves the rows (a filter hides it, a prune deletes it) selectedEventGone() says
// why; a hidden event is selected again when a filter shows it. When the events of a paused view are pruned,
// it moves to the oldest row left and viewedEventsPruned() says so. Every lookup is O(files + log rows).
// GUI thread only.
class EventTableView : public QAbstractItemView
{
    Q_OBJECT
public:
    enum class GoneReason { HiddenByFilter, Pruned, Removed };
    Q_ENUM(GoneReason)

    explicit EventTableView(QWidget *parent = nullptr);
    ~EventTableView() override;

    void setModel(QAbstractItemModel *model) override;
    EventTableModel *eventModel() const { return m_model; }

    QHeaderView *horizontalHeader() const { return m_header; }
    int rowHeight() const { return m_rowHeight; }
    void setRowHeight(int pixels);
    int columnWidth(int column) const;
    void setColumnWidth(int column, int width);
    // The row at a viewport y, or -1 past the rows; a row's top in the viewport (clamped to int).
    int rowAt(int y) const;
    int rowViewportPosition(int row) const;

    QRect visualRect(const QModelIndex &index) const override;
    void scrollTo(const QModelIndex &index, ScrollHint hint = EnsureVisible) override;
    QModelIndex indexAt(const QPoint &point) const override;
    // Typing in the table does not search its rows (that would walk millions on the GUI thread): the find bar
    // does.
    void keyboardSearch(const QString &) override {}

    bool isFollowing() const { return m_following; }
    void setFollowing(bool follow);

    // Selects the row as the user's choice and scrolls to it; pauses following unless it is the last row
    // and follow is asked for.
    void goToRow(int row, ScrollHint hint = PositionAtCenter);
    void goToFirst();
    void goToLast();

    EventTableModel::EventKey topEvent() const { return m_topKey; }
    EventTableModel::EventKey selectedEvent() const { return m_selectedKey; }
    // The next model reset comes from a new filter: keep the selected event in view (pausing following), else
    // show the start (or the end, when following).
    void placeOnNextReset() { m_placeOnReset = true; }
    // While held (a load in progress), events missing from the rows are not reported gone: they may come
    // back; and a following view stays where it is instead of running to the newest row of every file that
    // comes in (rows a reader cannot follow, and a repaint of the whole table each time): it goes to the
    // newest row when the hold ends.
    void setHoldAnchors(bool hold);
    // A new journal: nothing to keep.
    void forgetAnchors();

protected Q_SLOTS:
    void dataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                     const QList<int> &roles = QList<int>()) override;

Q_SIGNALS:
    void followingChanged(bool following);
    // The selected event changed (the user's choice, or it came back into the rows); a null key: none.
    void selectedEventChanged(const EventTableModel::EventKey &key);
    void selectedEventGone(const EventTableModel::EventKey &key, EventTableView::GoneReason reason);
    // The events a paused view showed were pruned; it now shows the oldest row left.
    void viewedEventsPruned(const EventTableModel::EventKey &gone);

protected:
    void paintEvent(QPaintEvent *event) override;
    void scrollContentsBy(int dx, int dy) override;
    int horizontalOffset() const override;
    int verticalOffset() const override;
    bool isIndexHidden(const QModelIndex &index) const override;
    void setSelection(const QRect &rect, QItemSelectionModel::SelectionFlags command) override;
    QRegion visualRegionForSelection(const QItemSelection &selection) const override;
    void initViewItemOption(QStyleOptionViewItem *option) const override;
    void keyPressEvent(QKeyEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void focusInEvent(QFocusEvent *event) override;
    QModelIndex moveCursor(CursorAction action, Qt::KeyboardModifiers modifiers) override;
    void updateGeometries() override;
    void showEvent(QShowEvent *event) override;
    void changeEvent(QEvent *event) override;
    void rowsAboutToBeRemoved(const QModelIndex &parent, int start, int end) override;
    void currentChanged(const QModelIndex &current, const QModelIndex &previous) override;
    void verticalScrollbarValueChanged(int value) override;

private:
    void changeStarted();
    void changeFinished();
    void resetStarted();
    void resetFinished();
    void restoreSelection();
    void restoreScroll();
    void scrollToRowAtTop(int row, int pixel = 0);
    void setTopFromView();
    void settle();
    void scheduleSettle();
    int topRow() const;
    int topPixel() const; // how far into the top row the view is scrolled
    bool scrollsByRow() const;
    QRect shownRowsRect(int first, int last) const; // the rows of [first, last] on screen
    qint64 rowTop(int row) const;                   // the row's top in the viewport, unclamped
    int visibleRows() const;                        // whole rows the viewport shows
    void sectionsChanged();
    void prepareFonts(); // the text delegate's fonts, before the rows need them
    void setFollowingFromView(bool follow);

    EventTableModel *m_model = nullptr;
    QHeaderView *m_header;
    int m_rowHeight = 20;
    bool m_byRow = false; // the vertical scroll value counts rows, not pixels
    EventTableModel::EventKey m_topKey;
    EventTableModel::EventKey m_selectedKey;
    bool m_selectedShown = false; // the selected event is among the rows
    bool m_following = true;
    bool m_placeOnReset = false;
    bool m_hold = false;
    bool m_settlePending = false;
    int m_changing = 0;              // inside a change of the model's rows
    bool m_shownRowsChanged = false; // the change reaches the rows on screen
    int m_adjusting = 0;             // moving the view ourselves
    int m_lastValue = 0;
    int m_topPixel = 0;        // how far into the top row a paused view is scrolled
    int m_selectedOffset = -1; // before a reset: the selected row's distance from the top row, if in view
};

Q_DECLARE_METATYPE(EventTableModel::EventKey)
