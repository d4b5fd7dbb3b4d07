// SPDX-License-Identifier: MIT
#include "sessionstate.h"

#include "eventsummary.h"
#include "journalfile.h"
#include "workerpool.h"

#include <QHash>

#include <simdjson.h>

#include <algorithm>
#include <cstring>
#include <iterator>
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
            const quint64 start = rows[from + i].second->offset();
            quint64 end = start + rows[from + i].second->length;
            size_t j = i + 1;
            while (j < n) {
                const EventRecord &r = *rows[from + j].second;
                if (fileOf(rows[from + j].first) != f || r.offset() < end || r.offset() - end > MaxGap ||
                    r.offset() + r.length - start > MaxSpan)
                    break;
                end = r.offset() + r.length;
                ++j;
            }
            if (j == i + 1) {
                readOne(f, *rows[from + i].second, batch->bytes.data() + batch->offsets[i],
                        &batch->errors[i]);
            } else {
                m_span.resize(qsizetype(end - start));
                const qint64 got = file(f).read(start, m_span.data(), size_t(end - start));
                for (size_t k = i; k < j; ++k) {
                    const EventRecord &r = *rows[from + k].second;
                    if (got >= 0 && r.offset() + r.length - start <= quint64(got))
                        std::memcpy(batch->bytes.data() + batch->offsets[k],
                                    m_span.constData() + (r.offset() - start), r.length);
                    else
                        readOne(f, r, batch->bytes.data() + batch->offsets[k], &batch->errors[k]);
                }
            }
            i = j;
        }
    }

private:
    const JournalFile &file(int f)
    {
        const auto [it, added] = m_files.try_emplace(f);
        if (added)
            it->second.open(m_rows.files[size_t(f)].path);
        return it->second;
    }
    bool readOne(int f, const EventRecord &r, char *out, QString *error)
    {
        const QByteArray &path = m_rows.files[size_t(f)].path;
        const JournalFile &d = file(f);
        if (!d.isOpen()) {
            *error = QStringLiteral("%1: cannot open").arg(QString::fromLocal8Bit(path));
            return false;
        }
        if (!d.readExactly(r.offset(), out, r.length)) {
            *error = QStringLiteral("%1 @%2: the line is no longer there")
                         .arg(QString::fromLocal8Bit(path))
                         .arg(r.offset());
            return false;
        }
        return true;
    }

    const Snapshot &m_rows;
    size_t m_cursor = 0;
    std::unordered_map<int, JournalFile> m_files;
    QByteArray m_buffer;
    QByteArray m_span;
};

struct WaitingProgress
{
    QString status;
    quint64 toolCalls = 0;
    quint64 version = 0;
};

using Step = SessionHistory::Step;
using Kind = SessionHistory::Step::Kind;

Kind kindOf(std::string_view type)
{
    static const std::pair<std::string_view, Kind> kinds[] = {
        {"message_appended", Kind::MessageAppended},
        {"session_created", Kind::SessionCreated},
        {"session_deleted", Kind::SessionDeleted},
        {"session_cleared", Kind::SessionCleared},
        {"session_title_updated", Kind::TitleUpdated},
        {"session_pinned_updated", Kind::PinnedUpdated},
        {"task_list_updated", Kind::TaskListUpdated},
        {"task_list_item_progress", Kind::ItemProgress},
        {"task_list_completed", Kind::TaskListCompleted},
        {"plan_mode_entered", Kind::PlanModeEntered},
        {"plan_mode_exited", Kind::PlanModeExited},
        {"plan_file_updated", Kind::PlanFileUpdated},
        {"sub_agent_started", Kind::SubAgentStarted},
        {"sub_agent_completed", Kind::SubAgentCompleted},
        {"need_clarification", Kind::NeedClarification},
        {"tool_approval_requested", Kind::ToolApprovalRequested},
        {"execution_started", Kind::ExecutionStarted},
        {"complete", Kind::Complete},
        {"cancelled", Kind::Cancelled},
        {"error", Kind::Error},
    };
    for (const auto &[name, kind] : kinds)
        if (name == type)
            return kind;
    return Kind::Other;
}

