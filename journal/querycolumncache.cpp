// SPDX-License-Identifier: MIT
#include "querycolumncache.h"

#include <algorithm>

bool QueryColumn::covers(const QList<EventRecord> &records) const
{
    if (rows == 0)
        return true;
    if (records.size() < rows)
        return false;
    const EventRecord &last = records.at(rows - 1);
    return last.offset() == lastOffset && last.length == lastLength && last.seq == lastSeq;
}

std::shared_ptr<const QueryColumn> QueryColumnCache::find(const FileKey &file, const std::string &path) const
{
    std::lock_guard<std::mutex> lock(m_mutex);
    auto it = m_paths.find(path);
    if (it == m_paths.end())
        return {};
    it->second.lastUse = ++m_clock;
    for (const auto &[key, column] : it->second.files)
        if (key == file)
            return column;
    return {};
}

void QueryColumnCache::store(const FileKey &file, const std::string &path,
                             std::shared_ptr<const QueryColumn> column)
{
    std::lock_guard<std::mutex> lock(m_mutex);
    PathColumns &entry = m_paths[path];
    entry.lastUse = ++m_clock;
    entry.files.erase(std::remove_if(entry.files.begin(), entry.files.end(),
                                     [&](const auto &f) { return f.first.path == file.path; }),
                      entry.files.end());
    entry.files.emplace_back(file, std::move(column));
    while (m_paths.size() > size_t(MaxPaths)) {
        auto oldest = m_paths.begin();
        for (auto it = m_paths.begin(); it != m_paths.end(); ++it)
            if (it->second.lastUse < oldest->second.lastUse)
                oldest = it;
        m_paths.erase(oldest);
    }
}

void QueryColumnCache::clear()
{
    std::lock_guard<std::mutex> lock(m_mutex);
    m_paths.clear();
}

int QueryColumnCache::pathCount() const
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return int(m_paths.size());
}

qint64 QueryColumnCache::recordCount() const
{
    std::lock_guard<std::mutex> lock(m_mutex);
    qint64 n = 0;
    for (const auto &[path, entry] : m_paths)
        for (const auto &[key, column] : entry.files)
            n += column->rows;
    return n;
}
