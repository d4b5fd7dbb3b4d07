// SPDX-License-Identifier: MIT
#include "sessionspanel.h"

#include "sessionlistmodel.h"
#include "textcelldelegate.h"

#include <QHeaderView>
#include <QItemSelectionModel>
#include <QScrollBar>

SessionsPanel::SessionsPanel(QWidget *parent)
    : RowTableView(parent)
    , m_model(new SessionListModel(this))
{
    setObjectName(QStringLiteral("sessions"));
    setAccessibleName(tr("Sessions"));
    setToolTip(tr("Click a session to show only its events; click it again to show all"));
    setModel(m_model);
    setItemDelegate(new TextCellDelegate(this)); // thousands of new sessions at each refresh: no shaping
    setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setShowGrid(false);
    setWordWrap(false);
    setCornerButtonEnabled(false);
    verticalHeader()->hide();
    verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 4);
    horizontalHeader()->setHighlightSections(false);
    horizontalHeader()->setStretchLastSection(true);
    horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    setSortingEnabled(true);
    sortByColumn(SessionListModel::LastActivityColumn, Qt::DescendingOrder);
    setColumnWidth(SessionListModel::SessionColumn, 115);
    setColumnWidth(SessionListModel::EventsColumn, 55);
    connect(m_model, &QAbstractItemModel::modelAboutToBeReset, this, &SessionsPanel::keepPlace);
    connect(horizontalHeader(), &QHeaderView::sortIndicatorChanged, this, [this] { m_revealCurrent = true; });
    connect(m_model, &SessionListModel::refreshed, this, [this] {
        select();
        restorePlace();
        Q_EMIT refreshed();
    });
    connect(this, &QAbstractItemView::clicked, this, [this](const QModelIndex &index) {
        const QString session = m_model->session(index.row());
        if (m_current == session) {
            setCurrentSession(std::nullopt);
            Q_EMIT sessionCleared();
        } else {
            setCurrentSession(session);
            Q_EMIT sessionActivated(session);
        }
    });
    // Enter on a row (and the activation a double click adds to its clicks) filters, never unfilters.
    connect(this, &QAbstractItemView::activated, this, [this](const QModelIndex &index) {
        const QString session = m_model->session(index.row());
        if (m_current == session)
            return;
        setCurrentSession(session);
        Q_EMIT sessionActivated(session);
    });
}

void SessionsPanel::refresh(const JournalIndex &index, bool utc)
{
    m_model->setUtc(utc);
    m_model->refresh(index);
}

QStringList SessionsPanel::sessionNames() const
{
    return m_model->sessionNames();
}

void SessionsPanel::keepPlace()
{
    const int top = rowAt(0);
    m_hadTop = top >= 0;
    m_atStart = verticalScrollBar()->value() == 0;
    if (m_hadTop) {
        m_topSession = m_model->session(top);
        m_topPixel = -rowViewportPosition(top);
    }
}

void SessionsPanel::restorePlace()
{
    if (m_revealCurrent && m_model->isSortedAsAsked()) {
        m_revealCurrent = false;
        if (currentIndex().isValid())
            scrollTo(currentIndex(), QAbstractItemView::PositionAtCenter);
        else
            scrollToTop();
        return;
    }
    if (m_atStart) { // a list read from its start stays there: the newest (or largest) sessions show
        scrollToTop();
        return;
    }
    const int row = m_hadTop ? m_model->rowOf(m_topSession) : -1;
    if (row < 0)
        return;
    updateGeometries(); // the scroll range of the new rows, now rather than at the next layout
    verticalScrollBar()->setValue(rowViewportPosition(row) + verticalScrollBar()->value() + m_topPixel);
}

void SessionsPanel::setCurrentSession(const std::optional<QString> &session)
{
    m_current = session;
    select();
}

void SessionsPanel::select()
{
    const int row = m_current ? m_model->rowOf(*m_current) : -1;
    clearSelection();
    if (row < 0) {
        selectionModel()->setCurrentIndex({}, QItemSelectionModel::Clear);
    } else {
        const QModelIndex current = m_model->index(row, SessionListModel::SessionColumn);
        selectionModel()->setCurrentIndex(current,
                                          QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    }
    viewport()->update();
}
