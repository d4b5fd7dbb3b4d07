// SPDX-License-Identifier: MIT
#pragma once

#include <QFutureWatcher>
#include <QTimer>
#include <QWidget>

#include <atomic>
#include <memory>
#include <utility>

class EventTableModel;
class QLabel;
class QModelIndex;
class QTableView;
class QTextBrowser;
class SessionStoryModel;
struct SessionHistory;
struct SessionState;

// The selected event's session as the server's clients knew it at that event's seq: existence, title, pin,
// parent and children, the task list, plan mode, open questions, runs and token usage; under it the
// session's story, one compact row per event (later ones dimmed), each row a link to its event. Moving the
// selection moves the panel through time. Links to the parent and children go to their events.
//
// The state is a replay of the session's own events (SessionStateReader) on a worker, from a snapshot of the
// index: nothing on the GUI thread depends on the session's size beyond handing the result to the view. A
// newer selection supersedes a running computation (cancelled, its result dropped). GUI thread only.
class SessionPanel : public QWidget
{
    Q_OBJECT
public:
    explicit SessionPanel(EventTableModel *model, QWidget *parent = nullptr);
    ~SessionPanel() override;

    // Shows the session of the event at this index of the model, as of that event's seq.
    void showIndex(const QModelIndex &index);
    void clear();

    QString sessionId() const { return m_session; }
    quint64 atSeq() const { return m_seq; }
    bool isComputing() const { return m_job.isRunning(); }
    // The state on screen, or null.
    const SessionState *state() const { return m_state.get(); }
    QString stateText() const;
    QTableView *story() const { return m_story; }

Q_SIGNALS:
    // A link or story row asks for the event with this seq.
    void seqRequested(quint64 seq);
    // A computed state is on screen.
    void stateShown();

private:
    struct Result;
    void start();
    void finished();
    void linkActivated(const QUrl &url);
    // How many rows the shown session has and where they start: what a refresh would change.
    std::pair<qint64, qint64> sessionRowsMark() const;

    EventTableModel *m_model;
    QLabel *m_header;
    QTextBrowser *m_text;
    QTableView *m_story;
    SessionStoryModel *m_storyModel;
    QString m_session;
    quint64 m_seq = 0;
    std::shared_ptr<const SessionState> m_state;
    QFutureWatcher<std::shared_ptr<const Result>> m_job;
    std::shared_ptr<std::atomic_bool> m_cancel;
    quint64 m_generation = 0;
    quint64 m_jobGeneration = 0;
    bool m_restart = false; // a request arrived while a job ran
    QTimer m_refresh;       // new events: the story and the state may have grown
    std::pair<qint64, qint64> m_rowsMark{-1, -1};
    std::shared_ptr<const SessionHistory> m_history; // of the shown session, read at m_historyMark
    std::pair<qint64, qint64> m_historyMark{-1, -1};
};
