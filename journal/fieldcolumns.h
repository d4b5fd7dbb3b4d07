// SPDX-License-Identifier: MIT
#pragma once

#include "jsonpath.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>
#include <string_view>
#include <vector>

namespace simdjson::dom {
class object;
class parser;
} // namespace simdjson::dom

// A column of the event table that shows a field of each line.
// - Dialect: one `column` header of EventDialect ("status", "title", "tokens"...). Its value is, per event
//   type, the field of that type with that header (event.status for task_list_item_progress and
//   sub_agent_completed; event.title or event.task_list.title for "title"); empty for types without it. For
//   types the dialect does not describe, the first of the header's fields the event has.
// - Path: any value's path from the line's top (`event.usage.prompt_tokens`, `session_id`).
struct FieldColumn
{
    enum class Kind : quint8 { Dialect, Path };
    Kind kind = Kind::Dialect;
    QString key; // the header, or the path as written by JsonPath::format

    static FieldColumn dialect(const QString &header) { return {Kind::Dialect, header}; }
    // nullopt when `path` is not a path.
    static std::optional<FieldColumn> path(const QString &path);

    // What the settings keep: "dialect:status", "path:event.usage.total_tokens".
    QString id() const;
    static std::optional<FieldColumn> fromId(const QString &id);
    // The header a table shows: "Status", "Child session", or the path.
    QString title() const;
    // Every distinct header of the dialect, in the order the dialect first uses them.
    static QStringList dialectHeaders();

    bool operator==(const FieldColumn &o) const { return kind == o.kind && key == o.key; }
    bool operator!=(const FieldColumn &o) const { return !(*this == o); }
};

// One cell's value. Strings as text (control characters made visible, cut to MaxTextLength characters),
// numbers as written in the line, true/false, null, objects and arrays as compact JSON cut to
// MaxJsonBytes. None: the line has no such field.
struct FieldValue
{
    static constexpr int MaxTextLength = 1000;
    static constexpr qsizetype MaxJsonBytes = 300;
    enum class Kind : quint8 { None, String, Number, Bool, Null, Object, Array };
    Kind kind = Kind::None;
    QString text;
};

// A list of field columns compiled for extraction: immutable once built, shared with workers
// (std::shared_ptr<const FieldColumns>), safe from any thread.
class FieldColumns
{
public:
    FieldColumns() = default;
    explicit FieldColumns(QList<FieldColumn> columns);

    const QList<FieldColumn> &columns() const { return m_columns; }
    qsizetype size() const { return m_columns.size(); }
    qsizetype indexOf(const FieldColumn &column) const { return m_columns.indexOf(column); }

    // The values of every column for one line: its top object as parsed, and its bytes (numbers and
    // containers are shown as written there).
    std::vector<FieldValue> values(const simdjson::dom::object &root, std::string_view line) const;

private:
    struct Compiled
    {
        bool dialect = false;
        JsonPath::Path path;                                        // Path columns
        std::vector<std::pair<std::string, JsonPath::Path>> byType; // Dialect: type -> path from the top
        std::vector<JsonPath::Path> fallback;                       // Dialect: for types it does not describe
    };
    QList<FieldColumn> m_columns;
    std::vector<Compiled> m_compiled;
};

// Decodes what the table shows of one line in one parse: its summary (EventSummary) and its field columns'
// values. One decoder per thread.
class RowDecoder
{
public:
    struct Row
    {
        bool ok = false; // the line parsed as a JSON object
        QString summary;
        std::vector<FieldValue> values; // one per column, None when the line did not parse
    };

    RowDecoder();
    ~RowDecoder();
    RowDecoder(const RowDecoder &) = delete;
    RowDecoder &operator=(const RowDecoder &) = delete;

    // columns may be null: no field values.
    Row decode(std::string_view line, const FieldColumns *columns, int maxSummaryLength = 240);

private:
    std::unique_ptr<simdjson::dom::parser> m_parser;
};
