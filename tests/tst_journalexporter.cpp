// SPDX-License-Identifier: MIT
#include "journalexporter.h"
#include "journalindex.h"
#include "journalreader.h"
#include "journalsimulator.h"
#include "testjournal.h"

#include <QBuffer>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <QScopeGuard>

#include <csignal>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <thread>
#include <unistd.h>

class tst_JournalExporter : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_source;
    JournalIndex m_index;
    QByteArray sourceLines(quint64 from, quint64 to);
private slots:
    void initTestCase();
    void jsonlIsByteIdentical();
    void jsonlKeepsCarriageReturns();
    void csvQuotesFields();
    void journalFormatRoundTrips();
    void refusesTargetsInsideTheJournal();
    void nothingPartialOnFailure();
    void sourceChangedSinceIndexing();
    void writeErrorLeavesNothing();
    void diskFullLeavesNothing();
    void unreadableFileFailsTheWholeExport();
    void fifoInAFilesPlaceFailsTheExportsThatReachIt();
    void devicesAndFifosAreWrittenThrough();
    void ownDescriptorsAreWrittenThrough();
    void replacingAFileKeepsItsModeAndLinks();
    void errorsNameTheTarget();
    void journalFormatHonoursTheUmask();
    void journalFormatKeepsAnEmptyTargetDirectory();
    void stalePartialsAreSwept();
};

using namespace TestJournal;

QByteArray tst_JournalExporter::sourceLines(quint64 from, quint64 to)
{
    std::vector<JournalReader::Line> lines;
    JournalReader::readSince(m_source.path(), from - 1, qint64(to - from + 1), &lines);
    QByteArray out;
    for (const auto &l : lines)
        out += l.text + '\n';
    return out;
}

void tst_JournalExporter::initTestCase()
{
    JournalSimulator sim;
    simulate(sim, m_source.path(), 2000, 50 * 1024);
    m_index = JournalIndex::build(m_source.path());
    QVERIFY(m_index.files().size() > 4);
}

void tst_JournalExporter::jsonlIsByteIdentical()
{
    QTemporaryDir out;
    EventFilter filter;
    filter.seqFrom = 150;
    filter.seqTo = 1650;
    const QString target = out.filePath(QStringLiteral("slice.jsonl"));
    const JournalExporter::Result r = JournalExporter::exportToPath(m_index, filter, target, {});
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.events, qint64(1501));
    QFile f(target);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray bytes = f.readAll();
    QCOMPARE(bytes, sourceLines(150, 1650));
    QCOMPARE(r.bytes, bytes.size());
    const JournalExporter::Estimate e = JournalExporter::estimate(m_index, filter);
    QCOMPARE(e.events, r.events);
    QCOMPARE(e.bytes, r.bytes);
}

void tst_JournalExporter::jsonlKeepsCarriageReturns()
{
    // Lines written with "\r\n" (an editor's save) are exported as they are in the file.
    QTemporaryDir dir;
    const QByteArray source = line(1) + "\r\n" + line(2) + '\n' + line(3) + "\r\n";
    writeFile(dir.filePath(QStringLiteral("events-1.jsonl")), source);
    const JournalIndex index = JournalIndex::build(dir.path());
    QCOMPARE(index.eventCount(), 3);
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    const JournalExporter::Result r = JournalExporter::exportToDevice(index, EventFilter(), &buffer, {});
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(buffer.data(), source);
    QCOMPARE(JournalExporter::estimate(index, EventFilter()).bytes, qint64(source.size()));
}

void tst_JournalExporter::csvQuotesFields()
{
    QTemporaryDir dir;
    writeFile(
        dir.filePath(QStringLiteral("events-1.jsonl")),
        R"({"seq":1,"ts":"2026-11-20T09:00:01Z","session_id":"a,b","event":{"type":"error","message":"say \"hi\", then\nleave"}})"
        "\n");
    const JournalIndex index = JournalIndex::build(dir.path());
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    JournalExporter::Options options;
    options.format = JournalExporter::Format::Csv;
    QVERIFY(JournalExporter::exportToDevice(index, {}, &buffer, options).ok());
    QCOMPARE(buffer.data(), QByteArray("seq,ts,session_id,type,summary\r\n"
                                       "1,2026-11-20T09:00:01Z,\"a,b\",error,\"say \"\"hi\"\", then\"\r\n"));
}

