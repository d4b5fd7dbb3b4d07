// SPDX-License-Identifier: MIT
#include "eventtableaccessible.h"
#include "eventtablemodel.h"
#include "eventtableview.h"
#include "journalsimulator.h"

#include <QAbstractItemModelTester>
#include <QAccessible>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

class tst_EventTableAccessible : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void isATableOfTheShownColumns();
    void cellsReadTheirValuesAndPlaces();
    void selectionAndFocus();
    void rowsFollowTheJournal();

private:
    QAccessibleTableInterface *table() const
    {
        QAccessibleInterface *iface = QAccessible::queryAccessibleInterface(m_view);
        return iface ? iface->tableInterface() : nullptr;
    }
    void append(int events)
    {
        QString error;
        for (int i = 0; i < events; ++i)
            QVERIFY2(m_sim->appendNext(&error), qPrintable(error));
        m_model->applyChanges(
            JournalIndex::scanChanges(JournalDirectory::list(m_dir->path()), m_model->journal().cursors()));
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<JournalSimulator> m_sim;
    EventTableModel *m_model = nullptr;
    EventTableView *m_view = nullptr;
};

void tst_EventTableAccessible::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_sim = std::make_unique<JournalSimulator>();
    QString error;
    QVERIFY2(m_sim->open(m_dir->path(), {}, &error), qPrintable(error));
    m_model = new EventTableModel;
    new QAbstractItemModelTester(m_model, QAbstractItemModelTester::FailureReportingMode::QtTest, m_model);
    m_view = new EventTableView;
    m_view->setModel(m_model);
    append(50);
    m_view->resize(800, 300);
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view));
}

void tst_EventTableAccessible::cleanup()
{
    delete m_view;
    delete m_model;
    m_view = nullptr;
    m_model = nullptr;
    m_sim.reset();
    m_dir.reset();
}

void tst_EventTableAccessible::isATableOfTheShownColumns()
{
    QAccessibleInterface *iface = QAccessible::queryAccessibleInterface(m_view);
    QVERIFY(iface);
    QCOMPARE(iface->role(), QAccessible::Table);
    QAccessibleTableInterface *t = table();
    QVERIFY(t);
    QCOMPARE(t->rowCount(), 50);
    QCOMPARE(t->columnCount(), m_model->columnCount());
    QCOMPARE(t->columnDescription(0), m_model->headerData(0, Qt::Horizontal).toString());
    // Moved and hidden columns: the table reads left to right what shows.
    QHeaderView *header = m_view->horizontalHeader();
    header->moveSection(header->visualIndex(EventTableModel::TypeColumn), 0);
    header->hideSection(EventTableModel::SessionColumn);
    QCOMPARE(t->columnCount(), m_model->columnCount() - 1);
    QCOMPARE(t->columnDescription(0),
             m_model->headerData(EventTableModel::TypeColumn, Qt::Horizontal).toString());
    for (int column = 0; column < t->columnCount(); ++column)
        QVERIFY(t->columnDescription(column) !=
                m_model->headerData(EventTableModel::SessionColumn, Qt::Horizontal).toString());
    QCOMPARE(iface->childCount(), t->rowCount() * t->columnCount());
}

void tst_EventTableAccessible::cellsReadTheirValuesAndPlaces()
{
    QAccessibleInterface *iface = QAccessible::queryAccessibleInterface(m_view);
    QAccessibleTableInterface *t = table();
    for (int row : {0, 7, 49}) {
        for (int column = 0; column < t->columnCount(); ++column) {
            QAccessibleInterface *cell = t->cellAt(row, column);
            QVERIFY(cell);
            QCOMPARE(cell->role(), QAccessible::Cell);
            QCOMPARE(cell->text(QAccessible::Name), m_model->index(row, column).data().toString());
            QAccessibleTableCellInterface *c = cell->tableCellInterface();
            QVERIFY(c);
            QCOMPARE(c->rowIndex(), row);
            QCOMPARE(c->columnIndex(), column);
            QCOMPARE(iface->indexOfChild(cell), row * t->columnCount() + column);
            QCOMPARE(iface->child(row * t->columnCount() + column), cell); // the same, cached
            QCOMPARE(cell->parent(), iface);
        }
    }
    QVERIFY(!t->cellAt(50, 0));
    QVERIFY(!t->cellAt(0, t->columnCount()));
    // A cell on screen is found where it is drawn; one scrolled away says it is off screen.
    const QModelIndex shown = m_model->index(m_view->rowAt(0) + 1, EventTableModel::TypeColumn);
    const QRect r = m_view->visualRect(shown);
    QAccessibleInterface *hit = iface->childAt(m_view->viewport()->mapToGlobal(r.center()).x(),
                                               m_view->viewport()->mapToGlobal(r.center()).y());
    QVERIFY(hit);
    QCOMPARE(hit->text(QAccessible::Name), shown.data().toString());
    QCOMPARE(hit->rect().center(), m_view->viewport()->mapToGlobal(r.center()));
    QVERIFY(!hit->state().invisible);
    m_view->setFollowing(false);
    m_view->scrollToTop();
    QVERIFY(t->cellAt(49, 0)->state().offscreen);
}

void tst_EventTableAccessible::selectionAndFocus()
{
    QAccessibleTableInterface *t = table();
    QVERIFY(t->selectRow(12));
    QVERIFY(t->isRowSelected(12));
    QCOMPARE(t->selectedRows(), QList<int>{12});
    QCOMPARE(t->selectedRowCount(), 1);
    QCOMPARE(t->selectedCellCount(), t->columnCount());
    QVERIFY(t->cellAt(12, 2)->tableCellInterface()->isSelected());
    QCOMPARE(m_view->currentIndex().row(), 12);
    m_view->setFocus();
    QAccessibleInterface *focus = QAccessible::queryAccessibleInterface(m_view)->focusChild();
    QVERIFY(focus);
    QCOMPARE(focus->tableCellInterface()->rowIndex(), 12);
    QVERIFY(t->unselectRow(12));
    QVERIFY(!t->isRowSelected(12));
    QVERIFY(!t->selectRow(-1));
    QVERIFY(!t->selectRow(50));
}

void tst_EventTableAccessible::rowsFollowTheJournal()
{
    QAccessibleTableInterface *t = table();
    const QString before = t->cellAt(10, 0)->text(QAccessible::Name);
    append(25);
    QCOMPARE(t->rowCount(), 75);
    QCOMPARE(t->cellAt(10, 0)->text(QAccessible::Name), before);
    QCOMPARE(t->cellAt(74, 0)->text(QAccessible::Name), m_model->index(74, 0).data().toString());
    // The model going away leaves no cell reading a dead model.
    m_view->setModel(nullptr);
    QCOMPARE(t->rowCount(), 0);
    QVERIFY(!t->cellAt(0, 0));
}

QTEST_MAIN(tst_EventTableAccessible)
#include "tst_eventtableaccessible.moc"
