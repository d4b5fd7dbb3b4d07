// SPDX-License-Identifier: MIT
#include "contextcontrol.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QSpinBox>

ContextControl::ContextControl(QWidget *parent)
    : QWidget(parent)
    , m_enabled(new QCheckBox(tr("Context ±"), this))
    , m_events(new QSpinBox(this))
    , m_scope(new QComboBox(this))
{
    setObjectName(QStringLiteral("contextControl"));
    m_enabled->setObjectName(QStringLiteral("contextEnabled"));
    m_enabled->setAccessibleName(tr("Show context around each match"));
    m_enabled->setToolTip(tr("With a filter, also show the events around each match, dimmed"));
    m_events->setObjectName(QStringLiteral("contextEvents"));
    m_events->setAccessibleName(tr("Context events before and after each match"));
    m_events->setRange(1, 1000);
    m_events->setValue(5);
    m_scope->setObjectName(QStringLiteral("contextScope"));
    m_scope->setAccessibleName(tr("Context from"));
    m_scope->addItem(tr("any event"), int(FilterContext::Scope::Journal));
    m_scope->addItem(tr("same session"), int(FilterContext::Scope::Session));
    m_scope->setToolTip(tr("Around a match: the events next to it in the journal, or those of its session"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(m_enabled);
    layout->addWidget(m_events);
    layout->addWidget(m_scope);
    setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    const auto changed = [this] {
        Q_EMIT contextChanged(options());
    };
    connect(m_enabled, &QCheckBox::toggled, this, changed);
    connect(m_events, qOverload<int>(&QSpinBox::valueChanged), this, [this, changed] {
        if (m_enabled->isChecked())
            changed();
    });
    connect(m_scope, qOverload<int>(&QComboBox::currentIndexChanged), this, [this, changed] {
        if (m_enabled->isChecked())
            changed();
    });
}

FilterContext::Options ContextControl::options() const
{
    FilterContext::Options o;
    o.events = m_enabled->isChecked() ? m_events->value() : 0;
    o.scope = FilterContext::Scope(m_scope->currentData().toInt());
    return o;
}

void ContextControl::setOptions(const FilterContext::Options &options)
{
    const QSignalBlocker a(m_enabled), b(m_events), c(m_scope);
    m_enabled->setChecked(options.isEnabled());
    if (options.isEnabled())
        m_events->setValue(options.events);
    m_scope->setCurrentIndex(options.scope == FilterContext::Scope::Session ? 1 : 0);
    Q_EMIT contextChanged(this->options());
}
