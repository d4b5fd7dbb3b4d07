// SPDX-License-Identifier: MIT
#include "eventfilter.h"
#include "eventquery.h"
#include "journalindex.h"
#include "lineparser.h"
#include "querycolumncache.h"
#include "testjournal.h"
#include "timestamp.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <map>
#include <random>
#include <set>

using namespace TestJournal;

namespace {

// An independent model of the language's meaning, over QJsonDocument: random expressions are built as these
// trees, written out as text for the parser, and evaluated here directly.
struct RefValue
{
    enum Kind { Null, Bool, Number, String, Regex, Time };
    Kind kind = Null;
    bool b = false;
    double n = 0;
    QString s;
    qint64 ns = 0; // a time
    QString text;  // as written in the query
};

struct RefExpr
{
    enum Kind { And, Or, Not, Compare, In, Exists, Text };
    Kind kind = Compare;
    std::vector<RefExpr> children;
    QString path; // "seq", "ts", "session", "type", "file" or "event...."
    QString op;
    std::vector<RefValue> values;
    QString text;
};

QString jsonString(const QString &s)
{
    const QByteArray doc = QJsonDocument(QJsonArray{s}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(doc.mid(1, doc.size() - 2));
}

QString render(const RefExpr &e)
{
    switch (e.kind) {
    case RefExpr::And:
        return QLatin1Char('(') + render(e.children[0]) + QLatin1String(" and ") + render(e.children[1]) +
               QLatin1Char(')');
    case RefExpr::Or:
        return QLatin1Char('(') + render(e.children[0]) + QLatin1String(" OR ") + render(e.children[1]) +
               QLatin1Char(')');
    case RefExpr::Not:
        return QLatin1String("not ") + render(e.children[0]);
    case RefExpr::Exists:
        return QStringLiteral("exists(%1)").arg(e.path);
    case RefExpr::Text:
        return jsonString(e.text);
    case RefExpr::In: {
        QStringList values;
        for (const RefValue &v : e.values)
            values << v.text;
        return QStringLiteral("%1 in (%2)").arg(e.path, values.join(QLatin1String(",")));
    }
    case RefExpr::Compare:
        return QStringLiteral("%1 %2 %3").arg(e.path, e.op, e.values.front().text);
    }
    return {};
}

std::vector<uint> codePoints(const QString &s)
{
    const QList<uint> ucs = s.toUcs4();
    return std::vector<uint>(ucs.begin(), ucs.end());
}

struct RefEvent
{
    QJsonObject root;
    QString file;
    QByteArray line;
};

// The value at a path: nullopt when missing.
std::optional<QJsonValue> lookup(const RefEvent &ev, const QString &path)
{
    if (path == QLatin1String("seq"))
        return ev.root.value(QLatin1String("seq"));
    if (path == QLatin1String("ts"))
        return ev.root.value(QLatin1String("ts"));
    if (path == QLatin1String("session")) {
        const QJsonValue v = ev.root.value(QLatin1String("session_id"));
        return v.isUndefined() ? QJsonValue(QJsonValue::Null) : v;
    }
    if (path == QLatin1String("type"))
        return ev.root.value(QLatin1String("event")).toObject().value(QLatin1String("type"));
    if (path == QLatin1String("file"))
        return QJsonValue(ev.file);
    QJsonValue cur = ev.root;
    static const QRegularExpression step(QStringLiteral("\\.([A-Za-z_][A-Za-z0-9_]*)|\\[(\\d+)\\]"));
    QString rest = QStringLiteral(".") + path;
    auto it = step.globalMatch(rest);
    while (it.hasNext()) {
        const auto m = it.next();
        if (m.capturedLength(1)) {
            if (!cur.isObject() || !cur.toObject().contains(m.captured(1)))
                return std::nullopt;
            cur = cur.toObject().value(m.captured(1));
        } else {
            const int i = m.captured(2).toInt();
            if (!cur.isArray() || i >= cur.toArray().size())
                return std::nullopt;
            cur = cur.toArray().at(i);
        }
    }
    return cur;
}

bool compareHolds(const QString &op, int cmp)
{
    if (op == QLatin1String("="))
        return cmp == 0;
    if (op == QLatin1String("!="))
        return cmp != 0;
    if (op == QLatin1String("<"))
        return cmp < 0;
    if (op == QLatin1String("<="))
        return cmp <= 0;
    if (op == QLatin1String(">"))
        return cmp > 0;
    return cmp >= 0;
}

bool refHolds(const RefExpr &e, const RefEvent &ev, bool ignoreCase);

bool refCompare(const RefExpr &e, const QString &op, const RefValue &lit, const RefEvent &ev)
{
    const auto value = lookup(ev, e.path);
    if (!value || value->isUndefined())
        return false;
    if (op == QLatin1String("~")) {
        QString text;
        if (e.path == QLatin1String("seq"))
            text = QString::number(qint64(value->toDouble()));
        else if (value->isString())
            text = value->toString();
        else
            return false;
        return QRegularExpression(lit.s).match(text).hasMatch();
    }
    if (e.path == QLatin1String("ts")) {
        const QByteArray ts = value->toString().toUtf8();
        const auto ns = Timestamp::parse(std::string_view(ts.constData(), size_t(ts.size())));
        if (!value->isString() || !ns)
            return false;
        return compareHolds(op, *ns < lit.ns ? -1 : *ns > lit.ns ? 1 : 0);
    }
    switch (lit.kind) {
    case RefValue::Null:
        return value->isNull() && op == QLatin1String("=");
    case RefValue::Bool:
        if (!value->isBool())
            return false;
        return op == QLatin1String("=") ? value->toBool() == lit.b : value->toBool() != lit.b;
    case RefValue::Number: {
        if (!value->isDouble())
            return false;
        const double a = value->toDouble();
        return compareHolds(op, a < lit.n ? -1 : a > lit.n ? 1 : 0);
    }
    case RefValue::String: {
        if (!value->isString())
            return false;
        const auto a = codePoints(value->toString());
        const auto b = codePoints(lit.s);
        return compareHolds(op, a < b ? -1 : a > b ? 1 : 0);
    }
    default:
        return false;
    }
}

bool refHolds(const RefExpr &e, const RefEvent &ev, bool ignoreCase)
{
    switch (e.kind) {
    case RefExpr::And:
        return refHolds(e.children[0], ev, ignoreCase) && refHolds(e.children[1], ev, ignoreCase);
    case RefExpr::Or:
        return refHolds(e.children[0], ev, ignoreCase) || refHolds(e.children[1], ev, ignoreCase);
    case RefExpr::Not:
        return !refHolds(e.children[0], ev, ignoreCase);
    case RefExpr::Text: {
        const QString line = QString::fromUtf8(ev.line);
        return ignoreCase ? line.toCaseFolded().contains(e.text.toCaseFolded()) : line.contains(e.text);
    }
    case RefExpr::Exists: {
        if (e.path == QLatin1String("session"))
            return ev.root.value(QLatin1String("session_id")).isString();
        if (e.path == QLatin1String("ts")) {
            const QByteArray ts = ev.root.value(QLatin1String("ts")).toString().toUtf8();
            return ev.root.value(QLatin1String("ts")).isString() &&
                   Timestamp::parse(std::string_view(ts.constData(), size_t(ts.size())));
        }
        const auto v = lookup(ev, e.path);
        return v && !v->isUndefined();
    }
    case RefExpr::In:
        for (const RefValue &v : e.values)
            if (refCompare(e, QStringLiteral("="), v, ev))
                return true;
        return false;
    case RefExpr::Compare:
        return refCompare(e, e.op, e.values.front(), ev);
    }
    return false;
}

// Scalar values seen at each path, for drawing terms that sometimes match.
using Observed = std::map<QString, std::vector<QJsonValue>>;

void observe(const QJsonValue &v, const QString &path, Observed *out, int depth = 0)
{
    if (depth > 6)
        return;
    if (v.isObject()) {
        const QJsonObject o = v.toObject();
        static const QRegularExpression name(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
        for (auto it = o.begin(); it != o.end(); ++it)
            if (name.match(it.key()).hasMatch())
                observe(it.value(), path + QLatin1Char('.') + it.key(), out, depth + 1);
        (*out)[path]; // objects exist too
        return;
    }
    if (v.isArray()) {
        const QJsonArray a = v.toArray();
        for (int i = 0; i < std::min<int>(int(a.size()), 3); ++i)
            observe(a.at(i), path + QStringLiteral("[%1]").arg(i), out, depth + 1);
        (*out)[path];
        return;
    }
    auto &values = (*out)[path];
    if (values.size() < 40)
        values.push_back(v);
}

class Generator
{
public:
    Generator(quint64 seed, const Observed &observed, const std::vector<RefEvent> &events)
        : m_rng(seed)
        , m_observed(observed)
        , m_events(events)
    {
        for (const auto &[path, values] : observed)
            m_paths.push_back(path);
    }

    RefExpr expr(int depth)
    {
        const int pick = int(m_rng() % 10);
        if (depth > 0 && pick < 2)
            return binary(RefExpr::And, depth);
        if (depth > 0 && pick < 4)
            return binary(RefExpr::Or, depth);
        if (depth > 0 && pick < 5) {
            RefExpr e;
            e.kind = RefExpr::Not;
            e.children.push_back(expr(depth - 1));
            return e;
        }
        return term();
    }

private:
    RefExpr binary(RefExpr::Kind kind, int depth)
    {
        RefExpr e;
        e.kind = kind;
        e.children.push_back(expr(depth - 1));
        e.children.push_back(expr(depth - 1));
        return e;
    }

    const RefEvent &anyEvent() { return m_events[m_rng() % m_events.size()]; }

    QString op(bool ordering)
    {
        static const char *const Ops[] = {"=", "!=", "<", "<=", ">", ">="};
        return QLatin1String(Ops[ordering ? m_rng() % 6 : m_rng() % 2]);
    }

    // A value for a JSON path: mostly one seen there, sometimes one of another type.
    RefValue valueFor(const std::vector<QJsonValue> &seen)
    {
        QJsonValue v = seen.empty() || m_rng() % 8 == 0 ? QJsonValue(QStringLiteral("zzz"))
                                                        : seen[m_rng() % seen.size()];
        if (m_rng() % 10 == 0)
            v = QJsonValue(qint64(m_rng() % 3000));
        RefValue r;
        if (v.isNull()) {
            r.kind = RefValue::Null;
            r.text = QStringLiteral("null");
        } else if (v.isBool()) {
            r.kind = RefValue::Bool;
            r.b = v.toBool();
            r.text = r.b ? QStringLiteral("TRUE") : QStringLiteral("false");
        } else if (v.isDouble()) {
            r.kind = RefValue::Number;
            r.n = v.toDouble();
            // Exact integers stay within doubles' exact range here (the reference compares doubles).
            if (std::abs(r.n) > 9e15)
                r.n = 42;
            r.text = r.n == std::floor(r.n) ? QString::number(qint64(r.n)) : QString::number(r.n, 'g', 17);
        } else {
            r.kind = RefValue::String;
            r.s = v.toString();
            if (r.s.size() > 40 && m_rng() % 2)
                r.s = r.s.left(int(m_rng() % 40));
            r.text = m_rng() % 2 ? QueryLanguage::quote(r.s) : jsonString(r.s);
        }
        return r;
    }

    RefValue textValue(const QString &s)
    {
        RefValue r;
        r.kind = RefValue::String;
        r.s = s;
        r.text = m_rng() % 2 ? QueryLanguage::quote(s) : jsonString(s);
        return r;
    }

    RefValue regexFor(const QString &sample)
    {
        RefValue r;
        r.kind = RefValue::Regex;
        const QString head = QString(sample).remove(QLatin1Char('/')).left(int(m_rng() % 4));
        r.s = m_rng() % 2 ? QLatin1Char('^') + QRegularExpression::escape(head)
                          : QRegularExpression::escape(head);
        QString slashed = r.s;
        slashed.replace(QLatin1Char('/'), QLatin1String("\\/"));
        r.text = QLatin1Char('/') + slashed + QLatin1Char('/');
        return r;
    }

    RefExpr term()
    {
        RefExpr e;
        e.kind = RefExpr::Compare;
        const RefEvent &ev = anyEvent();
        switch (m_rng() % 12) {
        case 0: { // seq
            e.path = QStringLiteral("seq");
            e.op = op(true);
            RefValue v;
            v.kind = RefValue::Number;
            v.n = double(ev.root.value(QLatin1String("seq")).toInteger() + qint64(m_rng() % 5) - 2);
            v.text = QString::number(qint64(v.n));
            e.values.push_back(v);
            break;
        }
        case 1: { // ts
            e.path = QStringLiteral("ts");
            e.op = op(true);
            RefValue v;
            v.kind = RefValue::Time;
            const QByteArray ts = ev.root.value(QLatin1String("ts")).toString().toUtf8();
            const auto ns = Timestamp::parse(std::string_view(ts.constData(), size_t(ts.size())));
            v.ns = ns.value_or(0);
            v.text = jsonString(QString::fromLatin1(Timestamp::format(v.ns)));
            if (m_rng() % 3 == 0 && ns) { // a date: its start
                v.text = QString::fromLatin1(ts.left(10));
                v.ns = *Timestamp::parseDateOrTime(ts.left(10).toStdString());
            }
            e.values.push_back(v);
            break;
        }
        case 2: { // session
            e.path = QStringLiteral("session");
            const QJsonValue s = ev.root.value(QLatin1String("session_id"));
            if (m_rng() % 3 == 0) {
                e.kind = RefExpr::Exists;
                break;
            }
            e.op = m_rng() % 4 == 0 ? QStringLiteral("~") : op(m_rng() % 4 == 0);
            if (e.op == QLatin1String("~"))
                e.values.push_back(regexFor(s.toString()));
            else if (s.isString())
                e.values.push_back(textValue(s.toString()));
            else {
                RefValue v;
                v.kind = RefValue::Null;
                v.text = QStringLiteral("null");
                if (e.op != QLatin1String("=") && e.op != QLatin1String("!="))
                    e.op = QStringLiteral("=");
                e.values.push_back(v);
            }
            break;
        }
        case 3: { // type
            e.path = QStringLiteral("type");
            const QString type =
                ev.root.value(QLatin1String("event")).toObject().value(QLatin1String("type")).toString();
            if (m_rng() % 2) {
                e.kind = RefExpr::In;
                e.values.push_back(textValue(type));
                e.values.push_back(textValue(anyEvent()
                                                 .root.value(QLatin1String("event"))
                                                 .toObject()
                                                 .value(QLatin1String("type"))
                                                 .toString()));
            } else {
                e.op = m_rng() % 4 == 0 ? QStringLiteral("~") : op(m_rng() % 4 == 0);
                e.values.push_back(e.op == QLatin1String("~") ? regexFor(type) : textValue(type));
            }
            break;
        }
        case 4: // file
            e.path = QStringLiteral("file");
            e.op = op(false);
            e.values.push_back(textValue(ev.file));
            break;
        case 5: { // a word of the line
            e.kind = RefExpr::Text;
            const QString line = QString::fromUtf8(ev.line);
            const int at = int(m_rng() % std::max<qsizetype>(1, line.size() - 6));
            e.text = line.mid(at, int(1 + m_rng() % 5));
            if (e.text.contains(QLatin1Char('"')) || e.text.contains(QLatin1Char('\\')))
                e.text = QStringLiteral("sess");
            break;
        }
        case 6: { // exists
            e.kind = RefExpr::Exists;
            e.path = m_paths[m_rng() % m_paths.size()];
            break;
        }
        default: { // a field of the event
            e.path = m_paths[m_rng() % m_paths.size()];
            const auto &seen = m_observed.at(e.path);
            const int form = int(m_rng() % 6);
            if (form == 0) {
                e.kind = RefExpr::In;
                for (int i = 0; i < 3; ++i) {
                    e.values.push_back(valueFor(seen));
                }
            } else if (form == 1) {
                e.op = QStringLiteral("~");
                QString sample;
                for (const QJsonValue &v : seen)
                    if (v.isString())
                        sample = v.toString();
                e.values.push_back(regexFor(sample));
            } else {
                e.values.push_back(valueFor(seen));
                const RefValue::Kind k = e.values.back().kind;
                e.op = op(k == RefValue::Number || k == RefValue::String);
            }
            break;
        }
        }
        return e;
    }

    std::mt19937_64 m_rng;
    const Observed &m_observed;
    const std::vector<RefEvent> &m_events;
    std::vector<QString> m_paths;
};

} // namespace

class tst_EventQuery : public QObject
{
    Q_OBJECT
private slots:
    void grammar_data();
    void grammar();
    void errors_data();
    void errors();
    void quoting();
    void completion_data();
    void completion();
    void matchesLines();
    void valueTerms();
    void againstIndependentEvaluation_data();
    void againstIndependentEvaluation();
    void cacheFollowsTheFile();
    void cacheKeepsTheLastPaths();
    void unreadableFileMatchesNothing();
};

void tst_EventQuery::grammar_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("canonical");
    QTest::addRow("empty") << ""
                           << "";
    QTest::addRow("blank") << "   \t "
                           << "";
    QTest::addRow("complete tokens") << "type = complete and event.usage.total_tokens > 10000"
                                     << R"((type = "complete" and event.usage.total_tokens > 10000))";
    QTest::addRow("in and date")
        << "type in (error, cancelled) and ts >= 2026-11-20"
        << R"((type in ("error", "cancelled") and ts >= "2026-11-20T00:00:00.000000000Z"))";
    QTest::addRow("regex") << "event.tool_name ~ /^(Bash|Edit)$/"
                           << "event.tool_name ~ /^(Bash|Edit)$/";
    QTest::addRow("blocked") << "type = task_list_item_progress and event.status = blocked"
                             << R"((type = "task_list_item_progress" and event.status = "blocked"))";
    QTest::addRow("exists") << "exists(event.plan_file_path)"
                            << "exists(event.plan_file_path)";
    QTest::addRow("parent or self") << R"(session = "sess-1a2b" or event.parent_session_id = "sess-1a2b")"
                                    << R"((session = "sess-1a2b" or event.parent_session_id = "sess-1a2b"))";
    QTest::addRow("unknown field") << "a_text_free = 1"
                                   << "";
    QTest::addRow("precedence") << R"("x" or "y" and not "z")"
                                << R"(("x" or ("y" and not "z")))";
    QTest::addRow("parens") << R"(("x" or "y") and "z")"
                            << R"((("x" or "y") and "z"))";
    QTest::addRow("keywords any case") << R"("x" AnD "y" OR NOT "z")"
                                       << R"((("x" and "y") or not "z"))";
    QTest::addRow("symbols") << R"(!"x" && "y" || "z")"
                             << R"(((not "x" and "y") or "z"))";
    QTest::addRow("index") << "event.task_list.items[0].status = blocked"
                           << R"(event.task_list.items[0].status = "blocked")";
    QTest::addRow("typed literals")
        << "event.pinned = true or event.options = null or event.x = -3 or event.y = 1.5e3"
        << "(((event.pinned = true or event.options = null) or event.x = -3) or "
           "event.y = 1500)";
    QTest::addRow("quoted number is text") << R"(event.x = "10")"
                                           << R"(event.x = "10")";
    QTest::addRow("leading zero is text") << "event.x = 007"
                                          << R"(event.x = "007")";
    QTest::addRow("session text") << "session = 1234"
                                  << R"(session = "1234")";
    QTest::addRow("session null") << "session = null"
                                  << "session = null";
    QTest::addRow("escapes") << R"("a\"b\\c\u00e9\n")"
                             << R"("a\"b\\cé\n")";
    QTest::addRow("regex slash and flag") << R"(event.file_path ~ /src\/a/i)"
                                          << R"(event.file_path ~ /src\/a/i)";
    QTest::addRow("string regex") << R"(type ~ "^task_")"
                                  << "type ~ /^task_/";
    QTest::addRow("seq range") << "seq >= 10 and seq <= 20"
                               << "(seq >= 10 and seq <= 20)";
    QTest::addRow("ts rfc3339") << "ts < 2026-11-20T09:00:01.5Z"
                                << R"(ts < "2026-11-20T09:00:01.500000000Z")";
    QTest::addRow("no spaces") << "type=error&&seq>5"
                               << R"((type = "error" and seq > 5))";
    QTest::addRow("exists spaced") << "exists ( session )"
                                   << "exists(session)";
    QTest::addRow("in spaced") << "event.role IN ( user ,assistant )"
                               << R"(event.role in ("user", "assistant"))";
    QTest::addRow("unicode bareword") << "event.title = naïve"
                                      << R"(event.title = "naïve")";
    QTest::addRow("not not") << "not not exists(file)"
                             << "not not exists(file)";
}

