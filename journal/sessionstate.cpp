// SPDX-License-Identifier: MIT
#include "sessionstate.h"

#include "eventsummary.h"

#include <QHash>

#include <simdjson.h>

#include <algorithm>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>
#include <unordered_map>

namespace {

using Snapshot = JournalIndex::RowsSnapshot;

// How far (in journal rows) from a child's first event the link search looks before it searches the whole
// journal (only for sessions created as children).
constexpr qint64 NearbyRows = 4096;

QString qstr(std::string_view v)
{
    return QString::fromUtf8(v.data(), qsizetype(v.size()));
}

QString str(simdjson::dom::object o, const char *key)
{
    std::string_view v;
    return o[key].get(v) ? QString() : qstr(v);
}

std::optional<quint64> uint(simdjson::dom::object o, const char *key)
{
    uint64_t v = 0;
    if (o[key].get(v))
        return std::nullopt;
    return quint64(v);
}

// Reads the lines of a snapshot's rows, keeping each file open once opened. Rows asked in ascending order
// are located in O(1) each; others by binary search.
class LineSource
{
public:
    explicit LineSource(const Snapshot &rows)
        : m_rows(rows)
    {}
    ~LineSource()
    {
        for (const auto &[file, fd] : m_fds)
            if (fd >= 0)
                ::close(fd);
    }
    LineSource(const LineSource &) = delete;
    LineSource &operator=(const LineSource &) = delete;

    int fileOf(qint64 row)
    {
        const auto &files = m_rows.files;
        if (m_cursor < files.size() && row >= files[m_cursor].firstRow) {
            while (m_cursor + 1 < files.size() && row >= files[m_cursor + 1].firstRow)
                ++m_cursor;
            if (row < files[m_cursor].firstRow + files[m_cursor].records.size())
                return int(m_cursor);
        }
        const auto it = std::upper_bound(files.begin(), files.end(), row,
                                         [](qint64 r, const Snapshot::File &f) { return r < f.firstRow; });
        if (it == files.begin())
            return -1;
        m_cursor = size_t(it - files.begin()) - 1;
        return row < files[m_cursor].firstRow + files[m_cursor].records.size() ? int(m_cursor) : -1;
    }
    const EventRecord *record(qint64 row)
    {
        const int f = fileOf(row);
        if (f < 0)
            return nullptr;
        const Snapshot::File &file = m_rows.files[size_t(f)];
        return &file.records.at(qsizetype(row - file.firstRow));
    }
    // The line of a row, with simdjson's padding after it; empty view on failure (error set).
    std::string_view line(qint64 row, QString *error)
    {
        const int f = fileOf(row);
        if (f < 0) {
            *error = QStringLiteral("row %1 is not in the index").arg(row);
            return {};
        }
        const EventRecord &r =
            m_rows.files[size_t(f)].records.at(qsizetype(row - m_rows.files[size_t(f)].firstRow));
        m_buffer.resize(qsizetype(r.length) + qsizetype(simdjson::SIMDJSON_PADDING));
        if (!readOne(f, r, m_buffer.data(), error))
            return {};
        return std::string_view(m_buffer.constData(), size_t(r.length));
    }

