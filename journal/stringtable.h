// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QtGlobal>

#include <string>
#include <string_view>
#include <vector>

// Interns byte strings to dense ids. Id 0 is the empty string and stands for "none". Not thread-safe: each
// worker interns into its own table, and the owner merges them.
class StringTable
{
public:
    StringTable();

    quint32 intern(std::string_view text);
    // The id of text, or -1 when it was never interned.
    qint64 find(std::string_view text) const;
    const std::string &at(quint32 id) const { return m_strings[id]; }
    QString text(quint32 id) const
    {
        return QString::fromUtf8(m_strings[id].data(), qsizetype(m_strings[id].size()));
    }
    quint32 size() const { return quint32(m_strings.size()); }

private:
    void grow();
    std::vector<std::string> m_strings;
    std::vector<quint32> m_slots; // open addressing; 0 = empty slot, else id + 1
};
