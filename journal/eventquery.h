// SPDX-License-Identifier: MIT
#pragma once

#include "eventrecord.h"
#include "jsonpath.h"
#include "lineparser.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

class QueryColumnCache;
class StringTable;

// Where and why a query does not parse. column is 1-based and counts characters (code points) of the query
// text; position is the same place as an index into the QString, for putting a cursor there.
struct QueryError
{
    int column = 0;
    int position = -1;
    QString message; // names the column: "expected a value after '>' at column 17"
    bool isError() const { return column > 0; }
};

// How a query treats its bare "text" terms.
struct QueryOptions
{
    bool ignoreCase = false;
};

// One query over the events' fields (the language is in README.md, "Queries"):
//
//   expr   := or ; or := and ("or" and)* ; and := unary ("and" unary)* ;
//   unary  := "not" unary | "(" expr ")" | term
//   term   := path op value | path "in" "(" value ("," value)* ")" | "exists" "(" path ")" | STRING
//   path   := "seq" | "ts" | "session" | "type" | "file" | "event" ("." NAME | "[" INT "]")*
//   op     := "=" | "!=" | "<" | "<=" | ">" | ">=" | "~"
//   value  := STRING | NUMBER | "true" | "false" | "null" | BAREWORD | /REGEX/
//
// parse() turns the text into a tree and checks everything that can be checked without the journal: values
// of the right kind for seq and ts, regular expressions that compile. A parsed query is immutable and cheap
// to copy (shared); evaluating it needs a QueryMatcher, one per thread.
class EventQuery
{
public:
    using Options = QueryOptions;

    EventQuery();
    // An empty or blank text gives the empty query, which every event matches. On a syntax error the
    // query is invalid (and matches nothing) and error() says where.
    static EventQuery parse(const QString &text, const Options &options = {});
    static EventQuery parse(const QString &text, QueryError *error, const Options &options = {});

    bool isEmpty() const;
    bool isValid() const;
    QueryError error() const;
    QString text() const;
    bool ignoreCase() const;
    // The tree written back fully parenthesised, values in their typed form: `type = "complete"` and
    // `((a) or (b))`. Two texts that parse to the same tree give the same canonical text.
    QString canonical() const;
    // Whether the top of the tree is an "or" (so that adding a term with "and" needs parentheses).
    bool isDisjunction() const;
    // Whether evaluating needs the event's line, not only its index record (seq, ts, session, type, file).
    bool needsLine() const;
    // The paths into the line the query reads, root-relative ("event.usage.total_tokens", "ts").
    QStringList linePaths() const;

    // A copy whose session and type terms (=, !=, in) are resolved to an index's string ids, so that matching
    // index records needs no string compare. Records with ids beyond the tables' sizes at binding time are
    // matched by their line. O(values in the query).
    EventQuery bound(const StringTable &sessions, const StringTable &types) const;

    // An event as the per-line matcher sees it. text is the line; LineParser::Padding bytes after its end
    // must be readable (their content is never interpreted).
    struct Event
    {
        quint64 seq = 0;
        qint64 tsNanos = 0;
        quint16 flags = 0; // EventRecord::Flag: BadTimestamp and BadSessionId matter here
        bool hasSession = false;
        std::string_view session;
        std::string_view type;
        std::string_view file; // the journal file's name
        std::string_view text;
    };

    struct Private;

private:
    friend class QueryMatcher;
    std::shared_ptr<const Private> d;
};

// Evaluates one EventQuery, one event at a time or a file's records at once. Owns the parser buffers and the
// compiled regular expressions it needs, so it is not shared between threads: create one per thread (cheap).
class QueryMatcher
{
public:
    explicit QueryMatcher(const EventQuery &query);
    ~QueryMatcher();
    QueryMatcher(const QueryMatcher &) = delete;
    QueryMatcher &operator=(const QueryMatcher &) = delete;

    bool matches(const EventQuery::Event &event);

