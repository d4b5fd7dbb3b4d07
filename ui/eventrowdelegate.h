// SPDX-License-Identifier: MIT
#pragma once

#include <QCache>
#include <QStaticText>
#include <QStyledItemDelegate>

// Marks anomalous rows: duplicate or out-of-order seq (red), lines the server would skip (orange, italic),
// a gap before the row (yellow), types this browser does not know (dim italic type), rows a prune would
// delete (struck out); a null field value is dimmed. The colours are tints of the view's palette, so they
// read on light and dark palettes alike.
//
// A cell's text is drawn from a cache of shaped, elided lines: the style would shape each cell's text two or
// three times on every paint, and a table that repaints as rows arrive repaints the same cells.
class EventRowDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    explicit EventRowDelegate(QObject *parent = nullptr);

    // What a cell is painted with (public: tests check the colours).
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;
    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;

private:
    struct LineKey
    {
        QString text;
        QString font;
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
    mutable QCache<LineKey, QStaticText> m_lines;
};
