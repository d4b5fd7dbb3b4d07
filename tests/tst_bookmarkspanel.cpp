// SPDX-License-Identifier: MIT
#include "bookmarkmodel.h"
#include "bookmarkspanel.h"
#include "bookmarkstore.h"
#include "eventtablemodel.h"
#include "eventtableview.h"
#include "journalloader.h"
#include "journalsimulator.h"
#include "mainwindow.h"
#include "navigator.h"
#include "testjournal.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QInputDialog>
#include <QLineEdit>
#include <QPointer>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace TestJournal;

// Bookmarks in the browser's window: keys, the panel, and what survives a restart and a prune.
class tst_BookmarksPanel : public QObject
{
    Q_OBJECT
private:
    static quint64 selectedSeq(MainWindow &w)
    {
        const QModelIndex current = w.table()->currentIndex();
        return current.isValid() ? current.data(EventTableModel::SeqRole).toULongLong() : 0;
    }
    static void openWindow(MainWindow &w, const QString &dir)
    {
        w.resize(1400, 800);
        w.show();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        QSignalSpy loaded(&w, &MainWindow::loaded);
        QVERIFY(w.openDirectory(dir));
        QTRY_COMPARE(loaded.count(), 1);
        w.table()->setFocus();
        QTRY_VERIFY(w.table()->hasFocus());
    }
    // The naming dialog Ctrl+M opened (one closed before is deleted on its own).
    static QPointer<QInputDialog> nameDialog(MainWindow &w)
    {
        QPointer<QInputDialog> found;
        (void)QTest::qWaitFor([&] {
            const QList<QInputDialog *> dialogs =
                w.findChildren<QInputDialog *>(QStringLiteral("bookmarkNameDialog"));
            for (QInputDialog *d : dialogs)
                if (d->isVisible())
                    found = d;
            return !found.isNull();
        });
        return found;
    }
    static void key(MainWindow &w, int k, Qt::KeyboardModifiers mods = {})
    {
        QTest::keyClick(w.table(), Qt::Key(k), mods);
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QFile::remove(BookmarkStore::defaultPath()); // a clean store in the test data directory
    }

