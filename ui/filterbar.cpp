// SPDX-License-Identifier: MIT
#include "filterbar.h"

#include "flowlayout.h"
#include "journalfilename.h"
#include "palettecolours.h"
#include "timestamp.h"

#include <QAbstractItemView>
#include <QAction>
#include <QCheckBox>
#include <QCompleter>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QSignalBlocker>
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

// A field's background tinted by `hue` (from its palette: readable light or dark), or its own.
QString tinted(const QLineEdit *edit, const QColor &hue)
{
    return QStringLiteral("QLineEdit { background: %1; }")
        .arg(PaletteColours::tint(edit->palette(), hue).name());
}

void markValid(QLineEdit *edit, bool valid, const QString &why = {})
{
    edit->setStyleSheet(valid ? QString() : tinted(edit, QColor(0xff, 0x30, 0x30)));
    edit->setProperty("invalidReason", valid ? QString() : why);
}

bool sameFilter(const EventFilter &a, const EventFilter &b)
{
    return a.seqFrom == b.seqFrom && a.seqTo == b.seqTo && a.sessions == b.sessions && a.types == b.types &&
           a.excludeSessions == b.excludeSessions && a.excludeTypes == b.excludeTypes && a.after == b.after &&
           a.before == b.before && a.contains == b.contains &&
           (a.contains.isEmpty() || a.ignoreCase == b.ignoreCase);
}

// A group of widgets kept together on one line of the flow.
QWidget *group(QWidget *parent, std::initializer_list<QWidget *> widgets, bool expanding = false)
{
    auto *box = new QWidget(parent);
    auto *layout = new QHBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    for (QWidget *w : widgets)
        layout->addWidget(w, w->sizePolicy().horizontalPolicy() == QSizePolicy::Expanding ? 1 : 0);
    box->setSizePolicy(expanding ? QSizePolicy::Expanding : QSizePolicy::Fixed, QSizePolicy::Fixed);
    return box;
}

} // namespace

QString FilterBar::noSessionText()
{
    return tr("(no session)");
}

