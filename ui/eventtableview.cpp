// SPDX-License-Identifier: MIT
#include "eventtableview.h"

#include <QHeaderView>
#include <QKeyEvent>
#include <QScrollBar>

EventTableView::EventTableView(QWidget *parent)
    : QTableView(parent)
{
    qRegisterMetaType<EventTableModel::EventKey>();
    // Rows have one fixed height, so a scroll value is a row and a pixel offset into it: the view puts both
    // back.
    setVerticalScrollMode(ScrollPerPixel);
    setSelectionBehavior(SelectRows);
    setSelectionMode(SingleSelection);
}

void EventTableView::setModel(QAbstractItemModel *model)
{
    if (m_model)
        disconnect(m_model, nullptr, this, nullptr);
    QTableView::setModel(model);
    m_model = qobject_cast<EventTableModel *>(model);
    m_changing = 0;
    forgetAnchors();
    if (!model)
        return;
    // Connected after the view's and the selection model's own handlers, so these run once both are done.
    connect(model, &QAbstractItemModel::rowsAboutToBeInserted, this, &EventTableView::changeStarted);
    connect(model, &QAbstractItemModel::rowsInserted, this, &EventTableView::changeFinished);
    connect(model, &QAbstractItemModel::rowsRemoved, this, &EventTableView::changeFinished);
    connect(model, &QAbstractItemModel::layoutAboutToBeChanged, this, &EventTableView::changeStarted);
    connect(model, &QAbstractItemModel::layoutChanged, this, &EventTableView::changeFinished);
    connect(model, &QAbstractItemModel::modelAboutToBeReset, this, &EventTableView::resetStarted);
    connect(model, &QAbstractItemModel::modelReset, this, &EventTableView::resetFinished);
}

void EventTableView::setFollowing(bool follow)
{
    const bool changed = m_following != follow;
    m_following = follow;
    if (follow) {
        ++m_adjusting;
        scrollToBottom();
        --m_adjusting;
    } else if (m_model) {
        setTopFromView();
    }
    if (changed)
        Q_EMIT followingChanged(follow);
}

void EventTableView::setFollowingFromView(bool follow)
{
    setFollowing(follow);
}

void EventTableView::goToRow(int row, ScrollHint hint)
{
    if (!m_model || row < 0 || row >= m_model->rowCount())
        return;
    if (m_following)
        setFollowing(false);
    const QModelIndex index = m_model->index(row, std::max(0, currentIndex().column()));
    ++m_adjusting;
    selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    scrollTo(index, hint);
    --m_adjusting;
    setTopFromView();
    const EventTableModel::EventKey key = m_model->keyOfRow(row);
    m_selectedShown = true;
    if (key != m_selectedKey) {
        m_selectedKey = key;
        Q_EMIT selectedEventChanged(key);
    }
}

void EventTableView::goToFirst()
{
    goToRow(0, PositionAtTop);
}

void EventTableView::goToLast()
{
    if (!m_model || m_model->rowCount() == 0) {
        setFollowing(true);
        return;
    }
    goToRow(m_model->rowCount() - 1, PositionAtBottom);
    setFollowing(true);
}

void EventTableView::setHoldAnchors(bool hold)
{
    m_hold = hold;
    if (!hold) {
        m_selectedShown = false; // shown again once it is found: its line may have changed
        scheduleSettle();
    }
}

void EventTableView::forgetAnchors()
{
    m_topKey = {};
    m_selectedKey = {};
    m_selectedShown = false;
    m_placeOnReset = false;
    m_selectedOffset = -1;
}

void EventTableView::setTopFromView()
{
    m_topKey = m_model ? m_model->keyOfRow(topRow()) : EventTableModel::EventKey();
    m_topPixel = verticalScrollBar()->value() % rowHeight();
}

int EventTableView::rowHeight() const
{
    return std::max(1, verticalHeader()->defaultSectionSize());
}

int EventTableView::topRow() const
{
    return verticalScrollBar()->value() / rowHeight();
}

