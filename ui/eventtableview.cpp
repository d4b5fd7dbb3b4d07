// SPDX-License-Identifier: MIT
#include "eventtableview.h"

#include "eventtableaccessible.h"
#include "textcelldelegate.h"

#include <QAccessible>
#include <QHeaderView>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPaintEvent>
#include <QPainter>
#include <QScrollBar>

#include <algorithm>
#include <limits>

EventTableView::EventTableView(QWidget *parent)
    : QAbstractItemView(parent)
    , m_header(new QHeaderView(Qt::Horizontal, this))
{
    qRegisterMetaType<EventTableModel::EventKey>();
    EventTableAccessible::install();
    // Rows have one fixed height, so a scroll value is a row and a pixel offset into it: the view puts both
    // back.
    setVerticalScrollMode(ScrollPerPixel);
    setHorizontalScrollMode(ScrollPerPixel);
    setSelectionBehavior(SelectRows);
    setSelectionMode(SingleSelection);
    setRowHeight(fontMetrics().height() + 6);
    m_header->setSectionsClickable(false);
    m_header->setTextElideMode(Qt::ElideRight);
    connect(m_header, &QHeaderView::sectionResized, this, &EventTableView::sectionsChanged);
    connect(m_header, &QHeaderView::sectionMoved, this, &EventTableView::sectionsChanged);
    connect(m_header, &QHeaderView::sectionCountChanged, this, &EventTableView::sectionsChanged);
    connect(m_header, &QHeaderView::geometriesChanged, this, &EventTableView::updateGeometries);
}

EventTableView::~EventTableView()
{
    // The header outlives this part of the view (QWidget deletes its children later) and signals while it
    // is hidden and destroyed: nothing of it may reach a view that is already gone.
    disconnect(m_header, nullptr, this, nullptr);
}

void EventTableView::setModel(QAbstractItemModel *model)
{
    if (model == QAbstractItemView::model())
        return;
    if (m_model)
        disconnect(m_model, nullptr, this, nullptr);
    QAbstractItemView::setModel(model);
    m_header->setModel(model);
    m_model = qobject_cast<EventTableModel *>(model);
    m_changing = 0;
    forgetAnchors();
    if (!model)
        return;
    // Connected after the view's and the selection model's own handlers, so these run once both are done.
    // changeFinished() lays the rows out again for any model.
    connect(model, &QAbstractItemModel::rowsAboutToBeInserted, this, [this](const QModelIndex &, int start) {
        // Rows added below the last one on screen change nothing drawn (a load, a paused tail).
        if (start <= topRow() + visibleRows() + 1)
            m_shownRowsChanged = true;
        changeStarted();
    });
    connect(model, &QAbstractItemModel::rowsInserted, this, &EventTableView::changeFinished);
    connect(model, &QAbstractItemModel::rowsRemoved, this, &EventTableView::changeFinished);
    connect(model, &QAbstractItemModel::layoutAboutToBeChanged, this, [this] {
        m_shownRowsChanged = true;
        changeStarted();
    });
    connect(model, &QAbstractItemModel::layoutChanged, this, &EventTableView::changeFinished);
    connect(model, &QAbstractItemModel::modelAboutToBeReset, this, &EventTableView::resetStarted);
    connect(model, &QAbstractItemModel::modelReset, this, &EventTableView::resetFinished);
}

void EventTableView::setRowHeight(int pixels)
{
    pixels = std::max(1, pixels);
    if (pixels == m_rowHeight)
        return;
    const int top = topRow();
    const int pixel = topPixel();
    m_rowHeight = pixels;
    ++m_adjusting;
    updateGeometries();
    scrollToRowAtTop(top, std::min(pixel, pixels - 1));
    --m_adjusting;
    if (m_following)
        scrollToBottom();
    viewport()->update();
}

int EventTableView::columnWidth(int column) const
{
    return m_header->sectionSize(column);
}

void EventTableView::setColumnWidth(int column, int width)
{
    m_header->resizeSection(column, width);
}

void EventTableView::sectionsChanged()
{
    updateGeometries();
    viewport()->update();
}

bool EventTableView::scrollsByRow() const
{
    return m_byRow;
}

