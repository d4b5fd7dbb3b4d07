// SPDX-License-Identifier: MIT
#include "textpages.h"

#include "eventfinder.h"
#include "jsonhighlighter.h"

#include <QColor>
#include <QCoreApplication>
#include <QLocale>
#include <QPlainTextDocumentLayout>
#include <QTextBlock>
#include <QTextCharFormat>
#include <QTextCursor>
#include <QTextDocument>
#include <QThread>

#include <cstring>

namespace {

bool cancelled(const std::atomic<bool> *cancel)
{
    return cancel && cancel->load(std::memory_order_relaxed);
}

} // namespace

void TextPages::addLine(qsizetype begin, qsizetype end)
{
    // Split between characters: never before a UTF-8 continuation byte.
    while (end - begin > MaxLineBytes) {
        qsizetype at = begin + MaxLineBytes;
        while (at > begin + MaxLineBytes - 4 && (uchar(text[at]) & 0xC0) == 0x80)
            --at;
        lineStarts.push_back(begin);
        begin = at;
    }
    lineStarts.push_back(begin);
}

void TextPages::paginate()
{
    pageStarts.clear();
    qsizetype lines = 0;
    qsizetype bytes = 0;
    for (qsizetype i = 0; i < lineCount(); ++i) {
        const qsizetype length = lineEnd(i) - lineStarts[size_t(i)];
        if (pageStarts.empty() || lines == PageLines || (lines > 0 && bytes + length > PageBytes)) {
            pageStarts.push_back(i);
            lines = 0;
            bytes = 0;
        }
        ++lines;
        bytes += length;
    }
    if (pageStarts.empty())
        pageStarts.push_back(0);
}

TextPages TextPages::fromOutline(JsonPretty::Outline outline, const std::atomic<bool> *cancel)
{
    TextPages pages;
    pages.kind = Kind::Json;
    pages.text = std::move(outline.text);
    pages.cuts = std::move(outline.cuts);
    pages.complete = outline.complete;
    pages.lineStarts.reserve(outline.lineStarts.size());
    for (size_t i = 0; i < outline.lineStarts.size(); ++i) {
        if ((i & 0xFFFF) == 0 && cancelled(cancel)) {
            pages.complete = false;
            break;
        }
        const qsizetype begin = outline.lineStarts[i];
        const qsizetype end =
            i + 1 < outline.lineStarts.size() ? outline.lineStarts[i + 1] - 1 : pages.text.size();
        pages.addLine(begin, end);
    }
    if (pages.lineStarts.empty())
        pages.lineStarts.push_back(0);
    pages.paginate();
    // One scan of the text, kept at each page's start: a click maps to its value by scanning its page only.
    JsonPath::ScanState state;
    qsizetype done = 0;
    pages.pageStates.reserve(pages.pageStarts.size());
    for (const qsizetype first : pages.pageStarts) {
        if (cancelled(cancel)) {
            pages.complete = false;
            pages.pageStates.clear();
            break;
        }
        const qsizetype at = pages.lineStarts[size_t(first)];
        JsonPath::scan(std::string_view(pages.text.constData(), size_t(pages.text.size())), done, at, state);
        done = at;
        pages.pageStates.push_back(state);
    }
    return pages;
}

TextPages TextPages::fromPlain(QByteArray text, const std::atomic<bool> *cancel)
{
    TextPages pages;
    pages.text = std::move(text);
    const char *data = pages.text.constData();
    const qsizetype n = pages.text.size();
    qsizetype begin = 0;
    int checks = 0;
    while (true) {
        if ((++checks & 0xFFF) == 0 && cancelled(cancel)) {
            pages.complete = false;
            break;
        }
        const void *hit = begin < n ? std::memchr(data + begin, '\n', size_t(n - begin)) : nullptr;
        const qsizetype end = hit ? qsizetype(static_cast<const char *>(hit) - data) : n;
        pages.addLine(begin, end);
        if (!hit)
            break;
        begin = end + 1;
    }
    pages.paginate();
    return pages;
}

qsizetype TextPages::lineEnd(qsizetype line) const
{
    if (line + 1 >= lineCount())
        return text.size();
    const qsizetype next = lineStarts[size_t(line + 1)];
    return next > 0 && text[next - 1] == '\n' ? next - 1 : next;
}

qsizetype TextPages::pageFirstLine(int page) const
{
    return page >= 0 && page < pageCount() ? pageStarts[size_t(page)] : lineCount();
}

qsizetype TextPages::pageEndLine(int page) const
{
    return page + 1 < pageCount() ? pageStarts[size_t(page + 1)] : lineCount();
}

QString TextPages::linesText(qsizetype first, qsizetype end) const
{
    if (first >= end)
        return QString();
    const qsizetype from = lineStarts[size_t(first)];
    // Split lines join again: only the text's own line breaks are in it.
    return QString::fromUtf8(text.constData() + from, lineEnd(end - 1) - from);
}

