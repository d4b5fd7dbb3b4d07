// SPDX-License-Identifier: MIT
#include "journalsimulator.h"
#include "journaltail.h"
#include "testjournal.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>

// Drives JournalTail::step by hand, so each scenario decides exactly what the tail sees between steps.
class Follower
{
public:
    explicit Follower(const QString &dir, std::optional<quint64> since = std::nullopt,
                      quint64 stepBytes = TailOptions().stepBytes)
    {
        m_state.dir = dir;
        m_state.options.since = since;
        m_state.options.stepBytes = stepBytes;
    }
    // Runs steps until one has nothing more to read; returns the seqs delivered.
    QList<quint64> step()
    {
        QList<quint64> got;
        for (;;) {
            JournalTail::Step s = JournalTail::step(m_state);
            ++steps;
            m_state = s.state;
            for (const TailEvent &e : s.events) {
                got.append(e.seq);
                all.append(e.seq);
                lines.append(e.line);
            }
            for (const TailNotice &n : s.notices)
                notices.append(n);
            if (!s.more)
                return got;
        }
    }
    bool noticed(TailNotice::Kind kind) const
    {
        return std::any_of(notices.begin(), notices.end(),
                           [kind](const TailNotice &n) { return n.kind == kind; });
    }

    QList<quint64> all;
    QList<QByteArray> lines;
    QList<TailNotice> notices;
    int steps = 0;

private:
    JournalTail::State m_state;
};

class tst_JournalTail : public QObject
{
    Q_OBJECT
private slots:
    void appendOneLine();
    void tornLineInThreePieces();
    void startsAtTheEndOrReplays();
    void rotationWithTinyThreshold();
    void burstOfRotations();
    void truncation();
    void unreadableFileIsSaidAndReadLater();
    void replacementByRename();
    void pruneWhileFollowing();
    void directoryRemovedAndRecreated();
    void directoryReplacedBetweenSteps();
    void startsBeforeTheDirectoryExists();
    void tenMiBLineInChunks();
    void unterminatedTailDeliveredAfterRotation();
    void replayInBoundedSteps();
    void rewrittenInPlaceBetweenSteps();
    void onlyARegularFileIsANewerFile();
    void entriesThatAreNotFilesAreSaidOnce();
    void filesRemovedBeforeTheyWereReadAreNamed();
    void followsAsAQObject();
};

using namespace TestJournal;

namespace {

QList<quint64> range(quint64 a, quint64 b)
{
    QList<quint64> out;
    for (quint64 s = a; s <= b; ++s)
        out.append(s);
    return out;
}

} // namespace

void tst_JournalTail::appendOneLine()
{
    QTemporaryDir dir;
    const QString path = writeRange(dir.path(), 1, 3);
    Follower f(dir.path());
    QCOMPARE(f.step(), QList<quint64>{}); // from the end
    appendFile(path, line(4) + '\n');
    QCOMPARE(f.step(), QList<quint64>{4});
    QCOMPARE(f.lines.last(), line(4));
    QCOMPARE(f.step(), QList<quint64>{});
}

void tst_JournalTail::tornLineInThreePieces()
{
    QTemporaryDir dir;
    const QString path = writeRange(dir.path(), 1, 1);
    Follower f(dir.path());
    f.step();
    const QByteArray l = line(2);
    appendFile(path, l.left(10));
    QCOMPARE(f.step(), QList<quint64>{});
    appendFile(path, l.mid(10, 20));
    QCOMPARE(f.step(), QList<quint64>{});
    appendFile(path, l.mid(30) + '\n');
    QCOMPARE(f.step(), QList<quint64>{2});
    QCOMPARE(f.lines.last(), l);
    QCOMPARE(f.step(), QList<quint64>{});
}

