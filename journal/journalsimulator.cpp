// SPDX-License-Identifier: MIT
#include "journalsimulator.h"

#include "eventdialect.h"
#include "journaldirectory.h"
#include "journalpruner.h"
#include "journalreader.h"
#include "lineparser.h"
#include "timestamp.h"

#include <QDir>
#include <QFile>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstring>
#include <limits>
#include <string_view>
#include <vector>

namespace {

// Words of at most 15 bytes (text() relies on it).
constexpr std::array<std::string_view, 48> Words = {
    "the",     "agent",    "reads",          "file",       "builds",    "journal", "index",  "session",
    "tool",    "approval", "plan",           "task",       "stream",    "resume",  "cursor", "feed",
    "server",  "client",   "rotation",       "prune",      "retained",  "window",  "seq",    "event",
    "message", "render",   "cache",          "parser",     "simd",      "fast",    "check",  "result",
    "diff",    "patch",    "test",           "green",      "naïve",     "café",    "über",   "日本語",
    "ログ",    "🙂",     "\\\"quoted\\\"", "tab\\there", "path/to/x", "done",    "error",  "ok",
};

QByteArray num(quint64 v)
{
    return QByteArray::number(v);
}

} // namespace

JournalSimulator::JournalSimulator() = default;

JournalSimulator::~JournalSimulator()
{
    close();
}

bool JournalSimulator::open(const QString &eventsDir, const Options &options, QString *error)
{
    close();
    m_dir = eventsDir;
    m_options = options;
    m_rng.seed(options.seed);
    if (!m_writer.open(eventsDir, options.rotateThreshold, error))
        return false;
    m_writer.setBlockSize(options.blockSize);
    if (options.keepFiles > 0)
        m_pruned += JournalPruner::pruneLikeServer(eventsDir, options.keepFiles);
    const JournalReader::Recovered recovered =
        JournalReader::recoverMaxSeq(JournalDirectory::list(eventsDir));
    if (!recovered.ok()) {
        *error = recovered.error;
        return false;
    }
    m_lastSeq = recovered.maxSeq;
    m_flows.reset(); // a server that restarts starts its sessions' flows afresh
    // Newer servers keep a lock file beside the journal; readers must pass over it.
    QFile lock(QDir(eventsDir).filePath(QStringLiteral(".account-journal.lock")));
    if (!lock.exists() && lock.open(QIODevice::WriteOnly))
        lock.close();
    m_clockNanos = *Timestamp::parse("2026-11-20T09:00:00Z") + qint64(m_lastSeq) * 50000000;
    return true;
}

bool JournalSimulator::flush(QString *error)
{
    return m_writer.flush(error);
}

void JournalSimulator::close()
{
    m_writer.close();
}

bool JournalSimulator::appendNext(QString *error)
{
    if (m_lastSeq == std::numeric_limits<quint64>::max()) {
        // The server's seq + 1 would wrap to 0 and start a file named events-00000000000000000000.jsonl.
        *error = QStringLiteral("%1: seq %2 is the greatest a journal can hold; the next event has no seq")
                     .arg(m_dir)
                     .arg(m_lastSeq);
        return false;
    }
    const quint64 seq = m_lastSeq + 1;
    m_lastLine = makeEvent(seq);
    if (!m_writer.append(seq, m_lastLine, error))
        return false;
    m_lastSeq = seq;
    if (m_writer.rotationPending() && m_options.keepFiles > 0)
        m_pruned += JournalPruner::pruneLikeServer(m_dir, m_options.keepFiles);
    return true;
}

