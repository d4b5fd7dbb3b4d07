// SPDX-License-Identifier: MIT
#pragma once

#include <QFont>
#include <QObject>

class DetailPane;
class QAction;
class QMenu;
class QSettings;
class EventTableView;

// View › Font Size: the table's and the detail pane's text a point bigger (Ctrl+=, Ctrl++) or smaller
// (Ctrl+-), or back to the system's size (Ctrl+0). Rows follow the font's height and columns keep their
// share of it; the step is kept in QSettings. GUI thread only.
class FontZoom : public QObject
{
    Q_OBJECT
public:
    static constexpr int MinStep = -6;
    static constexpr int MaxStep = 24;

    FontZoom(EventTableView *table, DetailPane *detail, QObject *parent = nullptr);

    // Adds Bigger, Smaller and Reset to `menu`.
    void addActions(QMenu *menu);
    int step() const { return m_step; }
    void setStep(int step);
    void bigger() { setStep(m_step + 1); }
    void smaller() { setStep(m_step - 1); }
    void reset() { setStep(0); }

    void save(QSettings &settings) const;
    void restore(const QSettings &settings);

Q_SIGNALS:
    void stepChanged(int step);

private:
    static QFont scaled(const QFont &base, int step);

    EventTableView *m_table;
    DetailPane *m_detail;
    QFont m_tableFont;
    QFont m_textFont;
    int m_step = 0;
};
