// SPDX-License-Identifier: MIT
#include "eventtablemodel.h"
#include "journalfile.h"
#include "latestjob.h"
#include "querycolumncache.h"
#include "timestamp.h"
#include "workerpool.h"

#include <QDateTime>
#include <QFileInfo>
#include <QTimeZone>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

namespace {

struct LineRef
{
    qint64 indexRow;
    QByteArray path;
    quint64 offset;
    quint32 length;
};

template <typename RowText>
std::vector<std::pair<qint64, RowText>> decodeRows(const std::vector<LineRef> &refs,
                                                   const std::shared_ptr<const FieldColumns> &columns)
{
    std::vector<std::pair<qint64, RowText>> out;
    out.reserve(refs.size());
    RowDecoder decoder;
    QByteArray buffer;
    for (const LineRef &ref : refs) {
        buffer.resize(qsizetype(ref.length));
        if (!JournalFile(ref.path).readExactly(ref.offset, buffer.data(), ref.length))
            continue;
        RowDecoder::Row row =
            decoder.decode(std::string_view(buffer.constData(), size_t(buffer.size())), columns.get());
        out.emplace_back(ref.indexRow, RowText{std::move(row.summary), columns, std::move(row.values)});
    }
    return out;
}

} // namespace

EventTableModel::EventTableModel(QObject *parent)
    : QAbstractTableModel(parent)
    , m_queryCache(std::make_shared<QueryColumnCache>())
    , m_columns(std::make_shared<const FieldColumns>())
    , m_summaries(20000)
{
    connect(&m_summaryJob, &QFutureWatcherBase::finished, this, &EventTableModel::summariesReady);
}

EventTableModel::~EventTableModel()
{
    m_summaryJob.waitForFinished();
}

int EventTableModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid())
        return 0;
    return int(m_filtered ? qint64(m_filtered->size()) : m_index.eventCount());
}

int EventTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount + int(m_fieldColumns.size());
}

const FieldColumn *EventTableModel::fieldColumn(int column) const
{
    const int i = column - ColumnCount;
    return i >= 0 && i < m_fieldColumns.size() ? &m_fieldColumns[i] : nullptr;
}

void EventTableModel::setFieldColumns(const QList<FieldColumn> &columns)
{
    QList<FieldColumn> unique;
    for (const FieldColumn &c : columns)
        if (!unique.contains(c))
            unique.append(c);
    if (unique == m_fieldColumns)
        return;
    if (!m_fieldColumns.isEmpty()) {
        beginRemoveColumns({}, ColumnCount, ColumnCount + int(m_fieldColumns.size()) - 1);
        m_fieldColumns.clear();
        m_columns = std::make_shared<const FieldColumns>();
        endRemoveColumns();
    }
    if (!unique.isEmpty()) {
        beginInsertColumns({}, ColumnCount, ColumnCount + int(unique.size()) - 1);
        m_fieldColumns = unique;
        m_columns = std::make_shared<const FieldColumns>(m_fieldColumns);
        endInsertColumns();
    }
}

bool EventTableModel::addFieldColumn(const FieldColumn &column)
{
    if (m_fieldColumns.contains(column))
        return false;
    const int at = ColumnCount + int(m_fieldColumns.size());
    beginInsertColumns({}, at, at);
    m_fieldColumns.append(column);
    m_columns = std::make_shared<const FieldColumns>(m_fieldColumns);
    endInsertColumns();
    return true;
}

bool EventTableModel::removeFieldColumn(int column)
{
    if (!fieldColumn(column))
        return false;
    beginRemoveColumns({}, column, column);
    m_fieldColumns.removeAt(column - ColumnCount);
    m_columns = std::make_shared<const FieldColumns>(m_fieldColumns);
    endRemoveColumns();
    return true;
}

bool EventTableModel::hasRowText(int row) const
{
    if (row < 0 || row >= rowCount())
        return false;
    const RowText *t = m_summaries.object(indexRow(row));
    if (!t)
        return false;
    for (const FieldColumn &c : m_fieldColumns)
        if (!t->columns || t->columns->indexOf(c) < 0)
            return false;
    return true;
}

