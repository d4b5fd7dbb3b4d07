// SPDX-License-Identifier: MIT
#include "eventtablemodel.h"
#include "retentionpanel.h"
#include "testjournal.h"

#include <QApplication>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

class tst_RetentionPanel : public QObject
{
    Q_OBJECT
private slots:
    void resumeCheckAgreesWithTheCore_data();
    void resumeCheckAgreesWithTheCore();
    void prunePreviewEqualsTheCorePlanAndDeletes();
    void countsReadInTheSingular();
    void previewShowsWholeFileNames();
    void anotherDirectoryClearsTheLastResults();
};

using namespace TestJournal;

namespace {

struct Fixture
{
    QTemporaryDir dir;
    EventTableModel model;
    RetentionPanel panel{&model};
    Fixture()
    {
        for (quint64 s = 101; s <= 400; s += 50)
            writeRange(dir.path(), s, s + 49); // six files: 101..400
        model.resetIndex(JournalIndex::build(dir.path()));
        panel.setDirectory(dir.path());
    }
};

} // namespace

void tst_RetentionPanel::resumeCheckAgreesWithTheCore_data()
{
    QTest::addColumn<quint64>("cursor");
    QTest::addColumn<QString>("expected");
    QTest::addRow("cursor 0") << quint64(0) << QStringLiteral("replays 300 events");
    QTest::addRow("oldest - 2") << quint64(99) << QStringLiteral("feed_reset");
    QTest::addRow("oldest - 1") << quint64(100) << QStringLiteral("replays 300 events");
    QTest::addRow("oldest") << quint64(101) << QStringLiteral("replays 299 events");
    QTest::addRow("one before newest") << quint64(399) << QStringLiteral("replays 1 event from");
    QTest::addRow("newest") << quint64(400) << QStringLiteral("nothing to replay");
    QTest::addRow("beyond newest") << quint64(9000) << QStringLiteral("nothing to replay");
}

void tst_RetentionPanel::resumeCheckAgreesWithTheCore()
{
    QFETCH(quint64, cursor);
    QFETCH(QString, expected);
    Fixture f;
    QSignalSpy checked(&f.panel, &RetentionPanel::resumeChecked);
    f.panel.checkResume(cursor);
    QTRY_COMPARE(checked.count(), 1);
    const auto plan = checked.first().at(0).value<JournalReader::ReplayPlan>();
    const JournalReader::ReplayPlan core =
        JournalReader::planReplay(JournalDirectory::list(f.dir.path()), cursor);
    QCOMPARE(plan.feedReset, core.feedReset);
    QCOMPARE(plan.replayEvents, core.replayEvents);
    QCOMPARE(plan.replayFromFile, core.replayFromFile);
    QVERIFY2(f.panel.resumeText().contains(expected), qPrintable(f.panel.resumeText()));
}

void tst_RetentionPanel::prunePreviewEqualsTheCorePlanAndDeletes()
{
    Fixture f;
    f.panel.previewPrune(2);
    const JournalPruner::Plan core = JournalPruner::plan(JournalDirectory::list(f.dir.path()), 2);
    QCOMPARE(f.panel.previewFileCount(), core.deletableCount());
    QVERIFY(f.panel.pruneText().contains(QStringLiteral("200 events")));
    QVERIFY(f.panel.pruneText().contains(QStringLiteral("oldest seq becomes 301")));
    // The rows that would go are marked, the others not.
    QVERIFY(f.model.data(f.model.index(0, 0), EventTableModel::WouldBePrunedRole).toBool());
    QVERIFY(f.model.data(f.model.index(199, 0), EventTableModel::WouldBePrunedRole).toBool());
    QVERIFY(!f.model.data(f.model.index(200, 0), EventTableModel::WouldBePrunedRole).toBool());
    QSignalSpy pruned(&f.panel, &RetentionPanel::pruned);
    f.panel.prune(false);
    QTRY_COMPARE(pruned.count(), 1);
    const auto result = pruned.first().at(0).value<JournalPruner::Result>();
    QCOMPARE(result.deleted.size(), 4);
    QCOMPARE(result.newOldestSeq.value(), quint64(301));
    QCOMPARE(QDir(f.dir.path()).entryList(QDir::Files).size(), 2);
    QVERIFY(!f.model.data(f.model.index(0, 0), EventTableModel::WouldBePrunedRole).toBool());
}

void tst_RetentionPanel::countsReadInTheSingular()
{
    Fixture f;
    f.panel.previewPrune(5);
    QVERIFY2(f.panel.pruneText().startsWith(QStringLiteral("Would delete 1 file: 50 events")),
             qPrintable(f.panel.pruneText()));
    QSignalSpy pruned(&f.panel, &RetentionPanel::pruned);
    f.panel.prune(false);
    QTRY_COMPARE(pruned.count(), 1);
    QVERIFY2(f.panel.pruneText().startsWith(QStringLiteral("Deleted 1 file.")),
             qPrintable(f.panel.pruneText()));
}

void tst_RetentionPanel::previewShowsWholeFileNames()
{
    Fixture f;
    f.panel.resize(260, 500); // a narrow dock
    f.panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&f.panel));
    f.panel.previewPrune(2);
    QApplication::processEvents();
    auto *list = f.panel.findChild<QTreeWidget *>(QStringLiteral("prunePreview"));
    QVERIFY(list->topLevelItemCount() > 0);
    const QString name = list->topLevelItem(0)->text(0);
    QVERIFY(name.startsWith(QStringLiteral("events-")));
    QVERIFY(list->columnWidth(0) > list->fontMetrics().horizontalAdvance(name));
}

void tst_RetentionPanel::anotherDirectoryClearsTheLastResults()
{
    Fixture f;
    f.panel.previewPrune(2);
    QSignalSpy checked(&f.panel, &RetentionPanel::resumeChecked);
    f.panel.checkResume(0);
    QTRY_COMPARE(checked.count(), 1);
    QVERIFY(!f.panel.pruneText().isEmpty());
    f.panel.setDirectory(QString()); // the journal was closed
    QVERIFY(f.panel.pruneText().isEmpty());
    QVERIFY(f.panel.resumeText().isEmpty());
    QCOMPARE(f.panel.previewFileCount(), 0);
}

QTEST_MAIN(tst_RetentionPanel)
#include "tst_retentionpanel.moc"