void tst_EventQuery::grammar()
{
    QFETCH(QString, text);
    QFETCH(QString, canonical);
    QueryError error;
    const EventQuery q = EventQuery::parse(text, &error);
    if (QTest::currentDataTag() == QByteArray("unknown field")) {
        QVERIFY(!q.isValid()); // an unknown field
        return;
    }
    QVERIFY2(!error.isError(), qPrintable(error.message));
    QVERIFY(q.isValid());
    QCOMPARE(q.canonical(), canonical);
    QCOMPARE(q.isEmpty(), canonical.isEmpty());
    // The canonical text reads back as itself.
    QCOMPARE(EventQuery::parse(canonical).canonical(), canonical);
}

void tst_EventQuery::errors_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("message");
    QTest::addRow("value missing at end")
        << "event.usage.total > " << 21 << "expected a value after '>' at column 21";
    QTest::addRow("value missing, example")
        << "seq > 5 and ts > and x" << 18 << "'and' is a keyword: quote it to compare with it at column 18";
    QTest::addRow("seventeen") << "type = complete >" << 17 << "expected 'and', 'or' or the end at column 17";
    QTest::addRow("value before and") << "event.x = )" << 11 << "expected a value after '=' at column 11";
    QTest::addRow("unknown field") << "role = user" << 1 << "unknown field 'role'";
    QTest::addRow("lone high surrogate") << R"("\ud800")" << 2 << R"(lone surrogate '\ud800')";
    QTest::addRow("lone low surrogate") << R"(event.x = "a\ude42")" << 13 << R"(lone surrogate '\ude42')";
    QTest::addRow("high then text") << R"(event.x = "\ud83dx")" << 12 << R"(lone surrogate '\ud83d')";
    QTest::addRow("high then high") << R"(event.x = "\ud83d\ud83d")" << 12 << R"(lone surrogate '\ud83d')";
    QTest::addRow("operator missing") << "event.role user" << 12 << "expected an operator";
    QTest::addRow("operator missing at end") << "event.role" << 11 << "expected an operator";
    QTest::addRow("dangling and") << "type = x and" << 13 << "expected a field";
    QTest::addRow("empty parens") << "()" << 2 << "expected a field";
    QTest::addRow("unclosed paren") << "(type = x" << 10 << "expected ')' to close the '(' at column 1";
    QTest::addRow("stray paren") << "type = x)" << 9 << "expected 'and', 'or' or the end";
    QTest::addRow("unterminated string") << "event.x = \"abc" << 11 << "unterminated string";
    QTest::addRow("bad escape") << R"(event.x = "a\q")" << 13 << "invalid escape '\\q'";
    QTest::addRow("bad unicode escape") << R"("\u12G4")" << 2 << "expected four hex digits";
    QTest::addRow("unterminated regex") << "event.x ~ /abc" << 11 << "unterminated regular expression";
    QTest::addRow("bad regex") << "event.x ~ /a(b/" << 15 << "invalid regular expression";
    QTest::addRow("regex flag") << "event.x ~ /a/g" << 14 << "unknown regular expression flag 'g'";
    QTest::addRow("regex with =") << "event.x = /a/" << 11 << "goes with '~'";
    QTest::addRow("regex in list") << "event.x in (a, /b/)" << 16 << "cannot be in a list";
    QTest::addRow("seq text") << "seq > abc" << 7 << "seq compares with a number";
    QTest::addRow("seq quoted") << "seq = \"5\"" << 7 << "seq compares with a number";
    QTest::addRow("bad time") << "ts >= yesterday" << 7 << "expected a time (RFC 3339 or a date) after '>='";
    QTest::addRow("ordering bool") << "event.pinned < true" << 16
                                   << "'<' compares numbers, text and times, not true";
    QTest::addRow("in without paren") << "type in error" << 9 << "expected '(' after 'in'";
    QTest::addRow("in unclosed") << "type in (a, b" << 14 << "expected ',' or ')' in the list";
    QTest::addRow("in empty") << "type in ()" << 10 << "expected a value after '('";
    QTest::addRow("exists without paren") << "exists event.x" << 8 << "expected '(' after 'exists'";
    QTest::addRow("exists unclosed") << "exists(event.x" << 15 << "expected ')' after the field";
    QTest::addRow("path dot") << "event. = 1" << 7 << "expected a name after '.'";
    QTest::addRow("path index") << "event.items[x] = 1" << 13 << "expected an index after '['";
    QTest::addRow("path bracket") << "event.items[1 = 1" << 14 << "expected ']'";
    QTest::addRow("bare word term") << "timeout" << 1 << "unknown field 'timeout'";
    QTest::addRow("column counts characters") << "\"é😀\" and ts > x" << 15 << "expected a time";
    QTest::addRow("keyword value") << "event.x = or" << 11 << "'or' is a keyword";
    QTest::addRow("lone not") << "not" << 4 << "expected a field";
    QTest::addRow("double op") << "seq >= = 1" << 8 << "expected a value after '>='";
}

