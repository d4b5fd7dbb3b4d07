// SPDX-License-Identifier: MIT
#include "jsonpath.h"

#include "jsonpretty.h"

#include <cstring>

namespace JsonPath {

namespace {

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

bool isPlainKeyChar(QChar c)
{
    return c.isLetterOrNumber() || c == QLatin1Char('_') || c == QLatin1Char('-') || c == QLatin1Char('$');
}

bool isPlainKey(const QString &key)
{
    if (key.isEmpty())
        return false;
    for (const QChar c : key)
        if (!isPlainKeyChar(c))
            return false;
    return true;
}

QString quoted(const QString &key)
{
    QString out = QStringLiteral("\"");
    for (const QChar c : key) {
        if (c == QLatin1Char('"') || c == QLatin1Char('\\')) {
            out += QLatin1Char('\\');
            out += c;
        } else if (c == QLatin1Char('\n')) {
            out += QStringLiteral("\\n");
        } else if (c == QLatin1Char('\t')) {
            out += QStringLiteral("\\t");
        } else if (c == QLatin1Char('\r')) {
            out += QStringLiteral("\\r");
        } else if (c.unicode() < 0x20) {
            out += QStringLiteral("\\u%1").arg(int(c.unicode()), 4, 16, QLatin1Char('0'));
        } else {
            out += c;
        }
    }
    return out + QLatin1Char('"');
}

size_t skipSpace(std::string_view json, size_t i)
{
    while (i < json.size() && isSpace(json[i]))
        ++i;
    return i;
}

// Past the closing quote of the string whose opening quote is at `begin`, or npos.
size_t stringEnd(std::string_view json, size_t begin)
{
    size_t i = begin + 1;
    for (;;) {
        const void *hit = i < json.size() ? std::memchr(json.data() + i, '"', json.size() - i) : nullptr;
        if (!hit)
            return std::string_view::npos;
        const size_t quote = size_t(static_cast<const char *>(hit) - json.data());
        size_t backslashes = 0;
        while (quote - backslashes > begin + 1 && json[quote - backslashes - 1] == '\\')
            ++backslashes;
        if (backslashes % 2 == 0)
            return quote + 1;
        i = quote + 1;
    }
}

bool isDelimiter(char c)
{
    return isSpace(c) || c == ',' || c == ':' || c == '[' || c == ']' || c == '{' || c == '}' || c == '"';
}

bool keyMatches(std::string_view json, size_t begin, size_t end, const QByteArray &key)
{
    const std::string_view inner = json.substr(begin + 1, end - begin - 2);
    if (inner.find('\\') == std::string_view::npos)
        return inner == std::string_view(key.constData(), size_t(key.size()));
    return JsonPretty::unescape(json.substr(begin, end - begin)) == key;
}

} // namespace

QString format(const Path &path)
{
    QString out;
    for (const Step &step : path) {
        if (step.isIndex()) {
            out += QLatin1Char('[') + QString::number(step.index) + QLatin1Char(']');
            continue;
        }
        const QString key = QString::fromUtf8(step.key);
        if (isPlainKey(key))
            out += (out.isEmpty() ? QString() : QStringLiteral(".")) + key;
        else
            out += QLatin1Char('[') + quoted(key) + QLatin1Char(']');
    }
    return out;
}

std::optional<Path> parse(QStringView text)
{
    text = text.trimmed();
    Path path;
    qsizetype i = 0;
    const qsizetype n = text.size();
    if (n == 0)
        return std::nullopt;
    bool needName = text[0] != QLatin1Char('[');
    while (i < n) {
        if (needName) {
            const qsizetype from = i;
            while (i < n && isPlainKeyChar(text[i]))
                ++i;
            if (i == from)
                return std::nullopt;
            path.push_back({text.sliced(from, i - from).toUtf8(), -1});
            needName = false;
        } else if (text[i] == QLatin1Char('[')) {
            ++i;
            if (i < n && text[i] == QLatin1Char('"')) {
                const qsizetype from = i++;
                bool escaped = false;
                while (i < n && (escaped || text[i] != QLatin1Char('"'))) {
                    escaped = !escaped && text[i] == QLatin1Char('\\');
                    ++i;
                }
                if (i >= n)
                    return std::nullopt;
                ++i;
                const QByteArray token = text.sliced(from, i - from).toUtf8();
                path.push_back(
                    {JsonPretty::unescape(std::string_view(token.constData(), size_t(token.size()))), -1});
            } else {
                const qsizetype from = i;
                while (i < n && text[i].isDigit() && text[i].unicode() < 0x80)
                    ++i;
                bool ok = false;
                const qint64 index = text.sliced(from, i - from).toLongLong(&ok);
                if (i == from || !ok || index < 0)
                    return std::nullopt;
                path.push_back({{}, index});
            }
            if (i >= n || text[i] != QLatin1Char(']'))
                return std::nullopt;
            ++i;
        } else if (text[i] == QLatin1Char('.')) {
            ++i;
            needName = true;
            if (i >= n)
                return std::nullopt;
        } else {
            return std::nullopt;
        }
    }
    return path;
}

size_t valueEnd(std::string_view json, size_t begin)
{
    if (begin >= json.size())
        return std::string_view::npos;
    const char c = json[begin];
    if (c == '"')
        return stringEnd(json, begin);
    if (c == '{' || c == '[') {
        int depth = 0;
        size_t i = begin;
        while (i < json.size()) {
            const char d = json[i];
            if (d == '"') {
                i = stringEnd(json, i);
                if (i == std::string_view::npos)
                    return i;
                continue;
            }
            if (d == '{' || d == '[')
                ++depth;
            else if ((d == '}' || d == ']') && --depth == 0)
                return i + 1;
            ++i;
        }
        return std::string_view::npos;
    }
    if (isDelimiter(c))
        return std::string_view::npos;
    size_t i = begin;
    while (i < json.size() && !isDelimiter(json[i]))
        ++i;
    return i;
}

std::optional<std::pair<size_t, size_t>> locate(std::string_view json, const Path &path)
{
    constexpr size_t npos = std::string_view::npos;
    size_t i = skipSpace(json, 0);
    for (const Step &step : path) {
        if (i >= json.size())
            return std::nullopt;
        if (step.isIndex()) {
            if (json[i] != '[')
                return std::nullopt;
            i = skipSpace(json, i + 1);
            for (qint64 k = 0;; ++k) {
                if (i >= json.size() || json[i] == ']')
                    return std::nullopt;
                if (k == step.index)
                    break;
                const size_t end = valueEnd(json, i);
                if (end == npos)
                    return std::nullopt;
                i = skipSpace(json, end);
                if (i >= json.size() || json[i] != ',')
                    return std::nullopt;
                i = skipSpace(json, i + 1);
            }
        } else {
            if (json[i] != '{')
                return std::nullopt;
            i = skipSpace(json, i + 1);
            for (;;) {
                if (i >= json.size() || json[i] != '"')
                    return std::nullopt;
                const size_t keyEnd = stringEnd(json, i);
                if (keyEnd == npos)
                    return std::nullopt;
                const bool match = keyMatches(json, i, keyEnd, step.key);
                i = skipSpace(json, keyEnd);
                if (i >= json.size() || json[i] != ':')
                    return std::nullopt;
                i = skipSpace(json, i + 1);
                if (match)
                    break;
                const size_t end = valueEnd(json, i);
                if (end == npos)
                    return std::nullopt;
                i = skipSpace(json, end);
                if (i >= json.size() || json[i] != ',')
                    return std::nullopt;
                i = skipSpace(json, i + 1);
            }
        }
    }
    const size_t end = valueEnd(json, i);
    if (end == npos)
        return std::nullopt;
    return std::make_pair(i, end);
}

QByteArray compact(std::string_view token, qsizetype maxBytes, bool *cut)
{
    QByteArray out;
    out.reserve(std::min<qsizetype>(qsizetype(token.size()), maxBytes + 4));
    bool inString = false;
    bool escaped = false;
    size_t i = 0;
    for (; i < token.size(); ++i) {
        const char c = token[i];
        if (inString) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
        } else if (isSpace(c)) {
            continue;
        } else if (c == '"') {
            inString = true;
        }
        if (out.size() >= maxBytes && (uchar(c) & 0xC0) != 0x80)
            break;
        out += c;
    }
    if (cut) {
        while (i < token.size() && !inString && isSpace(token[i]))
            ++i;
        *cut = i < token.size();
    }
    return out;
}