    // Lines read ahead in one go: each at offsets[i] in bytes, followed by simdjson's padding; a failed line
    // has an error instead.
    struct Batch
    {
        QByteArray bytes;
        std::vector<qsizetype> offsets;
        std::vector<QString> errors;
        std::string_view line(size_t i, quint32 length) const
        {
            return errors[i].isEmpty() ? std::string_view(bytes.constData() + offsets[i], length)
                                       : std::string_view();
        }
    };
    // Reads the lines of rows [from, to) into one buffer. Lines of one file that lie close together come in
    // one pread with the bytes between them: a system call costs more than copying a few KiB. Files stay
    // open.
    void read(const std::vector<std::pair<qint64, const EventRecord *>> &rows, size_t from, size_t to,
              Batch *batch)
    {
        constexpr quint64 MaxGap = 4096, MaxSpan = 1 << 20;
        const size_t n = to - from;
        batch->offsets.assign(n, 0);
        batch->errors.assign(n, QString());
        qsizetype size = 0;
        for (size_t i = 0; i < n; ++i) {
            batch->offsets[i] = size;
            size += qsizetype(rows[from + i].second->length) + qsizetype(simdjson::SIMDJSON_PADDING);
        }
        batch->bytes.resize(size);
        for (size_t i = 0; i < n;) {
            const int f = fileOf(rows[from + i].first);
            if (f < 0) {
                batch->errors[i] = QStringLiteral("row %1 is not in the index").arg(rows[from + i].first);
                ++i;
                continue;
            }
            const quint64 start = rows[from + i].second->offset;
            quint64 end = start + rows[from + i].second->length;
            size_t j = i + 1;
            while (j < n) {
                const EventRecord &r = *rows[from + j].second;
                if (fileOf(rows[from + j].first) != f || r.offset < end || r.offset - end > MaxGap ||
                    r.offset + r.length - start > MaxSpan)
                    break;
                end = r.offset + r.length;
                ++j;
            }
            if (j == i + 1) {
                readOne(f, *rows[from + i].second, batch->bytes.data() + batch->offsets[i],
                        &batch->errors[i]);
            } else {
                m_span.resize(qsizetype(end - start));
                const int d = fd(f);
                const ssize_t got = d < 0 ? -1 : ::pread(d, m_span.data(), size_t(end - start), off_t(start));
                for (size_t k = i; k < j; ++k) {
                    const EventRecord &r = *rows[from + k].second;
                    if (got >= 0 && r.offset + r.length - start <= quint64(got))
                        std::memcpy(batch->bytes.data() + batch->offsets[k],
                                    m_span.constData() + (r.offset - start), r.length);
                    else
                        readOne(f, r, batch->bytes.data() + batch->offsets[k], &batch->errors[k]);
                }
            }
            i = j;
        }
    }

private:
    int fd(int f)
    {
        int &fd = m_fds.try_emplace(f, -2).first->second;
        if (fd == -2)
            fd = ::open(m_rows.files[size_t(f)].path.constData(),
                        O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
        return fd;
    }
    bool readOne(int f, const EventRecord &r, char *out, QString *error)
    {
        const QByteArray &path = m_rows.files[size_t(f)].path;
        const int d = fd(f);
        if (d < 0) {
            *error = QStringLiteral("%1: cannot open").arg(QString::fromLocal8Bit(path));
            return false;
        }
        if (::pread(d, out, r.length, off_t(r.offset)) != qint64(r.length)) {
            *error = QStringLiteral("%1 @%2: the line is no longer there")
                         .arg(QString::fromLocal8Bit(path))
                         .arg(r.offset);
            return false;
        }
        return true;
    }

    const Snapshot &m_rows;
    size_t m_cursor = 0;
    std::unordered_map<int, int> m_fds;
    QByteArray m_buffer;
    QByteArray m_span;
};

struct WaitingProgress
{
    QString status;
    quint64 toolCalls = 0;
    quint64 version = 0;
};

class Replay
{
public:
    Replay(SessionState &state, const QString &name)
        : s(state)
        , m_name(name)
    {}

