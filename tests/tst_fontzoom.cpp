// SPDX-License-Identifier: MIT
#include "fontzoom.h"

#include "detailpane.h"
#include "eventtableview.h"
#include "mainwindow.h"
#include "pagedtextview.h"
#include "testjournal.h"

#include <QHeaderView>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace TestJournal;

class tst_FontZoom : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void keysMakeTheTextBiggerAndSmaller();
    void sizeSurvivesARestart();
    void staysWithinBounds();

private:
    QTemporaryDir m_dir;
};

void tst_FontZoom::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("bjb-test-fontzoom"));
    QSettings().clear();
    writeRange(m_dir.path(), 1, 50);
}

void tst_FontZoom::keysMakeTheTextBiggerAndSmaller()
{
    MainWindow w;
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QSignalSpy loaded(&w, &MainWindow::loaded);
    QVERIFY(w.openDirectory(m_dir.path()));
    QTRY_COMPARE(loaded.count(), 1);
    const qreal table = w.table()->font().pointSizeF();
    const qreal text = w.detail()->prettyView()->editor()->font().pointSizeF();
    const int row = w.table()->rowHeight();
    const int time = w.table()->columnWidth(EventTableModel::TimeColumn);
    QVERIFY(table > 0 && text > 0);
    w.table()->setFocus();
    QTest::keyClick(w.table(), Qt::Key_Equal, Qt::ControlModifier);
    QCOMPARE(w.fontZoom()->step(), 1);
    QTest::keyClick(w.table(), Qt::Key_Plus, Qt::ControlModifier);
    QCOMPARE(w.fontZoom()->step(), 2);
    QCOMPARE(w.table()->font().pointSizeF(), table + 2);
    QCOMPARE(w.detail()->prettyView()->editor()->font().pointSizeF(), text + 2);
    QCOMPARE(w.detail()->rawView()->editor()->font().pointSizeF(), text + 2);
    QVERIFY(w.table()->rowHeight() > row);
    QVERIFY(w.table()->columnWidth(EventTableModel::TimeColumn) > time);
    // From a filter field too.
    auto *field = w.findChild<QLineEdit *>(QStringLiteral("filterText"));
    field->setFocus();
    QTest::keyClick(field, Qt::Key_Minus, Qt::ControlModifier);
    QCOMPARE(w.fontZoom()->step(), 1);
    QTest::keyClick(field, Qt::Key_0, Qt::ControlModifier);
    QCOMPARE(w.fontZoom()->step(), 0);
    QCOMPARE(w.table()->font().pointSizeF(), table);
    QCOMPARE(w.table()->rowHeight(), row);
    // The detail pane's page is built again in the new size.
    w.table()->setCurrentIndex(w.model()->index(3, 0));
    QTRY_VERIFY(!w.detail()->isLoading());
    QTest::keyClick(w.table(), Qt::Key_Equal, Qt::ControlModifier);
    QTRY_VERIFY(!w.detail()->isLoading());
    QCOMPARE(w.detail()->prettyView()->editor()->document()->defaultFont().pointSizeF(), text + 1);
    QVERIFY(w.detail()->prettyText().startsWith(QStringLiteral("{\n  \"seq\": 4,")));
}

void tst_FontZoom::sizeSurvivesARestart()
{
    qreal size = 0;
    {
        MainWindow w;
        w.show();
        w.fontZoom()->reset();
        size = w.table()->font().pointSizeF();
        w.fontZoom()->setStep(3);
        QVERIFY(w.close());
    }
    QCOMPARE(QSettings().value(QStringLiteral("view/fontStep")).toInt(), 3);
    MainWindow w;
    w.show();
    QCOMPARE(w.fontZoom()->step(), 3);
    QCOMPARE(w.table()->font().pointSizeF(), size + 3);
    w.fontZoom()->reset();
    QVERIFY(w.close());
}

void tst_FontZoom::staysWithinBounds()
{
    MainWindow w;
    for (int i = 0; i < 100; ++i)
        w.fontZoom()->smaller();
    QCOMPARE(w.fontZoom()->step(), FontZoom::MinStep);
    QVERIFY(w.table()->font().pointSizeF() >= 4);
    for (int i = 0; i < 100; ++i)
        w.fontZoom()->bigger();
    QCOMPARE(w.fontZoom()->step(), FontZoom::MaxStep);
    w.fontZoom()->reset();
}

QTEST_MAIN(tst_FontZoom)
#include "tst_fontzoom.moc"
