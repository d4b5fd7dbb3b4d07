// SPDX-License-Identifier: MIT
#pragma once

#include "journalindex.h"

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <array>
#include <atomic>
#include <memory>
#include <optional>
#include <vector>

// What the server's clients know of one session after applying every event up to a seq: a replay of that
// session's own events (the index's per-session rows, so the cost is O(the session's events), never a pass
// over the journal), plus the links between parents and children.
//
// Rules the replay follows, where the journal alone does not say:
// - A session exists from its first event (session_created, or any event when its creation is older than
//   the retained window) until session_deleted; a later session_created brings it back.
// - session_cleared empties the conversation: the task list, plan mode and open questions go; the title,
//   pin, links, run counts and usage stay.
// - A title applies only when its title_version is above the current one (session_created's title counts as
//   version 0), so versions arriving out of order never step back.
// - task_list_updated replaces the list; each task_list_item_progress applies when its version is above the
//   last one applied to that item, and progress for an item the list does not (yet) hold waits and applies
//   on top when a list brings the item.
// - need_clarification and tool_approval_requested stay open until the session's run ends (complete,
//   cancelled, error), or the session is cleared or deleted.
// - sub_agent_started / sub_agent_completed name parent and child (the server writes them on the parent's
//   rows). A child's parent is the sub_agent_started naming it, looked for in journal order outwards from
//   the child's first event: a few thousand rows each way, then, for a session created as a child, the whole
//   journal. A root has no parent and is not looked up.
//
// compute() reads the lines from disk and may run on any thread; it works from a RowsSnapshot, so the index
// may keep changing meanwhile. It is read() then replay(): a caller that shows one session at many seqs (the
// browser's time travel) reads the session once and replays the kept history at each seq, without I/O.
struct SessionState
{
    struct Child
    {
        QString sessionId;
        QString title;
        QString status; // empty while running
        QString error;
        quint64 startedSeq = 0;
        std::optional<quint64> completedSeq;
    };
    struct Item
    {
        QString id;
        QString description;
        QString status;
        quint64 toolCalls = 0;
        std::optional<quint64> version; // of the last progress applied
    };
    struct TaskList
    {
        QString title;
        std::vector<Item> items;
        quint64 seq = 0; // of the task_list_updated
        bool completed = false;
        quint64 totalRounds = 0;
        quint64 totalToolCalls = 0;
    };
    struct PlanMode
    {
        bool active = false;
        QString status;
        QString planFilePath;
        QString reason;
        std::optional<bool> approved; // of the last exit
        QString lastFilePath;         // of the last plan_file_updated
        QString lastContentSummary;
        std::optional<quint64> lastFileSeq;
    };
    struct Pending
    {
        quint64 seq = 0;
        QString type; // need_clarification or tool_approval_requested
        QString text; // the question, or the tool call
        QString toolCallId;
    };
    struct Runs
    {
        quint64 started = 0;
        quint64 completed = 0;
        quint64 cancelled = 0;
        quint64 errors = 0;
        QString current; // run_id of a run started and not ended
        QString lastError;
    };
    struct Usage
    {
        quint64 promptTokens = 0;
        quint64 completionTokens = 0;
        quint64 totalTokens = 0;
    };
    struct Event
    {
        quint64 seq = 0;
        qint64 row = 0;
        QString ts;
        QString type;
        QString summary;
        bool applied = true; // false: after the state's seq (listed by Options::storyAfter)
    };

    QString sessionId;
    quint64 atSeq = 0;
    bool appears = false; // the session is the session_id of at least one line
    bool exists = false;
    bool deleted = false;
    bool cleared = false;
    std::optional<quint64> createdSeq, deletedSeq, clearedSeq;
    QString kind; // root, child, or empty when never said
    QString projectId;
    QString title;
    std::optional<quint64> titleVersion;
    QString titleSource;
    std::optional<bool> pinned;
    QString parentSessionId;
    std::optional<quint64> parentLinkSeq; // the sub_agent_started that names this session
    bool parentDeleted = false;           // as of atSeq
    std::vector<Child> children;
    std::optional<TaskList> taskList;
    PlanMode planMode;
    std::vector<Pending> pending;
    Runs runs;
    Usage usage;
    qint64 eventCount = 0; // events with seq <= atSeq
    QMap<QString, qint64> messagesByRole;
    std::vector<Event> events;
    QStringList errors; // lines that could not be read back (the file changed since it was indexed)
};

