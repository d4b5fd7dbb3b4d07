// SPDX-License-Identifier: MIT
#pragma once

#include <QStyledItemDelegate>

// Marks anomalous rows: duplicate or out-of-order seq (red), lines the server would skip (orange, italic),
// a gap before the row (yellow), types this browser does not know (grey italic type).
class EventRowDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;
};
