// SPDX-License-Identifier: MIT
#include "journaltail.h"

#include "eventrecord.h"
#include "journaldirectory.h"
#include "journalfile.h"
#include "journalreader.h"
#include "journalwatcher.h"
#include "workerpool.h"

#include <QFile>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <sys/stat.h>

namespace {

bool statDirectory(const QString &dir, struct stat *st)
{
    return ::stat(JournalDirectory::encodeName(dir).constData(), st) == 0 && S_ISDIR(st->st_mode);
}

// Offset just past the last newline of a file (0 when it has none): where following from the end starts.
quint64 afterLastNewline(const QByteArray &path, quint64 size)
{
    const JournalFile file(path);
    if (!file.isOpen())
        return size;
    std::vector<char> block(64 * 1024);
    quint64 end = size;
    quint64 result = 0;
    while (end > 0) {
        const quint64 begin = end > block.size() ? end - block.size() : 0;
        const qint64 n = file.read(begin, block.data(), size_t(end - begin));
        if (n <= 0)
            break;
        const void *nl = memrchr(block.data(), '\n', size_t(n));
        if (nl) {
            result = begin + quint64(static_cast<const char *>(nl) - block.data()) + 1;
            break;
        }
        end = begin;
    }
    return result;
}

TailNotice notice(TailNotice::Kind kind, QStringList files, QString message)
{
    TailNotice n;
    n.kind = kind;
    n.files = std::move(files);
    n.message = std::move(message);
    return n;
}

// Hands on the events of one scan, in line order, each seq at most once. An unterminated last segment is held
// back in the newest file: the writer may still be writing it.
class Deliverer
{
public:
    explicit Deliverer(JournalTail::Step &step)
        : m_step(step)
    {}

    // Whether the scan's last record, an unterminated segment, was consumed.
    bool deliver(const FileScan &scan, const QString &file, bool newest, std::optional<quint64> deliveredTail)
    {
        const std::optional<quint64> &since = m_step.state.options.since;
        const bool withLines = m_step.state.options.includeLines;
        m_lastSeq.reset();
        for (qsizetype i = 0; i < scan.records.size(); ++i) {
            const EventRecord &r = scan.records[i];
            if ((r.flags & EventRecord::Unterminated) && newest)
                return false;
            if (deliveredTail && r.offset() == *deliveredTail)
                continue; // delivered while it had no newline
            if (since && r.seq <= *since)
                continue; // before the replay's start, as read_since skips it
            if (!m_step.state.delivered.insert(r.seq)) {
                ++m_duplicates;
                continue;
            }
            TailEvent e;
            e.seq = r.seq;
            e.tsNanos = r.tsNanos;
            e.flags = r.lineFlags() & ~EventRecord::Unterminated;
            e.file = file;
            e.offset = r.offset();
            e.length = r.length;
            const std::string &session = scan.sessions.at(r.session);
            e.session = QByteArray(session.data(), qsizetype(session.size()));
            const std::string &type = scan.types.at(r.type);
            e.type = QByteArray(type.data(), qsizetype(type.size()));
            if (withLines)
                e.line = scan.lineBytes.value(i);
            m_lastSeq = r.seq;
            m_step.events.append(std::move(e));
        }
        return !scan.records.isEmpty() && (scan.records.back().flags & EventRecord::Unterminated);
    }

