// SPDX-License-Identifier: MIT
#include "markedrowdelegate.h"

#include "eventfinder.h"
#include "eventtablemodel.h"

#include <QAbstractItemModelTester>
#include <QImage>
#include <QPainter>
#include <QStandardItemModel>
#include <QTableView>
#include <QTest>

class tst_MarkedRowDelegate : public QObject
{
    Q_OBJECT

private:
    // The summary cell of a row painted alone, its text and marks as given.
    static QImage paintSummary(const MarkedRowDelegate &delegate, const QString &text, int marks)
    {
        QStandardItemModel model(1, EventTableModel::SummaryColumn + 1);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QModelIndex cell = model.index(0, EventTableModel::SummaryColumn);
        model.setData(cell, text);
        model.setData(cell, marks, EventTableModel::MarksRole);
        QImage image(600, 24, QImage::Format_ARGB32);
        image.fill(Qt::white);
        QPainter painter(&image);
        QStyleOptionViewItem option;
        option.rect = image.rect();
        option.font = QFont();
        option.fontMetrics = QFontMetrics(option.font);
        option.palette = QPalette(Qt::black, Qt::white);
        option.state = QStyle::State_Enabled;
        delegate.paint(&painter, option, cell);
        return image;
    }
    static bool hasHighlight(const QImage &image)
    {
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x)
                if (image.pixelColor(x, y) == MarkedRowDelegate::highlightColor())
                    return true;
        return false;
    }

private slots:
    void highlightsOnlyRowsTheFindMatched()
    {
        MarkedRowDelegate delegate;
        const TextMatcher matcher(FindQuery{QStringLiteral("needle"), false, false});
        delegate.setMatcher(&matcher);
        QVERIFY(hasHighlight(
            paintSummary(delegate, QStringLiteral("a needle here"), EventTableModel::FindMatch)));
        // The same text on a row the find did not report (a context row, one not counted yet): no mark, and
        // the matcher is not run on it.
        QVERIFY(!hasHighlight(paintSummary(delegate, QStringLiteral("a needle here"), 0)));
        QVERIFY(!hasHighlight(
            paintSummary(delegate, QStringLiteral("a needle here"), EventTableModel::Bookmarked)));
        delegate.setMatcher(nullptr);
        QVERIFY(!hasHighlight(
            paintSummary(delegate, QStringLiteral("a needle here"), EventTableModel::FindMatch)));
    }
};

QTEST_MAIN(tst_MarkedRowDelegate)
#include "tst_markedrowdelegate.moc"
