// SPDX-License-Identifier: MIT
#include "eventsummary.h"

#include <QStringList>

#include <simdjson.h>

#include <algorithm>
#include <optional>

namespace {

QString str(simdjson::dom::object object, const char *key)
{
    std::string_view v;
    if (object[key].get(v))
        return {};
    return QString::fromUtf8(v.data(), qsizetype(v.size()));
}

std::optional<quint64> uint(simdjson::simdjson_result<simdjson::dom::element> e)
{
    uint64_t v = 0;
    if (e.get(v))
        return std::nullopt;
    return quint64(v);
}

// The first line of a string field, decoded only as far as a summary can show: a message's content may be
// hundreds of KiB.
QString firstLineOf(simdjson::dom::object object, const char *key, int maxLength)
{
    std::string_view v;
    if (object[key].get(v))
        return {};
    v = v.substr(0, std::min(v.find('\n'), size_t(maxLength) * 4 + 4));
    // Cut at a character boundary: never in the middle of a UTF-8 sequence.
    if (v.size() > size_t(maxLength) * 4) {
        while (!v.empty() && (static_cast<unsigned char>(v.back()) & 0xC0) == 0x80)
            v.remove_suffix(1);
        if (!v.empty() && static_cast<unsigned char>(v.back()) >= 0xC0)
            v.remove_suffix(1);
    }
    return QString::fromUtf8(v.data(), qsizetype(v.size())).trimmed();
}

QString firstLine(const QString &text)
{
    const qsizetype nl = text.indexOf(QLatin1Char('\n'));
    return (nl < 0 ? text : text.left(nl)).trimmed();
}

QString cut(const QString &text, int max)
{
    return text.size() > max ? text.left(max - 1) + QChar(0x2026) : text;
}

QString quoted(const QString &text)
{
    return QLatin1Char('"') + text + QLatin1Char('"');
}

QString join(const QString &a, const QString &b, const QString &sep = QStringLiteral(": "))
{
    if (a.isEmpty())
        return b;
    if (b.isEmpty())
        return a;
    return a + sep + b;
}

QString plural(quint64 n, const char *one, const char *many)
{
    return EventSummary::groupDigits(n) + QLatin1Char(' ') + QLatin1String(n == 1 ? one : many);
}

// A tool call as a person reads it: Edit(file_path=src/main.rs, old_string=…).
QString toolCall(const QString &tool, simdjson::dom::element parameters)
{
    QStringList parts;
    simdjson::dom::object object;
    if (!parameters.get(object)) {
        for (auto member : object) {
            QString value;
            std::string_view s;
            if (!member.value.get(s))
                value = cut(firstLine(QString::fromUtf8(s.data(), qsizetype(s.size()))), 40);
            else if (member.value.is_object())
                value = QStringLiteral("{…}");
            else if (member.value.is_array())
                value = QStringLiteral("[…]");
            else
                value = QString::fromStdString(simdjson::minify(member.value));
            parts.append(QString::fromUtf8(member.key.data(), qsizetype(member.key.size())) +
                         QLatin1Char('=') + value);
        }
    } else if (!parameters.is_null()) {
        parts.append(cut(QString::fromStdString(simdjson::minify(parameters)), 60));
    }
    return tool + QLatin1Char('(') + parts.join(QStringLiteral(", ")) + QLatin1Char(')');
}

QString summarizeType(std::string_view type, simdjson::dom::object e, int max)
{
    if (type == "message_appended")
        return join(str(e, "role"), firstLineOf(e, "content", max));
    if (type == "session_created") {
        QString s = join(quoted(firstLineOf(e, "title", max)), str(e, "kind"), QStringLiteral(" "));
        const QString project = str(e, "project_id");
        return project.isEmpty() ? s : s + QStringLiteral(" in ") + project;
    }
    if (type == "session_title_updated") {
        QString s = quoted(firstLineOf(e, "title", max));
        if (const auto v = uint(e["title_version"]))
            s += QStringLiteral(" v%1").arg(*v);
        return join(s, str(e, "source"), QStringLiteral(" "));
    }
    if (type == "session_pinned_updated") {
        bool pinned = false;
        if (!e["pinned"].get(pinned))
            return pinned ? QStringLiteral("pinned") : QStringLiteral("unpinned");
        return {};
    }
    if (type == "task_list_updated") {
        simdjson::dom::object list;
        if (e["task_list"].get(list))
            return {};
        const QString title = firstLineOf(list, "title", max);
        simdjson::dom::array items;
        if (list["items"].get(items))
            return quoted(title);
        quint64 done = 0, doing = 0, blocked = 0;
        for (simdjson::dom::element item : items) {
            std::string_view status;
            if (item["status"].get(status))
                continue;
            done += status == "completed";
            doing += status == "in_progress";
            blocked += status == "blocked";
        }
        QStringList counts;
        if (done)
            counts << QStringLiteral("%1 completed").arg(done);
        if (doing)
            counts << QStringLiteral("%1 in progress").arg(doing);
        if (blocked)
            counts << QStringLiteral("%1 blocked").arg(blocked);
        QString s = join(title.isEmpty() ? QString() : quoted(title), plural(items.size(), "item", "items"));
        return counts.isEmpty()
                   ? s
                   : s + QStringLiteral(" (") + counts.join(QStringLiteral(", ")) + QLatin1Char(')');
    }
    if (type == "task_list_item_progress") {
        const QString item = str(e, "item_id"), status = str(e, "status");
        if (item.isEmpty() && status.isEmpty())
            return {};
        QString s = item + QStringLiteral(" → ") + status;
        if (const auto n = uint(e["tool_calls_count"]))
            s += QStringLiteral(" (") + plural(*n, "tool call", "tool calls") + QLatin1Char(')');
        return s;
    }
    if (type == "task_list_completed") {
        QStringList parts;
        if (const auto n = uint(e["total_rounds"]))
            parts << plural(*n, "round", "rounds");
        if (const auto n = uint(e["total_tool_calls"]))
            parts << plural(*n, "tool call", "tool calls");
        return parts.isEmpty() ? QStringLiteral("completed")
                               : QStringLiteral("completed in ") + parts.join(QStringLiteral(", "));
    }
    if (type == "task_evaluation_completed") {
        const auto n = uint(e["updates_count"]);
        return join(n ? plural(*n, "update", "updates") : QString(), firstLineOf(e, "reasoning", max));
    }
    if (type == "plan_mode_entered") {
        QString s = join(str(e, "status"), firstLineOf(e, "reason", max));
        const QString file = str(e, "plan_file_path");
        return file.isEmpty() ? s : join(s, file, QStringLiteral(" · "));
    }
    if (type == "plan_mode_exited") {
        bool approved = false;
        if (e["approved"].get(approved))
            return {};
        const QString s = approved ? QStringLiteral("approved") : QStringLiteral("not approved");
        const QString mode = str(e, "restored_mode");
        return mode.isEmpty() ? s : s + QStringLiteral(" → ") + mode;
    }
    if (type == "plan_file_updated")
        return join(str(e, "file_path"), firstLineOf(e, "content_summary", max));
    if (type == "sub_agent_started") {
        const QString title = firstLineOf(e, "title", max);
        return QStringLiteral("→ child ") + str(e, "child_session_id") +
               (title.isEmpty() ? QString() : QLatin1Char(' ') + quoted(title));
    }
    if (type == "sub_agent_completed")
        return join(QStringLiteral("← child ") + str(e, "child_session_id") + QLatin1Char(' ') +
                        str(e, "status"),
                    firstLineOf(e, "error", max));
    if (type == "need_clarification") {
        QString s = firstLineOf(e, "question", max);
        simdjson::dom::array options;
        if (!e["options"].get(options) && options.size() > 0) {
            QStringList list;
            for (simdjson::dom::element o : options) {
                std::string_view v;
                list << (o.get(v) ? QString::fromStdString(simdjson::minify(o))
                                  : cut(QString::fromUtf8(v.data(), qsizetype(v.size())), 30));
            }
            s += QStringLiteral(" [") + list.join(QStringLiteral(" / ")) + QLatin1Char(']');
        }
        return s;
    }
    if (type == "tool_approval_requested") {
        simdjson::dom::element parameters;
        if (e["parameters"].get(parameters))
            return str(e, "tool_name");
        return toolCall(str(e, "tool_name"), parameters);
    }
    if (type == "execution_started")
        return QStringLiteral("run ") + str(e, "run_id") + QStringLiteral(" started");
    if (type == "complete") {
        simdjson::dom::object usage;
        if (e["usage"].get(usage))
            return {};
        if (const auto total = uint(usage["total_tokens"]))
            return plural(*total, "token", "tokens");
        return {};
    }
    if (type == "cancelled" || type == "error")
        return firstLineOf(e, "message", max);
    if (type == "workflow_activated" || type == "workflow_deactivated") {
        const auto revision = uint(e["revision"]);
        return join(str(e, "workflow_id"), revision ? QStringLiteral("r%1").arg(*revision) : QString(),
                    QStringLiteral(" "));
    }
    if (type == "config_changed" || type == "config_invalid" || type == "config_recovered") {
        const auto revision = uint(e["revision"]);
        return join(str(e, "section"), revision ? QStringLiteral("r%1").arg(*revision) : QString(),
                    QStringLiteral(" "));
    }
    // Unknown or newer types: the first of the fields people usually look for.
    for (const char *key : {"title", "message", "status", "name", "tool_name", "content", "description"}) {
        const QString v = firstLineOf(e, key, max);
        if (!v.isEmpty())
            return v;
    }
    return {};
}

} // namespace

EventSummary::EventSummary()
    : m_parser(std::make_unique<simdjson::dom::parser>())
{}

EventSummary::~EventSummary() = default;

QString EventSummary::groupDigits(quint64 n)
{
    QString digits = QString::number(n);
    for (qsizetype i = digits.size() - 3; i > 0; i -= 3)
        digits.insert(i, QLatin1Char(','));
    return digits;
}

QString EventSummary::summarize(const simdjson::dom::object &event, int maxLength)
{
    std::string_view type;
    if (event["type"].get(type))
        return {};
    return cut(summarizeType(type, event, std::max(1, maxLength)), std::max(1, maxLength));
}

EventSummary::Fields EventSummary::decode(std::string_view line, int maxSummaryLength)
{
    Fields f;
    simdjson::dom::object root;
    if (m_parser->parse(line.data(), line.size(), true).get(root))
        return f;
    f.ok = true;
    f.ts = str(root, "ts");
    f.sessionId = str(root, "session_id");
    simdjson::dom::object event;
    if (root["event"].get(event))
        return f;
    std::string_view type;
    if (event["type"].get(type))
        return f;
    f.type = QString::fromUtf8(type.data(), qsizetype(type.size()));
    f.summary = summarize(event, maxSummaryLength);
    return f;
}
