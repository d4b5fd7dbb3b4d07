// SPDX-License-Identifier: MIT
#include "sessionlistmodel.h"

#include "journalindex.h"

#include <QDateTime>

#include <algorithm>

namespace {

using Summary = SessionListModel::Summary;

bool hasTime(qint64 ts)
{
    return ts != std::numeric_limits<qint64>::min();
}

Summary count(const JournalIndex::RowsSnapshot &rows, const StringTable::Strings &names,
              const StringTable::Strings &types, int column, Qt::SortOrder order,
              const std::atomic<bool> &cancel)
{
    Summary out;
    out.names = names;
    std::vector<Summary::Row> byId(size_t(names.size()));
    for (const JournalIndex::RowsSnapshot::File &file : rows.files) {
        if (cancel.load(std::memory_order_relaxed))
            return out;
        for (const EventRecord &r : file.records) {
            if (r.session >= byId.size())
                continue;
            Summary::Row &row = byId[r.session];
            ++row.events;
            if (!(r.flags & EventRecord::BadTimestamp))
                row.lastTs = std::max(row.lastTs, r.tsNanos);
        }
    }
    // Sized once: what a list keeps stays in the process long after it is freed.
    const size_t listedCount =
        size_t(std::count_if(byId.begin(), byId.end(), [](const Summary::Row &r) { return r.events > 0; }));
    out.rows.reserve(listedCount);
    std::vector<std::pair<QString, quint32>> listed;
    listed.reserve(listedCount);
    for (quint32 id = 0; id < byId.size(); ++id) {
        if (byId[id].events == 0)
            continue;
        byId[id].id = id;
        out.rows.push_back(byId[id]);
        if (id != 0) {
            listed.emplace_back(QString::fromStdString(names.at(id)), id);
            out.longestName = std::max(out.longestName, listed.back().first.size());
        }
    }
    std::sort(listed.begin(), listed.end());
    out.sortedNames.reserve(qsizetype(listed.size()));
    out.sortedIds.reserve(listed.size());
    for (auto &[name, id] : listed) {
        out.sortedNames.append(std::move(name));
        out.sortedIds.push_back(id);
    }
    for (qsizetype id = 1; id < types.size(); ++id)
        out.types.append(QString::fromStdString(types.at(id)));
    out.types.sort();
    out.sortRows(column, order);
    return out;
}

} // namespace

void SessionListModel::Summary::sortRows(int column, Qt::SortOrder order)
{
    sortColumn = column;
    sortOrder = order;
    const auto less = [this, column](const Row &a, const Row &b) {
        switch (column) {
        case SessionColumn:
            return names.at(a.id) < names.at(b.id);
        case EventsColumn:
            return a.events != b.events ? a.events < b.events : a.id < b.id;
        default:
            return a.lastTs != b.lastTs ? a.lastTs < b.lastTs : a.id < b.id;
        }
    };
    if (order == Qt::AscendingOrder)
        std::sort(rows.begin(), rows.end(), less);
    else
        std::sort(rows.begin(), rows.end(), [&less](const Row &a, const Row &b) { return less(b, a); });
    rowOfId.assign(size_t(names.size()), -1);
    for (size_t i = 0; i < rows.size(); ++i)
        rowOfId[rows[i].id] = int(i);
}

SessionListModel::SessionListModel(QObject *parent)
    : QAbstractTableModel(parent)
    , m_job(this)
{}

void SessionListModel::refresh(const JournalIndex &index)
{
    m_job.start(
        [rows = index.snapshot(), names = index.sessions().strings(), types = index.types().strings(),
         column = m_sortColumn, order = m_sortOrder](const std::atomic<bool> &cancel) {
            return count(*rows, names, types, column, order, cancel);
        },
        [this](Summary &summary) { land(summary); });
}