// A session's events as read from the journal once: for each, what the replay needs of it (parsed), and what
// the story shows. Immutable once read; share it between threads as a shared_ptr<const SessionHistory>.
struct SessionHistory
{
    struct Item
    {
        QString id;
        QString description;
        QString status;
    };
    struct Step
    {
        enum class Kind : quint8 {
            Other, // a type the replay does not apply (counted only)
            MessageAppended,
            SessionCreated,
            SessionDeleted,
            SessionCleared,
            TitleUpdated,
            PinnedUpdated,
            TaskListUpdated,
            ItemProgress,
            TaskListCompleted,
            PlanModeEntered,
            PlanModeExited,
            PlanFileUpdated,
            SubAgentStarted,
            SubAgentCompleted,
            NeedClarification,
            ToolApprovalRequested,
            ExecutionStarted,
            Complete,
            Cancelled,
            Error,
        };
        quint64 seq = 0;
        qint64 row = 0; // in the snapshot it was read from
        Kind kind = Kind::Other;
        QString ts; // empty unless Options::summaries
        QString type;
        QString summary; // empty unless Options::summaries
        // The fields the replay applies, by kind (absent fields are empty or 0):
        //   SessionCreated: text kind, project_id, title    MessageAppended: text role
        //   TitleUpdated: text title, source; number title_version, flag set when it is there
        //   PinnedUpdated: flag pinned    PlanModeExited: flag approved
        //   TaskListUpdated: text title; items; flag set when the task_list is there
        //   ItemProgress: text item_id, status; number tool_calls_count, version
        //   TaskListCompleted: number total_rounds, total_tool_calls
        //   PlanModeEntered: text status, reason, plan_file_path    PlanFileUpdated: text file_path,
        //   content_summary SubAgentStarted: text parent, child, title    SubAgentCompleted: text parent,
        //   child, status, error NeedClarification: text question, tool_call_id    ToolApprovalRequested:
        //   text summary, tool_call_id ExecutionStarted: text run_id    Complete: number prompt, completion,
        //   total tokens Error: text message
        std::array<QString, 4> text;
        std::array<quint64, 3> number = {};
        std::optional<bool> flag;
        std::shared_ptr<const std::vector<Item>> items;
    };

    QString sessionId;
    quint32 session = 0; // its id in the index read from
    bool appears = false;
    qsizetype rowCount = 0; // the session's rows in that index, read or not
    quint64 upToSeq = 0;    // events with a greater seq were not read
    std::vector<Step> steps;
    QStringList errors;
};

class SessionStateReader
{
public:
    // Ids (in the index's type table) of the types the link search reads from records alone; 0 when the
    // journal has none. Resolve them on the index's thread with typesOf().
    struct TypeIds
    {
        quint32 sessionCreated = 0;
        quint32 sessionDeleted = 0;
        quint32 subAgentStarted = 0;
    };
    struct Options
    {
        quint64 atSeq = std::numeric_limits<quint64>::max();
        bool storyAfter = false; // also list (unapplied) the events after atSeq (read() reads them all)
        bool summaries = true; // each event's ts and summary (for the story; the state itself needs neither)
        int maxSummaryLength = 160;
        const std::atomic_bool *cancel = nullptr;
    };

    static TypeIds typesOf(const JournalIndex &index);

    // The state of the session with id `session` in the snapshot's index. An id of 0 (no such session) gives
    // a state that does not appear.
    static SessionState compute(const JournalIndex::RowsSnapshot &rows, quint32 session, const QString &name,
                                const TypeIds &types, const Options &options);
    // The two halves of compute(): reading the session's events (those up to atSeq, or all with storyAfter),
    // and replaying them up to atSeq. replay() takes the snapshot read() was given, or a later one whose rows
    // have not moved (the index only appended).
    static SessionHistory read(const JournalIndex::RowsSnapshot &rows, quint32 session, const QString &name,
                               const Options &options);
    static SessionState replay(const SessionHistory &history, const JournalIndex::RowsSnapshot &rows,
                               const TypeIds &types, const Options &options);
    // The same, from an index on this thread.
    static SessionState compute(const JournalIndex &index, const QString &session, const Options &options);
};