FilterBar::FilterBar(QWidget *parent)
    : QWidget(parent)
    , m_from(new QLineEdit(this))
    , m_to(new QLineEdit(this))
    , m_session(new QLineEdit(this))
    , m_sessionNot(new QToolButton(this))
    , m_types(new QToolButton(this))
    , m_after(new QLineEdit(this))
    , m_before(new QLineEdit(this))
    , m_text(new QLineEdit(this))
    , m_matchCase(new QCheckBox(tr("Aa"), this))
    , m_count(new QLabel(this))
    , m_sessionNames(new QStringListModel(this))
{
    setObjectName(QStringLiteral("filterBar"));
    m_from->setPlaceholderText(tr("seq from"));
    m_to->setPlaceholderText(tr("seq to"));
    m_session->setPlaceholderText(tr("session"));
    m_session->setToolTip(tr("A session id; it applies once it is complete, or on Enter"));
    m_after->setPlaceholderText(tr("after (time)"));
    m_after->setToolTip(tr("RFC 3339, or a date (UTC midnight)"));
    m_before->setPlaceholderText(tr("before (time)"));
    m_before->setToolTip(tr("RFC 3339, or a date (UTC midnight)"));
    m_text->setPlaceholderText(tr("text in the line (Ctrl+Shift+F)"));
    m_text->setClearButtonEnabled(true);
    m_session->setClearButtonEnabled(true);
    m_text->setObjectName(QStringLiteral("filterText"));
    m_session->setObjectName(QStringLiteral("filterSession"));
    m_from->setObjectName(QStringLiteral("filterFrom"));
    m_to->setObjectName(QStringLiteral("filterTo"));
    m_after->setObjectName(QStringLiteral("filterAfter"));
    m_before->setObjectName(QStringLiteral("filterBefore"));
    m_matchCase->setObjectName(QStringLiteral("filterMatchCase"));
    m_count->setObjectName(QStringLiteral("filterCount"));
    m_from->setAccessibleName(tr("Seq from"));
    m_to->setAccessibleName(tr("Seq to"));
    m_session->setAccessibleName(tr("Session"));
    m_types->setAccessibleName(tr("Event types"));
    m_after->setAccessibleName(tr("After time"));
    m_before->setAccessibleName(tr("Before time"));
    m_text->setAccessibleName(tr("Text in the line"));
    m_matchCase->setAccessibleName(tr("Match case"));
    m_count->setAccessibleName(tr("Matching events"));
    m_matchCase->setToolTip(tr("Match case: when off, the text matches in any case"));
    m_sessionNot->setText(QStringLiteral("≠"));
    m_sessionNot->setCheckable(true);
    m_sessionNot->setObjectName(QStringLiteral("filterSessionNot"));
    m_sessionNot->setAccessibleName(tr("All sessions but this one"));
    m_sessionNot->setToolTip(tr("Checked: drop this session's events instead of showing only them"));
    connect(m_sessionNot, &QToolButton::toggled, this, [this] {
        edited();
        m_debounce.stop();
        apply();
    });
    m_matchCase->setChecked(false);

    // Widths from the text the fields hold: a seq, a session id, a full RFC 3339 timestamp.
    const QFontMetrics fm = m_from->fontMetrics();
    const int frame = 2 * 8 + 8;
    for (QLineEdit *e : {m_from, m_to})
        e->setFixedWidth(fm.horizontalAdvance(QStringLiteral("888888888888")) + frame);
    for (QLineEdit *e : {m_after, m_before})
        e->setFixedWidth(fm.horizontalAdvance(QStringLiteral("2026-11-20T09:00:01.572000931Z")) + frame);
    m_session->setFixedWidth(fm.horizontalAdvance(QStringLiteral("sess-0a1b2c3d")) + frame + 16);
    m_text->setMinimumWidth(fm.horizontalAdvance(QStringLiteral("text in the line (Ctrl+Shift+F)")) + frame +
                            16);
    m_text->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    // The count never changes the layout: room for the longest it says.
    m_count->setFixedWidth(fm.horizontalAdvance(QStringLiteral("88,888,888 of 88,888,888")) + 8);
    m_count->setAlignment(Qt::AlignRight | Qt::AlignVCenter);

    auto *completer = new QCompleter(m_sessionNames, this);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    completer->setFilterMode(Qt::MatchContains);
    m_session->setCompleter(completer);
    m_types->setText(tr("All types"));
    m_types->setPopupMode(QToolButton::InstantPopup);
    m_types->setMenu(new QMenu(m_types));
    m_types->menu()->installEventFilter(this);
    m_types->setObjectName(QStringLiteral("filterTypes"));
    m_types->setMinimumWidth(fm.horizontalAdvance(QStringLiteral("session_created")) + 30);

    auto *layout = new FlowLayout(this);
    layout->setContentsMargins(4, 2, 4, 2);
    layout->setSpacing(6);
    layout->addWidget(group(this, {m_from, m_to}));
    layout->addWidget(group(this, {m_sessionNot, m_session, m_types}));
    layout->addWidget(m_after);
    layout->addWidget(m_before);
    layout->addWidget(group(this, {m_text, m_matchCase}, true));
    layout->addWidget(m_count);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);

    m_debounce.setSingleShot(true);
    m_debounce.setInterval(250);
    connect(&m_debounce, &QTimer::timeout, this, &FilterBar::apply);
    for (QLineEdit *e : {m_from, m_to, m_session, m_after, m_before, m_text}) {
        connect(e, &QLineEdit::textChanged, this, &FilterBar::edited);
        connect(e, &QLineEdit::returnPressed, this, [this, e] {
            if (e == m_session)
                m_confirmedSession = m_session->text().trimmed();
            edited();
            m_debounce.stop();
            apply();
        });
        e->installEventFilter(this);
        // The clear button is read out as what it does.
        if (auto *clear = e->findChild<QAction *>(QStringLiteral("_q_qlineeditclearaction")))
            clear->setText(tr("Clear %1").arg(e->accessibleName()));
    }
    connect(completer, qOverload<const QString &>(&QCompleter::activated), this, [this] {
        m_debounce.stop();
        apply();
    });
    connect(m_matchCase, &QCheckBox::toggled, this, &FilterBar::edited);
}