void tst_JournalExporter::journalFormatRoundTrips()
{
    QTemporaryDir out;
    EventFilter filter;
    filter.seqFrom = 1;
    filter.seqTo = 2000;
    filter.types = {QStringLiteral("message_appended")};
    JournalExporter::Options options;
    options.format = JournalExporter::Format::Journal;
    options.rotateThreshold = 100 * 1024;
    const QString target = out.filePath(QStringLiteral("copy"));
    const JournalExporter::Result r = JournalExporter::exportToPath(m_index, filter, target, options);
    QVERIFY2(r.ok(), qPrintable(r.error));
    const JournalIndex copy = JournalIndex::build(target);
    QCOMPARE(copy.eventCount(), r.events);
    QVERIFY(copy.files().size() > 1);
    for (const FileIndex &fi : copy.files())
        QCOMPARE(fi.firstSeq().value(), fi.entry.startSeq); // named by the first event, as the server does
    QCOMPARE(QDir(out.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
             QStringList{QStringLiteral("copy")});
    // Refuses to overwrite.
    QVERIFY(!JournalExporter::exportToPath(m_index, filter, target, options).ok());
}

void tst_JournalExporter::refusesTargetsInsideTheJournal()
{
    EventFilter filter;
    const QString inside = QDir(m_source.path()).filePath(QStringLiteral("events-99999.jsonl"));
    QVERIFY(!JournalExporter::refusal(m_index, inside).isEmpty());
    QVERIFY(
        !JournalExporter::refusal(m_index, QDir(m_source.path()).filePath(QStringLiteral("sub/dir/x.csv")))
             .isEmpty());
    QVERIFY(!JournalExporter::refusal(m_index, m_source.path()).isEmpty());
    const JournalExporter::Result r = JournalExporter::exportToPath(m_index, filter, inside, {});
    QVERIFY(!r.ok());
    QVERIFY(!QFileInfo::exists(inside));
    QVERIFY(JournalExporter::refusal(m_index, m_source.path() + QStringLiteral("-export.jsonl")).isEmpty());
}

void tst_JournalExporter::nothingPartialOnFailure()
{
    QTemporaryDir out;
    const QString locked = out.filePath(QStringLiteral("locked"));
    QVERIFY(QDir(out.path()).mkdir(QStringLiteral("locked")));
    EventFilter filter;
    if (::geteuid() != 0) {
        QVERIFY(QFile::setPermissions(locked, QFile::ReadOwner | QFile::ExeOwner));
        QVERIFY(!JournalExporter::exportToPath(m_index, filter,
                                               QDir(locked).filePath(QStringLiteral("x.jsonl")), {})
                     .ok());
        QVERIFY(QDir(locked).isEmpty());
    }
    // A directory nobody may write into, root included.
    QVERIFY(
        !JournalExporter::exportToPath(m_index, filter, QStringLiteral("/proc/bjb-export.jsonl"), {}).ok());
    QVERIFY(!QFileInfo::exists(QStringLiteral("/proc/bjb-export.jsonl")));
    // A target whose parent does not exist.
    QVERIFY(
        !JournalExporter::exportToPath(m_index, filter, out.filePath(QStringLiteral("no/such/x.jsonl")), {})
             .ok());
    // Cancelled midway: nothing appears.
    std::atomic_bool cancel{true};
    JournalExporter::Options options;
    options.cancel = &cancel;
    const QString target = out.filePath(QStringLiteral("cancelled.jsonl"));
    const JournalExporter::Result r = JournalExporter::exportToPath(m_index, filter, target, options);
    QVERIFY2(r.cancelled, qPrintable(r.error));
    QVERIFY(!QFileInfo::exists(target));
    options.format = JournalExporter::Format::Journal;
    QVERIFY(JournalExporter::exportToPath(m_index, filter, out.filePath(QStringLiteral("cj")), options)
                .cancelled);
    QCOMPARE(QDir(out.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
             QStringList{QStringLiteral("locked")});
}

void tst_JournalExporter::sourceChangedSinceIndexing()
{
    QTemporaryDir dir;
    const QString path = writeRange(dir.path(), 1, 100);
    const JournalIndex index = JournalIndex::build(dir.path());
    writeFile(path, line(1) + '\n'); // truncated behind the index's back
    QTemporaryDir out;
    const QString target = out.filePath(QStringLiteral("x.jsonl"));
    const JournalExporter::Result r = JournalExporter::exportToPath(index, {}, target, {});
    QVERIFY(!r.ok());
    QVERIFY(r.error.contains(QStringLiteral("reload")));
    QVERIFY(!QFileInfo::exists(target));
}

void tst_JournalExporter::writeErrorLeavesNothing()
{
    // /dev/full fails every write with ENOSPC.
    if (!QFileInfo::exists(QStringLiteral("/dev/full")))
        QSKIP("no /dev/full");
    QFile full(QStringLiteral("/dev/full"));
    QVERIFY(full.open(QIODevice::WriteOnly | QIODevice::Unbuffered));
    const JournalExporter::Result r = JournalExporter::exportToDevice(m_index, {}, &full, {});
    QVERIFY(!r.ok());
    QVERIFY(!r.error.isEmpty());
}

void tst_JournalExporter::diskFullLeavesNothing()
{
    // A 64 KiB file system fills up midway through every format.
    QTemporaryDir mountPoint;
    const QByteArray path = QFile::encodeName(mountPoint.path());
    if (::geteuid() != 0 || ::mount("tmpfs", path.constData(), "tmpfs", 0, "size=64k") != 0)
        QSKIP("needs to mount a small tmpfs (root)");
    const auto unmount = qScopeGuard([&] { ::umount(path.constData()); });
    for (const auto format :
         {JournalExporter::Format::Jsonl, JournalExporter::Format::Csv, JournalExporter::Format::Journal}) {
        JournalExporter::Options options;
        options.format = format;
        const QString target = mountPoint.filePath(QStringLiteral("out"));
        const JournalExporter::Result r = JournalExporter::exportToPath(m_index, {}, target, options);
        QVERIFY(!r.ok());
        QVERIFY2(r.error.contains(QStringLiteral("space")), qPrintable(r.error));
        QCOMPARE(QDir(mountPoint.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
                 QStringList());
    }
}

namespace {} // namespace

void tst_JournalExporter::unreadableFileFailsTheWholeExport()
{
    // A listing whose middle file cannot be opened (gone, or unreadable to this user): the index keeps the
    // rest, but an export without that file's events would be silently short.
    QTemporaryDir dir;
    writeRange(dir.path(), 1, 5);
    const QString middle = writeRange(dir.path(), 6, 10);
    writeRange(dir.path(), 11, 15);
    JournalListing listing = JournalDirectory::list(dir.path());
    QVERIFY(QFile::remove(middle));
    const JournalIndex index = JournalIndex::build(listing);
    QCOMPARE(index.eventCount(), 10);
    QVERIFY(JournalExporter::unreadable(index, EventFilter()).contains(QFileInfo(middle).fileName()));
    QTemporaryDir out;
    EventFilter filter;
    for (const auto format :
         {JournalExporter::Format::Jsonl, JournalExporter::Format::Csv, JournalExporter::Format::Journal}) {
        JournalExporter::Options options;
        options.format = format;
        const JournalExporter::Result r =
            JournalExporter::exportToPath(index, filter, out.filePath(QStringLiteral("x")), options);
        QVERIFY(!r.ok());
        QVERIFY2(r.error.contains(middle), qPrintable(r.error));
        QCOMPARE(r.events, 0);
        QCOMPARE(entries(out.path()), QStringList());
    }
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QVERIFY(!JournalExporter::exportToDevice(index, filter, &buffer, {}).ok());
    QCOMPARE(buffer.size(), 0);
    // An entry that is not a regular file after the newest file: no seq is known to be missing.
    QVERIFY(QDir(dir.path()).mkdir(JournalFileName::forStartSeq(99)));
    const JournalIndex withDirectory = JournalIndex::build(dir.path());
    QVERIFY(JournalExporter::unreadable(withDirectory, filter).isEmpty());
    QVERIFY(JournalExporter::exportToPath(withDirectory, filter, out.filePath(QStringLiteral("y")), {}).ok());
}

void tst_JournalExporter::fifoInAFilesPlaceFailsTheExportsThatReachIt()
{
    // The middle file (seqs 6 to 10) replaced by a FIFO: those seqs are missing, so an export whose range
    // reaches them fails whole; one that stays clear of them is complete and goes ahead.
    QTemporaryDir dir;
    writeRange(dir.path(), 1, 5);
    const QString middle = writeRange(dir.path(), 6, 10);
    writeRange(dir.path(), 11, 15);
    QVERIFY(QFile::remove(middle));
    QCOMPARE(::mkfifo(QFile::encodeName(middle).constData(), 0600), 0);
    const JournalIndex index = JournalIndex::build(dir.path());
    QCOMPARE(index.eventCount(), 10);
    EventFilter all;
    QVERIFY2(JournalExporter::unreadable(index, all).contains(QStringLiteral("is a FIFO")),
             qPrintable(JournalExporter::unreadable(index, all)));
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    const JournalExporter::Result r = JournalExporter::exportToDevice(index, all, &buffer, {});
    QVERIFY(!r.ok());
    QVERIFY2(r.error.contains(QFileInfo(middle).fileName()), qPrintable(r.error));
    QCOMPARE(buffer.size(), 0);
    for (const auto &[from, to, ok] :
         {std::tuple{1, 5, true}, std::tuple{11, 15, true}, std::tuple{4, 6, false},
          std::tuple{10, 12, false}, std::tuple{7, 8, false}}) {
        EventFilter range;
        range.seqFrom = quint64(from);
        range.seqTo = quint64(to);
        QCOMPARE(JournalExporter::unreadable(index, range).isEmpty(), ok);
    }
}

void tst_JournalExporter::devicesAndFifosAreWrittenThrough()
{
    QTemporaryDir dir;
    EventFilter filter;
    filter.seqFrom = 1;
    filter.seqTo = 300;
    const QByteArray expected = sourceLines(1, 300);

    // A FIFO: its reader gets every byte, and it stays a FIFO.
    const QString fifo = dir.filePath(QStringLiteral("fifo"));
    QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
    QByteArray received;
    std::thread reader([&] {
        QFile f(fifo);
        if (f.open(QIODevice::ReadOnly))
            received = f.readAll();
    });
    const JournalExporter::Result r = JournalExporter::exportToPath(m_index, filter, fifo, {});
    reader.join();
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(received, expected);
    QVERIFY(S_ISFIFO(modeOf(fifo)));
    // Nobody reading: the wait ends with a cancel.
    std::atomic_bool cancel{true};
    JournalExporter::Options cancelled;
    cancelled.cancel = &cancel;
    QVERIFY(JournalExporter::exportToPath(m_index, filter, fifo, cancelled).cancelled);

    // A socket cannot be opened; it is refused and left alone.
    const QString socketPath = dir.filePath(QStringLiteral("sock"));
    const int sock = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un address = {};
    address.sun_family = AF_UNIX;
    std::strncpy(address.sun_path, QFile::encodeName(socketPath).constData(), sizeof address.sun_path - 1);
    QCOMPARE(::bind(sock, reinterpret_cast<const sockaddr *>(&address), sizeof address), 0);
    const JournalExporter::Result toSocket = JournalExporter::exportToPath(m_index, filter, socketPath, {});
    ::close(sock);
    QVERIFY(toSocket.error.contains(QStringLiteral("socket")));
    QVERIFY(S_ISSOCK(modeOf(socketPath)));

    if (::geteuid() != 0)
        QSKIP("mknod needs root");
    // Device nodes made here with the numbers of /dev/null, /dev/full and an unused block device.
    const QString null = dir.filePath(QStringLiteral("null"));
    const QString full = dir.filePath(QStringLiteral("full"));
    const QString block = dir.filePath(QStringLiteral("block"));
    QCOMPARE(::mknod(QFile::encodeName(null).constData(), S_IFCHR | 0666, makedev(1, 3)), 0);
    QCOMPARE(::mknod(QFile::encodeName(full).constData(), S_IFCHR | 0666, makedev(1, 7)), 0);
    QCOMPARE(::mknod(QFile::encodeName(block).constData(), S_IFBLK | 0600, makedev(240, 0)), 0);
    for (const auto format : {JournalExporter::Format::Jsonl, JournalExporter::Format::Csv}) {
        JournalExporter::Options options;
        options.format = format;
        const JournalExporter::Result toNull = JournalExporter::exportToPath(m_index, filter, null, options);
        QVERIFY2(toNull.ok(), qPrintable(toNull.error));
        QCOMPARE(toNull.events, 300);
        const JournalExporter::Result toFull = JournalExporter::exportToPath(m_index, filter, full, options);
        QVERIFY(!toFull.ok());
        QVERIFY2(toFull.error.contains(full) &&
                     toFull.error.contains(QStringLiteral("No space left on device")),
                 qPrintable(toFull.error));
        QVERIFY(JournalExporter::exportToPath(m_index, filter, block, options)
                    .error.contains(QStringLiteral("block device")));
    }
    QVERIFY(S_ISCHR(modeOf(null)));
    QVERIFY(S_ISCHR(modeOf(full)));
    QVERIFY(S_ISBLK(modeOf(block)));
    QCOMPARE(entries(dir.path()).size(), 5); // nothing else appeared beside them
}

void tst_JournalExporter::ownDescriptorsAreWrittenThrough()
{
    int fds[2];
    QCOMPARE(::pipe2(fds, O_CLOEXEC), 0);
    EventFilter filter;
    filter.seqFrom = 10;
    filter.seqTo = 20;
    // Read while it is written: the lines may hold more than a pipe's buffer.
    QByteArray received;
    std::thread reader([&received, in = fds[0]] {
        char chunk[65536];
        for (ssize_t n; (n = ::read(in, chunk, sizeof chunk)) > 0;)
            received.append(chunk, qsizetype(n));
    });
    const JournalExporter::Result r = JournalExporter::exportToPath(
        m_index, filter, QStringLiteral("/dev/fd/") + QString::number(fds[1]), {});
    ::close(fds[1]);
    reader.join();
    ::close(fds[0]);
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(received, sourceLines(10, 20));

    // A descriptor open on a regular file is written at its offset, as the shell's ">>" left it.
    QTemporaryDir dir;
    const QString log = dir.filePath(QStringLiteral("log"));
    writeFile(log, "before\n");
    const int fd = ::open(QFile::encodeName(log).constData(), O_WRONLY | O_APPEND | O_CLOEXEC);
    QVERIFY(fd >= 0);
    const ino_t inode = inodeOf(log);
    QVERIFY(JournalExporter::exportToPath(m_index, filter,
                                          QStringLiteral("/proc/self/fd/") + QString::number(fd), {})
                .ok());
    ::close(fd);
    QFile f(log);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), "before\n" + sourceLines(10, 20));
    QCOMPARE(inodeOf(log), inode);
}

void tst_JournalExporter::replacingAFileKeepsItsModeAndLinks()
{
    QTemporaryDir dir;
    const QString target = dir.filePath(QStringLiteral("old.jsonl"));
    writeFile(target, "old contents\n");
    QVERIFY(::chmod(QFile::encodeName(target).constData(), 0640) == 0);
    const QString link = dir.filePath(QStringLiteral("link.jsonl"));
    QVERIFY(QFile::link(target, link));
    EventFilter filter;
    filter.seqFrom = 1;
    filter.seqTo = 5;
    QVERIFY(JournalExporter::exportToPath(m_index, filter, link, {}).ok());
    QVERIFY(QFileInfo(link).isSymLink()); // the link stays; what it points to is replaced
    QCOMPARE(modeOf(target) & 07777, mode_t(0640));
    QFile f(target);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), sourceLines(1, 5));
    // A trailing slash names a directory, which a file format cannot be.
    const JournalExporter::Result slash =
        JournalExporter::exportToPath(m_index, filter, dir.filePath(QStringLiteral("new/")), {});
    QVERIFY(slash.error.contains(QStringLiteral("names a directory")));
    QCOMPARE(entries(dir.path()).size(), 2);
}

