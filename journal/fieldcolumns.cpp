// SPDX-License-Identifier: MIT
#include "fieldcolumns.h"

#include "eventdialect.h"
#include "eventsummary.h"

#include <QCoreApplication>

#include <simdjson.h>

namespace {

const QString DialectPrefix = QStringLiteral("dialect:");
const QString PathPrefix = QStringLiteral("path:");

QString text(std::string_view s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

// A dialect field's dotted path, below "event".
JsonPath::Path eventPath(std::string_view dotted)
{
    JsonPath::Path path{{QByteArrayLiteral("event"), -1}};
    for (const QString &part : text(dotted).split(QLatin1Char('.')))
        path.push_back({part.toUtf8(), -1});
    return path;
}

bool find(const simdjson::dom::object &root, const JsonPath::Path &path, simdjson::dom::element *out)
{
    if (path.empty() || path.front().isIndex())
        return false;
    simdjson::dom::element e;
    const QByteArray &first = path.front().key;
    if (root.at_key(std::string_view(first.constData(), size_t(first.size()))).get(e))
        return false;
    for (size_t i = 1; i < path.size(); ++i) {
        const JsonPath::Step &step = path[i];
        if (step.isIndex()) {
            simdjson::dom::array array;
            if (e.get(array) || array.at(size_t(step.index)).get(e))
                return false;
        } else {
            simdjson::dom::object object;
            if (e.get(object) ||
                object.at_key(std::string_view(step.key.constData(), size_t(step.key.size()))).get(e))
                return false;
        }
    }
    *out = e;
    return true;
}

// A string as a cell shows it: one line, control characters visible, cut.
QString cellText(std::string_view s)
{
    const size_t maxBytes = size_t(FieldValue::MaxTextLength) * 4;
    bool longer = s.size() > maxBytes;
    if (longer) {
        s = s.substr(0, maxBytes);
        while (!s.empty() && (uchar(s.back()) & 0xC0) == 0x80)
            s.remove_suffix(1);
        if (!s.empty() && uchar(s.back()) >= 0xC0)
            s.remove_suffix(1);
    }
    QString in = text(s);
    QString out;
    out.reserve(std::min<qsizetype>(in.size(), FieldValue::MaxTextLength + 1));
    for (qsizetype i = 0; i < in.size(); ++i) {
        if (out.size() >= FieldValue::MaxTextLength) {
            longer = true;
            break;
        }
        const QChar c = in[i];
        if (c == QLatin1Char('\n'))
            out += QChar(0x21B5); // ↵
        else if (c == QLatin1Char('\r'))
            continue;
        else if (c == QLatin1Char('\t'))
            out += QLatin1Char(' ');
        else if (c.unicode() < 0x20)
            out += QChar(0x2400 + c.unicode()); // the control picture
        else
            out += c;
    }
    if (longer)
        out += QChar(0x2026);
    return out;
}

FieldValue valueOf(simdjson::dom::element e, const JsonPath::Path &path, std::string_view line)
{
    FieldValue v;
    const auto raw = [&]() -> std::optional<std::string_view> {
        const auto at = JsonPath::locate(line, path);
        if (!at)
            return std::nullopt;
        return line.substr(at->first, at->second - at->first);
    };
    switch (e.type()) {
    case simdjson::dom::element_type::STRING:
        v.kind = FieldValue::Kind::String;
        v.text = cellText(std::string_view(e));
        break;
    case simdjson::dom::element_type::INT64:
        v.kind = FieldValue::Kind::Number;
        v.text = QString::number(qint64(int64_t(e)));
        break;
    case simdjson::dom::element_type::UINT64:
        v.kind = FieldValue::Kind::Number;
        v.text = QString::number(quint64(uint64_t(e)));
        break;
    case simdjson::dom::element_type::DOUBLE:
        // As written: 1.50 stays 1.50, 1e3 stays 1e3.
        v.kind = FieldValue::Kind::Number;
        if (const auto token = raw())
            v.text = text(*token);
        else
            v.text = QString::number(double(e), 'g', 17);
        break;
    case simdjson::dom::element_type::BOOL:
        v.kind = FieldValue::Kind::Bool;
        v.text = bool(e) ? QStringLiteral("true") : QStringLiteral("false");
        break;
    case simdjson::dom::element_type::NULL_VALUE:
        v.kind = FieldValue::Kind::Null;
        v.text = QStringLiteral("null");
        break;
    case simdjson::dom::element_type::OBJECT:
    case simdjson::dom::element_type::ARRAY: {
        v.kind = e.type() == simdjson::dom::element_type::OBJECT ? FieldValue::Kind::Object
                                                                 : FieldValue::Kind::Array;
        bool cut = false;
        QByteArray json;
        if (const auto token = raw()) {
            json = JsonPath::compact(*token, FieldValue::MaxJsonBytes, &cut);
        } else {
            const std::string all = simdjson::minify(e);
            json = JsonPath::compact(all, FieldValue::MaxJsonBytes, &cut);
        }
        v.text = cellText(std::string_view(json.constData(), size_t(json.size())));
        if (cut)
            v.text += QChar(0x2026);
        break;
    }
    }
    return v;
}

} // namespace

std::optional<FieldColumn> FieldColumn::path(const QString &path)
{
    const auto parsed = JsonPath::parse(path);
    if (!parsed || parsed->empty())
        return std::nullopt;
    return FieldColumn{Kind::Path, JsonPath::format(*parsed)};
}

QString FieldColumn::id() const
{
    return (kind == Kind::Dialect ? DialectPrefix : PathPrefix) + key;
}

std::optional<FieldColumn> FieldColumn::fromId(const QString &id)
{
    if (id.startsWith(DialectPrefix)) {
        const QString header = id.mid(DialectPrefix.size());
        if (!dialectHeaders().contains(header))
            return std::nullopt;
        return dialect(header);
    }
    if (id.startsWith(PathPrefix))
        return path(id.mid(PathPrefix.size()));
    return std::nullopt;
}

QString FieldColumn::title() const
{
    if (kind == Kind::Path || key.isEmpty())
        return key;
    return key.left(1).toUpper() + key.mid(1);
}

QStringList FieldColumn::dialectHeaders()
{
    static const QStringList headers = [] {
        QStringList out;
        for (const EventDialect::Type &type : EventDialect::types())
            for (const EventDialect::Field &field : type.fields)
                if (!field.column.empty() && !out.contains(text(field.column)))
                    out.append(text(field.column));
        return out;
    }();
    return headers;
}

FieldColumns::FieldColumns(QList<FieldColumn> columns)
    : m_columns(std::move(columns))
{
    m_compiled.reserve(size_t(m_columns.size()));
    for (const FieldColumn &column : std::as_const(m_columns)) {
        Compiled c;
        if (column.kind == FieldColumn::Kind::Path) {
            c.path = JsonPath::parse(column.key).value_or(JsonPath::Path());
        } else {
            c.dialect = true;
            const QByteArray header = column.key.toUtf8();
            const std::string_view h(header.constData(), size_t(header.size()));
            for (const EventDialect::Type &type : EventDialect::types()) {
                for (const EventDialect::Field &field : type.fields) {
                    if (field.column != h)
                        continue;
                    JsonPath::Path path = eventPath(field.path);
                    c.byType.emplace_back(std::string(type.name), path);
                    if (std::find(c.fallback.begin(), c.fallback.end(), path) == c.fallback.end())
                        c.fallback.push_back(std::move(path));
                    break;
                }
            }
        }
        m_compiled.push_back(std::move(c));
    }
}

std::vector<FieldValue> FieldColumns::values(const simdjson::dom::object &root, std::string_view line) const
{
    std::vector<FieldValue> out(m_compiled.size());
    std::string_view type;
    bool known = false;
    simdjson::dom::object event;
    if (!root["event"].get(event) && !event["type"].get(type))
        known = EventDialect::find(type) != nullptr;
    for (size_t i = 0; i < m_compiled.size(); ++i) {
        const Compiled &c = m_compiled[i];
        simdjson::dom::element e;
        if (!c.dialect) {
            if (!c.path.empty() && find(root, c.path, &e))
                out[i] = valueOf(e, c.path, line);
            continue;
        }
        if (known) {
            for (const auto &[name, path] : c.byType) {
                if (name == type) {
                    if (find(root, path, &e))
                        out[i] = valueOf(e, path, line);
                    break;
                }
            }
            continue;
        }
        // A type the dialect does not describe: the first of the header's fields it has.
        for (const JsonPath::Path &path : c.fallback) {
            if (find(root, path, &e)) {
                out[i] = valueOf(e, path, line);
                break;
            }
        }
    }
    return out;
}

RowDecoder::RowDecoder()
    : m_parser(std::make_unique<simdjson::dom::parser>())
{}

RowDecoder::~RowDecoder() = default;

RowDecoder::Row RowDecoder::decode(std::string_view line, const FieldColumns *columns, int maxSummaryLength)
{
    Row row;
    if (columns)
        row.values.resize(size_t(columns->size()));
    simdjson::dom::object root;
    if (m_parser->parse(line.data(), line.size(), true).get(root))
        return row;
    row.ok = true;
    simdjson::dom::object event;
    if (!root["event"].get(event))
        row.summary = EventSummary::summarize(event, maxSummaryLength);
    if (columns)
        row.values = columns->values(root, line);
    return row;
}
