// SPDX-License-Identifier: MIT
#include "eventtableaccessible.h"

#include "eventtableview.h"

#include <QHeaderView>
#include <QItemSelectionModel>
#include <QPointer>

namespace {

// One cell: its row and logical column. Made on demand and deleted with the table's cache whenever the rows
// change, so the numbers never go stale.
class CellAccessible : public QAccessibleInterface, public QAccessibleTableCellInterface
{
public:
    CellAccessible(EventTableView *view, int row, int column)
        : m_view(view)
        , m_row(row)
        , m_column(column)
    {}

    QModelIndex index() const
    {
        if (!m_view || !m_view->model())
            return {};
        return m_view->model()->index(m_row, m_column, m_view->rootIndex());
    }
    EventTableAccessible *tableInterface() const
    {
        return m_view ? static_cast<EventTableAccessible *>(QAccessible::queryAccessibleInterface(m_view))
                      : nullptr;
    }

    bool isValid() const override { return index().isValid(); }
    QObject *object() const override { return nullptr; }
    QAccessibleInterface *parent() const override { return tableInterface(); }
    QAccessibleInterface *child(int) const override { return nullptr; }
    QAccessibleInterface *childAt(int, int) const override { return nullptr; }
    int childCount() const override { return 0; }
    int indexOfChild(const QAccessibleInterface *) const override { return -1; }
    QString text(QAccessible::Text t) const override
    {
        if (t != QAccessible::Name && t != QAccessible::Value && t != QAccessible::Description)
            return {};
        const QModelIndex i = index();
        return t == QAccessible::Description ? i.data(Qt::ToolTipRole).toString()
                                             : i.data(Qt::DisplayRole).toString();
    }
    void setText(QAccessible::Text, const QString &) override {}
    QRect rect() const override
    {
        if (!m_view)
            return {};
        const QRect r = m_view->visualRect(index());
        if (r.isEmpty())
            return {};
        return QRect(m_view->viewport()->mapToGlobal(r.topLeft()), r.size());
    }
    QAccessible::Role role() const override { return QAccessible::Cell; }
    QAccessible::State state() const override
    {
        QAccessible::State st;
        if (!m_view)
            return st;
        st.selectable = true;
        st.focusable = true;
        st.selected = isSelected();
        st.focused = m_view->hasFocus() && m_view->currentIndex() == index();
        const QRect r = m_view->visualRect(index());
        st.invisible = r.isEmpty() || !m_view->viewport()->rect().intersects(r);
        st.offscreen = st.invisible;
        return st;
    }
    void *interface_cast(QAccessible::InterfaceType type) override
    {
        return type == QAccessible::TableCellInterface ? static_cast<QAccessibleTableCellInterface *>(this)
                                                       : nullptr;
    }

    bool isSelected() const override
    {
        return m_view && m_view->selectionModel() && m_view->selectionModel()->isSelected(index());
    }
    QList<QAccessibleInterface *> columnHeaderCells() const override { return {}; }
    QList<QAccessibleInterface *> rowHeaderCells() const override { return {}; }
    int columnIndex() const override
    {
        const EventTableAccessible *table = tableInterface();
        return table ? table->accessibleColumn(m_column) : -1;
    }
    int rowIndex() const override { return m_row; }
    int columnExtent() const override { return 1; }
    int rowExtent() const override { return 1; }
    QAccessibleInterface *table() const override { return tableInterface(); }

private:
    QPointer<EventTableView> m_view;
    int m_row;
    int m_column;
};

QAccessibleInterface *factory(const QString &className, QObject *object)
{
    if (className == QLatin1String("EventTableView"))
        if (auto *view = qobject_cast<EventTableView *>(object))
            return new EventTableAccessible(view);
    return nullptr;
}

} // namespace

EventTableAccessible::EventTableAccessible(EventTableView *view)
    : QAccessibleWidget(view, QAccessible::Table)
{}

EventTableAccessible::~EventTableAccessible()
{
    forgetCells();
}

void EventTableAccessible::install()
{
    static const bool installed = (QAccessible::installFactory(factory), true);
    Q_UNUSED(installed);
}

EventTableView *EventTableAccessible::view() const
{
    return static_cast<EventTableView *>(object());
}

int EventTableAccessible::logicalColumn(int column) const
{
    const QHeaderView *header = view()->horizontalHeader();
    for (int visual = 0, shown = 0; visual < header->count(); ++visual) {
        const int logical = header->logicalIndex(visual);
        if (header->isSectionHidden(logical))
            continue;
        if (shown++ == column)
            return logical;
    }
    return -1;
}

int EventTableAccessible::accessibleColumn(int logical) const
{
    const QHeaderView *header = view()->horizontalHeader();
    if (logical < 0 || logical >= header->count() || header->isSectionHidden(logical))
        return -1;
    int column = 0;
    for (int visual = 0; visual < header->visualIndex(logical); ++visual)
        column += header->isSectionHidden(header->logicalIndex(visual)) ? 0 : 1;
    return column;
}

int EventTableAccessible::childIndex(const QModelIndex &index) const
{
    const int column = accessibleColumn(index.column());
    if (!index.isValid() || column < 0)
        return -1;
    const qint64 child = qint64(index.row()) * columnCount() + column;
    return child <= std::numeric_limits<int>::max() ? int(child) : -1;
}

