// SPDX-License-Identifier: MIT
#include "eventtablemodel.h"
#include "filterbar.h"
#include "querycompletionmodel.h"
#include "savedquerymodel.h"
#include "testjournal.h"

#include <QAbstractItemView>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QCompleter>
#include <QLabel>
#include <QLineEdit>
#include <QMainWindow>
#include <QMenu>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

class tst_FilterBar : public QObject
{
    Q_OBJECT
private slots:
    void typeMenuStaysOpenForSeveralTicks();
    void countDoesNotMoveTheFields();
    void timeFieldsHoldAWholeTimestamp();
    void partialSessionIsNotApplied();
    void enterAppliesAnUnknownSession();
    void noSessionFiltersEventsWithoutOne();
    void completionListIsAsWideAsTheIds();
    void matchCaseMeansMatchCase();
    void windowShortcutsWinInTheFields();
    void sameFilterIsNotSentTwice();
    void narrowBarWrapsInsteadOfSqueezing();
    void filtersOutASessionOrAType();
    void queryGoesIntoTheFilter();
    void badQueryShowsWhereInline();
    void addQueryTermQuotesAndParenthesises();
    void completionOffersPathsAndValues();
    void savedQueriesMenu();
};

namespace {

QLineEdit *field(FilterBar &bar, const char *name)
{
    return bar.findChild<QLineEdit *>(QString::fromLatin1(name));
}

} // namespace

void tst_FilterBar::typeMenuStaysOpenForSeveralTicks()
{
    FilterBar bar;
    bar.show();
    bar.setTypes({QStringLiteral("error"), QStringLiteral("message_appended"), QStringLiteral("complete")});
    QSignalSpy changed(&bar, &FilterBar::filterChanged);
    auto *button = bar.findChild<QToolButton *>(QStringLiteral("filterTypes"));
    QMenu *menu = button->menu();
    menu->popup(button->mapToGlobal(QPoint(0, button->height())));
    QVERIFY(QTest::qWaitForWindowExposed(menu));
    const QList<QAction *> actions = menu->actions();
    QAction *error = nullptr, *complete = nullptr;
    for (QAction *a : actions) {
        if (a->text() == QLatin1String("error"))
            error = a;
        if (a->text() == QLatin1String("complete"))
            complete = a;
    }
    QVERIFY(error && complete);
    for (QAction *a : {error, complete}) {
        const QPoint at = menu->actionGeometry(a).center();
        QTest::mouseMove(menu, at);
        QTRY_COMPARE(menu->activeAction(), a);
        QTest::mouseClick(menu, Qt::LeftButton, {}, at);
        QVERIFY(a->isChecked());
        QVERIFY2(menu->isVisible(), "ticking a type closed the menu");
    }
    menu->close();
    QTRY_COMPARE(changed.count(), 1);
    QCOMPARE(changed.last().at(0).value<EventFilter>().types,
             (QStringList{QStringLiteral("error"), QStringLiteral("complete")}));
    QCOMPARE(button->text(), QStringLiteral("2 types"));
}

void tst_FilterBar::countDoesNotMoveTheFields()
{
    FilterBar bar;
    bar.resize(1400, 80);
    bar.show();
    QVERIFY(QTest::qWaitForWindowExposed(&bar));
    const auto geometries = [&bar] {
        QList<QRect> out;
        for (const char *name :
             {"filterFrom", "filterTo", "filterSession", "filterAfter", "filterBefore", "filterText"})
            out << field(bar, name)->geometry();
        out << bar.findChild<QLabel *>(QStringLiteral("filterCount"))->geometry();
        return out;
    };
    bar.setMatchCount(0, 0, false);
    QApplication::processEvents();
    const QList<QRect> before = geometries();
    const int height = bar.height();
    for (const auto &[m, t, busy] : {std::tuple<qint64, qint64, bool>{5, 10, false},
                                     {0, 0, true},
                                     {12345678, 87654321, false},
                                     {1, 1, false}}) {
        bar.setMatchCount(m, t, busy);
        QApplication::processEvents();
        QCOMPARE(geometries(), before);
        QCOMPARE(bar.height(), height);
    }
}

