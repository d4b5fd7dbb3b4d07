// SPDX-License-Identifier: MIT
#include "bookmarkmodel.h"
#include "workerpool.h"

#include "eventsummary.h"
#include "journalfile.h"

#include <QFile>
#include <QFutureWatcher>
#include <QPointer>
#include <QSaveFile>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <cerrno>
#include <cstring>

BookmarkModel::BookmarkModel(EventTableModel *events, QObject *parent)
    : QAbstractTableModel(parent)
    , m_events(events)
{
    m_events->addMarker(this);
    // Any change of the table's rows may show, hide, prune or bring back a bookmarked event.
    for (const auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_events, signal, this, &BookmarkModel::statesChanged);
    connect(m_events, &QAbstractItemModel::modelReset, this, &BookmarkModel::statesChanged);
    connect(m_events, &EventTableModel::journalChanged, this, &BookmarkModel::statesChanged);
}

BookmarkModel::~BookmarkModel() = default;

int BookmarkModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_list.size());
}

int BookmarkModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

void BookmarkModel::setStorePath(const QString &path)
{
    m_store = BookmarkStore(path);
    const QString dir = m_key;
    m_key.clear();
    setJournal(dir);
}

void BookmarkModel::setJournal(const QString &eventsDir)
{
    const QString key = eventsDir.isEmpty() ? QString() : BookmarkStore::journalKey(eventsDir);
    beginResetModel();
    m_key = key;
    QString error;
    if (!m_store.load(&error))
        Q_EMIT saveFailed(error);
    m_list = key.isEmpty() ? QList<Bookmark>() : m_store.bookmarks(key);
    rebuildLookup();
    endResetModel();
    m_events->marksChanged();
}

void BookmarkModel::rebuildLookup()
{
    m_lookup.clear();
    for (int i = 0; i < m_list.size(); ++i)
        m_lookup.insert({m_list[i].fileName, m_list[i].offset}, i);
}

void BookmarkModel::changed()
{
    rebuildLookup();
    if (m_key.isEmpty())
        return;
    // Read again first: another window may have saved bookmarks of other journals meanwhile.
    QString error;
    if (!m_store.load(&error)) {
        Q_EMIT saveFailed(error);
        return;
    }
    m_store.setBookmarks(m_key, m_list);
    if (!m_store.save(&error))
        Q_EMIT saveFailed(error);
}

void BookmarkModel::statesChanged()
{
    // Many row changes come in one turn (a prune removes file after file): one repaint for them.
    if (m_stateQueued || m_list.isEmpty())
        return;
    m_stateQueued = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_stateQueued = false;
            if (!m_list.isEmpty())
                Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
        },
        Qt::QueuedConnection);
}

EventTableModel::EventKey BookmarkModel::keyOf(int i) const
{
    if (i < 0 || i >= m_list.size())
        return {};
    const Bookmark &b = m_list[i];
    return {b.seq, b.fileStartSeq, b.fileName, b.offset};
}

BookmarkModel::State BookmarkModel::state(int i) const
{
    const EventTableModel::Location where = m_events->locate(keyOf(i));
    if (where.exact)
        return State::Shown;
    if (where.inJournal)
        return State::HiddenByFilter;
    return where.pruned ? State::Pruned : State::Gone;
}

int BookmarkModel::bookmarkOfRow(int eventRow) const
{
    const EventTableModel::EventKey key = m_events->keyOfRow(eventRow);
    if (key.isNull())
        return -1;
    const int i = m_lookup.value({key.fileName, key.offset}, -1);
    return i >= 0 && m_list[i].seq == key.seq ? i : -1;
}

