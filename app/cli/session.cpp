// SPDX-License-Identifier: MIT
#include "cli.h"

#include "eventsummary.h"
#include "jsonwriter.h"
#include "sessionstate.h"

#include <optional>

namespace cli {

// The state of one session as of a seq: what the server's clients know after applying every event up to it.
int cmdSession(const QStringList &args)
{
    const Spec spec{
        "session",
        "session DIR ID [--at SEQ] [--json]",
        "The state of session ID as of seq SEQ: what the server's clients knew after applying every "
        "event up to it.",
        {{QStringLiteral("at"), QStringLiteral("The seq to stop at (default: the newest)."),
          QStringLiteral("SEQ")},
         JsonOption},
        {},
        {QStringLiteral("ID")}};
    Command cmd;
    int parsed = Ok;
    if (!parseCommand(cmd, args, spec, &parsed))
        return parsed;
    const QString id = cmd.more.value(0);
    int exit = Ok;
    std::optional<quint64> at;
    if (!parseU64Option(cmd, QStringLiteral("at"), &at, &exit))
        return exit;
    QString dir;
    JournalIndex index;
    if (!openJournal(cmd, &dir, &index, &exit))
        return exit;
    // Files before the oldest retained one were pruned (a journal that starts at seq 1 lost nothing): what
    // they held is in no state computed here.
    const quint64 oldest = index.oldestSeq().value_or(1);
    if (at && *at < oldest) {
        err(QStringLiteral(
                "%1: seq %2 is before the retained window (oldest seq %3): the events up to it were "
                "pruned, so no state as of it can be told")
                .arg(dir)
                .arg(*at)
                .arg(oldest));
        return IoError;
    }
    SessionStateReader::Options options;
    options.atSeq = at.value_or(index.maxSeq().value_or(0));
    options.maxSummaryLength = 240;
    options.summaries = cmd.parser.isSet(QStringLiteral("json")); // only the JSON lists the events
    const SessionState s = SessionStateReader::compute(index, id, options);
    if (!s.appears) {
        err(oldest > 1
                ? QStringLiteral("%1: session %2 does not appear in the retained journal; events before "
                                 "seq %3 were pruned")
                      .arg(dir, id)
                      .arg(oldest)
                : QStringLiteral("%1: session %2 never appears in the journal").arg(dir, id));
        return IoError;
    }
    if (oldest > 1) {
        // Its first retained event is not its creation: it began before the oldest retained file.
        const QByteArray utf8 = id.toUtf8();
        const qint64 sid = index.sessions().find(std::string_view(utf8.constData(), size_t(utf8.size())));
        const SessionRows *rows =
            sid > 0 && sid < index.sessionRows().size() ? &index.sessionRows().at(sid) : nullptr;
        if (rows && !rows->isEmpty() &&
            index.types().at(index.record(qint64(rows->at(0))).type) != "session_created")
            err(QStringLiteral(
                    "warning: events before seq %1 were pruned and this session began before them: its "
                    "state lacks what it did then")
                    .arg(oldest));
    }
    for (const QString &e : s.errors)
        err(e);
    // The state is what the readable files say: name those that could not be read.
    for (const FileIndex &fi : index.files()) {
        if (fi.entry.readable() && fi.error.isEmpty())
            continue;
        err(QStringLiteral("warning: %1: %2; the state lacks any event of this session it held")
                .arg(fi.entry.name, fi.entry.readable()
                                        ? fi.error
                                        : QStringLiteral("a %1, not a journal file that can be read")
                                              .arg(JournalEntry::typeName(fi.entry.type))));
    }

    if (cmd.parser.isSet(QStringLiteral("json"))) {
        JsonWriter j;
        const auto optBool = [&j](std::optional<bool> v) -> JsonWriter & {
            return v ? j.value(*v) : j.null();
        };
        j.beginObject()
            .key("session_id")
            .value(s.sessionId)
            .key("at_seq")
            .value(s.atSeq)
            .key("exists")
            .value(s.exists)
            .key("deleted")
            .value(s.deleted)
            .key("cleared")
            .value(s.cleared)
            .key("created_seq")
            .value(s.createdSeq)
            .key("deleted_seq")
            .value(s.deletedSeq)
            .key("cleared_seq")
            .value(s.clearedSeq)
            .key("kind")
            .stringOrNull(s.kind)
            .key("project_id")
            .stringOrNull(s.projectId)
            .key("title");
        s.titleVersion ? j.value(s.title) : j.null();
        j.key("title_version")
            .value(s.titleVersion)
            .key("title_source")
            .stringOrNull(s.titleSource)
            .key("pinned");
        optBool(s.pinned);
        j.key("parent_session_id")
            .stringOrNull(s.parentSessionId)
            .key("parent_link_seq")
            .value(s.parentLinkSeq)
            .key("parent_deleted")
            .value(s.parentDeleted)
            .key("children")
            .beginArray();
        for (const SessionState::Child &c : s.children) {
            j.beginObject()
                .key("session_id")
                .value(c.sessionId)
                .key("title")
                .stringOrNull(c.title)
                .key("status")
                .stringOrNull(c.status)
                .key("error")
                .stringOrNull(c.error)
                .key("started_seq");
            c.startedSeq ? j.value(c.startedSeq) : j.null();
            j.key("completed_seq").value(c.completedSeq).endObject();
        }
        j.endArray().key("task_list");
        if (s.taskList) {
            j.beginObject()
                .key("title")
                .value(s.taskList->title)
                .key("seq")
                .value(s.taskList->seq)
                .key("completed")
                .value(s.taskList->completed)
                .key("items")
                .beginArray();
            for (const SessionState::Item &item : s.taskList->items)
                j.beginObject()
                    .key("id")
                    .value(item.id)
                    .key("description")
                    .value(item.description)
                    .key("status")
                    .value(item.status)
                    .key("tool_calls_count")
                    .value(item.toolCalls)
                    .key("version")
                    .value(item.version)
                    .endObject();
            j.endArray().endObject();
        } else {
            j.null();
        }
        j.key("plan_mode")
            .beginObject()
            .key("active")
            .value(s.planMode.active)
            .key("status")
            .stringOrNull(s.planMode.status)
            .key("plan_file_path")
            .stringOrNull(s.planMode.planFilePath)
            .key("approved");
        optBool(s.planMode.approved);
        j.key("last_file_update");
        if (s.planMode.lastFileSeq)
            j.beginObject()
                .key("seq")
                .value(*s.planMode.lastFileSeq)
                .key("file_path")
                .value(s.planMode.lastFilePath)
                .key("content_summary")
                .value(s.planMode.lastContentSummary)
                .endObject();
        else
            j.null();
        j.endObject().key("pending").beginArray();
        for (const SessionState::Pending &p : s.pending)
            j.beginObject()
                .key("seq")
                .value(p.seq)
                .key("type")
                .value(p.type)
                .key("text")
                .value(p.text)
                .key("tool_call_id")
                .stringOrNull(p.toolCallId)
                .endObject();
        j.endArray()
            .key("runs")
            .beginObject()
            .key("started")
            .value(s.runs.started)
            .key("completed")
            .value(s.runs.completed)
            .key("cancelled")
            .value(s.runs.cancelled)
            .key("errors")
            .value(s.runs.errors)
            .key("running_run_id")
            .stringOrNull(s.runs.current)
            .key("last_error")
            .stringOrNull(s.runs.lastError)
            .endObject()
            .key("usage")
            .beginObject()
            .key("prompt_tokens")
            .value(s.usage.promptTokens)
            .key("completion_tokens")
            .value(s.usage.completionTokens)
            .key("total_tokens")
            .value(s.usage.totalTokens)
            .endObject()
            .key("messages")
            .beginObject();
        for (auto it = s.messagesByRole.cbegin(); it != s.messagesByRole.cend(); ++it) {
            const QByteArray role = it.key().toUtf8();
            j.key(role.constData()).value(it.value());
        }
        j.endObject().key("event_count").value(s.eventCount).key("events").beginArray();
        for (const SessionState::Event &e : s.events)
            j.beginObject()
                .key("seq")
                .value(e.seq)
                .key("ts")
                .value(e.ts)
                .key("type")
                .value(e.type)
                .key("summary")
                .value(e.summary)
                .endObject();
        j.endArray().endObject();
        out(j.data() + '\n');
        return Ok;
    }

    const auto seqText = [](std::optional<quint64> v) {
        return v ? QStringLiteral("seq %1").arg(*v) : QStringLiteral("before the retained window");
    };
    // Text from the journal, quoted: its own quotes and backslashes escaped (control characters are escaped
    // with each line, below).
    const auto quoted = [](QString text) -> QString {
        text.replace(QLatin1Char('\\'), QLatin1String("\\\\"))
            .replace(QLatin1Char('"'), QLatin1String("\\\""));
        return QLatin1Char('"') + text + QLatin1Char('"');
    };
    QStringList lines;
    const auto line = [&lines](const char *label, const QString &text) {
        lines << QString::fromLatin1(label).leftJustified(11) + text;
    };
    line("session", QStringLiteral("%1%2 as of seq %3")
                        .arg(s.sessionId, s.kind.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(s.kind))
                        .arg(s.atSeq));
    QStringList state;
    state << (s.exists    ? QStringLiteral("exists")
              : s.deleted ? QStringLiteral("deleted")
                          : QStringLiteral("not yet"));
    if (s.createdSeq)
        state << QStringLiteral("created at seq %1").arg(*s.createdSeq);
    if (s.deleted)
        state << QStringLiteral("deleted at %1").arg(seqText(s.deletedSeq));
    if (s.cleared)
        state << QStringLiteral("cleared at %1").arg(seqText(s.clearedSeq));
    if (s.pinned.value_or(false))
        state << QStringLiteral("pinned");
    if (!s.projectId.isEmpty())
        state << QStringLiteral("project %1").arg(s.projectId);
    line("state", state.join(QStringLiteral(" · ")));
    if (s.titleVersion)
        line("title", QStringLiteral("%1 v%2 %3")
                          .arg(quoted(s.title))
                          .arg(*s.titleVersion)
                          .arg(s.titleSource.isEmpty() ? QStringLiteral("(as created)") : s.titleSource));
    if (!s.parentSessionId.isEmpty())
        line("parent",
             s.parentSessionId +
                 (s.parentLinkSeq ? QStringLiteral(" (started this at seq %1)").arg(*s.parentLinkSeq)
                                  : QString()) +
                 (s.parentDeleted ? QStringLiteral(", deleted") : QString()));
    for (const SessionState::Child &c : s.children)
        line("child", QStringLiteral("%1 %2%3%4")
                          .arg(c.sessionId, c.status.isEmpty() ? QStringLiteral("running") : c.status,
                               c.title.isEmpty() ? QString() : QLatin1Char(' ') + quoted(c.title),
                               c.error.isEmpty() ? QString() : QStringLiteral(": ") + c.error));
    if (s.taskList) {
        line("task list",
             QStringLiteral("%1%2").arg(quoted(s.taskList->title),
                                        s.taskList->completed ? QStringLiteral(" (completed)") : QString()));
        for (const SessionState::Item &item : s.taskList->items)
            lines << QStringLiteral("           %1 %2 %3")
                         .arg(item.id, item.status.leftJustified(11), item.description);
    }
    if (s.planMode.active || !s.planMode.status.isEmpty())
        line("plan mode",
             QStringLiteral("%1, %2%3")
                 .arg(s.planMode.active ? QStringLiteral("active") : QStringLiteral("exited"),
                      s.planMode.status,
                      s.planMode.planFilePath.isEmpty() ? QString()
                                                        : QStringLiteral(", ") + s.planMode.planFilePath));
    for (const SessionState::Pending &p : s.pending)
        line("pending", QStringLiteral("seq %1 %2: %3").arg(p.seq).arg(p.type, p.text));
    line("runs",
         QStringLiteral("%1 started, %2 completed, %3 cancelled, %4 errors%5")
             .arg(s.runs.started)
             .arg(s.runs.completed)
             .arg(s.runs.cancelled)
             .arg(s.runs.errors)
             .arg(s.runs.current.isEmpty() ? QString() : QStringLiteral("; running ") + s.runs.current));
    line("usage", QStringLiteral("%1 tokens (%2 prompt, %3 completion)")
                      .arg(EventSummary::groupDigits(s.usage.totalTokens),
                           EventSummary::groupDigits(s.usage.promptTokens),
                           EventSummary::groupDigits(s.usage.completionTokens)));
    QStringList roles;
    for (auto it = s.messagesByRole.cbegin(); it != s.messagesByRole.cend(); ++it)
        roles << QStringLiteral("%1 %2").arg(it.key()).arg(it.value());
    line("events", QStringLiteral("%1%2")
                       .arg(s.eventCount)
                       .arg(roles.isEmpty() ? QString()
                                            : QStringLiteral(" (messages: ") +
                                                  roles.join(QStringLiteral(", ")) + QLatin1Char(')')));
    // One line each, whatever the journal's text holds: control characters escaped, so that no value can
    // split a line or drive the terminal.
    QByteArray text;
    for (const QString &l : std::as_const(lines))
        text += printable(l) + '\n';
    out(text);
    return Ok;
}

} // namespace cli
