// SPDX-License-Identifier: MIT
#include "rowactions.h"

#include "eventtablemodel.h"
#include "eventtableview.h"
#include "exportdialog.h"
#include "filterbar.h"
#include "journalloader.h"
#include "jsonpretty.h"
#include "mainwindow.h"
#include "tablecolumns.h"
#include "testjournal.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDockWidget>
#include <QLineEdit>
#include <QMenu>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace TestJournal;

class tst_RowActions : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void ctrlCCopiesTheSelectedLinesByteForByte();
    void menuCopiesSeqCellAndPrettyJson();
    void menuFiltersForAndOutSessionAndType();
    void menuFiltersForAndOutAFieldValue();
    void menuExportsFromTheRowAndShowsItsSession();
    void hugeSelectionIsRefusedWithANotice();
    void vanishedFileIsSaidNotCopied();
};

namespace {

QAction *action(QMenu *menu, const char *name)
{
    const QList<QAction *> actions = menu->actions();
    for (QAction *a : actions)
        if (a->objectName() == QLatin1String(name))
            return a;
    return nullptr;
}

void open(MainWindow &w, const QString &dir)
{
    w.resize(1200, 700);
    w.show();
    QSignalSpy loaded(&w, &MainWindow::loaded);
    QVERIFY(w.openDirectory(dir));
    QTRY_COMPARE(loaded.count(), 1);
}

QByteArray journalLine(quint64 seq, const char *session, const char *type)
{
    return "{\"seq\":" + QByteArray::number(seq) + ",\"ts\":\"2026-11-20T09:00:01Z\",\"session_id\":\"" +
           session + "\",\"event\":{\"type\":\"" + type + "\",\"session_id\":\"" + session + "\"}}";
}

} // namespace

void tst_RowActions::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("bjb-test-rowactions"));
}

void tst_RowActions::ctrlCCopiesTheSelectedLinesByteForByte()
{
    QTemporaryDir dir;
    // CR LF lines keep their CR; leading blanks and a last line without a newline are the file's too.
    const QByteArray a = journalLine(1, "s1", "session_deleted"), b = journalLine(2, "s2", "session_cleared"),
                     c = "  " + journalLine(3, "s1", "session_deleted"),
                     d = journalLine(4, "s2", "session_deleted");
    writeFile(dir.filePath(QStringLiteral("events-1.jsonl")), a + "\r\n" + b + "\n" + c + "\r\n" + d);
    MainWindow w;
    open(w, dir.path());
    QCOMPARE(w.model()->rowCount(), 4);
    QSignalSpy copied(w.rowActions(), &RowActions::copied);
    w.table()->setFocus();
    w.table()->selectAll();
    QTest::keyClick(w.table(), Qt::Key_C, Qt::ControlModifier);
    QTRY_COMPARE(copied.count(), 1);
    QCOMPARE(copied.last().at(0).toLongLong(), qint64(4));
    QCOMPARE(QApplication::clipboard()->text().toUtf8(), a + "\r\n" + b + "\n" + c + "\r\n" + d);
    // Rows picked one by one, in the table's order whatever the order of picking.
    w.table()->selectionModel()->clearSelection();
    w.table()->selectionModel()->select(w.model()->index(3, 0),
                                        QItemSelectionModel::Select | QItemSelectionModel::Rows);
    w.table()->selectionModel()->select(w.model()->index(1, 0),
                                        QItemSelectionModel::Select | QItemSelectionModel::Rows);
    QTest::keyClick(w.table(), Qt::Key_C, Qt::ControlModifier);
    QTRY_COMPARE(copied.count(), 2);
    QCOMPARE(QApplication::clipboard()->text().toUtf8(), b + "\n" + d);
    // Ctrl+C in a filter field copies the field's text, not rows.
    auto *text = w.findChild<QLineEdit *>(QStringLiteral("filterText"));
    text->setText(QStringLiteral("needle"));
    text->selectAll();
    text->setFocus();
    QTest::keyClick(text, Qt::Key_C, Qt::ControlModifier);
    QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("needle"));
    QCOMPARE(copied.count(), 2);
}

