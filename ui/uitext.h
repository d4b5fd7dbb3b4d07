// SPDX-License-Identifier: MIT
#pragma once

#include <QLocale>
#include <QString>

// Counted nouns in English without a translation catalogue: "1 file", "54 files", the number in the user's
// locale. many holds %1 for the number.
inline QString countText(qint64 n, const QString &one, const QString &many)
{
    return n == 1 ? one : many.arg(QLocale().toString(n));
}
