// SPDX-License-Identifier: MIT
#include "journalindex.h"
#include "sessionstate.h"

#include <QTemporaryDir>
#include <QTest>

#include "testjournal.h"

using namespace TestJournal;

namespace {

// Builds a journal by hand: one line per event in the server's compact form.
class Journal
{
public:
    // outer: the line's session_id (empty: null).
    Journal &add(const QByteArray &outer, const QByteArray &event)
    {
        ++m_seq;
        m_lines += "{\"seq\":" + QByteArray::number(m_seq) +
                   ",\"ts\":\"2026-11-20T09:00:" + QByteArray::number(10 + m_seq % 50) +
                   "Z\",\"session_id\":" + (outer.isEmpty() ? QByteArray("null") : '"' + outer + '"') +
                   ",\"event\":" + event + "}\n";
        return *this;
    }
    quint64 seq() const { return m_seq; }
    // The next event gets this seq (a journal whose seqs go back, as after a server restart that lost its
    // newest file's lines).
    Journal &restartAt(quint64 seq)
    {
        m_seq = seq - 1;
        return *this;
    }
    // Writes the lines so far as one file named by its first seq; the next ones go to a new file.
    void write(const QString &dir)
    {
        if (m_lines.isEmpty())
            return;
        writeFile(QDir(dir).filePath(JournalFileName::forStartSeq(m_fileStart)), m_lines);
        m_lines.clear();
        m_fileStart = m_seq + 1;
    }

private:
    quint64 m_seq = 0;
    quint64 m_fileStart = 1;
    QByteArray m_lines;
};

QByteArray created(const QByteArray &s, const QByteArray &kind = "root",
                   const QByteArray &title = "New session")
{
    return R"({"type":"session_created","session_id":")" + s + R"(","title":")" + title + R"(","kind":")" +
           kind + R"(","created_at":"t"})";
}

QByteArray titled(const QByteArray &s, const QByteArray &title, quint64 version, const QByteArray &source)
{
    return R"({"type":"session_title_updated","session_id":")" + s + R"(","title":")" + title +
           R"(","title_version":)" + QByteArray::number(version) + R"(,"source":")" + source +
           R"(","updated_at":"t"})";
}

QByteArray message(const QByteArray &s, const QByteArray &role)
{
    return R"({"type":"message_appended","session_id":")" + s + R"(","message_id":"m","role":")" + role +
           R"(","content":"hello","created_at":"t"})";
}

QByteArray taskList(const QByteArray &s, const QByteArray &title, const QList<QByteArray> &itemsAndStatuses)
{
    QByteArray items;
    for (qsizetype i = 0; i + 1 < itemsAndStatuses.size(); i += 2)
        items += (i ? "," : "") + QByteArray(R"({"id":")") + itemsAndStatuses[i] + R"(","description":"do )" +
                 itemsAndStatuses[i] + R"(","status":")" + itemsAndStatuses[i + 1] +
                 R"(","depends_on":[],"notes":"","phase":"execution","priority":"medium"})";
    return R"({"type":"task_list_updated","task_list":{"session_id":")" + s + R"(","title":")" + title +
           R"(","items":[)" + items + R"(],"created_at":"t","updated_at":"t"}})";
}

QByteArray progress(const QByteArray &s, const QByteArray &item, const QByteArray &status, quint64 version,
                    quint64 calls = 1)
{
    return R"({"type":"task_list_item_progress","session_id":")" + s + R"(","item_id":")" + item +
           R"(","status":")" + status + R"(","tool_calls_count":)" + QByteArray::number(calls) +
           R"(,"version":)" + QByteArray::number(version) + "}";
}

QByteArray runStarted(const QByteArray &s, const QByteArray &run)
{
    return R"({"type":"execution_started","run_id":")" + run + R"(","session_id":")" + s +
           R"(","started_at":"t"})";
}

