// SPDX-License-Identifier: MIT
#pragma once

#include <QCache>
#include <QGlyphRun>
#include <QHash>
#include <QRawFont>
#include <QStaticText>
#include <QStyledItemDelegate>

// Draws a table cell's text from a cache of elided lines: the style would shape each cell's text two or three
// times on every paint, and a table that repaints as rows arrive repaints the same cells. A line of printable
// ASCII (nearly every cell: seqs, times, ids, types, file names) is not shaped at all: its glyphs and
// advances come from a table made once per font, so a screen of new rows costs lookups, not text shaping.
// Other text is shaped once (QStaticText). A cell is one line: tabs move to stops every eight characters
// and a line break shows as ↵. A plain cell (not selected, no background of its own, no focus) draws no
// background: the view has drawn its row's.
class TextCellDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    explicit TextCellDelegate(QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    // Gets a font ready before the first paint that needs it: its table of glyphs, and its printable ASCII
    // drawn once, so that the glyphs are in the glyph cache every raster painter shares; with fallbackFonts,
    // also the fonts that draw emoji and CJK in it. A view calls it when it is shown and when its font
    // changes, so that the first screen of rows loads no fonts (it costs the window's first show about
    // 10-20 ms instead).
    void prepare(const QFont &font, bool fallbackFonts) const;

protected:
    // paint() with the option initStyleOption() has already filled in.
    void paintInitialized(QPainter *painter, QStyleOptionViewItem &opt) const;

private:
    // One font's glyphs for text that needs no shaping: a table for printable ASCII, found once, and the
    // others (Latin, Greek, Cyrillic, punctuation, arrows, symbols) as they are met. Glyph 0: the font has
    // none, and the line is shaped (which finds a fallback font).
    struct FontGlyphs
    {
        QFont font;
        QRawFont raw;
        quint32 ascii[95] = {};
        qreal asciiAdvances[95] = {};
        QHash<char16_t, QPair<quint32, qreal>> others;
        quint32 ellipsis = 0;
        qreal ellipsisAdvance = 0;
        qreal height = 0;
        bool usable = false;
    };
    struct Line
    {
        QGlyphRun glyphs; // laid out from the font's glyphs
        QStaticText text; // shaped
        QSizeF size;
        bool shaped = false;
    };
    int fontId(const QFont &font) const;
    // The glyphs of the text, or of as much of it as runs past maxWidth (when it is not negative); false if
    // some of that needs shaping.
    bool glyphsFor(FontGlyphs &font, const QString &text, qreal maxWidth, QList<quint32> *glyphs,
                   QList<qreal> *advances) const;
    Line *layOut(const QString &text, int font, int width, Qt::TextElideMode mode) const;

    struct LineKey
    {
        QString text;
        int font; // in m_fonts
        int width;
        int elide;
        friend bool operator==(const LineKey &a, const LineKey &b)
        {
            return a.width == b.width && a.elide == b.elide && a.text == b.text && a.font == b.font;
        }
        friend size_t qHash(const LineKey &k, size_t seed = 0)
        {
            return qHashMulti(seed, k.text, k.font, k.width, k.elide);
        }
    };
    mutable QCache<LineKey, Line> m_lines;
    mutable QList<FontGlyphs> m_fonts;
};
