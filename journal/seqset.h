// SPDX-License-Identifier: MIT
#pragma once

#include <QtGlobal>

#include <map>

// A set of seqs stored as disjoint closed intervals: a healthy journal's seqs are contiguous, so this stays a
// handful of entries however many events pass. Not thread-safe.
class SeqSet
{
public:
    bool contains(quint64 seq) const;
    // Returns false when seq was already present.
    bool insert(quint64 seq);
    void insertRange(quint64 first, quint64 last);
    size_t intervals() const { return m_ranges.size(); }
    bool isEmpty() const { return m_ranges.empty(); }

private:
    std::map<quint64, quint64> m_ranges; // first -> last
};