QByteArray completed(quint64 prompt, quint64 completion)
{
    return R"({"type":"complete","usage":{"prompt_tokens":)" + QByteArray::number(prompt) +
           R"(,"completion_tokens":)" + QByteArray::number(completion) + R"(,"total_tokens":)" +
           QByteArray::number(prompt + completion) + "}}";
}

QByteArray subAgent(const QByteArray &parent, const QByteArray &child, const QByteArray &statusOrTitle,
                    bool done)
{
    if (done)
        return R"({"type":"sub_agent_completed","parent_session_id":")" + parent +
               R"(","child_session_id":")" + child + R"(","status":")" + statusOrTitle + "\"}";
    return R"({"type":"sub_agent_started","parent_session_id":")" + parent + R"(","child_session_id":")" +
           child + R"(","title":")" + statusOrTitle + "\"}";
}

SessionState stateAt(const JournalIndex &index, const char *session,
                     quint64 at = std::numeric_limits<quint64>::max())
{
    SessionStateReader::Options options;
    options.atSeq = at;
    return SessionStateReader::compute(index, QString::fromUtf8(session), options);
}

} // namespace

class tst_SessionState : public QObject
{
    Q_OBJECT
private slots:
    void titleVersionsOutOfOrder();
    void itemProgressBeforeItsList();
    void clearedThenReused();
    void deletedThenCreatedAgain();
    void childWhoseParentWasDeleted();
    void parentFoundAmongManySessions();
    void runEndingInError();
    void timeTravel();
    void timeTravelWhenSeqsGoBack();
    void messageRolesHoweverWritten();
    void neverAppearsOrNotYet();
    void unknownTypesAndExtraFieldsAreKept();
    void indexKeepsSessionRowsThroughAppendsAndPrunes();
    void fileChangedUnderneath();
    void longSessionAcrossManyReads();
};

void tst_SessionState::titleVersionsOutOfOrder()
{
    QTemporaryDir dir;
    Journal j;
    j.add("s", created("s"))                              // 1
        .add("s", titled("s", "Auto title", 1, "auto"))   // 2
        .add("s", titled("s", "Mine", 3, "manual"))       // 3
        .add("s", titled("s", "Late auto", 2, "auto"))    // 4: older version arriving late
        .add("s", titled("s", "Same version", 3, "auto")) // 5: not above the current one
        .add("s", R"({"type":"session_pinned_updated","session_id":"s","pinned":true,"updated_at":"t"})");
    j.write(dir.path());
    const JournalIndex index = JournalIndex::build(dir.path());
    SessionState s = stateAt(index, "s");
    QVERIFY(s.appears && s.exists);
    QCOMPARE(s.title, QStringLiteral("Mine"));
    QCOMPARE(s.titleVersion.value(), quint64(3));
    QCOMPARE(s.titleSource, QStringLiteral("manual"));
    QCOMPARE(s.pinned.value(), true);
    QCOMPARE(s.kind, QStringLiteral("root"));
    s = stateAt(index, "s", 1);
    QCOMPARE(s.title, QStringLiteral("New session"));
    QCOMPARE(s.titleVersion.value(), quint64(0));
    QVERIFY(!s.pinned);
    s = stateAt(index, "s", 2);
    QCOMPARE(s.title, QStringLiteral("Auto title"));
    QCOMPARE(s.titleSource, QStringLiteral("auto"));
}

