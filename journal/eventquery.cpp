// SPDX-License-Identifier: MIT
#include "eventquery.h"

#include "casefoldsearch.h"
#include "journalfile.h"
#include "jsonpretty.h"
#include "lineparser.h"
#include "querycolumncache.h"
#include "stringtable.h"
#include "timestamp.h"

#include <QRegularExpression>
#include <QScopeGuard>

#include <simdjson.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <charconv>
#include <cstring>
#include <deque>
#include <optional>
#include <unordered_map>

static_assert(LineParser::Padding >= simdjson::SIMDJSON_PADDING);

namespace {

enum class Op : quint8 { Eq, Ne, Lt, Le, Gt, Ge, Match };
enum class Root : quint8 { Seq, Ts, Session, Type, File, Line };

struct Literal
{
    enum Kind : quint8 { Null, False, True, UInt, Int, Double, String, Time };
    Kind kind = Null;
    quint64 u = 0;
    qint64 i = 0; // also the time, in ns
    double d = 0;
    std::string s;
};

struct Step
{
    std::string name;
    qint64 index = -1; // >= 0: an array index
};

// A path into the line's JSON, from its root object: {"event", "usage", "total_tokens"}.
struct LinePath
{
    std::vector<Step> steps;
    std::string text;   // "event.usage.total_tokens"
    std::string needle; // "\"total_tokens\"": a line without these bytes (and without \u escapes) lacks it
};

struct Term
{
    enum Kind : quint8 { Compare, In, Exists, Text };
    Kind kind = Compare;
    Root root = Root::Line;
    QString pathText;
    int linePath = -1; // the line path the term reads (event paths; ts for '~'; session_id, event.type)
    Op op = Op::Eq;
    std::vector<Literal> values;
    QString pattern;
    bool patternIgnoreCase = false;
    QByteArray text; // a bare "text" term, UTF-8
    // Session and type terms bound to an index's ids (EventQuery::bound).
    bool bound = false;
    quint32 boundSize = 0;
    std::vector<quint32> ids; // ids of the string values (sorted)
    bool hasNull = false;     // a null among the values
};

struct Node
{
    enum Kind : quint8 { And, Or, Not, Leaf };
    Kind kind = Leaf;
    int a = -1;
    int b = -1;
    int term = -1;
};

// A value as read: from a record, a line or a column.
struct Value
{
    quint8 kind = QueryColumn::Missing;
    quint64 u = 0;
    qint64 i = 0;
    double d = 0;
    std::string_view s;
};

bool isNumeric(quint8 kind)
{
    return kind == QueryColumn::UInt || kind == QueryColumn::Int || kind == QueryColumn::Double;
}

int compareNumbers(const Value &v, const Literal &l)
{
    const bool vInt = v.kind != QueryColumn::Double;
    const bool lInt = l.kind != Literal::Double;
    if (vInt && lInt) {
        const bool vNeg = v.kind == QueryColumn::Int;
        const bool lNeg = l.kind == Literal::Int;
        if (vNeg != lNeg)
            return vNeg ? -1 : 1;
        if (vNeg)
            return v.i < l.i ? -1 : v.i > l.i ? 1 : 0;
        return v.u < l.u ? -1 : v.u > l.u ? 1 : 0;
    }
    const double a = v.kind == QueryColumn::Double ? v.d
                     : v.kind == QueryColumn::Int  ? double(v.i)
                                                   : double(v.u);
    const double b = l.kind == Literal::Double ? l.d : l.kind == Literal::Int ? double(l.i) : double(l.u);
    return a < b ? -1 : a > b ? 1 : 0;
}

bool holds(Op op, int cmp)
{
    switch (op) {
    case Op::Eq:
        return cmp == 0;
    case Op::Ne:
        return cmp != 0;
    case Op::Lt:
        return cmp < 0;
    case Op::Le:
        return cmp <= 0;
    case Op::Gt:
        return cmp > 0;
    case Op::Ge:
        return cmp >= 0;
    case Op::Match:
        return false;
    }
    return false;
}

// One comparison; a missing value or one of another JSON type never holds.
bool literalHolds(Op op, const Value &v, const Literal &l)
{
    switch (l.kind) {
    case Literal::Null:
        return v.kind == QueryColumn::Null && op == Op::Eq;
    case Literal::False:
    case Literal::True: {
        if (v.kind != QueryColumn::False && v.kind != QueryColumn::True)
            return false;
        const bool same = (v.kind == QueryColumn::True) == (l.kind == Literal::True);
        return op == Op::Eq ? same : op == Op::Ne ? !same : false;
    }
    case Literal::UInt:
    case Literal::Int:
    case Literal::Double:
        return isNumeric(v.kind) && holds(op, compareNumbers(v, l));
    case Literal::String:
        return v.kind == QueryColumn::String && holds(op, v.s.compare(l.s));
    case Literal::Time:
        return false; // ts is compared as a time before it gets here
    }
    return false;
}

QString jsonQuote(const QString &s)
{
    QString out = QStringLiteral("\"");
    for (const QChar c : s) {
        switch (c.unicode()) {
        case '"':
            out += QLatin1String("\\\"");
            break;
        case '\\':
            out += QLatin1String("\\\\");
            break;
        case '\n':
            out += QLatin1String("\\n");
            break;
        case '\r':
            out += QLatin1String("\\r");
            break;
        case '\t':
            out += QLatin1String("\\t");
            break;
        case '\b':
            out += QLatin1String("\\b");
            break;
        case '\f':
            out += QLatin1String("\\f");
            break;
        default:
            if (c.unicode() < 0x20)
                out += QStringLiteral("\\u%1").arg(c.unicode(), 4, 16, QLatin1Char('0'));
            else
                out += c;
        }
    }
    return out + QLatin1Char('"');
}

QString literalText(const Literal &l)
{
    switch (l.kind) {
    case Literal::Null:
        return QStringLiteral("null");
    case Literal::False:
        return QStringLiteral("false");
    case Literal::True:
        return QStringLiteral("true");
    case Literal::UInt:
        return QString::number(l.u);
    case Literal::Int:
        return QString::number(l.i);
    case Literal::Double:
        return QString::number(l.d, 'g', 17);
    case Literal::String:
        return jsonQuote(QString::fromStdString(l.s));
    case Literal::Time:
        return QLatin1Char('"') + QString::fromLatin1(Timestamp::format(l.i)) + QLatin1Char('"');
    }
    return {};
}

const char *opText(Op op)
{
    switch (op) {
    case Op::Eq:
        return "=";
    case Op::Ne:
        return "!=";
    case Op::Lt:
        return "<";
    case Op::Le:
        return "<=";
    case Op::Gt:
        return ">";
    case Op::Ge:
        return ">=";
    case Op::Match:
        return "~";
    }
    return "";
}

bool isIdentStart(QChar c)
{
    return (c >= QLatin1Char('a') && c <= QLatin1Char('z')) ||
           (c >= QLatin1Char('A') && c <= QLatin1Char('Z')) || c == QLatin1Char('_');
}

bool isIdentChar(QChar c)
{
    return isIdentStart(c) || (c >= QLatin1Char('0') && c <= QLatin1Char('9'));
}

// A NAME in a path: identifier characters, and any beyond ASCII (keys in any script).
bool isNameChar(QChar c)
{
    return isIdentChar(c) || c.unicode() >= 0x80;
}

// Characters of an unquoted value: letters, digits, _ . : + - and anything beyond ASCII.
bool isBareChar(QChar c)
{
    return isIdentChar(c) || c == QLatin1Char('.') || c == QLatin1Char(':') || c == QLatin1Char('+') ||
           c == QLatin1Char('-') || c.unicode() >= 0x80;
}

bool isKeyword(const QString &word)
{
    static const char *const Keywords[] = {"and", "or", "not", "in", "exists", "true", "false", "null"};
    for (const char *k : Keywords)
        if (word.compare(QLatin1String(k), Qt::CaseInsensitive) == 0)
            return true;
    return false;
}

// The number spelled by [p, end), typed: an integer (`integer`: no fraction nor exponent) that fits as UInt
// when non-negative, Int when negative; else a Double. nullopt when from_chars reads no number there. For the
// query's literals and the lines' values alike, so that both sides of a comparison are typed the same way.
struct Number
{
    enum Kind { UInt, Int, Double };
    Kind kind = UInt;
    quint64 u = 0;
    qint64 i = 0;
    double d = 0;
};

std::optional<Number> readNumber(const char *p, const char *end, bool integer)
{
    Number n;
    if (integer) {
        if (*p == '-') {
            if (std::from_chars(p, end, n.i).ec == std::errc()) {
                n.kind = n.i < 0 ? Number::Int : Number::UInt;
                n.u = quint64(n.i);
                return n;
            }
        } else if (std::from_chars(p, end, n.u).ec == std::errc()) {
            n.kind = Number::UInt;
            return n;
        }
        n.i = 0;
        n.u = 0;
    }
    if (std::from_chars(p, end, n.d).ec != std::errc())
        return std::nullopt;
    n.kind = Number::Double;
    return n;
}

// A JSON number literal, typed: non-negative integers as UInt, negative ones as Int, the rest as Double.
std::optional<Literal> numberLiteral(const QString &word)
{
    const QByteArray b = word.toLatin1();
    const char *p = b.constData();
    const char *end = p + b.size();
    const char *q = p;
    if (q < end && *q == '-')
        ++q;
    if (q == end || *q < '0' || *q > '9')
        return std::nullopt;
    if (*q == '0' && q + 1 < end && q[1] >= '0' && q[1] <= '9')
        return std::nullopt;
    while (q < end && *q >= '0' && *q <= '9')
        ++q;
    bool integer = true;
    if (q < end && *q == '.') {
        integer = false;
        ++q;
        if (q == end || *q < '0' || *q > '9')
            return std::nullopt;
        while (q < end && *q >= '0' && *q <= '9')
            ++q;
    }
    if (q < end && (*q == 'e' || *q == 'E')) {
        integer = false;
        ++q;
        if (q < end && (*q == '+' || *q == '-'))
            ++q;
        if (q == end || *q < '0' || *q > '9')
            return std::nullopt;
        while (q < end && *q >= '0' && *q <= '9')
            ++q;
    }
    if (q != end)
        return std::nullopt;
    const std::optional<Number> n = readNumber(p, end, integer);
    if (!n)
        return std::nullopt;
    Literal l;
    l.kind = n->kind == Number::UInt  ? Literal::UInt
             : n->kind == Number::Int ? Literal::Int
                                      : Literal::Double;
    l.u = n->u;
    l.i = n->i;
    l.d = n->d;
    return l;
}

} // namespace

