// SPDX-License-Identifier: MIT
#include "eventrowdelegate.h"

#include "eventrecord.h"
#include "eventtablemodel.h"
#include "palettecolours.h"

#include <QApplication>
#include <QPainter>

EventRowDelegate::EventRowDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
    , m_lines(4000)
{}

void EventRowDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                             const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QWidget *widget = opt.widget;
    const QStyle *style = widget ? widget->style() : QApplication::style();
    // Lines of plain text, left to right, drawn on one line: anything else as the style draws it.
    const bool plain = !opt.text.isEmpty() && opt.direction == Qt::LeftToRight &&
                       !(opt.features & QStyleOptionViewItem::WrapText) &&
                       !opt.text.contains(QLatin1Char('\n')) && opt.icon.isNull() &&
                       !(opt.features & QStyleOptionViewItem::HasCheckIndicator);
    if (!plain) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    // The style's own text rectangle would lay the text out (shape it) to find its size: a cell without icon
    // or check box has the style's margin on each side, and the text its margin again inside that.
    const int margin = style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, widget) + 1;
    const QRect textRect = opt.rect.adjusted(2 * margin, 0, -2 * margin, 0);
    const QString text = opt.text;
    opt.text.clear();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget); // background, selection, focus
    if (textRect.width() <= 0)
        return;
    const LineKey key{text, opt.font.key(), textRect.width(), int(opt.textElideMode)};
    QStaticText *line = m_lines.object(key);
    if (!line) {
        const QFontMetrics fm(opt.font);
        line = new QStaticText(fm.elidedText(text, opt.textElideMode, textRect.width()));
        line->setTextFormat(Qt::PlainText);
        line->setPerformanceHint(QStaticText::AggressiveCaching);
        line->prepare(QTransform(), opt.font);
        m_lines.insert(key, line);
    }
    const QSizeF size = line->size();
    QPointF at(textRect.left(), textRect.top() + (textRect.height() - size.height()) / 2);
    if (opt.displayAlignment & Qt::AlignRight)
        at.setX(textRect.right() + 1 - size.width());
    else if (opt.displayAlignment & Qt::AlignHCenter)
        at.setX(textRect.left() + (textRect.width() - size.width()) / 2);
    const QPalette::ColorGroup group = !(opt.state & QStyle::State_Enabled) ? QPalette::Disabled
                                       : (opt.state & QStyle::State_Active) ? QPalette::Normal
                                                                            : QPalette::Inactive;
    painter->save();
    painter->setClipRect(textRect);
    painter->setFont(opt.font);
    painter->setPen(opt.palette.color(group, (opt.state & QStyle::State_Selected) ? QPalette::HighlightedText
                                                                                  : QPalette::Text));
    painter->drawStaticText(at, *line);
    painter->restore();
}

void EventRowDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    if (index.column() == EventTableModel::FileColumn)
        option->textElideMode = Qt::ElideLeft; // the distinguishing digits are at the end
    // Colours from the view's palette, tinted: they read on light and dark palettes alike.
    const QPalette &palette = option->palette;
    const QColor dim = palette.color(QPalette::PlaceholderText);
    if (index.data(EventTableModel::WouldBePrunedRole).toBool()) {
        // A grey a little off the background, so that the dimmed text on it still reads.
        option->backgroundBrush =
            PaletteColours::tint(palette, palette.color(QPalette::Text), QPalette::Base, 0.12, 0.12);
        option->font.setStrikeOut(true);
        option->palette.setColor(QPalette::Text, dim);
        return;
    }
    const int flags = index.data(EventTableModel::FlagsRole).toInt();
    if (flags & (EventRecord::DuplicateSeq | EventRecord::OutOfOrderSeq)) {
        option->backgroundBrush = PaletteColours::tint(palette, QColor(0xff, 0x30, 0x30));
    } else if (flags & EventRecord::ServerSkipMask) {
        option->backgroundBrush = PaletteColours::tint(palette, QColor(0xff, 0x8c, 0x00));
        option->font.setItalic(true);
    } else if ((flags & EventRecord::GapBefore) && index.column() == EventTableModel::SeqColumn) {
        // Yellow is nearly as light as white: more of it on a light palette.
        option->backgroundBrush =
            PaletteColours::tint(palette, QColor(0xff, 0xd6, 0x00), QPalette::Base, 0.35);
    }
    if ((flags & EventRecord::UnknownType) && index.column() == EventTableModel::TypeColumn) {
        option->font.setItalic(true);
        option->palette.setColor(QPalette::Text, dim);
    }
    // A field that is null says so, dimmed: it is there, unlike an empty cell.
    if (index.data(EventTableModel::FieldKindRole).toInt() == int(FieldValue::Kind::Null))
        option->palette.setColor(QPalette::Text, dim);
}
