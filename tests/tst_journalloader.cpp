// SPDX-License-Identifier: MIT
#include "eventtablemodel.h"
#include "journalloader.h"
#include "journalsimulator.h"
#include "testjournal.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

class tst_JournalLoader : public QObject
{
    Q_OBJECT
private slots:
    void loadsInTwoStages();
    void waitsForAJournalToAppear();
    void followsAppendsRotationAndPrune();
    void aFileReplacedByAFifoIsNotAPrune();
    void filtersInTheBackgroundAndWhileFollowing();
    void refusesNonJournals();
    void reloadOrCloseWhileAJobRuns_data();
    void reloadOrCloseWhileAJobRuns();
};

using namespace TestJournal;

void tst_JournalLoader::waitsForAJournalToAppear()
{
    // A directory with neither events/ nor journal files: opened, waited for, and loaded when files appear
    // in it directly (a writer given it as its events directory) or in an events/ made in it (a server).
    for (const bool bamboo : {false, true}) {
        QTemporaryDir dir;
        EventTableModel model;
        JournalLoader loader(&model);
        loader.setPollInterval(50);
        QSignalSpy waiting(&loader, &JournalLoader::waitingForJournal);
        QSignalSpy loaded(&loader, &JournalLoader::loadFinished);
        QString error;
        QVERIFY(loader.open(dir.path(), &error));
        QCOMPARE(waiting.count(), 1);
        QVERIFY(loader.eventsDir().isEmpty());
        QTest::qWait(200);
        QCOMPARE(loaded.count(), 0);
        QString events = dir.path();
        if (bamboo) {
            QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("events")));
            events = dir.filePath(QStringLiteral("events"));
        }
        writeFile(events + QStringLiteral("/events-1.jsonl"), line(1) + '\n' + line(2) + '\n');
        QTRY_COMPARE(loaded.count(), 1);
        QCOMPARE(loader.eventsDir(), QDir(events).absolutePath());
        QCOMPARE(model.rowCount(), 2);
        loader.close();
        QVERIFY(loader.eventsDir().isEmpty());
    }
}

void tst_JournalLoader::loadsInTwoStages()
{
    QTemporaryDir dir;
    JournalSimulator sim;
    QString error;
    simulate(sim, dir.path(), 2000, 64 * 1024);
    EventTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    JournalLoader loader(&model);
    loader.setLive(false);
    QSignalSpy first(&loader, &JournalLoader::firstRowsShown);
    QSignalSpy finished(&loader, &JournalLoader::loadFinished);
    QVERIFY(loader.open(dir.path(), &error));
    QTRY_COMPARE(finished.count(), 1);
    QCOMPARE(first.count(), 1);
    QCOMPARE(finished.first().at(0).toLongLong(), qint64(2000));
    QCOMPARE(model.rowCount(), 2000);
    for (int row = 0; row < 2000; row += 97)
        QCOMPARE(model.data(model.index(row, 0), EventTableModel::SeqRole).toULongLong(), quint64(row + 1));
}

void tst_JournalLoader::followsAppendsRotationAndPrune()
{
    QTemporaryDir dir;
    JournalSimulator sim;
    QString error;
    simulate(sim, dir.path(), 100, 8 * 1024);
    EventTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    JournalLoader loader(&model);
    loader.setPollInterval(50);
    QSignalSpy finished(&loader, &JournalLoader::loadFinished);
    QSignalSpy pruned(&loader, &JournalLoader::filesPruned);
    QVERIFY(loader.open(dir.path(), &error));
    QTRY_COMPARE(finished.count(), 1);
    for (int i = 0; i < 400; ++i)
        QVERIFY(sim.appendNext(&error));
    QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 500, 10000);
    const QStringList names = QDir(dir.path()).entryList(QDir::Files, QDir::Name);
    QVERIFY(names.size() > 3);
    QVERIFY(QFile::remove(QDir(dir.path()).filePath(names[0])));
    QVERIFY(QFile::remove(QDir(dir.path()).filePath(names[1])));
    QTRY_COMPARE_WITH_TIMEOUT(pruned.count(), 1, 10000);
    QCOMPARE(pruned.first().at(0).toStringList().size(), 2);
    QCOMPARE(pruned.first().at(1).toULongLong(), JournalFileName::startSeq(names[2].toStdString()).value());
    QCOMPARE(model.data(model.index(0, 0), EventTableModel::SeqRole).toULongLong(),
             pruned.first().at(1).toULongLong());
    const quint64 last =
        model.data(model.index(model.rowCount() - 1, 0), EventTableModel::SeqRole).toULongLong();
    QCOMPARE(last, quint64(500));
}

