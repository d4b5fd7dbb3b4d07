// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QStringView>

#include <atomic>
#include <string_view>
#include <vector>

// Indents compact JSON without re-encoding it: key order, number literals and string escapes stay exactly as
// in the source (QJsonDocument would sort keys and round big integers). Input that is not JSON comes back
// indented as far as its brackets go; nothing is dropped. Everything here is linear in its input (nesting
// deeper than MaxIndentDepth keeps that indentation, so a line of 100,000 '[' cannot become gigabytes) and
// reentrant: it runs on workers.
namespace JsonPretty {

constexpr int MaxIndentDepth = 64;

QByteArray format(std::string_view json, int indent = 2);

// A string too long to show whole. In the outline's text it stands as its first bytes and "…\"", ending at
// textEnd (just after that closing quote); the whole token, quotes included, is json[sourceBegin, sourceEnd).
// When the string is an object's value, its key's token is json[keyBegin, keyEnd); otherwise both are -1.
struct Cut
{
    qsizetype textEnd = 0;
    qsizetype sourceBegin = 0;
    qsizetype sourceEnd = 0;
    qsizetype keyBegin = -1;
    qsizetype keyEnd = -1;
};

struct Outline
{
    QByteArray text;                   // indented, UTF-8 as in the source
    std::vector<qsizetype> lineStarts; // where each line of text starts; lines end before '\n'
    std::vector<Cut> cuts;             // ascending textEnd
    bool complete = true;              // false: cancelled before the end
};

// format(), except that a string token longer than maxStringBytes keeps only its first keepBytes of content
// (never splitting a UTF-8 sequence or an escape) and is recorded as a Cut. `cancel` is checked every
// 64 KiB of input; when it is set the outline so far comes back with complete = false.
Outline outline(std::string_view json, qsizetype maxStringBytes, qsizetype keepBytes,
                const std::atomic<bool> *cancel = nullptr, int indent = 2);

// The colour classes of indented JSON, one line at a time (a line of the outline never splits a token,
// except lines longer than a view cuts them).
enum class Token : quint8 { Key, String, Number, Literal };
struct Span
{
    qsizetype begin;
    qsizetype length;
    Token token;
};
// One pass: every character is read at most twice.
std::vector<Span> lex(QStringView line);

// The value of a JSON string token (quotes optional) in UTF-8, escapes decoded. A bad escape, a lone
// surrogate or invalid UTF-8 becomes U+FFFD; nothing else is dropped. Checks `cancel` every 64 KiB.
QByteArray unescape(std::string_view token, const std::atomic<bool> *cancel = nullptr);

} // namespace JsonPretty
