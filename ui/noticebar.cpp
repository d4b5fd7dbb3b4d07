// SPDX-License-Identifier: MIT
#include "noticebar.h"

#include "palettecolours.h"

#include <QGridLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QStyle>
#include <QToolButton>

NoticeBar::NoticeBar(QWidget *parent)
    : QFrame(parent)
    , m_text(new QLabel(this))
    , m_detailsButton(new QToolButton(this))
    , m_close(new QToolButton(this))
    , m_details(new QPlainTextEdit(this))
{
    setObjectName(QStringLiteral("notice"));
    setAccessibleName(tr("Notice"));
    m_text->setObjectName(QStringLiteral("noticeText"));
    m_text->setTextFormat(Qt::PlainText);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_text->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
    m_detailsButton->setObjectName(QStringLiteral("noticeDetails"));
    m_detailsButton->setText(tr("Details"));
    m_detailsButton->setCheckable(true);
    m_detailsButton->setAutoRaise(true);
    m_detailsButton->setAccessibleName(tr("Show the notice's details"));
    m_close->setObjectName(QStringLiteral("noticeClose"));
    m_close->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    m_close->setAutoRaise(true);
    m_close->setToolTip(tr("Dismiss"));
    m_close->setAccessibleName(tr("Dismiss the notice"));
    m_details->setObjectName(QStringLiteral("noticeDetailsText"));
    m_details->setAccessibleName(tr("Notice details"));
    m_details->setReadOnly(true);
    m_details->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_details->setMaximumHeight(m_details->fontMetrics().lineSpacing() * 6 + 8);
    m_details->hide();

    auto *layout = new QGridLayout(this);
    layout->setContentsMargins(6, 2, 2, 2);
    layout->setSpacing(4);
    layout->addWidget(m_text, 0, 0);
    layout->addWidget(m_detailsButton, 0, 1);
    layout->addWidget(m_close, 0, 2);
    layout->addWidget(m_details, 1, 0, 1, 3);
    layout->setColumnStretch(0, 1);

    connect(m_detailsButton, &QToolButton::toggled, this, &NoticeBar::setDetailsShown);
    connect(m_close, &QToolButton::clicked, this, [this] {
        dismiss();
        Q_EMIT dismissed();
    });
    hide();
}

void NoticeBar::showMessage(const QString &text, Kind kind, const QString &details)
{
    m_fullText = text;
    m_text->setToolTip(text);
    m_details->setPlainText(details);
    m_detailsButton->setVisible(!details.isEmpty());
    if (details.isEmpty())
        setDetailsShown(false);
    // A tint of the window's own colour, the text in its text colour: readable on light and dark palettes.
    const QPalette &p = QWidget::palette();
    const QColor background = PaletteColours::tint(
        p, kind == Kind::Error ? QColor(0xff, 0x30, 0x30) : QColor(0xff, 0xc8, 0x00), QPalette::Window);
    setStyleSheet(QStringLiteral("NoticeBar { background: %1; } QLabel { color: %2; }")
                      .arg(background.name(), p.color(QPalette::WindowText).name()));
    show();
    elide();
}

void NoticeBar::dismiss()
{
    m_fullText.clear();
    m_details->clear();
    setDetailsShown(false);
    hide();
}

QString NoticeBar::details() const
{
    return m_details->toPlainText();
}

bool NoticeBar::detailsShown() const
{
    return !m_details->isHidden();
}

void NoticeBar::setDetailsShown(bool shown)
{
    m_details->setVisible(shown);
    m_detailsButton->setChecked(shown);
    m_detailsButton->setText(shown ? tr("Hide details") : tr("Details"));
}

void NoticeBar::resizeEvent(QResizeEvent *event)
{
    QFrame::resizeEvent(event);
    elide();
}

void NoticeBar::elide()
{
    m_text->setText(
        m_text->fontMetrics().elidedText(m_fullText, Qt::ElideRight, std::max(0, m_text->width())));
}
