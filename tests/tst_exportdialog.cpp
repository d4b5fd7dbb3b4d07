// SPDX-License-Identifier: MIT
#include "eventtablemodel.h"
#include "exportdialog.h"
#include "journalreader.h"
#include "testjournal.h"
#include "uitext.h"

#include <QComboBox>

#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

class tst_ExportDialog : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    EventTableModel m_model;

private slots:
    void initTestCase();
    void init();
    void writesByteIdenticalLines();
    void estimateAndFormatsFollowTheChoices();
    void refusesTheSourceJournal();
    void cancelLeavesNothing();
    void remembersTheLastDestinationAndFormat();
    void statesTheCaseMode();
    void countIsExactWhenTheTableKnowsIt();
};

using namespace TestJournal;

void tst_ExportDialog::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
    JournalSimulator sim;
    simulate(sim, m_dir.path(), 3000, 64 * 1024);
    m_model.resetIndex(JournalIndex::build(m_dir.path()));
}

void tst_ExportDialog::init()
{
    QSettings().clear();
}

void tst_ExportDialog::writesByteIdenticalLines()
{
    ExportDialog dialog(&m_model, m_dir.path(), {});
    QTemporaryDir out;
    const QString target = out.filePath(QStringLiteral("slice.jsonl"));
    dialog.setRange(1000, 1999);
    dialog.setDestination(target);
    QVERIFY(dialog.estimateText().startsWith(QStringLiteral("1,000 events")));
    QVERIFY(dialog.canExport());
    QSignalSpy finished(&dialog, &ExportDialog::exportFinished);
    dialog.startExport();
    QTRY_COMPARE(finished.count(), 1);
    QCOMPARE(finished.first().at(0).toString(), QString());
    std::vector<JournalReader::Line> lines;
    QVERIFY(JournalReader::readSince(m_dir.path(), 999, 1000, &lines).ok());
    QByteArray expected;
    for (const auto &l : lines)
        expected += l.text + '\n';
    QFile f(target);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), expected);
}

void tst_ExportDialog::estimateAndFormatsFollowTheChoices()
{
    EventFilter filter;
    filter.types = {QStringLiteral("error")};
    ExportDialog dialog(&m_model, m_dir.path(), filter);
    QTemporaryDir out;
    dialog.setDestination(out.filePath(QStringLiteral("errors.jsonl")));
    const qint64 errors = JournalExporter::estimate(m_model.journal(), filter).events;
    QVERIFY2(dialog.estimateText().startsWith(QLocale().toString(errors) + QStringLiteral(" events")),
             qPrintable(dialog.estimateText()));
    dialog.setFormat(JournalExporter::Format::Journal);
    const QString journalDir = out.filePath(QStringLiteral("errors"));
    dialog.setDestination(journalDir);
    QSignalSpy finished(&dialog, &ExportDialog::exportFinished);
    dialog.startExport();
    QTRY_COMPARE(finished.count(), 1);
    QCOMPARE(finished.first().at(0).toString(), QString());
    QCOMPARE(JournalIndex::build(journalDir).eventCount(), errors);
    QVERIFY(!dialog.canExport()); // it exists now: the journal format writes a new directory
}

void tst_ExportDialog::refusesTheSourceJournal()
{
    ExportDialog dialog(&m_model, m_dir.path(), {});
    dialog.setDestination(QDir(m_dir.path()).filePath(QStringLiteral("events-99999.jsonl")));
    QVERIFY(!dialog.canExport());
    QVERIFY(dialog.problemText().contains(QStringLiteral("inside the journal directory")));
    dialog.setRange(10, 5);
    QVERIFY(!dialog.canExport());
}

void tst_ExportDialog::cancelLeavesNothing()
{
    ExportDialog dialog(&m_model, m_dir.path(), {});
    QTemporaryDir out;
    const QString target = out.filePath(QStringLiteral("all.csv"));
    dialog.setFormat(JournalExporter::Format::Csv);
    dialog.setDestination(target);
    QSignalSpy finished(&dialog, &ExportDialog::exportFinished);
    dialog.startExport();
    dialog.cancelExport();
    QTRY_COMPARE(finished.count(), 1);
    QCOMPARE(finished.first().at(0).toString(), QStringLiteral("cancelled"));
    QVERIFY(!QFileInfo::exists(target));
    QCOMPARE(QDir(out.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
             QStringList());
}

void tst_ExportDialog::remembersTheLastDestinationAndFormat()
{
    QTemporaryDir out;
    const QString target = out.filePath(QStringLiteral("last.csv"));
    {
        ExportDialog dialog(&m_model, m_dir.path(), {});
        dialog.setRange(1, 10);
        dialog.setFormat(JournalExporter::Format::Csv);
        dialog.setDestination(target);
        QSignalSpy finished(&dialog, &ExportDialog::exportFinished);
        dialog.startExport();
        QTRY_COMPARE(finished.count(), 1);
        QCOMPARE(finished.first().at(0).toString(), QString());
    }
    ExportDialog again(&m_model, m_dir.path(), {});
    QCOMPARE(again.destination(), target);
    QCOMPARE(again.findChild<QComboBox *>(QStringLiteral("exportFormat"))->currentData().toInt(),
             int(JournalExporter::Format::Csv));
}

void tst_ExportDialog::statesTheCaseMode()
{
    EventFilter filter;
    filter.contains = "\xc3\x9c"
                      "ber";
    filter.ignoreCase = true;
    ExportDialog anyCase(&m_model, m_dir.path(), filter);
    QVERIFY2(anyCase.criteriaText().contains(QStringLiteral("in any case")),
             qPrintable(anyCase.criteriaText()));
    filter.ignoreCase = false;
    ExportDialog matchCase(&m_model, m_dir.path(), filter);
    QVERIFY2(matchCase.criteriaText().contains(QStringLiteral("matching case")),
             qPrintable(matchCase.criteriaText()));
}

void tst_ExportDialog::countIsExactWhenTheTableKnowsIt()
{
    EventFilter filter;
    filter.contains = "WebFetch";
    EventTableModel model;
    model.resetIndex(JournalIndex::build(m_dir.path()));
    model.setFilteredRows(CompiledFilter(filter, model.journal()).selectRows(model.journal()));
    QVERIFY(model.rowCount() > 0);
    ExportDialog dialog(&model, m_dir.path(), filter);
    QVERIFY2(dialog.estimateText().startsWith(QStringLiteral("At most")), qPrintable(dialog.estimateText()));
    dialog.setTableMatches(true);
    QVERIFY2(dialog.estimateText().startsWith(QLocale().toString(model.rowCount()) +
                                              QStringLiteral(" events (as the table shows)")),
             qPrintable(dialog.estimateText()));
    // A narrower seq range counts the table's rows within it.
    dialog.setRange(1000, 1999);
    int inRange = 0;
    for (int row = 0; row < model.rowCount(); ++row) {
        const quint64 seq = model.index(row, 0).data(EventTableModel::SeqRole).toULongLong();
        inRange += seq >= 1000 && seq <= 1999;
    }
    QVERIFY2(dialog.estimateText().startsWith(
                 countText(inRange, QStringLiteral("1 event"), QStringLiteral("%1 events"))),
             qPrintable(dialog.estimateText()));
}

QTEST_MAIN(tst_ExportDialog)
#include "tst_exportdialog.moc"
