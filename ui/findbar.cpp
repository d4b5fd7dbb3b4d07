// SPDX-License-Identifier: MIT
#include "findbar.h"

#include <QAction>
#include <QCheckBox>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QToolButton>

FindBar::FindBar(QWidget *parent)
    : QWidget(parent)
    , m_text(new QLineEdit(this))
    , m_regex(new QToolButton(this))
    , m_matchCase(new QCheckBox(tr("Aa"), this))
    , m_previous(new QToolButton(this))
    , m_next(new QToolButton(this))
    , m_count(new QLabel(this))
    , m_note(new QLabel(this))
    , m_close(new QToolButton(this))
{
    setObjectName(QStringLiteral("findBar"));
    m_text->setObjectName(QStringLiteral("findText"));
    m_text->setPlaceholderText(tr("find in the lines, without filtering (n, N, F3)"));
    m_text->setAccessibleName(tr("Find text"));
    m_text->setClearButtonEnabled(true);
    m_regex->setObjectName(QStringLiteral("findRegex"));
    m_regex->setText(QStringLiteral(".*"));
    m_regex->setCheckable(true);
    m_regex->setToolTip(tr("Regular expression (Perl syntax)"));
    m_regex->setAccessibleName(tr("Regular expression"));
    m_matchCase->setObjectName(QStringLiteral("findMatchCase"));
    m_matchCase->setToolTip(tr("Match case: when off, the text matches in any case"));
    m_matchCase->setAccessibleName(tr("Match case"));
    m_previous->setObjectName(QStringLiteral("findPrevious"));
    m_previous->setText(QStringLiteral("‹"));
    m_previous->setToolTip(tr("Previous match (N, Shift+F3)"));
    m_previous->setAccessibleName(tr("Previous match"));
    m_next->setObjectName(QStringLiteral("findNext"));
    m_next->setText(QStringLiteral("›"));
    m_next->setToolTip(tr("Next match (n, F3)"));
    m_next->setAccessibleName(tr("Next match"));
    m_count->setObjectName(QStringLiteral("findCount"));
    m_count->setAccessibleName(tr("Matches"));
    m_count->setMinimumWidth(m_count->fontMetrics().horizontalAdvance(QStringLiteral("888,888 of 888,888")) +
                             8);
    m_note->setObjectName(QStringLiteral("findNote"));
    m_note->setAccessibleName(tr("Find notice"));
    m_note->setStyleSheet(QStringLiteral("QLabel { color: #8a5a00; }"));
    m_close->setObjectName(QStringLiteral("findClose"));
    m_close->setText(QStringLiteral("×"));
    m_close->setAutoRaise(true);
    m_close->setToolTip(tr("Close the find bar (Escape)"));
    m_close->setAccessibleName(tr("Close the find bar"));

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 2);
    layout->setSpacing(4);
    auto *label = new QLabel(tr("Find:"), this);
    label->setBuddy(m_text);
    layout->addWidget(label);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_regex);
    layout->addWidget(m_matchCase);
    layout->addWidget(m_previous);
    layout->addWidget(m_next);
    layout->addWidget(m_count);
    layout->addWidget(m_note);
    layout->addWidget(m_close);

    m_debounce.setSingleShot(true);
    m_debounce.setInterval(200);
    connect(&m_debounce, &QTimer::timeout, this, &FindBar::apply);
    connect(m_text, &QLineEdit::textChanged, this, [this] { m_debounce.start(); });
    connect(m_regex, &QToolButton::toggled, this, [this] { m_debounce.start(); });
    connect(m_matchCase, &QCheckBox::toggled, this, [this] { m_debounce.start(); });
    connect(m_next, &QToolButton::clicked, this, [this] {
        apply();
        Q_EMIT nextRequested();
    });
    connect(m_previous, &QToolButton::clicked, this, [this] {
        apply();
        Q_EMIT previousRequested();
    });
    connect(m_close, &QToolButton::clicked, this, [this] {
        hide();
        Q_EMIT closed();
    });
    m_text->installEventFilter(this);
    if (auto *clear = m_text->findChild<QAction *>(QStringLiteral("_q_qlineeditclearaction")))
        clear->setText(tr("Clear %1").arg(m_text->accessibleName()));
}

bool FindBar::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_text && event->type() == QEvent::ShortcutOverride) {
        // The window's Ctrl/Alt shortcuts and F3 win over the line edit's own keys.
        auto *key = static_cast<QKeyEvent *>(event);
        if ((key->modifiers() & (Qt::ControlModifier | Qt::AltModifier | Qt::MetaModifier)) ||
            key->key() == Qt::Key_F3) {
            const QKeySequence pressed(key->keyCombination());
            const QList<QAction *> actions = window()->findChildren<QAction *>();
            for (const QAction *action : actions) {
                if (action->isEnabled() && action->shortcuts().contains(pressed)) {
                    event->ignore();
                    return true;
                }
            }
        }
    }
    if (watched == m_text && event->type() == QEvent::KeyPress) {
        auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) {
            m_debounce.stop();
            apply();
            if (key->modifiers() & Qt::ShiftModifier)
                Q_EMIT previousRequested();
            else
                Q_EMIT nextRequested();
            return true;
        }
        if (key->key() == Qt::Key_Escape) {
            hide();
            Q_EMIT closed();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

FindQuery FindBar::query() const
{
    FindQuery q;
    q.text = m_text->text();
    q.regex = m_regex->isChecked();
    q.matchCase = m_matchCase->isChecked();
    return q;
}

void FindBar::apply()
{
    m_debounce.stop();
    const FindQuery q = query();
    if (q == m_applied)
        return;
    m_applied = q;
    m_note->clear();
    Q_EMIT queryChanged(q);
}

void FindBar::open()
{
    const bool wasHidden = isHidden();
    show();
    m_text->setFocus(Qt::ShortcutFocusReason);
    m_text->selectAll();
    if (wasHidden && !m_applied.isEmpty()) {
        // Closing ended the find; opening again resumes it.
        m_applied = FindQuery();
        apply();
    }
}

void FindBar::setStatus(const QString &count, const QString &note)
{
    m_count->setText(count);
    m_count->setToolTip(count);
    m_count->setStyleSheet(QString());
    m_note->setText(note);
}

void FindBar::setError(const QString &error)
{
    m_count->setText(tr("invalid: %1").arg(error));
    m_count->setToolTip(m_count->text());
    m_count->setStyleSheet(QStringLiteral("QLabel { color: #b00020; }"));
}

QString FindBar::countText() const
{
    return m_count->text();
}

QString FindBar::noteText() const
{
    return m_note->text();
}
