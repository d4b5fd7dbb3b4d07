// SPDX-License-Identifier: MIT
#include "journalindex.h"
#include "sessionspanel.h"
#include "testjournal.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

class tst_SessionsPanel : public QObject
{
    Q_OBJECT
private slots:
    void singleClickFiltersAndASecondClears();
    void currentItemReflectsTheFilter();
    void noSessionIsNotSelectedUnlessFiltered();
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
        panel.refresh(index, true);
    }
    QTreeWidgetItem *item(const QString &session) const
    {
        for (int i = 0; i < panel.topLevelItemCount(); ++i)
            if (panel.topLevelItem(i)->data(0, Qt::UserRole).toString() == session)
                return panel.topLevelItem(i);
        return nullptr;
    }
    void click(QTreeWidgetItem *it)
    {
        QTest::mouseClick(panel.viewport(), Qt::LeftButton, {}, panel.visualItemRect(it).center());
    }
};

} // namespace

void tst_SessionsPanel::singleClickFiltersAndASecondClears()
{
    Fixture f;
    QSignalSpy activated(&f.panel, &SessionsPanel::sessionActivated);
    QSignalSpy cleared(&f.panel, &SessionsPanel::sessionCleared);
    QTreeWidgetItem *b = f.item(QStringLiteral("b"));
    QVERIFY(b);
    f.click(b);
    QCOMPARE(activated.count(), 1);
    QCOMPARE(activated.first().at(0).toString(), QStringLiteral("b"));
    QCOMPARE(f.panel.currentItem(), b);
    QVERIFY(b->isSelected());
    f.click(b);
    QCOMPARE(cleared.count(), 1);
    QVERIFY(f.panel.selectedItems().isEmpty());
    QVERIFY(!f.panel.currentSession());
    // Events without a session are a choice too.
    QTreeWidgetItem *none = f.item(QString());
    QVERIFY(none);
    f.click(none);
    QCOMPARE(activated.count(), 2);
    QCOMPARE(activated.last().at(0).toString(), QString());
}

void tst_SessionsPanel::currentItemReflectsTheFilter()
{
    Fixture f;
    f.panel.setCurrentSession(QStringLiteral("a"));
    QCOMPARE(f.panel.currentItem(), f.item(QStringLiteral("a")));
    QVERIFY(f.item(QStringLiteral("a"))->isSelected());
    f.panel.refresh(f.index, false); // a recount keeps it
    QCOMPARE(f.panel.currentItem(), f.item(QStringLiteral("a")));
    f.panel.setCurrentSession(std::nullopt);
    QVERIFY(!f.panel.currentItem());
    QVERIFY(f.panel.selectedItems().isEmpty());
    f.panel.setCurrentSession(QStringLiteral("nobody"));
    QVERIFY(f.panel.selectedItems().isEmpty());
}

void tst_SessionsPanel::noSessionIsNotSelectedUnlessFiltered()
{
    Fixture f;
    QVERIFY(f.panel.selectedItems().isEmpty());
    QVERIFY(!f.panel.currentItem());
    f.panel.setFocus();
    f.panel.refresh(f.index, true);
    QVERIFY(f.panel.selectedItems().isEmpty());
    f.panel.setCurrentSession(QString());
    QCOMPARE(f.panel.selectedItems(), QList<QTreeWidgetItem *>{f.item(QString())});
}

QTEST_MAIN(tst_SessionsPanel)
#include "tst_sessionspanel.moc"