void tst_SessionState::itemProgressBeforeItsList()
{
    QTemporaryDir dir;
    Journal j;
    j.add("s", created("s"))                                                         // 1
        .add("s", progress("s", "item-2", "in_progress", 4, 2))                      // 2: before its list
        .add("s", taskList("s", "Plan", {"item-1", "pending", "item-2", "pending"})) // 3
        .add("s", progress("s", "item-2", "completed", 3))                           // 4: stale
        .add("s", progress("s", "item-1", "completed", 5, 6))                        // 5
        .add("s", progress("s", "item-9", "blocked", 6))                             // 6: not in the list
        .add(
            "s",
            R"({"type":"task_list_completed","session_id":"s","completed_at":"t","total_rounds":2,"total_tool_calls":8})");
    j.write(dir.path());
    const JournalIndex index = JournalIndex::build(dir.path());
    QVERIFY(!stateAt(index, "s", 2).taskList);
    SessionState s = stateAt(index, "s", 3);
    QVERIFY(s.taskList);
    QCOMPARE(s.taskList->title, QStringLiteral("Plan"));
    QCOMPARE(s.taskList->items.size(), size_t(2));
    QCOMPARE(s.taskList->items[0].status, QStringLiteral("pending"));
    QCOMPARE(s.taskList->items[1].status, QStringLiteral("in_progress")); // the early progress, on top
    QCOMPARE(s.taskList->items[1].toolCalls, quint64(2));
    QCOMPARE(s.taskList->items[1].version.value(), quint64(4));
    s = stateAt(index, "s");
    QCOMPARE(s.taskList->items[0].status, QStringLiteral("completed"));
    QCOMPARE(s.taskList->items[0].toolCalls, quint64(6));
    QCOMPARE(s.taskList->items[1].status, QStringLiteral("in_progress")); // version 3 came after version 4
    QCOMPARE(s.taskList->items.size(), size_t(2));
    QVERIFY(s.taskList->completed);
    QCOMPARE(s.taskList->totalToolCalls, quint64(8));
}

void tst_SessionState::clearedThenReused()
{
    QTemporaryDir dir;
    Journal j;
    j.add("s", created("s"))                                   // 1
        .add("s", taskList("s", "Old", {"item-1", "pending"})) // 2
        .add(
            "s",
            R"({"type":"plan_mode_entered","session_id":"s","pre_permission_mode":"default","entered_at":"t","status":"exploring","plan_file_path":"plans/a.md"})") // 3
        .add("s",
             R"({"type":"need_clarification","question":"Which?","options":null,"allow_custom":true})") // 4
        .add("s", R"({"type":"session_cleared","session_id":"s"})")                                     // 5
        .add("s", message("s", "user"))                                                                 // 6
        .add("s", taskList("s", "New", {"item-1", "in_progress"}));                                     // 7
    j.write(dir.path());
    const JournalIndex index = JournalIndex::build(dir.path());
    SessionState s = stateAt(index, "s", 4);
    QVERIFY(!s.cleared);
    QCOMPARE(s.pending.size(), size_t(1));
    QCOMPARE(s.pending[0].text, QStringLiteral("Which?"));
    QVERIFY(s.planMode.active);
    QCOMPARE(s.planMode.planFilePath, QStringLiteral("plans/a.md"));
    s = stateAt(index, "s", 5);
    QVERIFY(s.cleared && s.exists);
    QCOMPARE(s.clearedSeq.value(), quint64(5));
    QVERIFY(!s.taskList);
    QVERIFY(s.pending.empty());
    QVERIFY(!s.planMode.active);
    s = stateAt(index, "s");
    QVERIFY(s.cleared && s.exists);
    QCOMPARE(s.taskList->title, QStringLiteral("New"));
    QCOMPARE(s.messagesByRole.value(QStringLiteral("user")), qint64(1));
    QCOMPARE(s.eventCount, qint64(7));
}

void tst_SessionState::deletedThenCreatedAgain()
{
    QTemporaryDir dir;
    Journal j;
    j.add("s", created("s", "root", "First life"))                  // 1
        .add("s", titled("s", "Named", 4, "manual"))                // 2
        .add("s", R"({"type":"session_deleted","session_id":"s"})") // 3
        .add("s", created("s", "root", "Second life"))              // 4
        .add("s", titled("s", "Again", 1, "auto"));                 // 5
    j.write(dir.path());
    const JournalIndex index = JournalIndex::build(dir.path());
    SessionState s = stateAt(index, "s", 3);
    QVERIFY(s.deleted && !s.exists);
    QCOMPARE(s.deletedSeq.value(), quint64(3));
    s = stateAt(index, "s", 4);
    QVERIFY(!s.deleted && s.exists);
    QCOMPARE(s.createdSeq.value(), quint64(4));
    QCOMPARE(s.title, QStringLiteral("Second life")); // a new life: version 4 belonged to the first one
    s = stateAt(index, "s");
    QCOMPARE(s.title, QStringLiteral("Again"));
    QCOMPARE(s.titleVersion.value(), quint64(1));
}

