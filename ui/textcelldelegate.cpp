// SPDX-License-Identifier: MIT
#include "textcelldelegate.h"

#include <QApplication>
#include <QImage>
#include <QPainter>
#include <QtMath>

#include <algorithm>

namespace {

bool breaksLine(QChar c)
{
    return c == QLatin1Char('\n') || c == QLatin1Char('\r') || c == QChar::LineSeparator ||
           c == QChar::ParagraphSeparator;
}

// A cell is one line: a tab moves to the next stop, every eight characters, and a line break (CR LF too)
// shows as one ↵, whichever way the line is drawn.
QString oneLine(const QString &text)
{
    if (std::none_of(text.begin(), text.end(),
                     [](QChar c) { return c == QLatin1Char('\t') || breaksLine(c); }))
        return text;
    QString out;
    out.reserve(text.size() + 16);
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c == QLatin1Char('\t')) {
            out.append(QString(8 - out.size() % 8, QLatin1Char(' ')));
        } else if (breaksLine(c)) {
            out.append(QChar(0x21b5));
            // CR LF is one break (a delegate's display text has each LF as a line separator by now).
            if (c == QLatin1Char('\r') && i + 1 < text.size() &&
                (text.at(i + 1) == QLatin1Char('\n') || text.at(i + 1) == QChar::LineSeparator))
                ++i;
        } else {
            out.append(c);
        }
    }
    return out;
}

// Characters drawn one glyph each, left to right, whatever their neighbours: no joining, reordering or
// combining marks.
bool needsNoShaping(char16_t c)
{
    if (c >= 0x20 && c < 0x7f)
        return true;
    if (c >= 0xa0 && c < 0x0300) // Latin-1 Supplement, Latin Extended-A and -B, IPA, spacing modifiers
        return c != 0xad;        // the soft hyphen is shown or not by shaping
    // Greek, Cyrillic (not its combining marks).
    if ((c >= 0x0370 && c < 0x0483) || (c >= 0x048a && c < 0x0530))
        return true;
    if (c >= 0x2010 && c < 0x2028) // dashes, quotes, bullets, ellipsis
        return true;
    if (c >= 0x2030 && c < 0x2060) // per mille, primes, arrows in punctuation
        return true;
    // Super- and subscripts, currency, letterlike symbols, arrows, mathematics, box drawing, shapes; not the
    // combining marks for symbols.
    return c >= 0x2070 && c < 0x2c00 && !(c >= 0x20d0 && c < 0x2100);
}

} // namespace

TextCellDelegate::TextCellDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
    , m_lines(4000)
{}

void TextCellDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                             const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    paintInitialized(painter, opt);
}

void TextCellDelegate::paintInitialized(QPainter *painter, QStyleOptionViewItem &opt) const
{
    const QWidget *widget = opt.widget;
    const QStyle *style = widget ? widget->style() : QApplication::style();
    // Lines of plain text, left to right, drawn on one line: anything else as the style draws it.
    const bool plain = opt.direction == Qt::LeftToRight && !(opt.features & QStyleOptionViewItem::WrapText) &&
                       opt.icon.isNull() && !(opt.features & QStyleOptionViewItem::HasCheckIndicator);
    if (!plain) {
        style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);
        return;
    }
    // The style's own text rectangle would lay the text out (shape it) to find its size: a cell without icon
    // or check box has the style's margin on each side, and the text its margin again inside that.
    const int margin = style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, widget) + 1;
    const QRect textRect = opt.rect.adjusted(2 * margin, 0, -2 * margin, 0);
    const QString text = oneLine(opt.text);
    opt.text.clear();
    // Background, selection and focus: the style's whole item only where there is one to draw.
    if (opt.state & QStyle::State_HasFocus)
        style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);
    else if ((opt.state & QStyle::State_Selected) || opt.backgroundBrush.style() != Qt::NoBrush)
        style->drawPrimitive(QStyle::PE_PanelItemViewItem, &opt, painter, widget);
    if (textRect.width() <= 0 || text.isEmpty())
        return;
    const LineKey key{text, fontId(opt.font), textRect.width(), int(opt.textElideMode)};
    Line *line = m_lines.object(key);
    if (!line) {
        line = layOut(text, key.font, textRect.width(), opt.textElideMode);
        m_lines.insert(key, line);
    }
    QPointF at(textRect.left(), textRect.top() + (textRect.height() - line->size.height()) / 2);
    if (opt.displayAlignment & Qt::AlignRight)
        at.setX(textRect.right() + 1 - line->size.width());
    else if (opt.displayAlignment & Qt::AlignHCenter)
        at.setX(textRect.left() + (textRect.width() - line->size.width()) / 2);
    const QPalette::ColorGroup group = !(opt.state & QStyle::State_Enabled) ? QPalette::Disabled
                                       : (opt.state & QStyle::State_Active) ? QPalette::Normal
                                                                            : QPalette::Inactive;
    painter->save();
    painter->setClipRect(textRect);
    painter->setFont(opt.font);
    painter->setPen(opt.palette.color(group, (opt.state & QStyle::State_Selected) ? QPalette::HighlightedText
                                                                                  : QPalette::Text));
    if (line->shaped)
        painter->drawStaticText(at, line->text);
    else
        painter->drawGlyphRun(at, line->glyphs);
    painter->restore();
}

