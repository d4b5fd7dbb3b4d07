// SPDX-License-Identifier: MIT
#include "textcelldelegate.h"

#include <QPainter>
#include <QStandardItemModel>
#include <QTableView>
#include <QTest>

class tst_TextCellDelegate : public QObject
{
    Q_OBJECT
private slots:
    void textWithoutShapingLandsWhereShapedTextDoes_data();
    void textWithoutShapingLandsWhereShapedTextDoes();
    void longTextIsElidedInsideItsCell_data();
    void longTextIsElidedInsideItsCell();
    void preparedFontsDrawTheSame();
    void lineBreaksShowOnOneLine();
};

namespace {

// The cell drawn by the delegate into a white image: text in black, no selection.
QImage paintCell(const QString &text, int width, Qt::TextElideMode mode = Qt::ElideRight,
                 bool prepared = false)
{
    QStandardItemModel model(1, 1);
    model.setItem(0, 0, new QStandardItem(text));
    QTableView view; // a widget for the style and the palette
    TextCellDelegate delegate;
    if (prepared) {
        delegate.prepare(view.font(), true);
        QFont italic = view.font();
        italic.setItalic(true);
        delegate.prepare(italic, false);
    }
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

void tst_TextCellDelegate::textWithoutShapingLandsWhereShapedTextDoes_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("ascii") << QStringLiteral("2026-11-28 10:44:33.491 message_appended");
    QTest::newRow("latin") << QStringLiteral("café naïve über résumé");
    QTest::newRow("arrows") << QStringLiteral("item-1 → in_progress");
}

void tst_TextCellDelegate::textWithoutShapingLandsWhereShapedTextDoes()
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

void tst_TextCellDelegate::longTextIsElidedInsideItsCell_data()
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

void tst_TextCellDelegate::longTextIsElidedInsideItsCell()
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

void tst_TextCellDelegate::preparedFontsDrawTheSame()
{
    // Getting the fonts ready beforehand changes when the work is done, not what is drawn.
    for (const QString &text :
         {QStringLiteral("2026-11-28 10:44:33.491 message_appended"),
          QStringLiteral(u"assistant: \u2705 \u65E5\u672C\u8A9E done"), QStringLiteral("x").repeated(300)}) {
        const QImage plain = paintCell(text, 300);
        const QImage prepared = paintCell(text, 300, Qt::ElideRight, true);
        QCOMPARE(prepared, plain);
    }
}

void tst_TextCellDelegate::lineBreaksShowOnOneLine()
{
    // A cell is one line, whatever breaks its text (a session id may hold any character): each break shows
    // as a ↵, CR LF as one.
    const QImage shown = paintCell(QStringLiteral(u"first\u21b5second\u21b5third\u21b5end"), 400);
    for (const QString &text : {QStringLiteral("first\nsecond\r\nthird\rend"),
                                QStringLiteral(u"first\u2028second\u2029third\nend")})
        QCOMPARE(paintCell(text, 400), shown);
}

QTEST_MAIN(tst_TextCellDelegate)
#include "tst_textcelldelegate.moc"