    void keysMarkNameAndStep()
    {
        QTemporaryDir dir;
        JournalSimulator sim;
        simulate(sim, dir.path(), 300, 16 * 1024);
        MainWindow w;
        QAbstractItemModelTester tester(w.navigator()->bookmarks(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        openWindow(w, dir.path());
        BookmarkModel *bookmarks = w.navigator()->bookmarks();
        // Nothing selected: M says what it needs.
        key(w, Qt::Key_M);
        QVERIFY(w.noticeText().contains(QLatin1String("Select an event")));
        QCOMPARE(bookmarks->rowCount(), 0);
        for (const quint64 seq : {50, 150, 250}) {
            QVERIFY(w.goToSeq(seq));
            key(w, Qt::Key_M);
        }
        QCOMPARE(bookmarks->rowCount(), 3);
        // Marked in the table, with words for a screen reader.
        const QModelIndex marked = w.model()->index(w.model()->rowForSeq(150), EventTableModel::SeqColumn);
        QCOMPARE(marked.data(EventTableModel::MarksRole).toInt() & EventTableModel::Bookmarked,
                 int(EventTableModel::Bookmarked));
        QCOMPARE(marked.data(Qt::AccessibleDescriptionRole).toString(), QStringLiteral("bookmarked"));
        // Summaries for the list: from the table or read from the line.
        QTRY_VERIFY(!bookmarks->bookmarks()[1].summary.isEmpty() ||
                    !bookmarks->bookmarks()[1].type.isEmpty());
        // M again removes it; and puts it back.
        key(w, Qt::Key_M);
        QCOMPARE(bookmarks->rowCount(), 2);
        key(w, Qt::Key_M);
        QCOMPARE(bookmarks->rowCount(), 3);
        // Ctrl+M names the selected one.
        QVERIFY(w.goToSeq(150));
        key(w, Qt::Key_M, Qt::ControlModifier);
        QPointer<QInputDialog> dialog = nameDialog(w);
        QVERIFY(dialog);
        dialog->setTextValue(QStringLiteral("  the middle  "));
        dialog->accept();
        QCOMPARE(bookmarks->bookmarks()[1].name, QStringLiteral("the middle"));
        QVERIFY(marked.data(Qt::AccessibleDescriptionRole).toString().contains(QLatin1String("the middle")));
        // Ctrl+M on an event without one bookmarks it first.
        QVERIFY(w.goToSeq(10));
        key(w, Qt::Key_M, Qt::ControlModifier);
        QCOMPARE(bookmarks->rowCount(), 4);
        dialog = nameDialog(w);
        QVERIFY(dialog);
        dialog->reject();
        QVERIFY(bookmarks->bookmarks()[0].name.isEmpty());
        w.table()->setFocus();
        QTRY_VERIFY(w.table()->hasFocus());
        // ' and " (and Ctrl+] and Ctrl+[) step through them, around the ends.
        QVERIFY(w.goToSeq(100));
        key(w, Qt::Key_Apostrophe);
        QCOMPARE(selectedSeq(w), quint64(150));
        key(w, Qt::Key_BracketRight, Qt::ControlModifier);
        QCOMPARE(selectedSeq(w), quint64(250));
        key(w, Qt::Key_Apostrophe);
        QCOMPARE(selectedSeq(w), quint64(10));
        key(w, Qt::Key_QuoteDbl);
        QCOMPARE(selectedSeq(w), quint64(250));
        key(w, Qt::Key_BracketLeft, Qt::ControlModifier);
        QCOMPARE(selectedSeq(w), quint64(150));
    }

    void panelListsAndGoes()
    {
        QTemporaryDir dir;
        JournalSimulator sim;
        simulate(sim, dir.path(), 300, 16 * 1024);
        MainWindow w;
        openWindow(w, dir.path());
        auto *dock = w.findChild<QDockWidget *>(QStringLiteral("bookmarksDock"));
        QVERIFY(dock);
        QVERIFY(dock->isHidden()); // on demand
        key(w, Qt::Key_B, Qt::ControlModifier);
        QTRY_VERIFY(dock->isVisible());
        for (const quint64 seq : {20, 220}) {
            QVERIFY(w.goToSeq(seq));
            w.navigator()->toggleBookmark();
        }
        BookmarksPanel *panel = w.navigator()->bookmarksPanel();
        QTreeView *view = panel->view();
        QCOMPARE(view->model()->rowCount(), 2);
        QCOMPARE(view->model()->index(1, BookmarkModel::SeqColumn).data().toString(), QStringLiteral("220"));
        QVERIFY(!view->model()->index(1, BookmarkModel::TimeColumn).data().toString().isEmpty());
        // A click goes to the event.
        QVERIFY(w.goToSeq(5));
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {},
                          view->visualRect(view->model()->index(0, BookmarkModel::NameColumn)).center());
        QCOMPARE(selectedSeq(w), quint64(20));
        // Enter on the other.
        view->setFocus();
        view->setCurrentIndex(view->model()->index(1, 0));
        QTest::keyClick(view, Qt::Key_Return);
        QCOMPARE(selectedSeq(w), quint64(220));
        // A hidden one says so.
        QSignalSpy filtered(w.loader(), &JournalLoader::filterFinished);
        QTest::keyClicks(w.findChild<QLineEdit *>(QStringLiteral("filterFrom")), QStringLiteral("100"));
        QTRY_COMPARE(filtered.count(), 1);
        QCOMPARE(view->model()->index(0, BookmarkModel::StateColumn).data().toString(),
                 QStringLiteral("hidden by the filter"));
        w.navigator()->goToBookmark(0);
        QVERIFY(w.noticeText().contains(QLatin1String("hidden by the current filter")));
        // Export, Delete, import.
        QTemporaryDir out;
        const QString file = out.filePath(QStringLiteral("marks.json"));
        QVERIFY(panel->exportTo(file));
        QVERIFY(panel->messageText().contains(QLatin1String("2 bookmark")));
        view->setFocus();
        view->setCurrentIndex(view->model()->index(0, 0));
        QTest::keyClick(view, Qt::Key_Delete);
        QCOMPARE(view->model()->rowCount(), 1);
        QVERIFY(panel->importFrom(file));
        QCOMPARE(view->model()->rowCount(), 2);
        QVERIFY(panel->messageText().contains(QLatin1String("1 bookmark")));
        writeFile(file, "{");
        QVERIFY(!panel->importFrom(file));
        QVERIFY(panel->messageText().startsWith(QLatin1String("Import failed")));
    }

    void survivesARestartAndAPrune()
    {
        QTemporaryDir dir;
        JournalSimulator sim;
        JournalSimulator::Options options;
        options.rotateThreshold = 16 * 1024;
        options.keepFiles = 3;
        QString error;
        QVERIFY(sim.open(dir.path(), options, &error));
        for (int i = 0; i < 150; ++i)
            QVERIFY(sim.appendNext(&error));
        quint64 early = 0, late = 0;
        {
            MainWindow w;
            openWindow(w, dir.path());
            early = w.model()->index(2, 0).data(EventTableModel::SeqRole).toULongLong();
            late =
                w.model()->index(w.model()->rowCount() - 1, 0).data(EventTableModel::SeqRole).toULongLong();
            for (const quint64 seq : {early, late}) {
                QVERIFY(w.goToSeq(seq));
                key(w, Qt::Key_M);
            }
            w.navigator()->bookmarks()->rename(1, QStringLiteral("newest"));
            w.close();
        }
        // A new window (as after a restart): the same bookmarks, on the same events.
        {
            MainWindow w;
            w.loader()->setPollInterval(50);
            openWindow(w, dir.path() + QStringLiteral("/./")); // spelled differently, the same journal
            BookmarkModel *bookmarks = w.navigator()->bookmarks();
            QCOMPARE(bookmarks->rowCount(), 2);
            QCOMPARE(bookmarks->bookmarks()[1].name, QStringLiteral("newest"));
            QCOMPARE(bookmarks->state(0), BookmarkModel::State::Shown);
            QVERIFY(
                w.model()->index(w.model()->rowForSeq(early), 0).data(EventTableModel::MarksRole).toInt() &
                EventTableModel::Bookmarked);
            // The server writes on and prunes the early one's file: listed as pruned, greyed, kept.
            const QString earlyFile = QDir(dir.path()).filePath(bookmarks->bookmarks()[0].fileName);
            const QString lateFile = QDir(dir.path()).filePath(bookmarks->bookmarks()[1].fileName);
            while (QFile::exists(earlyFile))
                QVERIFY(sim.appendNext(&error));
            QVERIFY(QFile::exists(lateFile));
            QTRY_COMPARE_WITH_TIMEOUT(w.model()->journal().maxSeq().value_or(0), sim.lastSeq(), 10000);
            QTRY_COMPARE(bookmarks->state(0), BookmarkModel::State::Pruned);
            QCOMPARE(bookmarks->rowCount(), 2);
            QCOMPARE(bookmarks->index(0, BookmarkModel::StateColumn).data().toString(),
                     QStringLiteral("pruned"));
            QCOMPARE(bookmarks->index(0, BookmarkModel::SeqColumn).data().toString(), QString::number(early));
            QCOMPARE(bookmarks->state(1), BookmarkModel::State::Shown);
            w.navigator()->goToBookmark(0);
            QVERIFY(w.noticeText().contains(QLatin1String("was pruned")));
            // Stepping skips it.
            QVERIFY(w.goToSeq(late));
            key(w, Qt::Key_Apostrophe);
            QCOMPARE(selectedSeq(w), late);
            w.close();
        }
        // Kept through the prune and another restart; removed by hand.
        {
            MainWindow w;
            openWindow(w, dir.path());
            BookmarkModel *bookmarks = w.navigator()->bookmarks();
            QCOMPARE(bookmarks->rowCount(), 2);
            QCOMPARE(bookmarks->state(0), BookmarkModel::State::Pruned);
            bookmarks->remove(0);
        }
        BookmarkStore store;
        QVERIFY(store.load());
        QCOMPARE(store.bookmarks(BookmarkStore::journalKey(dir.path())).size(), 1);
    }
};

QTEST_MAIN(tst_BookmarksPanel)
#include "tst_bookmarkspanel.moc"