void tst_FilterBar::timeFieldsHoldAWholeTimestamp()
{
    FilterBar bar;
    bar.show();
    for (const char *name : {"filterAfter", "filterBefore"}) {
        QLineEdit *edit = field(bar, name);
        const int text =
            edit->fontMetrics().horizontalAdvance(QStringLiteral("2026-11-20T09:00:01.572000931Z"));
        QVERIFY2(edit->width() > text, name);
    }
}

void tst_FilterBar::partialSessionIsNotApplied()
{
    FilterBar bar;
    bar.show();
    bar.setSessions({QStringLiteral("sess-0a1b2c"), QStringLiteral("sess-ffffff")});
    QSignalSpy changed(&bar, &FilterBar::filterChanged);
    QLineEdit *session = field(bar, "filterSession");
    QTest::keyClicks(session, QStringLiteral("sess-0a"));
    QTest::qWait(400); // past the debounce: a partial id must not filter everything away
    QCOMPARE(changed.count(), 0);
    QVERIFY(bar.filter().sessions.isEmpty());
    QTest::keyClicks(session, QStringLiteral("1b2c"));
    QTRY_COMPARE(changed.count(), 1);
    QCOMPARE(changed.last().at(0).value<EventFilter>().sessions, QStringList{QStringLiteral("sess-0a1b2c")});
}

void tst_FilterBar::enterAppliesAnUnknownSession()
{
    FilterBar bar;
    bar.show();
    QSignalSpy changed(&bar, &FilterBar::filterChanged);
    QLineEdit *session = field(bar, "filterSession");
    QTest::keyClicks(session, QStringLiteral("sess-new"));
    QTest::keyClick(session, Qt::Key_Return);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.last().at(0).value<EventFilter>().sessions, QStringList{QStringLiteral("sess-new")});
}

void tst_FilterBar::noSessionFiltersEventsWithoutOne()
{
    FilterBar bar;
    QSignalSpy changed(&bar, &FilterBar::filterChanged);
    bar.setSession(QString());
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.last().at(0).value<EventFilter>().sessions, QStringList{QString()});
    QCOMPARE(field(bar, "filterSession")->text(), FilterBar::noSessionText());
    bar.clearSession();
    QCOMPARE(changed.count(), 2);
    QVERIFY(changed.last().at(0).value<EventFilter>().sessions.isEmpty());
}

void tst_FilterBar::completionListIsAsWideAsTheIds()
{
    FilterBar bar;
    bar.show();
    const QString longId = QStringLiteral("session-with-a-rather-long-identifier-0123456789");
    bar.setSessions({QStringLiteral("s2"), longId});
    QLineEdit *session = field(bar, "filterSession");
    QTest::keyClicks(session, QStringLiteral("session"));
    QAbstractItemView *popup = session->completer()->popup();
    QTRY_VERIFY(popup->isVisible());
    QVERIFY(popup->width() > popup->fontMetrics().horizontalAdvance(longId));
    QVERIFY(popup->width() > session->width());
}

void tst_FilterBar::matchCaseMeansMatchCase()
{
    FilterBar bar;
    auto *box = bar.findChild<QCheckBox *>(QStringLiteral("filterMatchCase"));
    QCOMPARE(box->text(), QStringLiteral("Aa"));
    QVERIFY(!box->isChecked());
    QVERIFY(bar.filter().ignoreCase); // unchecked: any case
    box->setChecked(true);
    QVERIFY(!bar.filter().ignoreCase); // checked: match case
    QVERIFY(box->toolTip().startsWith(QStringLiteral("Match case")));
}