void tst_SessionState::childWhoseParentWasDeleted()
{
    QTemporaryDir dir;
    Journal j;
    j.add("p", created("p"))                                        // 1
        .add("p", runStarted("p", "r1"))                            // 2
        .add("p", subAgent("p", "c", "Look around", false))         // 3: on the parent's rows
        .add("c", created("c", "child", "Look around"))             // 4
        .add("c", runStarted("c", "r2"))                            // 5
        .add("p", R"({"type":"session_deleted","session_id":"p"})") // 6
        .add("c", completed(10, 5))                                 // 7
        .add("p", subAgent("p", "c", "completed", true));           // 8
    j.write(dir.path());
    const JournalIndex index = JournalIndex::build(dir.path());
    SessionState c = stateAt(index, "c", 5);
    QCOMPARE(c.kind, QStringLiteral("child"));
    QCOMPARE(c.parentSessionId, QStringLiteral("p"));
    QCOMPARE(c.parentLinkSeq.value(), quint64(3));
    QVERIFY(!c.parentDeleted);
    QCOMPARE(c.runs.current, QStringLiteral("r2"));
    c = stateAt(index, "c");
    QCOMPARE(c.parentSessionId, QStringLiteral("p"));
    QVERIFY(c.parentDeleted);
    QVERIFY(c.exists);
    QCOMPARE(c.runs.completed, quint64(1));
    QCOMPARE(c.usage.totalTokens, quint64(15));
    // The parent sees its child running, then completed.
    SessionState p = stateAt(index, "p", 7);
    QCOMPARE(p.children.size(), size_t(1));
    QCOMPARE(p.children[0].sessionId, QStringLiteral("c"));
    QCOMPARE(p.children[0].title, QStringLiteral("Look around"));
    QVERIFY(p.children[0].status.isEmpty());
    QVERIFY(p.deleted);
    p = stateAt(index, "p");
    QCOMPARE(p.children[0].status, QStringLiteral("completed"));
    QCOMPARE(p.children[0].completedSeq.value(), quint64(8));
    // Before its link, the child has no parent yet.
    QVERIFY(stateAt(index, "c", 2).parentSessionId.isEmpty());
}

void tst_SessionState::parentFoundAmongManySessions()
{
    QTemporaryDir dir;
    Journal j;
    j.add("p", created("p")).add("q", created("q"));
    j.add("p", subAgent("p", "c", "Far away", false)); // 3
    // Many events of other sessions (and a decoy link) between the link and the child's first event.
    j.add("q", subAgent("q", "other", "Decoy", false));
    for (int i = 0; i < 300; ++i)
        j.add("p", message("p", "assistant")).add("q", message("q", "tool"));
    j.write(dir.path()); // the child's events go to another file
    j.add("c", created("c", "child")).add("c", message("c", "user"));
    // A session that never says it is a child is looked for nearby only.
    j.add("q", subAgent("q", "d", "Near", false)).add("d", message("d", "user"));
    j.write(dir.path());
    const JournalIndex index = JournalIndex::build(dir.path());
    QCOMPARE(index.files().size(), 2);
    SessionState c = stateAt(index, "c");
    QCOMPARE(c.parentSessionId, QStringLiteral("p"));
    QCOMPARE(c.parentLinkSeq.value(), quint64(3));
    SessionState d = stateAt(index, "d");
    QCOMPARE(d.parentSessionId, QStringLiteral("q"));
    QCOMPARE(d.kind, QStringLiteral("child"));
    QVERIFY(!d.createdSeq); // created before the retained window: it exists from its first event
    QVERIFY(d.exists);
    QVERIFY(stateAt(index, "p").parentSessionId.isEmpty());
}

