// SPDX-License-Identifier: MIT
#pragma once

#include <QLayout>
#include <QList>

// Lays items out left to right at their size hints and starts a new line when the next does not fit, so a
// bar of fields stays readable from a narrow window to a wide one instead of squeezing them. On each line the
// items that expand horizontally share what is left. Heights follow the width (heightForWidth).
class FlowLayout : public QLayout
{
public:
    explicit FlowLayout(QWidget *parent = nullptr);
    ~FlowLayout() override;

    void addItem(QLayoutItem *item) override;
    int count() const override { return int(m_items.size()); }
    QLayoutItem *itemAt(int index) const override { return m_items.value(index); }
    QLayoutItem *takeAt(int index) override;
    Qt::Orientations expandingDirections() const override { return Qt::Horizontal; }
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;
    QSize minimumSize() const override;
    QSize sizeHint() const override;
    void setGeometry(const QRect &rect) override;

    // How many lines the items take at this width.
    int lineCount(int width) const;

private:
    // Places the items in rect (when apply) and returns the height used and the number of lines.
    std::pair<int, int> arrange(const QRect &rect, bool apply) const;

    QList<QLayoutItem *> m_items;
};
