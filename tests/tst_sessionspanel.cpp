// SPDX-License-Identifier: MIT
#include "journalindex.h"
#include "sessionlistmodel.h"
#include "sessionspanel.h"
#include "testjournal.h"

#include <QHeaderView>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

class tst_SessionsPanel : public QObject
{
    Q_OBJECT
private slots:
    void singleClickFiltersAndASecondClears();
    void currentRowReflectsTheFilter();
    void noSessionIsNotSelectedUnlessFiltered();
    void headerClickSortsOnAWorker();
    void rowsStayPutAcrossRecounts();
    void aListAtItsStartShowsTheNewestSessions();
};

using namespace TestJournal;

namespace {

struct Fixture
{
    QTemporaryDir dir;
    JournalIndex index;
    SessionsPanel panel;
    Fixture()
    {
        writeFile(dir.filePath(QStringLiteral("events-1.jsonl")),
                  line(1, "error", "a") + '\n' + line(2, "error", "b") + '\n' + line(3, "error", "b") + '\n' +
                      "{\"seq\":4,\"ts\":\"2026-11-20T09:00:02Z\",\"session_id\":null,\"event\":{\"type\":"
                      "\"error\"}}\n");
        index = JournalIndex::build(dir.path());
        panel.resize(400, 300);
        panel.show();
        if (!QTest::qWaitForWindowExposed(&panel))
            qFatal("not shown");
        refresh(true);
    }
    void refresh(bool utc)
    {
        QSignalSpy refreshed(&panel, &SessionsPanel::refreshed);
        panel.refresh(index, utc);
        if (!refreshed.wait(5000))
            qFatal("never counted");
    }
    int row(const QString &session) const { return panel.sessions()->rowOf(session); }
    bool selected(const QString &session) const
    {
        return row(session) >= 0 && panel.selectionModel()->isRowSelected(row(session), {});
    }
    void click(const QString &session)
    {
        const QModelIndex at = panel.model()->index(row(session), 0);
        QTest::mouseClick(panel.viewport(), Qt::LeftButton, {}, panel.visualRect(at).center());
    }
};

// A journal file of `count` events, each in a session of its own: prefix followed by first, first + 1, ...
QString writeOneEventSessions(const QTemporaryDir &dir, const char *prefix, int count, int first)
{
    const QString file = dir.filePath(QStringLiteral("events-1.jsonl"));
    QByteArray bytes;
    for (int s = 0; s < count; ++s)
        bytes += line(quint64(s) + 1, "error", prefix + QByteArray::number(first + s)) + '\n';
    writeFile(file, bytes);
    return file;
}

// Appends lines to the journal's file, brings the index up to date, and waits for the panel's recount.
bool appendAndRecount(SessionsPanel &panel, JournalIndex &index, QSignalSpy &refreshed, const QString &file,
                      const QByteArray &lines)
{
    QFile f(file);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Append) || f.write(lines) != lines.size())
        return false;
    f.close();
    index.update(JournalDirectory::list(index.dir()));
    panel.refresh(index, true);
    return refreshed.wait(5000);
}

bool show(SessionsPanel &panel)
{
    panel.resize(300, 200);
    panel.show();
    return QTest::qWaitForWindowExposed(&panel);
}

} // namespace

void tst_SessionsPanel::singleClickFiltersAndASecondClears()
{
    Fixture f;
    QCOMPARE(f.panel.model()->rowCount(), 3);
    QSignalSpy activated(&f.panel, &SessionsPanel::sessionActivated);
    QSignalSpy cleared(&f.panel, &SessionsPanel::sessionCleared);
    QVERIFY(f.row(QStringLiteral("b")) >= 0);
    f.click(QStringLiteral("b"));
    QCOMPARE(activated.count(), 1);
    QCOMPARE(activated.first().at(0).toString(), QStringLiteral("b"));
    QCOMPARE(f.panel.currentIndex().row(), f.row(QStringLiteral("b")));
    QVERIFY(f.selected(QStringLiteral("b")));
    f.click(QStringLiteral("b"));
    QCOMPARE(cleared.count(), 1);
    QVERIFY(!f.panel.selectionModel()->hasSelection());
    QVERIFY(!f.panel.currentSession());
    // Events without a session are a choice too.
    QVERIFY(f.row(QString()) >= 0);
    f.click(QString());
    QCOMPARE(activated.count(), 2);
    QCOMPARE(activated.last().at(0).toString(), QString());
}

void tst_SessionsPanel::currentRowReflectsTheFilter()
{
    Fixture f;
    f.panel.setCurrentSession(QStringLiteral("a"));
    QCOMPARE(f.panel.currentIndex().row(), f.row(QStringLiteral("a")));
    QVERIFY(f.selected(QStringLiteral("a")));
    f.refresh(false); // a recount keeps it
    QCOMPARE(f.panel.currentIndex().row(), f.row(QStringLiteral("a")));
    QVERIFY(f.selected(QStringLiteral("a")));
    f.panel.setCurrentSession(std::nullopt);
    QVERIFY(!f.panel.currentIndex().isValid());
    QVERIFY(!f.panel.selectionModel()->hasSelection());
    f.panel.setCurrentSession(QStringLiteral("nobody"));
    QVERIFY(!f.panel.selectionModel()->hasSelection());
}

void tst_SessionsPanel::noSessionIsNotSelectedUnlessFiltered()
{
    Fixture f;
    QVERIFY(!f.panel.selectionModel()->hasSelection());
    QVERIFY(!f.panel.currentIndex().isValid());
    f.panel.setFocus();
    f.refresh(true);
    QVERIFY(!f.panel.selectionModel()->hasSelection());
    f.panel.setCurrentSession(QString());
    QVERIFY(f.selected(QString()));
    QCOMPARE(f.panel.selectionModel()->selectedRows().size(), 1);
}