void tst_SessionState::runEndingInError()
{
    QTemporaryDir dir;
    Journal j;
    j.add("s", created("s"))             // 1
        .add("s", runStarted("s", "r1")) // 2
        .add("s", completed(100, 20))    // 3
        .add("s", runStarted("s", "r2")) // 4
        .add(
            "s",
            R"({"type":"tool_approval_requested","tool_call_id":"call_9","tool_name":"Bash","parameters":{"command":"rm -rf build"}})") // 5
        .add("s", R"({"type":"error","message":"provider error: 529\nretry later"})") // 6
        .add("s", runStarted("s", "r3"))                                              // 7
        .add("s", R"({"type":"cancelled"})")                                          // 8
        .add("s", runStarted("s", "r4"))                                              // 9
        .add("s", completed(1000, 200));                                              // 10
    j.write(dir.path());
    const JournalIndex index = JournalIndex::build(dir.path());
    SessionState s = stateAt(index, "s", 5);
    QCOMPARE(s.runs.started, quint64(2));
    QCOMPARE(s.runs.current, QStringLiteral("r2"));
    QCOMPARE(s.pending.size(), size_t(1));
    QCOMPARE(s.pending[0].type, QStringLiteral("tool_approval_requested"));
    QCOMPARE(s.pending[0].toolCallId, QStringLiteral("call_9"));
    QCOMPARE(s.pending[0].text, QStringLiteral("Bash(command=rm -rf build)"));
    s = stateAt(index, "s", 6);
    QCOMPARE(s.runs.errors, quint64(1));
    QVERIFY(s.runs.current.isEmpty());
    QVERIFY(s.pending.empty());
    QCOMPARE(s.runs.lastError, QStringLiteral("provider error: 529\nretry later"));
    s = stateAt(index, "s");
    QCOMPARE(s.runs.started, quint64(4));
    QCOMPARE(s.runs.completed, quint64(2));
    QCOMPARE(s.runs.cancelled, quint64(1));
    QCOMPARE(s.runs.errors, quint64(1));
    QCOMPARE(s.usage.promptTokens, quint64(1100));
    QCOMPARE(s.usage.completionTokens, quint64(220));
    QCOMPARE(s.usage.totalTokens, quint64(1320));
}

void tst_SessionState::timeTravel()
{
    QTemporaryDir dir;
    Journal j;
    j.add("a", created("a")).add("b", created("b"));
    for (int i = 0; i < 10; ++i)
        j.add("a", message("a", i % 2 ? "assistant" : "user")).add("b", message("b", "user"));
    j.write(dir.path());
    const JournalIndex index = JournalIndex::build(dir.path());
    for (quint64 at = 0; at <= j.seq(); ++at) {
        const SessionState s = stateAt(index, "a", at);
        qint64 expected = 0;
        for (const SessionState::Event &e : s.events) {
            QVERIFY(e.seq <= at);
            QVERIFY(e.applied);
            ++expected;
        }
        QCOMPARE(s.eventCount, expected);
        QCOMPARE(s.atSeq, at);
        QCOMPARE(s.exists, at >= 1);
    }
    // With the story after the seq: listed, not applied.
    SessionStateReader::Options options;
    options.atSeq = 5;
    options.storyAfter = true;
    const SessionState s = SessionStateReader::compute(index, QStringLiteral("a"), options);
    QCOMPARE(s.events.size(), size_t(11));
    QCOMPARE(s.eventCount, qint64(3));
    QCOMPARE(std::count_if(s.events.begin(), s.events.end(), [](const auto &e) { return e.applied; }), 3);
    QCOMPARE(s.events[1].summary, QStringLiteral("user: hello"));
    QCOMPARE(s.events[1].ts, QStringLiteral("2026-11-20T09:00:13Z"));
}