void EventTableView::scrollToRowAtTop(int row, int pixel)
{
    verticalScrollBar()->setValue(std::max(0, row) * rowHeight() + pixel);
}

void EventTableView::keyPressEvent(QKeyEvent *event)
{
    const Qt::KeyboardModifiers mods = event->modifiers() & ~Qt::KeypadModifier;
    if ((event->key() == Qt::Key_Home || event->key() == Qt::Key_End) &&
        (mods == Qt::NoModifier || mods == Qt::ControlModifier)) {
        if (event->key() == Qt::Key_Home)
            goToFirst();
        else
            goToLast();
        event->accept();
        return;
    }
    QTableView::keyPressEvent(event);
}

void EventTableView::focusInEvent(QFocusEvent *event)
{
    // The view makes the first row current when it gains focus: that is not the user's choice.
    ++m_adjusting;
    QTableView::focusInEvent(event);
    if (m_selectedKey.isNull() && currentIndex().isValid())
        selectionModel()->clearCurrentIndex();
    --m_adjusting;
}

QModelIndex EventTableView::moveCursor(CursorAction action, Qt::KeyboardModifiers modifiers)
{
    // Without a current row, keys move from the rows on screen, not from the first row of the journal.
    if (m_model && !currentIndex().isValid() && m_model->rowCount() > 0 && action != MoveHome &&
        action != MoveEnd) {
        const bool down = action == MoveDown || action == MovePageDown || action == MoveNext;
        int row = down ? rowAt(viewport()->height() - 1) : rowAt(0);
        if (row < 0)
            row = m_model->rowCount() - 1;
        ++m_adjusting;
        selectionModel()->setCurrentIndex(m_model->index(row, 0), QItemSelectionModel::NoUpdate);
        --m_adjusting;
    }
    return QTableView::moveCursor(action, modifiers);
}

void EventTableView::updateGeometries()
{
    ++m_adjusting;
    QTableView::updateGeometries();
    // The scroll range changed (a resize, or rows laid out late): the same events stay in view.
    if (m_model && m_changing == 0 && m_adjusting == 1)
        restoreScroll();
    --m_adjusting;
}

void EventTableView::rowsAboutToBeRemoved(const QModelIndex &parent, int start, int end)
{
    // Called before the selection model moves its current row off the removed rows; that move is no choice.
    changeStarted();
    QTableView::rowsAboutToBeRemoved(parent, start, end);
}

void EventTableView::currentChanged(const QModelIndex &current, const QModelIndex &previous)
{
    QTableView::currentChanged(current, previous);
    if (m_adjusting || m_changing || !m_model)
        return;
    const EventTableModel::EventKey key = m_model->keyOfRow(current.row());
    m_selectedShown = !key.isNull();
    if (key != m_selectedKey) {
        m_selectedKey = key;
        Q_EMIT selectedEventChanged(key);
    }
}

void EventTableView::verticalScrollbarValueChanged(int value)
{
    QTableView::verticalScrollbarValueChanged(value);
    const bool up = value < m_lastValue;
    m_lastValue = value;
    if (m_adjusting || m_changing || !m_model)
        return;
    // The user scrolled (wheel, bar, keys, a click): scrolling up pauses following.
    if (m_following && up)
        setFollowing(false);
    if (!m_following)
        setTopFromView();
}

void EventTableView::changeStarted()
{
    ++m_changing;
}

void EventTableView::changeFinished()
{
    if (m_changing > 0 && --m_changing > 0)
        return;
    ++m_adjusting;
    doItemsLayout(); // the new scroll range now, not in a later turn
    restoreSelection();
    restoreScroll();
    --m_adjusting;
    scheduleSettle();
}

void EventTableView::resetStarted()
{
    ++m_changing;
    m_selectedOffset = -1;
    const int current = currentIndex().row();
    if (!m_selectedKey.isNull() && current >= 0) {
        const int top = topRow();
        const int visible = std::max(1, viewport()->height() / rowHeight());
        if (current >= top && current < top + visible)
            m_selectedOffset = current - top;
    }
}

