// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QtGlobal>

#include <array>
#include <memory>
#include <string_view>

namespace simdjson::dom {
class parser;
}

// The browser's line rule (docs/FORMAT.md): a trimmed, non-empty line is an event when it is strict JSON
// forming an object whose "seq" is an unsigned integer literal that fits u64 and whose "event" is an object
// with a string "type"; anything else non-empty is malformed, with a reason. Events also carry the flags for
// what the server would skip (EventRecord::Flag).
//
// One parser per thread: it owns simdjson's buffers and the string views it returns point into them, valid
// until the next parse(). The caller guarantees that simdjson's padding (64 bytes) after the line's end is
// readable memory; the bytes there are never interpreted.
class LineParser
{
public:
    enum class Kind : quint8 { Empty, Event, Malformed };
    enum class Reason : quint8 {
        None,
        InvalidUtf8,
        NotJson,
        TooDeep,
        BadNumber,
        NotObject,
        MissingSeq,
        SeqNotUnsigned,
        MissingEvent,
        EventNotObject,
        MissingType,
        TypeNotString,
    };

    struct Result
    {
        Kind kind = Kind::Empty;
        Reason reason = Reason::None;
        quint16 flags = 0;
        quint64 seq = 0;
        qint64 tsNanos = 0;
        bool hasSession = false; // false: null or absent
        std::string_view session;
        std::string_view type;
    };

    static constexpr size_t Padding = 64;

    LineParser();
    ~LineParser();
    LineParser(const LineParser &) = delete;
    LineParser &operator=(const LineParser &) = delete;

    // Parses bytes [data, data+size) that hold one line without its '\n' (a trailing '\r' and ASCII white
    // space are dropped here).
    Result parse(const char *data, size_t size);

    static std::string_view trim(std::string_view line);
    // The seq of a line in the server's own compact form, `{"seq":123,...`, read without parsing the rest.
    // False for any other shape. A line whose seq is known this way and falls outside a range of interest
    // can be passed over whether or not the rest of it parses.
    static bool leadingSeq(std::string_view line, quint64 *seq);
    static QString reasonText(Reason reason);
    static const char *reasonKey(Reason reason);
    // The durable event types the server journals (docs/FORMAT.md), and whether a type is one of them.
    static const std::array<std::string_view, 21> &knownTypes();
    static bool isKnownType(std::string_view type);

private:
    std::unique_ptr<simdjson::dom::parser> m_parser;
};