struct EventQuery::Private
{
    QString text;
    Options options;
    QueryError error;
    bool empty = true;
    std::vector<Node> nodes;
    int root = -1;
    std::vector<Term> terms;
    std::vector<LinePath> linePaths;
    bool needsLine = false;

    int linePathFor(const std::vector<Step> &steps)
    {
        std::string text;
        for (const Step &s : steps) {
            if (s.index >= 0)
                text += '[' + std::to_string(s.index) + ']';
            else
                text += (text.empty() ? "" : ".") + s.name;
        }
        for (size_t i = 0; i < linePaths.size(); ++i)
            if (linePaths[i].text == text)
                return int(i);
        LinePath p;
        p.steps = steps;
        p.text = text;
        for (auto it = steps.rbegin(); it != steps.rend(); ++it) {
            if (it->index < 0) {
                p.needle = '"' + it->name + '"';
                break;
            }
        }
        linePaths.push_back(std::move(p));
        return int(linePaths.size() - 1);
    }
};

namespace {

// Recursive descent over the text, with the position as a QString index.
class Parser
{
public:
    Parser(const QString &text, EventQuery::Private *out)
        : t(text)
        , q(out)
    {}

    bool run()
    {
        skipSpace();
        if (p >= t.size())
            return true;
        q->empty = false;
        const int root = parseOr();
        if (root < 0)
            return false;
        skipSpace();
        if (p < t.size())
            return fail(p, QStringLiteral("expected 'and', 'or' or the end"));
        q->root = root;
        return true;
    }

private:
    const QString &t;
    EventQuery::Private *q;
    qsizetype p = 0;
    int depth = 0;

    int columnAt(qsizetype pos) const
    {
        int column = 1;
        for (qsizetype i = 0; i < pos && i < t.size(); ++i)
            if (!t.at(i).isLowSurrogate())
                ++column;
        return column;
    }

    bool fail(qsizetype pos, const QString &what)
    {
        if (q->error.isError())
            return false;
        q->error.column = columnAt(pos);
        q->error.position = int(pos);
        q->error.message = QStringLiteral("%1 at column %2").arg(what).arg(q->error.column);
        return false;
    }

    void skipSpace()
    {
        while (p < t.size() && t.at(p).isSpace())
            ++p;
    }

    QChar at(qsizetype i) const { return i < t.size() ? t.at(i) : QChar(); }

    // A keyword at p (any case), not followed by an identifier character.
    bool keyword(const char *word)
    {
        const qsizetype n = qsizetype(std::strlen(word));
        if (t.mid(p, n).compare(QLatin1String(word), Qt::CaseInsensitive) != 0)
            return false;
        if (p + n < t.size() && isIdentChar(t.at(p + n)))
            return false;
        p += n;
        return true;
    }

    bool symbol(const char *s)
    {
        const qsizetype n = qsizetype(std::strlen(s));
        if (t.mid(p, n) != QLatin1String(s))
            return false;
        p += n;
        return true;
    }

    int node(Node::Kind kind, int a, int b = -1)
    {
        Node n;
        n.kind = kind;
        n.a = a;
        n.b = b;
        q->nodes.push_back(n);
        return int(q->nodes.size() - 1);
    }

    int leaf(Term term)
    {
        q->terms.push_back(std::move(term));
        Node n;
        n.term = int(q->terms.size() - 1);
        q->nodes.push_back(n);
        return int(q->nodes.size() - 1);
    }

    int parseOr()
    {
        int left = parseAnd();
        while (left >= 0) {
            skipSpace();
            if (!keyword("or") && !symbol("||"))
                break;
            const int right = parseAnd();
            if (right < 0)
                return -1;
            left = node(Node::Or, left, right);
        }
        return left;
    }

    int parseAnd()
    {
        int left = parseUnary();
        while (left >= 0) {
            skipSpace();
            if (!keyword("and") && !symbol("&&"))
                break;
            const int right = parseUnary();
            if (right < 0)
                return -1;
            left = node(Node::And, left, right);
        }
        return left;
    }

    int parseUnary()
    {
        skipSpace();
        if (++depth > 200) {
            fail(p, QStringLiteral("too deeply nested"));
            return -1;
        }
        const auto leave = qScopeGuard([this] { --depth; });
        if (keyword("not") || (at(p) == QLatin1Char('!') && at(p + 1) != QLatin1Char('=') && symbol("!"))) {
            const int inner = parseUnary();
            return inner < 0 ? -1 : node(Node::Not, inner);
        }
        if (at(p) == QLatin1Char('(')) {
            const qsizetype open = p++;
            const int inner = parseOr();
            if (inner < 0)
                return -1;
            skipSpace();
            if (!symbol(")")) {
                fail(p,
                     p < t.size()
                         ? QStringLiteral("expected 'and', 'or' or ')'")
                         : QStringLiteral("expected ')' to close the '(' at column %1").arg(columnAt(open)));
                return -1;
            }
            return inner;
        }
        return parseTerm();
    }

    // A JSON string at p (which is at its opening quote), unescaped.
    std::optional<QString> parseString()
    {
        const qsizetype open = p++;
        QString out;
        // A \uD800-\uDBFF escape waiting for its \uDC00-\uDFFF: where it was, else -1.
        qsizetype highAt = -1;
        const auto lone = [&](qsizetype at) {
            fail(at, QStringLiteral("lone surrogate '%1': a \\uD800-\\uDBFF escape must be followed by a "
                                    "\\uDC00-\\uDFFF one")
                         .arg(t.mid(at, 6)));
            return std::nullopt;
        };
        while (p < t.size()) {
            const QChar c = t.at(p);
            const bool unicodeEscape = c == QLatin1Char('\\') && at(p + 1) == QLatin1Char('u');
            if (highAt >= 0 && !unicodeEscape)
                return lone(highAt);
            if (c == QLatin1Char('"')) {
                ++p;
                return out;
            }
            if (c != QLatin1Char('\\')) {
                out += c;
                ++p;
                continue;
            }
            const qsizetype escape = p;
            const QChar e = at(p + 1);
            p += 2;
            switch (e.unicode()) {
            case '"':
            case '\\':
            case '/':
                out += e;
                break;
            case 'b':
                out += QLatin1Char('\b');
                break;
            case 'f':
                out += QLatin1Char('\f');
                break;
            case 'n':
                out += QLatin1Char('\n');
                break;
            case 'r':
                out += QLatin1Char('\r');
                break;
            case 't':
                out += QLatin1Char('\t');
                break;
            case 'u': {
                bool ok = false;
                const uint unit = t.mid(p, 4).toUInt(&ok, 16);
                if (!ok || t.mid(p, 4).size() != 4 || t.mid(p, 4).contains(QLatin1Char('+')) ||
                    t.mid(p, 4).contains(QLatin1Char('-'))) {
                    fail(escape, QStringLiteral("expected four hex digits after \\u"));
                    return std::nullopt;
                }
                if (QChar::isHighSurrogate(unit)) {
                    if (highAt >= 0)
                        return lone(highAt);
                    highAt = escape;
                } else if (QChar::isLowSurrogate(unit)) {
                    if (highAt < 0)
                        return lone(escape);
                    highAt = -1;
                } else if (highAt >= 0) {
                    return lone(highAt);
                }
                out += QChar(char16_t(unit));
                p += 4;
                break;
            }
            default:
                if (e.isNull()) {
                    fail(open, QStringLiteral("unterminated string"));
                    return std::nullopt;
                }
                fail(escape, QStringLiteral("invalid escape '\\%1'").arg(e));
                return std::nullopt;
            }
        }
        fail(open, QStringLiteral("unterminated string"));
        return std::nullopt;
    }