void tst_SessionState::timeTravelWhenSeqsGoBack()
{
    // Seqs 1..20, then 5..14 again in a later file: the rows as of a seq are no longer a prefix of the
    // session's rows, so they are found one by one.
    QTemporaryDir dir;
    Journal j;
    j.add("a", created("a"));
    for (int i = 0; i < 19; ++i)
        j.add("a", message("a", "user"));
    j.write(dir.path());
    JournalIndex index = JournalIndex::build(dir.path());
    QVERIFY(index.seqsAscending());
    QVERIFY(index.snapshot()->seqsAscending);
    QCOMPARE(stateAt(index, "a", 12).eventCount, qint64(12));

    j.restartAt(5);
    for (int i = 0; i < 10; ++i)
        j.add("a", message("a", "assistant"));
    j.write(dir.path()); // as events-…21.jsonl, after the first file
    index.update(JournalDirectory::list(dir.path()));
    QVERIFY(!index.seqsAscending());
    QVERIFY(!index.snapshot()->seqsAscending);
    for (quint64 at = 0; at <= 21; ++at) {
        const SessionState s = stateAt(index, "a", at);
        // Brute force: every row of the session with a seq up to `at`, wherever it is.
        const qint64 expected =
            qint64(std::min<quint64>(at, 20)) + qint64(at >= 5 ? std::min<quint64>(at, 14) - 4 : 0);
        QCOMPARE(s.eventCount, expected);
        QCOMPARE(s.messagesByRole.value(QStringLiteral("assistant")),
                 at >= 5 ? qint64(std::min<quint64>(at, 14) - 4) : 0);
    }
}

void tst_SessionState::messageRolesHoweverWritten()
{
    // Messages are read by a short walk to their role; anything unusual falls back to the full parse.
    QTemporaryDir dir;
    Journal j;
    j.add("a", created("a"))
        .add("a", message("a", "user"))
        .add("a", R"({"type":"message_appended","content":"role: x","role":"assistant","session_id":"a"})")
        .add("a", R"({"type":"message_appended","session_id":"a","r\u006fle":"tool","content":"c"})")
        .add("a", R"({"role":"system","type":"message_appended","session_id":"a"})")
        .add("a", R"({"type":"message_appended","session_id":"a","role":7})")
        .add("a", R"({"type":"message\u005fappended","session_id":"a","role":"user"})");
    j.write(dir.path());
    const JournalIndex index = JournalIndex::build(dir.path());
    SessionStateReader::Options options;
    options.summaries = false; // the short walk is taken only without summaries
    const SessionState s = SessionStateReader::compute(index, QStringLiteral("a"), options);
    QCOMPARE(s.eventCount, qint64(7));
    QCOMPARE(s.messagesByRole.value(QStringLiteral("user")), 2);
    QCOMPARE(s.messagesByRole.value(QStringLiteral("assistant")), 1);
    QCOMPARE(s.messagesByRole.value(QStringLiteral("tool")), 1);
    QCOMPARE(s.messagesByRole.value(QStringLiteral("system")), 1);
    QCOMPARE(s.messagesByRole.value(QString()), 1); // a role that is not a string
    options.summaries = true;
    QCOMPARE(SessionStateReader::compute(index, QStringLiteral("a"), options).messagesByRole,
             s.messagesByRole);
}

void tst_SessionState::neverAppearsOrNotYet()
{
    QTemporaryDir dir;
    Journal j;
    j.add("", R"({"type":"config_changed","section":"providers","revision":2})").add("s", created("s"));
    j.write(dir.path());
    const JournalIndex index = JournalIndex::build(dir.path());
    QVERIFY(!stateAt(index, "nope").appears);
    QVERIFY(!stateAt(index, "").appears);
    const SessionState s = stateAt(index, "s", 1);
    QVERIFY(s.appears);
    QVERIFY(!s.exists);
    QCOMPARE(s.eventCount, qint64(0));
    QVERIFY(s.events.empty());
    // An empty journal.
    QTemporaryDir empty;
    QVERIFY(!stateAt(JournalIndex::build(empty.path()), "s").appears);
}

