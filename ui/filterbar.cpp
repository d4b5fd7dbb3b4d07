// SPDX-License-Identifier: MIT
#include "filterbar.h"

#include "flowlayout.h"
#include "journalfilename.h"
#include "latestjob.h"
#include "palettecolours.h"
#include "querycompletionmodel.h"
#include "savedquerymodel.h"
#include "timestamp.h"

#include <QAbstractItemView>
#include <QAction>
#include <QCheckBox>
#include <QColorDialog>
#include <QCompleter>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QPainter>
#include <QPixmap>
#include <QSignalBlocker>
#include <QStringListModel>
#include <QToolButton>

#include <algorithm>
#include <limits>

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
           a.before == b.before && a.contains == b.contains && a.where == b.where &&
           ((a.contains.isEmpty() && !a.where.contains(QLatin1Char('"'))) || a.ignoreCase == b.ignoreCase);
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
    , m_query(new QLineEdit(this))
    , m_saved(new QToolButton(this))
    , m_queryError(new QLabel(this))
    , m_queryCompleter(new QCompleter(this))
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

    m_query->setObjectName(QStringLiteral("filterQuery"));
    // Long generated queries (a pasted list of thousands of ids) are kept whole, not cut at 32,767.
    m_query->setMaxLength(std::numeric_limits<int>::max());
    m_query->setPlaceholderText(tr("query: type = complete and event.usage.total_tokens > 10000"));
    m_query->setToolTip(tr("Fields: seq, ts, session, type, file, event.NAME…; = != < <= > >= ~ in exists; "
                           "and, or, not; \"text\" searches the line"));
    m_query->setAccessibleName(tr("Query"));
    m_query->setClearButtonEnabled(true);
    m_query->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    m_query->setMinimumWidth(m_text->minimumWidth());
    m_saved->setObjectName(QStringLiteral("filterSavedQueries"));
    m_saved->setText(tr("Saved"));
    m_saved->setToolTip(tr("Saved queries"));
    m_saved->setAccessibleName(tr("Saved queries"));
    m_saved->setPopupMode(QToolButton::InstantPopup);
    m_saved->setMenu(new QMenu(m_saved));
    connect(m_saved->menu(), &QMenu::aboutToShow, this, &FilterBar::rebuildSavedMenu);
    m_queryError->setObjectName(QStringLiteral("filterQueryError"));
    m_queryError->setStyleSheet(QStringLiteral("QLabel { color: #b00020; }"));
    m_queryError->setTextFormat(Qt::RichText);
    m_queryError->hide();
    connect(m_queryError, &QLabel::linkActivated, this, [this] {
        const QueryError error = EventQuery::parse(m_query->text()).error();
        m_query->setFocus(Qt::OtherFocusReason);
        if (error.isError())
            m_query->setCursorPosition(error.position);
    });
    m_queryCompleter->setWidget(m_query);
    m_queryCompleter->setCompletionMode(QCompleter::PopupCompletion);
    m_queryCompleter->setCaseSensitivity(Qt::CaseInsensitive);
    m_queryCompleter->setFilterMode(Qt::MatchContains);
    m_queryCompleter->setMaxVisibleItems(12);
    m_queryCompleter->popup()->setAccessibleName(tr("Query completions"));
    connect(m_queryCompleter, qOverload<const QModelIndex &>(&QCompleter::activated), this,
            [this](const QModelIndex &index) {
                insertCompletion(index.data(QueryCompletionModel::InsertRole).toString());
            });
    connect(m_query, &QLineEdit::textEdited, this, &FilterBar::offerCompletion);
    connect(m_query, &QLineEdit::textChanged, this, &FilterBar::queryEdited);
    connect(m_query, &QLineEdit::returnPressed, this, [this] {
        if (m_queryCompleter->popup()->isVisible())
            return;
        m_debounce.stop();
        apply();
    });
    m_query->installEventFilter(this);

    auto *layout = new FlowLayout(this);
    layout->setContentsMargins(4, 2, 4, 2);
    layout->setSpacing(6);
    layout->addWidget(group(this, {m_from, m_to}));
    layout->addWidget(group(this, {m_sessionNot, m_session, m_types}));
    layout->addWidget(m_after);
    layout->addWidget(m_before);
    layout->addWidget(group(this, {m_text, m_matchCase}, true));
    layout->addWidget(m_count);
    layout->addWidget(group(this, {m_query, m_saved}, true));
    layout->addWidget(m_queryError);
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
        if (e == m_session)
            connect(e, &QLineEdit::textEdited, this, &FilterBar::feedSessionNames);
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
    if (watched == m_session && event->type() == QEvent::FocusIn)
        feedSessionNames();
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
    return text.isEmpty() || text == noSessionText() ||
           std::binary_search(m_knownSessions.begin(), m_knownSessions.end(), text) ||
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
    const QString query = m_query->text().trimmed();
    if (!query.isEmpty() && EventQuery::parse(query).isValid())
        f.where = query;
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

