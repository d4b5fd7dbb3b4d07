// SPDX-License-Identifier: MIT
#pragma once

#include <QTreeWidget>

#include <optional>

class JournalIndex;

// Sessions with their event counts and last activity, most recent first. A click on a session asks to filter
// by it, a click on the session already filtered asks to clear that filter; the current item is the session
// the filter shows (none when the filter is not on one session).
class SessionsPanel : public QTreeWidget
{
    Q_OBJECT
public:
    explicit SessionsPanel(QWidget *parent = nullptr);
    // Recounts from the index (one pass over its records).
    void refresh(const JournalIndex &index, bool utc);
    QStringList sessionNames() const { return m_names; }
    // The session the filter is on ("" for events without one), or none.
    void setCurrentSession(const std::optional<QString> &session);
    std::optional<QString> currentSession() const { return m_current; }

Q_SIGNALS:
    // Filter by this session ("" for events without one).
    void sessionActivated(const QString &session);
    // Stop filtering by session.
    void sessionCleared();

private:
    void select();
    QStringList m_names;
    std::optional<QString> m_current;
};
