// SPDX-License-Identifier: MIT
#include "lineparser.h"

#include "eventrecord.h"
#include "journalfilename.h"
#include "timestamp.h"

#include <simdjson.h>

#include <algorithm>
#include <array>

static_assert(LineParser::Padding >= simdjson::SIMDJSON_PADDING);

namespace {

bool isSpace(char c)
{
    // The ASCII characters Rust's str::trim removes.
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// simdjson reads "-0" as the integer 0; the rule wants no sign, so look at the literal itself.
bool seqLiteralHasSign(std::string_view line)
{
    size_t from = 0;
    while ((from = line.find("\"seq\"", from)) != std::string_view::npos) {
        size_t p = from + 5;
        while (p < line.size() && isSpace(line[p]))
            ++p;
        if (p < line.size() && line[p] == ':') {
            ++p;
            while (p < line.size() && isSpace(line[p]))
                ++p;
            if (p < line.size() && line[p] == '-')
                return true;
        }
        from += 5;
    }
    return false;
}

} // namespace

LineParser::LineParser()
    : m_parser(std::make_unique<simdjson::dom::parser>())
{}

LineParser::~LineParser() = default;

std::string_view LineParser::trim(std::string_view line)
{
    while (!line.empty() && isSpace(line.front()))
        line.remove_prefix(1);
    while (!line.empty() && isSpace(line.back()))
        line.remove_suffix(1);
    return line;
}

bool LineParser::leadingSeq(std::string_view line, quint64 *seq)
{
    constexpr std::string_view Head = "{\"seq\":";
    if (line.substr(0, Head.size()) != Head)
        return false;
    const size_t digitsStart = Head.size();
    size_t p = digitsStart;
    while (p < line.size() && line[p] >= '0' && line[p] <= '9')
        ++p;
    if (p == digitsStart || p >= line.size() || line[p] != ',')
        return false;
    if (line[digitsStart] == '0' && p - digitsStart > 1)
        return false; // a leading zero is not JSON: let the parser say so
    const auto v = JournalFileName::parseU64(line.substr(digitsStart, p - digitsStart));
    if (!v)
        return false;
    *seq = *v;
    return true;
}

const std::array<std::string_view, 21> &LineParser::knownTypes()
{
    static constexpr std::array<std::string_view, 21> types = {
        "message_appended",
        "session_created",
        "session_deleted",
        "session_cleared",
        "session_title_updated",
        "session_pinned_updated",
        "task_list_updated",
        "task_list_item_progress",
        "task_list_completed",
        "task_evaluation_completed",
        "plan_mode_entered",
        "plan_mode_exited",
        "plan_file_updated",
        "sub_agent_started",
        "sub_agent_completed",
        "need_clarification",
        "tool_approval_requested",
        "execution_started",
        "complete",
        "cancelled",
        "error",
    };
    return types;
}

bool LineParser::isKnownType(std::string_view type)
{
    const auto &types = knownTypes();
    return std::find(types.begin(), types.end(), type) != types.end();
}

LineParser::Result LineParser::parse(const char *data, size_t size)
{
    Result r;
    const std::string_view line = trim(std::string_view(data, size));
    if (line.empty())
        return r;
    r.kind = Kind::Malformed;

    simdjson::dom::element root;
    if (const auto error = m_parser->parse(line.data(), line.size(), false).get(root)) {
        switch (error) {
        case simdjson::UTF8_ERROR:
            r.reason = Reason::InvalidUtf8;
            break;
        case simdjson::DEPTH_ERROR:
            r.reason = Reason::TooDeep;
            break;
        case simdjson::NUMBER_ERROR:
            r.reason = Reason::BadNumber;
            break;
        default:
            r.reason = Reason::NotJson;
            break;
        }
        return r;
    }
    simdjson::dom::object object;
    if (root.get(object)) {
        r.reason = Reason::NotObject;
        return r;
    }

    bool haveSeq = false, haveEvent = false, haveTs = false, haveSession = false;
    simdjson::dom::element seq, event, ts, session;
    for (const auto field : object) {
        if (field.key == "seq") {
            r.flags |= haveSeq ? EventRecord::DuplicateField : 0;
            if (!haveSeq)
                seq = field.value;
            haveSeq = true;
        } else if (field.key == "event") {
            r.flags |= haveEvent ? EventRecord::DuplicateField : 0;
            if (!haveEvent)
                event = field.value;
            haveEvent = true;
        } else if (field.key == "ts") {
            r.flags |= haveTs ? EventRecord::DuplicateField : 0;
            if (!haveTs)
                ts = field.value;
            haveTs = true;
        } else if (field.key == "session_id") {
            r.flags |= haveSession ? EventRecord::DuplicateField : 0;
            if (!haveSession)
                session = field.value;
            haveSession = true;
        }
    }

    if (!haveSeq) {
        r.reason = Reason::MissingSeq;
        return r;
    }
    switch (seq.type()) {
    case simdjson::dom::element_type::UINT64:
        r.seq = seq.get_uint64().value_unsafe();
        break;
    case simdjson::dom::element_type::INT64: {
        const int64_t v = seq.get_int64().value_unsafe();
        if (v < 0 || (v == 0 && seqLiteralHasSign(line))) {
            r.reason = Reason::SeqNotUnsigned;
            return r;
        }
        r.seq = quint64(v);
        break;
    }
    default:
        r.reason = Reason::SeqNotUnsigned;
        return r;
    }

    if (!haveEvent) {
        r.reason = Reason::MissingEvent;
        return r;
    }
    simdjson::dom::object eventObject;
    if (event.get(eventObject)) {
        r.reason = Reason::EventNotObject;
        return r;
    }
    simdjson::dom::element type;
    if (eventObject["type"].get(type)) {
        r.reason = Reason::MissingType;
        return r;
    }
    if (type.get(r.type)) {
        r.reason = Reason::TypeNotString;
        return r;
    }

    r.kind = Kind::Event;
    if (!isKnownType(r.type))
        r.flags |= EventRecord::UnknownType;

    std::string_view tsText;
    if (haveTs && !ts.get(tsText)) {
        if (const auto nanos = Timestamp::parse(tsText))
            r.tsNanos = *nanos;
        else
            r.flags |= EventRecord::BadTimestamp;
    } else {
        r.flags |= EventRecord::BadTimestamp;
    }

    if (haveSession && !session.is_null()) {
        if (session.get(r.session))
            r.flags |= EventRecord::BadSessionId;
        else
            r.hasSession = true;
    }
    return r;
}

const char *LineParser::reasonKey(Reason reason)
{
    switch (reason) {
    case Reason::None:
        return "none";
    case Reason::InvalidUtf8:
        return "invalid_utf8";
    case Reason::NotJson:
        return "not_json";
    case Reason::TooDeep:
        return "too_deep";
    case Reason::BadNumber:
        return "bad_number";
    case Reason::NotObject:
        return "not_object";
    case Reason::MissingSeq:
        return "missing_seq";
    case Reason::SeqNotUnsigned:
        return "seq_not_unsigned";
    case Reason::MissingEvent:
        return "missing_event";
    case Reason::EventNotObject:
        return "event_not_object";
    case Reason::MissingType:
        return "missing_type";
    case Reason::TypeNotString:
        return "type_not_string";
    }
    return "unknown";
}

QString LineParser::reasonText(Reason reason)
{
    switch (reason) {
    case Reason::None:
        return {};
    case Reason::InvalidUtf8:
        return QStringLiteral("invalid UTF-8");
    case Reason::NotJson:
        return QStringLiteral("not valid JSON");
    case Reason::TooDeep:
        return QStringLiteral("JSON nested too deeply");
    case Reason::BadNumber:
        return QStringLiteral("a number is malformed or out of range");
    case Reason::NotObject:
        return QStringLiteral("not a JSON object");
    case Reason::MissingSeq:
        return QStringLiteral("no \"seq\" field");
    case Reason::SeqNotUnsigned:
        return QStringLiteral("\"seq\" is not an unsigned integer that fits u64");
    case Reason::MissingEvent:
        return QStringLiteral("no \"event\" field");
    case Reason::EventNotObject:
        return QStringLiteral("\"event\" is not an object");
    case Reason::MissingType:
        return QStringLiteral("\"event\" has no \"type\"");
    case Reason::TypeNotString:
        return QStringLiteral("\"event.type\" is not a string");
    }
    return {};
}