void tst_JournalTail::startsAtTheEndOrReplays()
{
    QTemporaryDir dir;
    writeRange(dir.path(), 1, 10);
    const QString last = writeRange(dir.path(), 11, 20);
    appendFile(last, "{\"seq\":21"); // pending at start: delivered once complete
    Follower fromEnd(dir.path());
    QCOMPARE(fromEnd.step(), QList<quint64>{});
    appendFile(last, ",\"ts\":\"2026-11-20T09:00:01Z\",\"event\":{\"type\":\"error\"}}\n");
    QCOMPARE(fromEnd.step(), QList<quint64>{21});

    Follower replay(dir.path(), 7);
    QCOMPARE(replay.step(), range(8, 21));
    Follower skipRule(dir.path(), 15); // reads only the file the skip rule keeps
    QCOMPARE(skipRule.step(), range(16, 21));
    Follower all(dir.path(), 0);
    QCOMPARE(all.step(), range(1, 21));
}

void tst_JournalTail::rotationWithTinyThreshold()
{
    QTemporaryDir dir;
    JournalSimulator sim;
    JournalSimulator::Options options;
    options.rotateThreshold = 1; // one file per event
    QString error;
    QVERIFY(sim.open(dir.path(), options, &error));
    Follower f(dir.path(), 0);
    for (int i = 0; i < 30; ++i) {
        QVERIFY(sim.appendNext(&error));
        if (i % 3 == 0)
            f.step();
    }
    f.step();
    QCOMPARE(f.all, range(1, 30));
    QVERIFY(f.noticed(TailNotice::Kind::Rotated));
}

void tst_JournalTail::burstOfRotations()
{
    QTemporaryDir dir;
    JournalSimulator sim;
    JournalSimulator::Options options;
    options.rotateThreshold = 1;
    QString error;
    QVERIFY(sim.open(dir.path(), options, &error));
    QVERIFY(sim.appendNext(&error));
    Follower f(dir.path(), 0);
    f.step();
    for (int i = 0; i < 100; ++i)
        QVERIFY(sim.appendNext(&error));
    f.step();
    QCOMPARE(f.all, range(1, 101));
}

void tst_JournalTail::truncation()
{
    QTemporaryDir dir;
    const QString path = writeRange(dir.path(), 1, 10);
    Follower f(dir.path(), 0);
    QCOMPARE(f.step(), range(1, 10));
    writeFile(path, line(1) + '\n' + line(11) + '\n'); // shorter: truncated and rewritten
    QCOMPARE(f.step(), QList<quint64>{11});
    QVERIFY(f.noticed(TailNotice::Kind::Truncated));
    QCOMPARE(f.all, range(1, 11));
}

// A file that cannot be opened (permission denied) is not skipped in silence: a notice names it once, and its
// events come when it can be read.
void tst_JournalTail::unreadableFileIsSaidAndReadLater()
{
    if (::geteuid() != 0)
        QSKIP("needs root, to take another user's identity for the read");
    QTemporaryDir dir;
    QVERIFY(QFile::setPermissions(dir.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner |
                                                  QFile::ReadOther | QFile::ExeOther));
    writeRange(dir.path(), 1, 3);
    const QString locked = writeRange(dir.path(), 4, 6);
    writeRange(dir.path(), 7, 9);
    for (const QString &name : QDir(dir.path()).entryList(QDir::Files))
        QFile::setPermissions(QDir(dir.path()).filePath(name), QFile::ReadOwner | QFile::ReadOther);
    QVERIFY(QFile::setPermissions(locked, {}));
    Follower f(dir.path(), 0);
    // As nobody (group too: root's group would otherwise decide by the group bits).
    const auto becomeNobody = [] {
        return ::setegid(65534) == 0 && ::seteuid(65534) == 0;
    };
    const auto becomeRoot = [] {
        return ::seteuid(0) == 0 && ::setegid(0) == 0;
    };
    QVERIFY(becomeNobody());
    const QList<quint64> first = f.step();
    const QList<quint64> second = f.step();
    QVERIFY(becomeRoot());
    QCOMPARE(first, range(1, 3) + range(7, 9));
    QCOMPARE(second, QList<quint64>());
    const auto unreadable = std::count_if(f.notices.begin(), f.notices.end(), [](const TailNotice &n) {
        return n.kind == TailNotice::Kind::Unreadable;
    });
    QCOMPARE(unreadable, 1); // said once, not at every step
    QVERIFY(f.notices.last().message.contains(QStringLiteral("Permission denied")));
    QVERIFY(QFile::setPermissions(locked, QFile::ReadOwner | QFile::ReadOther));
    QVERIFY(becomeNobody());
    const QList<quint64> later = f.step();
    QVERIFY(becomeRoot());
    QCOMPARE(later, range(4, 6));
}

