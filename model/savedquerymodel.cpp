// SPDX-License-Identifier: MIT
#include "savedquerymodel.h"

#include <QRegularExpression>
#include <QSettings>

#include <algorithm>

namespace {

bool isColour(const QString &colour)
{
    static const QRegularExpression re(QStringLiteral("^#[0-9a-fA-F]{6}$"));
    return re.match(colour).hasMatch();
}

} // namespace

const QStringList &SavedQueryModel::palette()
{
    static const QStringList colours = {QStringLiteral("#d62728"), QStringLiteral("#2ca02c"),
                                        QStringLiteral("#ff7f0e"), QStringLiteral("#9467bd"),
                                        QStringLiteral("#17becf"), QStringLiteral("#8c564b"),
                                        QStringLiteral("#e377c2"), QStringLiteral("#bcbd22")};
    return colours;
}

SavedQueryModel::SavedQueryModel(QObject *parent, const QString &settingsPath)
    : QAbstractListModel(parent)
    , m_settings(settingsPath.isEmpty() ? std::make_unique<QSettings>()
                                        : std::make_unique<QSettings>(settingsPath, QSettings::IniFormat))
{
    const int n = m_settings->beginReadArray(QStringLiteral("savedQueries"));
    for (int i = 0; i < n; ++i) {
        m_settings->setArrayIndex(i);
        Saved s;
        s.name = m_settings->value(QStringLiteral("name")).toString();
        s.query = m_settings->value(QStringLiteral("query")).toString();
        s.colour = m_settings->value(QStringLiteral("colour")).toString();
        s.timeline = m_settings->value(QStringLiteral("timeline")).toBool();
        if (s.name.isEmpty() || find(s.name) >= 0)
            continue; // a hand-edited file: keep what makes sense
        if (!isColour(s.colour))
            s.colour = palette().at(m_queries.size() % palette().size());
        m_queries.append(s);
    }
    m_settings->endArray();
}

SavedQueryModel::~SavedQueryModel() = default;

int SavedQueryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_queries.size());
}

QVariant SavedQueryModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.parent().isValid() || index.row() < 0 || index.row() >= m_queries.size())
        return {};
    const Saved &s = m_queries[index.row()];
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
    case NameRole:
        return s.name;
    case Qt::ToolTipRole:
    case QueryRole:
        return s.query;
    case ColourRole:
        return s.colour;
    case TimelineRole:
        return s.timeline;
    default:
        return {};
    }
}

bool SavedQueryModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!index.isValid() || index.parent().isValid() || index.row() >= m_queries.size())
        return false;
    switch (role) {
    case Qt::EditRole:
    case NameRole:
        return rename(index.row(), value.toString());
    case QueryRole:
        save(m_queries[index.row()].name, value.toString());
        return true;
    case ColourRole:
        if (!isColour(value.toString()))
            return false;
        setColour(index.row(), value.toString());
        return true;
    case TimelineRole:
        setOnTimeline(index.row(), value.toBool());
        return true;
    default:
        return false;
    }
}

Qt::ItemFlags SavedQueryModel::flags(const QModelIndex &index) const
{
    return index.isValid() ? Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsEditable : Qt::NoItemFlags;
}

int SavedQueryModel::find(const QString &name) const
{
    for (int i = 0; i < m_queries.size(); ++i)
        if (m_queries[i].name == name)
            return i;
    return -1;
}

int SavedQueryModel::save(const QString &name, const QString &query)
{
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty())
        return -1;
    if (const int row = find(trimmed); row >= 0) {
        m_queries[row].query = query;
        write();
        Q_EMIT dataChanged(index(row), index(row));
        return row;
    }
    // The first palette colour no saved query uses yet, else round the palette.
    QString colour = palette().at(m_queries.size() % palette().size());
    for (const QString &c : palette()) {
        if (std::none_of(m_queries.begin(), m_queries.end(), [&](const Saved &s) { return s.colour == c; })) {
            colour = c;
            break;
        }
    }
    const int row = int(m_queries.size());
    beginInsertRows({}, row, row);
    m_queries.append({trimmed, query, colour, false});
    endInsertRows();
    write();
    return row;
}

bool SavedQueryModel::rename(int row, const QString &name)
{
    const QString trimmed = name.trimmed();
    if (row < 0 || row >= m_queries.size() || trimmed.isEmpty())
        return false;
    const int other = find(trimmed);
    if (other >= 0 && other != row)
        return false;
    m_queries[row].name = trimmed;
    write();
    Q_EMIT dataChanged(index(row), index(row));
    return true;
}

void SavedQueryModel::remove(int row)
{
    if (row < 0 || row >= m_queries.size())
        return;
    beginRemoveRows({}, row, row);
    m_queries.removeAt(row);
    endRemoveRows();
    write();
}

void SavedQueryModel::setColour(int row, const QString &colour)
{
    if (row < 0 || row >= m_queries.size() || !isColour(colour) || m_queries[row].colour == colour)
        return;
    m_queries[row].colour = colour.toLower();
    write();
    Q_EMIT dataChanged(index(row), index(row));
}

void SavedQueryModel::setOnTimeline(int row, bool on)
{
    if (row < 0 || row >= m_queries.size() || m_queries[row].timeline == on)
        return;
    m_queries[row].timeline = on;
    write();
    Q_EMIT dataChanged(index(row), index(row));
}

void SavedQueryModel::write()
{
    m_settings->remove(QStringLiteral("savedQueries"));
    m_settings->beginWriteArray(QStringLiteral("savedQueries"), int(m_queries.size()));
    for (int i = 0; i < m_queries.size(); ++i) {
        m_settings->setArrayIndex(i);
        m_settings->setValue(QStringLiteral("name"), m_queries[i].name);
        m_settings->setValue(QStringLiteral("query"), m_queries[i].query);
        m_settings->setValue(QStringLiteral("colour"), m_queries[i].colour);
        m_settings->setValue(QStringLiteral("timeline"), m_queries[i].timeline);
    }
    m_settings->endArray();
    m_settings->sync();
}
