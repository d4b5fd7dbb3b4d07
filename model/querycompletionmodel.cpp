// SPDX-License-Identifier: MIT
#include "querycompletionmodel.h"

#include "eventdialect.h"
#include "eventquery.h"
#include "eventtablemodel.h"
#include "journalfile.h"
#include "querycolumncache.h"
#include "workerpool.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QScopeGuard>
#include <QSet>
#include <QtConcurrent/QtConcurrentMap>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <map>
#include <numeric>

namespace {

// Keys a path can name: letters, digits and '_' (not first a digit), and anything beyond ASCII.
bool isName(const QString &key)
{
    if (key.isEmpty())
        return false;
    for (qsizetype i = 0; i < key.size(); ++i) {
        const QChar c = key.at(i);
        if (c.unicode() >= 0x80)
            continue;
        const bool letter = (c >= QLatin1Char('a') && c <= QLatin1Char('z')) ||
                            (c >= QLatin1Char('A') && c <= QLatin1Char('Z')) || c == QLatin1Char('_');
        const bool digit = c >= QLatin1Char('0') && c <= QLatin1Char('9');
        if (!letter && !(digit && i > 0))
            return false;
    }
    return true;
}

void collectPaths(const QJsonValue &value, const QString &path, QSet<QString> *out, int depth)
{
    if (depth > 6 || out->size() > 2000)
        return;
    if (value.isObject()) {
        const QJsonObject o = value.toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (!isName(it.key()))
                continue;
            const QString child = path + QLatin1Char('.') + it.key();
            out->insert(child);
            collectPaths(it.value(), child, out, depth + 1);
        }
    } else if (value.isArray() && !value.toArray().isEmpty()) {
        const QString child = path + QLatin1String("[0]");
        out->insert(child);
        collectPaths(value.toArray().at(0), child, out, depth + 1);
    }
}

QString withCount(const QString &value, qint64 count)
{
    return QStringLiteral("%1  (%2)").arg(value, QLocale().toString(count));
}

} // namespace

QueryCompletionModel::QueryCompletionModel(EventTableModel *source, QObject *parent)
    : QAbstractListModel(parent)
    , m_source(source)
{
    connect(&m_job, &QFutureWatcherBase::finished, this, &QueryCompletionModel::finished);
    // Any change to the journal makes the lists computed so far stale; a reset also makes ids meaningless.
    connect(m_source, &EventTableModel::journalChanged, this, [this] {
        m_pathsValid = false;
        m_valuesValid = false;
    });
    connect(m_source, &QAbstractItemModel::modelReset, this, [this] {
        ++m_generation;
        m_pathsValid = false;
        m_valuesValid = false;
    });
}

QueryCompletionModel::~QueryCompletionModel()
{
    if (m_cancel)
        m_cancel->store(true);
    m_job.waitForFinished();
}

int QueryCompletionModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

QVariant QueryCompletionModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.parent().isValid() || index.row() < 0 || index.row() >= m_entries.size())
        return {};
    const Entry &e = m_entries[index.row()];
    switch (role) {
    case Qt::DisplayRole:
        return e.count < 0 ? e.display : withCount(e.display, e.count);
    case Qt::EditRole:
        return e.display; // what typing is matched against: the path, or the value as it reads
    case Qt::ToolTipRole:
        return e.count < 0 ? e.insert : tr("%1 events").arg(QLocale().toString(e.count));
    case InsertRole:
        return e.insert;
    case CountRole:
        return e.count;
    default:
        return {};
    }
}

void QueryCompletionModel::requestPaths()
{
    m_wantKind = Kind::Paths;
    m_wantPath.clear();
    if (m_pathsValid)
        show(Kind::Paths, {}, m_paths);
    else
        start(Kind::Paths, {});
}

void QueryCompletionModel::requestValues(const QString &path)
{
    m_wantKind = Kind::Values;
    m_wantPath = path;
    if (path == QLatin1String("seq") || path == QLatin1String("ts") || !QueryLanguage::isPath(path)) {
        show(Kind::Values, path, {}); // no list worth offering
        return;
    }
    if (m_valuesValid && m_valuesPath == path)
        show(Kind::Values, path, m_values);
    else
        start(Kind::Values, path);
}

void QueryCompletionModel::show(Kind kind, const QString &path, const QList<Entry> &entries)
{
    beginResetModel();
    m_kind = kind;
    m_path = path;
    m_entries = entries;
    endResetModel();
    Q_EMIT rowsReady();
}