void tst_JournalTail::replacementByRename()
{
    QTemporaryDir dir;
    const QString path = writeRange(dir.path(), 1, 5);
    Follower f(dir.path(), 0);
    f.step();
    QByteArray bytes;
    for (quint64 s = 1; s <= 8; ++s)
        bytes += line(s) + '\n';
    writeFile(dir.filePath(QStringLiteral("new")), bytes);
    QCOMPARE(std::rename(QFile::encodeName(dir.filePath(QStringLiteral("new"))).constData(),
                         QFile::encodeName(path).constData()),
             0);
    QCOMPARE(f.step(), range(6, 8));
    QVERIFY(f.noticed(TailNotice::Kind::Replaced));
    QCOMPARE(f.all, range(1, 8));
}

void tst_JournalTail::pruneWhileFollowing()
{
    QTemporaryDir dir;
    const QString a = writeRange(dir.path(), 1, 5);
    const QString b = writeRange(dir.path(), 6, 10);
    const QString c = writeRange(dir.path(), 11, 15);
    Follower f(dir.path(), 0);
    f.step();
    QVERIFY(QFile::remove(a));
    QVERIFY(QFile::remove(b));
    appendFile(c, line(16) + '\n');
    QCOMPARE(f.step(), QList<quint64>{16});
    QVERIFY(f.noticed(TailNotice::Kind::Pruned));
    const auto pruned = std::find_if(f.notices.begin(), f.notices.end(),
                                     [](const TailNotice &n) { return n.kind == TailNotice::Kind::Pruned; });
    QCOMPARE(pruned->oldestSeq.value(), quint64(11));
    QCOMPARE(pruned->files.size(), 2);
    QCOMPARE(f.all, range(1, 16));
}

void tst_JournalTail::directoryRemovedAndRecreated()
{
    QTemporaryDir parent;
    const QString dir = parent.filePath(QStringLiteral("events"));
    QVERIFY(QDir().mkpath(dir));
    writeRange(dir, 1, 3);
    Follower f(dir, 0);
    QCOMPARE(f.step(), range(1, 3));
    QVERIFY(QDir(dir).removeRecursively());
    QCOMPARE(f.step(), QList<quint64>{});
    QVERIFY(f.noticed(TailNotice::Kind::DirectoryMissing));
    QVERIFY(QDir().mkpath(dir));
    writeRange(dir, 1, 5); // the server restarted from scratch: a new journal, whose 1..3 are new events
    QCOMPARE(f.step(), range(1, 5));
    QVERIFY(f.noticed(TailNotice::Kind::NewJournal));
    QVERIFY(!f.noticed(TailNotice::Kind::DirectoryBack));
    QCOMPARE(f.all, range(1, 3) + range(1, 5));
    appendFile(dir + QStringLiteral("/") + JournalFileName::forStartSeq(1), line(6) + '\n' + line(2) + '\n');
    QCOMPARE(f.step(), QList<quint64>{6}); // within the new journal, a seq is still delivered once
}