void tst_EventQuery::errors()
{
    QFETCH(QString, text);
    QFETCH(int, column);
    QFETCH(QString, message);
    QueryError error;
    const EventQuery q = EventQuery::parse(text, &error);
    QVERIFY(!q.isValid());
    QVERIFY(!q.isEmpty());
    QVERIFY(error.isError());
    QVERIFY2(error.message.contains(message), qPrintable(error.message));
    QCOMPARE(error.column, column);
    QVERIFY2(error.message.endsWith(QStringLiteral("column %1").arg(column)) ||
                 error.message.contains(QStringLiteral("at column %1").arg(column)),
             qPrintable(error.message));
    QCOMPARE(q.error().column, column);
    // An invalid query matches nothing.
    QueryMatcher matcher(q);
    const QByteArray line = TestJournal::line(1) + QByteArray(64, ' ');
    EventQuery::Event e;
    e.seq = 1;
    e.text = std::string_view(line.constData(), size_t(line.size() - 64));
    QVERIFY(!matcher.matches(e));
}

void tst_EventQuery::quoting()
{
    QCOMPARE(QueryLanguage::quote(QStringLiteral("blocked")), QStringLiteral("blocked"));
    QCOMPARE(QueryLanguage::quote(QStringLiteral("sess-1a2b")), QStringLiteral("sess-1a2b"));
    QCOMPARE(QueryLanguage::quote(QStringLiteral("10")), QStringLiteral("\"10\""));
    QCOMPARE(QueryLanguage::quote(QStringLiteral("and")), QStringLiteral("\"and\""));
    QCOMPARE(QueryLanguage::quote(QStringLiteral("NULL")), QStringLiteral("\"NULL\""));
    QCOMPARE(QueryLanguage::quote(QString()), QStringLiteral("\"\""));
    QCOMPARE(QueryLanguage::quote(QStringLiteral("a \"b\"\n")), QStringLiteral("\"a \\\"b\\\"\\n\""));
    QCOMPARE(QueryLanguage::quote(QStringLiteral("naïve")), QStringLiteral("\"naïve\""));
    QCOMPARE(QueryLanguage::term(QStringLiteral("event.role"), QStringLiteral("user")),
             QStringLiteral("event.role = user"));
    QCOMPARE(QueryLanguage::term(QStringLiteral("event.tool_name"), QStringLiteral("Bash"), true),
             QStringLiteral("not event.tool_name = Bash"));
    QCOMPARE(QueryLanguage::literalTerm(QStringLiteral("event.pinned"), QStringLiteral("true")),
             QStringLiteral("event.pinned = true"));
    QCOMPARE(QueryLanguage::conjoin(QString(), QStringLiteral("seq > 1")), QStringLiteral("seq > 1"));
    QCOMPARE(QueryLanguage::conjoin(QStringLiteral("type = a or type = b"), QStringLiteral("seq > 1")),
             QStringLiteral("(type = a or type = b) and seq > 1"));
    QCOMPARE(QueryLanguage::conjoin(QStringLiteral("type = a and type = b"), QStringLiteral("seq > 1")),
             QStringLiteral("type = a and type = b and seq > 1"));
    // Every quoted value reads back as the same text, in a term on any kind of field.
    for (const QString &v : {QStringLiteral("x"), QStringLiteral("1e5"), QStringLiteral("true"),
                             QStringLiteral("a b"), QStringLiteral("\\\u0001"), QStringLiteral("-")}) {
        const EventQuery q = EventQuery::parse(QueryLanguage::term(QStringLiteral("event.x"), v));
        QVERIFY2(q.isValid(), qPrintable(v));
        QCOMPARE(q.canonical(),
                 QStringLiteral("event.x = ") +
                     EventQuery::parse(
                         QStringLiteral("\"%1\"").arg(QString(v)
                                                          .replace(QLatin1Char('\\'), QLatin1String("\\\\"))
                                                          .replace(QChar(1), QLatin1String("\\u0001"))))
                         .canonical());
    }
    // A surrogate pair escaped reads as its character.
    const EventQuery pair = EventQuery::parse(QStringLiteral(R"(event.x = "\ud83d\ude42")"));
    QVERIFY(pair.isValid());
    QVERIFY(pair.canonical().contains(QString::fromUtf8("\xf0\x9f\x99\x82")) ||
            pair.canonical().contains(QStringLiteral("\\ud83d\\ude42")));
    QVERIFY(QueryLanguage::isPath(QStringLiteral("event.task_list.items[0].status")));
    QVERIFY(QueryLanguage::isPath(QStringLiteral("seq")));
    QVERIFY(!QueryLanguage::isPath(QStringLiteral("role")));
    QVERIFY(!QueryLanguage::isPath(QStringLiteral("event.")));
}

