// SPDX-License-Identifier: MIT
#pragma once

#include <QList>

// A list that only grows at its end, kept in chunks of N elements and implicitly shared: a copy for a worker
// costs a reference count, and a change to a list a copy still shares copies the chunk table (size / N
// pointers) and the one chunk it touches, never the whole list.
template <typename T, qsizetype N> class ChunkedList
{
public:
    qsizetype size() const { return m_size; }
    bool isEmpty() const { return m_size == 0; }
    const T &at(qsizetype i) const { return m_chunks.at(i / N).at(i % N); }
    const T &back() const { return at(m_size - 1); }
    T &mutableAt(qsizetype i) { return m_chunks[i / N][i % N]; }
    void append(const T &value)
    {
        if (m_size % N == 0)
            m_chunks.append(QList<T>());
        m_chunks.last().append(value);
        ++m_size;
    }
    // Grows to n default elements (never shrinks).
    void grow(qsizetype n)
    {
        while (m_size < n)
            append(T());
    }
    void clear()
    {
        m_chunks.clear();
        m_size = 0;
    }
    // The first position whose element is not less than value, in a list kept sorted.
    qsizetype lowerBound(const T &value) const
    {
        qsizetype lo = 0, hi = m_size;
        while (lo < hi) {
            const qsizetype mid = lo + (hi - lo) / 2;
            if (at(mid) < value)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo;
    }

private:
    QList<QList<T>> m_chunks;
    qsizetype m_size = 0;
};