const FieldValue *EventTableModel::fieldValue(qint64 indexRow, int fieldIndex) const
{
    const RowText *t = m_summaries.object(indexRow);
    if (t && t->columns == m_columns)
        return &t->values[size_t(fieldIndex)];
    // Decoded for another set of columns: its value still holds when it has this column.
    const qsizetype at = t && t->columns ? t->columns->indexOf(m_fieldColumns[fieldIndex]) : -1;
    if (at >= 0)
        return &t->values[size_t(at)];
    requestSummary(indexRow);
    return nullptr;
}

qint64 EventTableModel::indexRow(int row) const
{
    return m_filtered ? (*m_filtered)[size_t(row)] : qint64(row);
}

int EventTableModel::rowForIndexRow(qint64 indexRow) const
{
    if (!m_filtered)
        return indexRow >= 0 && indexRow < m_index.eventCount() ? int(indexRow) : -1;
    const auto it = std::lower_bound(m_filtered->begin(), m_filtered->end(), indexRow);
    return it != m_filtered->end() && *it == indexRow ? int(it - m_filtered->begin()) : -1;
}

int EventTableModel::rowForSeq(quint64 seq) const
{
    // Journal order is seq order when healthy: binary search, then a scan for journals that are not.
    const int n = rowCount();
    int lo = 0, hi = n;
    while (lo < hi) {
        const int mid = lo + (hi - lo) / 2;
        if (m_index.record(indexRow(mid)).seq < seq)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < n && m_index.record(indexRow(lo)).seq == seq)
        return lo;
    for (int row = 0; row < n; ++row) {
        if (m_index.record(indexRow(row)).seq == seq)
            return row;
    }
    return -1;
}

EventTableModel::EventKey EventTableModel::keyOfRow(int row) const
{
    if (row < 0 || row >= rowCount())
        return {};
    const qint64 at = indexRow(row);
    const EventRecord &r = m_index.record(at);
    const JournalEntry &entry = m_index.files()[m_index.fileOfRow(at)].entry;
    return {r.seq, entry.startSeq, entry.name, r.offset()};
}

EventTableModel::Location EventTableModel::locate(const EventKey &key) const
{
    Location where;
    if (key.isNull())
        return where;
    const QList<FileIndex> &files = m_index.files();
    // Files are in journal order: by start seq, then name.
    int file = 0;
    while (file < files.size() &&
           (files[file].entry.startSeq < key.fileStartSeq ||
            (files[file].entry.startSeq == key.fileStartSeq && files[file].entry.name < key.fileName)))
        ++file;
    qint64 at = file < files.size() ? m_index.firstRowOfFile(file) : m_index.eventCount();
    if (file < files.size() && files[file].entry.name == key.fileName) {
        const EventRecords &records = files[file].records;
        auto it = std::lower_bound(records.begin(), records.end(), key.offset,
                                   [](const EventRecord &r, quint64 offset) { return r.offset() < offset; });
        bool found = it != records.end() && it->offset() == key.offset && it->seq == key.seq;
        if (!found) {
            // The file was read again (truncated or replaced): the same seq may sit elsewhere in it.
            const auto same = std::find_if(records.begin(), records.end(),
                                           [&key](const EventRecord &r) { return r.seq == key.seq; });
            if (same != records.end()) {
                it = same;
                found = true;
            }
        }
        at += qint64(it - records.begin());
        where.inJournal = found;
    } else {
        where.pruned = file == 0 && (files.isEmpty() || files.first().entry.startSeq >= key.fileStartSeq);
    }
    if (!m_filtered) {
        where.row = at < m_index.eventCount() ? int(at) : -1;
        where.exact = where.inJournal;
        return where;
    }
    const auto it = std::lower_bound(m_filtered->begin(), m_filtered->end(), at);
    where.row = it != m_filtered->end() ? int(it - m_filtered->begin()) : -1;
    where.exact = where.inJournal && it != m_filtered->end() && *it == at;
    return where;
}