void tst_EventQuery::valueTerms()
{
    // "Filter for this value": each term selects this line and not the other; negated, the other way round.
    const std::string line =
        R"({"seq":42,"ts":"2026-11-20T09:00:01.5Z","session_id":"sess-1","event":{"type":"complete",)"
        R"("role":"say \"hi\" \u00fc\\n","usage":{"total_tokens":12001,"ratio":-1.5e3},"flag":true,)"
        R"("none":null,"items":["a","b"],"a.b":1,"list":[]},"other":1})";
    const std::string other =
        R"({"seq":43,"ts":"2026-11-21T09:00:01Z","session_id":"sess-2","event":{"type":"error",)"
        R"("role":"user","usage":{"total_tokens":5,"ratio":2},"flag":false,"none":1,"items":["a","c"]}})";
    const auto path = [](const char *text) {
        return *JsonPath::parse(QString::fromUtf8(text));
    };
    const QList<std::pair<const char *, QString>> cases = {
        {"seq", QStringLiteral("seq = 42")},
        {"ts", QStringLiteral("ts = 2026-11-20T09:00:01.5Z")},
        {"session_id", QStringLiteral("session = sess-1")},
        {"event.type", QStringLiteral("type = complete")},
        {"event.role", QStringLiteral("event.role = \"say \\\"hi\\\" \u00fc\\\\n\"")},
        {"event.usage.total_tokens", QStringLiteral("event.usage.total_tokens = 12001")},
        {"event.usage.ratio", QStringLiteral("event.usage.ratio = -1.5e3")},
        {"event.flag", QStringLiteral("event.flag = true")},
        {"event.none", QStringLiteral("event.none = null")},
        {"event.items[1]", QStringLiteral("event.items[1] = b")},
        {"event.usage", QStringLiteral("exists(event.usage)")},
        {"event.list", QStringLiteral("exists(event.list)")},
    };
    const auto holds = [](const QString &query, const std::string &l) {
        LineQueryMatcher m(EventQuery::parse(query));
        return m.matches(l, "events-00000000000000000001.jsonl");
    };
    for (const auto &[p, expected] : cases) {
        const auto term = QueryLanguage::valueTerm(line, path(p));
        QVERIFY2(term, p);
        QCOMPARE(*term, expected);
        QVERIFY2(EventQuery::parse(*term).isValid(), qPrintable(*term));
        QVERIFY2(holds(*term, line), qPrintable(*term));
        const auto negated = QueryLanguage::valueTerm(line, path(p), true);
        QVERIFY2(negated && !holds(*negated, line), p);
        if (std::string_view(p) != "event.usage") { // both lines have a usage object
            QVERIFY2(!holds(*term, other), qPrintable(*term));
            QVERIFY2(holds(*negated, other), qPrintable(*negated));
        }
    }
    // Nothing the language cannot name, no missing value, no huge string.
    QVERIFY(!QueryLanguage::valueTerm(line, path("other")));
    QVERIFY(!QueryLanguage::valueTerm(line, path("event[\"a.b\"]")));
    QVERIFY(!QueryLanguage::valueTerm(line, path("event.missing")));
    QVERIFY(!QueryLanguage::valueTerm(line, path("event.items[5]")));
    const std::string huge =
        R"({"seq":1,"event":{"type":"x","content":")" + std::string(5000, 'x') + R"("}})";
    QVERIFY(!QueryLanguage::valueTerm(huge, path("event.content")));
    QCOMPARE(QueryLanguage::pathFor(path("event.usage.total_tokens")),
             std::optional<QString>(QStringLiteral("event.usage.total_tokens")));
}