void tst_JournalTail::directoryReplacedBetweenSteps()
{
    QTemporaryDir parent;
    const QString dir = parent.filePath(QStringLiteral("events"));
    QVERIFY(QDir().mkpath(dir));
    writeRange(dir, 1, 3);
    Follower f(dir, 2);
    QCOMPARE(f.step(), QList<quint64>{3});
    // Another journal renamed into place while the tail was not looking: it never saw the directory missing.
    const QString fresh = parent.filePath(QStringLiteral("fresh"));
    QVERIFY(QDir().mkpath(fresh));
    writeRange(fresh, 1, 2);
    QVERIFY(QDir(dir).removeRecursively());
    QVERIFY(QDir().rename(fresh, dir));
    QCOMPARE(f.step(), range(1, 2)); // --since applied to the old journal, not to this one
    QVERIFY(f.noticed(TailNotice::Kind::NewJournal));
    QVERIFY(!f.noticed(TailNotice::Kind::DirectoryMissing));
}

void tst_JournalTail::startsBeforeTheDirectoryExists()
{
    QTemporaryDir parent;
    const QString dir = parent.filePath(QStringLiteral("bamboo/events"));
    Follower f(dir, 1);
    QCOMPARE(f.step(), QList<quint64>{});
    QCOMPARE(f.notices.size(), 1);
    QCOMPARE(f.notices[0].kind, TailNotice::Kind::DirectoryMissing);
    QVERIFY(f.notices[0].message.contains(QStringLiteral("waiting for it to appear")));
    QCOMPARE(f.step(), QList<quint64>{}); // noticed once
    QCOMPARE(f.notices.size(), 1);
    QVERIFY(QDir().mkpath(dir));
    writeRange(dir, 1, 4);
    QCOMPARE(f.step(), range(2, 4)); // the first journal: --since applies
    QVERIFY(f.noticed(TailNotice::Kind::DirectoryBack));
    QVERIFY(!f.noticed(TailNotice::Kind::NewJournal));
}

void tst_JournalTail::tenMiBLineInChunks()
{
    QTemporaryDir dir;
    const QString path = writeRange(dir.path(), 1, 1);
    Follower f(dir.path(), 0);
    f.step();
    const QByteArray big =
        R"({"seq":2,"ts":"2026-11-20T09:00:01Z","session_id":"s","event":{"type":"message_appended","content":")" +
        QByteArray(10 << 20, 'z') + "\"}}";
    for (qsizetype at = 0; at < big.size(); at += 1 << 20) {
        appendFile(path, big.mid(at, 1 << 20));
        QCOMPARE(f.step(), QList<quint64>{});
    }
    appendFile(path, "\n" + line(3) + '\n');
    QCOMPARE(f.step(), (QList<quint64>{2, 3}));
    QCOMPARE(f.lines[1].size(), big.size());
}

void tst_JournalTail::unterminatedTailDeliveredAfterRotation()
{
    QTemporaryDir dir;
    const QString path = writeRange(dir.path(), 1, 2);
    appendFile(path, line(3)); // complete JSON, no newline yet
    Follower f(dir.path(), 0);
    QCOMPARE(f.step(), range(1, 2));
    writeRange(dir.path(), 4, 4); // the writer moved on: the segment is a line now
    QCOMPARE(f.step(), range(3, 4));
    appendFile(dir.filePath(JournalFileName::forStartSeq(4)), line(5) + '\n');
    QCOMPARE(f.step(), QList<quint64>{5});
    appendFile(path, "\n"); // the delivered segment's newline, late: nothing more to deliver
    QCOMPARE(f.step(), QList<quint64>{});
    QVERIFY(!f.noticed(TailNotice::Kind::DuplicateSeqs));
    QCOMPARE(f.all, range(1, 5));
}

// A replay of more than a step's budget is delivered over several steps, in journal order, each event once,
// with the lines as they are in the files.
void tst_JournalTail::replayInBoundedSteps()
{
    QTemporaryDir dir;
    writeRange(dir.path(), 1, 40);
    writeRange(dir.path(), 41, 80);
    const QString last = writeRange(dir.path(), 81, 120);
    appendFile(last, line(121)); // held back: the newest file's unterminated segment
    Follower f(dir.path(), 10, 1500);
    QCOMPARE(f.step(), range(11, 120));
    QVERIFY(f.steps >= 8);
    QCOMPARE(f.lines.first(), line(11));
    QCOMPARE(f.lines.last(), line(120));
    QVERIFY(f.notices.isEmpty());
    appendFile(last, "\n");
    QCOMPARE(f.step(), QList<quint64>{121});
}

