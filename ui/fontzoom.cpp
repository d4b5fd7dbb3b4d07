// SPDX-License-Identifier: MIT
#include "fontzoom.h"

#include "detailpane.h"
#include "eventtableview.h"
#include "pagedtextview.h"

#include <QAction>
#include <QHeaderView>
#include <QMenu>
#include <QPlainTextEdit>
#include <QSettings>

namespace {

const QString StepKey = QStringLiteral("view/fontStep");

} // namespace

FontZoom::FontZoom(EventTableView *table, DetailPane *detail, QObject *parent)
    : QObject(parent)
    , m_table(table)
    , m_detail(detail)
    , m_tableFont(table->font())
    , m_textFont(detail->prettyView()->editor()->font())
{}

QFont FontZoom::scaled(const QFont &base, int step)
{
    QFont font = base;
    if (base.pointSizeF() > 0)
        font.setPointSizeF(std::max(4.0, base.pointSizeF() + step));
    else if (base.pixelSize() > 0)
        font.setPixelSize(std::max(5, base.pixelSize() + step * 4 / 3));
    return font;
}

void FontZoom::addActions(QMenu *menu)
{
    QMenu *size = menu->addMenu(tr("Font &Size"));
    size->setObjectName(QStringLiteral("fontSizeMenu"));
    QAction *bigger = size->addAction(tr("&Bigger"), this, &FontZoom::bigger);
    bigger->setObjectName(QStringLiteral("fontBigger"));
    // Ctrl+= as well: on many keyboards + is Shift+=.
    bigger->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_Equal), QKeySequence(Qt::CTRL | Qt::Key_Plus)});
    QAction *smaller = size->addAction(tr("&Smaller"), this, &FontZoom::smaller);
    smaller->setObjectName(QStringLiteral("fontSmaller"));
    smaller->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Minus));
    QAction *reset = size->addAction(tr("&Reset"), this, &FontZoom::reset);
    reset->setObjectName(QStringLiteral("fontReset"));
    reset->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
    // The window's shortcuts, also when a menu or another window's part has the focus.
    for (QAction *a : {bigger, smaller, reset})
        a->setShortcutContext(Qt::WindowShortcut);
}

void FontZoom::setStep(int step)
{
    step = std::clamp(step, MinStep, MaxStep);
    if (step == m_step)
        return;
    const QFont before = m_table->font();
    m_step = step;
    const QFont tableFont = scaled(m_tableFont, m_step);
    m_table->setFont(tableFont);
    const QFontMetrics fm(tableFont);
    m_table->setRowHeight(fm.height() + 6);
    // Columns keep their share: a wider font needs as much more room.
    QHeaderView *header = m_table->horizontalHeader();
    header->setFont(tableFont);
    const qreal ratio =
        qreal(fm.averageCharWidth()) / qreal(std::max(1, QFontMetrics(before).averageCharWidth()));
    for (int column = 0; column < header->count(); ++column)
        header->resizeSection(
            column, std::max(header->minimumSectionSize(), int(header->sectionSize(column) * ratio)));
    m_detail->setTextFont(scaled(m_textFont, m_step));
    Q_EMIT stepChanged(m_step);
}

void FontZoom::save(QSettings &settings) const
{
    settings.setValue(StepKey, m_step);
}

void FontZoom::restore(const QSettings &settings)
{
    setStep(settings.value(StepKey, 0).toInt());
}