void tst_EventQuery::completion_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("cursor");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("start");
    QTest::addColumn<QString>("prefix");
    using C = QueryLanguage::Completion;
    QTest::addRow("empty") << "" << 0 << int(C::Path) << "" << 0 << "";
    QTest::addRow("typing a path") << "event.ro" << 8 << int(C::Path) << "" << 0 << "event.ro";
    QTest::addRow("after and") << "type = a and ev" << 15 << int(C::Path) << "" << 13 << "ev";
    QTest::addRow("after not and paren") << "not (ty" << 7 << int(C::Path) << "" << 5 << "ty";
    QTest::addRow("inside exists") << "exists(event.pl" << 15 << int(C::Path) << "" << 7 << "event.pl";
    QTest::addRow("value after =") << "event.role = " << 13 << int(C::Value) << "event.role" << 13 << "";
    QTest::addRow("value typed") << "event.role = us" << 15 << int(C::Value) << "event.role" << 13 << "us";
    QTest::addRow("value quoted") << "event.role = \"us" << 16 << int(C::Value) << "event.role" << 13 << "us";
    QTest::addRow("value after !=") << "type!=com" << 9 << int(C::Value) << "type" << 6 << "com";
    QTest::addRow("list value") << "type in (error, can" << 19 << int(C::Value) << "type" << 16 << "can";
    QTest::addRow("list first") << "type in (" << 9 << int(C::Value) << "type" << 9 << "";
    QTest::addRow("cursor in the middle")
        << "event.role = user and seq > 1" << 15 << int(C::Value) << "event.role" << 13 << "us";
    QTest::addRow("after a value") << "event.role = user " << 18 << int(C::None) << "" << 0 << "";
    QTest::addRow("ordering") << "seq > " << 6 << int(C::None) << "" << 0 << "";
    QTest::addRow("operator") << "event.role " << 11 << int(C::None) << "" << 0 << "";
    QTest::addRow("inside text") << "\"abc" << 4 << int(C::None) << "" << 0 << "";
}