    bool parsePath(Term *term)
    {
        const qsizetype start = p;
        while (p < t.size() && isIdentChar(t.at(p)))
            ++p;
        const QString word = t.mid(start, p - start);
        if (word.isEmpty() || !isIdentStart(word.at(0))) {
            p = start;
            return fail(start, QStringLiteral("expected a field, a \"text\" or '('"));
        }
        static const std::pair<const char *, Root> Builtins[] = {{"seq", Root::Seq},
                                                                 {"ts", Root::Ts},
                                                                 {"session", Root::Session},
                                                                 {"type", Root::Type},
                                                                 {"file", Root::File}};
        for (const auto &[name, root] : Builtins) {
            if (word == QLatin1String(name)) {
                term->root = root;
                term->pathText = word;
                return true;
            }
        }
        if (word != QLatin1String("event"))
            return fail(start,
                        QStringLiteral("unknown field '%1': fields are seq, ts, session, type, file and "
                                       "event.NAME…; quote text to search for it")
                            .arg(word));
        std::vector<Step> steps{{"event", -1}};
        for (;;) {
            if (at(p) == QLatin1Char('.')) {
                ++p;
                const qsizetype nameStart = p;
                while (p < t.size() && isNameChar(t.at(p)))
                    ++p;
                if (p == nameStart)
                    return fail(p, QStringLiteral("expected a name after '.'"));
                steps.push_back({t.mid(nameStart, p - nameStart).toStdString(), -1});
            } else if (at(p) == QLatin1Char('[')) {
                ++p;
                const qsizetype digits = p;
                while (p < t.size() && t.at(p).isDigit() && t.at(p).unicode() < 0x80)
                    ++p;
                bool ok = false;
                const qint64 index = t.mid(digits, p - digits).toLongLong(&ok);
                if (p == digits || !ok)
                    return fail(digits, QStringLiteral("expected an index after '['"));
                if (!symbol("]"))
                    return fail(p, QStringLiteral("expected ']'"));
                steps.push_back({{}, index});
            } else {
                break;
            }
        }
        term->root = Root::Line;
        term->pathText = t.mid(start, p - start);
        term->linePath = q->linePathFor(steps);
        return true;
    }

    // One value after op (for a list, op is Eq); sets the literal or the pattern.
    bool parseValue(Term *term, Op op, const QString &after, bool inList)
    {
        skipSpace();
        const qsizetype start = p;
        const QString expected = QStringLiteral("expected a value after '%1'").arg(after);
        if (p >= t.size())
            return fail(p, expected);
        const QChar c = t.at(p);
        QString text;        // the value as text
        bool quoted = false; // a "string"
        bool regex = false;  // a /regex/
        bool ignoreCase = false;
        std::optional<Literal> literal;
        if (c == QLatin1Char('"')) {
            const auto s = parseString();
            if (!s)
                return false;
            text = *s;
            quoted = true;
        } else if (c == QLatin1Char('/')) {
            ++p;
            while (p < t.size() && t.at(p) != QLatin1Char('/')) {
                if (t.at(p) == QLatin1Char('\\') && at(p + 1) == QLatin1Char('/')) {
                    text += QLatin1Char('/');
                    p += 2;
                    continue;
                }
                if (t.at(p) == QLatin1Char('\\') && p + 1 < t.size()) {
                    text += t.mid(p, 2);
                    p += 2;
                    continue;
                }
                text += t.at(p++);
            }
            if (p >= t.size())
                return fail(start, QStringLiteral("unterminated regular expression"));
            ++p;
            while (p < t.size() && isIdentChar(t.at(p))) {
                if (t.at(p) != QLatin1Char('i'))
                    return fail(p,
                                QStringLiteral("unknown regular expression flag '%1' (only i)").arg(t.at(p)));
                ignoreCase = true;
                ++p;
            }
            regex = true;
        } else if (isBareChar(c)) {
            while (p < t.size() && isBareChar(t.at(p)))
                ++p;
            text = t.mid(start, p - start);
            if (text.compare(QLatin1String("null"), Qt::CaseInsensitive) == 0)
                literal = Literal{Literal::Null, 0, 0, 0, {}};
            else if (text.compare(QLatin1String("true"), Qt::CaseInsensitive) == 0)
                literal = Literal{Literal::True, 0, 0, 0, {}};
            else if (text.compare(QLatin1String("false"), Qt::CaseInsensitive) == 0)
                literal = Literal{Literal::False, 0, 0, 0, {}};
            else if (isKeyword(text))
                return fail(start,
                            QStringLiteral("'%1' is a keyword: quote it to compare with it").arg(text));
            else
                literal = numberLiteral(text);
        } else {
            return fail(p, expected);
        }

        if (op == Op::Match) {
            QRegularExpression re(text, ignoreCase ? QRegularExpression::CaseInsensitiveOption
                                                   : QRegularExpression::NoPatternOption);
            if (!re.isValid())
                return fail(start + (regex || quoted ? 1 : 0) + re.patternErrorOffset(),
                            QStringLiteral("invalid regular expression (%1)").arg(re.errorString()));
            term->pattern = text;
            term->patternIgnoreCase = ignoreCase;
            return true;
        }
        if (regex)
            return fail(start, inList ? QStringLiteral("a /regular expression/ cannot be in a list")
                                      : QStringLiteral("a /regular expression/ goes with '~', not '%1'")
                                            .arg(QLatin1String(opText(op))));
        const bool ordering = op != Op::Eq && op != Op::Ne;
        Literal value;
        switch (term->root) {
        case Root::Seq:
            if (quoted || !literal || literal->kind < Literal::UInt || literal->kind > Literal::Double)
                return fail(start, QStringLiteral("seq compares with a number, not %1")
                                       .arg(quoted ? jsonQuote(text) : text));
            value = *literal;
            break;
        case Root::Ts: {
            const QByteArray utf8 = text.toUtf8();
            const auto ns =
                Timestamp::parseDateOrTime(std::string_view(utf8.constData(), size_t(utf8.size())));
            if (!ns)
                return fail(start,
                            QStringLiteral("expected a time (RFC 3339 or a date) after '%1'").arg(after));
            value.kind = Literal::Time;
            value.i = *ns;
            break;
        }
        case Root::Session:
        case Root::Type:
        case Root::File:
            // Their values are text: an unquoted word is taken as written, null stands for no session.
            if (!quoted && literal && literal->kind == Literal::Null) {
                value = *literal;
            } else {
                value.kind = Literal::String;
                value.s = text.toStdString();
            }
            break;
        case Root::Line:
            if (quoted || !literal) {
                value.kind = Literal::String;
                value.s = text.toStdString();
            } else {
                value = *literal;
            }
            break;
        }
        if (ordering &&
            (value.kind == Literal::Null || value.kind == Literal::True || value.kind == Literal::False))
            return fail(start, QStringLiteral("'%1' compares numbers, text and times, not %2")
                                   .arg(QLatin1String(opText(op)), literalText(value)));
        term->values.push_back(std::move(value));
        return true;
    }

    int parseTerm()
    {
        skipSpace();
        const qsizetype start = p;
        if (p >= t.size() || t.at(p) == QLatin1Char(')') || t.at(p) == QLatin1Char(',')) {
            fail(p, QStringLiteral("expected a field, a \"text\" or '('"));
            return -1;
        }
        Term term;
        if (t.at(p) == QLatin1Char('"')) {
            const auto s = parseString();
            if (!s)
                return -1;
            term.kind = Term::Text;
            term.text = s->toUtf8();
            return leaf(std::move(term));
        }
        if (keyword("exists")) {
            skipSpace();
            if (!symbol("(")) {
                fail(p, QStringLiteral("expected '(' after 'exists'"));
                return -1;
            }
            skipSpace();
            if (!parsePath(&term))
                return -1;
            skipSpace();
            if (!symbol(")")) {
                fail(p, QStringLiteral("expected ')' after the field"));
                return -1;
            }
            term.kind = Term::Exists;
            if (term.root == Root::Session)
                term.linePath = q->linePathFor({{"session_id", -1}});
            return leaf(std::move(term));
        }
        if (!parsePath(&term))
            return -1;
        skipSpace();
        const qsizetype opStart = p;
        if (keyword("in")) {
            skipSpace();
            if (!symbol("(")) {
                fail(p, QStringLiteral("expected '(' after 'in'"));
                return -1;
            }
            term.kind = Term::In;
            term.op = Op::Eq;
            for (;;) {
                if (!parseValue(&term, Op::Eq,
                                term.values.empty() ? QStringLiteral("(") : QStringLiteral(","), true))
                    return -1;
                skipSpace();
                if (symbol(")"))
                    break;
                if (!symbol(",")) {
                    fail(p, QStringLiteral("expected ',' or ')' in the list"));
                    return -1;
                }
            }
        } else {
            static const std::pair<const char *, Op> Ops[] = {{"!=", Op::Ne},  {"<=", Op::Le}, {">=", Op::Ge},
                                                              {"=", Op::Eq},   {"<", Op::Lt},  {">", Op::Gt},
                                                              {"~", Op::Match}};
            bool found = false;
            for (const auto &[text, op] : Ops) {
                if (symbol(text)) {
                    term.op = op;
                    found = true;
                    break;
                }
            }
            if (!found) {
                fail(opStart, QStringLiteral("expected an operator (=, !=, <, <=, >, >=, ~ or in) after '%1'")
                                  .arg(t.mid(start, opStart - start).trimmed()));
                return -1;
            }
            term.kind = Term::Compare;
            if (!parseValue(&term, term.op, QLatin1String(opText(term.op)), false))
                return -1;
        }
        // Values that need the line: the ts text for '~', the session when the index cannot say it.
        if (term.root == Root::Ts && term.op == Op::Match)
            term.linePath = q->linePathFor({{"ts", -1}});
        if (term.root == Root::Session)
            term.linePath = q->linePathFor({{"session_id", -1}});
        if (term.root == Root::Type)
            term.linePath = q->linePathFor({{"event", -1}, {"type", -1}});
        return leaf(std::move(term));
    }
};

QString pathCanonical(const Term &t)
{
    return t.pathText;
}

QString canonicalNode(const EventQuery::Private &q, int n)
{
    const Node &node = q.nodes[size_t(n)];
    switch (node.kind) {
    case Node::And:
        return QLatin1Char('(') + canonicalNode(q, node.a) + QLatin1String(" and ") +
               canonicalNode(q, node.b) + QLatin1Char(')');
    case Node::Or:
        return QLatin1Char('(') + canonicalNode(q, node.a) + QLatin1String(" or ") +
               canonicalNode(q, node.b) + QLatin1Char(')');
    case Node::Not:
        return QLatin1String("not ") + canonicalNode(q, node.a);
    case Node::Leaf:
        break;
    }
    const Term &t = q.terms[size_t(node.term)];
    switch (t.kind) {
    case Term::Text:
        return jsonQuote(QString::fromUtf8(t.text));
    case Term::Exists:
        return QStringLiteral("exists(%1)").arg(pathCanonical(t));
    case Term::In: {
        QStringList values;
        for (const Literal &l : t.values)
            values << literalText(l);
        return QStringLiteral("%1 in (%2)").arg(pathCanonical(t), values.join(QLatin1String(", ")));
    }
    case Term::Compare:
        if (t.op == Op::Match) {
            QString pattern = t.pattern;
            pattern.replace(QLatin1Char('/'), QLatin1String("\\/"));
            return QStringLiteral("%1 ~ /%2/%3")
                .arg(pathCanonical(t), pattern, t.patternIgnoreCase ? QStringLiteral("i") : QString());
        }
        return QStringLiteral("%1 %2 %3")
            .arg(pathCanonical(t), QLatin1String(opText(t.op)), literalText(t.values.front()));
    }
    return {};
}

} // namespace

