// SPDX-License-Identifier: MIT
#include "eventrowdelegate.h"

#include "eventrecord.h"
#include "eventtablemodel.h"

void EventRowDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    if (index.column() == EventTableModel::FileColumn)
        option->textElideMode = Qt::ElideLeft; // the distinguishing digits are at the end
    if (index.data(EventTableModel::WouldBePrunedRole).toBool()) {
        option->backgroundBrush = QColor(0xe4, 0xe4, 0xe4);
        option->font.setStrikeOut(true);
        option->palette.setColor(QPalette::Text, QColor(0x80, 0x80, 0x80));
        return;
    }
    const int flags = index.data(EventTableModel::FlagsRole).toInt();
    if (flags & (EventRecord::DuplicateSeq | EventRecord::OutOfOrderSeq)) {
        option->backgroundBrush = QColor(0xff, 0xd6, 0xd6);
    } else if (flags & EventRecord::ServerSkipMask) {
        option->backgroundBrush = QColor(0xff, 0xe6, 0xc7);
        option->font.setItalic(true);
    } else if ((flags & EventRecord::GapBefore) && index.column() == EventTableModel::SeqColumn) {
        option->backgroundBrush = QColor(0xff, 0xf3, 0xb0);
    }
    if ((flags & EventRecord::UnknownType) && index.column() == EventTableModel::TypeColumn) {
        option->font.setItalic(true);
        option->palette.setColor(QPalette::Text, QColor(0x70, 0x70, 0x70));
    }
}