std::optional<JsonPath::Hit> TextPages::hitAt(int page, qsizetype line, qsizetype column) const
{
    if (kind != Kind::Json || page < 0 || size_t(page) >= pageStates.size() || line < pageFirstLine(page) ||
        line >= pageEndLine(page) || column < 0)
        return std::nullopt;
    const qsizetype begin = lineStarts[size_t(line)];
    const qsizetype end = lineEnd(line);
    const QString shown = QString::fromUtf8(text.constData() + begin, end - begin);
    const qsizetype pos = begin + shown.left(column).toUtf8().size();
    const qsizetype from = lineStarts[size_t(pageFirstLine(page))];
    const qsizetype limit = lineEnd(pageEndLine(page) - 1);
    return JsonPath::hitAt(std::string_view(text.constData(), size_t(text.size())), pageStates[size_t(page)],
                           from, begin, end, pos, limit);
}

std::optional<JsonPath::Path> TextPages::pathOf(const JsonPath::Hit &hit, const QByteArray &source) const
{
    if (!hit.known)
        return std::nullopt;
    JsonPath::Path path;
    path.reserve(hit.path.size());
    for (const JsonPath::Hit::RawStep &step : hit.path) {
        if (step.index >= 0) {
            path.push_back({{}, step.index});
            continue;
        }
        std::string_view token(text.constData() + step.keyBegin, size_t(step.keyEnd - step.keyBegin));
        // A key too long to show whole: its whole token is in the source.
        const auto cut =
            std::lower_bound(cuts.begin(), cuts.end(), step.keyEnd,
                             [](const JsonPretty::Cut &c, qsizetype at) { return c.textEnd < at; });
        if (cut != cuts.end() && cut->textEnd == step.keyEnd) {
            if (cut->sourceEnd > source.size())
                return std::nullopt;
            token = std::string_view(source.constData() + cut->sourceBegin,
                                     size_t(cut->sourceEnd - cut->sourceBegin));
        }
        path.push_back({JsonPretty::unescape(token), -1});
    }
    return path;
}

std::unique_ptr<QTextDocument> TextPages::buildPage(int page, const QFont &font, QThread *owner,
                                                    const std::atomic<bool> *cancel,
                                                    const JsonColours &jsonColours,
                                                    const TextMatcher *highlight) const
{
    int highlightsLeft = highlight && !highlight->isEmpty() ? MaxHighlights : 0;
    QTextCharFormat found;
    found.setBackground(QColor(0xff, 0xdd, 0x55));
    // Marks the matches in the block just written.
    const auto mark = [&](QTextCursor &at) {
        if (highlightsLeft <= 0)
            return;
        const QTextBlock block = at.block();
        const auto ranges = highlight->ranges(block.text(), highlightsLeft);
        highlightsLeft -= int(ranges.size());
        for (const auto &[start, length] : ranges) {
            QTextCursor c(block);
            c.setPosition(block.position() + int(start));
            c.setPosition(block.position() + int(start + length), QTextCursor::KeepAnchor);
            c.mergeCharFormat(found);
        }
    };
    auto doc = std::make_unique<QTextDocument>();
    doc->setUndoRedoEnabled(false);
    doc->setDefaultFont(font);
    const JsonHighlighter colours(jsonColours);
    QTextCharFormat notInText = colours.plain();
    notInText.setProperty(NotInTextProperty, true);
    QTextCursor cursor(doc.get());
    cursor.beginEditBlock();
    const qsizetype first = pageFirstLine(page);
    const qsizetype end = pageEndLine(page);
    // The first cut at or after this page's first line.
    auto cut = std::lower_bound(cuts.begin(), cuts.end(), first < lineCount() ? lineStarts[size_t(first)] : 0,
                                [](const JsonPretty::Cut &c, qsizetype at) { return c.textEnd <= at; });
    for (qsizetype line = first; line < end; ++line) {
        if (((line - first) & 0xFF) == 0 && cancelled(cancel))
            return nullptr;
        if (line > first)
            cursor.insertBlock();
        const qsizetype begin = lineStarts[size_t(line)];
        const qsizetype stop = lineEnd(line);
        const QString text = QString::fromUtf8(this->text.constData() + begin, stop - begin);
        if (kind == Kind::Plain) {
            cursor.insertText(text, colours.plain());
            mark(cursor);
            continue;
        }
        // The line in pieces, a "show all" link right after each cut string.
        qsizetype piece = 0;
        qsizetype pieceBytes = begin;
        while (cut != cuts.end() && cut->textEnd <= stop) {
            if (cut->textEnd > begin) {
                const qsizetype at =
                    piece +
                    QString::fromUtf8(this->text.constData() + pieceBytes, cut->textEnd - pieceBytes).size();
                colours.insertLine(cursor, QStringView(text).sliced(piece, at - piece));
                const qsizetype bytes = cut->sourceEnd - cut->sourceBegin;
                cursor.insertText(QStringLiteral(" "), notInText);
                QTextCharFormat link = colours.link(QStringLiteral("cut:%1").arg(cut - cuts.begin()));
                link.setProperty(NotInTextProperty, true);
                cursor.insertText(QCoreApplication::translate("TextPages", "show all %1")
                                      .arg(QLocale().formattedDataSize(bytes)),
                                  link);
                piece = at;
                pieceBytes = cut->textEnd;
            }
            ++cut;
        }
        colours.insertLine(cursor, QStringView(text).sliced(piece));
        mark(cursor);
    }
    cursor.endEditBlock();
    // The layout last: set before, it would follow every insertion.
    doc->setDocumentLayout(new QPlainTextDocumentLayout(doc.get()));
    if (owner)
        doc->moveToThread(owner);
    return doc;
}
