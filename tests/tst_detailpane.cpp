// SPDX-License-Identifier: MIT
#include "bigevents.h"
#include "detailpane.h"
#include "jsonpretty.h"
#include "pagedtextview.h"
#include "poolblocker.h"
#include "textpages.h"
#include "workerpool.h"

#include <QApplication>
#include <QClipboard>
#include <QFile>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSemaphore>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextDocument>
#include <QThreadPool>
#include <QToolButton>

#include <sys/stat.h>

namespace {

struct Placed
{
    quint64 offset = 0;
    quint32 length = 0;
    QByteArray json;
};

// Bounds of what a page may hand to the text view, whatever the event.
void verifyBounded(const QPlainTextEdit *edit)
{
    const QTextDocument *doc = edit->document();
    QVERIFY2(doc->blockCount() <= TextPages::PageLines, qPrintable(QString::number(doc->blockCount())));
    QVERIFY2(doc->characterCount() <= TextPages::PageBytes + TextPages::PageLines * 64,
             qPrintable(QString::number(doc->characterCount())));
    for (QTextBlock b = doc->begin(); b.isValid(); b = b.next())
        QVERIFY2(b.length() <= TextPages::MaxLineBytes + 64, qPrintable(QString::number(b.length())));
}

// Where the first link of the document is, in viewport coordinates.
QPoint firstLink(const QPlainTextEdit *edit, QString *href)
{
    for (QTextBlock b = edit->document()->begin(); b.isValid(); b = b.next()) {
        for (auto it = b.begin(); !it.atEnd(); ++it) {
            const QTextFragment f = it.fragment();
            if (f.charFormat().isAnchor()) {
                *href = f.charFormat().anchorHref();
                QTextCursor c(edit->document());
                c.setPosition(f.position() + 2);
                return edit->cursorRect(c).center();
            }
        }
    }
    return QPoint(-1, -1);
}

// Every page of a view, in order, by its "next" button.
QStringList walkPages(PagedTextView *view)
{
    QStringList texts;
    QSignalSpy shown(view, &PagedTextView::pageShown);
    texts << view->pageText();
    for (int page = 1; page < view->pageCount(); ++page) {
        [&] {
            QVERIFY(view->nextButton()->isEnabled());
            QTest::mouseClick(view->nextButton(), Qt::LeftButton);
            QTRY_COMPARE(shown.count(), page);
            QCOMPARE(view->page(), page);
            verifyBounded(view->editor());
        }();
        if (QTest::currentTestFailed())
            return texts;
        texts << view->pageText();
    }
    if (view->pageCount() > 1)
        [&] {
            QVERIFY(!view->nextButton()->isEnabled());
        }();
    return texts;
}

} // namespace

class tst_DetailPane : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void readsOnAWorker();
    void newerSelectionWins();
    void clearDropsTheEventBeingPrepared();
    void longStringIsCut();
    void showAllOpensTheWholeValue();
    void manySmallFieldsArePaged();
    void copyJsonCopiesAllOfIt();
    void badLinesShowBounded_data();
    void badLinesShowBounded();
    void vanishedOrChangedFile();
    void fifoDoesNotBlock();
    void tooLargeIsNotRead();
    void valueMenuNamesTheValueUnderTheMouse();
    void pathsOnALaterPage();

private:
    Placed place(const QByteArray &json);
    void show(DetailPane &pane, const Placed &p);

    QTemporaryDir m_dir;
    QString m_path;
    QByteArray m_bytes;
    Placed m_small;
    Placed m_huge;
    QString m_hugeContent;
    Placed m_fields;
    Placed m_paths;
    QByteArray m_longKey;
    QByteArray m_longValue;
};

Placed tst_DetailPane::place(const QByteArray &json)
{
    Placed p;
    p.offset = quint64(m_bytes.size());
    p.length = quint32(json.size());
    p.json = json;
    m_bytes += json + '\n';
    return p;
}

void tst_DetailPane::show(DetailPane &pane, const Placed &p)
{
    pane.showLine(QStringLiteral("events-00000000000000000001.jsonl"), QFile::encodeName(m_path), p.offset,
                  p.length, 0, QStringLiteral("sess-1"));
}