void tst_FilterBar::windowShortcutsWinInTheFields()
{
    QMainWindow window;
    auto *bar = new FilterBar(&window);
    window.setCentralWidget(bar);
    auto *exportAction = new QAction(QStringLiteral("Export"), &window);
    exportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    window.addAction(exportAction);
    QSignalSpy triggered(exportAction, &QAction::triggered);
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    for (const char *name :
         {"filterFrom", "filterTo", "filterSession", "filterAfter", "filterBefore", "filterText"}) {
        QLineEdit *edit = field(*bar, name);
        edit->setFocus();
        QTRY_VERIFY(edit->hasFocus());
        const int before = int(triggered.count());
        QTest::keyClick(edit, Qt::Key_E, Qt::ControlModifier);
        QVERIFY2(triggered.count() == before + 1, name);
        // A Ctrl key no window action uses stays the field's (select all).
        edit->setText(QStringLiteral("123"));
        QTest::keyClick(edit, Qt::Key_A, Qt::ControlModifier);
        QCOMPARE(edit->selectedText(), QStringLiteral("123"));
        edit->clear();
    }
}

void tst_FilterBar::sameFilterIsNotSentTwice()
{
    FilterBar bar;
    bar.show();
    QSignalSpy changed(&bar, &FilterBar::filterChanged);
    QLineEdit *text = field(bar, "filterText");
    QTest::keyClicks(text, QStringLiteral("abc"));
    QTRY_COMPARE(changed.count(), 1);
    QTest::keyClick(text, Qt::Key_Backspace);
    QTest::keyClicks(text, QStringLiteral("c"));
    QTest::qWait(400);
    QCOMPARE(changed.count(), 1);
    // Bad input is marked and left out.
    QTest::keyClicks(field(bar, "filterFrom"), QStringLiteral("12x"));
    QTest::qWait(400);
    QCOMPARE(changed.count(), 1);
    QVERIFY(!field(bar, "filterFrom")->styleSheet().isEmpty());
}

void tst_FilterBar::narrowBarWrapsInsteadOfSqueezing()
{
    FilterBar bar;
    bar.resize(2000, 40);
    bar.show();
    QVERIFY(QTest::qWaitForWindowExposed(&bar));
    const int oneLine = bar.heightForWidth(2000);
    for (const int width : {1200, 700, 400, 260}) {
        bar.resize(width, bar.heightForWidth(width));
        QApplication::processEvents();
        QVERIFY(bar.heightForWidth(width) >= oneLine);
        for (const char *name : {"filterFrom", "filterTo", "filterSession", "filterAfter", "filterBefore",
                                 "filterText", "filterQuery"}) {
            QLineEdit *edit = field(bar, name);
            QVERIFY2(edit->width() >= edit->minimumWidth(), name);
            QVERIFY2(edit->mapTo(&bar, QPoint(edit->width(), 0)).x() <= width, name);
        }
    }
    QVERIFY(bar.heightForWidth(260) > 2 * oneLine);
}