EventQuery::EventQuery()
    : d(std::make_shared<Private>())
{}

EventQuery EventQuery::parse(const QString &text, const Options &options)
{
    return parse(text, nullptr, options);
}

EventQuery EventQuery::parse(const QString &text, QueryError *error, const Options &options)
{
    auto d = std::make_shared<Private>();
    d->text = text;
    d->options = options;
    Parser parser(text, d.get());
    if (!parser.run()) {
        d->nodes.clear();
        d->terms.clear();
        d->root = -1;
        d->empty = false;
    }
    // Session and type terms read the line only as a fallback; everything else that names a line path needs
    // it.
    d->needsLine = false;
    for (const Term &t : d->terms) {
        if (t.kind == Term::Text || t.root == Root::Line ||
            (t.root == Root::Ts && t.op == Op::Match && t.kind == Term::Compare))
            d->needsLine = true;
        if ((t.root == Root::Session || t.root == Root::Type) && t.kind != Term::Exists &&
            !(t.op == Op::Eq || t.op == Op::Ne))
            d->needsLine = true;
    }
    if (error)
        *error = d->error;
    EventQuery q;
    q.d = std::move(d);
    return q;
}

bool EventQuery::isEmpty() const
{
    return d->empty && !d->error.isError();
}

bool EventQuery::isValid() const
{
    return !d->error.isError();
}

QueryError EventQuery::error() const
{
    return d->error;
}

QString EventQuery::text() const
{
    return d->text;
}

bool EventQuery::ignoreCase() const
{
    return d->options.ignoreCase;
}

QString EventQuery::canonical() const
{
    return d->root >= 0 ? canonicalNode(*d, d->root) : QString();
}

bool EventQuery::isDisjunction() const
{
    return d->root >= 0 && d->nodes[size_t(d->root)].kind == Node::Or;
}

bool EventQuery::needsLine() const
{
    return d->needsLine;
}

QStringList EventQuery::linePaths() const
{
    QStringList out;
    for (const LinePath &p : d->linePaths)
        out << QString::fromStdString(p.text);
    return out;
}

EventQuery EventQuery::bound(const StringTable &sessions, const StringTable &types) const
{
    auto copy = std::make_shared<Private>(*d);
    for (Term &t : copy->terms) {
        if ((t.root != Root::Session && t.root != Root::Type) || t.kind == Term::Exists ||
            t.kind == Term::Text || t.op == Op::Match)
            continue;
        if (t.kind == Term::Compare && t.op != Op::Eq && t.op != Op::Ne)
            continue;
        const StringTable &table = t.root == Root::Session ? sessions : types;
        t.bound = true;
        t.boundSize = table.size();
        t.ids.clear();
        t.hasNull = false;
        for (const Literal &l : t.values) {
            if (l.kind == Literal::Null) {
                t.hasNull = true;
            } else if (l.s.empty()) {
                t.bound = false; // id 0 is both "" and none: only the line can tell them apart
            } else if (const qint64 id = table.find(l.s); id > 0) {
                t.ids.push_back(quint32(id));
            }
        }
        std::sort(t.ids.begin(), t.ids.end());
    }
    EventQuery q;
    q.d = std::move(copy);
    return q;
}

// ---------------------------------------------------------------------------------------------------------
// Matching

namespace {

// Whether text contains needle. The first and the last byte of the needle are looked for 16 positions at a
// time and only positions with both are compared in full: several times memmem's speed on journal lines,
// where the prefilter's needles (a quoted key, a backslash-u) are rare.
bool hasBytes(std::string_view text, std::string_view needle)
{
    const size_t n = needle.size();
    if (n == 0)
        return true;
    if (text.size() < n)
        return false;
    if (n == 1)
        return std::memchr(text.data(), needle[0], text.size()) != nullptr;
    const char *t = text.data();
    const size_t limit = text.size() - n + 1; // candidate starts: [0, limit)
    size_t i = 0;
#if defined(__SSE2__)
    const __m128i first = _mm_set1_epi8(needle[0]);
    const __m128i last = _mm_set1_epi8(needle[n - 1]);
    for (; i + 16 <= limit; i += 16) {
        const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i *>(t + i));
        const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i *>(t + i + n - 1));
        unsigned mask =
            unsigned(_mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(a, first), _mm_cmpeq_epi8(b, last))));
        while (mask) {
            const unsigned bit = unsigned(__builtin_ctz(mask));
            if (std::memcmp(t + i + bit + 1, needle.data() + 1, n - 2) == 0)
                return true;
            mask &= mask - 1;
        }
    }
#endif
    for (; i < limit; ++i)
        if (t[i] == needle[0] && t[i + n - 1] == needle[n - 1] &&
            std::memcmp(t + i + 1, needle.data() + 1, n - 2) == 0)
            return true;
    return false;
}

// Walks a line's bytes to the value at a path without indexing the whole line: values before the wanted
// key are skipped (strings by their closing quote, containers by their depth), so a large field after it is
// never looked at. The line is valid JSON (the index checked it); anything the walk does not handle itself
// (a key or a string value with escapes) is left to simdjson by answering Unsure.
class RawWalk
{
public:
    enum Result { Found, Missing, Unsure };

    static Result at(std::string_view line, const std::vector<Step> &steps, Value &out)
    {
        const char *p = line.data();
        const char *const end = p + line.size();
        for (const Step &step : steps) {
            p = space(p, end);
            if (step.index < 0) {
                if (p >= end || *p != '{')
                    return Missing;
                ++p;
                for (;;) {
                    p = space(p, end);
                    if (p >= end)
                        return Unsure;
                    if (*p == '}')
                        return Missing;
                    if (*p != '"')
                        return Unsure;
                    const char *keyEnd = stringEnd(p + 1, end);
                    if (!keyEnd)
                        return Unsure;
                    const std::string_view key(p + 1, size_t(keyEnd - p - 1));
                    if (key.find('\\') != std::string_view::npos)
                        return Unsure;
                    p = space(keyEnd + 1, end);
                    if (p >= end || *p != ':')
                        return Unsure;
                    p = space(p + 1, end);
                    if (key == step.name)
                        break;
                    p = skipValue(p, end);
                    if (!p)
                        return Unsure;
                    p = space(p, end);
                    if (p < end && *p == ',') {
                        ++p;
                        continue;
                    }
                    return p < end && *p == '}' ? Missing : Unsure;
                }
            } else {
                if (p >= end || *p != '[')
                    return Missing;
                p = space(p + 1, end);
                if (p < end && *p == ']')
                    return Missing;
                for (qint64 i = 0; i < step.index; ++i) {
                    p = skipValue(p, end);
                    if (!p)
                        return Unsure;
                    p = space(p, end);
                    if (p < end && *p == ']')
                        return Missing;
                    if (p >= end || *p != ',')
                        return Unsure;
                    p = space(p + 1, end);
                }
            }
        }
        p = space(p, end);
        if (p >= end)
            return Unsure;
        switch (*p) {
        case '"': {
            const char *e = stringEnd(p + 1, end);
            if (!e)
                return Unsure;
            out.s = std::string_view(p + 1, size_t(e - p - 1));
            if (out.s.find('\\') != std::string_view::npos)
                return Unsure; // escapes: simdjson unescapes
            out.kind = QueryColumn::String;
            return Found;
        }
        case '{':
            out.kind = QueryColumn::Object;
            return Found;
        case '[':
            out.kind = QueryColumn::Array;
            return Found;
        case 't':
            out.kind = QueryColumn::True;
            return Found;
        case 'f':
            out.kind = QueryColumn::False;
            return Found;
        case 'n':
            out.kind = QueryColumn::Null;
            return Found;
        default:
            break;
        }
        const char *e = p;
        bool integer = true;
        while (e < end && !isDelimiter(*e)) {
            if (*e == '.' || *e == 'e' || *e == 'E')
                integer = false;
            ++e;
        }
        const std::optional<Number> n = readNumber(p, e, integer);
        if (!n)
            return Unsure;
        out.kind = n->kind == Number::UInt  ? QueryColumn::UInt
                   : n->kind == Number::Int ? QueryColumn::Int
                                            : QueryColumn::Double;
        out.u = n->u;
        out.i = n->i;
        out.d = n->d;
        return Found;
    }

private:
    static bool isDelimiter(char c)
    {
        return c == ',' || c == '}' || c == ']' || c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }
    static const char *space(const char *p, const char *end)
    {
        while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
            ++p;
        return p;
    }
    // The closing quote of a string whose contents start at p, or null.
    static const char *stringEnd(const char *p, const char *end)
    {
        for (;;) {
            const auto *q = static_cast<const char *>(std::memchr(p, '"', size_t(end - p)));
            if (!q)
                return nullptr;
            const char *b = q;
            while (b > p && b[-1] == '\\')
                --b;
            if ((q - b) % 2 == 0)
                return q;
            p = q + 1;
        }
    }
    static const char *skipValue(const char *p, const char *end)
    {
        if (p >= end)
            return nullptr;
        if (*p == '"') {
            const char *e = stringEnd(p + 1, end);
            return e ? e + 1 : nullptr;
        }
        if (*p == '{' || *p == '[') {
            int depth = 0;
            while (p < end) {
                switch (*p) {
                case '"': {
                    const char *e = stringEnd(p + 1, end);
                    if (!e)
                        return nullptr;
                    p = e + 1;
                    continue;
                }
                case '{':
                case '[':
                    ++depth;
                    break;
                case '}':
                case ']':
                    if (--depth == 0)
                        return p + 1;
                    break;
                default:
                    break;
                }
                ++p;
            }
            return nullptr;
        }
        while (p < end && !isDelimiter(*p))
            ++p;
        return p;
    }
};

} // namespace

