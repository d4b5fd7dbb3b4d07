// SPDX-License-Identifier: MIT
#include "eventrowdelegate.h"

#include "darkpalette.h"
#include "eventrecord.h"
#include "eventtablemodel.h"
#include "jsonhighlighter.h"
#include "noticebar.h"

#include <QLabel>
#include <QStandardItemModel>
#include <QTableView>
#include <QTest>

class tst_EventRowDelegate : public QObject
{
    Q_OBJECT
private slots:
    void marksReadOnLightAndDark_data();
    void marksReadOnLightAndDark();
    void nullIsDimmed();
    void jsonColoursReadOnTheirPalette();
    void noticeReadsOnADarkPalette();
};

namespace {

enum Case { Duplicate, Skipped, Gap, Pruned, Unknown };

} // namespace

void tst_EventRowDelegate::marksReadOnLightAndDark_data()
{
    QTest::addColumn<bool>("dark");
    QTest::addColumn<int>("which");
    for (const bool dark : {false, true}) {
        const char *p = dark ? "dark" : "light";
        QTest::addRow("%s duplicate", p) << dark << int(Duplicate);
        QTest::addRow("%s skipped", p) << dark << int(Skipped);
        QTest::addRow("%s gap", p) << dark << int(Gap);
        QTest::addRow("%s pruned", p) << dark << int(Pruned);
        QTest::addRow("%s unknown type", p) << dark << int(Unknown);
    }
}

void tst_EventRowDelegate::marksReadOnLightAndDark()
{
    QFETCH(bool, dark);
    QFETCH(int, which);
    QStandardItemModel model(1, EventTableModel::ColumnCount);
    const int column = which == Unknown ? EventTableModel::TypeColumn : EventTableModel::SeqColumn;
    QStandardItem *item = new QStandardItem(QStringLiteral("42"));
    const int flags = which == Duplicate ? EventRecord::DuplicateSeq
                      : which == Skipped ? EventRecord::BadTimestamp
                      : which == Gap     ? EventRecord::GapBefore
                      : which == Unknown ? EventRecord::UnknownType
                                         : 0;
    item->setData(flags, EventTableModel::FlagsRole);
    item->setData(which == Pruned, EventTableModel::WouldBePrunedRole);
    model.setItem(0, column, item);
    QTableView view;
    view.setPalette(dark ? TestPalettes::dark() : TestPalettes::light());
    view.setModel(&model);
    EventRowDelegate delegate;
    QStyleOptionViewItem option;
    option.initFrom(&view);
    delegate.initStyleOption(&option, model.index(0, column));
    const QColor base = view.palette().color(QPalette::Base);
    const QColor background =
        option.backgroundBrush.style() == Qt::NoBrush ? base : option.backgroundBrush.color();
    const QColor text = option.palette.color(QPalette::Text);
    if (which != Unknown) {
        // The mark shows: the background differs from the view's.
        QVERIFY2(TestPalettes::contrast(background, base) > 1.1,
                 qPrintable(background.name() + QLatin1Char(' ') + base.name()));
        // And stays on the palette's side: dark stays dark.
        QCOMPARE(background.lightness() < 128, dark);
    }
    // Text on it reads: full text as body text, dimmed text (pruned, unknown type) as a hint.
    const double needed = which == Pruned || which == Unknown ? 2.5 : 4.5;
    QVERIFY2(TestPalettes::contrast(text, background) >= needed,
             qPrintable(QStringLiteral("%1 on %2: %3")
                            .arg(text.name(), background.name())
                            .arg(TestPalettes::contrast(text, background))));
}

void tst_EventRowDelegate::nullIsDimmed()
{
    QStandardItemModel model(1, EventTableModel::ColumnCount + 1);
    auto *null = new QStandardItem(QStringLiteral("null"));
    null->setData(int(FieldValue::Kind::Null), EventTableModel::FieldKindRole);
    auto *string = new QStandardItem(QStringLiteral("null"));
    string->setData(int(FieldValue::Kind::String), EventTableModel::FieldKindRole);
    model.setItem(0, EventTableModel::ColumnCount, null);
    model.setItem(0, 0, string);
    for (const QPalette &palette : {TestPalettes::light(), TestPalettes::dark()}) {
        QTableView view;
        view.setPalette(palette);
        view.setModel(&model);
        EventRowDelegate delegate;
        QStyleOptionViewItem a, b;
        a.initFrom(&view);
        b.initFrom(&view);
        delegate.initStyleOption(&a, model.index(0, EventTableModel::ColumnCount));
        delegate.initStyleOption(&b, model.index(0, 0));
        QCOMPARE(a.palette.color(QPalette::Text), palette.color(QPalette::PlaceholderText));
        QCOMPARE(b.palette.color(QPalette::Text),
                 palette.color(QPalette::Text)); // the string "null" is not dimmed
    }
}

void tst_EventRowDelegate::jsonColoursReadOnTheirPalette()
{
    for (const QPalette &palette : {TestPalettes::light(), TestPalettes::dark()}) {
        const JsonColours c = JsonColours::forPalette(palette);
        const QColor base = palette.color(QPalette::Base);
        for (const QColor &colour : {c.key, c.string, c.number, c.literal, c.link})
            QVERIFY2(TestPalettes::contrast(colour, base) >= 4.5,
                     qPrintable(colour.name() + QStringLiteral(" on ") + base.name()));
    }
}

void tst_EventRowDelegate::noticeReadsOnADarkPalette()
{
    for (const QPalette &palette : {TestPalettes::light(), TestPalettes::dark()}) {
        NoticeBar bar;
        bar.setPalette(palette);
        for (const NoticeBar::Kind kind : {NoticeBar::Kind::Info, NoticeBar::Kind::Error}) {
            bar.showMessage(QStringLiteral("3 files pruned"), kind);
            bar.ensurePolished();
            const QString sheet = bar.styleSheet();
            const QColor background(
                sheet.section(QStringLiteral("background: "), 1).section(QLatin1Char(';'), 0, 0));
            const QColor text(sheet.section(QStringLiteral("color: "), 1).section(QLatin1Char(';'), 0, 0));
            QVERIFY2(background.isValid() && text.isValid(), qPrintable(sheet));
            QCOMPARE(background.lightness() < 128, palette.color(QPalette::Base).lightness() < 128);
            QVERIFY2(TestPalettes::contrast(text, background) >= 4.5, qPrintable(sheet));
        }
    }
}

QTEST_MAIN(tst_EventRowDelegate)
#include "tst_eventrowdelegate.moc"
