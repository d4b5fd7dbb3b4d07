// SPDX-License-Identifier: MIT
#pragma once

#include "filtercontext.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QSpinBox;

// "Context ±5 [any event | same session]": with a filter, show that many events around each match, dimmed
// (FilterContext). contextChanged() carries the options whenever they change; unchecked, events is 0.
class ContextControl : public QWidget
{
    Q_OBJECT
public:
    explicit ContextControl(QWidget *parent = nullptr);

    FilterContext::Options options() const;
    void setOptions(const FilterContext::Options &options);

Q_SIGNALS:
    void contextChanged(const FilterContext::Options &options);

private:
    QCheckBox *m_enabled;
    QSpinBox *m_events;
    QComboBox *m_scope;
};