QString EventTableModel::timeText(qint64 nanos) const
{
    qint64 shifted = nanos;
    if (!m_utc) {
        const qint64 ms = nanos / 1000000;
        LocalOffset &cached = m_localOffset;
        if (ms < cached.fromMs || ms >= cached.toMs) {
            // The zone is asked once per stretch between its transitions (a QDateTime in local time asks the
            // C library, which reads the zone's file, for every conversion).
            const QTimeZone zone = QTimeZone::systemTimeZone();
            const QDateTime at = QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
            cached.seconds = zone.offsetFromUtc(at);
            cached.fromMs = std::numeric_limits<qint64>::min();
            cached.toMs = std::numeric_limits<qint64>::max();
            if (zone.hasTransitions()) {
                const QTimeZone::OffsetData before = zone.previousTransition(at.addMSecs(1));
                const QTimeZone::OffsetData after = zone.nextTransition(at);
                if (before.atUtc.isValid())
                    cached.fromMs = before.atUtc.toMSecsSinceEpoch();
                if (after.atUtc.isValid())
                    cached.toMs = after.atUtc.toMSecsSinceEpoch();
            }
        }
        if (qAddOverflow(nanos, qint64(cached.seconds) * 1000000000, &shifted)) // at the ends of 1677..2262
            return QDateTime::fromMSecsSinceEpoch(nanos / 1000000 - (nanos % 1000000 < 0 ? 1 : 0),
                                                  Qt::LocalTime)
                .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
    }
    // Timestamp::format() writes YYYY-MM-DDThh:mm:ss.nnnnnnnnnZ: to the millisecond, with a space.
    QByteArray text = Timestamp::format(shifted);
    const qsizetype t = text.indexOf('T');
    if (t < 0 || text.size() < t + 13)
        return QString::fromLatin1(text);
    text[t] = ' ';
    text.truncate(t + 13);
    if (m_utc)
        text += 'Z';
    return QString::fromLatin1(text);
}

void EventTableModel::setPrunePreview(int files)
{
    if (m_pruneFiles == files)
        return;
    m_pruneFiles = files;
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1), {WouldBePrunedRole});
}

void EventTableModel::setUtc(bool utc)
{
    if (m_utc == utc)
        return;
    m_utc = utc;
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0, TimeColumn), index(rowCount() - 1, TimeColumn), {Qt::DisplayRole});
}

QVariant EventTableModel::data(const QModelIndex &idx, int role) const
{
    if (!idx.isValid() || idx.model() != this || idx.row() >= rowCount() || idx.column() >= columnCount())
        return {};
    const qint64 row = indexRow(idx.row());
    const EventRecord &r = m_index.record(row);
    if (idx.column() >= ColumnCount && (role == Qt::DisplayRole || role == Qt::ToolTipRole ||
                                        role == Qt::TextAlignmentRole || role == FieldKindRole))
        return fieldData(row, idx.column() - ColumnCount, role);
    switch (role) {
    case Qt::DisplayRole:
        switch (idx.column()) {
        case SeqColumn:
            return QString::number(r.seq);
        case TimeColumn:
            return (r.flags & EventRecord::BadTimestamp) ? QStringLiteral("(invalid ts)")
                                                         : timeText(r.tsNanos);
        case SessionColumn:
            return m_index.sessions().text(r.session);
        case TypeColumn:
            return m_index.types().text(r.type);
        case SummaryColumn:
            if (const RowText *t = m_summaries.object(row))
                return t->summary;
            requestSummary(row);
            return QString();
        case FileColumn:
            return m_index.files()[m_index.fileOfRow(row)].entry.name;
        }
        return {};
    case Qt::TextAlignmentRole:
        return idx.column() == SeqColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case SeqRole:
        return r.seq;
    case FlagsRole:
        return int(r.lineFlags());
    case IndexRowRole:
        return row;
    case FileNameRole:
        return m_index.files()[m_index.fileOfRow(row)].entry.name;
    case OffsetRole:
        return r.offset();
    case LengthRole:
        return r.length;
    case WouldBePrunedRole:
        return m_pruneFiles > 0 && m_index.fileOfRow(row) < m_pruneFiles;
    case TimeRole:
        return (r.flags & EventRecord::BadTimestamp) ? QVariant() : QVariant(r.tsNanos);
    case ContextRole:
        return isContextRow(row);
    case MarksRole: {
        int marks = 0;
        for (const RowMarker *marker : m_markers)
            marks |= marker->marks(row);
        return marks;
    }
    case Qt::AccessibleDescriptionRole: {
        if (idx.column() != SeqColumn)
            return {};
        QStringList words;
        if (isContextRow(row))
            words << tr("context, not a match");
        for (const RowMarker *marker : m_markers) {
            const QString text = marker->markText(row);
            if (!text.isEmpty())
                words << text;
        }
        return words.isEmpty() ? QVariant() : QVariant(words.join(QStringLiteral(", ")));
    }
    }
    return {};
}