void tst_DetailPane::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_path = m_dir.filePath(QStringLiteral("events-00000000000000000001.jsonl"));
    m_small = place(
        R"({"seq":7,"ts":"2026-11-20T09:00:01Z","session_id":"s1","event":{"type":"session_deleted","session_id":"s1"}})");
    const BigEvents::Line huge = BigEvents::hugeContent(8, 5 << 20);
    m_huge = place(huge.json);
    m_hugeContent = huge.content;
    m_fields = place(BigEvents::manyFields(9, 1 << 20).json);
    m_longKey = QByteArray(DetailPane::MaxStringBytes + 500, 'k');
    m_longValue = "start " + QByteArray(DetailPane::MaxStringBytes + 1000, 'v') + " end";
    m_paths = place(
        R"({"seq":10,"ts":"2026-11-20T09:00:01Z","session_id":"s1","event":{"type":"task_list_updated",)"
        R"("task_list":{"title":"T","items":[{"id":"a","depends_on":[["x","y"],["z"]]}]},)"
        R"("a.b":{"q\"k":12},")" +
        m_longKey + R"(":"v","long":")" + m_longValue + R"("}})");
    QFile f(m_path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    QCOMPARE(f.write(m_bytes), m_bytes.size());
}

void tst_DetailPane::readsOnAWorker()
{
    DetailPane pane;
    pane.show();
    QSignalSpy shown(&pane, &DetailPane::eventShown);
    {
        PoolBlocker busy;
        show(pane, m_small);
        // With every worker busy, nothing has been read: the GUI thread did not do it.
        QVERIFY(pane.isLoading());
        QVERIFY(pane.prettyText().isEmpty());
        QVERIFY(pane.headerText().contains(QStringLiteral("reading")));
        QCoreApplication::processEvents();
        QCOMPARE(shown.count(), 0);
        busy.release();
        QTRY_COMPARE(shown.count(), 1);
    }
    QVERIFY(!pane.isLoading());
    QVERIFY2(pane.prettyText().startsWith(QStringLiteral("{\n  \"seq\": 7,\n")),
             qPrintable(pane.prettyText()));
    QCOMPARE(pane.rawLine(), m_small.json);
    QCOMPARE(pane.rawView()->pageText(), QString::fromUtf8(m_small.json));
}

void tst_DetailPane::newerSelectionWins()
{
    DetailPane pane;
    QSignalSpy shown(&pane, &DetailPane::eventShown);
    {
        PoolBlocker busy;
        show(pane, m_huge);
        show(pane, m_small);
        busy.release();
        QTRY_COMPARE(shown.count(), 1);
    }
    // The superseded event never reaches the pane, even late.
    QCoreApplication::processEvents();
    QCOMPARE(shown.count(), 1);
    QCOMPARE(pane.rawLine(), m_small.json);
    QVERIFY(pane.prettyText().startsWith(QStringLiteral("{\n  \"seq\": 7,")));

    // And while the large one is being prepared, not only before it starts.
    show(pane, m_huge);
    show(pane, m_fields);
    QTRY_COMPARE(shown.count(), 2);
    QTRY_VERIFY(!pane.isLoading());
    WorkerPool::instance()->waitForDone();
    QCoreApplication::processEvents();
    QCOMPARE(shown.count(), 2);
    QCOMPARE(pane.rawLine(), m_fields.json);
}

void tst_DetailPane::clearDropsTheEventBeingPrepared()
{
    DetailPane pane;
    QSignalSpy shown(&pane, &DetailPane::eventShown);
    {
        PoolBlocker busy;
        show(pane, m_small);
        pane.clear();
        QVERIFY(!pane.isLoading());
    }
    QCoreApplication::processEvents();
    QCOMPARE(shown.count(), 0);
    QVERIFY(pane.prettyText().isEmpty());
    QVERIFY(pane.headerText().startsWith(QStringLiteral("Select an event")));
}