QRect EventTableView::shownRowsRect(int first, int last) const
{
    first = std::max(first, topRow());
    last = std::min(last, topRow() + visibleRows() + 1);
    if (first > last)
        return {};
    return QRect(0, rowViewportPosition(first), viewport()->width(), (last - first + 1) * m_rowHeight);
}

int EventTableView::visibleRows() const
{
    return std::max(1, viewport()->height() / m_rowHeight);
}

qint64 EventTableView::rowTop(int row) const
{
    return (qint64(row) - topRow()) * m_rowHeight - topPixel();
}

int EventTableView::rowViewportPosition(int row) const
{
    return int(std::clamp<qint64>(rowTop(row), std::numeric_limits<int>::min() / 2,
                                  std::numeric_limits<int>::max() / 2));
}

int EventTableView::rowAt(int y) const
{
    if (!model() || y < 0)
        return -1;
    const qint64 row = topRow() + (qint64(y) + topPixel()) / m_rowHeight;
    return row < model()->rowCount(rootIndex()) ? int(row) : -1;
}

QRect EventTableView::visualRect(const QModelIndex &index) const
{
    if (!index.isValid() || index.model() != model() || m_header->isSectionHidden(index.column()))
        return {};
    return QRect(m_header->sectionViewportPosition(index.column()), rowViewportPosition(index.row()),
                 m_header->sectionSize(index.column()), m_rowHeight);
}

QModelIndex EventTableView::indexAt(const QPoint &point) const
{
    const int row = rowAt(point.y());
    const int column = m_header->logicalIndexAt(point.x());
    if (row < 0 || column < 0)
        return {};
    return model()->index(row, column, rootIndex());
}

void EventTableView::scrollTo(const QModelIndex &index, ScrollHint hint)
{
    if (!index.isValid() || index.model() != model())
        return;
    // Across: the cell's start in view, without leaving a wide cell whose start already shows.
    if (!m_header->isSectionHidden(index.column())) {
        const int left = m_header->sectionViewportPosition(index.column());
        const int right = left + m_header->sectionSize(index.column());
        QScrollBar *across = horizontalScrollBar();
        if (left < 0)
            across->setValue(across->value() + left);
        else if (right > viewport()->width())
            across->setValue(across->value() + std::min(left, right - viewport()->width()));
    }
    const int row = index.row();
    const int rows = visibleRows();
    const int top = topRow();
    int newTop = top;
    int pixel = topPixel();
    switch (hint) {
    case PositionAtTop:
        newTop = row;
        pixel = 0;
        break;
    case PositionAtBottom:
        newTop = row - rows + 1;
        pixel = 0;
        break;
    case PositionAtCenter:
        newTop = row - rows / 2;
        pixel = 0;
        break;
    case EnsureVisible:
        if (row < top || (row == top && pixel > 0)) {
            newTop = row;
            pixel = 0;
        } else if (rowTop(row) + m_rowHeight > viewport()->height()) {
            newTop = row - rows + 1;
            pixel = 0;
        }
        break;
    }
    if (newTop != top || pixel != topPixel())
        scrollToRowAtTop(newTop, pixel);
}

int EventTableView::horizontalOffset() const
{
    return horizontalScrollBar()->value();
}

int EventTableView::verticalOffset() const
{
    const qint64 value = verticalScrollBar()->value();
    return scrollsByRow() ? int(std::min<qint64>(value * m_rowHeight, std::numeric_limits<int>::max()))
                          : int(value);
}

bool EventTableView::isIndexHidden(const QModelIndex &index) const
{
    return m_header->isSectionHidden(index.column());
}

void EventTableView::setSelection(const QRect &rect, QItemSelectionModel::SelectionFlags command)
{
    if (!model() || !selectionModel())
        return;
    const QRect r = rect.normalized();
    int first = rowAt(std::max(0, r.top()));
    int last = rowAt(std::min(r.bottom(), viewport()->height() - 1));
    if (r.bottom() < 0 || first < 0) {
        selectionModel()->select(QItemSelection(), command);
        return;
    }
    if (last < 0)
        last = model()->rowCount(rootIndex()) - 1;
    const int columns = model()->columnCount(rootIndex());
    const QItemSelection selection(model()->index(first, 0, rootIndex()),
                                   model()->index(last, std::max(0, columns - 1), rootIndex()));
    selectionModel()->select(selection, command);
}

