// SPDX-License-Identifier: MIT
#pragma once

#include <QColor>
#include <QPalette>

// Colours that mean something (an anomaly, a warning) on whatever palette the system gives: light or dark.
// A hue is laid over the palette's own background rather than used as is, so text in the palette's text
// colour stays readable on it; text colours come in a darker and a lighter shade.
namespace PaletteColours {

inline bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightness() < 128;
}

// `hue` over the palette's `role` colour: by default a fifth of it on a light palette, a third on a dark one.
inline QColor tint(const QPalette &palette, const QColor &hue, QPalette::ColorRole role = QPalette::Base,
                   qreal lightAmount = 0.2, qreal darkAmount = 0.33)
{
    const QColor base = palette.color(role);
    const qreal a = isDark(palette) ? darkAmount : lightAmount;
    return QColor::fromRgbF(float(base.redF() * (1 - a) + hue.redF() * a),
                            float(base.greenF() * (1 - a) + hue.greenF() * a),
                            float(base.blueF() * (1 - a) + hue.blueF() * a));
}

inline QColor errorText(const QPalette &palette)
{
    return isDark(palette) ? QColor(0xff, 0x8a, 0x80) : QColor(0xb0, 0x00, 0x20);
}

inline QColor warningText(const QPalette &palette)
{
    return isDark(palette) ? QColor(0xff, 0xb7, 0x4d) : QColor(0xb3, 0x5c, 0x00);
}

} // namespace PaletteColours