    void apply(std::string_view type, simdjson::dom::object e, quint64 seq, const QString &summary)
    {
        ++s.eventCount;
        if (type == "session_created") {
            if (s.deleted || !s.exists)
                reincarnate();
            s.exists = true;
            s.deleted = false;
            s.createdSeq = seq;
            s.kind = str(e, "kind");
            s.projectId = str(e, "project_id");
            if (!s.titleVersion) {
                s.title = str(e, "title");
                s.titleVersion = 0;
                s.titleSource.clear();
            }
            return;
        }
        if (!s.deleted)
            s.exists = true; // seen: its creation may be older than the retained window
        if (type == "message_appended") {
            ++s.messagesByRole[str(e, "role")];
        } else if (type == "session_deleted") {
            s.exists = false;
            s.deleted = true;
            s.deletedSeq = seq;
            s.pending.clear();
            s.runs.current.clear();
        } else if (type == "session_cleared") {
            s.cleared = true;
            s.clearedSeq = seq;
            s.taskList.reset();
            s.planMode = {};
            s.pending.clear();
            m_waiting.clear();
        } else if (type == "session_title_updated") {
            const auto version = uint(e, "title_version");
            if (version && (!s.titleVersion || *version > *s.titleVersion)) {
                s.title = str(e, "title");
                s.titleVersion = version;
                s.titleSource = str(e, "source");
            }
        } else if (type == "session_pinned_updated") {
            bool pinned = false;
            if (!e["pinned"].get(pinned))
                s.pinned = pinned;
        } else if (type == "task_list_updated") {
            simdjson::dom::object list;
            if (!e["task_list"].get(list))
                taskList(list, seq);
        } else if (type == "task_list_item_progress") {
            progress(str(e, "item_id"), str(e, "status"), uint(e, "tool_calls_count").value_or(0),
                     uint(e, "version").value_or(0));
        } else if (type == "task_list_completed") {
            if (s.taskList) {
                s.taskList->completed = true;
                s.taskList->totalRounds = uint(e, "total_rounds").value_or(0);
                s.taskList->totalToolCalls = uint(e, "total_tool_calls").value_or(0);
            }
        } else if (type == "plan_mode_entered") {
            s.planMode.active = true;
            s.planMode.status = str(e, "status");
            s.planMode.reason = str(e, "reason");
            s.planMode.planFilePath = str(e, "plan_file_path");
            s.planMode.approved.reset();
            s.planMode.lastFilePath.clear();
            s.planMode.lastContentSummary.clear();
            s.planMode.lastFileSeq.reset();
        } else if (type == "plan_mode_exited") {
            s.planMode.active = false;
            bool approved = false;
            if (!e["approved"].get(approved))
                s.planMode.approved = approved;
        } else if (type == "plan_file_updated") {
            s.planMode.lastFilePath = str(e, "file_path");
            s.planMode.lastContentSummary = str(e, "content_summary");
            s.planMode.lastFileSeq = seq;
            if (s.planMode.planFilePath.isEmpty())
                s.planMode.planFilePath = s.planMode.lastFilePath;
        } else if (type == "sub_agent_started" || type == "sub_agent_completed") {
            subAgent(type == "sub_agent_started", e, seq);
        } else if (type == "need_clarification" || type == "tool_approval_requested") {
            SessionState::Pending p;
            p.seq = seq;
            p.type = qstr(type);
            p.text = type == "need_clarification" ? str(e, "question") : summary;
            p.toolCallId = str(e, "tool_call_id");
            s.pending.push_back(p);
        } else if (type == "execution_started") {
            ++s.runs.started;
            s.runs.current = str(e, "run_id");
        } else if (type == "complete" || type == "cancelled" || type == "error") {
            if (type == "complete") {
                ++s.runs.completed;
                simdjson::dom::object usage;
                if (!e["usage"].get(usage)) {
                    s.usage.promptTokens += uint(usage, "prompt_tokens").value_or(0);
                    s.usage.completionTokens += uint(usage, "completion_tokens").value_or(0);
                    s.usage.totalTokens += uint(usage, "total_tokens").value_or(0);
                }
            } else if (type == "cancelled") {
                ++s.runs.cancelled;
            } else {
                ++s.runs.errors;
                s.runs.lastError = str(e, "message");
            }
            s.runs.current.clear();
            s.pending.clear();
        }
    }

private:
    // A session created again after its deletion (or first seen by its creation) starts a fresh life: what
    // belonged to the earlier one does not carry over, except what the journal counts.
    void reincarnate()
    {
        if (!s.deleted)
            return;
        s.title.clear();
        s.titleVersion.reset();
        s.titleSource.clear();
        s.pinned.reset();
        s.cleared = false;
        s.clearedSeq.reset();
        s.taskList.reset();
        s.planMode = {};
        s.pending.clear();
        s.children.clear();
        m_waiting.clear();
        m_itemVersions.clear();
    }

    void taskList(simdjson::dom::object list, quint64 seq)
    {
        SessionState::TaskList t;
        t.title = str(list, "title");
        t.seq = seq;
        simdjson::dom::array items;
        if (!list["items"].get(items)) {
            for (simdjson::dom::element element : items) {
                simdjson::dom::object o;
                if (element.get(o))
                    continue;
                SessionState::Item item;
                item.id = str(o, "id");
                item.description = str(o, "description");
                item.status = str(o, "status");
                const auto applied = m_itemVersions.constFind(item.id);
                if (applied != m_itemVersions.constEnd())
                    item.version = applied.value();
                const auto waiting = m_waiting.find(item.id);
                if (waiting != m_waiting.end()) {
                    if (!item.version || waiting->version > *item.version) {
                        item.status = waiting->status;
                        item.toolCalls = waiting->toolCalls;
                        item.version = waiting->version;
                        m_itemVersions.insert(item.id, waiting->version);
                    }
                    m_waiting.erase(waiting);
                }
                t.items.push_back(item);
            }
        }
        s.taskList = std::move(t);
    }