    qint64 duplicates() const { return m_duplicates; }
    // The seq of the last event the last deliver() delivered.
    std::optional<quint64> lastSeq() const { return m_lastSeq; }

private:
    JournalTail::Step &m_step;
    qint64 m_duplicates = 0;
    std::optional<quint64> m_lastSeq;
};

// Where following starts: the files and bytes taken as consumed before the first step reads anything. From
// the end, everything up to the newest file's last newline; with a since, the files the server's reader
// would skip. A file left out is read from its start.
QList<JournalTail::TrackedFile> startingPoints(const JournalListing &listing, const TailOptions &options)
{
    QList<JournalTail::TrackedFile> files;
    int newestPos = -1; // the newest regular file
    for (int i = 0; i < listing.files.size(); ++i) {
        if (listing.files[i].readable())
            newestPos = i;
    }
    for (int i = 0; i < listing.files.size(); ++i) {
        const JournalEntry &entry = listing.files[i];
        if (!entry.readable())
            continue;
        const bool newest = i == newestPos;
        if (options.since && !JournalReader::skipsFile(listing, i, *options.since))
            continue;
        JournalTail::TrackedFile f;
        f.cursor.name = entry.name;
        f.cursor.device = entry.device;
        f.cursor.inode = entry.inode;
        f.cursor.mtimeNs = entry.mtimeNs;
        f.path = entry.path;
        f.cursor.sizeSeen = quint64(entry.size);
        f.cursor.resumeOffset = !options.since && newest ? afterLastNewline(entry.path, quint64(entry.size))
                                                         : quint64(entry.size);
        f.listedSize = quint64(entry.size);
        f.startSeq = entry.startSeq;
        f.tailDone = !newest;
        files.append(f);
    }
    return files;
}

} // namespace

JournalTail::JournalTail(const QString &eventsDir, QObject *parent)
    : QObject(parent)
    , m_watcher(new JournalWatcher(this))
{
    m_state.dir = eventsDir;
    connect(m_watcher, &JournalWatcher::changed, this, &JournalTail::runStep);
    connect(m_watcher, &JournalWatcher::pollingOnly, this, [this](const QStringList &paths) {
        Q_EMIT noticed(notice(TailNotice::Kind::PollingOnly, paths,
                              QStringLiteral("cannot watch %1: following by polling every %2 ms")
                                  .arg(paths.join(QStringLiteral(", ")))
                                  .arg(m_state.options.pollMs)));
    });
    connect(&m_future, &QFutureWatcher<Step>::finished, this, &JournalTail::stepFinished);
}

JournalTail::~JournalTail()
{
    stop();
}

void JournalTail::start(const TailOptions &options)
{
    stop();
    const QString dir = m_state.dir;
    m_state = State();
    m_state.dir = dir;
    m_state.options = options;
    m_running = true;
    m_caughtUp = false;
    m_deliveredCount = 0;
    m_watcher->start(options.pollMs, options.coalesceMs);
    runStep();
}

void JournalTail::stop()
{
    m_running = false;
    m_watcher->stop();
    if (m_future.isRunning())
        m_future.waitForFinished();
}

void JournalTail::runStep()
{
    if (!m_running || m_future.isRunning())
        return;
    m_watcher->pause();
    m_future.setFuture(WorkerPool::run([state = m_state] { return step(state); }));
}

void JournalTail::stepFinished()
{
    WorkerPool::takeOver();
    if (!m_running)
        return;
    Step result = m_future.result();
    m_state = std::move(result.state);
    const bool present = m_state.dirPresent;
    m_watcher->setWatched(present ? m_state.dir : QString(),
                          present && !m_state.files.isEmpty() ? QFile::decodeName(m_state.files.last().path)
                                                              : QString(),
                          present && !m_state.files.isEmpty() ? m_state.files.last().cursor.inode : 0);
    for (const TailNotice &n : std::as_const(result.notices))
        Q_EMIT noticed(n);
    if (!result.events.isEmpty()) {
        m_deliveredCount += result.events.size();
        Q_EMIT eventsArrived(result.events);
    }
    if (!m_caughtUp && !result.more) {
        m_caughtUp = true;
        Q_EMIT caughtUp();
    }
    if (result.more)
        m_future.setFuture(WorkerPool::run([state = m_state] { return step(state); })); // still paused
    else
        m_watcher->resume();
}

