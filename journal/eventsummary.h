// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

#include <memory>
#include <string_view>

namespace simdjson::dom {
class object;
class parser;
} // namespace simdjson::dom

// Decodes the fields a person reads from one journal line: the original ts text, session id, type, and a
// one-line summary chosen per event type from the fields the server writes (EventDialect): the role and first
// line of a message, a title with its version and source, an item's progress, the child a sub-agent started,
// a run's tokens, a tool call with its parameters. Types the dialect does not describe get the first of the
// fields people usually look for. One decoder per thread.
class EventSummary
{
public:
    struct Fields
    {
        bool ok = false;
        QString ts;
        QString sessionId;
        QString type;
        QString summary;
    };

    EventSummary();
    ~EventSummary();
    EventSummary(const EventSummary &) = delete;
    EventSummary &operator=(const EventSummary &) = delete;

    // The line is copied into padded memory: any bytes are fine.
    Fields decode(std::string_view line, int maxSummaryLength = 240);

    // The summary of an event object (the line's "event"), cut to maxLength characters with an ellipsis.
    static QString summarize(const simdjson::dom::object &event, int maxLength = 240);
    // 12345 as "12,345".
    static QString groupDigits(quint64 n);

private:
    std::unique_ptr<simdjson::dom::parser> m_parser;
};
