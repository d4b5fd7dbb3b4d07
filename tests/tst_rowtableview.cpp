// SPDX-License-Identifier: MIT
#include "rowtableview.h"

#include <QAbstractItemModelTester>
#include <QScrollBar>
#include <QStandardItemModel>
#include <QTest>

class tst_RowTableView : public QObject
{
    Q_OBJECT
private slots:
    void homeAndEndGoToTheFirstAndLastRow();
};

void tst_RowTableView::homeAndEndGoToTheFirstAndLastRow()
{
    QStandardItemModel model(200, 6);
    QAbstractItemModelTester tester(&model);
    for (int r = 0; r < model.rowCount(); ++r) {
        for (int c = 0; c < model.columnCount(); ++c)
            model.setItem(r, c,
                          new QStandardItem(QStringLiteral("row %1, a rather wide column %2").arg(r).arg(c)));
    }
    RowTableView view;
    view.setModel(&model);
    view.resize(300, 200); // narrower than the columns and shorter than the rows
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setCurrentIndex(model.index(10, 2));
    const int horizontal = view.horizontalScrollBar()->value();

    QTest::keyClick(&view, Qt::Key_End);
    QCOMPARE(view.currentIndex().row(), 199);
    QCOMPARE(view.currentIndex().column(), 2);
    QCOMPARE(view.selectionModel()->selectedRows().size(), 1);
    QCOMPARE(view.selectionModel()->selectedRows().first().row(), 199);
    QCOMPARE(view.horizontalScrollBar()->value(), horizontal);
    QVERIFY(view.visualRect(view.currentIndex()).bottom() <= view.viewport()->height());

    QTest::keyClick(&view, Qt::Key_Home);
    QCOMPARE(view.currentIndex().row(), 0);
    QCOMPARE(view.currentIndex().column(), 2);
    QCOMPARE(view.horizontalScrollBar()->value(), horizontal);
    QCOMPARE(view.verticalScrollBar()->value(), 0);

    // Other keys move as a table's do.
    QTest::keyClick(&view, Qt::Key_Down);
    QCOMPARE(view.currentIndex().row(), 1);
    QTest::keyClick(&view, Qt::Key_Right);
    QCOMPARE(view.currentIndex().column(), 3);
    QTest::keyClick(&view, Qt::Key_End, Qt::ControlModifier);
    QCOMPARE(view.currentIndex().row(), 199);
    QCOMPARE(view.currentIndex().column(), 3);

    // Hidden rows are passed over.
    view.setRowHidden(199, true);
    view.setRowHidden(0, true);
    QTest::keyClick(&view, Qt::Key_End);
    QCOMPARE(view.currentIndex().row(), 198);
    QTest::keyClick(&view, Qt::Key_Home);
    QCOMPARE(view.currentIndex().row(), 1);
}

QTEST_MAIN(tst_RowTableView)
#include "tst_rowtableview.moc"