QByteArray JournalSimulator::text(int minWords, int maxWords)
{
    // The words padded to 16 bytes, so that each is copied whole in one fixed-size move.
    struct PaddedWord
    {
        char bytes[16];
        size_t size;
    };
    static const std::array<PaddedWord, Words.size()> padded = [] {
        std::array<PaddedWord, Words.size()> out{};
        for (size_t i = 0; i < Words.size(); ++i) {
            std::memcpy(out[i].bytes, Words[i].data(), Words[i].size());
            out[i].size = Words[i].size();
        }
        return out;
    }();
    const int n = std::uniform_int_distribution<int>(minWords, maxWords)(m_rng);
    // Written in place: no word is longer than 15 bytes, nor a separator than 2; the last word's padding
    // needs 16 more.
    QByteArray out(qsizetype(n) * 17 + 16, Qt::Uninitialized);
    char *p = out.data();
    for (int i = 0; i < n; ++i) {
        // One draw for the word and the separator before it.
        const quint64 r = m_rng();
        if (i) {
            if ((r >> 32) % 23 == 0) {
                *p++ = '\\';
                *p++ = 'n';
            } else {
                *p++ = ' ';
            }
        }
        const PaddedWord &word = padded[(r & 0xffffffff) % Words.size()];
        std::memcpy(p, word.bytes, sizeof word.bytes);
        p += word.size;
    }
    out.truncate(p - out.constData());
    return out;
}

namespace {

constexpr std::array<const char *, 6> Tools = {"Bash", "Read", "Edit", "Write", "Grep", "WebFetch"};
// One JSON member, `,"key":"value"` (value already escaped) or `,"key":literal`, in one allocation.
QByteArray member(const char *key, const QByteArray &value, bool quoted)
{
    const size_t keySize = std::strlen(key);
    QByteArray out(qsizetype(keySize) + value.size() + (quoted ? 6 : 4), Qt::Uninitialized);
    char *p = out.data();
    *p++ = ',';
    *p++ = '"';
    std::memcpy(p, key, keySize);
    p += keySize;
    *p++ = '"';
    *p++ = ':';
    if (quoted)
        *p++ = '"';
    std::memcpy(p, value.constData(), size_t(value.size()));
    p += value.size();
    if (quoted)
        *p = '"';
    return out;
}

QByteArray kv(const char *key, const QByteArray &value)
{
    return member(key, value, true);
}

QByteArray kvRaw(const char *key, const QByteArray &literal)
{
    return member(key, literal, false);
}

struct SimItem
{
    QByteArray id;
    QByteArray description;
    const char *status = "pending";
    quint64 toolCalls = 0;
};

// One session's life, as the server would journal it.
struct SimSession
{
    enum Phase { Create, AutoTitle, Idle, UserSpoke, InRun, WaitingChild, ChildDone, Done };
    QByteArray id;
    QByteArray parent; // for a child
    QByteArray title;
    Phase phase = Create;
    int life = 0; // events left before the session winds down
    quint64 titleVersion = 0;
    bool pinned = false;
    bool workflow = false;
    QByteArray runId;
    int runLeft = 0;
    bool endRunNext = false;
    bool approvalOpen = false;
    QByteArray approvalTool;
    // The task list.
    QByteArray listTitle;
    QByteArray listCreatedAt;
    std::vector<SimItem> items;
    bool listOpen = false;
    bool evaluateNext = false;
    quint64 progressVersion = 0;
    quint64 rounds = 0;
    // Plan mode.
    bool planMode = false;
    QByteArray planFile;
    // Sub-agents: the child a parent waits for, and how the child's run ended.
    QByteArray child;
    QByteArray childStatus;
    QByteArray childError;
};

} // namespace

struct JournalSimulator::Flows
{
    std::vector<SimSession> live;
    std::vector<size_t> ready; // the live sessions that may speak, kept for its capacity
    // What happens inside a run, by the weights of each act.
    std::vector<std::pair<std::array<int, 10>, std::discrete_distribution<int>>> acts;
};

