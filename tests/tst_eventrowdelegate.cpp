// SPDX-License-Identifier: MIT
#include "eventrowdelegate.h"

#include "darkpalette.h"
#include "eventrecord.h"
#include "eventtablemodel.h"
#include "jsonhighlighter.h"
#include "noticebar.h"

#include <QLabel>
#include <QPainter>
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
    void textWithoutShapingLandsWhereShapedTextDoes_data();
    void textWithoutShapingLandsWhereShapedTextDoes();
    void longTextIsElidedInsideItsCell_data();
    void longTextIsElidedInsideItsCell();
};

namespace {

enum Case { Duplicate, Skipped, Gap, Pruned, Unknown };

// The cell drawn by the delegate into a white image: text in black, no selection.
QImage paintCell(const QString &text, int width, Qt::TextElideMode mode = Qt::ElideRight)
{
    QStandardItemModel model(1, 1);
    model.setItem(0, 0, new QStandardItem(text));
    QTableView view; // a widget for the style and the palette
    EventRowDelegate delegate;
    QStyleOptionViewItem option;
    option.initFrom(&view);
    option.widget = &view;
    option.rect = QRect(0, 0, width, 24);
    option.textElideMode = mode;
    option.palette.setColor(QPalette::Text, Qt::black);
    QImage image(width, 24, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    QPainter painter(&image);
    delegate.paint(&painter, option, model.index(0, 0));
    return image;
}

// The columns that have ink (anything darker than light grey).
std::pair<int, int> inkColumns(const QImage &image)
{
    int first = -1, last = -1;
    for (int x = 0; x < image.width(); ++x) {
        for (int y = 0; y < image.height(); ++y) {
            if (qGray(image.pixel(x, y)) < 160) {
                if (first < 0)
                    first = x;
                last = x;
                break;
            }
        }
    }
    return {first, last};
}

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

void tst_EventRowDelegate::textWithoutShapingLandsWhereShapedTextDoes_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("ascii") << QStringLiteral("2026-11-28 10:44:33.491 message_appended");
    QTest::newRow("latin") << QStringLiteral("café naïve über résumé");
    QTest::newRow("arrows") << QStringLiteral("item-1 → in_progress");
}

void tst_EventRowDelegate::textWithoutShapingLandsWhereShapedTextDoes()
{
    // Laid out from the font's glyph table, the text spans what the font's own shaping makes of it: the same
    // start, and an end within a few pixels (shaping may kern).
    QFETCH(QString, text);
    const QImage cell = paintCell(text, 600);
    const auto [first, last] = inkColumns(cell);
    QVERIFY(first >= 0);
    const QFontMetrics fm(QTableView().font());
    const int margin = QTableView().style()->pixelMetric(QStyle::PM_FocusFrameHMargin) + 1;
    QImage shaped(600, 24, QImage::Format_ARGB32_Premultiplied);
    shaped.fill(Qt::white);
    {
        QPainter painter(&shaped);
        painter.setFont(QTableView().font());
        painter.setPen(Qt::black);
        painter.drawText(QRect(2 * margin, 0, 600, 24), Qt::AlignLeft | Qt::AlignVCenter, text);
    }
    const auto [shapedFirst, shapedLast] = inkColumns(shaped);
    QVERIFY(qAbs(first - shapedFirst) <= 1);
    QVERIFY2(qAbs(last - shapedLast) <= 3,
             qPrintable(QStringLiteral("%1 against %2").arg(last).arg(shapedLast)));
    Q_UNUSED(fm);
}

void tst_EventRowDelegate::longTextIsElidedInsideItsCell_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("mode");
    const QString ascii = QStringLiteral("assistant: ") + QString(400, QLatin1Char('x'));
    const QString cjk = QStringLiteral("assistant: 日本語 ") + QString(400, QLatin1Char('x'));
    QTest::newRow("ascii, right") << ascii << int(Qt::ElideRight);
    QTest::newRow("ascii, left") << ascii << int(Qt::ElideLeft);
    QTest::newRow("ascii, middle") << ascii << int(Qt::ElideMiddle);
    QTest::newRow("shaped, right") << cjk << int(Qt::ElideRight);
    QTest::newRow("shaped, left") << cjk << int(Qt::ElideLeft);
    QTest::newRow("tabs") << QStringLiteral("a\tb\t") + QString(400, QLatin1Char('y')) << int(Qt::ElideRight);
}

void tst_EventRowDelegate::longTextIsElidedInsideItsCell()
{
    // Elided, the text fills its cell to the margin and no further, whichever way it is laid out, and the end
    // it leaves out is an ellipsis: three dots on the baseline, where a letter would have ink above it.
    QFETCH(QString, text);
    QFETCH(int, mode);
    const int width = 150;
    const QImage cell = paintCell(text, width, Qt::TextElideMode(mode));
    const auto [first, last] = inkColumns(cell);
    const int margin = QTableView().style()->pixelMetric(QStyle::PM_FocusFrameHMargin) + 1;
    const QFontMetrics fm(QTableView().font());
    QVERIFY(first >= 2 * margin - 1);
    QVERIFY2(last <= width - 2 * margin, qPrintable(QString::number(last)));
    QVERIFY2(last >= width - 2 * margin - fm.averageCharWidth() * 3, qPrintable(QString::number(last)));
    if (mode == Qt::ElideMiddle)
        return;
    const int dots = fm.horizontalAdvance(QChar(0x2026)) - 2;
    const int from = mode == Qt::ElideRight ? last - dots + 1 : first;
    const int baseline = (cell.height() - fm.height()) / 2 + fm.ascent();
    for (int x = from; x < from + dots; ++x)
        for (int y = 0; y < baseline - fm.xHeight() / 2; ++y)
            QVERIFY2(qGray(cell.pixel(x, y)) >= 160,
                     qPrintable(QStringLiteral("ink at %1,%2").arg(x).arg(y)));
}

QTEST_MAIN(tst_EventRowDelegate)
#include "tst_eventrowdelegate.moc"
