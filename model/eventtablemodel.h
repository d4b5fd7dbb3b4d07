// SPDX-License-Identifier: MIT
#pragma once

#include "journalindex.h"

#include <QAbstractTableModel>
#include <QCache>
#include <QFutureWatcher>
#include <QSet>

#include <memory>
#include <optional>
#include <vector>

class QueryColumnCache;

// The journal as a table: one row per event in journal order (file order, then line order), or the rows a
// filter selected. It owns the JournalIndex the rows come from; the index changes only through this model
// (resetIndex, applyChanges), which turns every change into the smallest row insertions and removals.
// Summaries are decoded from the lines on a worker for the rows views ask for, and cached with a bound; until
// one arrives the summary cell is empty. GUI thread only; no file I/O on it.
class EventTableModel : public QAbstractTableModel, private JournalIndex::RowListener
{
    Q_OBJECT
public:
    enum Column { SeqColumn, TimeColumn, SessionColumn, TypeColumn, SummaryColumn, FileColumn, ColumnCount };
    enum Role {
        SeqRole = Qt::UserRole,
        FlagsRole,    // EventRecord::Flag bits
        IndexRowRole, // the row in the index (differs from the model row under a filter)
        FileNameRole,
        OffsetRole,
        LengthRole,
        TimeRole,          // ns since the epoch, or null when the server would reject the ts
        WouldBePrunedRole, // the row's file is in the prune preview
    };

    explicit EventTableModel(QObject *parent = nullptr);
    ~EventTableModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    const JournalIndex &journal() const { return m_index; }
    // The field values queries have read from this journal's lines, for the workers that filter, count values
    // and draw saved queries on the timeline; a new journal gets a new cache.
    std::shared_ptr<QueryColumnCache> queryCache() const { return m_queryCache; }
    void resetIndex(JournalIndex index);
    JournalIndex::Update applyChanges(JournalIndex::Changes &&changes);

    // Filtering: the rows of the index to show, ascending (nullopt: all).
    bool isFiltered() const { return m_filtered.has_value(); }
    void setFilteredRows(std::optional<std::vector<qint64>> rows);
    // Adds index rows that match the active filter (ascending); for events that arrived after it ran.
    void addFilteredRows(const std::vector<qint64> &rows);
    qint64 indexRow(int row) const;
    // The model row showing the first event with this seq, or -1.
    int rowForSeq(quint64 seq) const;
    int rowForIndexRow(qint64 indexRow) const;

    // An event's identity across row changes (appends, prunes, rescans, filters): its file, by start seq and
    // name, its byte offset there and its seq. Views anchor on it instead of on a row number.
    struct EventKey
    {
        quint64 seq = 0;
        quint64 fileStartSeq = 0;
        QString fileName;
        quint64 offset = 0;
        bool isNull() const { return fileName.isEmpty(); }
        bool operator==(const EventKey &o) const
        {
            return seq == o.seq && offset == o.offset && fileName == o.fileName;
        }
        bool operator!=(const EventKey &o) const { return !(*this == o); }
    };
    // Where an event is now. row: its row when shown (exact), else the row of the first shown event after
    // it, or -1 when none follows. inJournal: the index still holds it (a filter may hide it). pruned: its
    // file is older than every file left, as after a prune.
    struct Location
    {
        int row = -1;
        bool exact = false;
        bool inJournal = false;
        bool pruned = false;
    };
    EventKey keyOfRow(int row) const;
    // O(files + log rows): a lookup of the file, then binary searches.
    Location locate(const EventKey &key) const;

    // Marks the rows of the first `files` files as the ones a prune would delete (0: none).
    void setPrunePreview(int files);
    int prunePreview() const { return m_pruneFiles; }

    // The row's summary has been decoded (its cell shows it, or nothing when the line has none); false while
    // it is on its way.
    bool hasSummary(int row) const
    {
        return row >= 0 && row < rowCount() && m_summaries.contains(indexRow(row));
    }

    bool utc() const { return m_utc; }
    void setUtc(bool utc);
    QString timeText(qint64 nanos) const;

Q_SIGNALS:
    // The index changed (loaded, appended, pruned): counts and retention may have moved.
    void journalChanged();

private:
    void beginInsertRows(qint64 first, qint64 last) override;
    void endInsertRows() override;
    void beginRemoveRows(qint64 first, qint64 last) override;
    void endRemoveRows() override;
    void flagsMayHaveChanged() override;

    void requestSummary(qint64 indexRow) const;
    void startSummaryJob() const;
    void summariesReady();

    JournalIndex m_index;
    std::shared_ptr<QueryColumnCache> m_queryCache;
    std::optional<std::vector<qint64>> m_filtered;
    bool m_utc = false;
    int m_pruneFiles = 0;
    // Pending row change under a filter: index rows [first, last] and whether they are being removed.
    qint64 m_changeFirst = 0;
    qint64 m_changeCount = 0;
    bool m_changeVisible = false;

    mutable QCache<qint64, QString> m_summaries; // by index row
    mutable QSet<qint64> m_wanted;
    mutable QFutureWatcher<std::vector<std::pair<qint64, QString>>> m_summaryJob;
    mutable quint64 m_generation = 0; // bumped when rows shift: drops summaries decoded for old rows
    mutable quint64 m_jobGeneration = 0;
};