QByteArray JournalSimulator::makeEvent(quint64 seq)
{
    if (m_options.realTime)
        m_clockNanos = std::chrono::duration_cast<std::chrono::nanoseconds>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count();
    else
        m_clockNanos += qint64(m_rng() % 100000000);
    const QByteArray ts = Timestamp::format(m_clockNanos);
    if (!m_flows)
        m_flows = std::make_unique<Flows>();
    std::vector<SimSession> &live = m_flows->live;
    // Values the server's enums take, from the dialect.
    static const QStringList planStatuses =
        EventDialect::values(*EventDialect::find("plan_mode_entered")->field("status"));
    const auto chance = [this](int percent) {
        return int(m_rng() % 1000) < percent * 10;
    };
    const auto between = [this](int lo, int hi) {
        return std::uniform_int_distribution<int>(lo, hi)(m_rng);
    };
    const auto hex = [this](int digits) {
        return QByteArray::number(quint64(m_rng() % (quint64(1) << (4 * digits))), 16)
            .rightJustified(digits, '0');
    };
    // The default average keeps the journals seeded with it as they were. Another one starts sessions about
    // as often as they end, and lets no more than three long ones hold places among the live, so that the
    // number of sessions follows it (about one per n events).
    const int n = std::max(1, m_options.sessionEvents);
    const bool usual = n == Options().sessionEvents;
    constexpr int LongLife = 5000;
    const auto newRoot = [&] {
        SimSession s;
        s.id = "sess-" + hex(8);
        // Most sessions are short; a few run for days and collect tens of thousands of events.
        const auto longLived = [&] {
            return std::count_if(live.begin(), live.end(),
                                 [](const SimSession &l) { return l.life > LongLife; });
        };
        const bool isLong = usual ? chance(1) : chance(1) && longLived() < 3;
        s.life = isLong ? between(LongLife, 60000) : between(std::max(1, n / 6), 2 * n - n / 6);
        live.push_back(s);
    };

    // Which session speaks: a handful are live; now and then another one starts.
    if (live.empty() || (live.size() < 12 && m_rng() % quint64(usual ? 25 : std::max(1, n * 25 / 32)) == 0))
        newRoot();
    std::vector<size_t> &ready = m_flows->ready;
    ready.clear();
    for (size_t i = 0; i < live.size(); ++i)
        if (live[i].phase != SimSession::WaitingChild)
            ready.push_back(i);
    if (ready.empty()) { // cannot happen while every child can run, but never stall
        newRoot();
        ready.push_back(live.size() - 1);
    }
    const size_t pick = ready[size_t(m_rng() % ready.size())];
    SimSession *s = &live[pick];
    --s->life;

    QByteArray outer = s->id;
    QByteArray type;
    QByteArray fields;
    const QByteArray sessionField = kv("session_id", s->id);

    const auto message = [&](const char *role) {
        // Mostly short; now and then a long answer or a large tool output (hundreds of KiB).
        const bool huge = qstrcmp(role, "tool") == 0 && m_rng() % 2000 == 0;
        const QByteArray content = huge ? text(20000, 60000) : text(4, m_rng() % 8 == 0 ? 400 : 60);
        type = "message_appended";
        fields = sessionField + kv("message_id", "msg-" + hex(12)) + kv("role", role) +
                 kv("content", content) + kv("created_at", ts);
    };
    const auto taskListEvent = [&] {
        QByteArray items;
        for (size_t i = 0; i < s->items.size(); ++i) {
            const SimItem &it = s->items[i];
            items += (i ? "," : "") + QByteArray("{\"id\":\"") + it.id + "\",\"description\":\"" +
                     it.description + "\",\"status\":\"" + it.status + "\",\"depends_on\":[" +
                     (i ? "\"" + s->items[i - 1].id + '"' : QByteArray()) + "],\"notes\":\"\",\"phase\":\"" +
                     (i + 1 == s->items.size() ? "verification" : "execution") + "\",\"priority\":\"" +
                     (i == 0 ? "high" : "medium") + "\"}";
        }
        type = "task_list_updated";
        fields = ",\"task_list\":{\"session_id\":\"" + s->id + "\",\"title\":\"" + s->listTitle +
                 "\",\"items\":[" + items + "],\"created_at\":\"" + s->listCreatedAt +
                 "\",\"updated_at\":\"" + ts + "\"}";
    };
    const auto endRun = [&] {
        const int r = between(0, 99);
        if (r < 86) {
            const quint64 prompt = 1000 + m_rng() % 200000, completion = 50 + m_rng() % 20000;
            type = "complete";
            fields = ",\"usage\":{\"prompt_tokens\":" + num(prompt) +
                     ",\"completion_tokens\":" + num(completion) +
                     ",\"total_tokens\":" + num(prompt + completion) + "}";
            s->childStatus = "completed";
        } else if (r < 93) {
            type = "cancelled";
            fields = chance(50) ? kv("message", "cancelled by the user") : QByteArray();
            s->childStatus = "cancelled";
        } else {
            type = "error";
            fields = kv("message", "provider error: " + text(3, 12));
            s->childStatus = "error";
        }
        s->runId.clear();
        s->endRunNext = false;
        s->approvalOpen = false;
        s->phase = s->parent.isEmpty() ? SimSession::Idle : SimSession::ChildDone;
    };

    switch (s->phase) {
    case SimSession::Create:
        type = "session_created";
        fields = sessionField + kv("title", s->parent.isEmpty() ? QByteArray("New session") : s->title) +
                 kv("kind", s->parent.isEmpty() ? "root" : "child") + kv("created_at", ts);
        if (chance(4))
            fields += kv("project_id", "proj-" + hex(4)); // a newer server's extra
        s->phase = s->parent.isEmpty() ? SimSession::AutoTitle : SimSession::Idle;
        break;
    case SimSession::AutoTitle:
        type = "session_title_updated";
        s->title = text(2, 7);
        s->titleVersion = 1;
        fields = sessionField + kv("title", s->title) + kvRaw("title_version", num(s->titleVersion)) +
                 kv("source", chance(10) ? "fallback" : "auto") + kv("updated_at", ts);
        s->phase = SimSession::Idle;
        break;
    case SimSession::Idle: {
        if (s->life <= 0 && s->parent.isEmpty()) {
            // The session winds down: deleted now and then, otherwise simply left alone.
            const bool deleted = chance(50);
            if (deleted) {
                type = "session_deleted";
                fields = sessionField;
            }
            s->phase = SimSession::Done;
            if (deleted)
                break;
            // Another session speaks instead, in this same event.
            live.erase(live.begin() + qsizetype(pick));
            return makeEvent(seq);
        }
        const int r = between(0, 99);
        if (s->parent.isEmpty() && r < 5) {
            type = "session_title_updated";
            s->title = text(2, 7);
            s->titleVersion += 1;
            fields = sessionField + kv("title", s->title) + kvRaw("title_version", num(s->titleVersion)) +
                     kv("source", "manual") + kv("updated_at", ts);
        } else if (s->parent.isEmpty() && r < 8) {
            s->pinned = !s->pinned;
            type = "session_pinned_updated";
            fields = sessionField + kvRaw("pinned", s->pinned ? "true" : "false") + kv("updated_at", ts);
        } else if (s->parent.isEmpty() && r < 11) {
            type = "session_cleared";
            fields = sessionField;
            s->items.clear();
            s->listOpen = false;
            s->planMode = false;
        } else if (s->parent.isEmpty() && r < 13) {
            // A newer server's workflow lifecycle.
            s->workflow = !s->workflow;
            type = s->workflow ? "workflow_activated" : "workflow_deactivated";
            fields = sessionField + kv("workflow_id", "review") + kvRaw("revision", num(1 + m_rng() % 9)) +
                     kv("event_id", "evt-" + hex(12));
        } else {
            message("user");
            s->phase = SimSession::UserSpoke;
        }
        break;
    }
    case SimSession::UserSpoke:
        type = "execution_started";
        s->runId = "run-" + hex(8);
        s->runLeft = between(3, 40);
        fields = kv("run_id", s->runId) + sessionField + kv("started_at", ts);
        s->phase = SimSession::InRun;
        break;
    case SimSession::ChildDone:
    case SimSession::Done:
    case SimSession::WaitingChild:
        break; // never picked
    case SimSession::InRun: {
        if (!s->child.isEmpty()) {
            // The child this session waited for has ended: report it.
            type = "sub_agent_completed";
            const QByteArray status = chance(3) ? QByteArray("skipped") : s->childStatus;
            fields = kv("parent_session_id", s->id) + kv("child_session_id", s->child) + kv("status", status);
            if (status == "error")
                fields += kv("error", s->childError);
            s->child.clear();
            break;
        }
        if (s->runLeft-- <= 0 || s->endRunNext) {
            endRun();
            break;
        }
        if (s->approvalOpen) {
            // Approved and run, or refused and the run ends.
            s->approvalOpen = false;
            if (chance(85)) {
                message("tool");
            } else {
                endRun();
            }
            break;
        }
        if (s->evaluateNext) {
            s->evaluateNext = false;
            type = "task_evaluation_completed";
            fields = sessionField + kvRaw("updates_count", num(m_rng() % 4)) + kv("reasoning", text(6, 30));
            break;
        }
        // Weights of what happens inside a run.
        enum Act { Assistant, Tool, List, Progress, PlanEnter, PlanFile, PlanExit, SubAgent, Ask, Approval };
        const std::array<int, 10> weights = {
            40,
            18,
            s->items.empty() ? 6 : 1,
            s->listOpen ? 14 : 0,
            s->planMode ? 0 : 2,
            s->planMode ? 4 : 0,
            s->planMode ? 2 : 0,
            s->parent.isEmpty() ? 2 : 0,
            2,
            3,
        };
        // The weights take few distinct shapes: each one's distribution is made once.
        std::discrete_distribution<int> *pickAct = nullptr;
        for (auto &[w, d] : m_flows->acts)
            if (w == weights)
                pickAct = &d;
        if (!pickAct)
            pickAct =
                &m_flows->acts
                     .emplace_back(weights, std::discrete_distribution<int>(weights.begin(), weights.end()))
                     .second;
        switch (Act((*pickAct)(m_rng))) {
        case Assistant:
            message("assistant");
            break;
        case Tool:
            message("tool");
            break;
        case List:
            if (s->items.empty() || !s->listOpen) {
                s->items.clear();
                const int n = between(2, 6);
                for (int i = 0; i < n; ++i)
                    s->items.push_back({"item-" + num(quint64(i + 1)), text(3, 10), "pending", 0});
                s->listTitle = text(2, 6);
                s->listCreatedAt = ts;
                s->listOpen = true;
                s->rounds = 0;
            }
            taskListEvent();
            break;
        case Progress: {
            std::vector<size_t> open;
            for (size_t i = 0; i < s->items.size(); ++i)
                if (qstrcmp(s->items[i].status, "completed") != 0)
                    open.push_back(i);
            if (open.empty()) {
                type = "task_list_completed";
                quint64 calls = 0;
                for (const SimItem &it : s->items)
                    calls += it.toolCalls;
                fields = sessionField + kv("completed_at", ts) + kvRaw("total_rounds", num(s->rounds + 1)) +
                         kvRaw("total_tool_calls", num(calls));
                s->listOpen = false;
                s->evaluateNext = chance(60);
                break;
            }
            SimItem &it = s->items[open.front()]; // items progress in order
            const char *from = it.status;
            it.status = qstrcmp(from, "pending") == 0   ? "in_progress"
                        : qstrcmp(from, "blocked") == 0 ? "in_progress"
                        : chance(85)                    ? "completed"
                                                        : "blocked";
            it.toolCalls += m_rng() % 6;
            ++s->rounds;
            type = "task_list_item_progress";
            fields = sessionField + kv("item_id", it.id) + kv("status", it.status) +
                     kvRaw("tool_calls_count", num(it.toolCalls)) +
                     kvRaw("version", num(++s->progressVersion));
            break;
        }
        case PlanEnter:
            s->planMode = true;
            s->planFile = "plans/plan-" + hex(4) + ".md";
            type = "plan_mode_entered";
            fields = sessionField;
            if (chance(70))
                fields += kv("reason", text(3, 12));
            fields += kv("pre_permission_mode", chance(50) ? "default" : "accept_edits") +
                      kv("entered_at", ts) +
                      kv("status", planStatuses[qsizetype(m_rng() % quint64(planStatuses.size()))].toUtf8());
            if (chance(60))
                fields += kv("plan_file_path", s->planFile);
            break;
        case PlanFile:
            type = "plan_file_updated";
            fields = sessionField + kv("file_path", s->planFile) + kv("content_summary", text(5, 25));
            break;
        case PlanExit: {
            s->planMode = false;
            const bool approved = chance(75);
            type = "plan_mode_exited";
            fields = sessionField + kvRaw("approved", approved ? "true" : "false") +
                     kv("restored_mode", chance(50) ? "default" : "accept_edits");
            if (approved)
                fields += kv("plan", text(10, 60));
            break;
        }
        case SubAgent: {
            SimSession child;
            child.id = "sess-" + hex(8);
            child.parent = s->id;
            child.title = text(2, 6);
            child.life = between(5, 80);
            type = "sub_agent_started";
            fields = kv("parent_session_id", s->id) + kv("child_session_id", child.id);
            if (chance(70))
                fields += kv("title", child.title);
            s->child = child.id;
            s->phase = SimSession::WaitingChild;
            live.push_back(child); // s is not used below: the push may move it
            s = nullptr;
            break;
        }
        case Ask: {
            type = "need_clarification";
            fields = kv("question", text(4, 16) + '?');
            fields += chance(60) ? kvRaw("options", "[\"yes\",\"no\",\"" + text(1, 3) + "\"]")
                                 : kvRaw("options", "null");
            if (chance(50))
                fields += kv("tool_call_id", "call_" + hex(12)) + kv("tool_name", "AskUser");
            fields += kvRaw("allow_custom", chance(80) ? "true" : "false");
            s->endRunNext = true; // the run stops and waits for the answer
            break;
        }
        case Approval: {
            const char *tool = Tools[m_rng() % Tools.size()];
            QByteArray parameters;
            if (qstrcmp(tool, "Bash") == 0)
                parameters = "{\"command\":\"" + text(1, 6) +
                             "\",\"timeout\":" + num(1000 * (1 + m_rng() % 120)) + "}";
            else if (qstrcmp(tool, "Edit") == 0)
                parameters = "{\"file_path\":\"src/" + hex(3) + ".rs\",\"old_string\":\"" + text(1, 8) +
                             "\",\"new_string\":\"" + text(1, 8) + "\"}";
            else if (qstrcmp(tool, "WebFetch") == 0)
                parameters =
                    "{\"url\":\"https://example.com/" + hex(4) + "\",\"prompt\":\"" + text(2, 8) + "\"}";
            else if (qstrcmp(tool, "Grep") == 0)
                parameters = "{\"pattern\":\"" + text(1, 2) + "\",\"path\":\"src\",\"-n\":true}";
            else
                parameters = "{\"file_path\":\"docs/" + hex(3) + ".md\"}";
            type = "tool_approval_requested";
            fields = kv("tool_call_id", "call_" + hex(12)) + kv("tool_name", tool) +
                     kvRaw("parameters", parameters);
            s->approvalOpen = true;
            break;
        }
        }
        break;
    }
    }

    // A child whose run ended hands its status to its parent, which speaks next.
    if (s && s->phase == SimSession::ChildDone) {
        for (SimSession &p : live) {
            if (p.id == s->parent && p.child == s->id) {
                p.childStatus = s->childStatus;
                p.childError =
                    s->childStatus == "error" ? "the sub-agent failed: " + text(2, 8) : QByteArray();
                p.phase = SimSession::InRun;
            }
        }
        s->phase = SimSession::Done;
    }
    if (s && s->phase == SimSession::Done) {
        const QByteArray id = s->id;
        live.erase(std::remove_if(live.begin(), live.end(), [&](const SimSession &x) { return x.id == id; }),
                   live.end());
    }

    QByteArray line;
    line.reserve(120 + fields.size());
    line += "{\"seq\":" + num(seq) + ",\"ts\":\"" + ts + "\",\"session_id\":\"" + outer +
            "\",\"event\":{\"type\":\"" + type + '"' + fields + "}}";
    return line;
}