void tst_FilterBar::filtersOutASessionOrAType()
{
    FilterBar bar;
    bar.show();
    bar.setSessions({QStringLiteral("sess-a"), QStringLiteral("sess-b")});
    bar.setTypes({QStringLiteral("error"), QStringLiteral("complete"), QStringLiteral("session_created")});
    QSignalSpy changed(&bar, &FilterBar::filterChanged);
    bar.excludeSession(QStringLiteral("sess-a"));
    QCOMPARE(changed.count(), 1);
    EventFilter f = changed.last().at(0).value<EventFilter>();
    QCOMPARE(f.excludeSessions, QStringList{QStringLiteral("sess-a")});
    QVERIFY(f.sessions.isEmpty());
    auto *notButton = bar.findChild<QToolButton *>(QStringLiteral("filterSessionNot"));
    QVERIFY(notButton->isChecked());
    // The toggle turns it into "only this session".
    notButton->click();
    f = changed.last().at(0).value<EventFilter>();
    QCOMPARE(f.sessions, QStringList{QStringLiteral("sess-a")});
    QVERIFY(f.excludeSessions.isEmpty());
    // Events without a session.
    bar.excludeSession(QString());
    QCOMPARE(changed.last().at(0).value<EventFilter>().excludeSessions, QStringList{QString()});
    bar.setSession(QStringLiteral("sess-b"));
    f = changed.last().at(0).value<EventFilter>();
    QCOMPARE(f.sessions, QStringList{QStringLiteral("sess-b")});
    QVERIFY(!notButton->isChecked());

    // Types: with none ticked, filtering one out drops just that one.
    auto *types = bar.findChild<QToolButton *>(QStringLiteral("filterTypes"));
    bar.excludeType(QStringLiteral("error"));
    f = changed.last().at(0).value<EventFilter>();
    QCOMPARE(f.excludeTypes, QStringList{QStringLiteral("error")});
    QVERIFY(f.types.isEmpty());
    QCOMPARE(types->text(), QStringLiteral("not error"));
    auto *exclude = types->menu()->findChild<QAction *>(QStringLiteral("filterTypesExclude"));
    if (!exclude) {
        const QList<QAction *> actions = types->menu()->actions();
        for (QAction *a : actions)
            if (a->objectName() == QLatin1String("filterTypesExclude"))
                exclude = a;
    }
    QVERIFY(exclude);
    QVERIFY(exclude->isChecked());
    bar.excludeType(QStringLiteral("complete"));
    QCOMPARE(changed.last().at(0).value<EventFilter>().excludeTypes,
             (QStringList{QStringLiteral("error"), QStringLiteral("complete")}));
    // Showing one type replaces the exclusions.
    bar.setType(QStringLiteral("session_created"));
    f = changed.last().at(0).value<EventFilter>();
    QCOMPARE(f.types, QStringList{QStringLiteral("session_created")});
    QVERIFY(f.excludeTypes.isEmpty());
    QVERIFY(!exclude->isChecked());
    // Ticked types lose the one filtered out; the last one filtered out flips to "all but it".
    bar.excludeType(QStringLiteral("session_created"));
    f = changed.last().at(0).value<EventFilter>();
    QVERIFY(f.types.isEmpty());
    QCOMPARE(f.excludeTypes, QStringList{QStringLiteral("session_created")});
    bar.clear();
    f = changed.last().at(0).value<EventFilter>();
    QVERIFY(f.isEmpty());
    QVERIFY(!notButton->isChecked());
    QVERIFY(!exclude->isChecked());
    QCOMPARE(types->text(), QStringLiteral("All types"));
}

void tst_FilterBar::queryGoesIntoTheFilter()
{
    FilterBar bar;
    bar.show();
    QSignalSpy changed(&bar, &FilterBar::filterChanged);
    QLineEdit *query = field(bar, "filterQuery");
    QVERIFY(query);
    query->setText(QStringLiteral("type = complete and event.usage.total_tokens > 10000"));
    QVERIFY(changed.wait());
    const EventFilter f = changed.last().at(0).value<EventFilter>();
    QCOMPARE(f.where, QStringLiteral("type = complete and event.usage.total_tokens > 10000"));
    QVERIFY(!f.isEmpty());
    // Combined with the other fields.
    field(bar, "filterFrom")->setText(QStringLiteral("5"));
    QVERIFY(changed.wait());
    QCOMPARE(changed.last().at(0).value<EventFilter>().seqFrom, quint64(5));
    QCOMPARE(changed.last().at(0).value<EventFilter>().where, f.where);
    // A long generated query is kept whole (a line edit's default limit is 32,767 characters).
    QStringList ids;
    for (int i = 0; i < 5000; ++i)
        ids.append(QStringLiteral("sess-%1").arg(i, 8, 10, QLatin1Char('0')));
    const QString longQuery = QStringLiteral("session in (%1)").arg(ids.join(QStringLiteral(", ")));
    QVERIFY(longQuery.size() > 32767);
    bar.setQuery(longQuery);
    QCOMPARE(bar.query(), longQuery);
    QCOMPARE(changed.last().at(0).value<EventFilter>().where, longQuery);
    QVERIFY(bar.queryError().isEmpty());
    bar.clear();
    QVERIFY(changed.last().at(0).value<EventFilter>().isEmpty());
    QVERIFY(bar.query().isEmpty());
}

