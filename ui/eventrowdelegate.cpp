// SPDX-License-Identifier: MIT
#include "eventrowdelegate.h"

#include "eventrecord.h"
#include "eventtablemodel.h"
#include "palettecolours.h"

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
