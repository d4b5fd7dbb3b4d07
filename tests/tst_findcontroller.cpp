// SPDX-License-Identifier: MIT
#include "eventtablemodel.h"
#include "findcontroller.h"
#include "journalfilename.h"
#include "journalloader.h"
#include "testjournal.h"
#include "timestamp.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace TestJournal;

// Journals of files of 100 events each; every seq divisible by 10 holds "needle"; sessions alternate.
class tst_FindController : public QObject
{
    Q_OBJECT
private:
    static QByteArray noteLine(quint64 seq)
    {
        const qint64 ts = 1'795'000'000'000'000'000 + qint64(seq) * 1'000'000'000;
        return "{\"seq\":" + QByteArray::number(seq) + ",\"ts\":\"" + Timestamp::format(ts) +
               "\",\"session_id\":\"" + (seq % 2 ? "odd" : "even") +
               "\",\"event\":{\"type\":\"message\",\"note\":\"" + (seq % 10 == 0 ? "needle" : "hay") + "\"}}";
    }
    static QString writeFileOf(const QString &dir, quint64 first, quint64 last)
    {
        QByteArray bytes;
        for (quint64 s = first; s <= last; ++s)
            bytes += noteLine(s) + '\n';
        const QString path = QDir(dir).filePath(JournalFileName::forStartSeq(first));
        writeFile(path, bytes);
        return path;
    }
    static FindQuery needle() { return FindQuery{QStringLiteral("needle"), false, true}; }

    struct Stepped
    {
        qint64 row = -2;
        bool wrapped = false;
    };
    static Stepped stepAndWait(FindController &finder, qint64 from, bool forward)
    {
        QSignalSpy spy(&finder, &FindController::stepped);
        finder.step(from, forward);
        if (spy.isEmpty() && !spy.wait(5000))
            return {};
        return {spy.first().at(0).toLongLong(), spy.first().at(1).toBool()};
    }

private slots:
    void countsAndSteps()
    {
        QTemporaryDir dir;
        for (quint64 f = 0; f < 3; ++f)
            writeFileOf(dir.path(), f * 100 + 1, f * 100 + 100);
        EventTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        JournalLoader loader(&model);
        FindController finder(&model);
        QSignalSpy finished(&loader, &JournalLoader::loadFinished);
        QString error;
        QVERIFY(loader.open(dir.path(), &error));
        QTRY_COMPARE(finished.count(), 1);
        QVERIFY(!finder.isActive());
        finder.setQuery(needle());
        QVERIFY(finder.isActive());
        QVERIFY(finder.isCounting());
        QTRY_VERIFY(finder.isComplete());
        QCOMPARE(finder.matchCount(), qint64(30));
        QCOMPARE(finder.ordinalOf(9), qint64(1)); // seq 10
        QCOMPARE(finder.ordinalOf(299), qint64(30));
        QCOMPARE(finder.ordinalOf(10), qint64(0));
        QVERIFY(finder.isMatch(19));
        QCOMPARE(model.index(19, 0).data(EventTableModel::MarksRole).toInt(),
                 int(EventTableModel::FindMatch));
        QCOMPARE(model.index(18, 0).data(EventTableModel::MarksRole).toInt(), 0);
        QVERIFY(model.index(19, 0)
                    .data(Qt::AccessibleDescriptionRole)
                    .toString()
                    .contains(QLatin1String("find")));
        // From the counted set: next, previous, and around the ends.
        Stepped s = stepAndWait(finder, -1, true);
        QCOMPARE(s.row, qint64(9));
        QVERIFY(!s.wrapped);
        s = stepAndWait(finder, 9, true);
        QCOMPARE(s.row, qint64(19));
        s = stepAndWait(finder, 299, true);
        QCOMPARE(s.row, qint64(9));
        QVERIFY(s.wrapped);
        s = stepAndWait(finder, 9, false);
        QCOMPARE(s.row, qint64(299));
        QVERIFY(s.wrapped);
        s = stepAndWait(finder, -1, false);
        QCOMPARE(s.row, qint64(299));
        QVERIFY(!s.wrapped);
        // Times for the timeline: seq 10 is at +10 s.
        const qint64 t10 = 1'795'000'000'000'000'000 + 10'000'000'000;
        QVERIFY(finder.hasMatchBetween(t10, t10));
        QVERIFY(!finder.hasMatchBetween(t10 + 1'000'000'000, t10 + 9'000'000'000));
        QVERIFY(finder.hasMatchBetween(t10 + 1'000'000'000, t10 + 10'000'000'000));
        // Nothing to find.
        finder.setQuery(FindQuery{QStringLiteral("absent"), false, false});
        QTRY_VERIFY(finder.isComplete());
        QCOMPARE(finder.matchCount(), qint64(0));
        QSignalSpy failed(&finder, &FindController::stepFailed);
        finder.step(5, true);
        QCOMPARE(failed.count(), 1);
        // An empty query ends it.
        finder.setQuery(FindQuery());
        QVERIFY(!finder.isActive());
        QCOMPARE(model.index(19, 0).data(EventTableModel::MarksRole).toInt(), 0);
    }