void tst_FilterBar::badQueryShowsWhereInline()
{
    QWidget window;
    auto *bar = new FilterBar(&window);
    window.resize(1200, 200);
    window.show();
    QSignalSpy changed(bar, &FilterBar::filterChanged);
    bar->setQuery(QStringLiteral("type = error"));
    QCOMPARE(changed.count(), 1);
    QLineEdit *query = field(*bar, "filterQuery");
    auto *error = bar->findChild<QLabel *>(QStringLiteral("filterQueryError"));
    QVERIFY(error && error->isHidden());
    query->setText(QStringLiteral("type = error and event.usage.total_tokens > "));
    QCOMPARE(bar->queryError(), QStringLiteral("expected a value after '>' at column 45"));
    QVERIFY(error->isVisible());
    QVERIFY(error->text().contains(QStringLiteral("at column 45")));
    QCOMPARE(query->property("invalidReason").toString(), bar->queryError());
    // Left out of the filter (no modal anything): the filter now has no query.
    QVERIFY(changed.wait());
    QVERIFY(changed.last().at(0).value<EventFilter>().where.isEmpty());
    QVERIFY(!QApplication::activeModalWidget());
    // The message takes the cursor to its column.
    query->setCursorPosition(0);
    Q_EMIT error->linkActivated(QStringLiteral("#column"));
    QCOMPARE(query->cursorPosition(), 44);
    query->setText(QStringLiteral("type = error and event.usage.total_tokens > 5"));
    QVERIFY(error->isHidden());
    QVERIFY(bar->queryError().isEmpty());
    QVERIFY(changed.wait());
    QCOMPARE(changed.last().at(0).value<EventFilter>().where, query->text());
}

void tst_FilterBar::addQueryTermQuotesAndParenthesises()
{
    FilterBar bar;
    QSignalSpy changed(&bar, &FilterBar::filterChanged);
    bar.addQueryTerm(QueryLanguage::term(QStringLiteral("event.tool_name"), QStringLiteral("Bash")));
    QCOMPARE(bar.query(), QStringLiteral("event.tool_name = Bash"));
    QCOMPARE(changed.count(), 1); // at once
    bar.setQuery(QStringLiteral("type = error or type = cancelled"));
    bar.addQueryTerm(
        QueryLanguage::term(QStringLiteral("event.message"), QStringLiteral("said \"no\""), true));
    QCOMPARE(
        bar.query(),
        QStringLiteral("(type = error or type = cancelled) and not event.message = \"said \\\"no\\\"\""));
    QVERIFY(EventQuery::parse(bar.query()).isValid());
    QCOMPARE(changed.last().at(0).value<EventFilter>().where, bar.query());
}

