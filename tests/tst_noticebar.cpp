// SPDX-License-Identifier: MIT
#include "noticebar.h"

#include <QAbstractButton>
#include <QSignalSpy>
#include <QTest>
#include <QVBoxLayout>

class tst_NoticeBar : public QObject
{
    Q_OBJECT
private slots:
    void oneLineWhateverTheText();
    void detailsOpenOnRequestAndStaySmall();
    void dismissHidesAndForgets();
};

void tst_NoticeBar::oneLineWhateverTheText()
{
    QWidget window;
    auto *bar = new NoticeBar(&window);
    auto *layout = new QVBoxLayout(&window);
    layout->addWidget(bar);
    layout->addStretch();
    window.resize(400, 300);
    window.show();
    QString text;
    for (int i = 0; i < 60; ++i)
        text += QStringLiteral("events-%1.jsonl ").arg(i, 20, 10, QLatin1Char('0'));
    bar->showMessage(text, NoticeBar::Kind::Info);
    QApplication::processEvents();
    QVERIFY(bar->isVisible());
    QCOMPARE(bar->text(), text);
    QVERIFY(bar->height() < 3 * bar->fontMetrics().height());
    QVERIFY(!bar->findChild<QAbstractButton *>(QStringLiteral("noticeDetails"))->isVisible());
}

void tst_NoticeBar::detailsOpenOnRequestAndStaySmall()
{
    QWidget window;
    auto *bar = new NoticeBar(&window);
    auto *layout = new QVBoxLayout(&window);
    layout->addWidget(bar);
    layout->addStretch();
    window.resize(400, 600);
    window.show();
    QStringList names;
    for (int i = 0; i < 200; ++i)
        names << QStringLiteral("events-%1.jsonl").arg(i, 20, 10, QLatin1Char('0'));
    bar->showMessage(QStringLiteral("200 files pruned"), NoticeBar::Kind::Info,
                     names.join(QLatin1Char('\n')));
    QApplication::processEvents();
    auto *details = bar->findChild<QAbstractButton *>(QStringLiteral("noticeDetails"));
    QVERIFY(details->isVisible());
    QVERIFY(!bar->detailsShown());
    const int closed = bar->height();
    QTest::mouseClick(details, Qt::LeftButton);
    QApplication::processEvents();
    QVERIFY(bar->detailsShown());
    QVERIFY(bar->height() > closed);
    QVERIFY2(bar->height() < 10 * bar->fontMetrics().height(), qPrintable(QString::number(bar->height())));
    QCOMPARE(bar->details(), names.join(QLatin1Char('\n')));
    QTest::mouseClick(details, Qt::LeftButton);
    QVERIFY(!bar->detailsShown());
}

void tst_NoticeBar::dismissHidesAndForgets()
{
    NoticeBar bar;
    bar.show();
    bar.showMessage(QStringLiteral("gone"), NoticeBar::Kind::Error, QStringLiteral("a\nb"));
    QSignalSpy dismissed(&bar, &NoticeBar::dismissed);
    QTest::mouseClick(bar.findChild<QAbstractButton *>(QStringLiteral("noticeClose")), Qt::LeftButton);
    QCOMPARE(dismissed.count(), 1);
    QVERIFY(bar.isHidden());
    QVERIFY(bar.text().isEmpty());
    QVERIFY(bar.details().isEmpty());
}

QTEST_MAIN(tst_NoticeBar)
#include "tst_noticebar.moc"