JournalTail::Step JournalTail::step(State state)
{
    Step step;
    step.state = std::move(state);
    State &s = step.state;

    struct stat dirStat;
    if (!statDirectory(s.dir, &dirStat)) {
        if (s.dirPresent) {
            s.dirPresent = false;
            step.notices.append(notice(
                TailNotice::Kind::DirectoryMissing, {s.dir},
                s.dirSeen
                    ? QStringLiteral("%1: directory missing; waiting for it to come back").arg(s.dir)
                    : QStringLiteral("%1: no such directory yet; waiting for it to appear").arg(s.dir)));
        }
        s.files.clear();
        s.started = true;
        return step;
    }
    const JournalListing listing = JournalDirectory::list(s.dir);
    if (!listing.ok()) {
        if (s.listError != listing.error)
            step.notices.append(notice(TailNotice::Kind::Unlistable, {s.dir},
                                       QStringLiteral("%1; trying again").arg(listing.error)));
        s.listError = listing.error;
        return step;
    }
    s.listError.clear();
    const bool otherDirectory =
        s.dirSeen && s.dirPresent &&
        (quint64(dirStat.st_dev) != s.dirDevice || quint64(dirStat.st_ino) != s.dirInode);
    if (s.dirSeen && (!s.dirPresent || otherDirectory)) {
        // A fresh server numbers from 1 again: what the old journal delivered says nothing about this one.
        step.notices.append(
            notice(TailNotice::Kind::NewJournal, {s.dir},
                   QStringLiteral("%1: %2: a new journal, followed from its start")
                       .arg(s.dir, otherDirectory ? QStringLiteral("replaced by another directory")
                                                  : QStringLiteral("directory is back"))));
        s.delivered = SeqSet();
        s.options.since.reset();
        s.files.clear();
    } else if (!s.dirPresent) {
        step.notices.append(notice(TailNotice::Kind::DirectoryBack, {s.dir},
                                   QStringLiteral("%1: directory appeared").arg(s.dir)));
    }
    s.dirPresent = true;
    s.dirSeen = true;
    s.dirDevice = quint64(dirStat.st_dev);
    s.dirInode = quint64(dirStat.st_ino);

    const bool wasStarted = s.started;
    if (!s.started)
        s.files = startingPoints(listing, s.options);
    s.started = true;

    // Once a newer file exists, the bytes after an older file's last newline are looked at again: the
    // writer has moved on, so a segment there that parses is an event. Only a regular file is a newer file.
    int newestPos = -1;
    QStringList notRegular;
    for (int i = 0; i < listing.files.size(); ++i) {
        if (listing.files[i].readable())
            newestPos = i;
        else
            notRegular.append(listing.files[i].name);
    }
    const QString newestName = newestPos >= 0 ? listing.files[newestPos].name : QString();
    std::vector<JournalIndex::FileCursor> known;
    known.reserve(size_t(s.files.size()));
    for (const TrackedFile &f : std::as_const(s.files)) {
        known.push_back(f.cursor);
        if (!f.tailDone && f.cursor.name != newestName)
            known.back().sizeSeen = std::min(f.cursor.sizeSeen, f.cursor.resumeOffset);
    }
    IndexOptions scanOptions;
    scanOptions.byteBudget = std::max<quint64>(1, s.options.stepBytes);
    scanOptions.keepLines = s.options.includeLines;
    JournalIndex::Changes changes = JournalIndex::scanChanges(listing, known, scanOptions);
    step.more = changes.more;

    const quint64 knownNewestStart = s.files.isEmpty() ? 0 : s.files.last().startSeq;
    const bool hadFiles = !s.files.isEmpty();
    QList<TrackedFile> files;
    QStringList rotated, truncated, replaced, gone;
    for (const int i : std::as_const(changes.removed)) {
        const TrackedFile &f = s.files[i];
        gone.append(f.cursor.name);
        if (f.cursor.sizeSeen < f.listedSize)
            step.notices.append(notice(
                TailNotice::Kind::Missed, {f.cursor.name},
                QStringLiteral("%1 was removed before it was read to its end: %2")
                    .arg(f.cursor.name,
                         f.lastSeq
                             ? QStringLiteral("its events after seq %1 were not delivered").arg(*f.lastSeq)
                             : QStringLiteral("none of its events were delivered"))));
    }
    Deliverer deliverer(step);
    auto scan = changes.scans.begin();
    for (int pos = 0; pos < listing.files.size(); ++pos) {
        const JournalEntry &entry = listing.files[pos];
        const JournalIndex::FilePlan &plan = changes.plan[size_t(pos)];
        FileScan *scanned = nullptr;
        if (scan != changes.scans.end() && scan->first == pos)
            scanned = &(scan++)->second;
        if (!entry.readable()) {
            if (!s.notRegular.contains(entry.name))
                step.notices.append(notice(
                    TailNotice::Kind::NotRegular, {entry.name},
                    QStringLiteral("%1: %2, not a regular file; not read%3")
                        .arg(entry.name, JournalEntry::typeName(entry.type),
                             plan.oldPos >= 0 ? QStringLiteral(" (it was a journal file)") : QString())));
            continue;
        }
        TrackedFile f;
        if (plan.oldPos >= 0) {
            f = s.files[plan.oldPos];
        } else {
            f.cursor.name = entry.name;
            f.startSeq = entry.startSeq;
            if (wasStarted && hadFiles && entry.startSeq >= knownNewestStart)
                rotated.append(entry.name);
        }
        if (plan.kind == JournalIndex::FilePlan::Rescan) {
            (plan.change == JournalChanges::Change::Truncated ? truncated : replaced).append(entry.name);
            f.cursor = JournalIndex::FileCursor();
            f.cursor.name = entry.name;
            f.tailDone = false;
            f.deliveredTail.reset();
            f.lastSeq.reset();
        }
        f.cursor.device = entry.device;
        f.cursor.inode = entry.inode;
        f.path = entry.path;
        f.listedSize = quint64(entry.size);
        if (scanned && !scanned->error.isEmpty()) {
            // Gone (pruned) since the listing: the next step reports it. Anything else is said, once. Either
            // way the cursor stays, so the file's events are not skipped: they wait until it can be read.
            if (scanned->errorNumber != ENOENT && !f.unreadable) {
                f.unreadable = true;
                step.notices.append(notice(
                    TailNotice::Kind::Unreadable, {entry.name},
                    QStringLiteral("%1: %2; its events are delivered once it can be read")
                        .arg(entry.name, QString::fromLocal8Bit(std::strerror(scanned->errorNumber)))));
            }
        } else if (scanned) {
            const bool newest = pos == newestPos;
            f.unreadable = false;
            if (deliverer.deliver(*scanned, entry.name, newest, f.deliveredTail))
                f.deliveredTail = scanned->records.back().offset();
            if (deliverer.lastSeq())
                f.lastSeq = deliverer.lastSeq();
            f.cursor.sizeSeen = scanned->sizeSeen;
            f.cursor.mtimeNs = entry.mtimeNs;
            f.cursor.resumeOffset = scanned->resumeOffset;
            f.cursor.lines += scanned->lines;
            if (scanned->lastLine.hash != 0)
                f.cursor.lastLine = scanned->lastLine;
            if (!newest && !scanned->stoppedEarly)
                f.tailDone = true;
        }
        files.append(f);
    }
    gone.sort();
    if (!gone.isEmpty()) {
        TailNotice n = notice(TailNotice::Kind::Pruned, gone, {});
        n.oldestSeq = JournalReader::oldestSeq(listing);
        n.count = gone.size();
        n.message = QStringLiteral("%1 file(s) removed (%2); oldest seq now %3")
                        .arg(gone.size())
                        .arg(gone.join(QStringLiteral(", ")))
                        .arg(n.oldestSeq ? QString::number(*n.oldestSeq) : QStringLiteral("none"));
        step.notices.append(n);
    }
    for (const QString &name : std::as_const(rotated))
        step.notices.append(
            notice(TailNotice::Kind::Rotated, {name}, QStringLiteral("rotated to %1").arg(name)));
    for (const QString &name : std::as_const(truncated))
        step.notices.append(notice(TailNotice::Kind::Truncated, {name},
                                   QStringLiteral("%1 was truncated; reading it again").arg(name)));
    for (const QString &name : std::as_const(replaced))
        step.notices.append(notice(TailNotice::Kind::Replaced, {name},
                                   QStringLiteral("%1 was replaced; reading it again").arg(name)));
    s.files = files;
    s.notRegular = notRegular;
    if (deliverer.duplicates() > 0) {
        TailNotice n = notice(
            TailNotice::Kind::DuplicateSeqs, {},
            QStringLiteral("%1 line(s) with an already delivered seq skipped").arg(deliverer.duplicates()));
        n.count = deliverer.duplicates();
        step.notices.append(n);
    }
    return step;
}
