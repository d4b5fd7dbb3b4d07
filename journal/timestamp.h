// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QtGlobal>

#include <limits>
#include <optional>
#include <string_view>

// RFC 3339 timestamps as nanoseconds since the Unix epoch (UTC).
//
// parse() accepts what the server's deserializer (chrono's DateTime<Utc>) accepts: a full date, 'T', 't' or
// ' ', hh:mm:ss, an optional fraction of 1 or more digits (digits past the ninth are dropped, as chrono and
// RFC 3339 allow), and 'Z', 'z' or a ±hh:mm offset. parseDateOrTime() also takes a date alone as the start
// of that day, UTC, as people type it in filters. format() writes the server's own form (UTC, 'Z', 9
// fractional digits). Times outside 1677..2262, which 64-bit nanoseconds
// cannot hold, saturate. Pure functions, callable from any thread.
namespace Timestamp {

inline constexpr qint64 Invalid = std::numeric_limits<qint64>::min();

std::optional<qint64> parse(std::string_view text);
std::optional<qint64> parseDateOrTime(std::string_view text);
QByteArray format(qint64 nanos);
// Days since 1970-01-01 for a proleptic Gregorian date.
qint64 daysFromCivil(qint64 year, unsigned month, unsigned day);

} // namespace Timestamp