struct QueryMatcher::Private
{
    explicit Private(const EventQuery &q)
        : query(q)
        , d(*q.d)
    {
        regexes.resize(d.terms.size());
        folded.resize(d.terms.size());
        for (size_t i = 0; i < d.terms.size(); ++i) {
            const Term &t = d.terms[i];
            if (t.kind == Term::Compare && t.op == Op::Match)
                regexes[i] = QRegularExpression(t.pattern, t.patternIgnoreCase
                                                               ? QRegularExpression::CaseInsensitiveOption
                                                               : QRegularExpression::NoPatternOption);
            if (t.kind == Term::Text && d.options.ignoreCase)
                folded[i] = CaseFoldSearch(t.text);
        }
        // The line paths whose columns the terms read over a file (others are only a per-row fallback).
        columnPaths.assign(d.linePaths.size(), false);
        for (const Term &t : d.terms) {
            const bool reads =
                t.kind != Term::Text &&
                (t.root == Root::Line || (t.root == Root::Ts && t.op == Op::Match) ||
                 ((t.root == Root::Session || t.root == Root::Type) && !t.bound && t.kind != Term::Exists));
            if (reads && t.linePath >= 0)
                columnPaths[size_t(t.linePath)] = true;
        }
    }

    EventQuery query; // keeps d alive
    const EventQuery::Private &d;
    std::vector<QRegularExpression> regexes;
    std::vector<CaseFoldSearch> folded;
    std::vector<bool> columnPaths;
    simdjson::ondemand::parser parser;
    simdjson::ondemand::document doc;
    std::string_view docLine;
    bool docOk = false;
    bool docParsed = false;
    bool lineHasEscape = false;
    bool escapeKnown = false;
    std::string scratch;

    // Per-line state -----------------------------------------------------------------------------------
    void startLine(std::string_view line)
    {
        docLine = line;
        docParsed = false;
        escapeKnown = false;
    }

    bool mayHave(const LinePath &path)
    {
        if (path.needle.empty() || hasBytes(docLine, path.needle))
            return true;
        if (!escapeKnown) {
            lineHasEscape = hasBytes(docLine, "\\u");
            escapeKnown = true;
        }
        return lineHasEscape; // a key spelled with \u escapes has other bytes
    }

    // The value at a path of the current line. Strings point into the parser's buffer: use them before the
    // next extract().
    Value extract(const LinePath &path)
    {
        Value v;
        if (!mayHave(path))
            return v;
        switch (RawWalk::at(docLine, path.steps, v)) {
        case RawWalk::Found:
            return v;
        case RawWalk::Missing:
            return Value();
        case RawWalk::Unsure:
            v = Value();
            break;
        }
        if (!docParsed) {
            docParsed = true;
            docOk =
                !parser.iterate(docLine.data(), docLine.size(), docLine.size() + simdjson::SIMDJSON_PADDING)
                     .get(doc);
        } else if (docOk) {
            doc.rewind();
        }
        if (!docOk)
            return v;
        simdjson::ondemand::value cur;
        if (!navigate(path, cur, false)) {
            // simdjson matches keys as written; a key spelled with \u escapes is found by unescaping each.
            if (!escapeKnown) {
                lineHasEscape = hasBytes(docLine, "\\u");
                escapeKnown = true;
            }
            if (!lineHasEscape)
                return v;
            doc.rewind();
            if (!navigate(path, cur, true))
                return v;
        }
        return classify(cur);
    }

    bool findField(simdjson::ondemand::object object, const std::string &name, simdjson::ondemand::value &out)
    {
        for (auto field : object) {
            std::string_view key;
            if (field.unescaped_key().get(key))
                return false;
            if (key == name)
                return !field.value().get(out);
        }
        return false;
    }

    bool navigate(const LinePath &path, simdjson::ondemand::value &cur, bool unescaping)
    {
        bool atRoot = true;
        for (const Step &step : path.steps) {
            if (step.index < 0) {
                if (unescaping) {
                    simdjson::ondemand::object object;
                    if ((atRoot ? doc.get_object().get(object) : cur.get_object().get(object)) ||
                        !findField(object, step.name, cur))
                        return false;
                } else {
                    auto r =
                        atRoot ? doc.find_field_unordered(step.name) : cur.find_field_unordered(step.name);
                    if (r.get(cur))
                        return false;
                }
            } else {
                if (atRoot)
                    return false;
                simdjson::ondemand::array array;
                if (cur.get_array().get(array))
                    return false;
                if (array.at(size_t(step.index)).get(cur))
                    return false;
            }
            atRoot = false;
        }
        return true;
    }

    static Value classify(simdjson::ondemand::value &cur)
    {
        Value v;
        simdjson::ondemand::json_type type;
        if (cur.type().get(type))
            return v;
        switch (type) {
        case simdjson::ondemand::json_type::array:
            v.kind = QueryColumn::Array;
            break;
        case simdjson::ondemand::json_type::object:
            v.kind = QueryColumn::Object;
            break;
        case simdjson::ondemand::json_type::boolean: {
            bool b = false;
            if (!cur.get_bool().get(b))
                v.kind = b ? QueryColumn::True : QueryColumn::False;
            break;
        }
        case simdjson::ondemand::json_type::null:
            v.kind = QueryColumn::Null;
            break;
        case simdjson::ondemand::json_type::string:
            if (!cur.get_string().get(v.s))
                v.kind = QueryColumn::String;
            break;
        case simdjson::ondemand::json_type::number: {
            simdjson::ondemand::number n;
            if (!cur.get_number().get(n)) {
                switch (n.get_number_type()) {
                case simdjson::ondemand::number_type::signed_integer:
                    v.i = n.get_int64();
                    v.kind = v.i < 0 ? QueryColumn::Int : QueryColumn::UInt;
                    v.u = quint64(v.i);
                    break;
                case simdjson::ondemand::number_type::unsigned_integer:
                    v.u = n.get_uint64();
                    v.kind = QueryColumn::UInt;
                    break;
                case simdjson::ondemand::number_type::floating_point_number:
                    v.d = n.get_double();
                    v.kind = QueryColumn::Double;
                    break;
                }
            } else {
                // Past 64 bits: as a double, like any number that is not an exact integer.
                std::string_view raw = cur.raw_json_token();
                while (!raw.empty() &&
                       (raw.back() == ' ' || raw.back() == '\t' || raw.back() == '\n' || raw.back() == '\r'))
                    raw.remove_suffix(1);
                double d = 0;
                if (std::from_chars(raw.data(), raw.data() + raw.size(), d).ec == std::errc()) {
                    v.kind = QueryColumn::Double;
                    v.d = d;
                }
            }
            break;
        }
        }
        return v;
    }

    bool textHolds(size_t term, std::string_view line) const
    {
        const Term &t = d.terms[term];
        if (t.text.isEmpty())
            return true;
        if (d.options.ignoreCase)
            return folded[term].contains(line);
        return hasBytes(line, std::string_view(t.text.constData(), size_t(t.text.size())));
    }

    bool valueHolds(size_t term, const Value &v)
    {
        const Term &t = d.terms[term];
        if (v.kind == QueryColumn::Missing)
            return false;
        if (t.kind == Term::Exists)
            return true;
        if (t.op == Op::Match) {
            if (v.kind != QueryColumn::String)
                return false;
            return regexes[term].match(QString::fromUtf8(v.s.data(), qsizetype(v.s.size()))).hasMatch();
        }
        if (t.kind == Term::In) {
            for (const Literal &l : t.values)
                if (literalHolds(Op::Eq, v, l))
                    return true;
            return false;
        }
        return literalHolds(t.op, v, t.values.front());
    }