void EventTableView::resetFinished()
{
    if (m_changing > 0)
        --m_changing;
    if (m_changing > 0)
        return;
    ++m_adjusting;
    doItemsLayout();
    restoreSelection();
    if (m_placeOnReset) {
        m_placeOnReset = false;
        // A selected event among the new rows stays in view, even when following: it is what the user looks
        // at.
        const bool selectedShown = !m_selectedKey.isNull() && m_model->locate(m_selectedKey).exact;
        if (m_following && selectedShown)
            setFollowing(false);
        if (m_following) {
            scrollToBottom();
        } else {
            int top = 0;
            if (!m_selectedKey.isNull()) {
                const EventTableModel::Location where = m_model->locate(m_selectedKey);
                const int visible = std::max(1, viewport()->height() / rowHeight());
                const int row = where.row >= 0 ? where.row : m_model->rowCount() - 1;
                top = row - (m_selectedOffset >= 0 ? m_selectedOffset : visible / 2);
            }
            scrollToRowAtTop(top);
            setTopFromView();
        }
    } else {
        restoreScroll();
    }
    --m_adjusting;
    scheduleSettle();
}

void EventTableView::restoreSelection()
{
    if (!m_model)
        return;
    const EventTableModel::Location where = m_model->locate(m_selectedKey);
    if (where.exact) {
        if (currentIndex().row() != where.row || !selectionModel()->isRowSelected(where.row, {})) {
            const QModelIndex index = m_model->index(where.row, std::max(0, currentIndex().column()));
            selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect |
                                                         QItemSelectionModel::Rows);
        }
    } else if (currentIndex().isValid() || selectionModel()->hasSelection()) {
        // The selection model moved the current row to a neighbour of removed rows: not the user's event.
        selectionModel()->clear();
    }
}

void EventTableView::restoreScroll()
{
    if (!m_model)
        return;
    if (m_following) {
        scrollToBottom();
        return;
    }
    if (m_topKey.isNull())
        return;
    const EventTableModel::Location where = m_model->locate(m_topKey);
    if (where.row >= 0)
        scrollToRowAtTop(where.row, where.inJournal ? m_topPixel : 0);
    else
        scrollToRowAtTop(m_model->rowCount() - 1);
}

void EventTableView::scheduleSettle()
{
    if (m_settlePending)
        return;
    m_settlePending = true;
    QMetaObject::invokeMethod(this, &EventTableView::settle, Qt::QueuedConnection);
}

void EventTableView::settle()
{
    m_settlePending = false;
    if (!m_model || m_hold)
        return;
    if (!m_selectedKey.isNull()) {
        const EventTableModel::Location where = m_model->locate(m_selectedKey);
        if (where.exact) {
            if (!m_selectedShown) {
                m_selectedShown = true;
                Q_EMIT selectedEventChanged(m_selectedKey);
            }
        } else if (!where.inJournal) {
            const EventTableModel::EventKey gone = m_selectedKey;
            m_selectedKey = {};
            m_selectedShown = false;
            Q_EMIT selectedEventGone(gone, where.pruned ? GoneReason::Pruned : GoneReason::Removed);
        } else if (m_selectedShown) {
            m_selectedShown = false;
            Q_EMIT selectedEventGone(m_selectedKey, GoneReason::HiddenByFilter);
        }
    }
    if (!m_following && !m_topKey.isNull()) {
        const EventTableModel::Location where = m_model->locate(m_topKey);
        if (!where.inJournal) {
            const EventTableModel::EventKey gone = m_topKey;
            ++m_adjusting;
            if (where.pruned)
                scrollToRowAtTop(0); // the oldest row left
            --m_adjusting;
            setTopFromView();
            if (where.pruned)
                Q_EMIT viewedEventsPruned(gone);
        }
    }
}
