// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <QTimer>

class DetailPane;
class EventTableModel;
class EventTableView;

// Waits until the window shows what a picture of it should: every row in view with its summary (asking the
// model for the ones not requested yet, as painting would) and the detail pane's event, if one is selected,
// on screen. Emits ready(true) once that holds, or ready(false) when `timeoutMs` passes first. It re-checks
// when summaries or the event arrive, and every 50 ms for anything else (scrolling, new rows). GUI thread;
// each check looks at the rows in view only.
class ScreenshotWaiter : public QObject
{
    Q_OBJECT
public:
    ScreenshotWaiter(EventTableView *table, EventTableModel *model, DetailPane *detail,
                     QObject *parent = nullptr);

    void start(int timeoutMs = 30000);
    // Rows in view whose summary has not arrived yet.
    int pendingSummaries() const;
    bool isSettled() const;

Q_SIGNALS:
    void ready(bool complete);

private:
    void check();
    void finish(bool complete);

    EventTableView *m_table;
    EventTableModel *m_model;
    DetailPane *m_detail;
    QTimer m_poll;
    QTimer m_timeout;
    bool m_waiting = false;
};