// The few values a field takes again and again (roles, statuses, kinds): one shared string each.
class Words
{
public:
    QString get(simdjson::dom::object o, const char *key)
    {
        std::string_view v;
        if (o[key].get(v))
            return {};
        return get(v);
    }
    QString get(std::string_view v)
    {
        for (const auto &[bytes, text] : m_words)
            if (bytes == v)
                return text;
        if (m_words.size() >= 64)
            return qstr(v);
        return m_words.emplace_back(std::string(v), qstr(v)).second;
    }

private:
    std::vector<std::pair<std::string, QString>> m_words;
};

// The role of a message_appended line, read without building the whole line's tree: most of a session's lines
// are messages, and their content (the bulk of their bytes) matters neither to the replay nor to this walk.
// False when the line is not a message, or anything is unusual (the full parse then decides).
bool messageRole(simdjson::ondemand::parser &parser, std::string_view line, std::string_view *role)
{
    simdjson::ondemand::document doc;
    simdjson::ondemand::object event;
    std::string_view type;
    return !parser.iterate(line.data(), line.size(), line.size() + simdjson::SIMDJSON_PADDING).get(doc) &&
           !doc.find_field_unordered("event").get_object().get(event) &&
           !event.find_field_unordered("type").get_string().get(type) && type == "message_appended" &&
           !event.find_field_unordered("role").get_string().get(*role);
}

// What the replay needs of an event, taken from its parsed object once (SessionHistory::Step says which
// field goes where).
void extract(Step &step, simdjson::dom::object e, Words &words)
{
    auto &t = step.text;
    auto &n = step.number;
    bool flag = false;
    switch (step.kind) {
    case Kind::SessionCreated:
        t = {words.get(e, "kind"), str(e, "project_id"), str(e, "title"), {}};
        break;
    case Kind::MessageAppended:
        t[0] = words.get(e, "role");
        break;
    case Kind::TitleUpdated:
        t = {str(e, "title"), words.get(e, "source"), {}, {}};
        if (const auto v = uint(e, "title_version")) {
            n[0] = *v;
            step.flag = true; // the version is there
        }
        break;
    case Kind::PinnedUpdated:
    case Kind::PlanModeExited:
        if (!e[step.kind == Kind::PinnedUpdated ? "pinned" : "approved"].get(flag))
            step.flag = flag;
        break;
    case Kind::TaskListUpdated: {
        simdjson::dom::object list;
        if (e["task_list"].get(list))
            break;
        step.flag = true; // a list is there
        t[0] = str(list, "title");
        simdjson::dom::array items;
        if (list["items"].get(items))
            break;
        auto parsed = std::make_shared<std::vector<SessionHistory::Item>>();
        for (simdjson::dom::element element : items) {
            simdjson::dom::object o;
            if (!element.get(o))
                parsed->push_back({str(o, "id"), str(o, "description"), str(o, "status")});
        }
        step.items = std::move(parsed);
        break;
    }
    case Kind::ItemProgress:
        t = {str(e, "item_id"), words.get(e, "status"), {}, {}};
        n = {uint(e, "tool_calls_count").value_or(0), uint(e, "version").value_or(0), 0};
        break;
    case Kind::TaskListCompleted:
        n = {uint(e, "total_rounds").value_or(0), uint(e, "total_tool_calls").value_or(0), 0};
        break;
    case Kind::PlanModeEntered:
        t = {words.get(e, "status"), str(e, "reason"), str(e, "plan_file_path"), {}};
        break;
    case Kind::PlanFileUpdated:
        t = {str(e, "file_path"), str(e, "content_summary"), {}, {}};
        break;
    case Kind::SubAgentStarted:
        t = {str(e, "parent_session_id"), str(e, "child_session_id"), str(e, "title"), {}};
        break;
    case Kind::SubAgentCompleted:
        t = {str(e, "parent_session_id"), str(e, "child_session_id"), words.get(e, "status"),
             str(e, "error")};
        break;
    case Kind::NeedClarification:
        t = {str(e, "question"), str(e, "tool_call_id"), {}, {}};
        break;
    case Kind::ToolApprovalRequested:
        t = {EventSummary::summarize(e, 160), str(e, "tool_call_id"), {}, {}};
        break;
    case Kind::ExecutionStarted:
        t[0] = str(e, "run_id");
        break;
    case Kind::Complete: {
        simdjson::dom::object usage;
        if (!e["usage"].get(usage))
            n = {uint(usage, "prompt_tokens").value_or(0), uint(usage, "completion_tokens").value_or(0),
                 uint(usage, "total_tokens").value_or(0)};
        break;
    }
    case Kind::Error:
        t[0] = str(e, "message");
        break;
    case Kind::SessionDeleted:
    case Kind::SessionCleared:
    case Kind::Cancelled:
    case Kind::Other:
        break;
    }
}