void tst_JournalExporter::errorsNameTheTarget()
{
    // A file size limit makes writes fail with EFBIG ("File too large"): the message names the path.
    QTemporaryDir dir;
    const QString target = dir.filePath(QStringLiteral("big.jsonl"));
    struct rlimit old;
    QCOMPARE(::getrlimit(RLIMIT_FSIZE, &old), 0);
    const auto previous = std::signal(SIGXFSZ, SIG_IGN);
    struct rlimit small = old;
    small.rlim_cur = 64 * 1024;
    QCOMPARE(::setrlimit(RLIMIT_FSIZE, &small), 0);
    const JournalExporter::Result r = JournalExporter::exportToPath(m_index, {}, target, {});
    ::setrlimit(RLIMIT_FSIZE, &old);
    std::signal(SIGXFSZ, previous);
    QVERIFY(!r.ok());
    QVERIFY2(r.error.startsWith(target + QStringLiteral(": ")), qPrintable(r.error));
    QVERIFY2(r.error.contains(QString::fromLocal8Bit(std::strerror(EFBIG))), qPrintable(r.error));
    QCOMPARE(entries(dir.path()), QStringList());
}

void tst_JournalExporter::journalFormatHonoursTheUmask()
{
    QTemporaryDir out;
    JournalExporter::Options options;
    options.format = JournalExporter::Format::Journal;
    EventFilter filter;
    filter.seqFrom = 1;
    filter.seqTo = 50;
    for (const mode_t mask : {mode_t(022), mode_t(027), mode_t(077)}) {
        const QString target = out.filePath(QStringLiteral("copy-%1/").arg(mask, 3, 8, QLatin1Char('0')));
        const mode_t old = ::umask(mask);
        const JournalExporter::Result r = JournalExporter::exportToPath(m_index, filter, target, options);
        ::umask(old);
        QVERIFY2(r.ok(), qPrintable(r.error)); // a trailing slash is fine for a directory
        QCOMPARE(modeOf(target) & 07777, mode_t(0777 & ~mask));
        for (const QString &name : QDir(target).entryList(QDir::Files))
            QCOMPARE(modeOf(QDir(target).filePath(name)) & 07777, mode_t(0644 & ~mask));
    }
}

