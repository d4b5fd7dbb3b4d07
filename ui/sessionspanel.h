// SPDX-License-Identifier: MIT
#pragma once

#include "rowtableview.h"

#include <optional>

class JournalIndex;
class SessionListModel;

// Sessions with their event counts and last activity, most recent first (a header click sorts by another
// column). A click on a session asks to filter by it, a click on the session already filtered asks to clear
// that filter; the current row is the session the filter shows (none when the filter is not on one session).
// The list is counted on a worker (SessionListModel): refreshed() tells when a count has landed.
class SessionsPanel : public RowTableView
{
    Q_OBJECT
public:
    explicit SessionsPanel(QWidget *parent = nullptr);
    // Counts again from the index, on a worker.
    void refresh(const JournalIndex &index, bool utc);
    SessionListModel *sessions() const { return m_model; }
    // The session ids listed, sorted.
    QStringList sessionNames() const;
    // The session the filter is on ("" for events without one), or none.
    void setCurrentSession(const std::optional<QString> &session);
    std::optional<QString> currentSession() const { return m_current; }

Q_SIGNALS:
    // Filter by this session ("" for events without one).
    void sessionActivated(const QString &session);
    // Stop filtering by session.
    void sessionCleared();
    // A count landed: the rows, sessionNames() and the type names are new.
    void refreshed();

private:
    void select();
    void keepPlace();
    void restorePlace();
    SessionListModel *m_model;
    std::optional<QString> m_current;
    // The session at the top of the view and how far it was scrolled past, kept across recounts so that the
    // rows do not move under the mouse (a list at its start stays at its start); after a sort the filtered
    // session is brought into view instead.
    QString m_topSession;
    int m_topPixel = 0;
    bool m_hadTop = false;
    bool m_atStart = true; // scrolled to the top before the refresh
    bool m_revealCurrent = false;
};