    void stepsWithoutWaitingForTheCount()
    {
        QTemporaryDir dir;
        for (quint64 f = 0; f < 3; ++f)
            writeFileOf(dir.path(), f * 100 + 1, f * 100 + 100);
        EventTableModel model;
        JournalLoader loader(&model);
        FindController finder(&model);
        QSignalSpy finished(&loader, &JournalLoader::loadFinished);
        QString error;
        QVERIFY(loader.open(dir.path(), &error));
        QTRY_COMPARE(finished.count(), 1);
        for (const bool forward : {true, false}) {
            finder.setQuery(FindQuery());
            finder.setQuery(needle());
            // The count cannot have come in (it arrives through this thread's event loop): the step searches.
            QVERIFY(!finder.isComplete());
            QSignalSpy spy(&finder, &FindController::stepped);
            finder.step(150, forward);
            QCOMPARE(spy.count(), 0); // not answered at once from a count
            QTRY_COMPARE(spy.count(), 1);
            QCOMPARE(spy.first().at(0).toLongLong(), forward ? qint64(159) : qint64(149));
            QCOMPARE(spy.first().at(1).toBool(), false);
        }
        // Wrapping while searching: past the last match, and before the first.
        finder.setQuery(FindQuery());
        finder.setQuery(needle());
        QSignalSpy spy(&finder, &FindController::stepped);
        finder.step(299, true);
        QTRY_COMPARE(spy.count(), 1);
        QCOMPARE(spy.first().at(0).toLongLong(), qint64(9));
        QVERIFY(spy.first().at(1).toBool());
        finder.setQuery(FindQuery());
        finder.setQuery(needle());
        spy.clear();
        finder.step(5, false);
        QTRY_COMPARE(spy.count(), 1);
        QCOMPARE(spy.first().at(0).toLongLong(), qint64(299));
        QVERIFY(spy.first().at(1).toBool());
    }

    void findsAmongTheFiltersRows()
    {
        QTemporaryDir dir;
        writeFileOf(dir.path(), 1, 100);
        EventTableModel model;
        JournalLoader loader(&model);
        FindController finder(&model);
        QSignalSpy finished(&loader, &JournalLoader::loadFinished);
        QString error;
        QVERIFY(loader.open(dir.path(), &error));
        QTRY_COMPARE(finished.count(), 1);
        EventFilter filter;
        filter.seqFrom = 35;
        finder.setFilter(filter);
        finder.setQuery(needle());
        QTRY_VERIFY(finder.isComplete());
        QCOMPARE(finder.matchCount(), qint64(7)); // 40 … 100
        QCOMPARE(stepAndWait(finder, -1, true).row, qint64(39));
        finder.setFilter({});
        QTRY_VERIFY(finder.isComplete());
        QCOMPARE(finder.matchCount(), qint64(10));
    }

    void invalidRegexFindsNothing()
    {
        EventTableModel model;
        FindController finder(&model);
        finder.setQuery(FindQuery{QStringLiteral("[z-a]"), true, false});
        QVERIFY(!finder.isActive());
        QVERIFY(!finder.matcher().isValid());
        QVERIFY(!finder.isCounting());
        QSignalSpy stepped(&finder, &FindController::stepped);
        finder.step(-1, true);
        QCOMPARE(stepped.count(), 0);
    }

    void followsAppendsAndPrunes()
    {
        QTemporaryDir dir;
        QStringList files;
        for (quint64 f = 0; f < 3; ++f)
            files << writeFileOf(dir.path(), f * 100 + 1, f * 100 + 100);
        EventTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        JournalLoader loader(&model);
        loader.setPollInterval(50);
        FindController finder(&model);
        QSignalSpy finished(&loader, &JournalLoader::loadFinished);
        QString error;
        QVERIFY(loader.open(dir.path(), &error));
        QTRY_COMPARE(finished.count(), 1);
        finder.setQuery(needle());
        QTRY_VERIFY(finder.isComplete());
        QCOMPARE(finder.matchCount(), qint64(30));
        // Appended: a new file, and lines at the end of it.
        const QString fourth = writeFileOf(dir.path(), 301, 350);
        QTRY_COMPARE_WITH_TIMEOUT(model.journal().eventCount(), qint64(350), 10000);
        QTRY_COMPARE(finder.matchCount(), qint64(35));
        QByteArray more;
        for (quint64 s = 351; s <= 400; ++s)
            more += noteLine(s) + '\n';
        appendFile(fourth, more);
        QTRY_COMPARE_WITH_TIMEOUT(model.journal().eventCount(), qint64(400), 10000);
        QTRY_COMPARE(finder.matchCount(), qint64(40));
        QVERIFY(finder.isComplete());
        QCOMPARE(finder.ordinalOf(399), qint64(40));
        // Pruned: the first file's matches go, the others move up with their rows.
        QVERIFY(QFile::remove(files.first()));
        QTRY_COMPARE_WITH_TIMEOUT(model.journal().eventCount(), qint64(300), 10000);
        QCOMPARE(finder.matchCount(), qint64(30));
        QCOMPARE(finder.ordinalOf(9), qint64(1)); // seq 110 is row 9 now
        QCOMPARE(model.journal().record(9).seq, quint64(110));
        QVERIFY(finder.isMatch(299));
        QCOMPARE(stepAndWait(finder, 299, true).row, qint64(9));
        // A file read again (replaced): counted again.
        writeFileOf(dir.path(), 101, 150);
        QTRY_COMPARE_WITH_TIMEOUT(model.journal().eventCount(), qint64(250), 10000);
        QTRY_VERIFY(finder.isComplete());
        QCOMPARE(finder.matchCount(), qint64(25));
        // A reload counts from the start.
        loader.reload();
        QTRY_COMPARE(finished.count(), 2);
        QTRY_VERIFY(finder.isComplete());
        QCOMPARE(finder.matchCount(), qint64(25));
    }
};

QTEST_MAIN(tst_FindController)
#include "tst_findcontroller.moc"
