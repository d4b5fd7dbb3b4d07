// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringList>
#include <QtGlobal>

#include <string_view>
#include <vector>

namespace simdjson::dom {
class object;
}

// The bamboo server's event dialect, in one place: every type its AgentEvent serializes into the journal,
// with the fields each one carries as the server writes them (docs/FORMAT.md, "The events, as the server
// writes them"). The simulator writes these shapes, the summaries and the session state read them, and the
// table offers the fields marked as columns. Unknown types and extra fields are normal: check() names what is
// missing or of the wrong kind, extraFields() lists what the dialect does not describe, and nothing is ever
// dropped.
//
// Immutable static data: safe from any thread.
class EventDialect
{
public:
    enum class Kind : quint8 {
        String,
        Bool,
        UInt,        // an unsigned integer literal (u64 or smaller)
        Object,      // nested fields are described with a dotted path ("usage.total_tokens")
        Array,       // of any values
        ArrayOrNull, // an array or null
        Any,         // any JSON value (a tool's parameters)
    };
    // Durable: the 21 types a server of docs/FORMAT.md's version journals. Newer: types later servers add
    // (servers that predate them skip such lines).
    enum class Era : quint8 { Durable, Newer };

    struct Field
    {
        std::string_view path; // within the event object; '.' steps into an object
        Kind kind = Kind::String;
        bool optional = false;   // omitted when absent
        std::string_view values; // the allowed values, '|' separated (empty: any)
        std::string_view column; // the header when the field is worth a column (empty: not)
    };

    struct Type
    {
        std::string_view name;
        Era era = Era::Durable;
        std::vector<Field> fields;
        // The field that names the session the event is about (the parent for sub_agent_*); empty when the
        // line's own session_id says it (complete, cancelled, error, need_clarification, ...).
        std::string_view sessionField;

        const Field *field(std::string_view path) const;
    };

    // Every type the dialect describes: the 21 durable ones first, in docs/FORMAT.md's order, then the newer
    // ones.
    static const std::vector<Type> &types();
    static const Type *find(std::string_view type);
    // The fields of a TaskItem (task_list.items[]), paths relative to the item.
    static const std::vector<Field> &taskItemFields();
    // The allowed values of a field as a list (empty for any).
    static QStringList values(const Field &field);

    // What is wrong with an event object against its type's shape: a required field missing, a field of
    // another kind, a value outside its set (task items included). Empty when the event fits, and for types
    // the dialect does not describe.
    static QStringList check(const simdjson::dom::object &event);
    static QStringList check(std::string_view eventJson);
    // Top-level and nested fields present in the event that its type does not describe ("type" aside).
    static QStringList extraFields(const simdjson::dom::object &event);
};
