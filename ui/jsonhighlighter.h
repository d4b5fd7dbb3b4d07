// SPDX-License-Identifier: MIT
#pragma once

#include <QStringView>
#include <QTextCharFormat>

class QPalette;
class QTextCursor;

// The colours of indented JSON for a palette: darker ones on a light background, lighter ones on a dark one.
// Plain values (QColor): taken from a palette on the GUI thread, used on workers.
struct JsonColours
{
    QColor key;
    QColor string;
    QColor number;
    QColor literal;
    QColor link;

    static JsonColours light();
    static JsonColours dark();
    // By the lightness of the palette's Base colour; links in the palette's link colour when it reads there.
    static JsonColours forPalette(const QPalette &palette);
};

// The colours of indented JSON: keys, strings, numbers, and true/false/null. It writes a line into a document
// with its colours as character formats, so a document is coloured once, where it is built (on a worker),
// instead of by a QSyntaxHighlighter on the GUI thread each time it is shown. One pass over the line
// (JsonPretty::lex). Reentrant: each worker uses its own instance.
class JsonHighlighter
{
public:
    explicit JsonHighlighter(const JsonColours &colours = JsonColours::light());

    // Appends `line` at the cursor, coloured.
    void insertLine(QTextCursor &cursor, QStringView line) const;

    const QTextCharFormat &plain() const { return m_plain; }
    // A clickable span; its href comes back from QPlainTextEdit::anchorAt().
    QTextCharFormat link(const QString &href) const;

private:
    JsonColours m_colours;
    QTextCharFormat m_plain;
    QTextCharFormat m_key;
    QTextCharFormat m_string;
    QTextCharFormat m_number;
    QTextCharFormat m_literal;
};