void tst_EventQuery::completion()
{
    QFETCH(QString, text);
    QFETCH(int, cursor);
    QFETCH(int, kind);
    QFETCH(QString, path);
    QFETCH(int, start);
    QFETCH(QString, prefix);
    const QueryLanguage::Completion c = QueryLanguage::completionAt(text, cursor);
    QCOMPARE(int(c.kind), kind);
    if (kind == QueryLanguage::Completion::None)
        return;
    QCOMPARE(c.path, path);
    QCOMPARE(c.start, start);
    QCOMPARE(c.prefix, prefix);
}

void tst_EventQuery::matchesLines()
{
    // One event, by hand: the semantics the README promises.
    const QByteArray line =
        R"({"seq":7,"ts":"2026-11-20T09:00:01.5Z","session_id":"sess-1","event":{"type":"complete","usage":)"
        R"({"prompt_tokens":10,"completion_tokens":20000,"total_tokens":20010},"k\u0065y":"v","big":18446744073709551615,)"
        R"("neg":-5,"f":2.5,"nothing":null,"flag":false,"list":[1,"two",{"three":3}],"caf\u00e9":"x","text":"Über"}})";
    QByteArray current = line; // the line the terms are matched against
    const auto holds = [&](const char *text, bool ignoreCase = false) {
        EventQuery::Options options;
        options.ignoreCase = ignoreCase;
        QueryError error;
        const EventQuery q = EventQuery::parse(QString::fromUtf8(text), &error, options);
        if (error.isError())
            qWarning() << error.message;
        LineQueryMatcher matcher(q);
        return matcher.matches(std::string_view(current.constData(), size_t(current.size())),
                               "events-00000000000000000001.jsonl");
    };
    QVERIFY(holds("type = complete and event.usage.total_tokens > 10000"));
    QVERIFY(!holds("event.usage.total_tokens > 20010"));
    QVERIFY(holds("event.usage.total_tokens >= 20010"));
    QVERIFY(holds("event.usage.total_tokens = 20010.0"));
    QVERIFY(!holds("event.usage.total_tokens = \"20010\""));
    QVERIFY(holds("event.key = v")); // a key written with \u escapes
    QVERIFY(holds("event.big = 18446744073709551615"));
    QVERIFY(!holds("event.big = 18446744073709551614")); // exact, not as doubles
    QVERIFY(holds("event.big > 9223372036854775807"));
    QVERIFY(holds("event.neg < 0 and event.neg = -5 and event.neg > -6"));
    QVERIFY(holds("event.f > 2 and event.f < 3"));
    QVERIFY(holds("event.nothing = null and exists(event.nothing)"));
    QVERIFY(!holds("event.nothing != null"));
    QVERIFY(!holds("event.flag != null"));
    QVERIFY(holds("event.flag = false and event.flag != true"));
    QVERIFY(!holds("exists(event.absent)"));
    QVERIFY(!holds("event.absent = null or event.absent != 1"));
    QVERIFY(holds("not (event.role = user)"));
    QVERIFY(holds("exists(event.list) and event.list[1] = two and event.list[2].three = 3"));
    QVERIFY(!holds("event.list = 1 or event.list[3] = 1 or exists(event.list[9])"));
    QVERIFY(holds("event.café = x"));
    QVERIFY(holds("seq = 7 and seq ~ /^7$/ and seq in (1, 7)"));
    QVERIFY(holds("ts = 2026-11-20T09:00:01.500Z and ts > 2026-11-20 and ts < 2026-11-21"));
    QVERIFY(holds("ts ~ /01\\.5Z$/"));
    QVERIFY(holds("session = sess-1 and session != sess-2 and exists(session)"));
    QVERIFY(!holds("session = null"));
    QVERIFY(holds("file = events-00000000000000000001.jsonl"));
    QVERIFY(holds("file ~ /0001\\.jsonl$/"));
    QVERIFY(holds("\"Über\"") && !holds("\"über\"") && holds("\"über\"", true));
    QVERIFY(holds("event.text ~ /über/i") && !holds("event.text ~ /über/"));
    QVERIFY(holds("event.text > Zebra")); // by code point: Ü after Z
    QVERIFY(holds("type ~ plet"));
    QVERIFY(holds(""));

    // Spaces, nested values and escaped quotes before the field looked for; a string value with escapes.
    const QByteArray spaced =
        R"( { "seq" : 9 , "ts" : "2026-11-20T09:00:02Z" , "session_id" : "s" , "event" : { "type" : "x" ,)"
        R"( "skip" : [ {"a":"]}\"["} , [ [ ] ] , "x\\" ] , "q" : "say \"hi\"" , "n" : -0 , "e" : 1E2 ,)"
        R"( "list" : [ 10 , 20 , { "k" : [ 1 , 2 , 3 ] } ] } } )";
    current = spaced;
    QVERIFY(holds("event.q = \"say \\\"hi\\\"\""));
    QVERIFY(holds("event.n = 0 and event.e = 100 and event.list[1] = 20 and event.list[2].k[2] = 3"));
    QVERIFY(holds("event.skip[0].a = \"]}\\\"[\" and event.skip[2] = \"x\\\\\""));
    QVERIFY(!holds("exists(event.list[3]) or exists(event.list[2].k[3]) or exists(event.skip[0].b)"));

    // Without a session, with a bad timestamp.
    const QByteArray bare =
        R"({"seq":8,"ts":"yesterday","session_id":null,"event":{"type":"error","message":"m"}})";
    current = bare;
    QVERIFY(holds("session = null and not exists(session) and not exists(ts)"));
    QVERIFY(!holds("session != sess-1"));
    QVERIFY(!holds("ts < 2100-01-01 or ts > 1970-01-01"));
    QVERIFY(holds("ts ~ yester"));
}

