// SPDX-License-Identifier: MIT
#include "jsonpretty.h"

#include <algorithm>
#include <cstring>

namespace JsonPretty {

namespace {

constexpr size_t CancelStride = 64 * 1024;
constexpr char Ellipsis[] = "\xE2\x80\xA6"; // U+2026 in UTF-8

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// Past the string token that starts with the quote at `start`: the index after its closing quote, or the end
// of the input when it has none. A backslash always takes the next byte with it, as the server's parser does.
// `cutAt` receives the last position <= `limit` where the content may be cut: not inside a UTF-8 sequence or
// an escape.
size_t scanString(std::string_view json, size_t start, size_t limit, size_t *cutAt)
{
    const size_t n = json.size();
    size_t j = start + 1;
    size_t unsafeUntil = j;
    *cutAt = j;
    // Up to the cut limit byte by byte, noting safe cut positions.
    while (j < n && j <= limit && json[j] != '"') {
        if (j >= unsafeUntil && (uchar(json[j]) & 0xC0) != 0x80)
            *cutAt = j;
        if (json[j] == '\\') {
            unsafeUntil = j + (j + 1 < n && json[j + 1] == 'u' ? 6 : 2);
            j += 2;
        } else {
            ++j;
        }
    }
    if (j <= limit && j >= unsafeUntil)
        *cutAt = std::min(j, n);
    // The rest by memchr: a quote ends the string unless an odd run of backslashes escapes it. `j` is on a
    // token boundary, so runs are counted from there.
    while (j < n && json[j] != '"') {
        const void *hit = std::memchr(json.data() + j, '"', n - j);
        if (!hit)
            return n;
        const size_t q = size_t(static_cast<const char *>(hit) - json.data());
        size_t run = 0;
        while (q - run > j && json[q - run - 1] == '\\')
            ++run;
        if (run % 2 == 0)
            return q + 1;
        j = q + 1;
    }
    return std::min(j + 1, n);
}

class Printer
{
public:
    Printer(std::string_view json, int indent, bool lines, qsizetype maxString, qsizetype keep,
            const std::atomic<bool> *cancel)
        : m_json(json)
        , m_indent(indent)
        , m_lines(lines)
        , m_maxString(maxString)
        , m_keep(std::max<qsizetype>(0, keep))
        , m_cancel(cancel)
    {
        m_outline.text.reserve(qsizetype(std::min<size_t>(json.size() + json.size() / 4, 256u << 20)));
        if (m_lines)
            m_outline.lineStarts.push_back(0);
    }

    Outline run()
    {
        const std::string_view json = m_json;
        QByteArray &out = m_outline.text;
        size_t nextCheck = CancelStride;
        for (size_t i = 0; i < json.size(); ++i) {
            if (i >= nextCheck) {
                if (cancelled())
                    return std::move(m_outline);
                nextCheck = i + CancelStride;
            }
            const char c = json[i];
            switch (c) {
            case '"': {
                const size_t start = i;
                const size_t limit = m_maxString >= 0 ? start + 1 + size_t(m_keep) : start;
                size_t cutAt = 0;
                const size_t end = scanString(json, start, limit, &cutAt);
                if (cancelled())
                    return std::move(m_outline);
                const bool isKey = followedByColon(end);
                if (m_maxString >= 0 && qsizetype(end - start) > m_maxString) {
                    out.append(json.data() + start, qsizetype(cutAt - start));
                    out.append(Ellipsis);
                    out.append('"');
                    Cut cut;
                    cut.textEnd = out.size();
                    cut.sourceBegin = qsizetype(start);
                    cut.sourceEnd = qsizetype(end);
                    if (m_afterColon) {
                        cut.keyBegin = m_keyBegin;
                        cut.keyEnd = m_keyEnd;
                    }
                    m_outline.cuts.push_back(cut);
                } else {
                    out.append(json.data() + start, qsizetype(end - start));
                }
                m_afterColon = false;
                if (isKey) {
                    m_keyBegin = qsizetype(start);
                    m_keyEnd = qsizetype(end);
                }
                i = end - 1;
                break;
            }
            case '{':
            case '[': {
                m_afterColon = false;
                // Keep empty containers on one line.
                size_t j = i + 1;
                while (j < json.size() && isSpace(json[j]))
                    ++j;
                if (j < json.size() && json[j] == (c == '{' ? '}' : ']')) {
                    out += c;
                    out += json[j];
                    i = j;
                    break;
                }
                out += c;
                ++m_depth;
                newline();
                break;
            }
            case '}':
            case ']':
                m_afterColon = false;
                m_depth = std::max(0, m_depth - 1);
                newline();
                out += c;
                break;
            case ',':
                m_afterColon = false;
                out += c;
                newline();
                break;
            case ':':
                m_afterColon = true;
                out += ": ";
                break;
            case ' ':
            case '\t':
            case '\n':
            case '\r':
                break;
            default:
                m_afterColon = false;
                out += c;
            }
        }
        return std::move(m_outline);
    }

private:
    bool cancelled()
    {
        if (m_cancel && m_cancel->load(std::memory_order_relaxed)) {
            m_outline.complete = false;
            return true;
        }
        return false;
    }

    bool followedByColon(size_t from) const
    {
        while (from < m_json.size() && isSpace(m_json[from]))
            ++from;
        return from < m_json.size() && m_json[from] == ':';
    }

