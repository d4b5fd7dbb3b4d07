// SPDX-License-Identifier: MIT
#include "stringtable.h"

namespace {

quint32 hashOf(std::string_view s)
{
    // FNV-1a: short keys (session ids, type names), no need for more.
    quint64 h = 1469598103934665603ULL;
    for (const char c : s) {
        h ^= quint8(c);
        h *= 1099511628211ULL;
    }
    return quint32(h ^ (h >> 32));
}

} // namespace

StringTable::StringTable()
    : m_slots(64)
{
    m_strings.append(std::string());
    const quint32 hash = hashOf({});
    m_slots[qsizetype(hash & quint32(m_slots.size() - 1))] = {1, hash};
}

qsizetype StringTable::slotFor(std::string_view text, quint32 hash) const
{
    const size_t mask = size_t(m_slots.size()) - 1;
    for (size_t i = hash & mask;; i = (i + 1) & mask) {
        const Slot &slot = m_slots.at(qsizetype(i));
        if (slot.id == 0 || (slot.hash == hash && m_strings.at(slot.id - 1) == text))
            return qsizetype(i);
    }
}

qint64 StringTable::find(std::string_view text) const
{
    const Slot &slot = m_slots.at(slotFor(text, hashOf(text)));
    return qint64(slot.id) - 1;
}

quint32 StringTable::intern(std::string_view text)
{
    const quint32 hash = hashOf(text);
    const qsizetype at = slotFor(text, hash);
    if (m_slots.at(at).id != 0)
        return m_slots.at(at).id - 1;
    const auto id = quint32(m_strings.size());
    m_strings.append(std::string(text));
    m_slots[at] = {id + 1, hash};
    if (m_strings.size() * 2 > m_slots.size())
        grow();
    return id;
}

void StringTable::grow()
{
    QList<Slot> table(m_slots.size() * 2);
    Slot *cells = table.data();
    const size_t mask = size_t(table.size()) - 1;
    for (const Slot &slot : std::as_const(m_slots)) {
        if (slot.id == 0)
            continue;
        size_t i = slot.hash & mask;
        while (cells[i].id != 0)
            i = (i + 1) & mask;
        cells[i] = slot;
    }
    m_slots.swap(table);
}