void *EventTableAccessible::interface_cast(QAccessible::InterfaceType type)
{
    if (type == QAccessible::TableInterface)
        return static_cast<QAccessibleTableInterface *>(this);
    return QAccessibleWidget::interface_cast(type);
}

int EventTableAccessible::rowCount() const
{
    const QAbstractItemModel *model = view()->model();
    return model ? model->rowCount(view()->rootIndex()) : 0;
}

int EventTableAccessible::columnCount() const
{
    const QHeaderView *header = view()->horizontalHeader();
    return header->count() - header->hiddenSectionCount();
}

int EventTableAccessible::childCount() const
{
    // Past int, the rows beyond are reachable through the table interface only.
    return int(std::min<qint64>(qint64(rowCount()) * columnCount(), std::numeric_limits<int>::max()));
}

QAccessibleInterface *EventTableAccessible::child(int index) const
{
    const int columns = columnCount();
    if (index < 0 || columns == 0)
        return nullptr;
    return cellAt(index / columns, index % columns);
}

int EventTableAccessible::indexOfChild(const QAccessibleInterface *child) const
{
    const auto *cell = dynamic_cast<const CellAccessible *>(child); // another view's cells are Cells too
    return cell ? childIndex(cell->index()) : -1;
}

QAccessibleInterface *EventTableAccessible::childAt(int x, int y) const
{
    const QPoint at = view()->viewport()->mapFromGlobal(QPoint(x, y));
    const QModelIndex index = view()->indexAt(at);
    return index.isValid() ? cellAt(index.row(), accessibleColumn(index.column())) : nullptr;
}

QAccessibleInterface *EventTableAccessible::focusChild() const
{
    const QModelIndex current = view()->currentIndex();
    return current.isValid() ? cellAt(current.row(), accessibleColumn(current.column())) : nullptr;
}

QAccessibleInterface *EventTableAccessible::cellAt(int row, int column) const
{
    const int logical = logicalColumn(column);
    if (row < 0 || row >= rowCount() || logical < 0)
        return nullptr;
    const quint64 key = quint64(row) << 32 | quint32(logical);
    const auto found = m_cells.constFind(key);
    if (found != m_cells.cend())
        return QAccessible::accessibleInterface(*found);
    auto *cell = new CellAccessible(view(), row, logical);
    m_cells.insert(key, QAccessible::registerAccessibleInterface(cell));
    return cell;
}

int EventTableAccessible::selectedRowCount() const
{
    return int(selectedRows().size());
}

QList<int> EventTableAccessible::selectedRows() const
{
    QList<int> rows;
    if (const QItemSelectionModel *selection = view()->selectionModel())
        for (const QModelIndex &index : selection->selectedRows())
            rows.append(index.row());
    std::sort(rows.begin(), rows.end());
    return rows;
}

int EventTableAccessible::selectedCellCount() const
{
    return selectedRowCount() * columnCount();
}

QList<QAccessibleInterface *> EventTableAccessible::selectedCells() const
{
    QList<QAccessibleInterface *> cells;
    const int columns = columnCount();
    for (const int row : selectedRows())
        for (int column = 0; column < columns; ++column)
            cells.append(cellAt(row, column));
    return cells;
}

QString EventTableAccessible::columnDescription(int column) const
{
    const QAbstractItemModel *model = view()->model();
    const int logical = logicalColumn(column);
    return model && logical >= 0 ? model->headerData(logical, Qt::Horizontal).toString() : QString();
}

bool EventTableAccessible::isRowSelected(int row) const
{
    const QItemSelectionModel *selection = view()->selectionModel();
    return selection && selection->isRowSelected(row, view()->rootIndex());
}

bool EventTableAccessible::selectRow(int row)
{
    QItemSelectionModel *selection = view()->selectionModel();
    if (!selection || row < 0 || row >= rowCount())
        return false;
    const QModelIndex index = view()->model()->index(row, 0, view()->rootIndex());
    const auto how = view()->selectionMode() == QAbstractItemView::SingleSelection
                         ? QItemSelectionModel::ClearAndSelect
                         : QItemSelectionModel::Select;
    selection->setCurrentIndex(index, how | QItemSelectionModel::Rows);
    return true;
}

bool EventTableAccessible::unselectRow(int row)
{
    QItemSelectionModel *selection = view()->selectionModel();
    if (!selection || row < 0 || row >= rowCount())
        return false;
    selection->select(view()->model()->index(row, 0, view()->rootIndex()),
                      QItemSelectionModel::Deselect | QItemSelectionModel::Rows);
    return true;
}

void EventTableAccessible::modelChange(QAccessibleTableModelChangeEvent *event)
{
    // A change of values leaves every cell where it is; anything else moves rows or columns.
    if (event->modelChangeType() != QAccessibleTableModelChangeEvent::DataChanged)
        forgetCells();
}

void EventTableAccessible::forgetCells() const
{
    const auto cells = std::exchange(m_cells, {});
    for (const QAccessible::Id id : cells)
        QAccessible::deleteAccessibleInterface(id);
}
