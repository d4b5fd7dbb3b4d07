// SPDX-License-Identifier: MIT
#include "eventdialect.h"

#include <simdjson.h>

namespace {

using Field = EventDialect::Field;
using Kind = EventDialect::Kind;
using Type = EventDialect::Type;
using Era = EventDialect::Era;

constexpr std::string_view Roles = "system|user|assistant|tool";
constexpr std::string_view ItemStatuses = "pending|in_progress|completed|blocked";

Field req(std::string_view path, Kind kind = Kind::String, std::string_view column = {},
          std::string_view values = {})
{
    return {path, kind, false, values, column};
}

Field opt(std::string_view path, Kind kind = Kind::String, std::string_view column = {},
          std::string_view values = {})
{
    return {path, kind, true, values, column};
}

std::vector<Type> makeTypes()
{
    const Field session = req("session_id");
    return {
        {"message_appended",
         Era::Durable,
         {session, req("message_id"), req("role", Kind::String, "role", Roles), req("content"),
          req("created_at")},
         "session_id"},
        {"session_created",
         Era::Durable,
         {session, req("title", Kind::String, "title"), req("kind", Kind::String, "kind", "root|child"),
          req("created_at"), opt("project_id", Kind::String, "project")},
         "session_id"},
        {"session_deleted", Era::Durable, {session}, "session_id"},
        {"session_cleared", Era::Durable, {session}, "session_id"},
        {"session_title_updated",
         Era::Durable,
         {session, req("title", Kind::String, "title"), req("title_version", Kind::UInt, "version"),
          req("source", Kind::String, "source", "auto|manual|fallback"), req("updated_at")},
         "session_id"},
        {"session_pinned_updated",
         Era::Durable,
         {session, req("pinned", Kind::Bool, "pinned"), req("updated_at")},
         "session_id"},
        {"task_list_updated",
         Era::Durable,
         {req("task_list", Kind::Object), req("task_list.session_id"),
          req("task_list.title", Kind::String, "title"), req("task_list.items", Kind::Array),
          req("task_list.created_at"), req("task_list.updated_at")},
         "task_list.session_id"},
        {"task_list_item_progress",
         Era::Durable,
         {session, req("item_id", Kind::String, "item"), req("status", Kind::String, "status", ItemStatuses),
          req("tool_calls_count", Kind::UInt, "tool calls"), req("version", Kind::UInt, "version")},
         "session_id"},
        {"task_list_completed",
         Era::Durable,
         {session, req("completed_at"), req("total_rounds", Kind::UInt, "rounds"),
          req("total_tool_calls", Kind::UInt, "tool calls")},
         "session_id"},
        {"task_evaluation_completed",
         Era::Durable,
         {session, req("updates_count", Kind::UInt, "updates"), req("reasoning")},
         "session_id"},
        {"plan_mode_entered",
         Era::Durable,
         {session, opt("reason"), req("pre_permission_mode"), req("entered_at"),
          req("status", Kind::String, "status", "exploring|designing|reviewing|finalizing|awaiting_approval"),
          opt("plan_file_path", Kind::String, "file")},
         "session_id"},
        {"plan_mode_exited",
         Era::Durable,
         {session, req("approved", Kind::Bool, "approved"), req("restored_mode"), opt("plan")},
         "session_id"},
        {"plan_file_updated",
         Era::Durable,
         {session, req("file_path", Kind::String, "file"), req("content_summary")},
         "session_id"},
        {"sub_agent_started",
         Era::Durable,
         {req("parent_session_id"), req("child_session_id", Kind::String, "child session"),
          opt("title", Kind::String, "title")},
         "parent_session_id"},
        {"sub_agent_completed",
         Era::Durable,
         {req("parent_session_id"), req("child_session_id", Kind::String, "child session"),
          req("status", Kind::String, "status", "completed|cancelled|error|skipped"), opt("error")},
         "parent_session_id"},
        {"need_clarification",
         Era::Durable,
         {req("question"), req("options", Kind::ArrayOrNull), opt("tool_call_id"),
          opt("tool_name", Kind::String, "tool"), req("allow_custom", Kind::Bool)},
         {}},
        {"tool_approval_requested",
         Era::Durable,
         {req("tool_call_id"), req("tool_name", Kind::String, "tool"), req("parameters", Kind::Any)},
         {}},
        {"execution_started",
         Era::Durable,
         {req("run_id", Kind::String, "run"), session, req("started_at")},
         "session_id"},
        {"complete",
         Era::Durable,
         {req("usage", Kind::Object), req("usage.prompt_tokens", Kind::UInt),
          req("usage.completion_tokens", Kind::UInt), req("usage.total_tokens", Kind::UInt, "tokens")},
         {}},
        {"cancelled", Era::Durable, {opt("message")}, {}},
        {"error", Era::Durable, {req("message", Kind::String, "message")}, {}},
        // Newer servers. The workflow lifecycle events carry an id of their own so a client can drop repeats.
        {"workflow_activated",
         Era::Newer,
         {session, req("workflow_id", Kind::String, "workflow"), req("revision", Kind::UInt, "revision"),
          req("event_id")},
         "session_id"},
        {"workflow_deactivated",
         Era::Newer,
         {session, req("workflow_id", Kind::String, "workflow"), req("revision", Kind::UInt, "revision"),
          req("event_id")},
         "session_id"},
        {"config_changed",
         Era::Newer,
         {req("section", Kind::String, "section"), req("revision", Kind::UInt, "revision")},
         {}},
        {"config_invalid",
         Era::Newer,
         {req("section", Kind::String, "section"), req("revision", Kind::UInt, "revision")},
         {}},
        {"config_recovered",
         Era::Newer,
         {req("section", Kind::String, "section"), req("revision", Kind::UInt, "revision")},
         {}},
    };
}

std::vector<Field> makeTaskItemFields()
{
    return {
        req("id"),
        req("description"),
        req("status", Kind::String, {}, ItemStatuses),
        req("depends_on", Kind::Array),
        req("notes"),
        opt("active_form"),
        opt("parent_id"),
        req("phase", Kind::String, {}, "planning|execution|verification|handoff"),
        req("priority", Kind::String, {}, "low|medium|high|critical"),
        opt("completion_criteria", Kind::Array),
        opt("evidence", Kind::Array),
        opt("blockers", Kind::Array),
        opt("transitions", Kind::Array),
    };
}

QString text(std::string_view s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

// The element at a dotted path, if every step exists.
bool lookup(simdjson::dom::object object, std::string_view path, simdjson::dom::element *out)
{
    for (;;) {
        const size_t dot = path.find('.');
        simdjson::dom::element e;
        if (object[path.substr(0, dot)].get(e))
            return false;
        if (dot == std::string_view::npos) {
            *out = e;
            return true;
        }
        if (e.get(object))
            return false;
        path.remove_prefix(dot + 1);
    }
}

bool hasValue(std::string_view values, std::string_view v)
{
    size_t from = 0;
    while (from <= values.size()) {
        const size_t bar = values.find('|', from);
        const std::string_view one = values.substr(from, bar == std::string_view::npos ? bar : bar - from);
        if (one == v)
            return true;
        if (bar == std::string_view::npos)
            return false;
        from = bar + 1;
    }
    return false;
}

void checkFields(simdjson::dom::object object, const std::vector<Field> &fields, const QString &prefix,
                 QStringList *problems)
{
    for (const Field &f : fields) {
        simdjson::dom::element e;
        const QString name = prefix + text(f.path);
        if (!lookup(object, f.path, &e)) {
            if (!f.optional)
                problems->append(QStringLiteral("%1 missing").arg(name));
            continue;
        }
        bool ok = true;
        switch (f.kind) {
        case Kind::String:
            ok = e.is_string();
            break;
        case Kind::Bool:
            ok = e.is_bool();
            break;
        case Kind::UInt:
            ok = e.is_uint64() || (e.is_int64() && int64_t(e) >= 0);
            break;
        case Kind::Object:
            ok = e.is_object();
            break;
        case Kind::Array:
            ok = e.is_array();
            break;
        case Kind::ArrayOrNull:
            ok = e.is_array() || e.is_null();
            break;
        case Kind::Any:
            break;
        }
        if (!ok) {
            problems->append(QStringLiteral("%1 is not %2")
                                 .arg(name, f.kind == Kind::String   ? QStringLiteral("a string")
                                            : f.kind == Kind::Bool   ? QStringLiteral("a bool")
                                            : f.kind == Kind::UInt   ? QStringLiteral("an unsigned integer")
                                            : f.kind == Kind::Object ? QStringLiteral("an object")
                                            : f.kind == Kind::Array  ? QStringLiteral("an array")
                                                                     : QStringLiteral("an array or null")));
            continue;
        }
        std::string_view v;
        if (!f.values.empty() && !e.get(v) && !hasValue(f.values, v))
            problems->append(QStringLiteral("%1 \"%2\" is not one of %3").arg(name, text(v), text(f.values)));
    }
}

} // namespace

const EventDialect::Field *EventDialect::Type::field(std::string_view path) const
{
    for (const Field &f : fields)
        if (f.path == path)
            return &f;
    return nullptr;
}

const std::vector<EventDialect::Type> &EventDialect::types()
{
    static const std::vector<Type> all = makeTypes();
    return all;
}

const EventDialect::Type *EventDialect::find(std::string_view type)
{
    for (const Type &t : types())
        if (t.name == type)
            return &t;
    return nullptr;
}

const std::vector<EventDialect::Field> &EventDialect::taskItemFields()
{
    static const std::vector<Field> all = makeTaskItemFields();
    return all;
}

QStringList EventDialect::values(const Field &field)
{
    return field.values.empty() ? QStringList() : text(field.values).split(QLatin1Char('|'));
}

QStringList EventDialect::check(const simdjson::dom::object &event)
{
    QStringList problems;
    std::string_view name;
    if (event["type"].get(name)) {
        problems.append(QStringLiteral("type missing"));
        return problems;
    }
    const Type *type = find(name);
    if (!type)
        return problems;
    checkFields(event, type->fields, QString(), &problems);
    if (type->name == "task_list_updated") {
        simdjson::dom::array items;
        if (!event["task_list"]["items"].get(items)) {
            int i = 0;
            for (simdjson::dom::element item : items) {
                simdjson::dom::object o;
                const QString prefix = QStringLiteral("task_list.items[%1].").arg(i++);
                if (item.get(o))
                    problems.append(prefix + QStringLiteral(" is not an object"));
                else
                    checkFields(o, taskItemFields(), prefix, &problems);
            }
        }
    }
    return problems;
}

QStringList EventDialect::check(std::string_view eventJson)
{
    simdjson::dom::parser parser;
    simdjson::dom::object event;
    if (parser.parse(eventJson.data(), eventJson.size(), true).get(event))
        return {QStringLiteral("not a JSON object")};
    return check(event);
}

QStringList EventDialect::extraFields(const simdjson::dom::object &event)
{
    QStringList extra;
    std::string_view name;
    const Type *type = event["type"].get(name) ? nullptr : find(name);
    if (!type)
        return extra;
    // Walk the event's objects, naming every member whose path the dialect does not describe. Object-valued
    // fields described as Any or Array are leaves.
    struct Frame
    {
        simdjson::dom::object object;
        std::string path;
    };
    std::vector<Frame> stack{{event, {}}};
    while (!stack.empty()) {
        const Frame frame = stack.back();
        stack.pop_back();
        for (auto member : frame.object) {
            const std::string path =
                frame.path.empty() ? std::string(member.key) : frame.path + '.' + std::string(member.key);
            if (path == "type")
                continue;
            const Field *f = type->field(path);
            if (!f) {
                extra.append(QString::fromStdString(path));
                continue;
            }
            simdjson::dom::object nested;
            if (f->kind == Kind::Object && !member.value.get(nested))
                stack.push_back({nested, path});
        }
    }
    return extra;
}