QRegion EventTableView::visualRegionForSelection(const QItemSelection &selection) const
{
    QRegion region;
    for (const QItemSelectionRange &range : selection)
        if (range.isValid() && range.parent() == rootIndex())
            region += shownRowsRect(range.top(), range.bottom());
    return region;
}

void EventTableView::dataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                                 const QList<int> &roles)
{
    if (topLeft == bottomRight) {
        QAbstractItemView::dataChanged(topLeft, bottomRight, roles);
        return;
    }
    // A range (all rows, when marks change): only the rows on screen are drawn again. The base class would
    // ask for the rectangle of every cell in the range.
    if (!topLeft.isValid() || !bottomRight.isValid() || topLeft.parent() != rootIndex())
        return;
    const QRect shown = shownRowsRect(topLeft.row(), bottomRight.row());
    if (!shown.isEmpty())
        viewport()->update(shown);
#if QT_CONFIG(accessibility)
    if (QAccessible::isActive()) {
        QAccessibleTableModelChangeEvent event(this, QAccessibleTableModelChangeEvent::DataChanged);
        event.setFirstRow(topLeft.row());
        event.setFirstColumn(topLeft.column());
        event.setLastRow(bottomRight.row());
        event.setLastColumn(bottomRight.column());
        QAccessible::updateAccessibility(&event);
    }
#endif
}

void EventTableView::initViewItemOption(QStyleOptionViewItem *option) const
{
    QAbstractItemView::initViewItemOption(option);
    option->showDecorationSelected = true;
}

void EventTableView::paintEvent(QPaintEvent *event)
{
    QAbstractItemModel *itemModel = model();
    if (!itemModel || m_header->count() == 0)
        return;
    QPainter painter(viewport());
    QStyleOptionViewItem option;
    initViewItemOption(&option);
    const QRect dirty = event->rect();
    const int first = rowAt(std::max(0, dirty.top()));
    if (first < 0)
        return;
    int last = rowAt(dirty.bottom());
    if (last < 0)
        last = itemModel->rowCount(rootIndex()) - 1;
    const int firstVisual = std::max(0, m_header->visualIndexAt(dirty.left()));
    int lastVisual = m_header->visualIndexAt(dirty.right());
    if (lastVisual < 0)
        lastVisual = m_header->count() - 1;

    const QColor gridColor = QColor::fromRgba(
        static_cast<QRgb>(style()->styleHint(QStyle::SH_Table_GridLineColor, &option, this)));
    const QModelIndex current = currentIndex();
    const bool focus = (hasFocus() || viewport()->hasFocus()) && current.isValid();
    const bool enabled = option.state & QStyle::State_Enabled;
    // Where the columns end: the rows' backgrounds and the grid go no further.
    const int right = std::min(dirty.right() + 1, m_header->length() - m_header->offset());
    for (int row = first; row <= last; ++row) {
        const int y = rowViewportPosition(row);
        const bool selected = selectionModel() && selectionModel()->isRowSelected(row, rootIndex());
        QStyleOptionViewItem rowOption = option;
        if (alternatingRowColors() && row % 2)
            rowOption.features |= QStyleOptionViewItem::Alternate;
        if (selected)
            rowOption.state |= QStyle::State_Selected;
        // The row's background once (alternate, selected), not once per cell.
        rowOption.rect = QRect(dirty.left(), y, right - dirty.left(), m_rowHeight - 1);
        style()->drawPrimitive(QStyle::PE_PanelItemViewRow, &rowOption, &painter, this);
        for (int visual = firstVisual; visual <= lastVisual; ++visual) {
            const int column = m_header->logicalIndex(visual);
            if (m_header->isSectionHidden(column))
                continue;
            const QModelIndex index = itemModel->index(row, column, rootIndex());
            QStyleOptionViewItem cell = rowOption;
            cell.rect = QRect(m_header->sectionViewportPosition(column), y, m_header->sectionSize(column) - 1,
                              m_rowHeight - 1);
            if (enabled) {
                const bool itemEnabled = itemModel->flags(index) & Qt::ItemIsEnabled;
                cell.state.setFlag(QStyle::State_Enabled, itemEnabled);
                cell.palette.setCurrentColorGroup(itemEnabled ? QPalette::Normal : QPalette::Disabled);
            }
            if (focus && index == current)
                cell.state |= QStyle::State_HasFocus;
            itemDelegateForIndex(index)->paint(&painter, cell, index);
        }
    }
    // The grid: a line under each row and after each column, as far as the rows and columns go (filled
    // rectangles of one pixel: the cheapest line a raster engine draws).
    const int top = std::max(dirty.top(), rowViewportPosition(first));
    const int bottom = std::min(dirty.bottom(), rowViewportPosition(last) + m_rowHeight - 1);
    for (int row = first; row <= last; ++row)
        painter.fillRect(
            QRect(dirty.left(), rowViewportPosition(row) + m_rowHeight - 1, right - dirty.left(), 1),
            gridColor);
    for (int visual = firstVisual; visual <= lastVisual; ++visual) {
        const int column = m_header->logicalIndex(visual);
        if (m_header->isSectionHidden(column))
            continue;
        const int x = m_header->sectionViewportPosition(column) + m_header->sectionSize(column) - 1;
        painter.fillRect(QRect(x, top, 1, bottom - top + 1), gridColor);
    }
}