void tst_RowActions::menuCopiesSeqCellAndPrettyJson()
{
    QTemporaryDir dir;
    const QByteArray line =
        R"({"seq":7,"ts":"2026-11-20T09:00:01Z","session_id":"s1","event":{"type":"error","message":"disk full"}})";
    writeFile(dir.filePath(QStringLiteral("events-7.jsonl")), line + "\r\n");
    MainWindow w;
    open(w, dir.path());
    QAbstractItemModelTester tester(w.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QModelIndex summary = w.model()->index(0, EventTableModel::SummaryColumn);
    QTRY_VERIFY(w.model()->hasRowText(0));
    QScopedPointer<QMenu> menu(w.rowActions()->createMenu(summary, &w));
    action(menu.get(), "copySeq")->trigger();
    QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("7"));
    QAction *cell = action(menu.get(), "copyCell");
    QVERIFY(cell->isEnabled());
    cell->trigger();
    QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("disk full"));
    QSignalSpy copied(w.rowActions(), &RowActions::copied);
    action(menu.get(), "copyPrettyJson")->trigger();
    QTRY_COMPARE(copied.count(), 1);
    QCOMPARE(QApplication::clipboard()->text().toUtf8(),
             JsonPretty::format(std::string_view(line.constData(), size_t(line.size()))));
    action(menu.get(), "copyRawLine")->trigger();
    QTRY_COMPARE(copied.count(), 2);
    QCOMPARE(QApplication::clipboard()->text().toUtf8(), line + "\r");
}