// Truncated and written again past its old size before the tail looked: the size alone says the file grew,
// but it is read again from its start (no event lost, none twice).
void tst_JournalTail::rewrittenInPlaceBetweenSteps()
{
    QTemporaryDir dir;
    const QString path = writeRange(dir.path(), 1, 3);
    Follower f(dir.path(), 0);
    QCOMPARE(f.step(), range(1, 3));
    QByteArray bytes;
    for (quint64 s = 4; s <= 13; ++s)
        bytes += line(s, "session_deleted", "session-long-" + QByteArray::number(s)) + '\n';
    writeFile(path, bytes);
    QCOMPARE(f.step(), range(4, 13));
    QVERIFY(f.noticed(TailNotice::Kind::Truncated));
    QCOMPARE(f.lines.last(), line(13, "session_deleted", "session-long-13"));
    appendFile(path, line(14) + '\n');
    QCOMPARE(f.step(), QList<quint64>{14});

    // Lines as long as before: a newline still stands where reading would resume, longer or as long.
    for (const quint64 last : {49, 29}) {
        QTemporaryDir other;
        const QString p = writeRange(other.path(), 10, 19);
        Follower g(other.path(), 0);
        QCOMPARE(g.step(), range(10, 19));
        QTest::qWait(20); // a later modification time
        QByteArray rewrite;
        for (quint64 s = 20; s <= last; ++s)
            rewrite += line(s) + '\n';
        writeFile(p, rewrite);
        QCOMPARE(g.step(), range(20, last));
        QVERIFY(g.noticed(TailNotice::Kind::Truncated));
    }
}

// A file pruned before the tail read it to its end (it fell behind) is named, with what was not delivered.
void tst_JournalTail::filesRemovedBeforeTheyWereReadAreNamed()
{
    QTemporaryDir dir;
    const QString a = writeRange(dir.path(), 1, 20);
    const QString b = writeRange(dir.path(), 21, 40);
    writeRange(dir.path(), 41, 60);
    JournalTail::State state;
    state.dir = dir.path();
    state.options.since = 0;
    state.options.stepBytes = quint64(line(1).size()) * 5;
    JournalTail::Step step = JournalTail::step(state);
    QVERIFY(step.more);
    QVERIFY(!step.events.isEmpty());
    const quint64 lastSeq = step.events.last().seq;
    QVERIFY(lastSeq < 20);
    QVERIFY(QFile::remove(a));
    QVERIFY(QFile::remove(b));
    step = JournalTail::step(step.state);
    QStringList missed;
    for (const TailNotice &n : std::as_const(step.notices)) {
        if (n.kind == TailNotice::Kind::Missed)
            missed.append(n.message);
    }
    QCOMPARE(missed.size(), 2);
    QVERIFY2(missed[0].contains(QStringLiteral("after seq %1 were not delivered").arg(lastSeq)),
             qPrintable(missed[0]));
    QVERIFY2(missed[1].contains(QStringLiteral("none of its events were delivered")), qPrintable(missed[1]));
}

// A FIFO or a directory named like a newer journal file is not a rotation: the newest regular file's
// unterminated segment is still held until its newline.
void tst_JournalTail::onlyARegularFileIsANewerFile()
{
    QTemporaryDir dir;
    const QString path = writeRange(dir.path(), 1, 1);
    QVERIFY(::mkfifo(QFile::encodeName(dir.filePath(JournalFileName::forStartSeq(999))).constData(), 0600) ==
            0);
    QVERIFY(QDir(dir.path()).mkdir(JournalFileName::forStartSeq(1999)));
    Follower f(dir.path());
    QCOMPARE(f.step(), QList<quint64>{});
    appendFile(path, line(2));
    QCOMPARE(f.step(), QList<quint64>{});
    appendFile(path, ",\"extra\":1}\n"); // the line was not complete: malformed, never an event
    QCOMPARE(f.step(), QList<quint64>{});
    appendFile(path, line(3) + '\n');
    QCOMPARE(f.step(), QList<quint64>{3});
}

