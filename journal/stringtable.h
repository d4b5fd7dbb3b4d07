// SPDX-License-Identifier: MIT
#pragma once

#include "chunkedlist.h"

#include <QList>
#include <QString>
#include <QtGlobal>

#include <string>
#include <string_view>
#include <vector>

// Interns byte strings to dense ids. Id 0 is the empty string and stands for "none". Not thread-safe: each
// worker interns into its own table, and the owner merges them. Implicitly shared: a copy (of the table, or
// of strings(), a frozen list of every string so far) costs O(size / 1024), and the first intern() into a
// copy that is still shared copies the slots, on the thread that interns.
class StringTable
{
public:
    using Strings = ChunkedList<std::string, 1024>;
    StringTable();

    quint32 intern(std::string_view text);
    // The id of text, or -1 when it was never interned.
    qint64 find(std::string_view text) const;
    const std::string &at(quint32 id) const { return m_strings.at(id); }
    QString text(quint32 id) const { return QString::fromStdString(m_strings.at(id)); }
    const Strings &strings() const { return m_strings; }
    quint32 size() const { return quint32(m_strings.size()); }

private:
    // Open addressing. A slot keeps its string's hash: probing compares hashes before strings, and growing
    // moves slots without reading a string (a journal of hundreds of thousands of sessions grows the table
    // while it loads, on the thread that owns it).
    struct Slot
    {
        quint32 id = 0; // 0 = empty, else id + 1
        quint32 hash = 0;
    };
    // The slot holding text, or the empty one where it would go.
    qsizetype slotFor(std::string_view text, quint32 hash) const;
    void grow();
    Strings m_strings;
    QList<Slot> m_slots;
};
