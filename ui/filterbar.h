// SPDX-License-Identifier: MIT
#pragma once

#include "eventfilter.h"

#include <QTimer>
#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QStringListModel;
class QToolButton;

// Seq range, session (with completion), types (multi-select), time range and text, combined. Edits are
// debounced; filterChanged() carries the whole filter. Invalid input is marked in the field and left out.
class FilterBar : public QWidget
{
    Q_OBJECT
public:
    explicit FilterBar(QWidget *parent = nullptr);

    EventFilter filter() const;
    void setSessions(const QStringList &sessions);
    void setTypes(const QStringList &types);
    void setSession(const QString &session);
    void setTimeRange(qint64 fromNanos, qint64 toNanos);
    void setMatchCount(qint64 matches, qint64 total, bool busy);
    void focusText();
    void clear();

Q_SIGNALS:
    void filterChanged(const EventFilter &filter);

private:
    void edited();
    QLineEdit *m_from;
    QLineEdit *m_to;
    QLineEdit *m_session;
    QToolButton *m_types;
    QLineEdit *m_after;
    QLineEdit *m_before;
    QLineEdit *m_text;
    QCheckBox *m_ignoreCase;
    QLabel *m_count;
    QStringListModel *m_sessionNames;
    QStringList m_knownTypes;
    QStringList m_checkedTypes;
    QTimer m_debounce;
};