void tst_RowActions::menuFiltersForAndOutSessionAndType()
{
    QTemporaryDir dir;
    writeFile(dir.filePath(QStringLiteral("events-1.jsonl")),
              journalLine(1, "s1", "session_deleted") + "\n" + journalLine(2, "s2", "session_cleared") +
                  "\n" + journalLine(3, "s1", "session_cleared") + "\n" +
                  journalLine(4, "s3", "session_deleted") + "\n");
    MainWindow w;
    open(w, dir.path());
    QAbstractItemModelTester tester(w.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy filtered(w.loader(), &JournalLoader::filterFinished);
    const auto seqs = [&w] {
        QList<quint64> out;
        for (int row = 0; row < w.model()->rowCount(); ++row)
            out.append(w.model()->index(row, 0).data(EventTableModel::SeqRole).toULongLong());
        return out;
    };
    const auto trigger = [&w](int row, const char *name) {
        QScopedPointer<QMenu> menu(w.rowActions()->createMenu(w.model()->index(row, 0), &w));
        QAction *a = action(menu.get(), name);
        QVERIFY2(a, name);
        a->trigger();
    };
    trigger(0, "filterOutSession"); // s1
    QTRY_COMPARE(filtered.count(), 1);
    QCOMPARE(seqs(), (QList<quint64>{2, 4}));
    trigger(0, "filterOutType"); // session_cleared, as well
    QTRY_COMPARE(filtered.count(), 2);
    QCOMPARE(seqs(), (QList<quint64>{4}));
    w.filterBar()->clear();
    QTRY_COMPARE(filtered.count(), 3);
    QCOMPARE(w.model()->rowCount(), 4);
    trigger(1, "filterForType"); // session_cleared only
    QTRY_COMPARE(filtered.count(), 4);
    QCOMPARE(seqs(), (QList<quint64>{2, 3}));
    trigger(1, "filterForSession"); // and s1
    QTRY_COMPARE(filtered.count(), 5);
    QCOMPARE(seqs(), (QList<quint64>{3}));
}

void tst_RowActions::menuFiltersForAndOutAFieldValue()
{
    QTemporaryDir dir;
    const auto line = [](int seq, const char *role) -> QByteArray {
        return "{\"seq\":" + QByteArray::number(seq) +
               R"(,"ts":"2026-11-20T09:00:01Z","session_id":"s1","event":{"type":"message","role":")" + role +
               "\"}}\n";
    };
    // A value the cell shows made printable: the term has the value as it is in the line.
    writeFile(dir.filePath(QStringLiteral("events-1.jsonl")),
              line(1, "user") + line(2, "tool\\u0001x") + line(3, "user") + line(4, "assistant"));
    MainWindow w;
    open(w, dir.path());
    QAbstractItemModelTester tester(w.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(w.columns()->addPathColumn(QStringLiteral("event.role")));
    const int column = EventTableModel::ColumnCount;
    QTRY_VERIFY(w.model()->index(1, column).data(EventTableModel::FieldKindRole).toInt() ==
                int(FieldValue::Kind::String));
    QSignalSpy filtered(w.loader(), &JournalLoader::filterFinished);
    const auto trigger = [&w](int row, int column, const char *name) {
        QScopedPointer<QMenu> menu(w.rowActions()->createMenu(w.model()->index(row, column), &w));
        QAction *a = action(menu.get(), name);
        QVERIFY2(a && a->isEnabled(), name);
        a->trigger();
    };
    trigger(1, column, "filterOutValue");
    QTRY_COMPARE(filtered.count(), 1);
    QCOMPARE(w.filterBar()->query(), QStringLiteral("not event.role = \"tool\\u0001x\""));
    QCOMPARE(w.model()->rowCount(), 3);
    w.filterBar()->clear();
    QTRY_COMPARE(filtered.count(), 2);
    trigger(0, column, "filterForValue");
    QTRY_COMPARE(filtered.count(), 3);
    QCOMPARE(w.filterBar()->query(), QStringLiteral("event.role = user"));
    QCOMPARE(w.model()->rowCount(), 2);
    // The file column: the file's name.
    trigger(0, EventTableModel::FileColumn, "filterOutValue");
    QTRY_COMPARE(filtered.count(), 4);
    QCOMPARE(w.filterBar()->query(), QStringLiteral("event.role = user and not file = events-1.jsonl"));
    QCOMPARE(w.model()->rowCount(), 0);
    // Other columns have no value to filter by.
    QScopedPointer<QMenu> menu(w.rowActions()->createMenu(w.model()->index(0, 0), &w));
    QVERIFY(!action(menu.get(), "filterForValue"));
}

void tst_RowActions::menuExportsFromTheRowAndShowsItsSession()
{
    QTemporaryDir dir;
    writeRange(dir.path(), 10, 40);
    MainWindow w;
    open(w, dir.path());
    QScopedPointer<QMenu> menu(w.rowActions()->createMenu(w.model()->index(5, 2), &w));
    action(menu.get(), "exportFromHere")->trigger();
    auto *dialog = w.findChild<ExportDialog *>();
    QVERIFY(dialog);
    QCOMPARE(dialog->findChild<QLineEdit *>(QStringLiteral("exportFrom"))->text(), QStringLiteral("15"));
    dialog->close();
    auto *dock = w.findChild<QDockWidget *>(QStringLiteral("sessionDock"));
    QVERIFY(dock && !dock->isVisible());
    action(menu.get(), "showSession")->trigger();
    QVERIFY(dock->isVisible());
    QCOMPARE(w.table()->currentIndex().row(), 5);
}

void tst_RowActions::hugeSelectionIsRefusedWithANotice()
{
    QTemporaryDir dir;
    const qint64 rows = RowActions::MaxCopyRows + 1;
    QByteArray bytes;
    bytes.reserve(rows * 40);
    for (qint64 seq = 1; seq <= rows; ++seq)
        bytes += "{\"seq\":" + QByteArray::number(seq) + ",\"event\":{\"type\":\"x\"}}\n";
    writeFile(dir.filePath(QStringLiteral("events-1.jsonl")), bytes);
    MainWindow w;
    open(w, dir.path());
    QCOMPARE(w.model()->rowCount(), int(rows));
    QSignalSpy failed(w.rowActions(), &RowActions::copyFailed);
    QSignalSpy copied(w.rowActions(), &RowActions::copied);
    QApplication::clipboard()->setText(QStringLiteral("before"));
    w.table()->setFocus();
    w.table()->selectAll();
    QTest::keyClick(w.table(), Qt::Key_C, Qt::ControlModifier);
    QCOMPARE(failed.count(), 1);
    QVERIFY2(w.noticeText().contains(QStringLiteral("100,000 rows")), qPrintable(w.noticeText()));
    QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("before"));
    // One row fewer is copied.
    w.table()->selectionModel()->select(w.model()->index(0, 0),
                                        QItemSelectionModel::Deselect | QItemSelectionModel::Rows);
    QTest::keyClick(w.table(), Qt::Key_C, Qt::ControlModifier);
    QTRY_COMPARE(copied.count(), 1);
    QCOMPARE(copied.last().at(0).toLongLong(), RowActions::MaxCopyRows);
    QVERIFY(QApplication::clipboard()->text().startsWith(QStringLiteral("{\"seq\":2,")));
}

void tst_RowActions::vanishedFileIsSaidNotCopied()
{
    QTemporaryDir dir;
    const QString file = writeRange(dir.path(), 1, 5);
    MainWindow w;
    open(w, dir.path());
    w.setFollowing(false);
    QSignalSpy failed(w.rowActions(), &RowActions::copyFailed);
    QApplication::clipboard()->setText(QStringLiteral("before"));
    // Truncated behind the browser's back, before it notices.
    QFile f(file);
    QVERIFY(f.open(QIODevice::ReadWrite));
    QVERIFY(f.resize(10));
    f.close();
    w.rowActions()->copyLines({3});
    QTRY_COMPARE(failed.count(), 1);
    QVERIFY(failed.last().at(0).toString().contains(QStringLiteral("reload")));
    QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("before"));
}

QTEST_MAIN(tst_RowActions)
#include "tst_rowactions.moc"
