// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>

class JournalIndex;

// One problem (or notable fact) the doctor found, with what the server does about it.
struct DoctorFinding
{
    enum class Severity { Info, Warning, Error };

    QString kind; // stable key, e.g. "torn_tail", "malformed_line"
    Severity severity = Severity::Warning;
    QString file;       // empty for directory-wide findings
    qint64 line = -1;   // 1-based, -1 when not about one line
    qint64 offset = -1; // byte offset in file, -1 when not about one place
    quint64 seq = 0;    // the event concerned, when there is one
    QString message;
    QString serverEffect;
};

// Examines an index (and the recovered seq the server would compute) for what breaks or surprises the
// server: torn tails, malformed lines, files the server cannot read whole, non-regular journal entries,
// seq gaps, duplicates and disorder, file names that disagree with their first event, a newest file that
// makes the server restart seq at 1, lines the server would skip, and ignored names. Callable from any
// thread; reads only the newest file (to recompute recover_max_seq).
class JournalDoctor
{
public:
    static QList<DoctorFinding> examine(const JournalIndex &index);
    // True when any finding is a warning or an error.
    static bool hasProblems(const QList<DoctorFinding> &findings);
    static QString severityName(DoctorFinding::Severity severity);
};