    void progress(const QString &id, const QString &status, quint64 toolCalls, quint64 version)
    {
        const auto applied = m_itemVersions.constFind(id);
        if (applied != m_itemVersions.constEnd() && version <= applied.value())
            return; // an older step arriving late
        if (s.taskList) {
            for (SessionState::Item &item : s.taskList->items) {
                if (item.id != id)
                    continue;
                item.status = status;
                item.toolCalls = toolCalls;
                item.version = version;
                m_itemVersions.insert(id, version);
                return;
            }
        }
        WaitingProgress &w = m_waiting[id];
        if (w.status.isEmpty() || version > w.version)
            w = {status, toolCalls, version};
    }

    void subAgent(bool started, simdjson::dom::object e, quint64 seq)
    {
        const QString parent = str(e, "parent_session_id");
        const QString child = str(e, "child_session_id");
        if (child == m_name && !child.isEmpty()) {
            if (s.parentSessionId.isEmpty() || started) {
                s.parentSessionId = parent;
                if (started)
                    s.parentLinkSeq = seq;
            }
            return;
        }
        if (parent != m_name && !parent.isEmpty())
            return;
        auto it = std::find_if(s.children.begin(), s.children.end(),
                               [&](const SessionState::Child &c) { return c.sessionId == child; });
        if (it == s.children.end()) {
            s.children.push_back({});
            it = s.children.end() - 1;
            it->sessionId = child;
        }
        if (started) {
            it->title = str(e, "title");
            it->startedSeq = seq;
            it->status.clear();
            it->error.clear();
            it->completedSeq.reset();
        } else {
            it->status = str(e, "status");
            it->error = str(e, "error");
            it->completedSeq = seq;
        }
    }

