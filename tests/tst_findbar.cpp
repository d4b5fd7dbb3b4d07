// SPDX-License-Identifier: MIT
#include "detailpane.h"
#include "eventtablemodel.h"
#include "eventtableview.h"
#include "filterbar.h"
#include "findbar.h"
#include "findcontroller.h"
#include "journalloader.h"
#include "journalsimulator.h"
#include "mainwindow.h"
#include "markedrowdelegate.h"
#include "navigator.h"
#include "pagedtextview.h"
#include "testjournal.h"
#include "timelinewidget.h"

#include <QCheckBox>
#include <QDir>
#include <QImage>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QToolButton>

using namespace TestJournal;

// The find bar in the browser's window: its keys, counts, steps, wrap notices and highlights.
class tst_FindBar : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    JournalSimulator m_sim;

    // The journal's lines in journal order, read here, apart from the browser.
    QList<QByteArray> lines() const
    {
        QList<QByteArray> out;
        const QStringList files =
            QDir(m_dir.path()).entryList({QStringLiteral("events-*.jsonl")}, QDir::Files, QDir::Name);
        for (const QString &name : files) {
            QFile f(QDir(m_dir.path()).filePath(name));
            if (!f.open(QIODevice::ReadOnly))
                return {};
            for (const QByteArray &l : f.readAll().split('\n'))
                if (!l.isEmpty())
                    out.append(l);
        }
        return out;
    }
    // Seqs of the lines holding `text` (ASCII, any case).
    QList<quint64> matchingSeqs(const QByteArray &text) const
    {
        QList<quint64> out;
        for (const QByteArray &l : lines()) {
            if (l.toLower().contains(text.toLower()))
                out.append(l.mid(7, l.indexOf(',') - 7).toULongLong());
        }
        return out;
    }
    static quint64 selectedSeq(MainWindow &w)
    {
        const QModelIndex current = w.table()->currentIndex();
        return current.isValid() ? current.data(EventTableModel::SeqRole).toULongLong() : 0;
    }
    void openWindow(MainWindow &w)
    {
        w.resize(1400, 800);
        w.show();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        QSignalSpy loaded(&w, &MainWindow::loaded);
        QVERIFY(w.openDirectory(m_dir.path()));
        QTRY_COMPARE(loaded.count(), 1);
    }
    void find(MainWindow &w, const QString &text)
    {
        FindBar *bar = w.navigator()->findBar();
        w.navigator()->openFind();
        bar->textField()->setText(text);
        QTRY_VERIFY(w.navigator()->finder()->query().text == text);
        QTRY_VERIFY(w.navigator()->finder()->isComplete());
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

    void opensWithCtrlFAndSlash()
    {
        MainWindow w;
        openWindow(w);
        FindBar *bar = w.navigator()->findBar();
        QVERIFY(bar->isHidden());
        w.table()->setFocus();
        QTRY_VERIFY(w.table()->hasFocus());
        QTest::keyClick(w.table(), Qt::Key_F, Qt::ControlModifier);
        QTRY_VERIFY(bar->isVisible());
        QVERIFY(bar->textField()->hasFocus());
        QTest::keyClick(bar->textField(), Qt::Key_Escape);
        QVERIFY(bar->isHidden());
        QTRY_VERIFY(w.table()->hasFocus());
        QTest::keyClick(w.table(), Qt::Key_Slash);
        QTRY_VERIFY(bar->isVisible());
        QVERIFY(bar->textField()->hasFocus());
        // In a text field, / is a character; Ctrl+Shift+F goes to the text filter.
        QTest::keyClick(bar->textField(), Qt::Key_Slash);
        QCOMPARE(bar->textField()->text(), QStringLiteral("/"));
        QTest::keyClick(bar->textField(), Qt::Key_F, Qt::ControlModifier | Qt::ShiftModifier);
        auto *filterText = w.findChild<QLineEdit *>(QStringLiteral("filterText"));
        QTRY_VERIFY(filterText->hasFocus());
        QTest::keyClick(filterText, Qt::Key_Slash);
        QCOMPARE(filterText->text(), QStringLiteral("/"));
    }

    void countsAndStepsWithNAndF3()
    {
        MainWindow w;
        openWindow(w);
        const QList<quint64> seqs = matchingSeqs("tool_approval_requested");
        QVERIFY(seqs.size() > 3 && seqs.size() < 300);
        find(w, QStringLiteral("TOOL_APPROVAL_REQUESTED")); // any case
        FindBar *bar = w.navigator()->findBar();
        const QString n = QString::number(seqs.size());
        QCOMPARE(bar->countText(), QStringLiteral("%1 matches").arg(n));
        w.table()->setFocus();
        QTRY_VERIFY(w.table()->hasFocus());
        w.table()->goToRow(0, QAbstractItemView::PositionAtTop);
        QTest::keyClick(w.table(), Qt::Key_N);
        QTRY_COMPARE(selectedSeq(w), seqs[0]);
        QCOMPARE(bar->countText(), QStringLiteral("1 of %1").arg(n));
        QTest::keyClick(w.table(), Qt::Key_N);
        QTRY_COMPARE(selectedSeq(w), seqs[1]);
        QCOMPARE(bar->countText(), QStringLiteral("2 of %1").arg(n));
        QTest::keyClick(w.table(), Qt::Key_N, Qt::ShiftModifier);
        QTRY_COMPARE(selectedSeq(w), seqs[0]);
        QVERIFY(bar->noteText().isEmpty());
        // Before the first: wraps to the last, and says so.
        QTest::keyClick(w.table(), Qt::Key_N, Qt::ShiftModifier);
        QTRY_COMPARE(selectedSeq(w), seqs.last());
        QCOMPARE(bar->countText(), QStringLiteral("%1 of %1").arg(n));
        QCOMPARE(bar->noteText(), QStringLiteral("search wrapped to the bottom"));
        QTest::keyClick(w.table(), Qt::Key_F3);
        QTRY_COMPARE(selectedSeq(w), seqs[0]);
        QCOMPARE(bar->noteText(), QStringLiteral("search wrapped to the top"));
        QTest::keyClick(w.table(), Qt::Key_F3);
        QTRY_COMPARE(selectedSeq(w), seqs[1]);
        QVERIFY(bar->noteText().isEmpty());
        QTest::keyClick(w.table(), Qt::Key_F3, Qt::ShiftModifier);
        QTRY_COMPARE(selectedSeq(w), seqs[0]);
        // From the find field: Enter and Shift+Enter, and F3.
        bar->textField()->setFocus();
        QTest::keyClick(bar->textField(), Qt::Key_Return);
        QTRY_COMPARE(selectedSeq(w), seqs[1]);
        QTest::keyClick(bar->textField(), Qt::Key_F3);
        QTRY_COMPARE(selectedSeq(w), seqs[2]);
        QTest::keyClick(bar->textField(), Qt::Key_Return, Qt::ShiftModifier);
        QTRY_COMPARE(selectedSeq(w), seqs[1]);
        // n in the find field is a letter.
        QTest::keyClick(bar->textField(), Qt::Key_End);
        QTest::keyClick(bar->textField(), Qt::Key_N);
        QCOMPARE(bar->textField()->text(), QStringLiteral("TOOL_APPROVAL_REQUESTEDn"));
        QCOMPARE(selectedSeq(w), seqs[1]);
        // Match case.
        bar->findChild<QCheckBox *>(QStringLiteral("findMatchCase"))->setChecked(true);
        bar->textField()->setText(QStringLiteral("TOOL_APPROVAL_REQUESTED"));
        QTRY_VERIFY(w.navigator()->finder()->query().matchCase);
        QTRY_VERIFY(w.navigator()->finder()->isComplete());
        QCOMPARE(bar->countText(), QStringLiteral("no matches"));
    }

    void stepsWithoutACountAndFromTheView()
    {
        MainWindow w;
        openWindow(w);
        const QList<quint64> seqs = matchingSeqs("tool_approval_requested");
        FindBar *bar = w.navigator()->findBar();
        // Nothing selected, the start in view.
        w.table()->scrollToTop();
        QVERIFY(!w.isFollowing());
        w.navigator()->openFind();
        bar->textField()->setText(QStringLiteral("tool_approval_requested"));
        // Enter before the count is in: the step searches on its own, from the rows in view.
        QTest::keyClick(bar->textField(), Qt::Key_Return);
        QTRY_COMPARE(selectedSeq(w), seqs[0]);
        QTRY_COMPARE(bar->countText(), QStringLiteral("1 of %1").arg(seqs.size()));
        // Nothing selected: n starts from the rows in view.
        w.table()->selectionModel()->clear();
        w.table()->scrollToBottom();
        w.table()->setFocus();
        QTest::keyClick(w.table(), Qt::Key_N, Qt::ShiftModifier);
        QTRY_COMPARE(selectedSeq(w), seqs.last());
    }

    void highlightsTheMatches()
    {
        MainWindow w;
        openWindow(w);
        w.table()->scrollToTop();
        // A word of a summary in view, so a summary cell has something to mark.
        QString word;
        QTRY_VERIFY([&] {
            for (int row = 0; row < 30 && word.isEmpty(); ++row) {
                const QString summary =
                    w.model()->index(row, EventTableModel::SummaryColumn).data().toString();
                for (const QString &part : summary.split(QLatin1Char(' ')))
                    if (part.size() >= 6 && part.at(0).isLetter() && part.at(5).isLetter())
                        word = part.left(6);
            }
            return !word.isEmpty();
        }());
        find(w, word);
        QVERIFY(w.navigator()->finder()->matchCount() > 0);
        // In the table: the summary cells that hold it.
        QTRY_VERIFY([&] {
            const QImage image = w.table()->viewport()->grab().toImage();
            for (int y = 0; y < image.height(); y += 2)
                for (int x = 0; x < image.width(); x += 2)
                    if (image.pixelColor(x, y) == MarkedRowDelegate::highlightColor())
                        return true;
            return false;
        }());
        // In the detail pane, computed with the page on its worker.
        w.table()->setFocus();
        w.table()->goToRow(0, QAbstractItemView::PositionAtTop);
        QTest::keyClick(w.table(), Qt::Key_N);
        QTRY_VERIFY(w.navigator()->finder()->isMatch(w.model()->indexRow(w.table()->currentIndex().row())));
        QTRY_VERIFY(!w.detail()->isLoading());
        for (PagedTextView *view : {w.detail()->prettyView(), w.detail()->rawView()}) {
            QTextDocument *doc = view->editor()->document();
            const QTextCursor found = doc->find(word);
            QVERIFY2(!found.isNull(), qPrintable(word));
            QTextCursor at(doc);
            at.setPosition(found.selectionStart() + 1);
            QCOMPARE(at.charFormat().background().color(), MarkedRowDelegate::highlightColor());
        }
        // On the timeline: ticks where matches are.
        QTRY_VERIFY(!w.timeline()->matchTicks().empty());
        // Closing the bar ends the find and its marks.
        QTest::keyClick(w.navigator()->findBar()->textField(), Qt::Key_Escape);
        QVERIFY(!w.navigator()->finder()->isActive());
        QVERIFY(w.timeline()->matchTicks().empty());
        QTRY_VERIFY(!w.detail()->isLoading());
        QTextDocument *doc = w.detail()->prettyView()->editor()->document();
        QTextCursor at(doc);
        at.setPosition(doc->find(word).selectionStart() + 1);
        QVERIFY(at.charFormat().background().color() != MarkedRowDelegate::highlightColor());
    }

    void findsAmongTheFilteredRows()
    {
        MainWindow w;
        openWindow(w);
        QSignalSpy filtered(w.loader(), &JournalLoader::filterFinished);
        auto *from = w.findChild<QLineEdit *>(QStringLiteral("filterFrom"));
        QTest::keyClicks(from, QStringLiteral("300"));
        QTRY_COMPARE(filtered.count(), 1);
        QList<quint64> seqs;
        for (const quint64 s : matchingSeqs("tool_approval_requested"))
            if (s >= 300)
                seqs.append(s);
        find(w, QStringLiteral("tool_approval_requested"));
        QCOMPARE(w.navigator()->finder()->matchCount(), qint64(seqs.size()));
        w.table()->setFocus();
        w.table()->goToRow(0, QAbstractItemView::PositionAtTop);
        QCOMPARE(selectedSeq(w), quint64(300));
        const quint64 next = *std::find_if(seqs.begin(), seqs.end(), [](quint64 s) { return s > 300; });
        QTest::keyClick(w.table(), Qt::Key_N);
        QTRY_COMPARE(selectedSeq(w), next);
        // Back: 300 when it matches, else around to the last match (never below the filter's 300).
        QTest::keyClick(w.table(), Qt::Key_N, Qt::ShiftModifier);
        QTRY_COMPARE(selectedSeq(w), seqs[0] == 300 ? quint64(300) : seqs.last());
    }

    void regexAndItsErrors()
    {
        MainWindow w;
        openWindow(w);
        FindBar *bar = w.navigator()->findBar();
        w.navigator()->openFind();
        bar->findChild<QToolButton *>(QStringLiteral("findRegex"))->setChecked(true);
        bar->textField()->setText(QStringLiteral("tool_approval_requested|complete("));
        QTRY_VERIFY(bar->countText().startsWith(QLatin1String("invalid: ")));
        QVERIFY(!w.navigator()->finder()->isActive());
        bar->textField()->setText(QStringLiteral("\"type\":\"(tool_approval_requested|complete)\""));
        QTRY_VERIFY(w.navigator()->finder()->isActive());
        QTRY_VERIFY(w.navigator()->finder()->isComplete());
        int expected = 0;
        for (const QByteArray &l : lines())
            expected +=
                l.contains("\"type\":\"tool_approval_requested\"") || l.contains("\"type\":\"complete\"");
        QVERIFY(expected > 0);
        QCOMPARE(w.navigator()->finder()->matchCount(), qint64(expected));
    }

    void keepsCountingAsEventsArrive()
    {
        QTemporaryDir dir;
        JournalSimulator sim;
        JournalSimulator::Options options;
        options.rotateThreshold = 16 * 1024;
        options.keepFiles = 4;
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
        find(w, QStringLiteral("\"seq\":"));
        QCOMPARE(w.navigator()->finder()->matchCount(), w.model()->journal().eventCount());
        // Appends, rotations and prunes: every event still matches, and only those left.
        for (int i = 0; i < 300; ++i)
            QVERIFY(sim.appendNext(&error));
        QTRY_COMPARE_WITH_TIMEOUT(w.model()->journal().maxSeq().value_or(0), sim.lastSeq(), 10000);
        QTRY_COMPARE(w.navigator()->finder()->matchCount(), w.model()->journal().eventCount());
        QTRY_VERIFY(w.navigator()->finder()->isComplete());
        QVERIFY(w.model()->journal().eventCount() < 500); // pruned
        w.table()->goToRow(w.model()->rowCount() - 1);
        QTRY_COMPARE(w.navigator()->findBar()->countText(),
                     QStringLiteral("%1 of %1").arg(QLocale().toString(w.model()->journal().eventCount())));
    }
};

QTEST_MAIN(tst_FindBar)
#include "tst_findbar.moc"
