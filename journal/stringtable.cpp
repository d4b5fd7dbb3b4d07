// SPDX-License-Identifier: MIT
#include "stringtable.h"

namespace {

quint64 hashOf(std::string_view s)
{
    // FNV-1a: short keys (session ids, type names), no need for more.
    quint64 h = 1469598103934665603ULL;
    for (const char c : s) {
        h ^= quint8(c);
        h *= 1099511628211ULL;
    }
    return h;
}

} // namespace

StringTable::StringTable()
    : m_slots(64, 0)
{
    m_strings.append(std::string());
    m_slots[hashOf({}) & (m_slots.size() - 1)] = 1;
}

qint64 StringTable::find(std::string_view text) const
{
    const size_t mask = m_slots.size() - 1;
    for (size_t i = hashOf(text) & mask;; i = (i + 1) & mask) {
        const quint32 slot = m_slots[i];
        if (slot == 0)
            return -1;
        if (m_strings.at(slot - 1) == text)
            return slot - 1;
    }
}

quint32 StringTable::intern(std::string_view text)
{
    const size_t mask = m_slots.size() - 1;
    size_t i = hashOf(text) & mask;
    for (;; i = (i + 1) & mask) {
        const quint32 slot = m_slots[i];
        if (slot == 0)
            break;
        if (m_strings.at(slot - 1) == text)
            return slot - 1;
    }
    const auto id = quint32(m_strings.size());
    m_strings.append(std::string(text));
    m_slots[i] = id + 1;
    if (size_t(m_strings.size()) * 2 > m_slots.size())
        grow();
    return id;
}

void StringTable::grow()
{
    std::vector<quint32> table(m_slots.size() * 2, 0);
    const size_t mask = table.size() - 1;
    for (quint32 id = 0; id < m_strings.size(); ++id) {
        size_t i = hashOf(m_strings.at(id)) & mask;
        while (table[i] != 0)
            i = (i + 1) & mask;
        table[i] = id + 1;
    }
    m_slots.swap(table);
}
