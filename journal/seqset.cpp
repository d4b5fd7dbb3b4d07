// SPDX-License-Identifier: MIT
#include "seqset.h"

#include <limits>

bool SeqSet::contains(quint64 seq) const
{
    auto it = m_ranges.upper_bound(seq);
    if (it == m_ranges.begin())
        return false;
    --it;
    return seq <= it->second;
}

bool SeqSet::insert(quint64 seq)
{
    if (contains(seq))
        return false;
    insertRange(seq, seq);
    return true;
}

void SeqSet::insertRange(quint64 first, quint64 last)
{
    if (first > last)
        return;
    // Merge with every interval that overlaps or touches [first, last].
    auto it = m_ranges.upper_bound(first);
    if (it != m_ranges.begin()) {
        auto prev = std::prev(it);
        if (prev->second >= first || prev->second + 1 == first) {
            first = prev->first;
            last = std::max(last, prev->second);
            it = m_ranges.erase(prev);
        }
    }
    while (it != m_ranges.end() &&
           (it->first <= last || (last != std::numeric_limits<quint64>::max() && it->first == last + 1))) {
        last = std::max(last, it->second);
        it = m_ranges.erase(it);
    }
    m_ranges.emplace(first, last);
}