bool FilterBar::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::ShortcutOverride && qobject_cast<QLineEdit *>(watched)) {
        // Line edits claim some Ctrl keys (Ctrl+E, end of line, among them): the window's shortcuts win.
        auto *key = static_cast<QKeyEvent *>(event);
        if (key->modifiers() & (Qt::ControlModifier | Qt::AltModifier | Qt::MetaModifier)) {
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
    if (watched == m_types->menu()) {
        // Ticking a type keeps the menu open, so several can be ticked in one go.
        QMenu *menu = m_types->menu();
        QAction *action = menu->activeAction();
        const bool toggle =
            (event->type() == QEvent::MouseButtonRelease &&
             menu->actionAt(static_cast<QMouseEvent *>(event)->position().toPoint()) == action) ||
            (event->type() == QEvent::KeyPress && (static_cast<QKeyEvent *>(event)->key() == Qt::Key_Return ||
                                                   static_cast<QKeyEvent *>(event)->key() == Qt::Key_Enter ||
                                                   static_cast<QKeyEvent *>(event)->key() == Qt::Key_Space));
        if (toggle && action && action->isCheckable() && action->isEnabled()) {
            action->trigger();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

bool FilterBar::sessionComplete(const QString &text) const
{
    return text.isEmpty() || text == noSessionText() || m_knownSessions.contains(text) ||
           text == m_confirmedSession;
}

void FilterBar::edited()
{
    bool bad = false;
    seqOf(m_from, &bad);
    markValid(m_from, !bad, tr("not a seq"));
    bad = false;
    seqOf(m_to, &bad);
    markValid(m_to, !bad, tr("not a seq"));
    bad = false;
    timeOf(m_after, &bad);
    markValid(m_after, !bad, tr("not a time"));
    bad = false;
    timeOf(m_before, &bad);
    markValid(m_before, !bad, tr("not a time"));
    const QString session = m_session->text().trimmed();
    if (session != m_confirmedSession)
        m_confirmedSession.clear();
    // A partial id is left out (marked) rather than filtering everything away while it is typed.
    const bool complete = sessionComplete(session);
    m_session->setStyleSheet(complete ? QString() : tinted(m_session, QColor(0xff, 0xc8, 0x00)));
    m_session->setToolTip(complete ? tr("A session id; it applies once it is complete, or on Enter")
                                   : tr("No session with this id yet: Enter filters by it anyway"));
    m_debounce.start();
}

void FilterBar::apply()
{
    const EventFilter f = filter();
    if (sameFilter(f, m_applied))
        return;
    m_applied = f;
    Q_EMIT filterChanged(f);
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
    QStringList sessions;
    if (session == noSessionText())
        sessions = {QString()};
    else if (!session.isEmpty() && sessionComplete(session))
        sessions = {session};
    (m_sessionNot->isChecked() ? f.excludeSessions : f.sessions) = sessions;
    (m_excludeTypes ? f.excludeTypes : f.types) = m_checkedTypes;
    f.contains = m_text->text().toUtf8();
    f.ignoreCase = !m_matchCase->isChecked();
    return f;
}

void FilterBar::setSessions(const QStringList &sessions)
{
    m_sessionNames->setStringList(sessions);
    m_knownSessions = QSet<QString>(sessions.begin(), sessions.end());
    // The completion list as wide as the longest id, not as the field.
    qsizetype longest = 0;
    for (const QString &s : sessions)
        longest = std::max(longest, s.size());
    QAbstractItemView *popup = m_session->completer()->popup();
    popup->setMinimumWidth(
        std::min(600, popup->fontMetrics().horizontalAdvance(QLatin1Char('m')) * int(longest) + 40));
    popup->setAccessibleName(tr("Sessions"));
    edited();
}

void FilterBar::setTypes(const QStringList &types)
{
    if (types == m_knownTypes)
        return;
    m_knownTypes = types;
    QMenu *menu = m_types->menu();
    menu->clear();
    QAction *all = menu->addAction(tr("All types"));
    connect(all, &QAction::triggered, this, [this] {
        m_checkedTypes.clear();
        m_excludeTypes = false;
        syncTypeActions();
        updateTypesButton();
        m_debounce.start();
    });
    m_typesExclude = menu->addAction(tr("Drop the ticked types"));
    m_typesExclude->setObjectName(QStringLiteral("filterTypesExclude"));
    m_typesExclude->setCheckable(true);
    m_typesExclude->setChecked(m_excludeTypes);
    connect(m_typesExclude, &QAction::toggled, this, [this](bool on) {
        m_excludeTypes = on;
        updateTypesButton();
        m_debounce.start();
    });
    menu->addSeparator();
    for (const QString &type : types) {
        QAction *a = menu->addAction(type);
        a->setCheckable(true);
        a->setChecked(m_checkedTypes.contains(type));
        a->setProperty("eventType", type);
        connect(a, &QAction::toggled, this, [this, type](bool on) {
            if (on && !m_checkedTypes.contains(type))
                m_checkedTypes.append(type);
            else if (!on)
                m_checkedTypes.removeAll(type);
            updateTypesButton();
            m_debounce.start();
        });
    }
}

void FilterBar::updateTypesButton()
{
    const QString types =
        m_checkedTypes.size() == 1 ? m_checkedTypes.first() : tr("%1 types").arg(m_checkedTypes.size());
    m_types->setText(m_checkedTypes.isEmpty() ? tr("All types")
                     : m_excludeTypes         ? tr("not %1").arg(types)
                                              : types);
    m_types->setToolTip(m_checkedTypes.isEmpty() ? tr("Every event type")
                        : m_excludeTypes
                            ? tr("Every type but %1").arg(m_checkedTypes.join(QStringLiteral(", ")))
                            : m_checkedTypes.join(QStringLiteral(", ")));
}

void FilterBar::syncTypeActions()
{
    const QList<QAction *> actions = m_types->menu()->actions();
    for (QAction *a : actions) {
        const QSignalBlocker block(a);
        if (a == m_typesExclude)
            a->setChecked(m_excludeTypes);
        else if (a->isCheckable())
            a->setChecked(m_checkedTypes.contains(a->property("eventType").toString()));
    }
}

void FilterBar::setType(const QString &type)
{
    m_checkedTypes = {type};
    m_excludeTypes = false;
    syncTypeActions();
    updateTypesButton();
    m_debounce.stop();
    apply();
}

void FilterBar::excludeType(const QString &type)
{
    if (m_excludeTypes || m_checkedTypes.isEmpty()) {
        m_excludeTypes = true;
        if (!m_checkedTypes.contains(type))
            m_checkedTypes.append(type);
    } else {
        m_checkedTypes.removeAll(type);
        if (m_checkedTypes.isEmpty()) { // it was the only one shown: every other type, then
            m_checkedTypes = {type};
            m_excludeTypes = true;
        }
    }
    syncTypeActions();
    updateTypesButton();
    m_debounce.stop();
    apply();
}

void FilterBar::excludeSession(const QString &session)
{
    const QSignalBlocker block(m_sessionNot);
    m_sessionNot->setChecked(true);
    m_session->setText(session.isEmpty() ? noSessionText() : session);
    m_confirmedSession = m_session->text();
    edited();
    m_debounce.stop();
    apply();
}

void FilterBar::setSession(const QString &session)
{
    const QSignalBlocker block(m_sessionNot);
    m_sessionNot->setChecked(false);
    m_session->setText(session.isEmpty() ? noSessionText() : session);
    m_confirmedSession = m_session->text();
    edited();
    m_debounce.stop();
    apply();
}

void FilterBar::clearSession()
{
    m_session->clear();
    edited();
    m_debounce.stop();
    apply();
}

void FilterBar::setTimeRange(qint64 fromNanos, qint64 toNanos)
{
    m_after->setText(QString::fromLatin1(Timestamp::format(fromNanos)));
    m_before->setText(QString::fromLatin1(Timestamp::format(toNanos)));
    m_debounce.stop();
    apply();
}

void FilterBar::setMatchCount(qint64 matches, qint64 total, bool busy)
{
    const QLocale locale;
    m_count->setText(busy ? tr("filtering…")
                     : m_applied.isEmpty()
                         ? tr("%1 events").arg(locale.toString(total))
                         : tr("%1 of %2").arg(locale.toString(matches), locale.toString(total)));
    m_count->setToolTip(m_count->text());
}

QString FilterBar::matchCountText() const
{
    return m_count->text();
}

void FilterBar::focusText()
{
    m_text->setFocus(Qt::ShortcutFocusReason);
    m_text->selectAll();
}

void FilterBar::addControl(QWidget *widget)
{
    layout()->addWidget(widget);
}

void FilterBar::clear()
{
    for (QLineEdit *e : {m_from, m_to, m_session, m_after, m_before, m_text})
        e->clear();
    {
        const QSignalBlocker block(m_sessionNot);
        m_sessionNot->setChecked(false);
    }
    m_checkedTypes.clear();
    m_excludeTypes = false;
    syncTypeActions();
    updateTypesButton();
    m_debounce.stop();
    apply();
}
