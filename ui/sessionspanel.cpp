// SPDX-License-Identifier: MIT
#include "sessionspanel.h"

#include "journalindex.h"

#include <QDateTime>
#include <QHeaderView>
#include <QItemSelectionModel>

#include <vector>

namespace {

class CountItem : public QTreeWidgetItem
{
public:
    using QTreeWidgetItem::QTreeWidgetItem;
    bool operator<(const QTreeWidgetItem &other) const override
    {
        const int column = treeWidget() ? treeWidget()->sortColumn() : 0;
        if (column == 0)
            return text(0) < other.text(0);
        return data(column, Qt::UserRole).toLongLong() < other.data(column, Qt::UserRole).toLongLong();
    }
};

} // namespace

SessionsPanel::SessionsPanel(QWidget *parent)
    : QTreeWidget(parent)
{
    setObjectName(QStringLiteral("sessions"));
    setAccessibleName(tr("Sessions"));
    setToolTip(tr("Click a session to show only its events; click it again to show all"));
    setHeaderLabels({tr("Session"), tr("Events"), tr("Last activity")});
    setRootIsDecorated(false);
    setSortingEnabled(true);
    sortByColumn(2, Qt::DescendingOrder);
    header()->setStretchLastSection(true);
    setColumnWidth(0, 115);
    setColumnWidth(1, 55);
    connect(this, &QTreeWidget::itemClicked, this, [this](QTreeWidgetItem *item) {
        const QString session = item->data(0, Qt::UserRole).toString();
        if (m_current == session) {
            setCurrentSession(std::nullopt);
            Q_EMIT sessionCleared();
        } else {
            setCurrentSession(session);
            Q_EMIT sessionActivated(session);
        }
    });
    // Enter on an item (and the activation a double click adds to its clicks) filters, never unfilters.
    connect(this, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) {
        const QString session = item->data(0, Qt::UserRole).toString();
        if (m_current == session)
            return;
        setCurrentSession(session);
        Q_EMIT sessionActivated(session);
    });
}

void SessionsPanel::refresh(const JournalIndex &index, bool utc)
{
    const std::vector<JournalIndex::SessionStat> &stats = index.sessionStats();
    const auto n = quint32(std::min<size_t>(stats.size(), index.sessions().size()));
    setUpdatesEnabled(false);
    clear();
    m_names.clear();
    for (quint32 id = 0; id < n; ++id) {
        if (stats[id].events == 0)
            continue;
        auto *item = new CountItem(this);
        const QString name = index.sessions().text(id);
        if (id != 0)
            m_names.append(name);
        item->setText(0, id == 0 ? tr("(no session)") : name);
        item->setData(0, Qt::UserRole, name);
        item->setText(1, QString::number(stats[id].events));
        item->setData(1, Qt::UserRole, stats[id].events);
        item->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
        if (stats[id].lastTs != std::numeric_limits<qint64>::min()) {
            const QDateTime t =
                QDateTime::fromMSecsSinceEpoch(stats[id].lastTs / 1000000, utc ? Qt::UTC : Qt::LocalTime);
            item->setText(2, t.toString(QStringLiteral("MM-dd HH:mm:ss")));
            item->setToolTip(2, t.toString(Qt::ISODateWithMs));
        }
        item->setData(2, Qt::UserRole, stats[id].lastTs);
    }
    select();
    setUpdatesEnabled(true);
    m_names.sort();
}

void SessionsPanel::setCurrentSession(const std::optional<QString> &session)
{
    m_current = session;
    select();
}

void SessionsPanel::select()
{
    QTreeWidgetItem *match = nullptr;
    if (m_current) {
        for (int i = 0; i < topLevelItemCount() && !match; ++i) {
            if (topLevelItem(i)->data(0, Qt::UserRole).toString() == *m_current)
                match = topLevelItem(i);
        }
    }
    clearSelection();
    setCurrentItem(match, 0, match ? QItemSelectionModel::ClearAndSelect : QItemSelectionModel::Clear);
    if (!match)
        selectionModel()->setCurrentIndex({}, QItemSelectionModel::Clear);
    viewport()->update();
}
