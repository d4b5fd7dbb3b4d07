// SPDX-License-Identifier: MIT
#include "savedquerymodel.h"

#include <QAbstractItemModelTester>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

class tst_SavedQueryModel : public QObject
{
    Q_OBJECT
private slots:
    void saveRenameColourDelete();
    void keptAcrossInstances();
    void badSettingsAreSkipped();
};

void tst_SavedQueryModel::saveRenameColourDelete()
{
    QTemporaryDir dir;
    SavedQueryModel m(nullptr, dir.filePath(QStringLiteral("s.ini")));
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(m.rowCount(), 0);
    QCOMPARE(m.save(QStringLiteral("  "), QStringLiteral("seq > 1")), -1);
    QCOMPARE(m.save(QStringLiteral("big runs"), QStringLiteral("event.usage.total_tokens > 10000")), 0);
    QCOMPARE(m.save(QStringLiteral("errors"), QStringLiteral("type = error")), 1);
    QCOMPARE(m.rowCount(), 2);
    QCOMPARE(m.index(0).data().toString(), QStringLiteral("big runs"));
    QCOMPARE(m.index(0).data(SavedQueryModel::QueryRole).toString(),
             QStringLiteral("event.usage.total_tokens > 10000"));
    // Each gets its own colour.
    QVERIFY(m.index(0).data(SavedQueryModel::ColourRole).toString() !=
            m.index(1).data(SavedQueryModel::ColourRole).toString());
    // The same name replaces.
    QSignalSpy changed(&m, &QAbstractItemModel::dataChanged);
    QCOMPARE(m.save(QStringLiteral("errors"), QStringLiteral("type in (error, cancelled)")), 1);
    QCOMPARE(m.rowCount(), 2);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(m.queries().at(1).query, QStringLiteral("type in (error, cancelled)"));
    // Renames: not to an empty or a taken name.
    QVERIFY(!m.rename(1, QStringLiteral("big runs")));
    QVERIFY(!m.rename(1, QString()));
    QVERIFY(m.rename(1, QStringLiteral("ended badly")));
    QCOMPARE(m.find(QStringLiteral("ended badly")), 1);
    QVERIFY(m.setData(m.index(0), QStringLiteral("tokens"), Qt::EditRole));
    QCOMPARE(m.queries().at(0).name, QStringLiteral("tokens"));
    QVERIFY(!m.setData(m.index(0), QStringLiteral("red"), SavedQueryModel::ColourRole));
    QVERIFY(m.setData(m.index(0), QStringLiteral("#112233"), SavedQueryModel::ColourRole));
    QCOMPARE(m.queries().at(0).colour, QStringLiteral("#112233"));
    m.setOnTimeline(0, true);
    QVERIFY(m.index(0).data(SavedQueryModel::TimelineRole).toBool());
    m.remove(1);
    QCOMPARE(m.rowCount(), 1);
    m.remove(5); // nothing there
    QCOMPARE(m.rowCount(), 1);
}

void tst_SavedQueryModel::keptAcrossInstances()
{
    QTemporaryDir dir;
    const QString ini = dir.filePath(QStringLiteral("s.ini"));
    {
        SavedQueryModel m(nullptr, ini);
        m.save(QStringLiteral("a"), QStringLiteral("seq > 1"));
        m.save(QStringLiteral("b"), QStringLiteral("type = error"));
        m.setColour(1, QStringLiteral("#AABBCC"));
        m.setOnTimeline(1, true);
        m.remove(0);
    }
    SavedQueryModel again(nullptr, ini);
    QAbstractItemModelTester tester(&again, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(again.rowCount(), 1);
    QCOMPARE(again.queries().at(0).name, QStringLiteral("b"));
    QCOMPARE(again.queries().at(0).query, QStringLiteral("type = error"));
    QCOMPARE(again.queries().at(0).colour, QStringLiteral("#aabbcc"));
    QVERIFY(again.queries().at(0).timeline);
}

void tst_SavedQueryModel::badSettingsAreSkipped()
{
    QTemporaryDir dir;
    const QString ini = dir.filePath(QStringLiteral("s.ini"));
    {
        QSettings s(ini, QSettings::IniFormat);
        s.beginWriteArray(QStringLiteral("savedQueries"), 3);
        s.setArrayIndex(0);
        s.setValue(QStringLiteral("name"), QString());
        s.setValue(QStringLiteral("query"), QStringLiteral("seq > 1"));
        s.setArrayIndex(1);
        s.setValue(QStringLiteral("name"), QStringLiteral("x"));
        s.setValue(QStringLiteral("query"), QStringLiteral("seq > 2"));
        s.setValue(QStringLiteral("colour"), QStringLiteral("not a colour"));
        s.setArrayIndex(2);
        s.setValue(QStringLiteral("name"), QStringLiteral("x"));
        s.setValue(QStringLiteral("query"), QStringLiteral("seq > 3"));
        s.endArray();
    }
    SavedQueryModel m(nullptr, ini);
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(m.rowCount(), 1);
    QCOMPARE(m.queries().at(0).query, QStringLiteral("seq > 2"));
    QVERIFY(SavedQueryModel::palette().contains(m.queries().at(0).colour));
}

QTEST_GUILESS_MAIN(tst_SavedQueryModel)
#include "tst_savedquerymodel.moc"
