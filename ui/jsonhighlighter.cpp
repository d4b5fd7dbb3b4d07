// SPDX-License-Identifier: MIT
#include "jsonhighlighter.h"

#include "jsonpretty.h"

#include <QColor>
#include <QPalette>
#include <QTextCursor>

JsonColours JsonColours::light()
{
    return {QColor(0x1f, 0x5f, 0xa8), QColor(0x2e, 0x7d, 0x32), QColor(0xad, 0x5a, 0x00),
            QColor(0x8e, 0x24, 0xaa), QColor(0x0b, 0x57, 0xd0)};
}

JsonColours JsonColours::dark()
{
    return {QColor(0x8a, 0xb8, 0xff), QColor(0xa5, 0xd6, 0xa7), QColor(0xff, 0xb7, 0x4d),
            QColor(0xd7, 0xa2, 0xf0), QColor(0x8a, 0xb4, 0xf8)};
}

JsonColours JsonColours::forPalette(const QPalette &palette)
{
    const bool isDark = palette.color(QPalette::Base).lightness() < 128;
    JsonColours colours = isDark ? dark() : light();
    const QColor link = palette.color(QPalette::Link);
    // The palette's link colour when it stands out from the background it is drawn on.
    if (std::abs(link.lightness() - palette.color(QPalette::Base).lightness()) > 90)
        colours.link = link;
    return colours;
}

JsonHighlighter::JsonHighlighter(const JsonColours &colours)
    : m_colours(colours)
{
    m_key.setForeground(colours.key);
    m_key.setFontWeight(QFont::DemiBold);
    m_string.setForeground(colours.string);
    m_number.setForeground(colours.number);
    m_literal.setForeground(colours.literal);
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
    format.setForeground(m_colours.link);
    format.setFontUnderline(true);
    format.setAnchor(true);
    format.setAnchorHref(href);
    return format;
}