QVariant EventTableModel::fieldData(qint64 indexRow, int fieldIndex, int role) const
{
    const FieldValue *v = fieldValue(indexRow, fieldIndex);
    switch (role) {
    case Qt::DisplayRole:
        return v ? v->text : QString();
    case Qt::ToolTipRole:
        return v && v->kind != FieldValue::Kind::None ? QVariant(v->text) : QVariant();
    case Qt::TextAlignmentRole:
        return v && v->kind == FieldValue::Kind::Number ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                                                        : QVariant();
    case FieldKindRole:
        return int(v ? v->kind : FieldValue::Kind::None);
    }
    return {};
}

void EventTableModel::addMarker(const RowMarker *marker)
{
    m_markers.push_back(marker);
}

void EventTableModel::marksChanged()
{
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1), {MarksRole});
}

bool EventTableModel::isContextRow(qint64 indexRow) const
{
    return !m_context.empty() && std::binary_search(m_context.begin(), m_context.end(), indexRow);
}

QVariant EventTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (const FieldColumn *c = fieldColumn(section)) {
        if (role == Qt::DisplayRole)
            return c->title();
        if (role == Qt::ToolTipRole)
            return c->kind == FieldColumn::Kind::Path ? tr("The value at %1").arg(c->key)
                                                      : tr("Each event type's %1 field").arg(c->key);
        return {};
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case SeqColumn:
        return tr("Seq");
    case TimeColumn:
        return m_utc ? tr("Time (UTC)") : tr("Time");
    case SessionColumn:
        return tr("Session");
    case TypeColumn:
        return tr("Type");
    case SummaryColumn:
        return tr("Summary");
    case FileColumn:
        return tr("File");
    }
    return {};
}

void EventTableModel::resetIndex(JournalIndex index)
{
    beginResetModel();
    // The old index may hold millions of records: freed on a worker, not in this turn.
    releaseOnWorker(std::exchange(m_index, std::move(index)));
    m_queryCache = std::make_shared<QueryColumnCache>();
    m_filtered.reset();
    m_context.clear();
    m_summaries.clear();
    m_wanted.clear();
    ++m_generation;
    endResetModel();
    Q_EMIT indexReset();
    Q_EMIT journalChanged();
}

JournalIndex::Update EventTableModel::applyChanges(JournalIndex::Changes &&changes)
{
    // The common cases, a first load and a live tail, only add rows at the end: one insertion for all.
    const qint64 appended = m_filtered ? -1 : m_index.rowsAppendedBy(changes);
    JournalIndex::Update update;
    if (appended > 0) {
        const qint64 first = m_index.eventCount();
        const bool oldRowsKeepTheirFlags = m_index.appliesAsAppend(changes);
        QAbstractItemModel::beginInsertRows({}, int(first), int(first + appended - 1));
        update = m_index.apply(std::move(changes));
        QAbstractItemModel::endInsertRows();
        Q_EMIT indexRowsInserted(first, appended);
        if (!oldRowsKeepTheirFlags)
            flagsMayHaveChanged();
    } else {
        update = m_index.apply(std::move(changes), this);
    }
    if (update.changed())
        Q_EMIT journalChanged();
    return update;
}

