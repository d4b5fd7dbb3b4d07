// SPDX-License-Identifier: MIT
#include "filterbar.h"

#include <QAbstractItemView>
#include <QAction>
#include <QCheckBox>
#include <QCompleter>
#include <QLabel>
#include <QLineEdit>
#include <QMainWindow>
#include <QMenu>
#include <QSignalSpy>
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
    bar.setSessions({longId, QStringLiteral("s2")});
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
        for (const char *name :
             {"filterFrom", "filterTo", "filterSession", "filterAfter", "filterBefore", "filterText"}) {
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

QTEST_MAIN(tst_FilterBar)
#include "tst_filterbar.moc"
