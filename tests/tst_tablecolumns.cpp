// SPDX-License-Identifier: MIT
#include "tablecolumns.h"

#include "eventtablemodel.h"
#include "eventtableview.h"
#include "mainwindow.h"
#include "testjournal.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QHeaderView>
#include <QMenu>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace TestJournal;

class tst_TableColumns : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void headerMenuShowsAndHidesColumns();
    void headerMenuAddsAndRemovesFieldColumns();
    void pathColumnsAreChecked();
    void newColumnsGoBeforeTheSummaryAndTheLastStretches();
    void arrangementSurvivesARestart();
    void settingsOfAnotherArrangementAreNotMisapplied();
    void resetRestoresTheDefault();

private:
    QTemporaryDir m_dir;
};

namespace {

QAction *action(QMenu *menu, const QString &name)
{
    return menu->findChild<QAction *>(name);
}

void open(MainWindow &w, const QString &dir)
{
    w.resize(1400, 700);
    w.show();
    QSignalSpy loaded(&w, &MainWindow::loaded);
    QVERIFY(w.openDirectory(dir));
    QTRY_COMPARE(loaded.count(), 1);
}

QList<int> visualOrder(const QHeaderView *header)
{
    QList<int> out;
    for (int v = 0; v < header->count(); ++v)
        out.append(header->logicalIndex(v));
    return out;
}

} // namespace

void tst_TableColumns::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("bjb-test-tablecolumns"));
    JournalSimulator sim;
    simulate(sim, m_dir.path(), 300);
}

void tst_TableColumns::init()
{
    QSettings().clear();
}

void tst_TableColumns::headerMenuShowsAndHidesColumns()
{
    MainWindow w;
    open(w, m_dir.path());
    QHeaderView *header = w.table()->horizontalHeader();
    QScopedPointer<QMenu> menu(w.columns()->createMenu(EventTableModel::TimeColumn, &w));
    QAction *time = action(menu.get(), QStringLiteral("showColumn%1").arg(EventTableModel::TimeColumn));
    QVERIFY(time && time->isChecked());
    time->trigger();
    QVERIFY(header->isSectionHidden(EventTableModel::TimeColumn));
    // Everything but one hidden: that one cannot go.
    for (int c = 0; c < EventTableModel::ColumnCount; ++c)
        if (c != EventTableModel::TypeColumn)
            w.columns()->setColumnVisible(c, false);
    QCOMPARE(header->count() - header->hiddenSectionCount(), 1);
    w.columns()->setColumnVisible(EventTableModel::TypeColumn, false);
    QVERIFY(!header->isSectionHidden(EventTableModel::TypeColumn));
    menu.reset(w.columns()->createMenu(-1, &w));
    QVERIFY(
        !action(menu.get(), QStringLiteral("showColumn%1").arg(EventTableModel::TypeColumn))->isEnabled());
    QAction *summary = action(menu.get(), QStringLiteral("showColumn%1").arg(EventTableModel::SummaryColumn));
    QVERIFY(!summary->isChecked());
    summary->trigger();
    QVERIFY(!header->isSectionHidden(EventTableModel::SummaryColumn));
}