void QueryCompletionModel::start(Kind kind, const QString &path)
{
    if (m_job.isRunning()) {
        // The running one is dropped when it lands unless it is what is wanted then; finished() starts the
        // wanted one.
        if (m_jobKind != kind || m_jobPath != path)
            m_cancel->store(true);
        return;
    }
    m_jobKind = kind;
    m_jobPath = path;
    m_jobGeneration = m_generation;
    m_cancel = std::make_shared<std::atomic_bool>(false);
    auto rows = m_source->journal().snapshot();
    auto cache = m_source->queryCache();
    const auto cancel = m_cancel;
    if (kind == Kind::Paths) {
        m_job.setFuture(WorkerPool::run([rows, cancel] {
            QSet<QString> paths;
            for (const EventDialect::Type &type : EventDialect::types()) {
                for (const EventDialect::Field &f : type.fields)
                    paths.insert(QLatin1String("event.") +
                                 QString::fromUtf8(f.path.data(), qsizetype(f.path.size())));
            }
            for (const EventDialect::Field &f : EventDialect::taskItemFields())
                paths.insert(QLatin1String("event.task_list.items[0].") +
                             QString::fromUtf8(f.path.data(), qsizetype(f.path.size())));
            // A sample of each type's events, read from their lines.
            std::map<quint32, int> taken;
            std::vector<char> line;
            for (const auto &file : rows->files) {
                JournalFile f;
                for (const EventRecord &r : file.records) {
                    if (cancel->load(std::memory_order_relaxed))
                        break;
                    int &n = taken[r.type];
                    if (n >= SamplePerType || r.length > (1u << 20))
                        continue;
                    if (!f.isOpen() && (f.error() != 0 || !f.open(file.path)))
                        break;
                    line.resize(r.length);
                    if (!f.readExactly(r.offset(), line.data(), r.length))
                        continue;
                    ++n;
                    const QJsonDocument doc =
                        QJsonDocument::fromJson(QByteArray::fromRawData(line.data(), qsizetype(line.size())));
                    collectPaths(doc.object().value(QLatin1String("event")), QStringLiteral("event"), &paths,
                                 0);
                }
            }
            QStringList sorted(paths.begin(), paths.end());
            sorted.sort();
            Result result;
            for (const QString &p : QueryLanguage::builtinFields())
                result.entries.append({p, p, -1});
            for (const QString &p : std::as_const(sorted))
                result.entries.append({p, p, -1});
            return result;
        }));
        return;
    }
    m_job.setFuture(WorkerPool::run([rows, cache, cancel, path] {
        Result result;
        if (path == QLatin1String("session") || path == QLatin1String("type")) {
            std::unordered_map<quint32, qint64> counts;
            for (const auto &file : rows->files)
                for (const EventRecord &r : file.records)
                    ++counts[path == QLatin1String("session") ? r.session : quint32(r.type)];
            result.ids.assign(counts.begin(), counts.end());
        } else if (path == QLatin1String("file")) {
            for (const auto &file : rows->files)
                result.entries.append({QString::fromUtf8(file.name),
                                       QueryLanguage::quote(QString::fromUtf8(file.name)),
                                       file.records.size()});
        } else {
            const EventQuery query = EventQuery::parse(QStringLiteral("exists(%1)").arg(path));
            std::vector<std::unordered_map<std::string, qint64>> perFile(rows->files.size());
            WorkerPool::forEach(rows->files.size(), [&](size_t f) {
                const auto &file = rows->files[f];
                QueryMatcher matcher(query);
                const QueryMatcher::File input{file.path,  file.name,   file.device,
                                               file.inode, file.scanId, &file.records};
                matcher.countValues(input, perFile[f], cache.get(), cancel.get());
            });
            std::unordered_map<std::string, qint64> all;
            for (const auto &part : perFile)
                for (const auto &[literal, count] : part)
                    all[literal] += count;
            std::vector<std::pair<std::string, qint64>> sorted(all.begin(), all.end());
            std::sort(sorted.begin(), sorted.end(), [](const auto &a, const auto &b) {
                return a.second != b.second ? a.second > b.second : a.first < b.first;
            });
            if (sorted.size() > size_t(MaxValues))
                sorted.resize(size_t(MaxValues));
            for (const auto &[literal, count] : sorted) {
                const QString insert = QString::fromStdString(literal);
                // What it reads as: a quoted string without its quotes and escapes.
                QString display = insert;
                if (insert.startsWith(QLatin1Char('"'))) {
                    const QJsonDocument doc = QJsonDocument::fromJson("[" + insert.toUtf8() + "]");
                    display = doc.array().at(0).toString();
                }
                result.entries.append({display, insert, count});
            }
        }
        std::sort(result.ids.begin(), result.ids.end(), [](const auto &a, const auto &b) {
            return a.second != b.second ? a.second > b.second : a.first < b.first;
        });
        if (result.ids.size() > size_t(MaxValues))
            result.ids.resize(size_t(MaxValues));
        return result;
    }));
}

void QueryCompletionModel::finished()
{
    WorkerPool::takeOver();
    const bool current = m_jobGeneration == m_generation && !m_cancel->load();
    if (current && !m_job.isCanceled()) {
        Result result = m_job.result();
        if (!result.ids.empty()) {
            // Ids name strings of the index this journal still has (its tables only grow).
            const JournalIndex &index = m_source->journal();
            const bool session = m_jobPath == QLatin1String("session");
            for (const auto &[id, count] : result.ids) {
                const StringTable &table = session ? index.sessions() : index.types();
                if (id >= table.size())
                    continue;
                const QString text = table.text(id);
                if (session && id == 0)
                    result.entries.append({tr("(no session)"), QStringLiteral("null"), count});
                else
                    result.entries.append({text, QueryLanguage::quote(text), count});
            }
        }
        if (m_jobKind == Kind::Paths) {
            m_paths = result.entries;
            m_pathsValid = true;
        } else {
            m_values = result.entries;
            m_valuesPath = m_jobPath;
            m_valuesValid = true;
        }
        if (m_wantKind == m_jobKind && m_wantPath == m_jobPath) {
            show(m_jobKind, m_jobPath, result.entries);
            return;
        }
    }
    // Something else is wanted now.
    if (m_wantKind == Kind::Paths)
        requestPaths();
    else if (m_wantKind == Kind::Values)
        requestValues(m_wantPath);
}