    bool timeHolds(size_t term, qint64 ns) const
    {
        const Term &t = d.terms[term];
        if (t.kind == Term::Exists)
            return true;
        if (t.kind == Term::In) {
            for (const Literal &l : t.values)
                if (ns == l.i)
                    return true;
            return false;
        }
        const qint64 l = t.values.front().i;
        return holds(t.op, ns < l ? -1 : ns > l ? 1 : 0);
    }

    bool seqHolds(size_t term, quint64 seq)
    {
        const Term &t = d.terms[term];
        if (t.kind == Term::Exists)
            return true;
        Value v;
        v.kind = QueryColumn::UInt;
        v.u = seq;
        if (t.op == Op::Match) {
            const QString text = QString::number(seq);
            return regexes[term].match(text).hasMatch();
        }
        return valueHolds(term, v);
    }

    static Value stringValue(std::string_view s)
    {
        Value v;
        v.kind = QueryColumn::String;
        v.s = s;
        return v;
    }

    // One event, term by term ---------------------------------------------------------------------------
    bool termHolds(size_t term, const EventQuery::Event &e)
    {
        const Term &t = d.terms[term];
        switch (t.kind == Term::Text ? Root::Line : t.root) {
        case Root::Seq:
            return seqHolds(term, e.seq);
        case Root::Ts:
            if (t.kind == Term::Compare && t.op == Op::Match)
                return valueHolds(term, extract(d.linePaths[size_t(t.linePath)]));
            if (e.flags & EventRecord::BadTimestamp)
                return false;
            return timeHolds(term, e.tsNanos);
        case Root::Session: {
            Value v;
            if (e.flags & EventRecord::BadSessionId) {
                v = extract(d.linePaths[size_t(t.linePath)]);
                if (v.kind == QueryColumn::Missing)
                    v.kind = QueryColumn::Null;
            } else if (e.hasSession) {
                v = stringValue(e.session);
            } else {
                v.kind = QueryColumn::Null;
            }
            if (t.kind == Term::Exists)
                return v.kind == QueryColumn::String;
            return valueHolds(term, v);
        }
        case Root::Type:
            return valueHolds(term, stringValue(e.type));
        case Root::File:
            return valueHolds(term, stringValue(e.file));
        case Root::Line:
            if (t.kind == Term::Text)
                return textHolds(term, e.text);
            return valueHolds(term, extract(d.linePaths[size_t(t.linePath)]));
        }
        return false;
    }

    bool nodeHolds(int n, const EventQuery::Event &e)
    {
        const Node &node = d.nodes[size_t(n)];
        switch (node.kind) {
        case Node::And:
            return nodeHolds(node.a, e) && nodeHolds(node.b, e);
        case Node::Or:
            return nodeHolds(node.a, e) || nodeHolds(node.b, e);
        case Node::Not:
            return !nodeHolds(node.a, e);
        case Node::Leaf:
            return termHolds(size_t(node.term), e);
        }
        return false;
    }

    // A file at once ------------------------------------------------------------------------------------
    struct FileState
    {
        const QueryMatcher::File *file = nullptr;
        const QList<EventRecord> *records = nullptr;
        QueryColumnCache *cache = nullptr;
        const std::atomic_bool *cancel = nullptr;
        std::unique_ptr<LineWindow> window;
        // By line path: the column in use (cached or read here), and what this pass filled of it.
        std::vector<std::shared_ptr<const QueryColumn>> columns;
        std::vector<std::shared_ptr<QueryColumn>> transient;
        bool failed = false;
        bool cancelled = false;
    };

    std::optional<std::string_view> lineOf(FileState &fs, qsizetype i)
    {
        if (!fs.window) {
            LineWindow::Options options;
            options.padding = LineParser::Padding;
            fs.window = std::make_unique<LineWindow>(fs.file->path, options);
        }
        const EventRecord &r = fs.records->at(i);
        auto line = fs.window->line(r.offset(), r.length);
        if (!line)
            fs.failed = true;
        return line;
    }

    bool cancelled(FileState &fs)
    {
        if (fs.cancel && fs.cancel->load(std::memory_order_relaxed))
            fs.cancelled = true;
        return fs.cancelled;
    }

    // Reads the values of the given line paths for rows [from, records) where want(row), into columns.
    template <typename Want>
    void readColumns(FileState &fs, const std::vector<int> &paths, std::vector<QueryColumn *> &into,
                     qsizetype from, Want want)
    {
        const qsizetype n = fs.records->size();
        // Strings are interned by views into a deque (whose elements never move), then handed to the columns.
        std::vector<std::deque<std::string>> stored(paths.size());
        std::vector<std::unordered_map<std::string_view, quint32>> interned(paths.size());
        std::vector<size_t> budget(paths.size(), 0);
        for (size_t k = 0; k < paths.size(); ++k) {
            QueryColumn *c = into[k];
            for (size_t id = 0; id < c->strings.size(); ++id) {
                stored[k].push_back(std::move(c->strings[id]));
                interned[k].emplace(stored[k].back(), quint32(id));
                budget[k] += stored[k].back().size();
            }
        }
        const auto handOver = qScopeGuard([&] {
            for (size_t k = 0; k < paths.size(); ++k)
                into[k]->strings.assign(std::make_move_iterator(stored[k].begin()),
                                        std::make_move_iterator(stored[k].end()));
        });
        for (qsizetype i = from; i < n; ++i) {
            if (!want(i))
                continue;
            if ((i & 1023) == 0 && cancelled(fs))
                return;
            const auto line = lineOf(fs, i);
            if (!line)
                return;
            startLine(*line);
            for (size_t k = 0; k < paths.size(); ++k) {
                QueryColumn *c = into[k];
                const Value v = extract(d.linePaths[size_t(paths[k])]);
                quint8 kind = v.kind;
                quint64 payload = 0;
                switch (v.kind) {
                case QueryColumn::UInt:
                    payload = v.u;
                    break;
                case QueryColumn::Int:
                    payload = quint64(v.i);
                    break;
                case QueryColumn::Double:
                    std::memcpy(&payload, &v.d, sizeof payload);
                    break;
                case QueryColumn::String: {
                    if (v.s.size() > QueryColumn::MaxStringBytes) {
                        kind = QueryColumn::LongString;
                        break;
                    }
                    auto it = interned[k].find(v.s);
                    if (it == interned[k].end()) {
                        if (budget[k] + v.s.size() > QueryColumn::StringBudget) {
                            kind = QueryColumn::LongString;
                            break;
                        }
                        budget[k] += v.s.size();
                        stored[k].emplace_back(v.s);
                        it = interned[k].emplace(stored[k].back(), quint32(stored[k].size() - 1)).first;
                    }
                    payload = it->second;
                    break;
                }
                default:
                    break;
                }
                c->kinds[size_t(i)] = kind;
                c->payload[size_t(i)] = payload;
            }
        }
    }

    static constexpr quint8 NotRead = 0xff;

    // The column of a line path with values for every row set in mask.
    const QueryColumn *column(FileState &fs, int path, const std::vector<quint8> &mask)
    {
        const qsizetype n = fs.records->size();
        if (fs.columns.empty()) {
            fs.columns.resize(d.linePaths.size());
            fs.transient.resize(d.linePaths.size());
        }
        if (fs.cache) {
            if (fs.columns[size_t(path)])
                return fs.columns[size_t(path)].get();
            // The first need in this file: every line path the query reads that is not cached (or not
            // whole) is read in one pass over the file, and kept.
            const QueryColumnCache::FileKey key{fs.file->path, fs.file->device, fs.file->inode,
                                                fs.file->scanId};
            std::vector<int> missing;
            std::vector<std::shared_ptr<QueryColumn>> building;
            qsizetype from = n;
            for (size_t k = 0; k < d.linePaths.size(); ++k) {
                if (!columnPaths[k] && int(k) != path)
                    continue;
                auto cached = fs.cache->find(key, d.linePaths[k].text);
                if (cached && cached->covers(*fs.records) && cached->rows == n) {
                    fs.columns[k] = cached;
                    continue;
                }
                auto c = std::make_shared<QueryColumn>();
                qsizetype start = 0;
                if (cached && cached->covers(*fs.records))
                    *c = *cached, start = cached->rows; // grown: read the new records only
                c->kinds.resize(size_t(n), QueryColumn::Missing);
                c->payload.resize(size_t(n), 0);
                from = std::min(from, start);
                missing.push_back(int(k));
                building.push_back(std::move(c));
            }
            if (!missing.empty()) {
                std::vector<QueryColumn *> into;
                for (auto &c : building)
                    into.push_back(c.get());
                // Rows a grown column already has are read again only when another column needs them.
                readColumns(fs, missing, into, from, [](qsizetype) { return true; });
                for (size_t k = 0; k < missing.size(); ++k) {
                    QueryColumn &c = *building[k];
                    if (!fs.failed && !fs.cancelled && n > 0) {
                        c.rows = n;
                        const EventRecord &last = fs.records->at(n - 1);
                        c.lastOffset = last.offset();
                        c.lastLength = last.length;
                        c.lastSeq = last.seq;
                        fs.cache->store(key, d.linePaths[size_t(missing[k])].text, building[k]);
                    }
                    fs.columns[size_t(missing[k])] = building[k];
                }
            }
            return fs.columns[size_t(path)].get();
        }
        // Without a cache: read the rows asked for that were not read yet.
        auto &c = fs.transient[size_t(path)];
        if (!c) {
            c = std::make_shared<QueryColumn>();
            c->kinds.assign(size_t(n), NotRead);
            c->payload.assign(size_t(n), 0);
        }
        std::vector<QueryColumn *> into{c.get()};
        QueryColumn *col = c.get();
        readColumns(fs, {path}, into, 0,
                    [&](qsizetype i) { return mask[size_t(i)] && col->kinds[size_t(i)] == NotRead; });
        return col;
    }

