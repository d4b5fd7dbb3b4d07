// SPDX-License-Identifier: MIT
#pragma once

#include "fieldcolumns.h"
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
// one arrives the summary cell is empty. Field columns (FieldColumn: a header of the event dialect, or a
// path) follow the fixed ones; their values are decoded in the same parse as the summary and cached with it,
// and when the set of field columns changes, rows lacking a value for a new column are decoded again. GUI
// thread only; no file I/O on it.
class EventTableModel : public QAbstractTableModel, private JournalIndex::RowListener
{
    Q_OBJECT
public:
    // The fixed columns; field columns follow them, from ColumnCount on.
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
        FieldKindRole,     // field columns: the FieldValue::Kind of the cell (None until decoded)
        ContextRole,       // shown as context around a filter's match, not a match itself
        MarksRole,         // the RowMarker bits of the row (bookmarked, a find match), or'ed
    };

    // Marks other owners put on rows (bookmarks, find matches): MarksRole ors their bits, and the seq cell's
    // Qt::AccessibleDescriptionRole joins their words. Called for rows being painted: must be cheap.
    class RowMarker
    {
    public:
        virtual ~RowMarker() = default;
        virtual int marks(qint64 indexRow) const = 0;
        virtual QString markText(qint64 indexRow) const = 0;
    };
    enum Mark { Bookmarked = 1 << 0, FindMatch = 1 << 1 };
    void addMarker(const RowMarker *marker);
    // A marker's marks changed: views repaint.
    void marksChanged();

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
    // Takes the journal's index with changes a worker applied to a copy of this model's index, changes
    // that only append (JournalIndex::appliesAsAppend()): the new rows come in as one insertion, and the
    // cost here does not grow with them.
    void takeAppended(JournalIndex index, const JournalIndex::Update &update);

    // Filtering: the rows of the index to show, ascending (nullopt: all).
    bool isFiltered() const { return bool(m_filtered); }
    // The index rows a filter shows, ascending (null when unfiltered), frozen for a worker: a later change
    // to the filtered rows copies them first if a worker still holds these.
    std::shared_ptr<const std::vector<qint64>> filteredRows() const { return m_filtered; }
    void setFilteredRows(std::optional<std::vector<qint64>> rows);
    // The same, with the rows among them that are only context around a match (ascending, a subset).
    void setFilteredRows(std::vector<qint64> rows, std::vector<qint64> context);
    // Adds index rows that match the active filter (ascending); for events that arrived after it ran.
    void addFilteredRows(const std::vector<qint64> &rows);
    // The same with context rows among them: rows already shown keep what they are.
    void addFilteredRows(const std::vector<qint64> &rows, const std::vector<qint64> &context);
    bool isContextRow(qint64 indexRow) const;
    qint64 contextRowCount() const { return qint64(m_context.size()); }
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

    // The row's summary has been decoded (its cell shows it, or nothing when the line has none); false while
    // it is on its way.
    bool hasSummary(int row) const
    {
        return row >= 0 && row < rowCount() && m_summaries.contains(indexRow(row));
    }

    // Field columns, after the fixed ones: column ColumnCount + i shows fieldColumns()[i].
    const QList<FieldColumn> &fieldColumns() const { return m_fieldColumns; }
    // Replaces them all (one removal and one insertion of columns).
    void setFieldColumns(const QList<FieldColumn> &columns);
    // Appends a column; false when the table has it already.
    bool addFieldColumn(const FieldColumn &column);
    // Removes the field column shown at model column `column`; false when it is not one.
    bool removeFieldColumn(int column);
    // The field column at model column `column`, or null for a fixed one.
    const FieldColumn *fieldColumn(int column) const;
    // The row's summary and field values are decoded for the current columns.
    bool hasRowText(int row) const;

    bool utc() const { return m_utc; }
    void setUtc(bool utc);
    // yyyy-MM-dd HH:mm:ss.zzz, in local time or UTC (with a Z). GUI thread (it keeps the local zone's offset
    // between two of its transitions, so that a screen of rows asks the zone nothing).
    QString timeText(qint64 nanos) const;

Q_SIGNALS:
    // The index changed (loaded, appended, pruned): counts and retention may have moved.
    void journalChanged();
    // Index rows changed, whatever the filter shows: [first, first + count) came in (later rows moved up by
    // count) or went (later rows moved down). For owners of per-row state in index rows.
    void indexRowsInserted(qint64 first, qint64 count);
    void indexRowsRemoved(qint64 first, qint64 count);
    // A new index replaced the old one (a load, a reload, a close).
    void indexReset();

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
    std::vector<qint64> &filteredForChange();
    std::shared_ptr<std::vector<qint64>> m_filtered;
    std::vector<qint64> m_context; // index rows, ascending: shown as context only
    std::vector<const RowMarker *> m_markers;
    bool m_utc = false;
    struct LocalOffset
    {
        qint64 fromMs = 1, toMs = 0; // where the offset holds: [fromMs, toMs)
        int seconds = 0;
    };
    mutable LocalOffset m_localOffset;
    int m_pruneFiles = 0;
    // Pending row change under a filter: index rows [first, last] and whether they are being removed.
    qint64 m_changeFirst = 0;
    qint64 m_changeCount = 0;
    bool m_changeVisible = false;

    // What a row shows that is decoded from its line: the summary, and the values of the field columns it
    // was decoded for.
    struct RowText
    {
        QString summary;
        std::shared_ptr<const FieldColumns> columns;
        std::vector<FieldValue> values;
    };
    const FieldValue *fieldValue(qint64 indexRow, int fieldIndex) const;
    QVariant fieldData(qint64 indexRow, int fieldIndex, int role) const;

    QList<FieldColumn> m_fieldColumns;
    std::shared_ptr<const FieldColumns> m_columns; // compiled m_fieldColumns, shared with the decoding job
    mutable std::shared_ptr<const FieldColumns> m_jobColumns;
    mutable QCache<qint64, RowText> m_summaries; // by index row
    mutable QSet<qint64> m_wanted;
    mutable QFutureWatcher<std::vector<std::pair<qint64, RowText>>> m_summaryJob;
    mutable quint64 m_generation = 0; // bumped on a reset: drops what was decoded for another index
    mutable quint64 m_jobGeneration = 0;
    // Rows inserted (count > 0) or removed (count < 0) at `first` since the running decoding started: its
    // results are moved to where their rows are now, or dropped with them.
    mutable std::vector<std::pair<qint64, qint64>> m_jobShifts;
    mutable bool m_jobActive = false; // from a decoding's start until its results are handled
};