void tst_JournalLoader::aFileReplacedByAFifoIsNotAPrune()
{
    QTemporaryDir dir;
    JournalSimulator sim;
    QString error;
    simulate(sim, dir.path(), 300, 8 * 1024);
    EventTableModel model;
    JournalLoader loader(&model);
    loader.setPollInterval(50);
    QSignalSpy finished(&loader, &JournalLoader::loadFinished);
    QSignalSpy pruned(&loader, &JournalLoader::filesPruned);
    QSignalSpy unreadable(&loader, &JournalLoader::filesUnreadable);
    QVERIFY(loader.open(dir.path(), &error));
    QTRY_COMPARE(finished.count(), 1);
    const QStringList names =
        QDir(dir.path()).entryList({QStringLiteral("events-*")}, QDir::Files, QDir::Name);
    QVERIFY(names.size() > 3);
    const QString middle = QDir(dir.path()).filePath(names[1]);
    QVERIFY(QFile::remove(middle));
    QCOMPARE(::mkfifo(QFile::encodeName(middle).constData(), 0600), 0);
    QVERIFY(sim.appendNext(&error)); // the newest file changes too: the watcher rescans at once
    QSignalSpy reloaded(&loader, &JournalLoader::filesReloaded);
    QTRY_COMPARE_WITH_TIMEOUT(unreadable.count(), 1, 10000);
    QCOMPARE(unreadable.first().at(0).toStringList(), QStringList{names[1]});
    QCOMPARE(pruned.count(), 0);
    QCOMPARE(reloaded.count(), 0); // not read again either: it cannot be
    QVERIFY(model.rowCount() < 301);
}

void tst_JournalLoader::filtersInTheBackgroundAndWhileFollowing()
{
    QTemporaryDir dir;
    JournalSimulator sim;
    QString error;
    simulate(sim, dir.path(), 1000);
    EventTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    JournalLoader loader(&model);
    loader.setPollInterval(50);
    QSignalSpy finished(&loader, &JournalLoader::loadFinished);
    QSignalSpy filtered(&loader, &JournalLoader::filterFinished);
    QVERIFY(loader.open(dir.path(), &error));
    QTRY_COMPARE(finished.count(), 1);
    EventFilter filter;
    filter.types = {QStringLiteral("tool_approval_requested")};
    loader.setFilter(filter);
    QTRY_COMPARE(filtered.count(), 1);
    const int matches = model.rowCount();
    QVERIFY(matches > 0 && matches < 1000);
    QCOMPARE(filtered.first().at(0).toInt(), matches);
    for (int row = 0; row < matches; ++row)
        QCOMPARE(model.data(model.index(row, EventTableModel::TypeColumn)).toString(),
                 QStringLiteral("tool_approval_requested"));
    // New events that match show up; others do not.
    int expected = matches;
    for (int i = 0; i < 300; ++i) {
        const QByteArray l = sim.makeEvent(1001 + quint64(i));
        expected += l.contains("\"type\":\"tool_approval_requested\"") ? 1 : 0;
        appendFile(QDir(dir.path()).filePath(QDir(dir.path()).entryList(QDir::Files, QDir::Name).last()),
                   l + '\n');
    }
    QTRY_COMPARE_WITH_TIMEOUT(model.journal().eventCount(), qint64(1300), 10000);
    QTRY_COMPARE(model.rowCount(), expected);
    // Text criterion on raw bytes.
    filter = {};
    filter.contains = "\"role\":\"tool\"";
    loader.setFilter(filter);
    QTRY_COMPARE(filtered.count(), 2);
    QVERIFY(model.rowCount() > 0);
    loader.setFilter({});
    QCOMPARE(model.rowCount(), 1300);
}

