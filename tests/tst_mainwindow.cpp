// SPDX-License-Identifier: MIT
#include "detailpane.h"
#include "eventtablemodel.h"
#include "filterbar.h"
#include "journalloader.h"
#include "journalsimulator.h"
#include "mainwindow.h"
#include "testjournal.h"

#include <QLineEdit>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

class tst_MainWindow : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    JournalSimulator m_sim;

private slots:
    void initTestCase();
    void opensAndShowsDetail();
    void filterByTextShowsCount();
    void followModeKeepsUpAndPauses();
    void goToSeq();
    void errorsShowInTheWindow();
};

using namespace TestJournal;

void tst_MainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    JournalSimulator::Options options;
    options.rotateThreshold = 32 * 1024;
    QString error;
    QVERIFY(m_sim.open(m_dir.path(), options, &error));
    for (int i = 0; i < 600; ++i)
        QVERIFY(m_sim.appendNext(&error));
}

void tst_MainWindow::opensAndShowsDetail()
{
    MainWindow w;
    w.show();
    QSignalSpy loaded(&w, &MainWindow::loaded);
    QVERIFY(w.openDirectory(m_dir.path()));
    QTRY_COMPARE(loaded.count(), 1);
    QCOMPARE(w.model()->rowCount(), 600);
    const QModelIndex index = w.model()->index(41, 0);
    w.table()->setCurrentIndex(index);
    const QString pretty = w.detail()->prettyText();
    QVERIFY2(pretty.startsWith(QStringLiteral("{\n  \"seq\": 42,")), qPrintable(pretty.left(80)));
    QVERIFY(w.detail()->rawLine().startsWith("{\"seq\":42,"));
}

void tst_MainWindow::filterByTextShowsCount()
{
    MainWindow w;
    w.show();
    QSignalSpy loaded(&w, &MainWindow::loaded);
    QVERIFY(w.openDirectory(m_dir.path()));
    QTRY_COMPARE(loaded.count(), 1);
    QSignalSpy filtered(w.loader(), &JournalLoader::filterFinished);
    auto *text = w.findChild<QLineEdit *>(QStringLiteral("filterText"));
    QVERIFY(text);
    QTest::keyClicks(text, QStringLiteral("WebFetch"));
    QTRY_COMPARE(filtered.count(), 1);
    const int matches = w.model()->rowCount();
    QVERIFY(matches > 0 && matches < 600);
    for (int row = 0; row < matches; ++row)
        QVERIFY(w.model()->data(w.model()->index(row, 0), EventTableModel::LengthRole).toUInt() > 0);
    auto *from = w.findChild<QLineEdit *>(QStringLiteral("filterFrom"));
    QTest::keyClicks(from, QStringLiteral("300"));
    QTRY_COMPARE(filtered.count(), 2);
    QVERIFY(w.model()->rowCount() < matches);
    for (int row = 0; row < w.model()->rowCount(); ++row)
        QVERIFY(w.model()->data(w.model()->index(row, 0), EventTableModel::SeqRole).toULongLong() >= 300);
    w.filterBar()->clear();
    QTRY_COMPARE(w.model()->rowCount(), 600);
}

void tst_MainWindow::followModeKeepsUpAndPauses()
{
    QTemporaryDir dir;
    JournalSimulator sim;
    QString error;
    simulate(sim, dir.path(), 300);
    MainWindow w;
    w.resize(1000, 600);
    w.show();
    w.loader()->setPollInterval(50);
    QSignalSpy loaded(&w, &MainWindow::loaded);
    QVERIFY(w.openDirectory(dir.path()));
    QTRY_COMPARE(loaded.count(), 1);
    QVERIFY(w.isFollowing());
    QScrollBar *bar = w.table()->verticalScrollBar();
    QTRY_COMPARE(bar->value(), bar->maximum());
    for (int i = 0; i < 50; ++i)
        QVERIFY(sim.appendNext(&error));
    QTRY_COMPARE(w.model()->rowCount(), 350);
    QTRY_COMPARE(bar->value(), bar->maximum());
    // Scrolling up pauses following; new rows then leave the view where it is.
    bar->setValue(0);
    QVERIFY(!w.isFollowing());
    for (int i = 0; i < 20; ++i)
        QVERIFY(sim.appendNext(&error));
    QTRY_COMPARE(w.model()->rowCount(), 370);
    QCOMPARE(bar->value(), 0);
    auto *newEvents = w.findChild<QWidget *>(QStringLiteral("newEvents"));
    QVERIFY(newEvents->isVisible());
    QTest::keyClick(&w, Qt::Key_F); // back to following
    QVERIFY(w.isFollowing());
    QTRY_COMPARE(bar->value(), bar->maximum());
}

void tst_MainWindow::goToSeq()
{
    MainWindow w;
    w.show();
    QSignalSpy loaded(&w, &MainWindow::loaded);
    QVERIFY(w.openDirectory(m_dir.path()));
    QTRY_COMPARE(loaded.count(), 1);
    QVERIFY(w.goToSeq(250));
    QCOMPARE(w.table()->currentIndex().row(), 249);
    QVERIFY(!w.isFollowing());
    QVERIFY(!w.goToSeq(100000));
}

void tst_MainWindow::errorsShowInTheWindow()
{
    MainWindow w;
    w.show();
    QVERIFY(!w.openDirectory(m_dir.filePath(QStringLiteral("nope"))));
    QVERIFY(w.noticeText().contains(QStringLiteral("no such directory")));
}

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"
