// SPDX-License-Identifier: MIT
#include "bookmarkmodel.h"
#include "eventtablemodel.h"
#include "journalfilename.h"
#include "journalloader.h"
#include "testjournal.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace TestJournal;

class tst_BookmarkModel : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_data; // the store, never the user's

    struct Fixture
    {
        QTemporaryDir dir;
        QStringList files;
        EventTableModel events;
        JournalLoader loader{&events};
        BookmarkModel bookmarks{&events};
        QAbstractItemModelTester tester{&bookmarks, QAbstractItemModelTester::FailureReportingMode::QtTest};
        QAbstractItemModelTester eventsTester{&events,
                                              QAbstractItemModelTester::FailureReportingMode::QtTest};
        // As the window does: the bookmarks of the journal being opened.
        QMetaObject::Connection follow =
            QObject::connect(&loader, &JournalLoader::loadStarted, &bookmarks, &BookmarkModel::setJournal);
    };
    void open(Fixture &f, const QString &store)
    {
        if (f.files.isEmpty())
            for (quint64 first : {1, 101, 201})
                f.files << writeRange(f.dir.path(), first, first + 99);
        f.loader.setPollInterval(50);
        f.bookmarks.setStorePath(store);
        QSignalSpy finished(&f.loader, &JournalLoader::loadFinished);
        QString error;
        QVERIFY(f.loader.open(f.dir.path(), &error));
        QTRY_COMPARE(finished.count(), 1);
        QCOMPARE(f.bookmarks.journalKey(), BookmarkStore::journalKey(f.loader.eventsDir()));
    }

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void togglesNamesAndKeeps()
    {
        const QString store = m_data.filePath(QStringLiteral("a.json"));
        Fixture f;
        open(f, store);
        QVERIFY(f.bookmarks.toggle(150)); // seq 151
        QVERIFY(f.bookmarks.toggle(5));
        QCOMPARE(f.bookmarks.rowCount(), 2);
        QCOMPARE(f.bookmarks.index(0, BookmarkModel::SeqColumn).data().toString(), QStringLiteral("6"));
        QCOMPARE(f.bookmarks.index(1, BookmarkModel::SeqColumn).data().toString(), QStringLiteral("151"));
        QCOMPARE(f.events.index(150, 0).data(EventTableModel::MarksRole).toInt(),
                 int(EventTableModel::Bookmarked));
        QCOMPARE(f.events.index(149, 0).data(EventTableModel::MarksRole).toInt(), 0);
        QCOMPARE(f.bookmarks.bookmarkOfRow(150), 1);
        // What it was: the type (these lines have no summary), kept for when the event is pruned.
        QVERIFY(f.bookmarks.index(1, BookmarkModel::SummaryColumn)
                    .data()
                    .toString()
                    .startsWith(QLatin1String("session_deleted")));
        QVERIFY(f.bookmarks.setData(f.bookmarks.index(1, BookmarkModel::NameColumn),
                                    QStringLiteral(" the one ")));
        QCOMPARE(f.bookmarks.index(1, BookmarkModel::NameColumn).data().toString(),
                 QStringLiteral("the one"));
        QVERIFY(f.events.index(150, 0)
                    .data(Qt::AccessibleDescriptionRole)
                    .toString()
                    .contains(QLatin1String("the one")));
        QVERIFY(!f.bookmarks.setData(f.bookmarks.index(1, BookmarkModel::SeqColumn), QStringLiteral("9")));
        // Toggling again removes it.
        QVERIFY(!f.bookmarks.toggle(5));
        QCOMPARE(f.bookmarks.rowCount(), 1);
        QVERIFY(f.bookmarks.toggle(5));

        // Another model on the same store (as after a restart) has them.
        Fixture g;
        g.bookmarks.setStorePath(store);
        QSignalSpy finished(&g.loader, &JournalLoader::loadFinished);
        QString error;
        QVERIFY(g.loader.open(f.dir.path(), &error));
        QTRY_COMPARE(finished.count(), 1);
        QCOMPARE(g.bookmarks.rowCount(), 2);
        QCOMPARE(g.bookmarks.bookmarks()[1].name, QStringLiteral("the one"));
        QCOMPARE(g.bookmarks.state(1), BookmarkModel::State::Shown);
        // Another journal has none of them.
        QTemporaryDir other;
        writeRange(other.path(), 1, 10);
        QVERIFY(g.loader.open(other.path(), &error));
        QTRY_COMPARE(finished.count(), 2);
        QCOMPARE(g.bookmarks.rowCount(), 0);
    }

    void nextAndPreviousWrap()
    {
        Fixture f;
        open(f, m_data.filePath(QStringLiteral("b.json")));
        QCOMPARE(f.bookmarks.nextRow(-1, true), -1);
        for (const int row : {20, 120, 220})
            f.bookmarks.toggle(row);
        bool wrapped = true;
        QCOMPARE(f.bookmarks.nextRow(-1, true, &wrapped), 20);
        QVERIFY(!wrapped);
        QCOMPARE(f.bookmarks.nextRow(20, true, &wrapped), 120);
        QCOMPARE(f.bookmarks.nextRow(220, true, &wrapped), 20);
        QVERIFY(wrapped);
        QCOMPARE(f.bookmarks.nextRow(120, false, &wrapped), 20);
        QVERIFY(!wrapped);
        QCOMPARE(f.bookmarks.nextRow(20, false, &wrapped), 220);
        QVERIFY(wrapped);
        QCOMPARE(f.bookmarks.nextRow(-1, false, &wrapped), 220);
    }

    void statesFollowFiltersAndPrunes()
    {
        Fixture f;
        open(f, m_data.filePath(QStringLiteral("c.json")));
        f.bookmarks.toggle(10);  // seq 11, first file
        f.bookmarks.toggle(250); // seq 251
        EventFilter filter;
        filter.seqFrom = 200;
        QSignalSpy filtered(&f.loader, &JournalLoader::filterFinished);
        f.loader.setFilter(filter);
        QTRY_COMPARE(filtered.count(), 1);
        QCOMPARE(f.bookmarks.state(0), BookmarkModel::State::HiddenByFilter);
        QCOMPARE(f.bookmarks.index(0, BookmarkModel::StateColumn).data().toString(),
                 QStringLiteral("hidden by the filter"));
        QCOMPARE(f.bookmarks.state(1), BookmarkModel::State::Shown);
        QCOMPARE(f.bookmarks.nextRow(-1, true), f.events.rowForSeq(251)); // only the shown one
        f.loader.setFilter({});
        QTRY_COMPARE(filtered.count(), 2);
        // Pruned: listed as such, never dropped.
        QSignalSpy dataChanged(&f.bookmarks, &QAbstractItemModel::dataChanged);
        QVERIFY(QFile::remove(f.files.first()));
        QTRY_COMPARE_WITH_TIMEOUT(f.events.journal().eventCount(), qint64(200), 10000);
        QCOMPARE(f.bookmarks.rowCount(), 2);
        QCOMPARE(f.bookmarks.state(0), BookmarkModel::State::Pruned);
        QCOMPARE(f.bookmarks.index(0, BookmarkModel::StateColumn).data().toString(),
                 QStringLiteral("pruned"));
        QTRY_VERIFY(dataChanged.count() > 0);
        QCOMPARE(f.bookmarks.state(1), BookmarkModel::State::Shown);
        QCOMPARE(f.events.index(f.events.rowForSeq(251), 0).data(EventTableModel::MarksRole).toInt(),
                 int(EventTableModel::Bookmarked));
        // Removed by hand.
        f.bookmarks.remove(0);
        QCOMPARE(f.bookmarks.rowCount(), 1);
    }

    void exportAndImport()
    {
        Fixture f;
        open(f, m_data.filePath(QStringLiteral("d.json")));
        f.bookmarks.toggle(1);
        f.bookmarks.toggle(2);
        const QString file = m_data.filePath(QStringLiteral("export.json"));
        QString error;
        QVERIFY(f.bookmarks.exportTo(file, &error));
        f.bookmarks.remove(0);
        f.bookmarks.remove(0);
        QCOMPARE(f.bookmarks.importFrom(file, &error), 2);
        QCOMPARE(f.bookmarks.rowCount(), 2);
        QCOMPARE(f.bookmarks.importFrom(file, &error), 0);
        writeFile(file, "garbage");
        QCOMPARE(f.bookmarks.importFrom(file, &error), -1);
        QVERIFY(!error.isEmpty());
        QCOMPARE(f.bookmarks.importFrom(m_data.filePath(QStringLiteral("missing.json")), &error), -1);
        QCOMPARE(f.bookmarks.rowCount(), 2);
        QVERIFY(!f.bookmarks.exportTo(QStringLiteral("/nonexistent/dir/x.json"), &error));
    }
};

QTEST_MAIN(tst_BookmarkModel)
#include "tst_bookmarkmodel.moc"
