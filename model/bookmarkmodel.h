// SPDX-License-Identifier: MIT
#pragma once

#include "bookmarkstore.h"
#include "eventtablemodel.h"

#include <QAbstractTableModel>
#include <QHash>

// The bookmarks of the open journal, in journal order, as a table (seq, time, name, summary, state), kept in
// a BookmarkStore and saved at every change. Each bookmark names its event by EventTableModel::EventKey, so
// it survives filters, reloads, restarts and prunes: one whose event is not among the table's rows says why
// (hidden by the filter, pruned, gone from a file read again) and stays until removed by hand. Marks
// bookmarked rows on the event model (EventTableModel::Bookmarked). A bookmark's summary is decoded from its
// line on a worker when the table has not decoded it yet. GUI thread only.
class BookmarkModel : public QAbstractTableModel, public EventTableModel::RowMarker
{
    Q_OBJECT
public:
    enum Column { SeqColumn, TimeColumn, NameColumn, SummaryColumn, StateColumn, ColumnCount };
    enum Role { StateRole = Qt::UserRole }; // a State
    enum class State { Shown, HiddenByFilter, Pruned, Gone };

    explicit BookmarkModel(EventTableModel *events, QObject *parent = nullptr);
    ~BookmarkModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    // The name is editable in place.
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;

    // Where bookmarks are kept (default: BookmarkStore::defaultPath()).
    void setStorePath(const QString &path);
    // Shows the bookmarks of this events directory (empty: none).
    void setJournal(const QString &eventsDir);
    QString journalKey() const { return m_key; }

    const QList<Bookmark> &bookmarks() const { return m_list; }
    State state(int i) const;
    EventTableModel::EventKey keyOf(int i) const;
    // The bookmark of the event on this row of the event table, or -1.
    int bookmarkOfRow(int eventRow) const;
    // Adds a bookmark on the event of this row of the event table, or removes the one there. Returns whether
    // the event is bookmarked now.
    bool toggle(int eventRow);
    void rename(int i, const QString &name);
    void remove(int i);
    // The event-table row of the next (or previous) bookmarked event shown after `fromRow` (-1: from the
    // start, or the end backward), wrapping around; -1 when no bookmark is shown.
    int nextRow(int fromRow, bool forward, bool *wrapped = nullptr) const;

    // This journal's bookmarks as JSON (BookmarkStore's shape); import adds those not there yet.
    bool exportTo(const QString &path, QString *error) const;
    // Returns how many were added, or -1 with the reason.
    int importFrom(const QString &path, QString *error);

    int marks(qint64 indexRow) const override;
    QString markText(qint64 indexRow) const override;

Q_SIGNALS:
    // Saving failed; the bookmarks stay in memory.
    void saveFailed(const QString &error);

private:
    void changed();
    void statesChanged();
    void rebuildLookup();
    void fetchSummary(const Bookmark &b, const QByteArray &path, quint32 length);

    EventTableModel *m_events;
    BookmarkStore m_store;
    QString m_key;
    QList<Bookmark> m_list;
    QHash<QPair<QString, quint64>, int> m_lookup; // (file name, offset) -> position
    bool m_stateQueued = false;
};
