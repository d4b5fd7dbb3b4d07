// SPDX-License-Identifier: MIT
#include "markedrowdelegate.h"

#include "eventfinder.h"
#include "eventtablemodel.h"
#include "palettecolours.h"

#include <QApplication>
#include <QPainter>

QColor MarkedRowDelegate::highlightColor()
{
    return QColor(0xff, 0xdd, 0x55);
}

void MarkedRowDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    EventRowDelegate::initStyleOption(option, index);
    if (index.data(EventTableModel::ContextRole).toBool()) {
        option->palette.setColor(QPalette::Text, QColor(0x9a, 0x9a, 0x9a));
        option->palette.setColor(QPalette::HighlightedText, QColor(0xd8, 0xd8, 0xd8));
    }
    const int marks = index.data(EventTableModel::MarksRole).toInt();
    if ((marks & EventTableModel::Bookmarked) && index.column() == EventTableModel::SeqColumn)
        option->backgroundBrush =
            PaletteColours::tint(option->palette, QColor(0x3f, 0x7f, 0xff)); // reads on dark too
}

void MarkedRowDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                              const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QWidget *widget = opt.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    QList<TextMatcher::Range> ranges;
    // Only rows the search found: a regular expression can take long on any text (catastrophic
    // backtracking), so the GUI thread runs it on no more than the matching rows in view.
    if (index.column() == EventTableModel::SummaryColumn && m_matcher && !m_matcher->isEmpty() &&
        !opt.text.isEmpty() && (index.data(EventTableModel::MarksRole).toInt() & EventTableModel::FindMatch))
        ranges = m_matcher->ranges(opt.text, 64);
    if (ranges.isEmpty()) {
        paintInitialized(painter, opt);
    } else {
        // Background and selection by the style, then the highlights, then the text over them.
        QRect textRect = style->subElementRect(QStyle::SE_ItemViewItemText, &opt, widget);
        const int margin = style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, widget) + 1;
        textRect.adjust(margin, 0, -margin, 0);
        const QString text = opt.text;
        opt.text.clear();
        style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);
        const QFontMetrics fm(opt.font);
        const QString shown = fm.elidedText(text, opt.textElideMode, textRect.width());
        // Right-elided: what is drawn is the text's start, then "…".
        const qsizetype visible = shown == text ? text.size() : std::max<qsizetype>(0, shown.size() - 1);
        painter->save();
        painter->setClipRect(textRect);
        for (const auto &[start, length] : std::as_const(ranges)) {
            if (start >= visible)
                break;
            const int x = textRect.left() + fm.horizontalAdvance(text.left(start));
            const int w = fm.horizontalAdvance(text.mid(start, std::min(length, visible - start)));
            painter->fillRect(QRect(x, textRect.top() + 1, w, textRect.height() - 2), highlightColor());
        }
        painter->restore();
        const bool selected = opt.state & QStyle::State_Selected;
        painter->save();
        painter->setFont(opt.font);
        painter->setPen(opt.palette.color(selected ? QPalette::HighlightedText : QPalette::Text));
        painter->drawText(textRect, int(opt.displayAlignment | Qt::AlignVCenter), shown);
        painter->restore();
    }
    if (index.column() != EventTableModel::SeqColumn)
        return;
    const int marks = index.data(EventTableModel::MarksRole).toInt();
    if (marks & EventTableModel::FindMatch)
        painter->fillRect(QRect(option.rect.left(), option.rect.top(), 3, option.rect.height()),
                          QColor(0xe0, 0x9a, 0x00));
    if (marks & EventTableModel::Bookmarked) {
        painter->save();
        painter->setPen(QColor(0x1f, 0x5f, 0xc8));
        painter->drawText(option.rect.adjusted(5, 0, 0, 0), Qt::AlignLeft | Qt::AlignVCenter,
                          QStringLiteral("★"));
        painter->restore();
    }
}
