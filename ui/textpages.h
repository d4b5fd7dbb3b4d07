// SPDX-License-Identifier: MIT
#pragma once

#include "jsonhighlighter.h"
#include "jsonpath.h"
#include "jsonpretty.h"

#include <QByteArray>
#include <QFont>
#include <QString>
#include <QTextFormat>

#include <atomic>
#include <memory>
#include <optional>
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
    // Marks text a page shows that is not in `text` (a "show all" link and the space before it).
    static constexpr int NotInTextProperty = QTextFormat::UserProperty + 1;

    enum class Kind { Plain, Json };

    Kind kind = Kind::Plain;
    QByteArray text;                   // UTF-8
    std::vector<qsizetype> lineStarts; // display lines; a line ends at the next start, before its '\n'
    std::vector<qsizetype> pageStarts; // each page's first line
    std::vector<JsonPretty::Cut> cuts; // Json: the long strings shown cut, ascending textEnd
    std::vector<JsonPath::ScanState> pageStates; // Json: where a scan stands at each page's start
    bool complete = true;                        // false: cancelled while building

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
                                             const JsonColours &colours = JsonColours::light(),
                                             const TextMatcher *highlight = nullptr) const;
    static constexpr int MaxHighlights = 5000;

    // Json: the token a click at `column` (UTF-16, in the line as `text` has it) of display line `line` of
    // `page` means, and the path of its value. Costs at most a page's scan, whatever the text's size.
    std::optional<JsonPath::Hit> hitAt(int page, qsizetype line, qsizetype column) const;
    // The hit's path, keys decoded; a key shown cut is read whole from `source` (the JSON the outline came
    // from). nullopt when the path is not known (nesting deeper than a scan keeps).
    std::optional<JsonPath::Path> pathOf(const JsonPath::Hit &hit, const QByteArray &source) const;

private:
    void addLine(qsizetype begin, qsizetype end);
    void paginate();
};