void EventTableModel::takeAppended(JournalIndex index, const JournalIndex::Update &update)
{
    const qint64 first = m_index.eventCount();
    const qint64 appended = index.eventCount() - first;
    if (appended < 0 || index.files().size() < m_index.files().size()) {
        resetIndex(std::move(index)); // not this index with rows appended: start the views over
        return;
    }
    if (appended > 0 && !m_filtered)
        QAbstractItemModel::beginInsertRows({}, int(first), int(first + appended - 1));
    // The old index shares all but its last file's records and the tables' last chunks with the new one.
    releaseOnWorker(std::exchange(m_index, std::move(index)));
    if (appended > 0) {
        if (!m_filtered)
            QAbstractItemModel::endInsertRows();
        Q_EMIT indexRowsInserted(first, appended); // only the new rows have flags set: no old row changed
    }
    if (update.changed())
        Q_EMIT journalChanged();
}

void EventTableModel::setFilteredRows(std::optional<std::vector<qint64>> rows)
{
    beginResetModel();
    m_filtered = rows ? std::make_shared<std::vector<qint64>>(std::move(*rows)) : nullptr;
    m_context.clear();
    endResetModel();
}

void EventTableModel::setFilteredRows(std::vector<qint64> rows, std::vector<qint64> context)
{
    beginResetModel();
    m_filtered = std::make_shared<std::vector<qint64>>(std::move(rows));
    m_context = std::move(context);
    endResetModel();
}

void EventTableModel::addFilteredRows(const std::vector<qint64> &rows, const std::vector<qint64> &context)
{
    if (!m_filtered)
        return;
    // Only rows not shown yet become context: a shown match stays a match.
    std::vector<qint64> fresh;
    for (const qint64 row : context) {
        if (!std::binary_search(m_filtered->begin(), m_filtered->end(), row))
            fresh.push_back(row);
    }
    if (!fresh.empty()) {
        std::vector<qint64> merged;
        merged.reserve(m_context.size() + fresh.size());
        std::set_union(m_context.begin(), m_context.end(), fresh.begin(), fresh.end(),
                       std::back_inserter(merged));
        m_context = std::move(merged);
    }
    addFilteredRows(rows);
}

void EventTableModel::addFilteredRows(const std::vector<qint64> &rows)
{
    if (!m_filtered)
        return;
    // One insertion per run of rows landing at the same place: after a filter, new events all go at the end.
    size_t i = 0;
    while (i < rows.size()) {
        const auto it = std::lower_bound(m_filtered->begin(), m_filtered->end(), rows[i]);
        if (it != m_filtered->end() && *it == rows[i]) {
            ++i;
            continue;
        }
        const int at = int(it - m_filtered->begin());
        const qint64 limit = it != m_filtered->end() ? *it : std::numeric_limits<qint64>::max();
        std::vector<qint64> run;
        for (; i < rows.size() && rows[i] < limit; ++i) {
            if (run.empty() || rows[i] > run.back())
                run.push_back(rows[i]);
        }
        QAbstractItemModel::beginInsertRows({}, at, at + int(run.size()) - 1);
        std::vector<qint64> &filtered = filteredForChange();
        filtered.insert(filtered.begin() + at, run.begin(), run.end());
        QAbstractItemModel::endInsertRows();
    }
}

void EventTableModel::beginInsertRows(qint64 first, qint64 last)
{
    m_changeFirst = first;
    m_changeCount = last - first + 1;
    if (first < m_index.eventCount()) { // not an append: cached summaries are keyed by rows that move
        m_summaries.clear();
        if (m_jobActive)
            m_jobShifts.emplace_back(first, m_changeCount);
    }
    m_changeVisible = !m_filtered;
    if (m_changeVisible)
        QAbstractItemModel::beginInsertRows({}, int(first), int(last));
}

void EventTableModel::endInsertRows()
{
    if (m_filtered) {
        for (qint64 &r : filteredForChange())
            r += r >= m_changeFirst ? m_changeCount : 0;
        for (qint64 &r : m_context)
            r += r >= m_changeFirst ? m_changeCount : 0;
    }
    if (m_changeVisible)
        QAbstractItemModel::endInsertRows();
    Q_EMIT indexRowsInserted(m_changeFirst, m_changeCount);
}