void tst_EventQuery::againstIndependentEvaluation_data()
{
    QTest::addColumn<quint64>("seed");
    QTest::addColumn<bool>("ignoreCase");
    QTest::addRow("seed 1") << quint64(1) << false;
    QTest::addRow("seed 2") << quint64(2) << true;
    QTest::addRow("seed 3") << quint64(3) << false;
}

void tst_EventQuery::againstIndependentEvaluation()
{
    QFETCH(quint64, seed);
    QFETCH(bool, ignoreCase);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    {
        JournalSimulator sim;
        JournalSimulator::Options options;
        options.rotateThreshold = 96 * 1024;
        options.seed = seed;
        QString error;
        QVERIFY2(sim.open(dir.path(), options, &error), qPrintable(error));
        for (int i = 0; i < 2500; ++i)
            QVERIFY2(sim.appendNext(&error), qPrintable(error));
    }
    // Lines the simulator never writes: odd values, a bad session id and timestamp, escaped keys.
    const QByteArray odd =
        R"({"seq":900001,"ts":"not a time","session_id":5,"event":{"type":"x_custom","n":-3,"f":1.5,)"
        R"("big":18446744073709551615,"s":"caf\u00e9","k\u0065y":"escaped","arr":[1,"two",null,{"a":true}],)"
        R"("obj":{"nested":{"deep":"v"}},"role":"user","status":"blocked"}})"
        "\n"
        R"({"seq":900002,"ts":"2026-11-21T00:00:00Z","event":{"type":"message_appended","role":7,"content":")" +
        QByteArray(400, 'x') +
        R"("}})"
        "\n"
        R"({"seq":900003,"ts":"2026-11-21T00:00:01Z","session_id":"","event":{"type":"","status":"","usage":{"total_tokens":12.5}}})"
        "\n";
    writeFile(QDir(dir.path()).filePath(JournalFileName::forStartSeq(900001)), odd);

    const JournalIndex index = JournalIndex::build(dir.path());
    QVERIFY(index.eventCount() > 2500);
    std::vector<RefEvent> events;
    Observed observed;
    for (const FileIndex &fi : index.files()) {
        QFile f(QString::fromUtf8(fi.entry.path));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll();
        for (const EventRecord &r : fi.records) {
            RefEvent ev;
            ev.line = bytes.mid(qsizetype(r.offset()), qsizetype(r.length));
            ev.root = QJsonDocument::fromJson(ev.line).object();
            ev.file = fi.entry.name;
            QVERIFY(!ev.root.isEmpty());
            if (events.size() % 7 == 0 || r.seq > 900000)
                observe(ev.root.value(QLatin1String("event")), QStringLiteral("event"), &observed);
            events.push_back(std::move(ev));
        }
    }
    Generator gen(seed, observed, events);
    auto cache = std::make_shared<QueryColumnCache>();
    int nonTrivial = 0;
    for (int round = 0; round < 150; ++round) {
        const RefExpr expr = gen.expr(3);
        const QString text = render(expr);
        QueryError error;
        EventQuery::Options options;
        options.ignoreCase = ignoreCase;
        const EventQuery parsed = EventQuery::parse(text, &error, options);
        QVERIFY2(!error.isError(), qPrintable(text + QLatin1String(": ") + error.message));
        std::vector<qint64> expected;
        for (size_t i = 0; i < events.size(); ++i)
            if (refHolds(expr, events[i], ignoreCase))
                expected.push_back(qint64(i));
        if (!expected.empty() && expected.size() < events.size())
            ++nonTrivial;

        // Per line.
        LineQueryMatcher matcher(parsed);
        std::vector<qint64> perLine;
        for (size_t i = 0; i < events.size(); ++i) {
            const QByteArray file = events[i].file.toUtf8();
            if (matcher.matches(std::string_view(events[i].line.constData(), size_t(events[i].line.size())),
                                std::string_view(file.constData(), size_t(file.size()))))
                perLine.push_back(qint64(i));
        }
        QVERIFY2(perLine == expected, qPrintable(QStringLiteral("per line: %1 (%2 vs %3 expected)")
                                                     .arg(text)
                                                     .arg(perLine.size())
                                                     .arg(expected.size())));

        // Over the index: reading lines, then through the cache (cold, then warm).
        EventFilter filter;
        filter.where = text;
        filter.ignoreCase = ignoreCase;
        CompiledFilter compiled(filter, index);
        QVERIFY2(compiled.selectRows(index) == expected,
                 qPrintable(QStringLiteral("over the index: %1").arg(text)));
        compiled.setCache(cache);
        QVERIFY2(compiled.selectRows(index) == expected,
                 qPrintable(QStringLiteral("cold cache: %1").arg(text)));
        QVERIFY2(compiled.selectRows(index) == expected,
                 qPrintable(QStringLiteral("warm cache: %1").arg(text)));
    }
    QVERIFY2(nonTrivial > 60, qPrintable(QString::number(nonTrivial))); // the expressions do select
    QVERIFY(cache->pathCount() > 0);
}

