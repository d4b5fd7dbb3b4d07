// SPDX-License-Identifier: MIT
#include "flowlayout.h"

#include <QWidget>

namespace {

int widthOf(const QLayoutItem *item)
{
    return std::max(item->sizeHint().width(), item->minimumSize().width());
}

} // namespace

FlowLayout::FlowLayout(QWidget *parent)
    : QLayout(parent)
{}

FlowLayout::~FlowLayout()
{
    while (QLayoutItem *item = takeAt(0))
        delete item;
}

void FlowLayout::addItem(QLayoutItem *item)
{
    m_items.append(item);
    invalidate();
}

QLayoutItem *FlowLayout::takeAt(int index)
{
    if (index < 0 || index >= m_items.size())
        return nullptr;
    QLayoutItem *item = m_items.takeAt(index);
    invalidate();
    return item;
}

int FlowLayout::heightForWidth(int width) const
{
    return arrange(QRect(0, 0, width, 0), false).first;
}

int FlowLayout::lineCount(int width) const
{
    return arrange(QRect(0, 0, width, 0), false).second;
}

QSize FlowLayout::minimumSize() const
{
    // The widest item alone on a line; the height comes from heightForWidth.
    QSize size;
    for (const QLayoutItem *item : m_items) {
        if (!item->isEmpty())
            size = size.expandedTo(item->minimumSize());
    }
    const QMargins m = contentsMargins();
    return size + QSize(m.left() + m.right(), m.top() + m.bottom());
}

QSize FlowLayout::sizeHint() const
{
    // Everything on one line.
    int width = 0, height = 0, visible = 0;
    for (const QLayoutItem *item : m_items) {
        if (item->isEmpty())
            continue;
        width += widthOf(item);
        height = std::max(height, item->sizeHint().height());
        ++visible;
    }
    const QMargins m = contentsMargins();
    return {width + std::max(0, visible - 1) * spacing() + m.left() + m.right(),
            height + m.top() + m.bottom()};
}

void FlowLayout::setGeometry(const QRect &rect)
{
    QLayout::setGeometry(rect);
    arrange(rect, true);
}

std::pair<int, int> FlowLayout::arrange(const QRect &rect, bool apply) const
{
    const QMargins m = contentsMargins();
    const QRect area = rect.marginsRemoved(m);
    const int gap = std::max(0, spacing());
    int y = area.y();
    int lines = 0;
    qsizetype i = 0;
    while (i < m_items.size()) {
        // Take items while they fit; a line always holds at least one.
        int used = 0, height = 0, expanding = 0;
        qsizetype end = i;
        for (; end < m_items.size(); ++end) {
            const QLayoutItem *item = m_items[end];
            if (item->isEmpty())
                continue;
            const int w = widthOf(item) + (used > 0 ? gap : 0);
            if (used > 0 && used + w > area.width())
                break;
            used += w;
            height = std::max(height, item->sizeHint().height());
            if (item->expandingDirections() & Qt::Horizontal)
                ++expanding;
        }
        if (used == 0) { // only hidden items left
            break;
        }
        ++lines;
        if (apply) {
            int extra = std::max(0, area.width() - used);
            int x = area.x();
            bool first = true;
            for (qsizetype k = i; k < end; ++k) {
                QLayoutItem *item = m_items[k];
                if (item->isEmpty())
                    continue;
                if (!first)
                    x += gap;
                first = false;
                int w = widthOf(item);
                if ((item->expandingDirections() & Qt::Horizontal) && expanding > 0) {
                    // What an item cannot take (its maximum width) stays for the ones after it.
                    const int share =
                        std::min(extra / expanding, std::max(0, item->maximumSize().width() - w));
                    w += share;
                    extra -= share;
                    --expanding;
                }
                w = std::min(w, area.right() + 1 - x); // an item wider than the line gets the line
                item->setGeometry(QRect(x, y, std::max(w, 0), height));
                x += w;
            }
        }
        y += height + gap;
        i = end;
    }
    const int used = lines > 0 ? y - gap - area.y() : 0;
    return {used + m.top() + m.bottom(), lines};
}