void FilterBar::setSessions(const QStringList &sessions, qsizetype longest)
{
    // The list before may hold the last reference to hundreds of thousands of strings: freed on a worker.
    releaseOnWorker(std::exchange(m_knownSessions, sessions));
    if (longest < 0) {
        longest = 0;
        for (const QString &s : sessions)
            longest = std::max(longest, s.size());
    }
    m_longestSession = longest;
    // Handing a list to the completer resets it, which costs in proportion to the sessions: done when the
    // field is used, not on every count.
    m_sessionNamesStale = true;
    if (m_session->hasFocus())
        feedSessionNames();
    edited();
}

void FilterBar::feedSessionNames()
{
    if (!m_sessionNamesStale)
        return;
    m_sessionNamesStale = false;
    QStringList before = m_sessionNames->stringList();
    m_sessionNames->setStringList(m_knownSessions);
    releaseOnWorker(std::move(before));
    // The completion list as wide as the longest id, not as the field.
    QAbstractItemView *popup = m_session->completer()->popup();
    popup->setMinimumWidth(
        std::min(600, popup->fontMetrics().horizontalAdvance(QLatin1Char('m')) * int(m_longestSession) + 40));
    popup->setAccessibleName(tr("Sessions"));
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
    for (QLineEdit *e : {m_from, m_to, m_session, m_after, m_before, m_text, m_query})
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

void FilterBar::queryEdited()
{
    const QString text = m_query->text();
    QueryError error;
    EventQuery::parse(text, &error);
    markValid(m_query, !error.isError(), error.message);
    if (error.isError()) {
        m_queryError->setText(QStringLiteral("<a href=\"#column\" style=\"color: #b00020\">%1</a>")
                                  .arg(error.message.toHtmlEscaped()));
        m_queryError->setToolTip(tr("Click to go to column %1").arg(error.column));
        m_queryError->show();
    } else {
        m_queryError->clear();
        m_queryError->hide();
    }
    m_debounce.start();
}

QString FilterBar::query() const
{
    return m_query->text();
}

void FilterBar::setQuery(const QString &query)
{
    m_query->setText(query);
    m_debounce.stop();
    apply();
}

void FilterBar::addQueryTerm(const QString &term)
{
    setQuery(QueryLanguage::conjoin(m_query->text(), term));
}

QString FilterBar::queryError() const
{
    return EventQuery::parse(m_query->text()).error().message;
}

void FilterBar::focusQuery()
{
    m_query->setFocus(Qt::ShortcutFocusReason);
    m_query->selectAll();
}

void FilterBar::setCompletionModel(QueryCompletionModel *model)
{
    if (m_completions)
        disconnect(m_completions, nullptr, this, nullptr);
    m_completions = model;
    m_queryCompleter->setModel(model);
    m_queryCompleter->setCompletionRole(Qt::EditRole);
    if (model)
        connect(model, &QueryCompletionModel::rowsReady, this, &FilterBar::completionsReady);
}

void FilterBar::offerCompletion()
{
    if (!m_completions)
        return;
    m_completing = QueryLanguage::completionAt(m_query->text(), m_query->cursorPosition());
    switch (m_completing.kind) {
    case QueryLanguage::Completion::None:
        m_queryCompleter->popup()->hide();
        return;
    case QueryLanguage::Completion::Path:
        m_completions->requestPaths();
        return;
    case QueryLanguage::Completion::Value:
        m_completions->requestValues(m_completing.path);
        return;
    }
}

void FilterBar::completionsReady()
{
    const bool wanted = (m_completing.kind == QueryLanguage::Completion::Path &&
                         m_completions->kind() == QueryCompletionModel::Kind::Paths) ||
                        (m_completing.kind == QueryLanguage::Completion::Value &&
                         m_completions->kind() == QueryCompletionModel::Kind::Values &&
                         m_completions->path() == m_completing.path);
    if (!wanted || !m_query->hasFocus())
        return;
    m_queryCompleter->setCompletionPrefix(m_completing.prefix);
    if (m_queryCompleter->completionCount() == 0) {
        m_queryCompleter->popup()->hide();
        return;
    }
    // Under the word being completed, as wide as the longest entry.
    const int x = m_query->fontMetrics().horizontalAdvance(m_query->text().left(m_completing.start));
    QRect rect(std::min(x, std::max(0, m_query->width() - 260)), 0, 0, m_query->height());
    rect.setWidth(std::max(260, m_queryCompleter->popup()->sizeHintForColumn(0) + 30));
    m_queryCompleter->complete(rect);
}

void FilterBar::insertCompletion(const QString &text)
{
    if (m_completing.kind == QueryLanguage::Completion::None || text.isEmpty())
        return;
    const QString current = m_query->text();
    const int cursor = m_query->cursorPosition();
    // The word being completed runs from its start to the cursor, and on over the rest of it.
    int end = cursor;
    while (end < current.size() && !current.at(end).isSpace() && current.at(end) != QLatin1Char(')') &&
           current.at(end) != QLatin1Char(','))
        ++end;
    const QString after = m_completing.kind == QueryLanguage::Completion::Value && (end >= current.size())
                              ? QStringLiteral(" ")
                              : QString();
    const QString updated = current.left(m_completing.start) + text + after + current.mid(end);
    m_query->setText(updated);
    m_query->setCursorPosition(m_completing.start + int(text.size() + after.size()));
    m_completing = {};
}

void FilterBar::setSavedQueries(SavedQueryModel *model)
{
    m_savedQueries = model;
    rebuildSavedMenu();
}

QMenu *FilterBar::savedQueriesMenu() const
{
    return m_saved->menu();
}

int FilterBar::saveQuery(const QString &name)
{
    if (!m_savedQueries)
        return -1;
    const int row = m_savedQueries->save(name, m_query->text().trimmed());
    rebuildSavedMenu();
    return row;
}

void FilterBar::applySavedQuery(int row)
{
    if (!m_savedQueries || row < 0 || row >= m_savedQueries->rowCount())
        return;
    setQuery(m_savedQueries->queries().at(row).query);
}

void FilterBar::rebuildSavedMenu()
{
    QMenu *menu = m_saved->menu();
    menu->clear();
    if (!m_savedQueries) {
        menu->addAction(tr("No saved queries"))->setEnabled(false);
        return;
    }
    const QString current = m_query->text().trimmed();
    QAction *save = menu->addAction(tr("Save Query As…"), this, [this] {
        bool ok = false;
        const QString name =
            QInputDialog::getText(this, tr("Save Query"), tr("Name:"), QLineEdit::Normal, QString(), &ok);
        if (ok)
            saveQuery(name);
    });
    save->setObjectName(QStringLiteral("saveQueryAction"));
    save->setEnabled(!current.isEmpty() && EventQuery::parse(current).isValid());
    const QList<SavedQueryModel::Saved> &saved = m_savedQueries->queries();
    if (!saved.isEmpty())
        menu->addSeparator();
    for (int row = 0; row < saved.size(); ++row) {
        const SavedQueryModel::Saved &s = saved[row];
        QPixmap swatch(12, 12);
        swatch.fill(QColor(s.colour));
        QMenu *sub = menu->addMenu(QIcon(swatch), s.name);
        sub->setToolTip(s.query);
        sub->menuAction()->setToolTip(s.query);
        sub->addAction(tr("Apply"), this, [this, row] { applySavedQuery(row); });
        sub->addAction(tr("Rename…"), this, [this, row] {
            bool ok = false;
            const QString name =
                QInputDialog::getText(this, tr("Rename Saved Query"), tr("Name:"), QLineEdit::Normal,
                                      m_savedQueries->queries().value(row).name, &ok);
            if (ok)
                m_savedQueries->rename(row, name);
        });
        sub->addAction(tr("Colour…"), this, [this, row] {
            const QColor colour = QColorDialog::getColor(QColor(m_savedQueries->queries().value(row).colour),
                                                         this, tr("Colour of the Saved Query"));
            if (colour.isValid())
                m_savedQueries->setColour(row, colour.name());
        });
        QAction *timeline = sub->addAction(tr("Show on Timeline"));
        timeline->setCheckable(true);
        timeline->setChecked(s.timeline);
        connect(timeline, &QAction::toggled, this,
                [this, row](bool on) { m_savedQueries->setOnTimeline(row, on); });
        sub->addSeparator();
        sub->addAction(tr("Delete"), this, [this, row] { m_savedQueries->remove(row); });
    }
}
