// SPDX-License-Identifier: MIT
#pragma once

#include "eventfilter.h"
#include "eventquery.h"

#include <QSet>
#include <QTimer>
#include <QWidget>

class QCheckBox;
class QCompleter;
class QLabel;
class QLineEdit;
class QMenu;
class QStringListModel;
class QToolButton;
class QueryCompletionModel;
class SavedQueryModel;

// Seq range, session (with completion; or all but that session), types (multi-select; or all but those), time
// range and text, combined. Edits are
// debounced; filterChanged() carries the whole filter, and only when it changed. Invalid input is marked in
// the field and left out; so is a session that is not (yet) a complete id, unless Enter confirms it. The
// fields flow onto more lines in a narrow window, each keeping a readable width, and the match count has a
// width of its own so the bar does not move as it changes. Window shortcuts with Ctrl or Alt reach the window
// from every field.
//
// The query field takes the query language (EventQuery; README "Queries") and combines with the other fields
// with AND. A query that does not parse is marked, its message (with the column) shown beside the field and
// the query left out until it parses; a click on the message puts the cursor at that column. Typing offers
// completion: field paths where a field goes, and after `path =`, `!=` or `in (` the path's values with their
// counts (QueryCompletionModel, computed on a worker). Saved queries (SavedQueryModel) are in the menu of the
// button beside the field: save the current query, and per saved query apply, rename, colour, show on the
// timeline, delete.
class FilterBar : public QWidget
{
    Q_OBJECT
public:
    explicit FilterBar(QWidget *parent = nullptr);

    EventFilter filter() const;
    // The session ids to complete, sorted, and the length of the longest (counted when not given).
    void setSessions(const QStringList &sessions, qsizetype longest = -1);
    void setTypes(const QStringList &types);
    // Filters by this session at once ("" for events without one).
    void setSession(const QString &session);
    // Drops the session criterion.
    void clearSession();
    // Drops this session's events ("" for events without one), at once.
    void excludeSession(const QString &session);
    // Shows only events of this type, at once.
    void setType(const QString &type);
    // Drops events of this type, at once: from the ticked types when some are ticked, else by ticking it in
    // the "drop the ticked types" mode.
    void excludeType(const QString &type);
    void setTimeRange(qint64 fromNanos, qint64 toNanos);
    void setMatchCount(qint64 matches, qint64 total, bool busy);

    // The query field. setQuery() replaces it and applies it at once.
    QString query() const;
    void setQuery(const QString &query);
    // Adds a term to the query with AND (the query in parentheses when it has a top-level "or") and applies
    // it at once: what "filter for / against this value" uses. Build the term with
    // QueryLanguage::term(path, value, negate) (or literalTerm for numbers, true, false, null), which quotes
    // the value as the language needs; e.g. addQueryTerm(QueryLanguage::term("event.tool_name", "Bash")).
    void addQueryTerm(const QString &term);
    // Why the query field's text does not parse ("expected a value after '>' at column 17"), or empty.
    QString queryError() const;
    void focusQuery();
    // Completion for the query field (not owned; may be null).
    void setCompletionModel(QueryCompletionModel *model);
    // Saved queries for the button's menu (not owned; may be null).
    void setSavedQueries(SavedQueryModel *model);
    // Saves the current query under a name (what the menu's "Save query as…" does after asking for it).
    int saveQuery(const QString &name);
    void applySavedQuery(int row);
    QMenu *savedQueriesMenu() const;
    QString matchCountText() const;
    void focusText();
    void clear();
    // Adds a control at the end of the bar (it flows with the fields).
    void addControl(QWidget *widget);

    // What the session field shows for events without a session.
    static QString noSessionText();

Q_SIGNALS:
    void filterChanged(const EventFilter &filter);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void queryEdited();
    void offerCompletion();
    void completionsReady();
    void insertCompletion(const QString &text);
    void rebuildSavedMenu();
    void edited();
    void apply();
    void updateTypesButton();
    void syncTypeActions();
    bool sessionComplete(const QString &text) const;

    QLineEdit *m_from;
    QLineEdit *m_to;
    QLineEdit *m_session;
    QToolButton *m_sessionNot;
    QToolButton *m_types;
    QAction *m_typesExclude = nullptr;
    bool m_excludeTypes = false;
    QLineEdit *m_after;
    QLineEdit *m_before;
    QLineEdit *m_text;
    QCheckBox *m_matchCase;
    QLineEdit *m_query;
    QToolButton *m_saved;
    QLabel *m_queryError;
    QCompleter *m_queryCompleter;
    QueryCompletionModel *m_completions = nullptr;
    SavedQueryModel *m_savedQueries = nullptr;
    QueryLanguage::Completion m_completing;
    QLabel *m_count;
    QStringListModel *m_sessionNames;
    void feedSessionNames();
    QStringList m_knownSessions; // sorted
    qsizetype m_longestSession = 0;
    bool m_sessionNamesStale = false;
    QString m_confirmedSession; // accepted with Enter though not a known id
    QStringList m_knownTypes;
    QStringList m_checkedTypes;
    QTimer m_debounce;
    EventFilter m_applied;
};
