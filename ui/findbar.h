// SPDX-License-Identifier: MIT
#pragma once

#include "eventfinder.h"

#include <QTimer>
#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QToolButton;

// Find without filtering: the text to find (plain, or a regular expression with ".*"), match case ("Aa", as
// the filter's: off, any case), ‹ › to step to the previous or next match, the match count ("3 of 120") and a
// line for what a step did ("search wrapped to the top"). Enter steps forward, Shift+Enter back, Escape
// closes. Edits are debounced; queryChanged() carries the whole query, and only when it changed. Window
// shortcuts with Ctrl or Alt and F3 reach the window from the text field.
class FindBar : public QWidget
{
    Q_OBJECT
public:
    explicit FindBar(QWidget *parent = nullptr);

    FindQuery query() const;
    // Shows the bar with the text field focused and its text selected.
    void open();
    void setStatus(const QString &count, const QString &note = {});
    void setError(const QString &error);
    QString countText() const;
    QString noteText() const;
    QLineEdit *textField() const { return m_text; }

Q_SIGNALS:
    void queryChanged(const FindQuery &query);
    void nextRequested();
    void previousRequested();
    // The bar was closed (Escape, ×): the find ends.
    void closed();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void apply();

    QLineEdit *m_text;
    QToolButton *m_regex;
    QCheckBox *m_matchCase;
    QToolButton *m_previous;
    QToolButton *m_next;
    QLabel *m_count;
    QLabel *m_note;
    QToolButton *m_close;
    QTimer m_debounce;
    FindQuery m_applied;
};