void EventTableModel::beginRemoveRows(qint64 first, qint64 last)
{
    m_changeFirst = first;
    m_changeCount = last - first + 1;
    m_summaries.clear();
    if (m_jobActive)
        m_jobShifts.emplace_back(first, -m_changeCount);
    if (!m_filtered) {
        m_changeVisible = true;
        QAbstractItemModel::beginRemoveRows({}, int(first), int(last));
        return;
    }
    const auto from = std::lower_bound(m_filtered->begin(), m_filtered->end(), first);
    const auto to = std::lower_bound(m_filtered->begin(), m_filtered->end(), last + 1);
    m_changeVisible = from != to;
    if (m_changeVisible)
        QAbstractItemModel::beginRemoveRows({}, int(from - m_filtered->begin()),
                                            int(to - m_filtered->begin()) - 1);
}

void EventTableModel::endRemoveRows()
{
    if (m_filtered) {
        const qint64 last = m_changeFirst + m_changeCount - 1;
        std::vector<qint64> &filtered = filteredForChange();
        const auto from = std::lower_bound(filtered.begin(), filtered.end(), m_changeFirst);
        const auto to = std::lower_bound(filtered.begin(), filtered.end(), last + 1);
        const auto next = filtered.erase(from, to);
        for (auto it = next; it != filtered.end(); ++it)
            *it -= m_changeCount;
        const auto cFrom = std::lower_bound(m_context.begin(), m_context.end(), m_changeFirst);
        const auto cTo = std::lower_bound(m_context.begin(), m_context.end(), last + 1);
        for (auto it = m_context.erase(cFrom, cTo); it != m_context.end(); ++it)
            *it -= m_changeCount;
    }
    if (m_changeVisible)
        QAbstractItemModel::endRemoveRows();
    Q_EMIT indexRowsRemoved(m_changeFirst, m_changeCount);
}

std::vector<qint64> &EventTableModel::filteredForChange()
{
    if (m_filtered.use_count() > 1) // a worker reads these: change a copy
        m_filtered = std::make_shared<std::vector<qint64>>(*m_filtered);
    return *m_filtered;
}

void EventTableModel::flagsMayHaveChanged()
{
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1), {FlagsRole});
}

void EventTableModel::requestSummary(qint64 indexRow) const
{
    m_wanted.insert(indexRow);
    if (!m_summaryJob.isRunning())
        QMetaObject::invokeMethod(
            const_cast<EventTableModel *>(this), [this] { startSummaryJob(); }, Qt::QueuedConnection);
}

void EventTableModel::startSummaryJob() const
{
    if (m_summaryJob.isRunning() || m_wanted.isEmpty())
        return;
    std::vector<LineRef> refs;
    refs.reserve(size_t(m_wanted.size()));
    for (const qint64 row : std::as_const(m_wanted)) {
        if (row >= m_index.eventCount())
            continue;
        const EventRecord &r = m_index.record(row);
        refs.push_back({row, m_index.files()[m_index.fileOfRow(row)].entry.path, r.offset(), r.length});
    }
    m_wanted.clear();
    m_jobGeneration = m_generation;
    m_jobShifts.clear();
    m_jobActive = true;
    m_jobColumns = m_columns;
    m_summaryJob.setFuture(WorkerPool::run(
        [refs = std::move(refs), columns = m_jobColumns] { return decodeRows<RowText>(refs, columns); }));
}

void EventTableModel::summariesReady()
{
    WorkerPool::takeOver();
    m_jobActive = false;
    const auto results = m_summaryJob.result();
    if (m_jobGeneration == m_generation) {
        int minRow = INT_MAX, maxRow = -1;
        for (const auto &[decodedRow, text] : results) {
            // Where the decoded row is now, after the rows inserted and removed meanwhile.
            qint64 row = decodedRow;
            for (const auto &[first, count] : m_jobShifts) {
                if (count < 0 && row >= first && row < first - count) {
                    row = -1;
                    break;
                }
                if (row >= first)
                    row += count;
            }
            if (row < 0 || row >= m_index.eventCount())
                continue;
            m_summaries.insert(row, new RowText(text));
            const int viewRow = rowForIndexRow(row);
            if (viewRow >= 0) {
                minRow = std::min(minRow, viewRow);
                maxRow = std::max(maxRow, viewRow);
            }
        }
        if (maxRow >= 0)
            Q_EMIT dataChanged(index(minRow, SummaryColumn), index(maxRow, columnCount() - 1));
    }
    startSummaryJob();
}
