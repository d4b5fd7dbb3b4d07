// SPDX-License-Identifier: MIT
#pragma once

#include "journalwriter.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QtGlobal>

#include <memory>
#include <random>

// A stand-in for the server: at open it prunes (when asked) and recovers the next seq from the newest file
// as the server does at boot, keeps the newer servers' lock file in the directory, then appends realistic
// events through JournalWriter in the server's own shapes (EventDialect), deterministic for a seed. Events
// follow each session's life: created and titled (auto, later sometimes manual), user messages, runs that
// start and end (complete with usage, cancelled, error), task lists whose items progress, plan mode,
// sub-agents running child sessions, clarifications and tool approvals; now and then a newer server's extras.
// With keepFiles it also prunes after every rotation, as a server restarting at each rotation would, so
// retention is visible in a short run.
//
// Owned and used by one thread.
class JournalSimulator
{
public:
    struct Options
    {
        quint64 rotateThreshold = JournalWriter::DefaultRotateThreshold;
        int keepFiles = 0; // > 0: prune to this many files at open and after every rotation
        quint64 seed = 1;
        bool realTime = false; // ts from the clock; otherwise a synthetic clock from a fixed start
        // Events of a typical root session, on average (1 in 100 runs for thousands instead; sub-agents'
        // child sessions add their own): about 20,000 sessions per million events by default.
        int sessionEvents = 32;
        // JournalWriter::setBlockSize: lines written in blocks, for a journal nobody follows meanwhile.
        qsizetype blockSize = 0;
    };

    JournalSimulator();
    ~JournalSimulator();
    JournalSimulator(const JournalSimulator &) = delete;
    JournalSimulator &operator=(const JournalSimulator &) = delete;

    bool open(const QString &eventsDir, const Options &options, QString *error);
    // Writes what the writer gathered (with a block size); close() does too, without telling of a failure.
    bool flush(QString *error);
    void close();

    // Generates and appends the next event. Fails, writing nothing, once the last seq is u64 max.
    bool appendNext(QString *error);
    // The next event's line for `seq`, without appending it.
    QByteArray makeEvent(quint64 seq);

    quint64 lastSeq() const { return m_lastSeq; }
    // The seq of the last event known to be whole on disk (JournalWriter::lastWrittenSeq).
    quint64 lastWrittenSeq() const { return m_writer.lastWrittenSeq(); }
    // The line of the last event appended, without its newline.
    const QByteArray &lastLine() const { return m_lastLine; }
    int filesOpened() const { return m_writer.filesOpened(); }
    int prunedFiles() const { return m_pruned; }

private:
    struct Flows;
    QByteArray text(int minWords, int maxWords);

    QString m_dir;
    Options m_options;
    JournalWriter m_writer;
    quint64 m_lastSeq = 0;
    QByteArray m_lastLine;
    qint64 m_clockNanos = 0;
    int m_pruned = 0;
    std::mt19937_64 m_rng;
    std::unique_ptr<Flows> m_flows;
};