void EventTableView::showEvent(QShowEvent *event)
{
    QAbstractItemView::showEvent(event);
    prepareFonts();
}

void EventTableView::changeEvent(QEvent *event)
{
    QAbstractItemView::changeEvent(event);
    if (event->type() == QEvent::FontChange && isVisible())
        prepareFonts();
}

void EventTableView::prepareFonts()
{
    const auto *text = qobject_cast<const TextCellDelegate *>(itemDelegate());
    if (!text)
        return;
    // The fonts rows are drawn in: the view's, and in italics (unknown types, lines the server would skip).
    QFont italic = font();
    italic.setItalic(true);
    text->prepare(font(), true);
    text->prepare(italic, false);
}

void EventTableView::scrollContentsBy(int dx, int dy)
{
    if (dx)
        m_header->setOffset(horizontalScrollBar()->value());
    if (scrollsByRow())
        dy = int(std::clamp<qint64>(qint64(dy) * m_rowHeight, -viewport()->height() - 1,
                                    viewport()->height() + 1));
    if (std::abs(dy) > viewport()->height() || std::abs(dx) > viewport()->width())
        viewport()->update();
    else
        viewport()->scroll(dx, dy);
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
        if (m_following && m_model) {
            ++m_adjusting;
            scrollToBottom();
            --m_adjusting;
        }
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
    m_topPixel = topPixel();
}

int EventTableView::topRow() const
{
    const int value = verticalScrollBar()->value();
    return scrollsByRow() ? value : value / m_rowHeight;
}

int EventTableView::topPixel() const
{
    return scrollsByRow() ? 0 : verticalScrollBar()->value() % m_rowHeight;
}

void EventTableView::scrollToRowAtTop(int row, int pixel)
{
    row = std::max(0, row);
    const qint64 value = scrollsByRow() ? qint64(row) : qint64(row) * m_rowHeight + pixel;
    verticalScrollBar()->setValue(int(std::min<qint64>(value, std::numeric_limits<int>::max())));
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
    QAbstractItemView::keyPressEvent(event);
}

void EventTableView::mousePressEvent(QMouseEvent *event)
{
    if (m_following && indexAt(event->position().toPoint()).isValid())
        setFollowing(false);
    QAbstractItemView::mousePressEvent(event);
}

void EventTableView::focusInEvent(QFocusEvent *event)
{
    // The view makes the first row current when it gains focus: that is not the user's choice.
    ++m_adjusting;
    QAbstractItemView::focusInEvent(event);
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
    Q_UNUSED(modifiers);
    const QModelIndex current = currentIndex();
    const int rows = model() ? model()->rowCount(rootIndex()) : 0;
    if (!current.isValid() || rows == 0)
        return current;
    int row = current.row();
    int visual = m_header->visualIndex(current.column());
    // The next shown column in a direction, or where it was when there is none.
    const auto stepColumn = [this](int from, int step) {
        for (int v = from + step; v >= 0 && v < m_header->count(); v += step)
            if (!m_header->isSectionHidden(m_header->logicalIndex(v)))
                return v;
        return from;
    };
    switch (action) {
    case MoveUp:
    case MovePrevious:
        row -= 1;
        break;
    case MoveDown:
    case MoveNext:
        row += 1;
        break;
    case MovePageUp:
        row -= visibleRows();
        break;
    case MovePageDown:
        row += visibleRows();
        break;
    case MoveHome:
        row = 0;
        break;
    case MoveEnd:
        row = rows - 1;
        break;
    case MoveLeft:
        visual = stepColumn(visual, isRightToLeft() ? 1 : -1);
        break;
    case MoveRight:
        visual = stepColumn(visual, isRightToLeft() ? -1 : 1);
        break;
    }
    row = std::clamp(row, 0, rows - 1);
    return model()->index(row, std::max(0, m_header->logicalIndex(visual)), rootIndex());
}