    SessionState &s;
    QString m_name;
    QHash<QString, quint64> m_itemVersions;
    QHash<QString, WaitingProgress> m_waiting;
};

// Whether session `id` is deleted as of seq `at`: its last session_created / session_deleted row decides.
bool deletedAt(const Snapshot &rows, LineSource &source, quint32 id, quint64 at,
               const SessionStateReader::TypeIds &types)
{
    if (id == 0 || qsizetype(id) >= rows.sessionRows.size())
        return false;
    const SessionRows &list = rows.sessionRows.at(qsizetype(id));
    for (qsizetype i = list.size() - 1; i >= 0; --i) {
        const EventRecord *r = source.record(qint64(list.at(i)));
        if (!r || r->seq > at)
            continue;
        if (types.sessionDeleted && r->type == types.sessionDeleted)
            return true;
        if (types.sessionCreated && r->type == types.sessionCreated)
            return false;
    }
    return false;
}

} // namespace

SessionStateReader::TypeIds SessionStateReader::typesOf(const JournalIndex &index)
{
    const auto id = [&](std::string_view type) {
        const qint64 v = index.types().find(type);
        return v > 0 ? quint32(v) : 0u;
    };
    return {id("session_created"), id("session_deleted"), id("sub_agent_started")};
}

SessionState SessionStateReader::compute(const JournalIndex &index, const QString &session,
                                         const Options &options)
{
    const QByteArray utf8 = session.toUtf8();
    const qint64 id = session.isEmpty()
                          ? -1
                          : index.sessions().find(std::string_view(utf8.constData(), size_t(utf8.size())));
    return compute(*index.snapshot(), id > 0 ? quint32(id) : 0u, session, typesOf(index), options);
}

SessionState SessionStateReader::compute(const JournalIndex::RowsSnapshot &rows, quint32 session,
                                         const QString &name, const TypeIds &types, const Options &options)
{
    SessionState s;
    s.sessionId = name;
    s.atSeq = options.atSeq;
    if (session == 0 || qsizetype(session) >= rows.sessionRows.size())
        return s;
    const SessionRows &own = rows.sessionRows.at(qsizetype(session));
    s.appears = !own.isEmpty();
    LineSource source(rows);
    simdjson::dom::parser parser;
    Replay replay(s, name);
    qint64 anchorRow = -1; // the row of the session's creation, else of its first event
    std::vector<std::pair<std::string, QString>> typeNames;
    // The rows to read: those up to the seq, and the later ones when the story lists them.
    std::vector<std::pair<qint64, const EventRecord *>> wanted;
    wanted.reserve(size_t(own.size()));
    for (qsizetype i = 0; i < own.size(); ++i) {
        const qint64 row = qint64(own.at(i));
        const EventRecord *r = source.record(row);
        if (r && (r->seq <= options.atSeq || options.storyAfter))
            wanted.emplace_back(row, r);
    }
    s.events.reserve(wanted.size());
    LineSource::Batch batch;
    for (size_t from = 0; from < wanted.size();) {
        if (options.cancel && options.cancel->load())
            return s;
        // A batch: up to 1024 lines or 8 MiB, at least one line.
        size_t to = from;
        qint64 bytes = 0;
        while (to < wanted.size() && to - from < 1024 && (to == from || bytes < (8 << 20)))
            bytes += wanted[to++].second->length;
        source.read(wanted, from, to, &batch);
        for (size_t i = from; i < to; ++i) {
            const qint64 row = wanted[i].first;
            const EventRecord *r = wanted[i].second;
            const bool applied = r->seq <= options.atSeq;
            const std::string_view line = batch.line(i - from, r->length);
            simdjson::dom::object root, event;
            std::string_view type, ts;
            if (line.data() == nullptr || parser.parse(line.data(), line.size(), false).get(root) ||
                root["event"].get(event) || event["type"].get(type)) {
                if (s.errors.size() < 20)
                    s.errors.append(batch.errors[i - from].isEmpty()
                                        ? QStringLiteral("seq %1: the line no longer parses").arg(r->seq)
                                        : batch.errors[i - from]);
                continue;
            }
            SessionState::Event ev;
            ev.seq = r->seq;
            ev.row = row;
            if (!root["ts"].get(ts))
                ev.ts = qstr(ts);
            // A handful of types: one shared string each.
            auto known = std::find_if(typeNames.begin(), typeNames.end(),
                                      [type](const auto &t) { return t.first == type; });
            if (known == typeNames.end())
                known = typeNames.insert(typeNames.end(), {std::string(type), qstr(type)});
            ev.type = known->second;
            ev.summary = EventSummary::summarize(event, options.maxSummaryLength);
            ev.applied = applied;
            if (applied) {
                if (anchorRow < 0)
                    anchorRow = row;
                replay.apply(type, event, r->seq, ev.summary);
            }
            s.events.push_back(std::move(ev));
        }
        from = to;
    }
    if (s.createdSeq) {
        for (const SessionState::Event &ev : s.events)
            if (ev.applied && ev.seq == *s.createdSeq && ev.type == QLatin1String("session_created")) {
                anchorRow = ev.row;
                break;
            }
    }

    // The parent, when the session's own rows do not name it: the sub_agent_started that names this session
    // as its child, in another session's rows, looked for in journal order outwards from the session's first
    // event: nearby first, then (for a session created as a child) the whole journal. When the own rows name
    // the parent, the nearby search finds the parent's rows, to tell whether it was deleted. A root has none.
    if (anchorRow >= 0 && types.subAgentStarted && s.kind != QLatin1String("root")) {
        const bool known = !s.parentSessionId.isEmpty();
        const bool child = s.kind == QLatin1String("child");
        const qint64 total = rows.eventCount();
        const auto tryRow = [&](qint64 row) {
            const EventRecord *r = source.record(row);
            if (!r || r->type != types.subAgentStarted || r->session == session || r->seq > options.atSeq)
                return false;
            QString error;
            const std::string_view line = source.line(row, &error);
            simdjson::dom::object root, event;
            if (line.data() == nullptr || parser.parse(line.data(), line.size(), false).get(root) ||
                root["event"].get(event) || str(event, "child_session_id") != name)
                return false;
            QString parent = str(event, "parent_session_id");
            if (parent.isEmpty())
                parent = str(root, "session_id");
            if (known && parent != s.parentSessionId)
                return false;
            if (!known) {
                s.parentSessionId = parent;
                s.parentLinkSeq = r->seq;
            }
            s.parentDeleted = deletedAt(rows, source, r->session, options.atSeq, types);
            return true;
        };
        // Rows [anchor - reach, anchor) nearest first, then (anchor, anchor + reach].
        const auto search = [&](qint64 fromReach, qint64 reach) {
            for (qint64 d = fromReach + 1; d <= reach; ++d) {
                if (options.cancel && (d & 4095) == 0 && options.cancel->load())
                    return true;
                const qint64 before = anchorRow - d, after = anchorRow + d;
                if (before < 0 && after >= total)
                    return false;
                if ((before >= 0 && tryRow(before)) || (after < total && tryRow(after)))
                    return true;
            }
            return false;
        };
        if (!search(0, NearbyRows) && child && !known)
            search(NearbyRows, total);
    }
    if (s.kind.isEmpty() && !s.parentSessionId.isEmpty())
        s.kind = QStringLiteral("child");
    return s;
}