    // A journal file's records, as a worker sees them.
    struct File
    {
        QByteArray path; // to open
        QByteArray name; // for `file` terms
        quint64 device = 0;
        quint64 inode = 0;
        quint64 scanId = 0; // the index's scan of the file (FileIndex::scanId)
        const QList<EventRecord> *records = nullptr;
    };
    // Clears mask[i] for each record i of the file that has mask[i] set and does not match; mask has one
    // entry per record. Field values come from the cache's columns when given (building and keeping the
    // missing ones over the whole file), else from the lines of the masked records. False when the file could
    // not be read (the masked rows are then cleared) or cancel was set.
    bool select(const File &file, std::vector<quint8> &mask, QueryColumnCache *cache = nullptr,
                const std::atomic_bool *cancel = nullptr);
    // The values found at the query's first path into the line (an `exists(event.role)` query, say) over the
    // file's records, counted into counts by the literal that compares equal to each (`user`,
    // `"two words"`, `42`, `true`, `null`). Objects, arrays and strings past QueryColumn::MaxStringBytes
    // are not counted. Uses and fills the cache like select().
    bool countValues(const File &file, std::unordered_map<std::string, qint64> &counts,
                     QueryColumnCache *cache = nullptr, const std::atomic_bool *cancel = nullptr);

    struct Private;

private:
    std::unique_ptr<Private> d;
};

// Matches whole journal lines against a query: the line rule first (a line that is not an event never
// matches, as the browser and the server read it), then the query. For callers that hold lines, not index
// records: the command line's --where and the browser's find among a filter's rows. One per thread.
class LineQueryMatcher
{
public:
    explicit LineQueryMatcher(const EventQuery &query);
    bool isEmpty() const { return m_empty; }
    bool matches(std::string_view line, std::string_view fileName);

private:
    bool m_empty;
    QueryMatcher m_matcher;
    LineParser m_parser;
    std::string m_buffer;
};

// Writing queries: quoting values and building terms, for views that add a term to the query
// ("filter for this value") and for completion.
namespace QueryLanguage {

// The built-in fields: seq, ts, session, type, file.
const QStringList &builtinFields();
// A value as the language reads it back to the same string: a bare word when it is one (letters, digits and
// _ . : + - that do not read as a number or a keyword), else a double-quoted JSON string.
QString quote(const QString &value);
// `path = value`, or with negate `not path = value`: every event without that value, those lacking the field
// included (which `path != value` would leave out). The value is quoted as text (for `event.…` paths a
// string); use literalTerm() for numbers, true, false and null.
QString term(const QString &path, const QString &value, bool negate = false);
// The same with a value written as it is (a number, true, false, null or an already quoted string).
QString literalTerm(const QString &path, const QString &literal, bool negate = false);
// query AND term, parenthesising the query when it has a top-level "or".
QString conjoin(const QString &query, const QString &term);
// Whether a string is a valid field path (`event.task_list.items[0].status`, `seq`).
bool isPath(const QString &path);
// The query's path for a value's path from the line's top (JsonPath): `session` for session_id, `type` for
// event.type, the path as written for seq, ts and event.…; nullopt for what the language cannot name (other
// top-level keys, keys that are not plain names).
std::optional<QString> pathFor(const JsonPath::Path &path);
// The longest string value valueTerm() writes into a query.
constexpr qsizetype MaxTermValueBytes = 4096;
// The term that selects the events whose value at `path` equals the one in `line` (a journal line), or with
// negate every other event: a string as a quoted string, a number, true, false or null as written, an object
// or array as exists(path) (negated: not exists). nullopt when the line has no such value, the path cannot be
// named in a query, or the string is longer than MaxTermValueBytes.
std::optional<QString> valueTerm(std::string_view line, const JsonPath::Path &path, bool negate = false);

// What the text before the cursor is in the middle of, for completion.
struct Completion
{
    enum Kind { None, Path, Value };
    Kind kind = None;
    QString path;   // for Value: the field whose values fit
    int start = 0;  // QString index where the word being completed starts
    QString prefix; // the word typed so far (for Value without its opening quote)
};
Completion completionAt(const QString &text, int cursor);

} // namespace QueryLanguage