int TextCellDelegate::fontId(const QFont &font) const
{
    for (qsizetype i = m_fonts.size() - 1; i >= 0; --i)
        if (m_fonts.at(i).font == font)
            return int(i);
    if (m_fonts.size() >= 16) { // a zoom changes the fonts: the lines drawn in the old ones go too
        m_fonts.clear();
        m_lines.clear();
    }
    FontGlyphs glyphs;
    glyphs.font = font;
    glyphs.raw = QRawFont::fromFont(font);
    glyphs.height = QFontMetricsF(font).height();
    if (glyphs.raw.isValid()) {
        QChar chars[96];
        for (int c = 0; c < 95; ++c)
            chars[c] = QChar(0x20 + c);
        chars[95] = QChar(0x2026);
        quint32 indexes[96] = {};
        int count = 96;
        QPointF advances[96];
        if (glyphs.raw.glyphIndexesForChars(chars, 96, indexes, &count) && count == 96 &&
            glyphs.raw.advancesForGlyphIndexes(indexes, advances, 96)) {
            std::copy(indexes, indexes + 95, glyphs.ascii);
            for (int c = 0; c < 95; ++c)
                glyphs.asciiAdvances[c] = advances[c].x();
            glyphs.ellipsis = indexes[95];
            glyphs.ellipsisAdvance = advances[95].x();
            glyphs.usable = glyphs.ellipsis != 0;
        }
    }
    m_fonts.append(glyphs);
    return int(m_fonts.size() - 1);
}

