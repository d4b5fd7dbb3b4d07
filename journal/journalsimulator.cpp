// SPDX-License-Identifier: MIT
#include "journalsimulator.h"

#include "journaldirectory.h"
#include "journalpruner.h"
#include "journalreader.h"
#include "lineparser.h"
#include "timestamp.h"

#include <array>
#include <chrono>
#include <limits>

namespace {

constexpr std::array<const char *, 48> Words = {
    "the",     "agent",    "reads",          "file",       "builds",    "journal", "index",  "session",
    "tool",    "approval", "plan",           "task",       "stream",    "resume",  "cursor", "feed",
    "server",  "client",   "rotation",       "prune",      "retained",  "window",  "seq",    "event",
    "message", "render",   "cache",          "parser",     "simd",      "fast",    "check",  "result",
    "diff",    "patch",    "test",           "green",      "naïve",     "café",    "über",   "日本語",
    "ログ",    "🙂",     "\\\"quoted\\\"", "tab\\there", "path/to/x", "done",    "error",  "ok",
};

// Relative frequencies of LineParser::knownTypes(): messages dominate, as on a real server.
constexpr std::array<int, 21> Weights = {60, 2, 1, 1, 2, 1, 4, 6, 1, 1, 1, 1, 2, 2, 2, 1, 4, 3, 3, 1, 1};

constexpr std::array<const char *, 6> Tools = {"bash", "read_file", "write_file",
                                               "edit", "grep",      "web_fetch"};
constexpr std::array<const char *, 4> Statuses = {"pending", "in_progress", "completed", "failed"};

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
    if (options.keepFiles > 0)
        m_pruned += JournalPruner::pruneLikeServer(eventsDir, options.keepFiles);
    const JournalReader::Recovered recovered =
        JournalReader::recoverMaxSeq(JournalDirectory::list(eventsDir));
    if (!recovered.ok()) {
        *error = recovered.error;
        return false;
    }
    m_lastSeq = recovered.maxSeq;
    m_clockNanos = *Timestamp::parse("2026-11-20T09:00:00Z") + qint64(m_lastSeq) * 50000000;
    return true;
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
    if (!m_writer.append(seq, makeEvent(seq), error))
        return false;
    m_lastSeq = seq;
    if (m_writer.rotationPending() && m_options.keepFiles > 0)
        m_pruned += JournalPruner::pruneLikeServer(m_dir, m_options.keepFiles);
    return true;
}

QByteArray JournalSimulator::text(int minWords, int maxWords)
{
    const int n = std::uniform_int_distribution<int>(minWords, maxWords)(m_rng);
    QByteArray out;
    out.reserve(n * 7);
    for (int i = 0; i < n; ++i) {
        if (i)
            out += (m_rng() % 23 == 0) ? "\\n" : " ";
        out += Words[m_rng() % Words.size()];
    }
    return out;
}

QByteArray JournalSimulator::sessionId()
{
    // A handful of live sessions; now and then one ends and another starts.
    if (m_sessions.isEmpty() || (m_sessions.size() < 12 && m_rng() % 200 == 0))
        m_sessions.append("sess-" +
                          QByteArray::number(quint64(m_rng() % 0xffffff), 16).rightJustified(6, '0'));
    return m_sessions[qsizetype(m_rng() % quint64(m_sessions.size()))];
}