    void newline()
    {
        QByteArray &out = m_outline.text;
        out += '\n';
        if (m_lines)
            m_outline.lineStarts.push_back(out.size());
        out.append(qsizetype(std::min(m_depth, MaxIndentDepth)) * m_indent, ' ');
    }

    const std::string_view m_json;
    const int m_indent;
    const bool m_lines;
    const qsizetype m_maxString;
    const qsizetype m_keep;
    const std::atomic<bool> *m_cancel;
    Outline m_outline;
    int m_depth = 0;
    bool m_afterColon = false;
    qsizetype m_keyBegin = -1;
    qsizetype m_keyEnd = -1;
};

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// The code unit of a \uXXXX escape whose 'u' is at `at`, or -1.
int codeUnit(std::string_view s, size_t at)
{
    if (at + 4 >= s.size())
        return -1;
    int v = 0;
    for (size_t k = at + 1; k <= at + 4; ++k) {
        const int h = hexValue(s[k]);
        if (h < 0)
            return -1;
        v = v * 16 + h;
    }
    return v;
}

void appendUtf8(QByteArray &out, char32_t cp)
{
    if (cp < 0x80) {
        out += char(cp);
    } else if (cp < 0x800) {
        out += char(0xC0 | (cp >> 6));
        out += char(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += char(0xE0 | (cp >> 12));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    } else {
        out += char(0xF0 | (cp >> 18));
        out += char(0x80 | ((cp >> 12) & 0x3F));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    }
}

} // namespace

QByteArray format(std::string_view json, int indent)
{
    return Printer(json, indent, false, -1, 0, nullptr).run().text;
}

Outline outline(std::string_view json, qsizetype maxStringBytes, qsizetype keepBytes,
                const std::atomic<bool> *cancel, int indent)
{
    return Printer(json, indent, true, std::max<qsizetype>(0, maxStringBytes),
                   std::min(keepBytes, maxStringBytes), cancel)
        .run();
}

std::vector<Span> lex(QStringView line)
{
    std::vector<Span> spans;
    const qsizetype n = line.size();
    for (qsizetype i = 0; i < n;) {
        const QChar c = line[i];
        if (c == u'"') {
            qsizetype j = i + 1;
            while (j < n && line[j] != u'"')
                j += line[j] == u'\\' ? 2 : 1;
            j = std::min(j + 1, n);
            qsizetype k = j;
            while (k < n && line[k] == u' ')
                ++k;
            const bool isKey = k < n && line[k] == u':';
            spans.push_back({i, j - i, isKey ? Token::Key : Token::String});
            i = j;
        } else if (c.isDigit() || c == u'-') {
            qsizetype j = i + 1;
            while (j < n && (line[j].isDigit() || line[j] == u'.' || line[j] == u'e' || line[j] == u'E' ||
                             line[j] == u'+' || line[j] == u'-'))
                ++j;
            spans.push_back({i, j - i, Token::Number});
            i = j;
        } else if (line.sliced(i).startsWith(u"true") || line.sliced(i).startsWith(u"null")) {
            spans.push_back({i, 4, Token::Literal});
            i += 4;
        } else if (line.sliced(i).startsWith(u"false")) {
            spans.push_back({i, 5, Token::Literal});
            i += 5;
        } else {
            ++i;
        }
    }
    return spans;
}

QByteArray unescape(std::string_view s, const std::atomic<bool> *cancel)
{
    QByteArray out;
    size_t i = !s.empty() && s.front() == '"' ? 1 : 0;
    out.reserve(qsizetype(s.size() - i));
    const auto replacement = [&out] {
        appendUtf8(out, 0xFFFD);
    };
    size_t nextCheck = i + CancelStride;
    while (i < s.size()) {
        if (i >= nextCheck) {
            if (cancel && cancel->load(std::memory_order_relaxed))
                return out;
            nextCheck = i + CancelStride;
        }
        // A run of plain bytes in one append.
        size_t j = i;
        while (j < s.size() && s[j] != '"' && s[j] != '\\' && j < nextCheck)
            ++j;
        out.append(s.data() + i, qsizetype(j - i));
        i = j;
        if (i >= s.size() || s[i] == '"')
            break;
        if (s[i] != '\\')
            continue;
        if (i + 1 >= s.size()) {
            replacement();
            break;
        }
        const char e = s[i + 1];
        i += 2;
        switch (e) {
        case '"':
        case '\\':
        case '/':
            out += e;
            break;
        case 'b':
            out += '\b';
            break;
        case 'f':
            out += '\f';
            break;
        case 'n':
            out += '\n';
            break;
        case 'r':
            out += '\r';
            break;
        case 't':
            out += '\t';
            break;
        case 'u': {
            const int unit = codeUnit(s, i - 1);
            if (unit < 0) {
                replacement();
                break;
            }
            i += 4;
            if (unit >= 0xD800 && unit <= 0xDBFF && i + 1 < s.size() && s[i] == '\\' && s[i + 1] == 'u') {
                const int low = codeUnit(s, i + 1);
                if (low >= 0xDC00 && low <= 0xDFFF) {
                    i += 6;
                    appendUtf8(out, 0x10000 + ((char32_t(unit) - 0xD800) << 10) + (char32_t(low) - 0xDC00));
                    break;
                }
            }
            if (unit >= 0xD800 && unit <= 0xDFFF)
                replacement();
            else
                appendUtf8(out, char32_t(unit));
            break;
        }
        default:
            replacement();
        }
    }
    return out;
}

} // namespace JsonPretty
