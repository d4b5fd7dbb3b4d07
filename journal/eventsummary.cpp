// SPDX-License-Identifier: MIT
#include "eventsummary.h"

#include <simdjson.h>

namespace {

QString str(simdjson::dom::object object, const char *key)
{
    std::string_view v;
    if (object[key].get(v))
        return {};
    return QString::fromUtf8(v.data(), qsizetype(v.size()));
}

QString firstLine(const QString &text)
{
    const qsizetype nl = text.indexOf(QLatin1Char('\n'));
    return (nl < 0 ? text : text.left(nl)).trimmed();
}

QString join(const QString &a, const QString &b)
{
    if (a.isEmpty())
        return b;
    if (b.isEmpty())
        return a;
    return a + QStringLiteral(": ") + b;
}

QString summarize(std::string_view type, simdjson::dom::object e)
{
    if (type == "message_appended")
        return join(str(e, "role"), firstLine(str(e, "content")));
    if (type == "session_created" || type == "session_title_updated")
        return str(e, "title");
    if (type == "session_pinned_updated") {
        bool pinned = false;
        if (!e["pinned"].get(pinned))
            return pinned ? QStringLiteral("pinned") : QStringLiteral("unpinned");
        return {};
    }
    if (type == "tool_approval_requested")
        return str(e, "tool_name");
    if (type == "task_list_item_progress")
        return join(str(e, "status"), firstLine(str(e, "note")));
    if (type == "task_list_updated") {
        simdjson::dom::array items;
        if (!e["task_list"]["items"].get(items))
            return items.size() == 1 ? QStringLiteral("1 item")
                                     : QStringLiteral("%1 items").arg(items.size());
        return {};
    }
    if (type == "task_evaluation_completed" || type == "sub_agent_completed" || type == "task_list_completed")
        return join(str(e, "status"),
                    firstLine(str(e, "summary").isEmpty() ? str(e, "result") : str(e, "summary")));
    if (type == "error")
        return firstLine(str(e, "message"));
    if (type == "need_clarification")
        return firstLine(str(e, "question"));
    if (type == "plan_file_updated")
        return str(e, "path");
    if (type == "sub_agent_started")
        return join(str(e, "agent_type"), firstLine(str(e, "prompt")));
    if (type == "plan_mode_entered" || type == "cancelled")
        return firstLine(str(e, "reason"));
    if (type == "plan_mode_exited") {
        bool approved = false;
        if (!e["approved"].get(approved))
            return approved ? QStringLiteral("approved") : QStringLiteral("not approved");
        return {};
    }
    if (type == "complete") {
        uint64_t in = 0, out = 0;
        if (!e["usage"]["input_tokens"].get(in) && !e["usage"]["output_tokens"].get(out))
            return QStringLiteral("%1 in / %2 out tokens").arg(in).arg(out);
        return {};
    }
    // Unknown or newer types: the first of the fields people usually look for.
    for (const char *key : {"title", "message", "status", "name", "tool_name", "content", "description"}) {
        const QString v = firstLine(str(e, key));
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
    f.summary = summarize(type, event);
    if (f.summary.size() > maxSummaryLength)
        f.summary = f.summary.left(maxSummaryLength - 1) + QChar(0x2026);
    return f;
}