void tst_EventQuery::cacheFollowsTheFile()
{
    QTemporaryDir dir;
    const QString path = QDir(dir.path()).filePath(JournalFileName::forStartSeq(1));
    const auto event = [](quint64 seq, const char *role) -> QByteArray {
        return "{\"seq\":" + QByteArray::number(seq) +
               R"(,"ts":"2026-11-20T09:00:00Z","session_id":"s","event":{"type":"message_appended","role":")" +
               role + "\"}}\n";
    };
    writeFile(path, event(1, "user") + event(2, "assistant"));
    JournalIndex index = JournalIndex::build(dir.path());
    auto cache = std::make_shared<QueryColumnCache>();
    EventFilter filter;
    filter.where = QStringLiteral("event.role = user");
    const auto rows = [&] {
        CompiledFilter compiled(filter, index);
        compiled.setCache(cache);
        std::vector<quint64> seqs;
        for (const qint64 row : compiled.selectRows(index))
            seqs.push_back(index.record(row).seq);
        return seqs;
    };
    QCOMPARE(rows(), std::vector<quint64>{1});
    QCOMPARE(cache->recordCount(), qint64(2));
    // Appended: the column grows with the file.
    appendFile(path, event(3, "user"));
    index.update(JournalDirectory::list(dir.path()));
    QCOMPARE(rows(), (std::vector<quint64>{1, 3}));
    QCOMPARE(cache->recordCount(), qint64(3));
    // Truncated and written again (same inode, other lines at the same places): the index scans it anew,
    // and the old column, whose last record looks the same, is not taken for it.
    const qint64 before = QFileInfo(path).size();
    QVERIFY(QFile::resize(path, 0));
    index.update(JournalDirectory::list(dir.path()));
    QCOMPARE(index.eventCount(), qint64(0));
    writeFile(path, event(1, "assistant") + event(2, "user") + event(3, "user"));
    QCOMPARE(QFileInfo(path).size(), before);
    index.update(JournalDirectory::list(dir.path()));
    QCOMPARE(rows(), (std::vector<quint64>{2, 3}));
    QCOMPARE(cache->recordCount(), qint64(3));
}

void tst_EventQuery::cacheKeepsTheLastPaths()
{
    QTemporaryDir dir;
    QByteArray fields;
    for (int i = 0; i < QueryColumnCache::MaxPaths + 3; ++i)
        fields += ",\"f" + QByteArray::number(i) + "\":" + QByteArray::number(i);
    writeFile(QDir(dir.path()).filePath(JournalFileName::forStartSeq(1)),
              R"({"seq":1,"ts":"2026-11-20T09:00:00Z","session_id":"s","event":{"type":"x")" + fields +
                  "}}\n");
    const JournalIndex index = JournalIndex::build(dir.path());
    auto cache = std::make_shared<QueryColumnCache>();
    const auto count = [&](int field) {
        EventFilter filter;
        filter.where = QStringLiteral("event.f%1 = %1").arg(field);
        CompiledFilter compiled(filter, index);
        compiled.setCache(cache);
        return compiled.selectRows(index).size();
    };
    for (int i = 0; i < QueryColumnCache::MaxPaths + 3; ++i) {
        QCOMPARE(count(i), size_t(1));
        QCOMPARE(cache->pathCount(), std::min(i + 1, QueryColumnCache::MaxPaths));
    }
    // The oldest went; the newest are still there (and still right).
    QVERIFY(!cache->find({index.snapshot()->files[0].path, index.files()[0].entry.device,
                          index.files()[0].entry.inode, index.files()[0].scanId},
                         "event.f0"));
    QCOMPARE(count(QueryColumnCache::MaxPaths + 2), size_t(1));
    QCOMPARE(cache->pathCount(), QueryColumnCache::MaxPaths);
}

void tst_EventQuery::unreadableFileMatchesNothing()
{
    QTemporaryDir dir;
    writeRange(dir.path(), 1, 10);
    const JournalIndex index = JournalIndex::build(dir.path());
    QVERIFY(QFile::remove(QDir(dir.path()).filePath(JournalFileName::forStartSeq(1))));
    EventFilter filter;
    filter.where = QStringLiteral("event.type = session_deleted");
    QVERIFY(CompiledFilter(filter, index).selectRows(index).empty());
    filter.where = QStringLiteral("type = session_deleted"); // the index alone decides
    QCOMPARE(CompiledFilter(filter, index).selectRows(index).size(), size_t(10));
}

QTEST_GUILESS_MAIN(tst_EventQuery)
#include "tst_eventquery.moc"