class Replay
{
public:
    Replay(SessionState &state, const QString &name)
        : s(state)
        , m_name(name)
    {}

    void apply(const Step &e)
    {
        const auto &t = e.text;
        const auto &n = e.number;
        ++s.eventCount;
        if (e.kind == Kind::SessionCreated) {
            if (s.deleted || !s.exists)
                reincarnate();
            s.exists = true;
            s.deleted = false;
            s.createdSeq = e.seq;
            s.kind = t[0];
            s.projectId = t[1];
            if (!s.titleVersion) {
                s.title = t[2];
                s.titleVersion = 0;
                s.titleSource.clear();
            }
            return;
        }
        if (!s.deleted)
            s.exists = true; // seen: its creation may be older than the retained window
        switch (e.kind) {
        case Kind::MessageAppended:
            ++s.messagesByRole[t[0]];
            break;
        case Kind::SessionDeleted:
            s.exists = false;
            s.deleted = true;
            s.deletedSeq = e.seq;
            s.pending.clear();
            s.runs.current.clear();
            break;
        case Kind::SessionCleared:
            s.cleared = true;
            s.clearedSeq = e.seq;
            s.taskList.reset();
            s.planMode = {};
            s.pending.clear();
            m_waiting.clear();
            break;
        case Kind::TitleUpdated:
            if (e.flag && (!s.titleVersion || n[0] > *s.titleVersion)) {
                s.title = t[0];
                s.titleVersion = n[0];
                s.titleSource = t[1];
            }
            break;
        case Kind::PinnedUpdated:
            if (e.flag)
                s.pinned = *e.flag;
            break;
        case Kind::TaskListUpdated:
            if (e.flag)
                taskList(e);
            break;
        case Kind::ItemProgress:
            progress(t[0], t[1], n[0], n[1]);
            break;
        case Kind::TaskListCompleted:
            if (s.taskList) {
                s.taskList->completed = true;
                s.taskList->totalRounds = n[0];
                s.taskList->totalToolCalls = n[1];
            }
            break;
        case Kind::PlanModeEntered:
            s.planMode.active = true;
            s.planMode.status = t[0];
            s.planMode.reason = t[1];
            s.planMode.planFilePath = t[2];
            s.planMode.approved.reset();
            s.planMode.lastFilePath.clear();
            s.planMode.lastContentSummary.clear();
            s.planMode.lastFileSeq.reset();
            break;
        case Kind::PlanModeExited:
            s.planMode.active = false;
            if (e.flag)
                s.planMode.approved = *e.flag;
            break;
        case Kind::PlanFileUpdated:
            s.planMode.lastFilePath = t[0];
            s.planMode.lastContentSummary = t[1];
            s.planMode.lastFileSeq = e.seq;
            if (s.planMode.planFilePath.isEmpty())
                s.planMode.planFilePath = s.planMode.lastFilePath;
            break;
        case Kind::SubAgentStarted:
        case Kind::SubAgentCompleted:
            subAgent(e);
            break;
        case Kind::NeedClarification:
        case Kind::ToolApprovalRequested:
            s.pending.push_back({e.seq, e.type, t[0], t[1]});
            break;
        case Kind::ExecutionStarted:
            ++s.runs.started;
            s.runs.current = t[0];
            break;
        case Kind::Complete:
        case Kind::Cancelled:
        case Kind::Error:
            if (e.kind == Kind::Complete) {
                ++s.runs.completed;
                s.usage.promptTokens += n[0];
                s.usage.completionTokens += n[1];
                s.usage.totalTokens += n[2];
            } else if (e.kind == Kind::Cancelled) {
                ++s.runs.cancelled;
            } else {
                ++s.runs.errors;
                s.runs.lastError = t[0];
            }
            s.runs.current.clear();
            s.pending.clear();
            break;
        case Kind::SessionCreated:
        case Kind::Other:
            break;
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

    void taskList(const Step &e)
    {
        SessionState::TaskList t;
        t.title = e.text[0];
        t.seq = e.seq;
        if (e.items) {
            t.items.reserve(e.items->size());
            for (const SessionHistory::Item &listed : *e.items) {
                SessionState::Item item;
                item.id = listed.id;
                item.description = listed.description;
                item.status = listed.status;
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

    void subAgent(const Step &e)
    {
        const bool started = e.kind == Kind::SubAgentStarted;
        const QString &parent = e.text[0];
        const QString &child = e.text[1];
        if (child == m_name && !child.isEmpty()) {
            if (s.parentSessionId.isEmpty() || started) {
                s.parentSessionId = parent;
                if (started)
                    s.parentLinkSeq = e.seq;
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
            it->title = e.text[2];
            it->startedSeq = e.seq;
            it->status.clear();
            it->error.clear();
            it->completedSeq.reset();
        } else {
            it->status = e.text[2];
            it->error = e.text[3];
            it->completedSeq = e.seq;
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
    std::vector<quint32> backwards; // the session's rows, decoded forwards once to be walked backwards
    backwards.reserve(size_t(list.size()));
    for (SessionRows::Cursor c(list, 0); !c.atEnd(); c.next())
        backwards.push_back(c.row());
    for (auto row = backwards.rbegin(); row != backwards.rend(); ++row) {
        const EventRecord *r = source.record(qint64(*row));
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
    const SessionHistory history = read(rows, session, name, options);
    if (options.cancel && options.cancel->load())
        return {};
    return replay(history, rows, types, options);
}

SessionHistory SessionStateReader::read(const JournalIndex::RowsSnapshot &rows, quint32 session,
                                        const QString &name, const Options &options)
{
    SessionHistory h;
    h.sessionId = name;
    h.session = session;
    h.upToSeq = options.storyAfter ? std::numeric_limits<quint64>::max() : options.atSeq;
    if (session == 0 || qsizetype(session) >= rows.sessionRows.size())
        return h;
    const SessionRows &own = rows.sessionRows.at(qsizetype(session));
    h.appears = !own.isEmpty();
    h.rowCount = own.size();
    std::vector<std::pair<qint64, const EventRecord *>> wanted;
    {
        LineSource source(rows);
        // With seqs ascending in journal order, the rows up to the seq are a prefix found by bisection (a
        // session of 50,000 events seen as of its 10,000th reads 10,000 records, not 50,000).
        qsizetype end = own.size();
        if (rows.seqsAscending && h.upToSeq != std::numeric_limits<quint64>::max()) {
            qsizetype lo = 0, hi = own.size();
            while (lo < hi) {
                const qsizetype mid = lo + (hi - lo) / 2;
                const EventRecord *r = source.record(qint64(own.at(mid)));
                if (r && r->seq <= h.upToSeq)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            end = lo;
        }
        wanted.reserve(size_t(end));
        for (SessionRows::Cursor c(own, 0); c.position() < end; c.next()) {
            const qint64 row = qint64(c.row());
            const EventRecord *r = source.record(row);
            if (r && r->seq <= h.upToSeq)
                wanted.emplace_back(row, r);
        }
    }
    // Batches of up to 1024 lines or 8 MiB (at least one line), read and parsed on this thread and on any
    // idle worker, then joined in order.
    std::vector<size_t> starts;
    for (size_t from = 0; from < wanted.size();) {
        starts.push_back(from);
        size_t to = from;
        qint64 bytes = 0;
        while (to < wanted.size() && to - from < 1024 && (to == from || bytes < (8 << 20)))
            bytes += wanted[to++].second->length;
        from = to;
    }
    starts.push_back(wanted.size());
    struct Part
    {
        std::vector<Step> steps;
        QStringList errors;
    };
    std::vector<Part> parts(starts.size() - 1);
    WorkerPool::forEach(parts.size(), [&](size_t p) {
        if (options.cancel && options.cancel->load())
            return;
        const size_t from = starts[p], to = starts[p + 1];
        Part &part = parts[p];
        LineSource source(rows);
        LineSource::Batch batch;
        simdjson::dom::parser parser;
        simdjson::ondemand::parser quick;
        std::vector<std::pair<std::string, QString>> typeNames;
        Words words;
        const QString messageAppended = QStringLiteral("message_appended");
        source.read(wanted, from, to, &batch);
        part.steps.reserve(to - from);
        for (size_t i = from; i < to; ++i) {
            const EventRecord *r = wanted[i].second;
            const std::string_view line = batch.line(i - from, r->length);
            std::string_view role;
            if (!options.summaries && line.data() != nullptr && messageRole(quick, line, &role)) {
                Step &step = part.steps.emplace_back();
                step.seq = r->seq;
                step.row = wanted[i].first;
                step.type = messageAppended;
                step.kind = Kind::MessageAppended;
                step.text[0] = words.get(role);
                continue;
            }
            simdjson::dom::object root, event;
            std::string_view type, ts;
            if (line.data() == nullptr || parser.parse(line.data(), line.size(), false).get(root) ||
                root["event"].get(event) || event["type"].get(type)) {
                if (part.errors.size() < 20)
                    part.errors.append(batch.errors[i - from].isEmpty()
                                           ? QStringLiteral("seq %1: the line no longer parses").arg(r->seq)
                                           : batch.errors[i - from]);
                continue;
            }
            Step &step = part.steps.emplace_back();
            step.seq = r->seq;
            step.row = wanted[i].first;
            if (options.summaries && !root["ts"].get(ts))
                step.ts = qstr(ts);
            // A handful of types: one shared string each.
            auto known = std::find_if(typeNames.begin(), typeNames.end(),
                                      [type](const auto &t) { return t.first == type; });
            if (known == typeNames.end())
                known = typeNames.insert(typeNames.end(), {std::string(type), qstr(type)});
            step.type = known->second;
            step.kind = kindOf(type);
            if (options.summaries)
                step.summary = EventSummary::summarize(event, options.maxSummaryLength);
            extract(step, event, words);
        }
    });
    if (options.cancel && options.cancel->load())
        return h;
    h.steps.reserve(wanted.size());
    for (Part &part : parts) {
        std::move(part.steps.begin(), part.steps.end(), std::back_inserter(h.steps));
        for (const QString &e : std::as_const(part.errors))
            if (h.errors.size() < 20)
                h.errors.append(e);
    }
    return h;
}

SessionState SessionStateReader::replay(const SessionHistory &history, const JournalIndex::RowsSnapshot &rows,
                                        const TypeIds &types, const Options &options)
{
    SessionState s;
    s.sessionId = history.sessionId;
    s.atSeq = options.atSeq;
    s.appears = history.appears;
    s.errors = history.errors;
    const quint32 session = history.session;
    const QString &name = history.sessionId;
    Replay replay(s, name);
    qint64 anchorRow = -1; // the row of the session's creation, else of its first event
    s.events.reserve(history.steps.size());
    for (const Step &step : history.steps) {
        const bool applied = step.seq <= options.atSeq;
        if (!applied && !options.storyAfter)
            continue;
        s.events.push_back({step.seq, step.row, step.ts, step.type, step.summary, applied});
        if (!applied)
            continue;
        if (anchorRow < 0)
            anchorRow = step.row;
        replay.apply(step);
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
        LineSource source(rows);
        simdjson::dom::parser parser;
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