void tst_JournalTail::entriesThatAreNotFilesAreSaidOnce()
{
    QTemporaryDir dir;
    const QString a = writeRange(dir.path(), 1, 2);
    writeRange(dir.path(), 3, 4);
    Follower f(dir.path(), 0);
    QCOMPARE(f.step(), range(1, 4));
    QVERIFY(QFile::remove(a));
    QVERIFY(::mkfifo(QFile::encodeName(a).constData(), 0600) == 0);
    QVERIFY(QDir(dir.path()).mkdir(JournalFileName::forStartSeq(9)));
    f.step();
    f.step();
    const auto count = [&](TailNotice::Kind kind) {
        return std::count_if(f.notices.begin(), f.notices.end(),
                             [kind](const TailNotice &n) { return n.kind == kind; });
    };
    QCOMPARE(count(TailNotice::Kind::NotRegular), 2);
    QVERIFY(!f.noticed(TailNotice::Kind::Pruned)); // a FIFO in its place did not prune the file
    const auto fifo = std::find_if(f.notices.begin(), f.notices.end(), [&](const TailNotice &n) {
        return n.kind == TailNotice::Kind::NotRegular && n.files == QStringList{QFileInfo(a).fileName()};
    });
    QVERIFY(fifo != f.notices.end());
    QVERIFY(fifo->message.contains(QStringLiteral("it was a journal file")));

    // A directory the tail may not list: said once, and followed again once it may.
    if (::geteuid() != 0)
        QSKIP("needs root, to take another user's identity for the listing");
    QVERIFY(QFile::setPermissions(dir.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    QVERIFY(::setegid(65534) == 0 && ::seteuid(65534) == 0); // nobody
    f.step();
    f.step();
    QVERIFY(::seteuid(0) == 0 && ::setegid(0) == 0);
    QCOMPARE(count(TailNotice::Kind::Unlistable), 1);
    QVERIFY(QFile::setPermissions(dir.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner |
                                                  QFile::ReadOther | QFile::ExeOther));
    appendFile(dir.filePath(JournalFileName::forStartSeq(3)), line(5) + '\n');
    QVERIFY(::setegid(65534) == 0 && ::seteuid(65534) == 0);
    const QList<quint64> later = f.step();
    QVERIFY(::seteuid(0) == 0 && ::setegid(0) == 0);
    QCOMPARE(later, QList<quint64>{5});
    QCOMPARE(count(TailNotice::Kind::Unlistable), 1);
}

void tst_JournalTail::followsAsAQObject()
{
    QTemporaryDir dir;
    JournalSimulator sim;
    QString error;
    simulate(sim, dir.path(), 50, 4096);
    JournalTail tail(dir.path());
    QSignalSpy caughtUp(&tail, &JournalTail::caughtUp);
    QList<quint64> seqs;
    connect(&tail, &JournalTail::eventsArrived, this, [&](const QList<TailEvent> &events) {
        for (const TailEvent &e : events)
            seqs.append(e.seq);
    });
    TailOptions tailOptions;
    tailOptions.since = 0;
    tailOptions.pollMs = 100;
    tail.start(tailOptions);
    QTRY_COMPARE(caughtUp.count(), 1);
    QCOMPARE(seqs, range(1, 50));
    for (int i = 0; i < 200; ++i)
        QVERIFY(sim.appendNext(&error));
    QTRY_COMPARE_WITH_TIMEOUT(seqs.size(), 250, 10000);
    QCOMPARE(seqs, range(1, 250));
    QCOMPARE(tail.deliveredCount(), qint64(250));
    tail.stop();
}

QTEST_GUILESS_MAIN(tst_JournalTail)
#include "tst_journaltail.moc"