namespace {

// One pass over text[from, to) that reports each token as it completes, with the state that gives its path:
// before an opening bracket is pushed, after a closing one is popped, after a key is made current. The
// callback returns false to stop.
template <typename OnToken>
qsizetype run(std::string_view text, qsizetype from, qsizetype to, ScanState &st, OnToken &&onToken)
{
    const auto push = [&st](bool array) {
        if (st.frames.size() >= size_t(ScanState::MaxDepth)) {
            ++st.overflow;
            return;
        }
        Frame f;
        f.array = array;
        f.expectKey = !array;
        st.frames.push_back(f);
    };
    qsizetype i = from;
    while (i < to) {
        const char c = text[size_t(i)];
        if (st.inString) {
            // Fast to the next quote or backslash.
            if (!st.escaped && c != '"' && c != '\\') {
                const char *p = text.data() + i;
                const char *end = text.data() + to;
                while (p < end && *p != '"' && *p != '\\')
                    ++p;
                i = qsizetype(p - text.data());
                continue;
            }
            ++i;
            if (st.escaped) {
                st.escaped = false;
                continue;
            }
            if (c == '\\') {
                st.escaped = true;
                continue;
            }
            st.inString = false;
            TokenKind kind = TokenKind::String;
            if (st.stringIsKey && st.overflow == 0 && !st.frames.empty() && !st.frames.back().array) {
                Frame &top = st.frames.back();
                top.keyBegin = st.stringBegin;
                top.keyEnd = i;
                top.expectKey = false;
                kind = TokenKind::Key;
            } else if (st.stringIsKey) {
                kind = TokenKind::Key;
            }
            if (!onToken(kind, st.stringBegin, i, st))
                return i;
            continue;
        }
        if (st.inBare) {
            if (!isDelimiter(c)) {
                ++i;
                continue;
            }
            st.inBare = false;
            if (!onToken(TokenKind::Bare, st.bareBegin, i, st))
                return i;
        }
        switch (c) {
        case '"':
            st.inString = true;
            st.escaped = false;
            st.stringBegin = i;
            st.stringIsKey =
                st.overflow > 0 ? false
                                : !st.frames.empty() && !st.frames.back().array && st.frames.back().expectKey;
            break;
        case '{':
        case '[':
            if (!onToken(TokenKind::Open, i, i + 1, st))
                return i + 1;
            push(c == '[');
            break;
        case '}':
        case ']':
            if (st.overflow > 0)
                --st.overflow;
            else if (!st.frames.empty())
                st.frames.pop_back();
            if (!onToken(TokenKind::Close, i, i + 1, st))
                return i + 1;
            break;
        case ',':
            if (st.overflow == 0 && !st.frames.empty()) {
                Frame &top = st.frames.back();
                if (top.array)
                    ++top.index;
                else
                    top.expectKey = true;
            }
            break;
        case ':':
            if (st.overflow == 0 && !st.frames.empty())
                st.frames.back().expectKey = false;
            break;
        case ' ':
        case '\n':
        case '\t':
        case '\r': {
            // Indentation is most of an indented text: past it in one go.
            const char *p = text.data() + i + 1;
            const char *end = text.data() + to;
            while (p < end && (*p == ' ' || *p == '\n'))
                ++p;
            i = qsizetype(p - text.data());
            continue;
        }
        default: {
            // A number or literal: to its end in one go when it ends before `to`.
            st.inBare = true;
            st.bareBegin = i;
            const char *p = text.data() + i + 1;
            const char *end = text.data() + to;
            while (p < end && !isDelimiter(*p))
                ++p;
            i = qsizetype(p - text.data());
            continue;
        }
        }
        ++i;
    }
    return i;
}

} // namespace

