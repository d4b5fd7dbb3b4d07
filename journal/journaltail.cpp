// SPDX-License-Identifier: MIT
#include "journaltail.h"

#include "eventrecord.h"
#include "journaldirectory.h"
#include "journalfile.h"
#include "journalreader.h"
#include "journalwatcher.h"
#include "lineparser.h"
#include "workerpool.h"

#include <QFile>
#include <QHash>
#include <QtConcurrent/QtConcurrentRun>

#include <cerrno>
#include <cstring>
#include <sys/stat.h>

namespace {

constexpr size_t BlockSize = size_t(1) << 20;
constexpr size_t StepByteBudget = size_t(16) << 20;
constexpr qsizetype StepEventBudget = 100000;

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

class Reader
{
public:
    Reader(JournalTail::Step &step)
        : m_step(step)
    {}

    // Delivers the complete lines of one file from its offset; when it is not the newest, an unterminated
    // segment that parses is delivered too (a newer file exists, so the writer has moved on).
    void read(JournalTail::TrackedFile &file, bool newest)
    {
        const JournalFile f(file.path);
        if (!f.isOpen()) {
            // Gone (pruned) since the listing: the next step reports it. Anything else is said, once: the
            // file's events are not skipped, they wait until it can be read.
            if (f.error() != ENOENT && !file.unreadable) {
                file.unreadable = true;
                m_step.notices.append(
                    notice(TailNotice::Kind::Unreadable, {file.name},
                           QStringLiteral("%1: %2; its events are delivered once it can be read")
                               .arg(file.name, f.errorText())));
            }
            return;
        }
        file.unreadable = false;
        BlockLineReader reader(f, file.offset, BlockSize, LineParser::Padding);
        bool eof = false;
        while (!eof) {
            if (m_bytes >= StepByteBudget || m_step.events.size() >= StepEventBudget) {
                m_step.more = true;
                break;
            }
            eof = !reader.next(
                [&](const char *data, size_t size, quint64 offset) { deliver(file, data, size, offset); });
            m_bytes += reader.lastRead();
        }
        file.offset = reader.offset();
        const std::string_view rest = reader.rest();
        if (eof && !rest.empty() && !newest && !file.tailDone) {
            if (deliver(file, rest.data(), rest.size(), file.offset)) {
                file.tailDone = true;
                file.offset += rest.size();
            }
        }
    }

    qint64 duplicates() const { return m_duplicates; }

private:
    bool deliver(const JournalTail::TrackedFile &file, const char *data, size_t size, quint64 offset)
    {
        quint16 flags = 0;
        if (size > 0 && data[size - 1] == '\r') {
            --size;
            flags |= EventRecord::CarriageReturn;
        }
        const LineParser::Result r = m_parser.parse(data, size);
        if (r.kind != LineParser::Kind::Event)
            return false;
        const std::optional<quint64> &since = m_step.state.options.since;
        if (since && r.seq <= *since)
            return true; // before the replay's start, as read_since skips it
        if (!m_step.state.delivered.insert(r.seq)) {
            ++m_duplicates;
            return true;
        }
        TailEvent e;
        e.seq = r.seq;
        e.tsNanos = r.tsNanos;
        e.flags = flags | r.flags;
        e.file = file.name;
        e.offset = offset;
        e.length = quint32(std::min<size_t>(size, UINT32_MAX));
        if (r.hasSession)
            e.session = QByteArray(r.session.data(), qsizetype(r.session.size()));
        e.type = QByteArray(r.type.data(), qsizetype(r.type.size()));
        if (m_step.state.options.includeLines)
            e.line = QByteArray(data, qsizetype(size));
        m_step.events.append(std::move(e));
        return true;
    }

    JournalTail::Step &m_step;
    LineParser m_parser;
    size_t m_bytes = 0;
    qint64 m_duplicates = 0;
};

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
                          present && !m_state.files.isEmpty() ? m_state.files.last().inode : 0);
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
    if (!listing.ok())
        return step;
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

    std::vector<JournalChanges::Known> known;
    known.reserve(size_t(s.files.size()));
    for (const TrackedFile &f : std::as_const(s.files))
        known.push_back({f.name, f.device, f.inode, JournalEntry::Type::Regular, f.offset});
    const JournalChanges found = JournalChanges::between(known, listing);
    const quint64 knownNewestStart = s.files.isEmpty() ? 0 : s.files.last().startSeq;
    const bool hadFiles = !s.files.isEmpty();

    QList<TrackedFile> files;
    QStringList rotated, truncated, replaced, gone;
    for (const int i : found.removed)
        gone.append(s.files[i].name);
    for (int i = 0; i < listing.files.size(); ++i) {
        const JournalEntry &entry = listing.files[i];
        const JournalChanges::Change &change = found.files[size_t(i)];
        if (!entry.readable()) {
            if (change.known >= 0) // no longer a file to read: as good as gone
                gone.append(entry.name);
            continue;
        }
        TrackedFile f;
        if (change.known >= 0) {
            f = s.files[change.known];
            if (change.kind == JournalChanges::Change::Replaced) {
                replaced.append(entry.name);
                f.offset = 0;
                f.tailDone = false;
            } else if (change.kind == JournalChanges::Change::Truncated) {
                truncated.append(entry.name);
                f.offset = 0;
                f.tailDone = false;
            }
        } else {
            f.name = entry.name;
            f.path = entry.path;
            f.startSeq = entry.startSeq;
            if (!s.started) {
                if (s.options.since) {
                    if (JournalReader::skipsFile(listing, i, *s.options.since))
                        f.offset = quint64(entry.size);
                } else {
                    const bool newest = i == listing.files.size() - 1;
                    f.offset =
                        newest ? afterLastNewline(entry.path, quint64(entry.size)) : quint64(entry.size);
                    f.tailDone = !newest;
                }
            } else if (hadFiles && entry.startSeq >= knownNewestStart) {
                rotated.append(entry.name);
            }
        }
        f.path = entry.path;
        f.device = entry.device;
        f.inode = entry.inode;
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
    s.started = true;
    Reader reader(step);
    for (int i = 0; i < s.files.size() && !step.more; ++i)
        reader.read(s.files[i], i == s.files.size() - 1);
    if (reader.duplicates() > 0) {
        TailNotice n = notice(
            TailNotice::Kind::DuplicateSeqs, {},
            QStringLiteral("%1 line(s) with an already delivered seq skipped").arg(reader.duplicates()));
        n.count = reader.duplicates();
        step.notices.append(n);
    }
    return step;
}
