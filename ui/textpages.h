// SPDX-License-Identifier: MIT
#pragma once

#include "jsonpretty.h"

#include <QByteArray>
#include <QFont>
#include <QString>

#include <atomic>
#include <memory>
#include <vector>

class QTextDocument;
class QThread;
class TextMatcher;

// A text of any size cut into pages a text view can take whole: at most PageLines lines and about PageBytes
// bytes each, and no line longer than MaxLineBytes (longer ones continue on the next line, split between
// two characters). A page becomes a QTextDocument in one bounded step, so showing it costs the same for a
// 200-byte event and a 64 MiB one. Immutable once built; built and turned into documents on workers, shared
// with the GUI thread through std::shared_ptr<const TextPages>.
struct TextPages
{
    // A QPlainTextEdit lays out a few whole blocks at the top and bottom of a new document: 1 KiB lines keep
    // that under a few milliseconds (4 KiB lines took tens).
    static constexpr qsizetype MaxLineBytes = 1024;
    static constexpr qsizetype PageLines = 5000;
    static constexpr qsizetype PageBytes = 1 << 20;

    enum class Kind { Plain, Json };

    Kind kind = Kind::Plain;
    QByteArray text;                   // UTF-8
    std::vector<qsizetype> lineStarts; // display lines; a line ends at the next start, before its '\n'
    std::vector<qsizetype> pageStarts; // each page's first line
    std::vector<JsonPretty::Cut> cuts; // Json: the long strings shown cut, ascending textEnd
    bool complete = true;              // false: cancelled while building

    // Indented JSON from JsonPretty::outline().
    static TextPages fromOutline(JsonPretty::Outline outline, const std::atomic<bool> *cancel = nullptr);
    // Lines split at '\n'.
    static TextPages fromPlain(QByteArray text, const std::atomic<bool> *cancel = nullptr);

    qsizetype lineCount() const { return qsizetype(lineStarts.size()); }
    int pageCount() const { return int(pageStarts.size()); }
    qsizetype lineEnd(qsizetype line) const;
    // The first line of `page` and one past its last.
    qsizetype pageFirstLine(int page) const;
    qsizetype pageEndLine(int page) const;
    // The text of [first, end) lines, '\n' between them (no '\n' where a long line was split).
    QString linesText(qsizetype first, qsizetype end) const;
    QString pageText(int page) const { return linesText(pageFirstLine(page), pageEndLine(page)); }

    // The page as a document for a QPlainTextEdit (with its layout), coloured when Json, a cut string
    // followed by a "show all" link whose href is "cut:<index in cuts>"; moved to `owner` at the end.
    // Returns null when cancelled. Runs on any thread. With `highlight`, its matches in each line are marked
    // (a match across a split long line is not; at most MaxHighlights a page).
    std::unique_ptr<QTextDocument> buildPage(int page, const QFont &font, QThread *owner,
                                             const std::atomic<bool> *cancel = nullptr,
                                             const TextMatcher *highlight = nullptr) const;
    static constexpr int MaxHighlights = 5000;

private:
    void addLine(qsizetype begin, qsizetype end);
    void paginate();
};
