// SPDX-License-Identifier: MIT
#include "timestamp.h"

#include <cstdio>
#include <string>

namespace Timestamp {

namespace {

bool digits(std::string_view s, size_t pos, size_t count, int *out)
{
    if (pos + count > s.size())
        return false;
    int v = 0;
    for (size_t i = pos; i < pos + count; ++i) {
        const char c = s[i];
        if (c < '0' || c > '9')
            return false;
        v = v * 10 + (c - '0');
    }
    *out = v;
    return true;
}

bool isLeap(qint64 y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

unsigned daysInMonth(qint64 y, unsigned m)
{
    static constexpr unsigned table[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && isLeap(y) ? 29 : table[m - 1];
}

} // namespace

qint64 daysFromCivil(qint64 y, unsigned m, unsigned d)
{
    // Howard Hinnant's days_from_civil.
    y -= m <= 2;
    const qint64 era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = unsigned(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + qint64(doe) - 719468;
}

std::optional<qint64> parse(std::string_view s)
{
    int year, month, day, hour, minute, second;
    if (!digits(s, 0, 4, &year) || s.size() < 19 || s[4] != '-' || !digits(s, 5, 2, &month) || s[7] != '-' ||
        !digits(s, 8, 2, &day) || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
        !digits(s, 11, 2, &hour) || s[13] != ':' || !digits(s, 14, 2, &minute) || s[16] != ':' ||
        !digits(s, 17, 2, &second))
        return std::nullopt;
    if (month < 1 || month > 12 || day < 1 || unsigned(day) > daysInMonth(year, unsigned(month)) ||
        hour > 23 || minute > 59 || second > 60)
        return std::nullopt;
    size_t pos = 19;
    qint64 fraction = 0;
    if (pos < s.size() && s[pos] == '.') {
        ++pos;
        int count = 0;
        const size_t first = pos;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
            if (count < 9) { // nanoseconds: the rest is truncated
                fraction = fraction * 10 + (s[pos] - '0');
                ++count;
            }
            ++pos;
        }
        if (pos == first)
            return std::nullopt;
        for (; count < 9; ++count)
            fraction *= 10;
    }
    qint64 offsetSeconds = 0;
    if (pos >= s.size())
        return std::nullopt;
    if (s[pos] == 'Z' || s[pos] == 'z') {
        ++pos;
    } else if (s[pos] == '+' || s[pos] == '-') {
        int oh, om;
        if (!digits(s, pos + 1, 2, &oh) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
            !digits(s, pos + 4, 2, &om) || oh > 23 || om > 59)
            return std::nullopt;
        offsetSeconds = (oh * 3600 + om * 60) * (s[pos] == '-' ? -1 : 1);
        pos += 6;
    } else {
        return std::nullopt;
    }
    if (pos != s.size())
        return std::nullopt;
    // A leap second is folded into the next second, as chrono represents it as 59 s + over a billion ns.
    const qint64 secs = daysFromCivil(year, unsigned(month), unsigned(day)) * 86400 + hour * 3600 +
                        minute * 60 + second - offsetSeconds;
    // Years 0000 to 9999 are valid RFC 3339 (and the server accepts them) but nanoseconds since 1970 only
    // reach 1677 to 2262 in 64 bits: earlier and later times saturate, which keeps their order for filters
    // and views.
    qint64 nanos;
    if (__builtin_mul_overflow(secs, qint64(1000000000), &nanos) ||
        __builtin_add_overflow(nanos, fraction, &nanos))
        return secs < 0 ? std::numeric_limits<qint64>::min() + 1 : std::numeric_limits<qint64>::max();
    return nanos;
}

std::optional<qint64> parseDateOrTime(std::string_view text)
{
    if (text.size() == 10) {
        std::string midnight(text);
        midnight += "T00:00:00Z";
        return parse(midnight);
    }
    return parse(text);
}

QByteArray format(qint64 nanos)
{
    qint64 secs = nanos / 1000000000;
    qint64 frac = nanos % 1000000000;
    if (frac < 0) {
        frac += 1000000000;
        --secs;
    }
    qint64 days = secs / 86400;
    qint64 rem = secs % 86400;
    if (rem < 0) {
        rem += 86400;
        --days;
    }
    // Howard Hinnant's civil_from_days.
    const qint64 z = days + 719468;
    const qint64 era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = unsigned(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    const qint64 y = qint64(yoe) + era * 400 + (m <= 2);
    if (y < 0 || y > 9999) { // outside RFC 3339's four digits: written as they come
        char buf[64];
        const int n = std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02d:%02d:%02d.%09lldZ",
                                    static_cast<long long>(y), m, d, int(rem / 3600), int(rem / 60 % 60),
                                    int(rem % 60), static_cast<long long>(frac));
        return QByteArray(buf, n);
    }
    // YYYY-MM-DDThh:mm:ss.nnnnnnnnnZ, digit by digit (the simulator writes millions).
    char buf[30];
    const auto digits = [&buf](int at, quint64 v, int count) {
        for (int i = count - 1; i >= 0; --i, v /= 10)
            buf[at + i] = char('0' + v % 10);
    };
    digits(0, quint64(y), 4);
    buf[4] = '-';
    digits(5, m, 2);
    buf[7] = '-';
    digits(8, d, 2);
    buf[10] = 'T';
    digits(11, quint64(rem / 3600), 2);
    buf[13] = ':';
    digits(14, quint64(rem / 60 % 60), 2);
    buf[16] = ':';
    digits(17, quint64(rem % 60), 2);
    buf[19] = '.';
    digits(20, quint64(frac), 9);
    buf[29] = 'Z';
    return QByteArray(buf, 30);
}

} // namespace Timestamp
