// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringView>

#include <optional>
#include <string_view>
#include <utility>
#include <vector>

// Paths into a JSON value, as a person writes them: `event.usage.total_tokens`,
// `event.task_list.items[0].status`, `session_id`. A key that is not a plain name (letters, digits, `_`, `-`,
// `$`) is written as a JSON string in brackets: `event["a.b"]`, `["say \"hi\""]`.
//
// Besides naming values, this finds them in raw JSON text without parsing all of it (locate), and tells
// which value a position in indented JSON belongs to (Scanner, hitAt): a scan that can start at any
// checkpoint, so a view that shows one page of a huge text maps a click in that page at the cost of the page.
// Everything here is reentrant and linear in the text it reads.
namespace JsonPath {

struct Step
{
    QByteArray key;    // UTF-8, decoded; unused for an index
    qint64 index = -1; // >= 0: an array index
    bool isIndex() const { return index >= 0; }
    bool operator==(const Step &o) const { return index == o.index && (isIndex() || key == o.key); }
};
using Path = std::vector<Step>;

QString format(const Path &path);
// nullopt when the text is not a path (empty, unbalanced brackets, a bad index or string).
std::optional<Path> parse(QStringView text);

// The value at `path` in `json` (compact or indented): [begin, end) of its token. Reads members and elements
// in order, skipping those not on the path, and stops at the value's end. With duplicate keys, the first
// wins. nullopt when the path does not lead to a value, or the text is not JSON where it must be.
std::optional<std::pair<size_t, size_t>> locate(std::string_view json, const Path &path);
// The end of the value starting at `begin` (a string, container, number or literal), or npos.
size_t valueEnd(std::string_view json, size_t begin);
// The token compacted (whitespace outside strings dropped), at most maxBytes of it (never ending inside a
// UTF-8 sequence); *cut tells whether more followed.
QByteArray compact(std::string_view token, qsizetype maxBytes, bool *cut = nullptr);

// Where a scan of indented (or compact) JSON stands: the containers open around it and, in each, the current
// key (as a byte range of the text, escapes as written) or array index.
struct Frame
{
    qsizetype keyBegin = -1; // objects: the current key token, quotes included
    qsizetype keyEnd = -1;
    qint64 index = 0; // arrays: the current element
    bool array = false;
    bool expectKey = false; // objects: the next string is a key
};
struct ScanState
{
    // Containers deeper than MaxDepth are counted, not kept: paths inside them are unknown.
    static constexpr int MaxDepth = 256;
    std::vector<Frame> frames;
    qint64 overflow = 0;
    bool inString = false;
    bool escaped = false;
    bool stringIsKey = false;
    qsizetype stringBegin = 0;
    bool inBare = false; // inside a number or literal
    qsizetype bareBegin = 0;
};

enum class TokenKind : quint8 { Key, String, Bare, Open, Close };

// A token of a scanned text and the path of the value it belongs to, with keys as byte ranges of the text (a
// key token's path ends with that key; a bracket's path is its container's).
struct Hit
{
    qsizetype begin = 0;
    qsizetype end = 0;
    TokenKind kind = TokenKind::Bare;
    bool known = true; // false: inside containers deeper than ScanState::MaxDepth
    struct RawStep
    {
        qsizetype keyBegin = -1;
        qsizetype keyEnd = -1;
        qint64 index = -1;
    };
    std::vector<RawStep> path;
};

// Advances `state` over text[from, to).
void scan(std::string_view text, qsizetype from, qsizetype to, ScanState &state);
// The states at each offset of `at` (ascending), scanning text from its start once.
std::vector<ScanState> checkpoints(std::string_view text, const std::vector<qsizetype> &at);
// The token a click at `pos` means, on the line [lineBegin, lineEnd) that contains it: the token under it,
// else the next one on the line, else the last one before it. Scans from `from` (whose state is `state`, at
// or before lineBegin) to the end of that token, and never past `limit`. nullopt when the line has no token.
std::optional<Hit> hitAt(std::string_view text, ScanState state, qsizetype from, qsizetype lineBegin,
                         qsizetype lineEnd, qsizetype pos, qsizetype limit);

} // namespace JsonPath
