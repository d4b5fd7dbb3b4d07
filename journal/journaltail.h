// SPDX-License-Identifier: MIT
#pragma once

#include "journalindex.h"
#include "seqset.h"

#include <QByteArray>
#include <QFutureWatcher>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <optional>

class JournalWatcher;

// One event the tail delivers: its index fields and, when asked for, the original line.
struct TailEvent
{
    quint64 seq = 0;
    qint64 tsNanos = 0;
    quint16 flags = 0; // EventRecord::Flag
    QString file;
    quint64 offset = 0;
    quint32 length = 0;
    QByteArray session; // empty: null or absent
    QByteArray type;
    QByteArray line; // with TailOptions::includeLines
};

// Something the tail saw happen to the directory, for a status line or stderr.
struct TailNotice
{
    enum class Kind {
        Rotated,          // a new file with a higher start seq
        Pruned,           // files gone from the directory (the server's boot prune, or ours)
        Truncated,        // same file, now shorter than what was read: read again from the start
        Replaced,         // same name, another file (new inode): read again from the start
        DirectoryMissing, // gone, or not there yet when the tail started
        DirectoryBack,    // appeared for the first time
        NewJournal, // came back after it was gone, or replaced by another directory: delivered from its start
        PollingOnly,   // a watch could not be added: changes are found by polling alone
        DuplicateSeqs, // complete lines whose seq was already delivered were not delivered again
        Unreadable,    // a journal file could not be opened: its events wait until it can be
        NotRegular,    // an entry named like a journal file is a FIFO, directory, device...: never read
        Unlistable,    // the directory could not be listed: tried again at each step
        Missed,        // a file was removed before it was read to its end: its last events were not delivered
    };
    Kind kind = Kind::Rotated;
    QStringList files;
    std::optional<quint64> oldestSeq; // after a prune
    qint64 count = 0;
    QString message; // one line for people
};

struct TailOptions
{
    int pollMs = 1000;   // size/inode poll, for what inotify misses
    int coalesceMs = 50; // at most one batch per this interval
    bool includeLines = true;
    quint64 stepBytes = quint64(16) << 20; // read at most about this much per step, then deliver and go on
    std::optional<quint64> since;          // replay events after this seq first; nullopt: start at the end
};

// Follows an events directory as the server writes it: appends, torn tails (held until their newline
// arrives), rotation (the older file is finished first), truncation and replacement (read again), pruning,
// and the directory not existing yet, disappearing and coming back. Each complete line is delivered once, in
// journal order; a seq already delivered is never delivered again within one journal. A directory that comes
// back after it was gone, or another directory in its place, is a new journal (a fresh server starts again at
// seq 1): its events are delivered from its start, whatever was delivered before. Unterminated last segments
// are delivered only once a newer file exists and they parse (docs/FORMAT.md).
//
// The reading is the index's: each step hands the files' cursors to JournalIndex::scanChanges(), which tells
// what became of each file and scans what is new, and the tail delivers the events of those scans. It keeps
// no index, only a cursor per file and the seqs it delivered, so it can start at the journal's end.
//
// Lives on the thread that created it, which needs an event loop; a JournalWatcher says when to look, and
// file reading runs on the worker pool, one step at a time, on a value copy of the tail's state. Batches
// arrive at most once per coalesce interval.
class JournalTail : public QObject
{
    Q_OBJECT
public:
    // What one step (on a worker) works on and hands back.
    struct TrackedFile
    {
        JournalIndex::FileCursor cursor; // what is consumed of the file: every event before is delivered
        QByteArray path;
        quint64 startSeq = 0;
        // The bytes after the last newline were looked at since a newer file exists (so the segment there is
        // delivered, if it parses, at most once).
        bool tailDone = false;
        // Where the unterminated segment delivered after rotation starts: it is not delivered again when its
        // newline arrives late (the cursor stays at the segment, so a rewrite of it is still read).
        std::optional<quint64> deliveredTail;
        quint64 listedSize = 0;         // its size when last listed
        std::optional<quint64> lastSeq; // the seq of the last event delivered from it
        bool unreadable = false; // could not be opened (e.g. permission denied): said once, retried each step
    };
    struct State
    {
        QString dir;
        bool started = false;
        bool dirPresent = true;
        bool dirSeen = false; // the directory existed at some step
        quint64 dirDevice = 0;
        quint64 dirInode = 0;
        QList<TrackedFile> files;
        QStringList notRegular; // entries named like journal files that are not regular files, said once
        QString listError;      // the directory could not be listed: said once
        SeqSet delivered;
        TailOptions options;
    };
    struct Step
    {
        State state;
        QList<TailEvent> events;
        QList<TailNotice> notices;
        bool more = false; // stopped at the step's byte budget: run again at once
    };

    explicit JournalTail(const QString &eventsDir, QObject *parent = nullptr);
    ~JournalTail() override;

    void start(const TailOptions &options = {});
    void stop();
    qint64 deliveredCount() const { return m_deliveredCount; }

    // One step over a state: pure apart from reading the directory. Public for tests and benchmarks.
    static Step step(State state);

Q_SIGNALS:
    void eventsArrived(const QList<TailEvent> &events);
    void noticed(const TailNotice &notice);
    // The first step finished: the replay (with a since) is delivered and the tail now follows.
    void caughtUp();

private:
    void runStep();
    void stepFinished();

    State m_state;
    JournalWatcher *m_watcher = nullptr;
    QFutureWatcher<Step> m_future;
    bool m_running = false;
    bool m_caughtUp = false;
    qint64 m_deliveredCount = 0;
};

Q_DECLARE_METATYPE(TailEvent)
Q_DECLARE_METATYPE(TailNotice)