bool BookmarkModel::toggle(int eventRow)
{
    if (m_key.isEmpty())
        return false;
    const int existing = bookmarkOfRow(eventRow);
    if (existing >= 0) {
        remove(existing);
        return false;
    }
    const EventTableModel::EventKey key = m_events->keyOfRow(eventRow);
    if (key.isNull())
        return false;
    const JournalIndex &journal = m_events->journal();
    const EventRecord &r = journal.record(m_events->indexRow(eventRow));
    Bookmark b;
    b.seq = key.seq;
    b.fileStartSeq = key.fileStartSeq;
    b.fileName = key.fileName;
    b.offset = key.offset;
    if (!(r.flags & EventRecord::BadTimestamp))
        b.tsNanos = r.tsNanos;
    b.type = journal.types().text(r.type);
    b.session = journal.sessions().text(r.session);
    const bool known = m_events->hasSummary(eventRow);
    if (known)
        b.summary = m_events->index(eventRow, EventTableModel::SummaryColumn).data().toString();
    const auto at = std::lower_bound(m_list.begin(), m_list.end(), b,
                                     [](const Bookmark &x, const Bookmark &y) { return x.before(y); });
    const int pos = int(at - m_list.begin());
    beginInsertRows({}, pos, pos);
    m_list.insert(pos, b);
    endInsertRows();
    changed();
    m_events->marksChanged();
    if (!known)
        fetchSummary(b, journal.files()[journal.fileOfRow(m_events->indexRow(eventRow))].entry.path,
                     r.length);
    return true;
}

void BookmarkModel::fetchSummary(const Bookmark &b, const QByteArray &path, quint32 length)
{
    auto *watcher = new QFutureWatcher<QString>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, b] {
        watcher->deleteLater();
        WorkerPool::takeOver();
        const QString summary = watcher->result();
        for (int i = 0; i < m_list.size(); ++i) {
            if (m_list[i].sameEvent(b) && m_list[i].summary.isEmpty() && !summary.isEmpty()) {
                m_list[i].summary = summary;
                Q_EMIT dataChanged(index(i, SummaryColumn), index(i, SummaryColumn));
                changed();
            }
        }
    });
    watcher->setFuture(WorkerPool::run([path, offset = b.offset, length] {
        QString out;
        const JournalFile file(path);
        if (file.isOpen()) {
            QByteArray line(qsizetype(std::min<quint32>(length, 64u << 20)), Qt::Uninitialized);
            if (file.readExactly(offset, line.data(), size_t(line.size()))) {
                EventSummary decoder;
                const EventSummary::Fields f =
                    decoder.decode(std::string_view(line.constData(), size_t(line.size())));
                if (f.ok)
                    out = f.summary;
            }
        }
        return out;
    }));
}

void BookmarkModel::rename(int i, const QString &name)
{
    if (i < 0 || i >= m_list.size() || m_list[i].name == name)
        return;
    m_list[i].name = name;
    Q_EMIT dataChanged(index(i, NameColumn), index(i, NameColumn));
    changed();
    m_events->marksChanged();
}

void BookmarkModel::remove(int i)
{
    if (i < 0 || i >= m_list.size())
        return;
    beginRemoveRows({}, i, i);
    m_list.removeAt(i);
    endRemoveRows();
    changed();
    m_events->marksChanged();
}

int BookmarkModel::nextRow(int fromRow, bool forward, bool *wrapped) const
{
    // Few bookmarks: each is located (O(files + log rows)), then the nearest is taken.
    std::vector<int> rows;
    for (int i = 0; i < m_list.size(); ++i) {
        const EventTableModel::Location where = m_events->locate(keyOf(i));
        if (where.exact)
            rows.push_back(where.row);
    }
    if (wrapped)
        *wrapped = false;
    if (rows.empty())
        return -1;
    std::sort(rows.begin(), rows.end());
    if (forward) {
        const auto it = std::upper_bound(rows.begin(), rows.end(), fromRow);
        if (it != rows.end())
            return *it;
        if (wrapped)
            *wrapped = true;
        return rows.front();
    }
    const auto it = std::lower_bound(rows.begin(), rows.end(), fromRow < 0 ? m_events->rowCount() : fromRow);
    if (it != rows.begin())
        return *(it - 1);
    if (wrapped)
        *wrapped = true;
    return rows.back();
}

bool BookmarkModel::exportTo(const QString &path, QString *error) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = file.errorString();
        return false;
    }
    file.write(BookmarkStore::exportJson(m_key, m_list));
    if (!file.commit()) {
        *error = file.errorString();
        return false;
    }
    return true;
}