void tst_DetailPane::longStringIsCut()
{
    DetailPane pane;
    pane.resize(700, 900);
    pane.show();
    QSignalSpy shown(&pane, &DetailPane::eventShown);
    show(pane, m_huge);
    QTRY_COMPARE(shown.count(), 1);
    QVERIFY(!pane.isLoading());
    // The 5 MiB string is in the text view as its first KiB and a link, not as 5 MiB.
    verifyBounded(pane.prettyView()->editor());
    QVERIFY(pane.prettyView()->editor()->document()->characterCount() < 4096);
    QCOMPARE(pane.prettyView()->pageCount(), 1);
    QVERIFY2(pane.prettyText().contains(QStringLiteral(R"("content": "Line 0: the \"quick\")")),
             qPrintable(pane.prettyText()));
    QVERIFY(pane.prettyText().contains(QStringLiteral("…\",\n")));
    QVERIFY(pane.prettyText().contains(QStringLiteral("\"created_at\": \"2026-11-20T09:00:01Z\"")));
    QString href;
    QVERIFY(firstLink(pane.prettyView()->editor(), &href).x() >= 0);
    QCOMPARE(href, QStringLiteral("cut:0"));
    QVERIFY(pane.headerText().contains(QStringLiteral("a long value is shown cut")));
    // The raw line is all there, a page at a time.
    const PagedTextView *raw = pane.rawView();
    QCOMPARE(raw->pageCount(), int((m_huge.length + TextPages::PageBytes - 1) / TextPages::PageBytes));
    verifyBounded(raw->editor());
    QCOMPARE(pane.rawLine(), m_huge.json);
    // The raw line's pages are byte ranges of it.
    const auto *position = raw->findChild<QLabel *>(QStringLiteral("pagePosition"));
    QVERIFY(position && position->isVisibleTo(&pane));
    QCOMPARE(position->text(),
             QStringLiteral("bytes 1–%1 of %2")
                 .arg(QLocale().toString(raw->pages()->lineEnd(raw->pages()->pageEndLine(0) - 1)),
                      QLocale().toString(m_huge.length)));
}

void tst_DetailPane::showAllOpensTheWholeValue()
{
    DetailPane pane;
    pane.resize(700, 900);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    QSignalSpy shown(&pane, &DetailPane::eventShown);
    QSignalSpy valueShown(&pane, &DetailPane::valueShown);
    show(pane, m_huge);
    QTRY_COMPARE(shown.count(), 1);

    QPlainTextEdit *pretty = pane.prettyView()->editor();
    QString href;
    const QPoint link = firstLink(pretty, &href);
    QVERIFY(pretty->viewport()->rect().contains(link));
    QTest::mouseClick(pretty->viewport(), Qt::LeftButton, {}, link);
    QVERIFY(pane.isValueOpen());
    QTRY_COMPARE(valueShown.count(), 1);
    QVERIFY(!pane.isLoading());

    PagedTextView *value = pane.valueView();
    QVERIFY(value->pageCount() > 1);
    verifyBounded(value->editor());
    QVERIFY(value->pageText().startsWith(
        QStringLiteral(u"Line 0: the \"quick\" brown fox, café é 😀 \\ done.\n")));
    const QStringList pages = walkPages(value);
    QCOMPARE(pages.size(), value->pageCount());
    // Every page ends on a line break of the value: joined, the pages are the value, decoded.
    const QString all = pages.join(QLatin1Char('\n'));
    QCOMPARE(all.size(), m_hugeContent.size());
    QVERIFY(all == m_hugeContent);

    QPushButton *back = nullptr;
    for (QPushButton *b : pane.findChildren<QPushButton *>())
        if (b->accessibleName() == QStringLiteral("Back to the event"))
            back = b;
    QVERIFY(back);
    QTest::mouseClick(back, Qt::LeftButton);
    QVERIFY(!pane.isValueOpen());
    QVERIFY(pane.prettyText().contains(QStringLiteral("\"content\"")));
}

void tst_DetailPane::manySmallFieldsArePaged()
{
    DetailPane pane;
    pane.show();
    QSignalSpy shown(&pane, &DetailPane::eventShown);
    show(pane, m_fields);
    QTRY_COMPARE(shown.count(), 1);
    PagedTextView *pretty = pane.prettyView();
    QVERIFY(pretty->pageCount() > 1);
    verifyBounded(pretty->editor());
    const QStringList pages = walkPages(pretty);
    QCOMPARE(pages.size(), pretty->pageCount());
    const QString expected = QString::fromUtf8(JsonPretty::format(m_fields.json.toStdString()));
    QVERIFY(pages.join(QLatin1Char('\n')) == expected);
}

