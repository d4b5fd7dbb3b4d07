// SPDX-License-Identifier: MIT
#include "journalfilename.h"

#include <limits>

namespace JournalFileName {

std::optional<quint64> parseU64(std::string_view text)
{
    if (!text.empty() && text.front() == '+')
        text.remove_prefix(1);
    if (text.empty())
        return std::nullopt;
    quint64 value = 0;
    constexpr quint64 max = std::numeric_limits<quint64>::max();
    for (const char c : text) {
        if (c < '0' || c > '9')
            return std::nullopt;
        const auto digit = quint64(c - '0');
        if (value > (max - digit) / 10)
            return std::nullopt;
        value = value * 10 + digit;
    }
    return value;
}

std::optional<quint64> startSeq(std::string_view name)
{
    if (name.size() < Prefix.size() + Suffix.size() || name.substr(0, Prefix.size()) != Prefix ||
        name.substr(name.size() - Suffix.size()) != Suffix)
        return std::nullopt;
    return parseU64(name.substr(Prefix.size(), name.size() - Prefix.size() - Suffix.size()));
}

QString forStartSeq(quint64 seq)
{
    return QStringLiteral("events-%1.jsonl").arg(seq, SeqPadWidth, 10, QLatin1Char('0'));
}

} // namespace JournalFileName
