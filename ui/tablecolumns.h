// SPDX-License-Identifier: MIT
#pragma once

#include "fieldcolumns.h"

#include <QObject>

class EventTableModel;
class QMenu;
class QSettings;
class EventTableView;
class QWidget;

// The event table's columns as the user arranges them: which show (fixed and field columns alike), in which
// order (sections are dragged), how wide, and which field columns there are. The header's context menu shows
// or hides each column, adds a column of the event dialect or by path, removes a field column and resets the
// whole arrangement. New field columns go just before the summary, so the summary keeps the room it has; the
// last visible column stretches to the table's edge. save() and restore() keep all of it in QSettings.
// GUI thread only.
class TableColumns : public QObject
{
    Q_OBJECT
public:
    TableColumns(EventTableView *table, EventTableModel *model, QObject *parent = nullptr);

    // The header's context menu for the section clicked (-1: none), owned by `parent`.
    QMenu *createMenu(int section, QWidget *parent);

    // Adds a field column (or shows it when the table has it) and makes it visible; returns its model column.
    int addColumn(const FieldColumn &column);
    // Adds a column by the path a person typed; false with the reason when it is not a path.
    bool addPathColumn(const QString &path, QString *error = nullptr);
    bool removeColumn(int column);
    // Hides or shows a column; the last visible column cannot be hidden.
    void setColumnVisible(int column, bool visible);
    // No field columns, every fixed column shown in its place at its width.
    void reset();
    // Asks for a path and adds it.
    void promptForPath(QWidget *parent);

    void save(QSettings &settings) const;
    void restore(const QSettings &settings);

Q_SIGNALS:
    // The arrangement went back to the default: widths are to be sized to what the columns hold.
    void layoutReset();

private:
    void showMenu(const QPoint &pos);
    void applyDefaultOrder();
    void enforceModes();
    int visibleCount() const;

    EventTableView *m_table;
    EventTableModel *m_model;
};