void tst_JournalLoader::refusesNonJournals()
{
    QTemporaryDir dir;
    EventTableModel model;
    JournalLoader loader(&model);
    QString error;
    QVERIFY(!loader.open(dir.filePath(QStringLiteral("missing")), &error));
    QVERIFY(error.contains(QStringLiteral("no such directory")));
}

void tst_JournalLoader::reloadOrCloseWhileAJobRuns_data()
{
    QTest::addColumn<QString>("job");
    QTest::addColumn<bool>("close");
    for (const char *job : {"filter", "text filter", "summaries", "follow"}) {
        QTest::addRow("%s, reload", job) << QString::fromLatin1(job) << false;
        QTest::addRow("%s, close", job) << QString::fromLatin1(job) << true;
    }
}

// The journal is reset (F5) or closed (Ctrl+W) at varying moments while a worker still reads what the model
// showed: a filter over every event, the summaries of the rows in view, or a scan of appended events. No
// worker may read the index the reset replaced (AddressSanitizer in CI reports it if one does), and the
// loader must end in a consistent state every time.
void tst_JournalLoader::reloadOrCloseWhileAJobRuns()
{
    QFETCH(QString, job);
    QFETCH(bool, close);
    QTemporaryDir dir;
    JournalSimulator sim;
    simulate(sim, dir.path(), 3000, 1 << 16);
    EventTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    JournalLoader loader(&model);
    loader.setPollInterval(20);
    loader.setLive(job == QLatin1String("follow"));
    QSignalSpy finished(&loader, &JournalLoader::loadFinished);
    QString error;
    QVERIFY(loader.open(dir.path(), &error));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 30000);
    QCOMPARE(model.rowCount(), 3000);
    EventFilter filter;
    if (job == QLatin1String("text filter")) {
        filter.contains = "no line holds this text";
        filter.ignoreCase = true;
    } else {
        filter.types = {QStringLiteral("message_appended")};
    }
    for (int round = 0; round < 16; ++round) {
        if (job == QLatin1String("summaries")) {
            for (int row = round * 50; row < model.rowCount() && row < round * 50 + 400; ++row)
                model.data(model.index(row, EventTableModel::SummaryColumn)); // as a view asks
        } else if (job == QLatin1String("follow")) {
            QString appendError;
            for (int i = 0; i < 20; ++i)
                QVERIFY(sim.appendNext(&appendError));
        } else {
            loader.setFilter(filter);
        }
        // Let the job get going for a varying moment, from not at all to a few milliseconds.
        QElapsedTimer wait;
        wait.start();
        while (wait.nsecsElapsed() < qint64(round % 6) * 700000)
            QCoreApplication::processEvents();
        if (close) {
            loader.close();
            QCOMPARE(model.rowCount(), 0);
            QVERIFY(loader.open(dir.path(), &error));
        } else {
            loader.reload();
        }
        while (finished.count() < round + 2)
            QVERIFY(finished.wait(30000));
        QCOMPARE(finished.count(), round + 2);
        if (job != QLatin1String("follow"))
            QCOMPARE(model.journal().eventCount(), qint64(3000));
        loader.setFilter({});
    }
    // After the last reset the loader still works: a filter runs to its end on the journal as it is now.
    QSignalSpy filtered(&loader, &JournalLoader::filterFinished);
    filter = {};
    filter.types = {QStringLiteral("message_appended")};
    loader.setFilter(filter);
    QTRY_VERIFY_WITH_TIMEOUT(!filtered.isEmpty() && filtered.last().at(0).toInt() > 0, 30000);
    for (int row = 0; row < model.rowCount(); row += 101)
        QCOMPARE(model.data(model.index(row, EventTableModel::TypeColumn)).toString(),
                 QStringLiteral("message_appended"));
}

QTEST_GUILESS_MAIN(tst_JournalLoader)
#include "tst_journalloader.moc"
