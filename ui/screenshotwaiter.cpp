// SPDX-License-Identifier: MIT
#include "screenshotwaiter.h"

#include "detailpane.h"
#include "eventtablemodel.h"
#include "eventtableview.h"

ScreenshotWaiter::ScreenshotWaiter(EventTableView *table, EventTableModel *model, DetailPane *detail,
                                   QObject *parent)
    : QObject(parent)
    , m_table(table)
    , m_model(model)
    , m_detail(detail)
{
    m_poll.setInterval(50);
    m_timeout.setSingleShot(true);
    connect(&m_poll, &QTimer::timeout, this, &ScreenshotWaiter::check);
    connect(&m_timeout, &QTimer::timeout, this, [this] { finish(false); });
    // Checked in the next turn: the signal may come from inside the model's own update.
    connect(m_model, &QAbstractItemModel::dataChanged, this, &ScreenshotWaiter::check, Qt::QueuedConnection);
    connect(m_detail, &DetailPane::eventShown, this, &ScreenshotWaiter::check, Qt::QueuedConnection);
}

void ScreenshotWaiter::start(int timeoutMs)
{
    m_waiting = true;
    m_timeout.start(timeoutMs);
    m_poll.start();
    check();
}

int ScreenshotWaiter::pendingSummaries() const
{
    const int rows = m_model->rowCount();
    if (rows == 0)
        return 0;
    int first = m_table->rowAt(0);
    int last = m_table->rowAt(m_table->viewport()->height() - 1);
    if (first < 0)
        first = 0;
    if (last < 0)
        last = rows - 1;
    int pending = 0;
    for (int row = first; row <= last; ++row) {
        if (m_model->hasRowText(row))
            continue;
        // What painting the cell does: asks for the summary (and field values) if not asked for yet.
        m_model->data(m_model->index(row, EventTableModel::SummaryColumn));
        ++pending;
    }
    return pending;
}

bool ScreenshotWaiter::isSettled() const
{
    return !m_detail->isLoading() && pendingSummaries() == 0;
}

void ScreenshotWaiter::check()
{
    if (m_waiting && isSettled())
        finish(true);
}

void ScreenshotWaiter::finish(bool complete)
{
    if (!m_waiting)
        return;
    m_waiting = false;
    m_poll.stop();
    m_timeout.stop();
    Q_EMIT ready(complete);
}