void tst_SessionsPanel::headerClickSortsOnAWorker()
{
    Fixture f;
    f.panel.setCurrentSession(QStringLiteral("b"));
    QSignalSpy refreshed(&f.panel, &SessionsPanel::refreshed);
    // The session column, ascending: the row without a session ("") first.
    QTest::mouseClick(f.panel.horizontalHeader()->viewport(), Qt::LeftButton, {},
                      QPoint(f.panel.horizontalHeader()->sectionViewportPosition(0) + 10, 5));
    QVERIFY(refreshed.wait(5000));
    const auto column = [&] {
        QStringList out;
        for (int row = 0; row < f.panel.model()->rowCount(); ++row)
            out.append(f.panel.model()->index(row, 0).data(SessionListModel::SessionRole).toString());
        return out;
    };
    const Qt::SortOrder order = f.panel.horizontalHeader()->sortIndicatorOrder();
    QCOMPARE(f.panel.horizontalHeader()->sortIndicatorSection(), 0);
    QCOMPARE(column(), order == Qt::AscendingOrder
                           ? QStringList({QString(), QStringLiteral("a"), QStringLiteral("b")})
                           : QStringList({QStringLiteral("b"), QStringLiteral("a"), QString()}));
    // The filtered session stays the current row wherever it moved.
    QCOMPARE(f.panel.currentIndex().row(), f.row(QStringLiteral("b")));
    QVERIFY(f.selected(QStringLiteral("b")));
}

void tst_SessionsPanel::rowsStayPutAcrossRecounts()
{
    // Sorted by id, new sessions that sort first arrive while the user looks at the middle of the list: the
    // rows in view stay where they are. A sort then brings the filtered session into view.
    QTemporaryDir dir;
    const QString file = writeOneEventSessions(dir, "m-", 300, 1000);
    JournalIndex index = JournalIndex::build(dir.path());
    SessionsPanel panel;
    QVERIFY(show(panel));
    panel.sortByColumn(SessionListModel::SessionColumn, Qt::AscendingOrder);
    QSignalSpy refreshed(&panel, &SessionsPanel::refreshed);
    panel.refresh(index, true);
    QVERIFY(refreshed.wait(5000));
    panel.setCurrentSession(QStringLiteral("m-1010"));
    panel.scrollTo(panel.model()->index(150, 0), QAbstractItemView::PositionAtTop);
    const QString top = panel.sessions()->session(panel.rowAt(0));
    QCOMPARE(top, QStringLiteral("m-1150"));
    QByteArray more;
    for (int s = 0; s < 40; ++s)
        more += line(quint64(s) + 301, "error", "a-" + QByteArray::number(s)) + '\n';
    QVERIFY(appendAndRecount(panel, index, refreshed, file, more));
    QCOMPARE(panel.model()->rowCount(), 340);
    QCOMPARE(panel.sessions()->session(panel.rowAt(0)), top);
    // A sort by count, descending: the filtered session (far from the top) is shown.
    QTest::mouseClick(panel.horizontalHeader()->viewport(), Qt::LeftButton, {},
                      QPoint(panel.horizontalHeader()->sectionViewportPosition(1) + 10, 5));
    QTRY_VERIFY(panel.sessions()->isSortedAsAsked() && !panel.sessions()->isRefreshing());
    const int current = panel.currentIndex().row();
    QCOMPARE(panel.sessions()->session(current), QStringLiteral("m-1010"));
    QVERIFY(panel.viewport()->rect().contains(panel.visualRect(panel.model()->index(current, 0)).center()));
}

void tst_SessionsPanel::aListAtItsStartShowsTheNewestSessions()
{
    // Sorted by last activity (the default), read from the top: new sessions come in above the ones shown,
    // and the list shows them, as it did the newest before.
    QTemporaryDir dir;
    const QString file = writeOneEventSessions(dir, "old-", 100, 0);
    JournalIndex index = JournalIndex::build(dir.path());
    SessionsPanel panel;
    QVERIFY(show(panel));
    QSignalSpy refreshed(&panel, &SessionsPanel::refreshed);
    panel.refresh(index, true);
    QVERIFY(refreshed.wait(5000));
    QCOMPARE(panel.verticalScrollBar()->value(), 0);
    QByteArray more;
    for (int s = 0; s < 30; ++s)
        more += R"({"seq":)" + QByteArray::number(101 + s) + R"(,"ts":"2026-11-21T10:00:)" +
                QByteArray::number(10 + s) + R"(Z","session_id":"new-)" + QByteArray::number(s) +
                R"(","event":{"type":"error"}})" + '\n';
    QVERIFY(appendAndRecount(panel, index, refreshed, file, more));
    QCOMPARE(panel.verticalScrollBar()->value(), 0);
    QCOMPARE(panel.sessions()->session(panel.rowAt(0)), QStringLiteral("new-29"));
    // Scrolled down, the list keeps its rows in place instead.
    panel.verticalScrollBar()->setValue(panel.verticalScrollBar()->maximum() / 2);
    const QString top = panel.sessions()->session(panel.rowAt(0));
    QVERIFY(appendAndRecount(
        panel, index, refreshed, file,
        R"({"seq":200,"ts":"2026-11-22T00:00:00Z","session_id":"newest","event":{"type":"error"}})"
        "\n"));
    QCOMPARE(panel.sessions()->session(panel.rowAt(0)), top);
}

QTEST_MAIN(tst_SessionsPanel)
#include "tst_sessionspanel.moc"
