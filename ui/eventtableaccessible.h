// SPDX-License-Identifier: MIT
#pragma once

#include <QAccessibleWidget>
#include <QHash>

class EventTableView;
class QModelIndex;

// What a screen reader reads of the event table: a table of the shown columns, in the header's order, whose
// cells are made when asked for (a journal has millions) and forgotten when the rows change. Qt builds its
// own table interface only for QTableView, QListView and QTreeView.
class EventTableAccessible : public QAccessibleWidget, public QAccessibleTableInterface
{
public:
    explicit EventTableAccessible(EventTableView *view);
    ~EventTableAccessible() override;

    // Installs the factory that gives every EventTableView this interface. Idempotent.
    static void install();

    EventTableView *view() const;
    // Accessible columns are the shown ones, left to right.
    int logicalColumn(int column) const;
    int accessibleColumn(int logical) const;
    int childIndex(const QModelIndex &index) const;

    void *interface_cast(QAccessible::InterfaceType type) override;
    int childCount() const override;
    QAccessibleInterface *child(int index) const override;
    int indexOfChild(const QAccessibleInterface *child) const override;
    QAccessibleInterface *childAt(int x, int y) const override;
    QAccessibleInterface *focusChild() const override;

    QAccessibleInterface *caption() const override { return nullptr; }
    QAccessibleInterface *summary() const override { return nullptr; }
    QAccessibleInterface *cellAt(int row, int column) const override;
    int selectedCellCount() const override;
    QList<QAccessibleInterface *> selectedCells() const override;
    QString columnDescription(int column) const override;
    QString rowDescription(int) const override { return {}; }
    int selectedColumnCount() const override { return 0; }
    int selectedRowCount() const override;
    int columnCount() const override;
    int rowCount() const override;
    QList<int> selectedColumns() const override { return {}; }
    QList<int> selectedRows() const override;
    bool isColumnSelected(int) const override { return false; }
    bool isRowSelected(int row) const override;
    bool selectRow(int row) override;
    bool selectColumn(int) override { return false; }
    bool unselectRow(int row) override;
    bool unselectColumn(int) override { return false; }
    void modelChange(QAccessibleTableModelChangeEvent *event) override;

private:
    void forgetCells() const;
    mutable QHash<quint64, QAccessible::Id> m_cells; // by row << 32 | logical column
};