void tst_SessionState::unknownTypesAndExtraFieldsAreKept()
{
    QTemporaryDir dir;
    Journal j;
    j.add(
         "s",
         R"({"type":"session_created","session_id":"s","title":"T","kind":"root","created_at":"t","project_id":"proj-7","model":"x"})")
        .add(
            "s",
            R"({"type":"workflow_activated","session_id":"s","workflow_id":"review","revision":3,"event_id":"e1"})")
        .add("s", R"({"type":"brand_new","message":"from the future"})")
        .add("s",
             R"({"type":"message_appended","session_id":"s","role":42})"); // wrong kinds: counted, no role
    j.write(dir.path());
    const JournalIndex index = JournalIndex::build(dir.path());
    const SessionState s = stateAt(index, "s");
    QCOMPARE(s.eventCount, qint64(4));
    QCOMPARE(s.projectId, QStringLiteral("proj-7"));
    QCOMPARE(s.events[1].type, QStringLiteral("workflow_activated"));
    QCOMPARE(s.events[1].summary, QStringLiteral("review r3"));
    QCOMPARE(s.events[2].type, QStringLiteral("brand_new"));
    QCOMPARE(s.events[2].summary, QStringLiteral("from the future"));
    QCOMPARE(s.messagesByRole.value(QString()), qint64(1));
    QVERIFY(s.errors.isEmpty());
}

void tst_SessionState::indexKeepsSessionRowsThroughAppendsAndPrunes()
{
    QTemporaryDir dir;
    JournalSimulator sim;
    simulate(sim, dir.path(), 3000, 64 * 1024);
    JournalIndex live = JournalIndex::build(dir.path());
    const auto snapshot = live.snapshot(); // a worker holds the rows while the index changes
    QString error;
    for (int i = 0; i < 2000; ++i)
        QVERIFY(sim.appendNext(&error));
    live.update(JournalDirectory::list(dir.path()));
    for (int step = 0; step < 2; ++step) {
        if (step == 1) {
            // Prune the two oldest files: every row moves.
            const QStringList names =
                QDir(dir.path()).entryList({QStringLiteral("events-*.jsonl")}, QDir::Files, QDir::Name);
            QVERIFY(names.size() > 3);
            QVERIFY(QFile::remove(QDir(dir.path()).filePath(names[0])));
            QVERIFY(QFile::remove(QDir(dir.path()).filePath(names[1])));
            live.update(JournalDirectory::list(dir.path()));
            QVERIFY(live.eventCount() < 5000);
        } else {
            QCOMPARE(live.eventCount(), qint64(5000));
        }
        // Every row is in exactly its session's list, in order.
        const SessionRowTable &table = live.sessionRows();
        QCOMPARE(table.size(), qsizetype(live.sessions().size()));
        std::vector<qsizetype> next(size_t(table.size()), 0);
        for (qint64 row = 0; row < live.eventCount(); ++row) {
            const quint32 session = live.record(row).session;
            QVERIFY(session != 0);
            const SessionRows &rows = table.at(session);
            QVERIFY(next[session] < rows.size());
            QCOMPARE(qint64(rows.at(next[session]++)), row);
        }
        for (qsizetype id = 1; id < table.size(); ++id)
            QCOMPARE(next[size_t(id)], table.at(id).size());
    }
    // The snapshot taken before kept its rows.
    qsizetype total = 0;
    for (qsizetype id = 1; id < snapshot->sessionRows.size(); ++id)
        total += snapshot->sessionRows.at(id).size();
    QCOMPARE(total, qsizetype(3000));
    // And the state computed from the live index matches one from a fresh index.
    const JournalIndex fresh = JournalIndex::build(dir.path());
    for (quint32 id = 1; id < fresh.sessions().size(); ++id) {
        const QString name = fresh.sessions().text(id);
        const SessionState a = SessionStateReader::compute(live, name, {});
        const SessionState b = SessionStateReader::compute(fresh, name, {});
        QCOMPARE(a.eventCount, b.eventCount);
        QCOMPARE(a.title, b.title);
        QCOMPARE(a.runs.started, b.runs.started);
    }
}

