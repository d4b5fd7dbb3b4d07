// SPDX-License-Identifier: MIT
#include "filterbar.h"

#include "journalfilename.h"
#include "timestamp.h"

#include <QCheckBox>
#include <QCompleter>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QStringListModel>
#include <QToolButton>

namespace {

std::optional<quint64> seqOf(const QLineEdit *edit, bool *bad)
{
    const QByteArray text = edit->text().trimmed().toUtf8();
    if (text.isEmpty())
        return std::nullopt;
    const auto v = JournalFileName::parseU64(std::string_view(text.constData(), size_t(text.size())));
    *bad = *bad || !v;
    return v;
}

std::optional<qint64> timeOf(const QLineEdit *edit, bool *bad)
{
    const QByteArray text = edit->text().trimmed().toUtf8();
    if (text.isEmpty())
        return std::nullopt;
    auto v = Timestamp::parse(std::string_view(text.constData(), size_t(text.size())));
    if (!v) // a date alone means its start, UTC
        v = Timestamp::parse(QByteArray(text + "T00:00:00Z").toStdString());
    *bad = *bad || !v;
    return v;
}

void markValid(QLineEdit *edit, bool valid)
{
    edit->setStyleSheet(valid ? QString() : QStringLiteral("QLineEdit { background: #ffe0e0; }"));
}

} // namespace

FilterBar::FilterBar(QWidget *parent)
    : QWidget(parent)
    , m_from(new QLineEdit(this))
    , m_to(new QLineEdit(this))
    , m_session(new QLineEdit(this))
    , m_types(new QToolButton(this))
    , m_after(new QLineEdit(this))
    , m_before(new QLineEdit(this))
    , m_text(new QLineEdit(this))
    , m_ignoreCase(new QCheckBox(tr("Aa"), this))
    , m_count(new QLabel(this))
    , m_sessionNames(new QStringListModel(this))
{
    m_from->setPlaceholderText(tr("seq from"));
    m_to->setPlaceholderText(tr("seq to"));
    m_session->setPlaceholderText(tr("session"));
    m_after->setPlaceholderText(tr("after (time)"));
    m_after->setToolTip(tr("RFC 3339, or a date (UTC midnight)"));
    m_before->setPlaceholderText(tr("before (time)"));
    m_before->setToolTip(tr("RFC 3339, or a date (UTC midnight)"));
    m_text->setPlaceholderText(tr("text in the line (Ctrl+F, /)"));
    m_text->setClearButtonEnabled(true);
    m_text->setObjectName(QStringLiteral("filterText"));
    m_session->setObjectName(QStringLiteral("filterSession"));
    m_from->setObjectName(QStringLiteral("filterFrom"));
    m_to->setObjectName(QStringLiteral("filterTo"));
    m_ignoreCase->setToolTip(tr("Ignore ASCII case in the text"));
    m_ignoreCase->setChecked(true);
    for (QLineEdit *e : {m_from, m_to})
        e->setMaximumWidth(80);
    for (QLineEdit *e : {m_after, m_before})
        e->setMaximumWidth(130);
    m_session->setMaximumWidth(120);
    m_text->setMinimumWidth(160);
    auto *completer = new QCompleter(m_sessionNames, this);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    completer->setFilterMode(Qt::MatchContains);
    m_session->setCompleter(completer);
    m_types->setText(tr("All types"));
    m_types->setPopupMode(QToolButton::InstantPopup);
    m_types->setMenu(new QMenu(m_types));
    m_types->setObjectName(QStringLiteral("filterTypes"));

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 2);
    layout->addWidget(m_from);
    layout->addWidget(m_to);
    layout->addWidget(m_session);
    layout->addWidget(m_types);
    layout->addWidget(m_after);
    layout->addWidget(m_before);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_ignoreCase);
    layout->addWidget(m_count);

    m_debounce.setSingleShot(true);
    m_debounce.setInterval(250);
    connect(&m_debounce, &QTimer::timeout, this, [this] { Q_EMIT filterChanged(filter()); });
    for (QLineEdit *e : {m_from, m_to, m_session, m_after, m_before, m_text})
        connect(e, &QLineEdit::textChanged, this, &FilterBar::edited);
    connect(m_ignoreCase, &QCheckBox::toggled, this, &FilterBar::edited);
}

void FilterBar::edited()
{
    bool bad = false;
    seqOf(m_from, &bad);
    markValid(m_from, !bad);
    bad = false;
    seqOf(m_to, &bad);
    markValid(m_to, !bad);
    bad = false;
    timeOf(m_after, &bad);
    markValid(m_after, !bad);
    bad = false;
    timeOf(m_before, &bad);
    markValid(m_before, !bad);
    m_debounce.start();
}

EventFilter FilterBar::filter() const
{
    EventFilter f;
    bool bad = false;
    f.seqFrom = seqOf(m_from, &bad);
    f.seqTo = seqOf(m_to, &bad);
    f.after = timeOf(m_after, &bad);
    f.before = timeOf(m_before, &bad);
    const QString session = m_session->text().trimmed();
    if (!session.isEmpty())
        f.sessions = {session};
    f.types = m_checkedTypes;
    f.contains = m_text->text().toUtf8();
    f.ignoreCase = m_ignoreCase->isChecked();
    return f;
}

void FilterBar::setSessions(const QStringList &sessions)
{
    m_sessionNames->setStringList(sessions);
}

void FilterBar::setTypes(const QStringList &types)
{
    if (types == m_knownTypes)
        return;
    m_knownTypes = types;
    QMenu *menu = m_types->menu();
    menu->clear();
    for (const QString &type : types) {
        QAction *a = menu->addAction(type);
        a->setCheckable(true);
        a->setChecked(m_checkedTypes.contains(type));
        connect(a, &QAction::toggled, this, [this, type](bool on) {
            if (on)
                m_checkedTypes.append(type);
            else
                m_checkedTypes.removeAll(type);
            m_types->setText(m_checkedTypes.isEmpty() ? tr("All types")
                             : m_checkedTypes.size() == 1
                                 ? m_checkedTypes.first()
                                 : tr("%n types", nullptr, int(m_checkedTypes.size())));
            m_debounce.start();
        });
    }
}

void FilterBar::setSession(const QString &session)
{
    m_session->setText(session);
    m_debounce.stop();
    Q_EMIT filterChanged(filter());
}

void FilterBar::setTimeRange(qint64 fromNanos, qint64 toNanos)
{
    m_after->setText(QString::fromLatin1(Timestamp::format(fromNanos)));
    m_before->setText(QString::fromLatin1(Timestamp::format(toNanos)));
    m_debounce.stop();
    Q_EMIT filterChanged(filter());
}

void FilterBar::setMatchCount(qint64 matches, qint64 total, bool busy)
{
    m_count->setText(busy                 ? tr("filtering…")
                     : filter().isEmpty() ? tr("%1 events").arg(total)
                                          : tr("%1 of %2").arg(matches).arg(total));
}

void FilterBar::focusText()
{
    m_text->setFocus(Qt::ShortcutFocusReason);
    m_text->selectAll();
}

void FilterBar::clear()
{
    for (QLineEdit *e : {m_from, m_to, m_session, m_after, m_before, m_text})
        e->clear();
    for (QAction *a : m_types->menu()->actions())
        a->setChecked(false);
    m_debounce.stop();
    Q_EMIT filterChanged(filter());
}
