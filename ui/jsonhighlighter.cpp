// SPDX-License-Identifier: MIT
#include "jsonhighlighter.h"

#include <QColor>

JsonHighlighter::JsonHighlighter(QTextDocument *parent)
    : QSyntaxHighlighter(parent)
{
    m_key.setForeground(QColor(0x1f, 0x5f, 0xa8));
    m_key.setFontWeight(QFont::DemiBold);
    m_string.setForeground(QColor(0x2e, 0x7d, 0x32));
    m_number.setForeground(QColor(0xad, 0x5a, 0x00));
    m_literal.setForeground(QColor(0x8e, 0x24, 0xaa));
}

void JsonHighlighter::highlightBlock(const QString &text)
{
    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n;) {
        const QChar c = text[i];
        if (c == QLatin1Char('"')) {
            qsizetype j = i + 1;
            while (j < n && text[j] != QLatin1Char('"'))
                j += text[j] == QLatin1Char('\\') ? 2 : 1;
            j = std::min(j + 1, n);
            qsizetype k = j;
            while (k < n && text[k] == QLatin1Char(' '))
                ++k;
            const bool isKey = k < n && text[k] == QLatin1Char(':');
            setFormat(int(i), int(j - i), isKey ? m_key : m_string);
            i = j;
        } else if (c.isDigit() || c == QLatin1Char('-')) {
            qsizetype j = i + 1;
            while (j < n && (text[j].isDigit() || text[j] == QLatin1Char('.') ||
                             text[j] == QLatin1Char('e') || text[j] == QLatin1Char('E') ||
                             text[j] == QLatin1Char('+') || text[j] == QLatin1Char('-')))
                ++j;
            setFormat(int(i), int(j - i), m_number);
            i = j;
        } else if (text.mid(i, 4) == QLatin1String("true") || text.mid(i, 4) == QLatin1String("null")) {
            setFormat(int(i), 4, m_literal);
            i += 4;
        } else if (text.mid(i, 5) == QLatin1String("false")) {
            setFormat(int(i), 5, m_literal);
            i += 5;
        } else {
            ++i;
        }
    }
}