void SessionListModel::land(Summary &summary)
{
    beginResetModel();
    m_summary = freedOnWorker(std::move(summary));
    endResetModel();
    Q_EMIT refreshed();
    if (m_summary->sortColumn != m_sortColumn || m_summary->sortOrder != m_sortOrder)
        sort(m_sortColumn, m_sortOrder); // asked for while this count ran
}

void SessionListModel::clear()
{
    m_job.cancel();
    beginResetModel();
    m_summary.reset();
    endResetModel();
    Q_EMIT refreshed();
}

void SessionListModel::setUtc(bool utc)
{
    if (utc == m_utc)
        return;
    m_utc = utc;
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0, LastActivityColumn), index(rowCount() - 1, LastActivityColumn));
}

void SessionListModel::sort(int column, Qt::SortOrder order)
{
    m_sortColumn = std::clamp(column, 0, ColumnCount - 1);
    m_sortOrder = order;
    if (!m_summary || m_job.isRunning() ||
        (m_summary->sortColumn == m_sortColumn && m_summary->sortOrder == m_sortOrder))
        return; // a count that lands sorts as asked
    m_job.start(
        [summary = m_summary, column = m_sortColumn, order = m_sortOrder](const std::atomic<bool> &) {
            Summary sorted = *summary;
            sorted.sortRows(column, order);
            return sorted;
        },
        [this](Summary &summary) { land(summary); });
}

bool SessionListModel::isSortedAsAsked() const
{
    return !m_summary || (m_summary->sortColumn == m_sortColumn && m_summary->sortOrder == m_sortOrder);
}

QString SessionListModel::session(int row) const
{
    if (!m_summary || row < 0 || size_t(row) >= m_summary->rows.size())
        return {};
    return QString::fromStdString(m_summary->names.at(m_summary->rows[size_t(row)].id));
}

int SessionListModel::rowOf(const QString &session) const
{
    if (!m_summary)
        return -1;
    if (session.isEmpty())
        return m_summary->rowOfId.empty() ? -1 : m_summary->rowOfId[0];
    const auto it = std::lower_bound(m_summary->sortedNames.begin(), m_summary->sortedNames.end(), session);
    if (it == m_summary->sortedNames.end() || *it != session)
        return -1;
    return m_summary->rowOfId[m_summary->sortedIds[size_t(it - m_summary->sortedNames.begin())]];
}

QStringList SessionListModel::sessionNames() const
{
    return m_summary ? m_summary->sortedNames : QStringList();
}

qsizetype SessionListModel::longestName() const
{
    return m_summary ? m_summary->longestName : 0;
}

QStringList SessionListModel::typeNames() const
{
    return m_summary ? m_summary->types : QStringList();
}

int SessionListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() || !m_summary ? 0 : int(m_summary->rows.size());
}

int SessionListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SessionListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid) || !m_summary)
        return {};
    const Summary::Row &row = m_summary->rows[size_t(index.row())];
    const auto time = [&] {
        return QDateTime::fromMSecsSinceEpoch(row.lastTs / 1000000, m_utc ? Qt::UTC : Qt::LocalTime);
    };
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case SessionColumn:
            return row.id == 0 ? tr("(no session)") : session(index.row());
        case EventsColumn:
            return QString::number(row.events);
        default:
            return hasTime(row.lastTs) ? time().toString(QStringLiteral("MM-dd HH:mm:ss")) : QString();
        }
    case Qt::ToolTipRole:
        if (index.column() == LastActivityColumn && hasTime(row.lastTs))
            return time().toString(Qt::ISODateWithMs);
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == EventsColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case SessionRole:
        return session(index.row());
    case SortRole:
        switch (index.column()) {
        case SessionColumn:
            return session(index.row());
        case EventsColumn:
            return row.events;
        default:
            return hasTime(row.lastTs) ? QVariant(row.lastTs) : QVariant();
        }
    default:
        return {};
    }
}

QVariant SessionListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case SessionColumn:
        return tr("Session");
    case EventsColumn:
        return tr("Events");
    case LastActivityColumn:
        return tr("Last activity");
    default:
        return {};
    }
}
