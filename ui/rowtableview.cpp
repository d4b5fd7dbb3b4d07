// SPDX-License-Identifier: MIT
#include "rowtableview.h"

#include <QHeaderView>

RowTableView::RowTableView(QWidget *parent)
    : QTableView(parent)
{
    setSelectionBehavior(QAbstractItemView::SelectRows);
}

QModelIndex RowTableView::moveCursor(CursorAction action, Qt::KeyboardModifiers modifiers)
{
    // QTableView moves along the row for Home and End, and with Ctrl to a corner: to the first or last
    // column too. Here both stay in the current column.
    if ((action != MoveHome && action != MoveEnd) || !model())
        return QTableView::moveCursor(action, modifiers);
    const QModelIndex current = currentIndex();
    const int column = current.isValid() ? current.column() : std::max(0, columnAt(0));
    const QHeaderView *rows = verticalHeader();
    const int count = rows->count();
    for (int i = 0; i < count; ++i) {
        const int row = rows->logicalIndex(action == MoveHome ? i : count - 1 - i);
        if (!isRowHidden(row))
            return model()->index(row, column, rootIndex());
    }
    return current;
}
