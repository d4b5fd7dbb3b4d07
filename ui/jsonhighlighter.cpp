// SPDX-License-Identifier: MIT
#include "jsonhighlighter.h"

#include "jsonpretty.h"

#include <QColor>
#include <QTextCursor>

JsonHighlighter::JsonHighlighter()
{
    m_key.setForeground(QColor(0x1f, 0x5f, 0xa8));
    m_key.setFontWeight(QFont::DemiBold);
    m_string.setForeground(QColor(0x2e, 0x7d, 0x32));
    m_number.setForeground(QColor(0xad, 0x5a, 0x00));
    m_literal.setForeground(QColor(0x8e, 0x24, 0xaa));
}

void JsonHighlighter::insertLine(QTextCursor &cursor, QStringView line) const
{
    qsizetype at = 0;
    for (const JsonPretty::Span &span : JsonPretty::lex(line)) {
        if (span.begin > at)
            cursor.insertText(line.sliced(at, span.begin - at).toString(), m_plain);
        const QTextCharFormat *format = &m_string;
        switch (span.token) {
        case JsonPretty::Token::Key:
            format = &m_key;
            break;
        case JsonPretty::Token::String:
            break;
        case JsonPretty::Token::Number:
            format = &m_number;
            break;
        case JsonPretty::Token::Literal:
            format = &m_literal;
            break;
        }
        cursor.insertText(line.sliced(span.begin, span.length).toString(), *format);
        at = span.begin + span.length;
    }
    if (at < line.size())
        cursor.insertText(line.sliced(at).toString(), m_plain);
}

QTextCharFormat JsonHighlighter::link(const QString &href) const
{
    QTextCharFormat format;
    format.setForeground(QColor(0x0b, 0x57, 0xd0));
    format.setFontUnderline(true);
    format.setAnchor(true);
    format.setAnchorHref(href);
    return format;
}
