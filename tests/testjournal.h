// SPDX-License-Identifier: MIT
#pragma once

// Helpers for tests that build journals on disk.

#include "journalfilename.h"
#include "journalsimulator.h"

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QString>
#include <QTest>

#include <sys/stat.h>

namespace TestJournal {

// The type and permission bits of path (not following a link), or 0 when it is not there.
inline mode_t modeOf(const QString &path)
{
    struct stat st;
    return ::lstat(QFile::encodeName(path).constData(), &st) == 0 ? st.st_mode : 0;
}

inline ino_t inodeOf(const QString &path)
{
    struct stat st;
    return ::lstat(QFile::encodeName(path).constData(), &st) == 0 ? st.st_ino : 0;
}

// Every name in dir, hidden ones and special files included, sorted.
inline QStringList entries(const QString &dir)
{
    return QDir(dir).entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                               QDir::Name);
}

// A line in the server's compact form.
inline QByteArray line(quint64 seq, const char *type = "session_deleted", const QByteArray &session = "s1")
{
    return "{\"seq\":" + QByteArray::number(seq) +
           ",\"ts\":\"2026-11-20T09:00:01.572000931Z\",\"session_id\":\"" + session +
           "\",\"event\":{\"type\":\"" + type + "\",\"session_id\":\"" + session + "\"}}";
}

inline void writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    QVERIFY2(f.open(QIODevice::WriteOnly | QIODevice::Truncate), qPrintable(path));
    QCOMPARE(f.write(bytes), bytes.size());
}

inline void appendFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    QVERIFY2(f.open(QIODevice::WriteOnly | QIODevice::Append), qPrintable(path));
    QCOMPARE(f.write(bytes), bytes.size());
}

// Writes seqs [first, last] as one file named by `first` (or by nameSeq).
inline QString writeRange(const QString &dir, quint64 first, quint64 last, quint64 nameSeq = 0)
{
    QByteArray bytes;
    for (quint64 s = first; s <= last; ++s)
        bytes += line(s) + '\n';
    const QString path = QDir(dir).filePath(JournalFileName::forStartSeq(nameSeq ? nameSeq : first));
    writeFile(path, bytes);
    return path;
}

// Opens sim on dir (as the server boots) and appends `count` generated events.
inline void simulate(JournalSimulator &sim, const QString &dir, int count,
                     quint64 threshold = JournalWriter::DefaultRotateThreshold)
{
    JournalSimulator::Options options;
    options.rotateThreshold = threshold;
    QString error;
    QVERIFY2(sim.open(dir, options, &error), qPrintable(error));
    for (int i = 0; i < count; ++i)
        QVERIFY2(sim.appendNext(&error), qPrintable(error));
}

} // namespace TestJournal