    // The value of a row from a column; a long string is read from the line again.
    Value columnValue(FileState &fs, const QueryColumn &c, int path, qsizetype i)
    {
        Value v;
        v.kind = c.kinds[size_t(i)];
        const quint64 payload = c.payload[size_t(i)];
        switch (v.kind) {
        case QueryColumn::UInt:
            v.u = payload;
            break;
        case QueryColumn::Int:
            v.i = qint64(payload);
            break;
        case QueryColumn::Double:
            std::memcpy(&v.d, &payload, sizeof v.d);
            break;
        case QueryColumn::String:
            v.s = c.strings[size_t(payload)];
            break;
        case QueryColumn::LongString: {
            const auto line = lineOf(fs, i);
            if (!line)
                return Value();
            startLine(*line);
            return extract(d.linePaths[size_t(path)]);
        }
        case NotRead:
            v.kind = QueryColumn::Missing;
            break;
        default:
            break;
        }
        return v;
    }

    // Clears the rows of mask where the term does not hold.
    void termOver(FileState &fs, size_t term, std::vector<quint8> &mask)
    {
        const Term &t = d.terms[term];
        const QList<EventRecord> &records = *fs.records;
        const qsizetype n = records.size();
        const auto lineValue = [&](qsizetype i) -> std::optional<Value> {
            const auto line = lineOf(fs, i);
            if (!line)
                return std::nullopt;
            startLine(*line);
            return extract(d.linePaths[size_t(t.linePath)]);
        };
        if (t.kind == Term::Text) {
            for (qsizetype i = 0; i < n; ++i) {
                if (!mask[size_t(i)])
                    continue;
                if ((i & 1023) == 0 && cancelled(fs))
                    return;
                const auto line = lineOf(fs, i);
                mask[size_t(i)] = line && textHolds(term, *line);
            }
            return;
        }
        // A column's strings: each one's verdict once.
        const auto overColumn = [&](int path, auto adjust) {
            const QueryColumn *c = column(fs, path, mask);
            if (fs.failed || fs.cancelled)
                return;
            std::vector<qint8> verdicts(c->strings.size(), -1);
            for (qsizetype i = 0; i < n; ++i) {
                if (!mask[size_t(i)])
                    continue;
                const quint8 kind = c->kinds[size_t(i)];
                if (kind == QueryColumn::String && t.kind != Term::Exists) {
                    qint8 &verdict = verdicts[size_t(c->payload[size_t(i)])];
                    if (verdict < 0) {
                        Value v = columnValue(fs, *c, path, i);
                        adjust(v);
                        verdict = valueHolds(term, v) ? 1 : 0;
                    }
                    mask[size_t(i)] = quint8(verdict);
                    continue;
                }
                Value v = columnValue(fs, *c, path, i);
                adjust(v);
                mask[size_t(i)] = t.kind == Term::Exists && t.root == Root::Session
                                      ? v.kind == QueryColumn::String
                                      : valueHolds(term, v);
            }
        };
        switch (t.root) {
        case Root::Seq:
            for (qsizetype i = 0; i < n; ++i)
                if (mask[size_t(i)])
                    mask[size_t(i)] = seqHolds(term, records[i].seq);
            return;
        case Root::Ts:
            if (t.kind == Term::Compare && t.op == Op::Match) {
                overColumn(t.linePath, [](Value &) {});
                return;
            }
            for (qsizetype i = 0; i < n; ++i)
                if (mask[size_t(i)])
                    mask[size_t(i)] = !(records[i].flags & EventRecord::BadTimestamp) &&
                                      timeHolds(term, records[i].tsNanos);
            return;
        case Root::File: {
            const bool verdict =
                t.kind == Term::Exists ||
                valueHolds(term, stringValue(std::string_view(fs.file->name.constData(),
                                                              size_t(fs.file->name.size()))));
            if (!verdict)
                std::fill(mask.begin(), mask.end(), quint8(0));
            return;
        }
        case Root::Session:
        case Root::Type: {
            const bool session = t.root == Root::Session;
            if (t.kind == Term::Exists && !session)
                return;
            if (!t.bound && !(t.kind == Term::Exists)) {
                overColumn(t.linePath, [session](Value &v) {
                    if (session && v.kind == QueryColumn::Missing)
                        v.kind = QueryColumn::Null;
                });
                return;
            }
            for (qsizetype i = 0; i < n; ++i) {
                if (!mask[size_t(i)])
                    continue;
                const EventRecord &r = records[i];
                const quint32 id = session ? r.session : r.type;
                // The index keeps a null, an absent and an empty ("") session id all as id 0: the line says
                // which, as it does for ids interned after binding.
                if ((session && (id == 0 || (r.flags & EventRecord::BadSessionId))) ||
                    (t.bound && id >= t.boundSize)) {
                    const auto v = lineValue(i);
                    if (!v) {
                        mask[size_t(i)] = 0;
                        continue;
                    }
                    Value value = *v;
                    if (session && value.kind == QueryColumn::Missing)
                        value.kind = QueryColumn::Null;
                    mask[size_t(i)] =
                        t.kind == Term::Exists ? value.kind == QueryColumn::String : valueHolds(term, value);
                    continue;
                }
                if (t.kind == Term::Exists) {
                    mask[size_t(i)] = id != 0;
                    continue;
                }
                const bool isNull = session && id == 0; // types are never null
                const bool listed = !isNull && std::binary_search(t.ids.begin(), t.ids.end(), id);
                if (t.op == Op::Ne)
                    mask[size_t(i)] = !isNull && !listed; // null != "x" compares different types
                else
                    mask[size_t(i)] = isNull ? t.hasNull : listed;
            }
            return;
        }
        case Root::Line:
            overColumn(t.linePath, [](Value &) {});
            return;
        }
    }

    static bool any(const std::vector<quint8> &mask)
    {
        return std::find(mask.begin(), mask.end(), quint8(1)) != mask.end();
    }

    void nodeOver(FileState &fs, int n, std::vector<quint8> &mask)
    {
        if (fs.failed || fs.cancelled || !any(mask))
            return;
        const Node &node = d.nodes[size_t(n)];
        switch (node.kind) {
        case Node::And:
            nodeOver(fs, node.a, mask);
            nodeOver(fs, node.b, mask);
            return;
        case Node::Or: {
            std::vector<quint8> left = mask;
            nodeOver(fs, node.a, left);
            std::vector<quint8> right = mask;
            for (size_t i = 0; i < right.size(); ++i)
                right[i] &= quint8(!left[i]);
            nodeOver(fs, node.b, right);
            for (size_t i = 0; i < mask.size(); ++i)
                mask[i] = left[i] | right[i];
            return;
        }
        case Node::Not: {
            std::vector<quint8> inner = mask;
            nodeOver(fs, node.a, inner);
            for (size_t i = 0; i < mask.size(); ++i)
                mask[i] &= quint8(!inner[i]);
            return;
        }
        case Node::Leaf:
            termOver(fs, size_t(node.term), mask);
            return;
        }
    }
};

QueryMatcher::QueryMatcher(const EventQuery &query)
    : d(std::make_unique<Private>(query))
{}

QueryMatcher::~QueryMatcher() = default;

bool QueryMatcher::matches(const EventQuery::Event &event)
{
    if (!d->d.error.isError() && d->d.root < 0)
        return true;
    if (d->d.root < 0)
        return false;
    d->startLine(event.text);
    return d->nodeHolds(d->d.root, event);
}

bool QueryMatcher::select(const File &file, std::vector<quint8> &mask, QueryColumnCache *cache,
                          const std::atomic_bool *cancel)
{
    if (d->d.root < 0) {
        if (d->d.error.isError())
            std::fill(mask.begin(), mask.end(), quint8(0));
        return true;
    }
    Private::FileState fs;
    fs.file = &file;
    fs.records = file.records;
    fs.cache = cache;
    fs.cancel = cancel;
    d->nodeOver(fs, d->d.root, mask);
    if (fs.failed || fs.cancelled) {
        std::fill(mask.begin(), mask.end(), quint8(0));
        return false;
    }
    return true;
}

bool QueryMatcher::countValues(const File &file, std::unordered_map<std::string, qint64> &counts,
                               QueryColumnCache *cache, const std::atomic_bool *cancel)
{
    if (d->d.linePaths.empty() || !file.records || file.records->isEmpty())
        return true;
    Private::FileState fs;
    fs.file = &file;
    fs.records = file.records;
    fs.cache = cache;
    fs.cancel = cancel;
    const std::vector<quint8> all(size_t(file.records->size()), 1);
    const QueryColumn *c = d->column(fs, 0, all);
    if (fs.failed || fs.cancelled)
        return false;
    std::vector<qint64> perString(c->strings.size(), 0);
    for (size_t i = 0; i < c->kinds.size(); ++i) {
        const quint64 payload = c->payload[i];
        switch (c->kinds[i]) {
        case QueryColumn::String:
            ++perString[size_t(payload)];
            break;
        case QueryColumn::Null:
            ++counts["null"];
            break;
        case QueryColumn::True:
            ++counts["true"];
            break;
        case QueryColumn::False:
            ++counts["false"];
            break;
        case QueryColumn::UInt:
            ++counts[std::to_string(payload)];
            break;
        case QueryColumn::Int:
            ++counts[std::to_string(qint64(payload))];
            break;
        case QueryColumn::Double: {
            double v = 0;
            std::memcpy(&v, &payload, sizeof v);
            ++counts[QString::number(v, 'g', 17).toStdString()];
            break;
        }
        default:
            break;
        }
    }
    for (size_t id = 0; id < perString.size(); ++id) {
        if (perString[id] > 0)
            counts[QueryLanguage::quote(QString::fromStdString(c->strings[id])).toStdString()] +=
                perString[id];
    }
    return true;
}

