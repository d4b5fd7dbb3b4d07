// SPDX-License-Identifier: MIT
#pragma once

#include "eventrowdelegate.h"

class TextMatcher;

// EventRowDelegate plus what moving through a journal puts on rows: the find text highlighted in summary
// cells (only the cells painted: the cost follows the rows in view), a bar at the left of the seq cell of
// rows that match the find, a ★ and a blue seq cell on bookmarked rows, and context rows (around a filter's
// matches) in grey. The marks come from EventTableModel::MarksRole and ContextRole. GUI thread only.
class MarkedRowDelegate : public EventRowDelegate
{
    Q_OBJECT
public:
    using EventRowDelegate::EventRowDelegate;

    // The find's matcher (owned by its FindController), or null: no highlight.
    void setMatcher(const TextMatcher *matcher) { m_matcher = matcher; }

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;

    static QColor highlightColor();

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;

private:
    const TextMatcher *m_matcher = nullptr;
};