void scan(std::string_view text, qsizetype from, qsizetype to, ScanState &state)
{
    to = std::min(to, qsizetype(text.size()));
    run(text, from, to, state, [](TokenKind, qsizetype, qsizetype, const ScanState &) { return true; });
}

std::vector<ScanState> checkpoints(std::string_view text, const std::vector<qsizetype> &at)
{
    std::vector<ScanState> out;
    out.reserve(at.size());
    ScanState state;
    qsizetype done = 0;
    for (const qsizetype offset : at) {
        const qsizetype to = std::clamp<qsizetype>(offset, done, qsizetype(text.size()));
        scan(text, done, to, state);
        done = to;
        out.push_back(state);
    }
    return out;
}

std::optional<Hit> hitAt(std::string_view text, ScanState state, qsizetype from, qsizetype lineBegin,
                         qsizetype lineEnd, qsizetype pos, qsizetype limit)
{
    limit = std::min(limit, qsizetype(text.size()));
    std::optional<Hit> best;
    bool done = false;
    const auto make = [](TokenKind kind, qsizetype begin, qsizetype end, const ScanState &st) {
        Hit hit;
        hit.begin = begin;
        hit.end = end;
        hit.kind = kind;
        hit.known = st.overflow == 0;
        hit.path.reserve(st.frames.size());
        for (const Frame &f : st.frames) {
            if (f.array) {
                hit.path.push_back({-1, -1, f.index});
            } else {
                if (f.keyBegin < 0)
                    hit.known = false;
                hit.path.push_back({f.keyBegin, f.keyEnd, -1});
            }
        }
        return hit;
    };
    const auto onToken = [&](TokenKind kind, qsizetype begin, qsizetype end, const ScanState &st) {
        if (end <= lineBegin)
            return true;
        if (begin >= lineEnd) {
            done = true;
            return false;
        }
        if (begin <= pos && pos < end) {
            best = make(kind, begin, end, st);
            done = true;
            return false;
        }
        if (begin > pos) {
            best = make(kind, begin, end, st);
            done = true;
            return false;
        }
        best = make(kind, begin, end, st); // the last before pos, so far
        return true;
    };
    // Stops at the first token that begins past the line: at most one token beyond it is read.
    run(text, from, limit, state, onToken);
    if (!done && (state.inString || state.inBare)) {
        // Cut off by `limit`: the open token ends there.
        const qsizetype begin = state.inString ? state.stringBegin : state.bareBegin;
        if (begin < lineEnd && limit > lineBegin) {
            const TokenKind kind =
                state.inString ? (state.stringIsKey ? TokenKind::Key : TokenKind::String) : TokenKind::Bare;
            best = make(kind, begin, limit, state); // under pos, or the first after it
        }
    }
    return best;
}

} // namespace JsonPath