void tst_DetailPane::copyJsonCopiesAllOfIt()
{
    DetailPane pane;
    QSignalSpy shown(&pane, &DetailPane::eventShown);
    show(pane, m_huge);
    QTRY_COMPARE(shown.count(), 1);
    QApplication::clipboard()->clear();
    QPushButton *copy = nullptr;
    for (QPushButton *b : pane.findChildren<QPushButton *>())
        if (b->text() == QStringLiteral("Copy JSON"))
            copy = b;
    QVERIFY(copy && copy->isEnabled());
    QTest::mouseClick(copy, Qt::LeftButton);
    const QString expected = QString::fromUtf8(JsonPretty::format(m_huge.json.toStdString()));
    QTRY_COMPARE(QApplication::clipboard()->text().size(), expected.size());
    QVERIFY(QApplication::clipboard()->text() == expected);
}

void tst_DetailPane::badLinesShowBounded_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addRow("not json") << QByteArray("not json {[ \xFF\xFE \"unterminated \\");
    QTest::addRow("empty") << QByteArray();
    QTest::addRow("deep nesting") << QByteArray(QByteArray(200000, '[') + QByteArray(200000, ']'));
    QTest::addRow("no strings, one long line")
        << QByteArray("{\"seq\":1,\"n\":" + QByteArray(3 << 20, '7') + "}");
    QTest::addRow("no line breaks at all") << QByteArray(3 << 20, 'x');
    QTest::addRow("unterminated huge string") << QByteArray("{\"seq\":1,\"s\":\"" + QByteArray(3 << 20, 'y'));
    QTest::addRow("invalid utf8 everywhere") << QByteArray(1 << 20, '\xC3');
}

