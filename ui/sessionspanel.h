// SPDX-License-Identifier: MIT
#pragma once

#include <QTreeWidget>

class JournalIndex;

// Sessions with their event counts and last activity, most recent first; activating one asks to filter by it.
class SessionsPanel : public QTreeWidget
{
    Q_OBJECT
public:
    explicit SessionsPanel(QWidget *parent = nullptr);
    // Recounts from the index (one pass over its records).
    void refresh(const JournalIndex &index, bool utc);
    QStringList sessionNames() const { return m_names; }

Q_SIGNALS:
    void sessionActivated(const QString &session);

private:
    QStringList m_names;
};