int BookmarkModel::importFrom(const QString &path, QString *error)
{
    if (m_key.isEmpty()) {
        *error = tr("no journal is open");
        return -1;
    }
    // Not a QFile: a FIFO or a device chosen by mistake must not block the window.
    const JournalFile file(QFile::encodeName(path));
    QByteArray bytes(qsizetype(std::clamp<qint64>(file.status().st_size, 0, 16 << 20)), Qt::Uninitialized);
    const qint64 n = file.read(0, bytes.data(), size_t(bytes.size()));
    if (n < 0) {
        *error = file.isOpen() ? QString::fromLocal8Bit(std::strerror(errno)) : file.errorText();
        return -1;
    }
    bytes.truncate(qsizetype(n));
    const auto incoming = BookmarkStore::importJson(bytes, error);
    if (!incoming)
        return -1;
    beginResetModel();
    const int added = BookmarkStore::merge(m_list, *incoming);
    endResetModel();
    changed();
    m_events->marksChanged();
    return added;
}

int BookmarkModel::marks(qint64 indexRow) const
{
    if (m_lookup.isEmpty() || indexRow < 0 || indexRow >= m_events->journal().eventCount())
        return 0;
    const JournalIndex &journal = m_events->journal();
    const EventRecord &r = journal.record(indexRow);
    const int i = m_lookup.value({journal.files()[journal.fileOfRow(indexRow)].entry.name, r.offset()}, -1);
    return i >= 0 && m_list[i].seq == r.seq ? EventTableModel::Bookmarked : 0;
}

QString BookmarkModel::markText(qint64 indexRow) const
{
    if (!marks(indexRow))
        return {};
    const JournalIndex &journal = m_events->journal();
    const EventRecord &r = journal.record(indexRow);
    const Bookmark &b =
        m_list[m_lookup.value({journal.files()[journal.fileOfRow(indexRow)].entry.name, r.offset()})];
    return b.name.isEmpty() ? tr("bookmarked") : tr("bookmarked as “%1”").arg(b.name);
}

QVariant BookmarkModel::data(const QModelIndex &idx, int role) const
{
    if (!idx.isValid() || idx.model() != this || idx.row() >= rowCount() || idx.column() >= ColumnCount)
        return {};
    const Bookmark &b = m_list[idx.row()];
    const State s = state(idx.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (idx.column()) {
        case SeqColumn:
            return QString::number(b.seq);
        case TimeColumn:
            return b.tsNanos ? m_events->timeText(*b.tsNanos) : QString();
        case NameColumn:
            return b.name;
        case SummaryColumn:
            return b.type.isEmpty()      ? b.summary
                   : b.summary.isEmpty() ? b.type
                                         : QStringLiteral("%1 · %2").arg(b.type, b.summary);
        case StateColumn:
            switch (s) {
            case State::Shown:
                return QString();
            case State::HiddenByFilter:
                return tr("hidden by the filter");
            case State::Pruned:
                return tr("pruned");
            case State::Gone:
                return tr("gone");
            }
        }
        return {};
    case Qt::EditRole:
        return idx.column() == NameColumn ? QVariant(b.name) : data(idx, Qt::DisplayRole);
    case Qt::ToolTipRole:
        if (s == State::Pruned)
            return tr("Its file %1 was pruned; the bookmark stays until you remove it.").arg(b.fileName);
        if (s == State::Gone)
            return tr("No longer in %1: the file was truncated, replaced or deleted.").arg(b.fileName);
        return tr("%1 @ byte %2").arg(b.fileName).arg(b.offset);
    case Qt::TextAlignmentRole:
        return idx.column() == SeqColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case StateRole:
        return int(s);
    }
    return {};
}

QVariant BookmarkModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case SeqColumn:
        return tr("Seq");
    case TimeColumn:
        return tr("Time");
    case NameColumn:
        return tr("Name");
    case SummaryColumn:
        return tr("Summary");
    case StateColumn:
        return tr("State");
    }
    return {};
}

Qt::ItemFlags BookmarkModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    if (index.isValid() && index.column() == NameColumn)
        f |= Qt::ItemIsEditable;
    return f;
}

bool BookmarkModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!index.isValid() || index.model() != this || index.column() != NameColumn || role != Qt::EditRole)
        return false;
    rename(index.row(), value.toString().trimmed());
    return true;
}
