// SPDX-License-Identifier: MIT
#pragma once

#include <QTableView>

// A table read by whole rows (a list with columns): Home and End go to its first and last row, as they do in
// a list, instead of to the first and last column of the current row, which only scrolled it sideways.
class RowTableView : public QTableView
{
    Q_OBJECT
public:
    explicit RowTableView(QWidget *parent = nullptr);

protected:
    QModelIndex moveCursor(CursorAction action, Qt::KeyboardModifiers modifiers) override;
};
