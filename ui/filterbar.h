// SPDX-License-Identifier: MIT
#pragma once

#include "eventfilter.h"

#include <QSet>
#include <QTimer>
#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QStringListModel;
class QToolButton;

// Seq range, session (with completion; or all but that session), types (multi-select; or all but those), time
// range and text, combined. Edits are
// debounced; filterChanged() carries the whole filter, and only when it changed. Invalid input is marked in
// the field and left out; so is a session that is not (yet) a complete id, unless Enter confirms it. The
// fields flow onto more lines in a narrow window, each keeping a readable width, and the match count has a
// width of its own so the bar does not move as it changes. Window shortcuts with Ctrl or Alt reach the window
// from every field.
class FilterBar : public QWidget
{
    Q_OBJECT
public:
    explicit FilterBar(QWidget *parent = nullptr);

    EventFilter filter() const;
    void setSessions(const QStringList &sessions);
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
    QLabel *m_count;
    QStringListModel *m_sessionNames;
    QSet<QString> m_knownSessions;
    QString m_confirmedSession; // accepted with Enter though not a known id
    QStringList m_knownTypes;
    QStringList m_checkedTypes;
    QTimer m_debounce;
    EventFilter m_applied;
};