void EventTableView::updateGeometries()
{
    ++m_adjusting;
    // The header above the rows, as wide as the viewport.
    const int headerHeight = m_header->isHidden() ? 0 : m_header->sizeHint().height();
    setViewportMargins(0, headerHeight, 0, 0);
    const QRect area = viewport()->geometry();
    m_header->setGeometry(area.left(), area.top() - headerHeight, area.width(), headerHeight);
    if (m_header->offset() != horizontalScrollBar()->value())
        m_header->setOffset(horizontalScrollBar()->value());

    // Past half of int's pixels, the scroll value counts rows; decided here, with the range it goes with.
    const qint64 rows = model() ? model()->rowCount(rootIndex()) : 0;
    const bool byRow = rows * m_rowHeight > std::numeric_limits<int>::max() / 2;
    const int keepTop = byRow != m_byRow ? topRow() : -1;
    m_byRow = byRow;
    QScrollBar *down = verticalScrollBar();
    if (m_byRow) {
        down->setSingleStep(1);
        down->setPageStep(visibleRows());
        down->setRange(0, int(std::max<qint64>(0, rows - visibleRows())));
    } else {
        down->setSingleStep(m_rowHeight);
        down->setPageStep(viewport()->height());
        down->setRange(0, int(std::max<qint64>(0, rows * m_rowHeight - viewport()->height())));
    }
    QScrollBar *across = horizontalScrollBar();
    across->setSingleStep(std::max(1, fontMetrics().averageCharWidth() * 3));
    across->setPageStep(viewport()->width());
    across->setRange(0, std::max(0, m_header->length() - viewport()->width()));
    if (keepTop >= 0)
        scrollToRowAtTop(keepTop);
    QAbstractItemView::updateGeometries();
    // The scroll range changed (a resize, or rows laid out late): the same events stay in view.
    if (m_model && m_changing == 0 && m_adjusting == 1)
        restoreScroll();
    --m_adjusting;
}

void EventTableView::rowsAboutToBeRemoved(const QModelIndex &parent, int start, int end)
{
    // Called before the selection model moves its current row off the removed rows; that move is no choice.
    m_shownRowsChanged = true;
    changeStarted();
    QAbstractItemView::rowsAboutToBeRemoved(parent, start, end);
}

void EventTableView::currentChanged(const QModelIndex &current, const QModelIndex &previous)
{
    QAbstractItemView::currentChanged(current, previous);
#if QT_CONFIG(accessibility)
    // The cell that has the focus, for a screen reader (the base class names no cell of a view it does not
    // know).
    if (QAccessible::isActive() && current.isValid() && hasFocus()) {
        if (auto *table = static_cast<EventTableAccessible *>(QAccessible::queryAccessibleInterface(this))) {
            QAccessibleEvent event(this, QAccessible::Focus);
            event.setChild(table->childIndex(current));
            QAccessible::updateAccessibility(&event);
        }
    }
#endif
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
    QAbstractItemView::verticalScrollbarValueChanged(value);
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
    updateGeometries(); // the new scroll range now, not in a later turn
    if (std::exchange(m_shownRowsChanged, false))
        viewport()->update(); // else a scroll repaints what it moves, and nothing else changed
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
        const int visible = visibleRows();
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
                const int visible = visibleRows();
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
        // Only when the current row moved off the event: a row the user deselected (Ctrl+click) stays so, and
        // so do the other rows of a selection.
        if (currentIndex().row() != where.row) {
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
        if (!m_hold) // the rows of a load in progress end at no event worth showing: the rows stay still
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