void tst_DetailPane::badLinesShowBounded()
{
    QFETCH(QByteArray, line);
    const QString path = m_dir.filePath(QStringLiteral("bad.jsonl"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(line + '\n');
    f.close();
    DetailPane pane;
    pane.show();
    QSignalSpy shown(&pane, &DetailPane::eventShown);
    pane.showLine(QStringLiteral("bad.jsonl"), QFile::encodeName(path), 0, quint32(line.size()), 0,
                  QString());
    QTRY_COMPARE(shown.count(), 1);
    QVERIFY2(!pane.headerText().contains(QStringLiteral("vanished")), qPrintable(pane.headerText()));
    QCOMPARE(pane.rawLine(), line);
    verifyBounded(pane.prettyView()->editor());
    verifyBounded(pane.rawView()->editor());
    // Nothing is dropped: the raw pages hold the whole line.
    const TextPages *raw = pane.rawView()->pages();
    QVERIFY(raw);
    QCOMPARE(raw->linesText(0, raw->lineCount()), QString::fromUtf8(line));
}

void tst_DetailPane::vanishedOrChangedFile()
{
    DetailPane pane;
    QSignalSpy shown(&pane, &DetailPane::eventShown);
    pane.showLine(QStringLiteral("gone.jsonl"),
                  QFile::encodeName(m_dir.filePath(QStringLiteral("gone.jsonl"))), 0, 10, 0, QString());
    QTRY_COMPARE(shown.count(), 1);
    QVERIFY2(pane.headerText().contains(QStringLiteral("changed or vanished")),
             qPrintable(pane.headerText()));
    QVERIFY(pane.prettyText().isEmpty());
    // Past the end of the file: truncated since it was indexed.
    show(pane, Placed{quint64(m_bytes.size()) - 10, 100, {}});
    QTRY_COMPARE(shown.count(), 2);
    QVERIFY(pane.headerText().contains(QStringLiteral("changed or vanished")));
}

void tst_DetailPane::fifoDoesNotBlock()
{
    // A named pipe where a journal file was: opening it for reading would wait for a writer forever.
    const QByteArray fifo =
        QFile::encodeName(m_dir.filePath(QStringLiteral("events-00000000000000000009.jsonl")));
    QCOMPARE(::mkfifo(fifo.constData(), 0600), 0);
    DetailPane pane;
    QSignalSpy shown(&pane, &DetailPane::eventShown);
    pane.showLine(QStringLiteral("events-00000000000000000009.jsonl"), fifo, 0, 100, 0, QString());
    QTRY_COMPARE(shown.count(), 1);
    QVERIFY(pane.headerText().contains(QStringLiteral("changed or vanished")));
}

void tst_DetailPane::tooLargeIsNotRead()
{
    DetailPane pane;
    QSignalSpy shown(&pane, &DetailPane::eventShown);
    pane.showLine(QStringLiteral("x.jsonl"), QFile::encodeName(m_path), 0,
                  quint32(DetailPane::MaxEventBytes + 1), 0, QString());
    QTRY_COMPARE(shown.count(), 1);
    QVERIFY(pane.headerText().contains(QStringLiteral("too large")));
    QVERIFY(pane.rawLine().isEmpty());
}

namespace {

// The centre of the first occurrence of `text` in the shown page, in viewport coordinates (plus `shift`
// characters).
QPoint pointAt(const QPlainTextEdit *edit, const QString &text, int shift = 1)
{
    const QTextCursor found = edit->document()->find(text);
    if (found.isNull())
        return QPoint(-1, -1);
    QTextCursor c(edit->document());
    c.setPosition(found.selectionStart() + shift);
    return edit->cursorRect(c).center();
}

QString pathText(const DetailPane &pane, const QPoint &pos)
{
    const auto path = pane.pathAt(pos);
    return path ? *path : QStringLiteral("<no path>");
}

QAction *menuAction(QMenu *menu, const char *name)
{
    const QList<QAction *> actions = menu->actions();
    for (QAction *a : actions)
        if (a->objectName() == QLatin1String(name))
            return a;
    return nullptr;
}

} // namespace

void tst_DetailPane::valueMenuNamesTheValueUnderTheMouse()
{
    DetailPane pane;
    pane.resize(700, 900);
    pane.show();
    QSignalSpy shown(&pane, &DetailPane::eventShown);
    show(pane, m_paths);
    QTRY_COMPARE(shown.count(), 1);
    const QPlainTextEdit *edit = pane.prettyView()->editor();
    const QPoint z = pointAt(edit, QStringLiteral("\"z\""));
    QCOMPARE(pathText(pane, z), QStringLiteral("event.task_list.items[0].depends_on[1][0]"));
    QCOMPARE(pathText(pane, pointAt(edit, QStringLiteral("\"y\""))),
             QStringLiteral("event.task_list.items[0].depends_on[0][1]"));
    QCOMPARE(pathText(pane, pointAt(edit, QStringLiteral("12"))),
             QStringLiteral("event[\"a.b\"][\"q\\\"k\"]"));
    QCOMPARE(pathText(pane, pointAt(edit, QStringLiteral("\"seq\""))), QStringLiteral("seq"));
    // A key shown cut is named whole.
    QCOMPARE(pathText(pane, pointAt(edit, QStringLiteral("\"kkkk"))),
             QStringLiteral("event.") + QString::fromLatin1(m_longKey));
    // A "show all" link stands for what it opens: the long key's, that key's value; the long value's, it.
    QString href;
    const QPoint keyLink = firstLink(edit, &href);
    QCOMPARE(href, QStringLiteral("cut:0"));
    QCOMPARE(pathText(pane, keyLink), QStringLiteral("event.") + QString::fromLatin1(m_longKey));
    QTextCursor second = edit->document()->find(QStringLiteral("show all"),
                                                edit->document()->find(QStringLiteral("show all")));
    QVERIFY(!second.isNull());
    QTextCursor inSecond(edit->document());
    inSecond.setPosition(second.selectionStart() + 2);
    QCOMPARE(pathText(pane, edit->cursorRect(inSecond).center()), QStringLiteral("event.long"));
    QCOMPARE(pathText(pane, pointAt(edit, QStringLiteral("\"start"))), QStringLiteral("event.long"));

    // The menu: copy the value (whole, decoded), copy the path, add it as a column.
    QScopedPointer<QMenu> menu(pane.createValueMenu(edit->cursorRect(inSecond).center(), &pane));
    QSignalSpy copied(&pane, &DetailPane::valueCopied);
    menuAction(menu.get(), "copyValue")->trigger();
    QTRY_COMPARE(copied.count(), 1);
    QCOMPARE(QApplication::clipboard()->text(), QString::fromLatin1(m_longValue));
    menu.reset(pane.createValueMenu(z, &pane));
    menuAction(menu.get(), "copyPath")->trigger();
    QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("event.task_list.items[0].depends_on[1][0]"));
    menuAction(menu.get(), "copyValue")->trigger();
    QTRY_COMPARE(copied.count(), 2);
    QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("z"));
    QSignalSpy add(&pane, &DetailPane::addColumnRequested);
    menuAction(menu.get(), "addAsColumn")->trigger();
    QCOMPARE(add.count(), 1);
    QCOMPARE(add.last().at(0).toString(), QStringLiteral("event.task_list.items[0].depends_on[1][0]"));
    // Filter for and out: the term goes to the query.
    QSignalSpy term(&pane, &DetailPane::queryTermRequested);
    menuAction(menu.get(), "filterForValue")->trigger();
    QTRY_COMPARE(term.count(), 1);
    QCOMPARE(term.last().at(0).toString(), QStringLiteral("event.task_list.items[0].depends_on[1][0] = z"));
    menuAction(menu.get(), "filterOutValue")->trigger();
    QTRY_COMPARE(term.count(), 2);
    QCOMPARE(term.last().at(0).toString(),
             QStringLiteral("not event.task_list.items[0].depends_on[1][0] = z"));
    // The value of a container is its JSON as in the line.
    menu.reset(pane.createValueMenu(pointAt(edit, QStringLiteral("\"a.b\"")), &pane));
    menuAction(menu.get(), "copyValue")->trigger();
    QTRY_COMPARE(copied.count(), 3);
    QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("{\"q\\\"k\":12}"));
    // A key the query language cannot name: nothing to filter by.
    QVERIFY(!menuAction(menu.get(), "filterForValue")->isEnabled());
    // The whole line (the outer brace) has no path to add or copy, but a value.
    menu.reset(pane.createValueMenu(pointAt(edit, QStringLiteral("{"), 0), &pane));
    QVERIFY(!menuAction(menu.get(), "addAsColumn")->isEnabled());
    QVERIFY(menuAction(menu.get(), "copyValue")->isEnabled());
    QVERIFY(!menuAction(menu.get(), "filterOutValue")->isEnabled());
}

