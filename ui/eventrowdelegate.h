// SPDX-License-Identifier: MIT
#pragma once

#include "textcelldelegate.h"

// Marks anomalous rows: duplicate or out-of-order seq (red), lines the server would skip (orange, italic),
// a gap before the row (yellow), types this browser does not know (dim italic type), rows a prune would
// delete (struck out); a null field value is dimmed. The colours are tints of the view's palette, so they
// read on light and dark palettes alike. The text is drawn as TextCellDelegate draws it.
class EventRowDelegate : public TextCellDelegate
{
    Q_OBJECT
public:
    using TextCellDelegate::TextCellDelegate;

    // What a cell is painted with (public: tests check the colours).
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;
};