void tst_JournalExporter::journalFormatKeepsAnEmptyTargetDirectory()
{
    QTemporaryDir out;
    const QString target = out.filePath(QStringLiteral("kept"));
    QVERIFY(QDir().mkdir(target));
    QCOMPARE(::chmod(QFile::encodeName(target).constData(), 02751), 0);
    const ino_t inode = inodeOf(target);
    JournalExporter::Options options;
    options.format = JournalExporter::Format::Journal;
    options.rotateThreshold = 20 * 1024;
    EventFilter filter;
    filter.seqFrom = 1;
    filter.seqTo = 400;
    const JournalExporter::Result r = JournalExporter::exportToPath(m_index, filter, target, options);
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(inodeOf(target), inode);
    QCOMPARE(modeOf(target) & 07777, mode_t(02751));
    const JournalIndex copy = JournalIndex::build(target);
    QCOMPARE(copy.eventCount(), 400);
    QVERIFY(copy.files().size() > 1);
    QCOMPARE(QDir(target).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot).size(),
             copy.files().size()); // no staging left inside
    QCOMPARE(entries(out.path()), QStringList{QStringLiteral("kept")});
    // Not empty any more: refused, and nothing changes.
    QVERIFY(JournalExporter::exportToPath(m_index, filter, target, options)
                .error.contains(QStringLiteral("not empty")));
    QCOMPARE(JournalIndex::build(target).eventCount(), 400);
}

