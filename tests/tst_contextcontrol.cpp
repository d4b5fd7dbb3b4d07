// SPDX-License-Identifier: MIT
#include "contextcontrol.h"
#include "eventtablemodel.h"
#include "eventtableview.h"
#include "filterbar.h"
#include "journalloader.h"
#include "journalsimulator.h"
#include "mainwindow.h"
#include "navigator.h"
#include "testjournal.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QComboBox>
#include <QHeaderView>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <set>

using namespace TestJournal;

// Context around a filter's matches in the browser's window, and the selected event when a filter is cleared.
class tst_ContextControl : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    JournalSimulator m_sim;

    void openWindow(MainWindow &w)
    {
        w.resize(1400, 800);
        w.show();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        QSignalSpy loaded(&w, &MainWindow::loaded);
        QVERIFY(w.openDirectory(m_dir.path()));
        QTRY_COMPARE(loaded.count(), 1);
    }
    // Filters by text and returns the index rows it shows.
    std::vector<qint64> filterBy(MainWindow &w, const QString &text, QSignalSpy &filtered)
    {
        const int before = filtered.count();
        QTest::keyClicks(w.findChild<QLineEdit *>(QStringLiteral("filterText")), text);
        [&] {
            QTRY_COMPARE(filtered.count(), before + 1);
        }();
        std::vector<qint64> rows;
        for (int row = 0; row < w.model()->rowCount(); ++row)
            rows.push_back(w.model()->indexRow(row));
        return rows;
    }
    static bool rowInView(MainWindow &w, int row)
    {
        const int y = w.table()->rowViewportPosition(row);
        return y >= 0 && y + w.table()->rowHeight() <= w.table()->viewport()->height();
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        JournalSimulator::Options options;
        options.rotateThreshold = 32 * 1024;
        QString error;
        QVERIFY(m_sim.open(m_dir.path(), options, &error));
        for (int i = 0; i < 600; ++i)
            QVERIFY(m_sim.appendNext(&error));
    }

    void showsTheEventsAroundEachMatchDimmed_data()
    {
        QTest::addColumn<bool>("sameSession");
        QTest::addRow("any event") << false;
        QTest::addRow("same session") << true;
    }
    void showsTheEventsAroundEachMatchDimmed()
    {
        QFETCH(bool, sameSession);
        MainWindow w;
        QAbstractItemModelTester tester(w.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        openWindow(w);
        QSignalSpy filtered(w.loader(), &JournalLoader::filterFinished);
        const std::vector<qint64> matches = filterBy(w, QStringLiteral("need_clarification"), filtered);
        QVERIFY(matches.size() >= 3);
        QCOMPARE(w.model()->contextRowCount(), qint64(0));
        auto *control = w.findChild<ContextControl *>();
        QVERIFY(control);
        control->findChild<QComboBox *>(QStringLiteral("contextScope"))->setCurrentIndex(sameSession ? 1 : 0);
        QCOMPARE(control->findChild<QSpinBox *>(QStringLiteral("contextEvents"))->value(), 5);
        control->findChild<QCheckBox *>(QStringLiteral("contextEnabled"))->setChecked(true);
        QTRY_COMPARE(filtered.count(), 2);
        // What should be there, from the index.
        const JournalIndex &index = w.model()->journal();
        std::set<qint64> expected(matches.begin(), matches.end());
        for (const qint64 m : matches) {
            if (!sameSession) {
                for (qint64 r = std::max<qint64>(0, m - 5); r <= std::min(index.eventCount() - 1, m + 5); ++r)
                    expected.insert(r);
                continue;
            }
            const quint32 session = index.record(m).session;
            if (session == 0)
                continue;
            const SessionRows &rows = index.sessionRows().at(session);
            const qsizetype at = rows.lowerBound(quint32(m));
            for (qsizetype k = std::max<qsizetype>(0, at - 5); k < std::min(rows.size(), at + 6); ++k)
                expected.insert(qint64(rows.at(k)));
        }
        QCOMPARE(w.model()->rowCount(), int(expected.size()));
        QVERIFY(expected.size() > matches.size());
        int row = 0;
        for (const qint64 r : expected) {
            const QModelIndex index0 = w.model()->index(row++, EventTableModel::SeqColumn);
            QCOMPARE(w.model()->indexRow(index0.row()), r);
            const bool isMatch = std::binary_search(matches.begin(), matches.end(), r);
            QCOMPARE(index0.data(EventTableModel::ContextRole).toBool(), !isMatch);
            QCOMPARE(index0.data(Qt::AccessibleDescriptionRole).toString().contains(QLatin1String("context")),
                     !isMatch);
            if (sameSession && !isMatch)
                QVERIFY(index.record(r).session != 0);
        }
        // The count still says how many match; off again, the matches alone.
        control->findChild<QCheckBox *>(QStringLiteral("contextEnabled"))->setChecked(false);
        QTRY_COMPARE(filtered.count(), 3);
        QCOMPARE(w.model()->rowCount(), int(matches.size()));
        QCOMPARE(w.model()->contextRowCount(), qint64(0));
    }

    void contextFollowsNewEvents()
    {
        QTemporaryDir dir;
        JournalSimulator sim;
        JournalSimulator::Options options;
        options.rotateThreshold = 16 * 1024;
        QString error;
        QVERIFY(sim.open(dir.path(), options, &error));
        for (int i = 0; i < 200; ++i)
            QVERIFY(sim.appendNext(&error));
        MainWindow w;
        w.loader()->setPollInterval(50);
        w.show();
        QSignalSpy loaded(&w, &MainWindow::loaded);
        QVERIFY(w.openDirectory(dir.path()));
        QTRY_COMPARE(loaded.count(), 1);
        QSignalSpy filtered(w.loader(), &JournalLoader::filterFinished);
        w.navigator()->contextControl()->setOptions({2, FilterContext::Scope::Journal});
        filterBy(w, QStringLiteral("\"type\":\"complete\""), filtered);
        for (int i = 0; i < 300; ++i)
            QVERIFY(sim.appendNext(&error));
        QTRY_COMPARE_WITH_TIMEOUT(w.model()->journal().maxSeq().value_or(0), sim.lastSeq(), 10000);
        // Every match of the whole journal with its ±2, as a fresh filter would show them.
        const auto shown = [&] {
            std::vector<qint64> rows;
            for (int row = 0; row < w.model()->rowCount(); ++row)
                rows.push_back(w.model()->indexRow(row));
            return rows;
        };
        const JournalIndex &index = w.model()->journal();
        EventFilter filter;
        filter.contains = "\"type\":\"complete\"";
        const auto snapshot = index.snapshot();
        const FilterContext::Rows expected =
            FilterContext::expand(CompiledFilter(filter, index).selectRows(*snapshot), *snapshot,
                                  {2, FilterContext::Scope::Journal});
        QTRY_COMPARE(shown(), expected.shown);
        QCOMPARE(w.model()->contextRowCount(), qint64(expected.context.size()));
    }

    void clearingTheFilterKeepsTheSelectedEvent()
    {
        MainWindow w;
        openWindow(w);
        QVERIFY(w.isFollowing()); // a fresh window follows the newest events
        QSignalSpy filtered(w.loader(), &JournalLoader::filterFinished);
        filterBy(w, QStringLiteral("need_clarification"), filtered);
        // A click on a row (the user's choice; following is left as it was).
        const int row = 1;
        QTest::mouseClick(w.table()->viewport(), Qt::LeftButton, {},
                          w.table()->visualRect(w.model()->index(row, 1)).center());
        const quint64 seq = w.model()->index(row, 0).data(EventTableModel::SeqRole).toULongLong();
        QCOMPARE(w.table()->currentIndex().row(), row);
        w.filterBar()->clear();
        QTRY_COMPARE(filtered.count(), 2);
        QTRY_COMPARE(w.model()->rowCount(), 600);
        QCOMPARE(w.table()->currentIndex().data(EventTableModel::SeqRole).toULongLong(), seq);
        QVERIFY(rowInView(w, w.table()->currentIndex().row()));
        QTest::qWait(50); // a later turn does not move it away
        QVERIFY(rowInView(w, w.table()->currentIndex().row()));

        // A context row, selected with the keyboard, the same.
        w.navigator()->contextControl()->setOptions({3, FilterContext::Scope::Journal});
        filterBy(w, QStringLiteral("need_clarification"), filtered);
        int contextRow = -1;
        for (int r = 0; r < w.model()->rowCount() && contextRow < 0; ++r)
            if (w.model()->index(r, 0).data(EventTableModel::ContextRole).toBool())
                contextRow = r;
        QVERIFY(contextRow >= 0);
        w.table()->goToRow(contextRow);
        const quint64 contextSeq =
            w.model()->index(contextRow, 0).data(EventTableModel::SeqRole).toULongLong();
        w.filterBar()->clear();
        QTRY_COMPARE(w.model()->rowCount(), 600);
        QCOMPARE(w.table()->currentIndex().data(EventTableModel::SeqRole).toULongLong(), contextSeq);
        QVERIFY(rowInView(w, w.table()->currentIndex().row()));
    }
};

QTEST_MAIN(tst_ContextControl)
#include "tst_contextcontrol.moc"
