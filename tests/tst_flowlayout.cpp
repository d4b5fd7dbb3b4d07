// SPDX-License-Identifier: MIT
#include "flowlayout.h"

#include <QTest>
#include <QWidget>

class tst_FlowLayout : public QObject
{
    Q_OBJECT
private slots:
    void wrapsWhenTheLineIsFull_data();
    void wrapsWhenTheLineIsFull();
    void expandingItemTakesTheRestOfItsLine();
    void hiddenItemsTakeNoRoom();
    void itemAtItsMaximumLeavesNoGap();
};

namespace {

QWidget *box(QWidget *parent, int width, bool expanding = false)
{
    auto *w = new QWidget(parent);
    w->setFixedHeight(20);
    w->setMinimumWidth(width);
    w->setSizePolicy(expanding ? QSizePolicy::Expanding : QSizePolicy::Fixed, QSizePolicy::Fixed);
    return w;
}

} // namespace

void tst_FlowLayout::wrapsWhenTheLineIsFull_data()
{
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("lines");
    QTest::addRow("all on one line") << 330 << 1;
    QTest::addRow("two lines") << 250 << 2;
    QTest::addRow("one item per line") << 120 << 3;
    QTest::addRow("narrower than an item") << 50 << 3;
}

void tst_FlowLayout::wrapsWhenTheLineIsFull()
{
    QFETCH(int, width);
    QFETCH(int, lines);
    QWidget parent;
    auto *layout = new FlowLayout(&parent);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(10);
    const QList<QWidget *> items = {box(&parent, 100), box(&parent, 100), box(&parent, 100)};
    for (QWidget *w : items)
        layout->addWidget(w);
    QCOMPARE(layout->lineCount(width), lines);
    QCOMPARE(layout->heightForWidth(width), lines * 20 + (lines - 1) * 10);
    layout->setGeometry(QRect(0, 0, width, layout->heightForWidth(width)));
    for (int i = 0; i < items.size(); ++i) {
        QVERIFY(items[i]->geometry().right() < std::max(width, 100));
        for (int k = 0; k < i; ++k)
            QVERIFY(!items[i]->geometry().intersects(items[k]->geometry()));
    }
    QCOMPARE(layout->minimumSize().width(), 100);
}

void tst_FlowLayout::expandingItemTakesTheRestOfItsLine()
{
    QWidget parent;
    auto *layout = new FlowLayout(&parent);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(10);
    QWidget *fixed = box(&parent, 100);
    QWidget *grow = box(&parent, 100, true);
    layout->addWidget(fixed);
    layout->addWidget(grow);
    layout->setGeometry(QRect(0, 0, 500, 20));
    QCOMPARE(fixed->width(), 100);
    QCOMPARE(grow->x(), 110);
    QCOMPARE(grow->width(), 390);
}

void tst_FlowLayout::itemAtItsMaximumLeavesNoGap()
{
    QWidget parent;
    auto *layout = new FlowLayout(&parent);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(10);
    QWidget *capped = box(&parent, 100, true);
    capped->setMaximumWidth(100);
    QWidget *next = box(&parent, 100);
    layout->addWidget(capped);
    layout->addWidget(next);
    layout->setGeometry(QRect(0, 0, 500, 20));
    QCOMPARE(capped->width(), 100);
    QCOMPARE(next->x(), 110);
}

void tst_FlowLayout::hiddenItemsTakeNoRoom()
{
    QWidget parent;
    auto *layout = new FlowLayout(&parent);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(10);
    QWidget *a = box(&parent, 100), *b = box(&parent, 100), *c = box(&parent, 100);
    for (QWidget *w : {a, b, c})
        layout->addWidget(w);
    b->hide();
    QCOMPARE(layout->lineCount(210), 1);
    layout->setGeometry(QRect(0, 0, 210, 20));
    QCOMPARE(c->x(), 110);
}

QTEST_MAIN(tst_FlowLayout)
#include "tst_flowlayout.moc"