void tst_DetailPane::pathsOnALaterPage()
{
    DetailPane pane;
    pane.resize(700, 900);
    pane.show();
    QSignalSpy shown(&pane, &DetailPane::eventShown);
    show(pane, m_fields);
    QTRY_COMPARE(shown.count(), 1);
    PagedTextView *pretty = pane.prettyView();
    QVERIFY(pretty->pageCount() > 2);
    QSignalSpy page(pretty, &PagedTextView::pageShown);
    pretty->showPage(2);
    QTRY_COMPARE(page.count(), 1);
    QTRY_VERIFY(!pane.isLoading());
    const QPlainTextEdit *edit = pretty->editor();
    const QTextCursor found = edit->document()->find(QStringLiteral("\"n\": "));
    QVERIFY(!found.isNull());
    const QString line = found.block().text().trimmed();
    const QString n = line.mid(5, line.size() - 6); // "n": 123,
    QTextCursor c(edit->document());
    c.setPosition(found.selectionStart() + 7);
    const QString path = QStringLiteral("event.task_list.items[%1].n").arg(n);
    QCOMPARE(pathText(pane, edit->cursorRect(c).center()), path);
    // The same path finds the same value in the line.
    const auto at = JsonPath::locate(
        std::string_view(m_fields.json.constData(), size_t(m_fields.json.size())), *JsonPath::parse(path));
    QVERIFY(at);
    QCOMPARE(m_fields.json.mid(qsizetype(at->first), qsizetype(at->second - at->first)), n.toUtf8());
}

QTEST_MAIN(tst_DetailPane)
#include "tst_detailpane.moc"
