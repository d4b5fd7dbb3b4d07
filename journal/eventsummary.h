// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

#include <memory>
#include <string_view>

namespace simdjson::dom {
class parser;
}

// Decodes the fields a person reads from one journal line: the original ts text, session id, type, and a
// one-line summary chosen per event type (role and first line of content for messages, the title for
// session titles, the tool for approvals, the status for progress and completion, the message for errors).
// One decoder per thread.
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

private:
    std::unique_ptr<simdjson::dom::parser> m_parser;
};
