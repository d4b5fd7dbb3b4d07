// SPDX-License-Identifier: MIT
#include "jsonpretty.h"

namespace JsonPretty {

QByteArray format(std::string_view json, int indent)
{
    QByteArray out;
    out.reserve(qsizetype(json.size() + json.size() / 4));
    int depth = 0;
    const auto newline = [&] {
        out += '\n';
        out += QByteArray(qsizetype(depth) * indent, ' ');
    };
    for (size_t i = 0; i < json.size(); ++i) {
        const char c = json[i];
        switch (c) {
        case '"': {
            const size_t start = i++;
            while (i < json.size() && json[i] != '"')
                i += json[i] == '\\' ? 2 : 1;
            out.append(json.data() + start, qsizetype(std::min(i + 1, json.size()) - start));
            break;
        }
        case '{':
        case '[': {
            // Keep empty containers on one line.
            size_t j = i + 1;
            while (j < json.size() &&
                   (json[j] == ' ' || json[j] == '\t' || json[j] == '\n' || json[j] == '\r'))
                ++j;
            if (j < json.size() && json[j] == (c == '{' ? '}' : ']')) {
                out += c;
                out += json[j];
                i = j;
                break;
            }
            out += c;
            ++depth;
            newline();
            break;
        }
        case '}':
        case ']':
            depth = std::max(0, depth - 1);
            newline();
            out += c;
            break;
        case ',':
            out += c;
            newline();
            break;
        case ':':
            out += ": ";
            break;
        case ' ':
        case '\t':
        case '\n':
        case '\r':
            break;
        default:
            out += c;
        }
    }
    return out;
}

} // namespace JsonPretty