// ---------------------------------------------------------------------------------------------------------

LineQueryMatcher::LineQueryMatcher(const EventQuery &query)
    : m_empty(query.isEmpty())
    , m_matcher(query)
{}

bool LineQueryMatcher::matches(std::string_view line, std::string_view fileName)
{
    if (m_empty)
        return true;
    // The parsers read a little past a line's end: give them a copy with room after it.
    m_buffer.assign(line.data(), line.size());
    m_buffer.append(LineParser::Padding, ' ');
    const LineParser::Result r = m_parser.parse(m_buffer.data(), line.size());
    if (r.kind != LineParser::Kind::Event)
        return false;
    EventQuery::Event e;
    e.seq = r.seq;
    e.tsNanos = r.tsNanos;
    e.flags = r.flags;
    e.hasSession = r.hasSession;
    e.session = r.session;
    e.type = r.type;
    e.file = fileName;
    e.text = LineParser::trim(std::string_view(m_buffer.data(), line.size()));
    return m_matcher.matches(e);
}

namespace QueryLanguage {

const QStringList &builtinFields()
{
    static const QStringList fields = {QStringLiteral("seq"), QStringLiteral("ts"), QStringLiteral("session"),
                                       QStringLiteral("type"), QStringLiteral("file")};
    return fields;
}

QString quote(const QString &value)
{
    bool bare = !value.isEmpty() && !isKeyword(value) && !numberLiteral(value);
    for (const QChar c : value)
        bare = bare && c.unicode() < 0x80 && isBareChar(c);
    return bare ? value : jsonQuote(value);
}

QString literalTerm(const QString &path, const QString &literal, bool negate)
{
    const QString term = path + QLatin1String(" = ") + literal;
    return negate ? QLatin1String("not ") + term : term;
}

QString term(const QString &path, const QString &value, bool negate)
{
    return literalTerm(path, quote(value), negate);
}

QString conjoin(const QString &query, const QString &term)
{
    const QString trimmed = query.trimmed();
    if (trimmed.isEmpty())
        return term;
    const EventQuery parsed = EventQuery::parse(trimmed);
    const bool parenthesise = !parsed.isValid() || parsed.isDisjunction();
    return (parenthesise ? QLatin1Char('(') + trimmed + QLatin1Char(')') : trimmed) + QLatin1String(" and ") +
           term;
}

bool isPath(const QString &path)
{
    const EventQuery q = EventQuery::parse(QStringLiteral("exists(%1)").arg(path));
    return q.isValid() && !q.isEmpty() && !path.contains(QLatin1Char(')'));
}

std::optional<QString> pathFor(const JsonPath::Path &path)
{
    if (path.empty() || path.front().isIndex())
        return std::nullopt;
    const QByteArray &top = path.front().key;
    if (path.size() == 1) {
        if (top == "session_id")
            return QStringLiteral("session");
        if (top == "seq" || top == "ts")
            return QString::fromLatin1(top);
        return std::nullopt;
    }
    if (top != "event")
        return std::nullopt;
    if (path.size() == 2 && !path[1].isIndex() && path[1].key == "type")
        return QStringLiteral("type");
    const QString text = JsonPath::format(path);
    if (!isPath(text))
        return std::nullopt;
    return text;
}

std::optional<QString> valueTerm(std::string_view line, const JsonPath::Path &path, bool negate)
{
    const std::optional<QString> name = pathFor(path);
    if (!name)
        return std::nullopt;
    const auto at = JsonPath::locate(line, path);
    if (!at)
        return std::nullopt;
    const std::string_view token = line.substr(at->first, at->second - at->first);
    if (token.empty())
        return std::nullopt;
    switch (token.front()) {
    case '"': {
        if (token.size() > size_t(MaxTermValueBytes) + 2)
            return std::nullopt;
        return term(*name, QString::fromUtf8(JsonPretty::unescape(token)), negate);
    }
    case '{':
    case '[': {
        const QString exists = QStringLiteral("exists(%1)").arg(*name);
        return negate ? QLatin1String("not ") + exists : exists;
    }
    default:
        return literalTerm(*name, QString::fromUtf8(token.data(), qsizetype(token.size())), negate);
    }
}

Completion completionAt(const QString &text, int cursor)
{
    enum State { ExpectTerm, AfterPath, ExpectValue, ExpectListValue, AfterListValue, AfterValue, Done };
    State state = ExpectTerm;
    QString path;
    qsizetype p = 0;
    const qsizetype end = std::clamp<qsizetype>(cursor, 0, text.size());
    Completion none;
    const auto isPathChar = [](QChar c) {
        return isNameChar(c) || c == QLatin1Char('.') || c == QLatin1Char('[') || c == QLatin1Char(']');
    };
    bool exists = false; // inside exists( ... )
    while (state != Done) {
        while (p < end && text.at(p).isSpace())
            ++p;
        const bool atCursor = p >= end;
        switch (state) {
        case ExpectTerm: {
            if (atCursor)
                return {Completion::Path, {}, int(end), {}};
            const QChar c = text.at(p);
            if (c == QLatin1Char('(') || c == QLatin1Char('!')) {
                ++p;
                break;
            }
            if (c == QLatin1Char('"')) {
                ++p;
                while (p < end && text.at(p) != QLatin1Char('"'))
                    p += text.at(p) == QLatin1Char('\\') ? 2 : 1;
                if (p >= end)
                    return none;
                ++p;
                state = AfterValue;
                break;
            }
            const qsizetype start = p;
            while (p < end && isPathChar(text.at(p)))
                ++p;
            if (p == start)
                return none;
            const QString word = text.mid(start, p - start);
            if (p >= end)
                return {Completion::Path, {}, int(start), word};
            if (word.compare(QLatin1String("not"), Qt::CaseInsensitive) == 0)
                break;
            if (word.compare(QLatin1String("exists"), Qt::CaseInsensitive) == 0) {
                exists = true;
                break;
            }
            path = word;
            state = exists ? AfterValue : AfterPath;
            exists = false;
            break;
        }
        case AfterPath: {
            if (atCursor)
                return none;
            const QStringView rest = QStringView(text).mid(p, end - p);
            if (rest.startsWith(QLatin1String("!="))) {
                p += 2;
                state = ExpectValue;
            } else if (rest.startsWith(QLatin1Char('='))) {
                p += 1;
                state = ExpectValue;
            } else if (rest.startsWith(QLatin1String("in"), Qt::CaseInsensitive) &&
                       (rest.size() == 2 || !isIdentChar(rest.at(2)))) {
                p += 2;
                while (p < end && text.at(p).isSpace())
                    ++p;
                if (p >= end || text.at(p) != QLatin1Char('('))
                    return none;
                ++p;
                state = ExpectListValue;
            } else {
                state = Done; // < > ~: no values to offer
            }
            break;
        }
        case ExpectValue:
        case ExpectListValue: {
            if (atCursor)
                return {Completion::Value, path, int(end), {}};
            const QChar c = text.at(p);
            const qsizetype start = p;
            if (c == QLatin1Char('"')) {
                ++p;
                while (p < end && text.at(p) != QLatin1Char('"'))
                    p += text.at(p) == QLatin1Char('\\') ? 2 : 1;
                if (p >= end)
                    return {Completion::Value, path, int(start), text.mid(start + 1, end - start - 1)};
                ++p;
            } else if (isBareChar(c)) {
                while (p < end && isBareChar(text.at(p)))
                    ++p;
                if (p >= end)
                    return {Completion::Value, path, int(start), text.mid(start, end - start)};
            } else {
                return none;
            }
            state = state == ExpectListValue ? AfterListValue : AfterValue;
            break;
        }
        case AfterListValue:
            if (atCursor)
                return none;
            if (text.at(p) == QLatin1Char(',')) {
                ++p;
                state = ExpectListValue;
            } else if (text.at(p) == QLatin1Char(')')) {
                ++p;
                state = AfterValue;
            } else {
                return none;
            }
            break;
        case AfterValue: {
            if (atCursor)
                return none;
            if (text.at(p) == QLatin1Char(')')) {
                ++p;
                break;
            }
            const QStringView rest = QStringView(text).mid(p, end - p);
            if (rest.startsWith(QLatin1String("&&")) || rest.startsWith(QLatin1String("||"))) {
                p += 2;
                state = ExpectTerm;
                break;
            }
            const qsizetype start = p;
            while (p < end && isIdentChar(text.at(p)))
                ++p;
            const QString word = text.mid(start, p - start);
            if (p >= end)
                return none; // typing a keyword
            if (word.compare(QLatin1String("and"), Qt::CaseInsensitive) == 0 ||
                word.compare(QLatin1String("or"), Qt::CaseInsensitive) == 0) {
                state = ExpectTerm;
                break;
            }
            return none;
        }
        case Done:
            break;
        }
    }
    return none;
}

} // namespace QueryLanguage
