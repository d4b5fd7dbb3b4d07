// SPDX-License-Identifier: MIT
#pragma once

#include "latestjob.h"
#include "stringtable.h"

#include <QAbstractTableModel>
#include <QStringList>

#include <limits>
#include <memory>
#include <vector>

class JournalIndex;

// Every session of the journal with its event count and last activity, plus a row for events without a
// session, sorted by any column (most recent activity first at the start). The counts and the sorting run on
// a worker over a frozen copy of the index's rows and names, so neither grows the GUI thread's work with the
// journal or the number of sessions; the list is replaced when a count lands (refreshed()).
class SessionListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { SessionColumn, EventsColumn, LastActivityColumn, ColumnCount };
    // The session's id in every column: "" for the row of events without a session.
    static constexpr int SessionRole = Qt::UserRole;
    // What the column sorts by: the id, the count, or the last activity in ns (null when no valid ts).
    static constexpr int SortRole = Qt::UserRole + 1;

    explicit SessionListModel(QObject *parent = nullptr);

    // Counts again from the index as it is now; the rows change when the count lands.
    void refresh(const JournalIndex &index);
    void clear();
    bool isRefreshing() const { return m_job.isRunning(); }
    // Whether the rows shown are sorted as asked (a sort asked for lands later).
    bool isSortedAsAsked() const;
    void setUtc(bool utc);

    // The session of a row ("" for events without one); the row of a session, or -1 when it is not listed.
    QString session(int row) const;
    int rowOf(const QString &session) const;
    // The session ids listed (not the row without one), sorted, and the length of the longest.
    QStringList sessionNames() const;
    qsizetype longestName() const;
    // The event types the index knew at the count, sorted.
    QStringList typeNames() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    // Sorts on a worker; the rows change when it lands.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    struct Summary;

Q_SIGNALS:
    void refreshed();

private:
    void land(Summary &summary);

    std::shared_ptr<const Summary> m_summary;
    int m_sortColumn = LastActivityColumn;
    Qt::SortOrder m_sortOrder = Qt::DescendingOrder;
    bool m_utc = false;
    LatestJob<Summary> m_job;
};

struct SessionListModel::Summary
{
    struct Row
    {
        quint32 id = 0;
        qint64 events = 0;
        qint64 lastTs = std::numeric_limits<qint64>::min();
    };
    StringTable::Strings names; // by session id
    std::vector<Row> rows;      // as sorted
    int sortColumn = LastActivityColumn;
    Qt::SortOrder sortOrder = Qt::DescendingOrder;
    std::vector<int> rowOfId;       // by session id; -1 when not listed
    QStringList sortedNames;        // the listed ids but 0, sorted
    std::vector<quint32> sortedIds; // their ids, in the same order
    qsizetype longestName = 0;
    QStringList types;

    void sortRows(int column, Qt::SortOrder order);
};