void tst_JournalExporter::stalePartialsAreSwept()
{
    QTemporaryDir out;
    // What a killed export leaves: a staging directory with files, and a partial file. Not locked by anyone.
    const QString staleDir = out.filePath(QStringLiteral(".copy.partial-Ab12Cd"));
    QVERIFY(QDir().mkdir(staleDir));
    writeRange(staleDir, 1, 3);
    const QString staleFile = out.filePath(QStringLiteral(".slice.jsonl.partial-ZZ9zz9"));
    writeFile(staleFile, "half a line");
    // One that a running export holds, and names that only look alike.
    const QString live = out.filePath(QStringLiteral(".other.partial-Live00"));
    QVERIFY(QDir().mkdir(live));
    const int liveFd = ::open(QFile::encodeName(live).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    QVERIFY(liveFd >= 0);
    QCOMPARE(::flock(liveFd, LOCK_EX), 0);
    const QStringList strangers = {QStringLiteral(".x.partial-abc"), QStringLiteral("copy.partial-Ab12Cd"),
                                   QStringLiteral(".x.partial-ab_12c")};
    for (const QString &name : strangers)
        writeFile(out.filePath(name), "not ours");

    JournalExporter::Options options;
    options.format = JournalExporter::Format::Journal;
    EventFilter filter;
    filter.seqFrom = 1;
    filter.seqTo = 10;
    QVERIFY(
        JournalExporter::exportToPath(m_index, filter, out.filePath(QStringLiteral("copy")), options).ok());
    QVERIFY(!QFileInfo::exists(staleDir));
    QVERIFY(!QFileInfo::exists(staleFile));
    QVERIFY(QFileInfo(live).isDir());
    for (const QString &name : strangers)
        QVERIFY2(QFileInfo::exists(out.filePath(name)), qPrintable(name));
    ::close(liveFd);
    // jsonl sweeps its directory too.
    QVERIFY(QDir().mkdir(staleDir));
    QVERIFY(JournalExporter::exportToPath(m_index, filter, out.filePath(QStringLiteral("s.jsonl")), {}).ok());
    QVERIFY(!QFileInfo::exists(staleDir));
    QVERIFY(!QFileInfo::exists(live)); // its export has ended
}

QTEST_GUILESS_MAIN(tst_JournalExporter)
#include "tst_journalexporter.moc"