void tst_SessionState::fileChangedUnderneath()
{
    QTemporaryDir dir;
    Journal j;
    j.add("s", created("s")).add("s", message("s", "user"));
    j.write(dir.path());
    const JournalIndex index = JournalIndex::build(dir.path());
    // The file is truncated after indexing: the state says what it could not read, and does not crash.
    QFile f(QDir(dir.path()).filePath(JournalFileName::forStartSeq(1)));
    QVERIFY(f.resize(40));
    const SessionState s = stateAt(index, "s");
    QCOMPARE(s.eventCount, qint64(0));
    QCOMPARE(s.errors.size(), 2);
}

void tst_SessionState::longSessionAcrossManyReads()
{
    // Thousands of events, read and decoded in parallel pieces, applied in journal order.
    QTemporaryDir dir;
    Journal j;
    j.add("s", created("s"));
    quint64 titleVersion = 0, runs = 0, tokens = 0;
    qint64 users = 0, assistants = 0;
    for (int i = 1; i <= 5000; ++i) {
        if (i % 97 == 0) {
            ++titleVersion;
            j.add("s", titled("s", "Title " + QByteArray::number(titleVersion), titleVersion, "manual"));
        } else if (i % 50 == 0) {
            j.add("s", runStarted("s", "r" + QByteArray::number(i)));
            j.add("s", completed(100, quint64(i)));
            ++runs;
            tokens += 100 + quint64(i);
        } else if (i == 4001) {
            j.add("s", R"({"type":"session_cleared","session_id":"s"})");
        } else {
            j.add("other", message("other", "tool"));
            j.add("s", message("s", i % 3 ? "assistant" : "user"));
            (i % 3 ? assistants : users) += 1;
        }
        if (i % 1500 == 0)
            j.write(dir.path());
    }
    j.write(dir.path());
    const JournalIndex index = JournalIndex::build(dir.path());
    const SessionState s = stateAt(index, "s");
    QCOMPARE(s.title, QStringLiteral("Title %1").arg(titleVersion));
    QCOMPARE(s.titleVersion.value(), titleVersion);
    QCOMPARE(s.runs.started, runs);
    QCOMPARE(s.runs.completed, runs);
    QCOMPARE(s.usage.totalTokens, tokens);
    QCOMPARE(s.messagesByRole.value(QStringLiteral("user")), users);
    QCOMPARE(s.messagesByRole.value(QStringLiteral("assistant")), assistants);
    QCOMPARE(s.eventCount, qint64(s.events.size()));
    QVERIFY(s.eventCount > 5000);
    QVERIFY(s.cleared);
    for (size_t i = 1; i < s.events.size(); ++i)
        QVERIFY(s.events[i - 1].row < s.events[i].row);
    // Halfway, in the middle of a piece: only what came before counts.
    const quint64 half = s.events[s.events.size() / 2].seq;
    const SessionState h = stateAt(index, "s", half);
    QCOMPARE(qint64(h.events.size()), h.eventCount);
    QCOMPARE(h.events.back().seq, half);
    qint64 messages = 0;
    for (const SessionState::Event &e : h.events)
        messages += e.type == QLatin1String("message_appended") ? 1 : 0;
    QCOMPARE(h.messagesByRole.value(QStringLiteral("user")) +
                 h.messagesByRole.value(QStringLiteral("assistant")),
             messages);
    QVERIFY(!h.cleared);
}

QTEST_GUILESS_MAIN(tst_SessionState)
#include "tst_sessionstate.moc"
