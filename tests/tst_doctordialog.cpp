// SPDX-License-Identifier: MIT
#include "doctordialog.h"
#include "testjournal.h"

#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

#include <sys/stat.h>

class tst_DoctorDialog : public QObject
{
    Q_OBJECT
private slots:
    void listsFindingsOfAHostileJournal();
    void healthyJournal();
};

using namespace TestJournal;

void tst_DoctorDialog::listsFindingsOfAHostileJournal()
{
    QTemporaryDir dir;
    writeFile(dir.filePath(QStringLiteral("events-1.jsonl")),
              line(1) + "\nnot json\n" + line(1) + '\n' + line(4) + "\n\xff\n");
    QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("events-9.jsonl")));
    DoctorDialog dialog(dir.path());
    QSignalSpy finished(&dialog, &DoctorDialog::checked);
    QSignalSpy seq(&dialog, &DoctorDialog::seqRequested);
    QTRY_COMPARE(finished.count(), 1);
    auto *list = dialog.findChild<QTreeWidget *>(QStringLiteral("findings"));
    QStringList kinds;
    for (int i = 0; i < list->topLevelItemCount(); ++i)
        kinds << list->topLevelItem(i)->text(0);
    for (const char *k : {"malformed_line", "duplicate_seq", "seq_gap", "invalid_utf8", "not_regular"})
        QVERIFY2(kinds.contains(QLatin1String(k)), k);
    QCOMPARE(dialog.findingCount(), int(kinds.size()));
    // A finding about an event asks for its row; one about a line shows its bytes.
    QTreeWidgetItem *dup = list->topLevelItem(int(kinds.indexOf(QStringLiteral("duplicate_seq"))));
    Q_EMIT list->itemActivated(dup, 0);
    QCOMPARE(seq.count(), 1);
    QCOMPARE(seq.first().at(0).toULongLong(), quint64(1));
    QTreeWidgetItem *bad = list->topLevelItem(int(kinds.indexOf(QStringLiteral("malformed_line"))));
    Q_EMIT list->itemActivated(bad, 0);
    auto *bytes = dialog.findChild<QPlainTextEdit *>();
    QTRY_VERIFY2(bytes->toPlainText().contains(QStringLiteral("not json")), qPrintable(bytes->toPlainText()));

    // The file replaced by a FIFO since it was examined: its bytes are read on a worker without blocking, and
    // the pane says why there are none.
    const QString path = dir.filePath(QStringLiteral("events-1.jsonl"));
    QVERIFY(QFile::remove(path));
    QCOMPARE(::mkfifo(QFile::encodeName(path).constData(), 0600), 0);
    Q_EMIT list->itemActivated(bad, 0);
    QTRY_VERIFY2(bytes->toPlainText().contains(QStringLiteral("not a regular file")),
                 qPrintable(bytes->toPlainText()));
}

void tst_DoctorDialog::healthyJournal()
{
    QTemporaryDir dir;
    writeRange(dir.path(), 1, 20);
    DoctorDialog dialog(dir.path());
    QSignalSpy finished(&dialog, &DoctorDialog::checked);
    QTRY_COMPARE(finished.count(), 1);
    QCOMPARE(finished.first().at(0).toInt(), 0);
}

QTEST_MAIN(tst_DoctorDialog)
#include "tst_doctordialog.moc"