QByteArray JournalSimulator::makeEvent(quint64 seq)
{
    if (m_options.realTime)
        m_clockNanos = std::chrono::duration_cast<std::chrono::nanoseconds>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count();
    else
        m_clockNanos += qint64(m_rng() % 100000000);
    const QByteArray ts = Timestamp::format(m_clockNanos);
    std::discrete_distribution<int> pick(Weights.begin(), Weights.end());
    const std::string_view t = LineParser::knownTypes()[size_t(pick(m_rng))];
    const QByteArray type(t.data(), qsizetype(t.size()));
    const QByteArray sid = sessionId();
    const QByteArray q = "\"";
    QByteArray fields;
    if (t == "message_appended") {
        static constexpr const char *Roles[] = {"user", "assistant", "assistant", "tool"};
        // Mostly short; now and then a large tool output (hundreds of KiB), as real sessions have.
        const bool huge = m_rng() % 4000 == 0;
        const QByteArray content = huge ? text(20000, 60000) : text(4, m_rng() % 8 == 0 ? 400 : 60);
        fields = ",\"message_id\":\"msg-" + num(seq) + "\",\"role\":\"" + Roles[m_rng() % 4] +
                 "\",\"content\":\"" + content + "\",\"created_at\":\"" + ts + q;
    } else if (t == "session_created") {
        fields = ",\"title\":\"" + text(2, 6) + "\",\"model\":\"bamboo-large\",\"created_at\":\"" + ts + q;
    } else if (t == "session_title_updated") {
        fields = ",\"title\":\"" + text(2, 8) + q;
    } else if (t == "session_pinned_updated") {
        fields = QByteArray(",\"pinned\":") + (m_rng() % 2 ? "true" : "false");
    } else if (t == "task_list_updated") {
        QByteArray items;
        const int n = 1 + int(m_rng() % 5);
        for (int i = 0; i < n; ++i)
            items += (i ? "," : "") + QByteArray("{\"id\":\"item-") + num(quint64(i + 1)) +
                     "\",\"description\":\"" + text(3, 10) + "\",\"status\":\"" +
                     Statuses[m_rng() % Statuses.size()] + "\"}";
        fields = ",\"task_list\":{\"id\":\"tl-" + num(seq % 97) + "\",\"items\":[" + items + "]}";
    } else if (t == "task_list_item_progress") {
        fields = ",\"item_id\":\"item-" + num(1 + m_rng() % 5) + "\",\"status\":\"" +
                 Statuses[m_rng() % Statuses.size()] + "\",\"note\":\"" + text(2, 10) + q;
    } else if (t == "task_list_completed") {
        fields = ",\"task_list_id\":\"tl-" + num(seq % 97) + "\",\"status\":\"completed\"";
    } else if (t == "task_evaluation_completed") {
        fields = ",\"status\":\"" + QByteArray(m_rng() % 3 ? "passed" : "failed") + "\",\"summary\":\"" +
                 text(5, 30) + q;
    } else if (t == "plan_mode_entered") {
        fields = ",\"reason\":\"" + text(3, 12) + q;
    } else if (t == "plan_mode_exited") {
        fields = QByteArray(",\"approved\":") + (m_rng() % 4 ? "true" : "false");
    } else if (t == "plan_file_updated") {
        fields = ",\"path\":\"plans/plan-" + num(seq % 13) + ".md\",\"content\":\"" + text(20, 200) + q;
    } else if (t == "sub_agent_started") {
        fields = ",\"sub_agent_id\":\"sub-" + num(seq) + "\",\"agent_type\":\"explorer\",\"prompt\":\"" +
                 text(5, 40) + q;
    } else if (t == "sub_agent_completed") {
        fields = ",\"sub_agent_id\":\"sub-" + num(seq - 1) + "\",\"status\":\"" +
                 QByteArray(m_rng() % 5 ? "completed" : "failed") + "\",\"result\":\"" + text(5, 80) + q;
    } else if (t == "need_clarification") {
        fields = ",\"question\":\"" + text(5, 20) + "?\",\"options\":[\"yes\",\"no\"]";
    } else if (t == "tool_approval_requested") {
        fields = ",\"request_id\":\"req-" + num(seq) + "\",\"tool_name\":\"" + Tools[m_rng() % Tools.size()] +
                 "\",\"arguments\":{\"command\":\"" + text(1, 8) + "\"}";
    } else if (t == "execution_started") {
        fields = ",\"execution_id\":\"exec-" + num(seq) + q;
    } else if (t == "complete") {
        fields = ",\"usage\":{\"input_tokens\":" + num(m_rng() % 200000) +
                 ",\"output_tokens\":" + num(m_rng() % 20000) + "}";
    } else if (t == "cancelled") {
        fields = ",\"reason\":\"user cancelled\"";
    } else if (t == "error") {
        fields = ",\"message\":\"" + text(3, 15) + "\",\"code\":\"E" + num(100 + m_rng() % 900) + q;
    }
    QByteArray line;
    line.reserve(160 + fields.size());
    line += "{\"seq\":" + num(seq) + ",\"ts\":\"" + ts + "\",\"session_id\":\"" + sid +
            "\",\"event\":{\"type\":\"" + type + "\",\"session_id\":\"" + sid + q + fields + "}}";
    return line;
}
