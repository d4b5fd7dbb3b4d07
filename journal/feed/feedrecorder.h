// SPDX-License-Identifier: MIT
#pragma once

#include "feedclient.h"
#include "journalwriter.h"

#include <QObject>
#include <QString>

#include <optional>

// Records a server's live feed as a journal in the server's own scheme (file names, rotation at a threshold,
// one flushed write per line: JournalWriter), so that every reader of journals reads it, live.
//
// open() takes the directory's lock (.account-journal.lock, as newer servers keep it: one recorder per
// directory), repairs what a killed recorder left (an unfinished last line is cut off; a file left empty is
// removed) and resumes after the greatest seq in the directory, or after `since` when that is greater. The
// client then asks for what follows as Last-Event-ID, after every reconnect too, and drops anything at or
// below what is recorded, so no event is written twice. A feed_reset is reported and followed by a full
// resync; the seqs the server no longer holds stay a gap in the recorded journal, which the doctor shows.
//
// Lives on one thread with an event loop; open() does the directory's I/O and indexing, so the owner runs it
// on that thread (RecorderThread does, for the browser).
class FeedRecorder : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        quint64 rotateThreshold = JournalWriter::DefaultRotateThreshold;
        std::optional<quint64> since;
        int keepFiles = 0; // > 0: prune to this many files at open and after each rotation
        FeedClient::Options feed;
    };

    explicit FeedRecorder(const FeedEndpoint &endpoint, const FeedCredentials &credentials,
                          const QString &outDir, const Options &options, QObject *parent = nullptr);
    ~FeedRecorder() override;

    // Resolves OUTDIR (its events/ when it has one), takes the lock, repairs, finds where to resume.
    bool open(QString *error);
    void start();
    void stop();

    QString eventsDir() const { return m_dir; }
    quint64 resumedAfter() const { return m_resumedAfter; }
    quint64 lastSeq() const { return m_lastSeq; }
    qint64 recordedCount() const { return m_recorded; }
    // What open() repaired, for a notice (empty when nothing).
    QString repairs() const { return m_repairs; }
    FeedClient *client() const { return m_client; }

    // Cuts an unfinished last line off the newest journal file (removing a file left empty); returns what it
    // did, or an error. Public for tests.
    static bool repairTornTail(const QString &eventsDir, QString *done, QString *error);

Q_SIGNALS:
    void recorded(qint64 total, quint64 lastSeq);
    void noticed(const FeedNotice &notice);
    void stateChanged(FeedClient::State state);
    void failed(const QString &message);

private:
    void write(const QList<FeedEvent> &events);

    FeedEndpoint m_endpoint;
    FeedCredentials m_credentials;
    QString m_outDir;
    QString m_dir;
    Options m_options;
    JournalWriter m_writer;
    FeedClient *m_client = nullptr;
    int m_lockFd = -1;
    quint64 m_resumedAfter = 0;
    quint64 m_lastSeq = 0;
    qint64 m_recorded = 0;
    QString m_repairs;
    bool m_failed = false;
};