void tst_FilterBar::completionOffersPathsAndValues()
{
    QTemporaryDir dir;
    QByteArray bytes;
    for (int i = 1; i <= 6; ++i)
        bytes +=
            "{\"seq\":" + QByteArray::number(i) +
            R"(,"ts":"2026-11-20T09:00:00Z","session_id":"s","event":{"type":"message_appended","role":")" +
            (i <= 4 ? "user" : "assistant") + R"(","content":"x"}})" + '\n';
    TestJournal::writeFile(QDir(dir.path()).filePath(JournalFileName::forStartSeq(1)), bytes);
    EventTableModel events;
    events.resetIndex(JournalIndex::build(dir.path()));
    QueryCompletionModel completions(&events);
    QMainWindow window;
    auto *bar = new FilterBar(&window);
    window.setCentralWidget(bar);
    window.resize(1200, 200);
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    bar->setCompletionModel(&completions);
    QLineEdit *query = field(*bar, "filterQuery");
    query->setFocus();
    QTRY_VERIFY(query->hasFocus());
    auto *completer = bar->findChild<QCompleter *>();
    QVERIFY(completer);
    // A path: the fields seen, matching what is typed.
    QTest::keyClicks(query, QStringLiteral("event.ro"));
    QTRY_VERIFY(completer->popup()->isVisible());
    QCOMPARE(completions.kind(), QueryCompletionModel::Kind::Paths);
    QCOMPARE(completer->currentCompletion(), QStringLiteral("event.role"));
    QTest::keyClick(completer->popup(), Qt::Key_Down);
    QTest::keyClick(completer->popup(), Qt::Key_Return);
    QCOMPARE(query->text(), QStringLiteral("event.role"));
    // After "=": the values, most frequent first, with counts.
    QTest::keyClicks(query, QStringLiteral(" = "));
    QTRY_VERIFY(completer->popup()->isVisible());
    QCOMPARE(completions.kind(), QueryCompletionModel::Kind::Values);
    QCOMPARE(completions.path(), QStringLiteral("event.role"));
    QCOMPARE(completer->completionCount(), 2);
    QVERIFY(completer->completionModel()->index(0, 0).data().toString().contains(QLatin1Char('4')));
    QTest::keyClick(completer->popup(), Qt::Key_Down);
    QTest::keyClick(completer->popup(), Qt::Key_Return);
    QCOMPARE(query->text(), QStringLiteral("event.role = user "));
    QVERIFY(!completer->popup()->isVisible());
    QVERIFY(bar->queryError().isEmpty());
}

void tst_FilterBar::savedQueriesMenu()
{
    QTemporaryDir dir;
    SavedQueryModel saved(nullptr, dir.filePath(QStringLiteral("s.ini")));
    FilterBar bar;
    bar.setSavedQueries(&saved);
    const auto submenu = [&](const QString &name) -> QMenu * {
        Q_EMIT bar.savedQueriesMenu()->aboutToShow();
        const QList<QAction *> actions = bar.savedQueriesMenu()->actions();
        for (QAction *a : actions)
            if (a->menu() && a->text() == name)
                return a->menu();
        return nullptr;
    };
    const auto action = [](QMenu *menu, const QString &text) -> QAction * {
        const QList<QAction *> actions = menu->actions();
        for (QAction *a : actions)
            if (a->text() == text)
                return a;
        return nullptr;
    };
    // Nothing to save while the query is empty or bad.
    Q_EMIT bar.savedQueriesMenu()->aboutToShow();
    QVERIFY(!bar.savedQueriesMenu()->findChild<QAction *>(QStringLiteral("saveQueryAction"))->isEnabled());
    bar.setQuery(QStringLiteral("type = error"));
    Q_EMIT bar.savedQueriesMenu()->aboutToShow();
    QVERIFY(bar.savedQueriesMenu()->findChild<QAction *>(QStringLiteral("saveQueryAction"))->isEnabled());
    QCOMPARE(bar.saveQuery(QStringLiteral("errors")), 0);
    QCOMPARE(saved.queries().at(0).query, QStringLiteral("type = error"));
    QMenu *errors = submenu(QStringLiteral("errors"));
    QVERIFY(errors);
    QVERIFY(!errors->icon().isNull()); // its colour
    bar.setQuery(QStringLiteral("seq > 1"));
    QSignalSpy changed(&bar, &FilterBar::filterChanged);
    action(errors, QStringLiteral("Apply"))->trigger();
    QCOMPARE(bar.query(), QStringLiteral("type = error"));
    QCOMPARE(changed.count(), 1);
    QAction *timeline = action(errors, QStringLiteral("Show on Timeline"));
    QVERIFY(timeline->isCheckable() && !timeline->isChecked());
    timeline->trigger();
    QVERIFY(saved.queries().at(0).timeline);
    action(submenu(QStringLiteral("errors")), QStringLiteral("Delete"))->trigger();
    QCOMPARE(saved.rowCount(), 0);
    QVERIFY(!submenu(QStringLiteral("errors")));
}

QTEST_MAIN(tst_FilterBar)
#include "tst_filterbar.moc"
