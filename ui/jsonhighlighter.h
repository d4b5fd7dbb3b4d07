// SPDX-License-Identifier: MIT
#pragma once

#include <QStringView>
#include <QTextCharFormat>

class QTextCursor;

// The colours of indented JSON: keys, strings, numbers, and true/false/null. It writes a line into a document
// with its colours as character formats, so a document is coloured once, where it is built (on a worker),
// instead of by a QSyntaxHighlighter on the GUI thread each time it is shown. One pass over the line
// (JsonPretty::lex). Reentrant: each worker uses its own instance.
class JsonHighlighter
{
public:
    JsonHighlighter();

    // Appends `line` at the cursor, coloured.
    void insertLine(QTextCursor &cursor, QStringView line) const;

    const QTextCharFormat &plain() const { return m_plain; }
    // A clickable span; its href comes back from QPlainTextEdit::anchorAt().
    QTextCharFormat link(const QString &href) const;

private:
    QTextCharFormat m_plain;
    QTextCharFormat m_key;
    QTextCharFormat m_string;
    QTextCharFormat m_number;
    QTextCharFormat m_literal;
};