void TextCellDelegate::prepare(const QFont &font, bool fallbackFonts) const
{
    const FontGlyphs &glyphs = m_fonts[fontId(font)];
    if (!glyphs.usable)
        return;
    QList<quint32> indexes;
    QList<QPointF> positions;
    qreal x = 0;
    for (int c = 0; c < 95; ++c) {
        indexes.append(glyphs.ascii[c]);
        positions.append(QPointF(x, glyphs.raw.ascent()));
        x += glyphs.asciiAdvances[c];
    }
    indexes.append(glyphs.ellipsis);
    positions.append(QPointF(x, glyphs.raw.ascent()));
    x += glyphs.ellipsisAdvance;
    QGlyphRun run;
    run.setRawFont(glyphs.raw);
    run.setGlyphIndexes(indexes);
    run.setPositions(positions);
    QImage image(qCeil(x) + 1, qCeil(glyphs.height) + 1, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QPainter painter(&image);
    painter.drawGlyphRun(QPointF(0, 0), run);
    if (!fallbackFonts)
        return;
    // Text the font lacks is drawn in a fallback font, found (fontconfig) and loaded the first time a
    // character needs one: emoji and CJK, common in agents' messages, are found now rather than while a
    // screen of new rows is drawn.
    painter.setFont(font);
    painter.drawText(QPointF(0, glyphs.raw.ascent()),
                     QStringLiteral(u"\u2705\U0001F680 \u65E5\u672C\u8A9E \uD55C\uAD6D\uC5B4"));
}

bool TextCellDelegate::glyphsFor(FontGlyphs &font, const QString &text, qreal maxWidth,
                                 QList<quint32> *glyphs, QList<qreal> *advances) const
{
    if (!font.usable)
        return false;
    glyphs->reserve(std::min<qsizetype>(text.size(), 512));
    advances->reserve(glyphs->capacity());
    qreal x = 0;
    for (const QChar ch : text) {
        if (maxWidth >= 0 && x > maxWidth)
            break;
        const char16_t c = ch.unicode();
        if (c >= 0x20 && c < 0x7f) {
            if (font.ascii[c - 0x20] == 0)
                return false;
            glyphs->append(font.ascii[c - 0x20]);
            advances->append(font.asciiAdvances[c - 0x20]);
            x += font.asciiAdvances[c - 0x20];
            continue;
        }
        if (!needsNoShaping(c))
            return false;
        auto found = font.others.constFind(c);
        if (found == font.others.cend()) {
            const QChar one(c);
            quint32 glyph = 0;
            int count = 1;
            QPointF advance;
            if (!font.raw.glyphIndexesForChars(&one, 1, &glyph, &count) || count != 1 ||
                (glyph != 0 && !font.raw.advancesForGlyphIndexes(&glyph, &advance, 1)))
                glyph = 0;
            found = font.others.insert(c, {glyph, advance.x()});
        }
        if (found->first == 0)
            return false;
        glyphs->append(found->first);
        advances->append(found->second);
        x += found->second;
    }
    return true;
}

TextCellDelegate::Line *TextCellDelegate::layOut(const QString &text, int fontIndex, int width,
                                                 Qt::TextElideMode mode) const
{
    auto *line = new Line;
    FontGlyphs &font = m_fonts[fontIndex];
    QList<quint32> glyphs;
    QList<qreal> advances;
    // Elided at the end, only the start that fits matters.
    if (!glyphsFor(font, text, mode == Qt::ElideRight ? qreal(width) : -1, &glyphs, &advances)) {
        // Shaped. Only what can show is shaped: a cell shows no more characters than its width holds of the
        // narrowest, so a long line is cut to about that before it is elided (at the end it is elided).
        const QFontMetrics fm(font.font);
        const qsizetype room = 2 * width / std::max(1, fm.averageCharWidth() / 2) + 8;
        QString shown = text;
        if (text.size() > room && (mode == Qt::ElideRight || mode == Qt::ElideLeft)) {
            const QString part = mode == Qt::ElideRight ? text.left(room) : text.right(room);
            const QString elided = fm.elidedText(part, mode, width);
            shown = elided != part ? elided : fm.elidedText(text, mode, width);
        } else {
            shown = fm.elidedText(text, mode, width);
        }
        line->shaped = true;
        line->text = QStaticText(shown);
        line->text.setTextFormat(Qt::PlainText);
        line->text.setPerformanceHint(QStaticText::AggressiveCaching);
        line->text.prepare(QTransform(), font.font);
        line->size = line->text.size();
        return line;
    }
    const qsizetype n = glyphs.size();
    qreal total = 0;
    for (const qreal a : std::as_const(advances))
        total += a;
    // Which glyphs show: [0, head) and [tail, n), with an ellipsis between when some are left out.
    qsizetype head = n, tail = n;
    const bool cut = glyphs.size() < text.size(); // stopped past the width
    if ((cut || total > width) && mode != Qt::ElideNone) {
        const qreal room = width - font.ellipsisAdvance;
        qreal used = 0;
        head = 0;
        tail = n;
        if (mode == Qt::ElideRight) {
            while (head < n && used + advances[head] <= room)
                used += advances[head++];
        } else if (mode == Qt::ElideLeft) {
            while (tail > 0 && used + advances[tail - 1] <= room)
                used += advances[--tail];
        } else { // the middle: the start's half first
            while (head < n && used + advances[head] <= room / 2)
                used += advances[head++];
            while (tail > head && used + advances[tail - 1] <= room)
                used += advances[--tail];
        }
    }
    const bool elided = head != tail;
    QList<quint32> shownGlyphs;
    QList<QPointF> positions;
    shownGlyphs.reserve(head + (n - tail) + 1);
    positions.reserve(shownGlyphs.capacity());
    const qreal baseline = font.raw.ascent();
    qreal x = 0;
    const auto put = [&](quint32 glyph, qreal advance) {
        shownGlyphs.append(glyph);
        positions.append(QPointF(x, baseline));
        x += advance;
    };
    for (qsizetype i = 0; i < head; ++i)
        put(glyphs[i], advances[i]);
    if (elided)
        put(font.ellipsis, font.ellipsisAdvance);
    for (qsizetype i = elided ? tail : n; i < n; ++i)
        put(glyphs[i], advances[i]);
    line->glyphs.setRawFont(font.raw);
    line->glyphs.setGlyphIndexes(shownGlyphs);
    line->glyphs.setPositions(positions);
    line->glyphs.setStrikeOut(font.font.strikeOut());
    line->glyphs.setUnderline(font.font.underline());
    line->glyphs.setOverline(font.font.overline());
    line->size = QSizeF(x, font.height);
    return line;
}
