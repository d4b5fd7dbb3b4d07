// SPDX-License-Identifier: MIT
#pragma once

#include <QStyledItemDelegate>

// Marks anomalous rows: duplicate or out-of-order seq (red), lines the server would skip (orange, italic),
// a gap before the row (yellow), types this browser does not know (dim italic type), rows a prune would
// delete (struck out); a null field value is dimmed. The colours are tints of the view's palette, so they
// read on light and dark palettes alike.
class EventRowDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    // What a cell is painted with (public: tests check the colours).
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;
};