void tst_TableColumns::headerMenuAddsAndRemovesFieldColumns()
{
    MainWindow w;
    open(w, m_dir.path());
    QAbstractItemModelTester tester(w.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QScopedPointer<QMenu> menu(w.columns()->createMenu(EventTableModel::SummaryColumn, &w));
    QVERIFY(!action(menu.get(), QStringLiteral("removeColumn"))); // a fixed column: nothing to remove
    QMenu *dialect = menu->findChild<QMenu *>(QStringLiteral("dialectColumnsMenu"));
    QVERIFY(dialect);
    QCOMPARE(dialect->actions().size(), FieldColumn::dialectHeaders().size());
    QAction *status = action(dialect, QStringLiteral("dialectColumn:status"));
    QVERIFY(status && !status->isChecked());
    status->trigger();
    QCOMPARE(w.model()->fieldColumns(), QList<FieldColumn>{FieldColumn::dialect(QStringLiteral("status"))});
    const int column = EventTableModel::ColumnCount;
    QCOMPARE(w.model()->headerData(column, Qt::Horizontal).toString(), QStringLiteral("Status"));
    // The view asks for the rows in view; their values come from the worker.
    int withStatus = -1;
    for (int row = 0; row < w.model()->rowCount() && withStatus < 0; ++row)
        if (w.model()->index(row, EventTableModel::TypeColumn).data().toString() ==
            QLatin1String("task_list_item_progress"))
            withStatus = row;
    QVERIFY(withStatus >= 0);
    w.table()->scrollTo(w.model()->index(withStatus, column));
    QTRY_VERIFY(!w.model()->index(withStatus, column).data().toString().isEmpty());
    // Its own menu removes it.
    menu.reset(w.columns()->createMenu(column, &w));
    QAction *remove = action(menu.get(), QStringLiteral("removeColumn"));
    QVERIFY(remove);
    QVERIFY(remove->text().contains(QStringLiteral("Status")));
    remove->trigger();
    QVERIFY(w.model()->fieldColumns().isEmpty());
    QCOMPARE(w.model()->columnCount(), int(EventTableModel::ColumnCount));
    // The submenu's tick removes too.
    w.columns()->addColumn(FieldColumn::dialect(QStringLiteral("tokens")));
    menu.reset(w.columns()->createMenu(-1, &w));
    dialect = menu->findChild<QMenu *>(QStringLiteral("dialectColumnsMenu"));
    QAction *tokens = action(dialect, QStringLiteral("dialectColumn:tokens"));
    QVERIFY(tokens->isChecked());
    tokens->trigger();
    QVERIFY(w.model()->fieldColumns().isEmpty());
    QVERIFY(action(menu.get(), QStringLiteral("addPathColumn")));
    QVERIFY(action(menu.get(), QStringLiteral("resetColumns")));
}

void tst_TableColumns::pathColumnsAreChecked()
{
    MainWindow w;
    open(w, m_dir.path());
    QString error;
    for (const char *bad : {"", "event..usage", "event.items[x]", "event[\"open", "a b"}) {
        QVERIFY2(!w.columns()->addPathColumn(QString::fromUtf8(bad), &error), bad);
        QVERIFY(!error.isEmpty());
    }
    QVERIFY(w.model()->fieldColumns().isEmpty());
    QVERIFY(w.columns()->addPathColumn(QStringLiteral(" event.task_list.items[0].status "), &error));
    QVERIFY(w.columns()->addPathColumn(QStringLiteral("session_id"), &error));
    QCOMPARE(w.model()->fieldColumns().size(), 2);
    QCOMPARE(w.model()->fieldColumns().first().key, QStringLiteral("event.task_list.items[0].status"));
    // The same path again shows the column it has.
    const int column = EventTableModel::ColumnCount + 1;
    w.columns()->setColumnVisible(column, false);
    QCOMPARE(w.columns()->addColumn(*FieldColumn::path(QStringLiteral("session_id"))), column);
    QVERIFY(!w.table()->horizontalHeader()->isSectionHidden(column));
    QCOMPARE(w.model()->fieldColumns().size(), 2);
}

void tst_TableColumns::newColumnsGoBeforeTheSummaryAndTheLastStretches()
{
    MainWindow w;
    open(w, m_dir.path());
    QHeaderView *header = w.table()->horizontalHeader();
    QVERIFY(header->stretchLastSection());
    QCOMPARE(header->logicalIndex(header->count() - 1), int(EventTableModel::SummaryColumn));
    const int column = w.columns()->addColumn(FieldColumn::dialect(QStringLiteral("role")));
    QCOMPARE(header->visualIndex(column), header->visualIndex(EventTableModel::SummaryColumn) - 1);
    QVERIFY(header->sectionSize(column) > 20);
    // The last visible column reaches the table's edge (or beyond, when the others take more), whichever it
    // is.
    const auto filled = [header] {
        int width = 0;
        for (int c = 0; c < header->count(); ++c)
            width += header->isSectionHidden(c) ? 0 : header->sectionSize(c);
        return width;
    };
    QTRY_VERIFY(filled() >= header->viewport()->width());
    w.columns()->setColumnVisible(EventTableModel::SummaryColumn, false);
    w.columns()->setColumnVisible(EventTableModel::TimeColumn, false);
    w.columns()->setColumnVisible(EventTableModel::FileColumn, false);
    QVERIFY(filled() - header->sectionSize(column) < header->viewport()->width());
    QTRY_VERIFY(filled() >= header->viewport()->width());
}

void tst_TableColumns::arrangementSurvivesARestart()
{
    QList<int> order;
    QList<int> sizes;
    const QList<FieldColumn> fields = {FieldColumn::dialect(QStringLiteral("status")),
                                       *FieldColumn::path(QStringLiteral("event.usage.prompt_tokens"))};
    {
        MainWindow w;
        open(w, m_dir.path());
        for (const FieldColumn &c : fields)
            w.columns()->addColumn(c);
        QHeaderView *header = w.table()->horizontalHeader();
        header->moveSection(header->visualIndex(EventTableModel::TypeColumn), 0); // dragged to the front
        header->resizeSection(EventTableModel::SessionColumn, 211);
        w.columns()->setColumnVisible(EventTableModel::FileColumn, false);
        order = visualOrder(header);
        for (int c = 0; c < header->count(); ++c)
            sizes.append(header->sectionSize(c));
        QVERIFY(w.close()); // as a person closes it: the settings are written
    }
    MainWindow w;
    open(w, m_dir.path());
    QHeaderView *header = w.table()->horizontalHeader();
    QCOMPARE(w.model()->fieldColumns(), fields);
    QCOMPARE(visualOrder(header), order);
    QVERIFY(header->isSectionHidden(EventTableModel::FileColumn));
    QCOMPARE(header->sectionSize(EventTableModel::SessionColumn), 211);
    QCOMPARE(header->sectionSize(EventTableModel::ColumnCount), sizes[EventTableModel::ColumnCount]);
    QVERIFY(header->stretchLastSection());
    QVERIFY(header->sectionsMovable());
}

void tst_TableColumns::settingsOfAnotherArrangementAreNotMisapplied()
{
    // Settings written by an older browser: fixed columns only, the summary stretched, the file last.
    {
        QTableView table;
        EventTableModel model;
        table.setModel(&model);
        table.horizontalHeader()->setSectionResizeMode(EventTableModel::SummaryColumn, QHeaderView::Stretch);
        table.horizontalHeader()->resizeSection(EventTableModel::TimeColumn, 199);
        QSettings().setValue(QStringLiteral("window/columns"), table.horizontalHeader()->saveState());
    }
    {
        MainWindow w;
        open(w, m_dir.path());
        QHeaderView *header = w.table()->horizontalHeader();
        QCOMPARE(header->sectionSize(EventTableModel::TimeColumn), 199); // the width holds
        QCOMPARE(header->logicalIndex(header->count() - 1), int(EventTableModel::SummaryColumn));
        QCOMPARE(header->sectionResizeMode(EventTableModel::SummaryColumn), QHeaderView::Interactive);
        QVERIFY(w.close());
    }
    // A field column this browser no longer knows: the saved widths belong to another set of columns.
    QSettings().setValue(
        QStringLiteral("window/fieldColumns"),
        QStringList{QStringLiteral("dialect:no such header"), QStringLiteral("dialect:status")});
    QSettings().setValue(QStringLiteral("window/columnCount"), int(EventTableModel::ColumnCount) + 2);
    MainWindow w;
    open(w, m_dir.path());
    QCOMPARE(w.model()->fieldColumns(), QList<FieldColumn>{FieldColumn::dialect(QStringLiteral("status"))});
    QHeaderView *header = w.table()->horizontalHeader();
    QCOMPARE(header->hiddenSectionCount(), 0);
    QCOMPARE(header->logicalIndex(header->count() - 1), int(EventTableModel::SummaryColumn));
}

void tst_TableColumns::resetRestoresTheDefault()
{
    MainWindow w;
    open(w, m_dir.path());
    QHeaderView *header = w.table()->horizontalHeader();
    const QList<int> order = visualOrder(header);
    const int time = header->sectionSize(EventTableModel::TimeColumn);
    w.columns()->addColumn(FieldColumn::dialect(QStringLiteral("title")));
    header->moveSection(header->visualIndex(EventTableModel::SeqColumn), 3);
    header->resizeSection(EventTableModel::TimeColumn, 40);
    w.columns()->setColumnVisible(EventTableModel::SessionColumn, false);
    QSignalSpy reset(w.columns(), &TableColumns::layoutReset);
    QScopedPointer<QMenu> menu(w.columns()->createMenu(-1, &w));
    action(menu.get(), QStringLiteral("resetColumns"))->trigger();
    QCOMPARE(reset.count(), 1);
    QVERIFY(w.model()->fieldColumns().isEmpty());
    QCOMPARE(visualOrder(header), order);
    QCOMPARE(header->hiddenSectionCount(), 0);
    QCOMPARE(header->sectionSize(EventTableModel::TimeColumn), time);
}

QTEST_MAIN(tst_TableColumns)
#include "tst_tablecolumns.moc"
