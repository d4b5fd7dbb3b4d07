// SPDX-License-Identifier: MIT
#include "journalreader.h"
#include "testjournal.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <functional>
#include <limits>
#include <optional>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <unistd.h>

class tst_Cli : public QObject
{
    Q_OBJECT
private:
    struct Run
    {
        int exit = -1;
        QByteArray out;
        QByteArray err;
    };
    // How the child starts: its working directory, and what to change after fork (file descriptors, signal
    // dispositions, umask, limits: async-signal-safe calls only).
    struct Setup
    {
        QString workingDirectory;
        std::function<void()> inChild;
        int timeoutMs = 120000; // then killed, and the exit is -2
    };
    Run run(const QStringList &args) { return run(args, Setup()); }
    Run run(const QStringList &args, const Setup &setup);
    // As the unprivileged user "nobody" (root reads anything); empty when that is not possible here.
    std::optional<Run> runAsNobody(const QStringList &args);
    // A shell script with the tool's path as $0.
    Run shell(const QString &script, const QStringList &args = {});
    QJsonObject json(const QStringList &args, int expectedExit = 0);
    QTemporaryDir m_bamboo; // a bamboo directory with events/ inside
    QString m_events;

private slots:
    void initTestCase();
    void versionAndHelp();
    void usageErrors();
    void info();
    void readMatchesReadSince();
    void readEmptyJournal();
    void readFailsLikeTheServer();
    void exportFormats();
    void exportRefusesInsideJournal();
    void prune();
    void doctor();
    void resume();
    void missingDirectory();
    void tailFollowsAndStopsOnSignal();
    void permissionDenied();

    void outputToDevicesAndFifos();
    void pruneKeepsTheWritersFile();
    void exportOfAnUnreadableFileFailsWhole();
    void replacingNeedsWriteAccessAndKeepsTheOwner();
    void stdoutFailuresAreErrors();
    void journalExportCleansUpAfterSignals();
    void journalExportHonoursUmaskAndKeepsTheDirectory();
    void simulateLimits();
    void simulateCutShortBySignal();
    void tailWaitsForTheDirectory();
    void tailFollowsARecreatedJournal();
    void tailEndsWhenItsReaderDoes();
    void pathsAsGiven();
    void messages();
    void optionRules();
    void sessionJsonIsPinned();
    void sessionTextAndErrors();
    void sessionOnAPrunedJournal();
    void sessionTextIsOneLineEach();
    void sessionOnASimulatedJournal();
    void feedUsageErrors();
    void feedCommandsOnAServedJournal();
    void feedAccessRefused();
    void whereOnReadExportInfo_data();
    void whereOnReadExportInfo();
    void whereOnTail();
    void whereErrorsPointAtTheColumn();
};

using namespace TestJournal;

tst_Cli::Run tst_Cli::run(const QStringList &args, const Setup &setup)
{
    QProcess p;
    if (!setup.workingDirectory.isEmpty())
        p.setWorkingDirectory(setup.workingDirectory);
    if (setup.inChild)
        p.setChildProcessModifier(setup.inChild);
    p.start(QStringLiteral(BJB_CLI_PATH), args);
    if (!p.waitForFinished(setup.timeoutMs)) {
        p.kill();
        p.waitForFinished();
        return {-2, p.readAllStandardOutput(), p.readAllStandardError()};
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            p.readAllStandardError()};
}

std::optional<tst_Cli::Run> tst_Cli::runAsNobody(const QStringList &args)
{
    if (::geteuid() != 0 || QStandardPaths::findExecutable(QStringLiteral("setpriv")).isEmpty())
        return std::nullopt;
    const auto as = [](const QStringList &a) {
        QProcess p;
        p.start(QStringLiteral("setpriv"),
                QStringList{QStringLiteral("--reuid=nobody"), QStringLiteral("--regid=nogroup"),
                            QStringLiteral("--clear-groups"), QStringLiteral(BJB_CLI_PATH)} +
                    a);
        p.waitForFinished(60000);
        return Run{p.exitCode(), p.readAllStandardOutput(), p.readAllStandardError()};
    };
    if (as({QStringLiteral("--version")}).exit != 0)
        return std::nullopt; // the build directory is not reachable by an unprivileged user
    return as(args);
}

tst_Cli::Run tst_Cli::shell(const QString &script, const QStringList &args)
{
    QProcess p;
    p.start(QStringLiteral("sh"),
            QStringList{QStringLiteral("-c"), script, QStringLiteral(BJB_CLI_PATH)} + args);
    if (!p.waitForFinished(20000)) {
        p.kill();
        p.waitForFinished();
        return {-2, p.readAllStandardOutput(), p.readAllStandardError()};
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            p.readAllStandardError()};
}

QJsonObject tst_Cli::json(const QStringList &args, int expectedExit)
{
    const Run r = run(args);
    if (r.exit != expectedExit)
        qWarning("exit %d: %s", r.exit, r.err.constData());
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(r.out, &error);
    if (error.error != QJsonParseError::NoError)
        qWarning("not JSON: %s", r.out.left(200).constData());
    return r.exit == expectedExit ? doc.object() : QJsonObject();
}

void tst_Cli::initTestCase()
{
    m_events = QDir(m_bamboo.path()).filePath(QStringLiteral("events"));
    QVERIFY(QDir().mkpath(m_events));
    const Run r = run({QStringLiteral("simulate"), m_bamboo.path(), QStringLiteral("--count"),
                       QStringLiteral("3000"), QStringLiteral("--threshold"), QStringLiteral("100000"),
                       QStringLiteral("--seed"), QStringLiteral("3")});
    QCOMPARE(r.exit, 0);
    QVERIFY(r.err.contains("wrote 3000 events"));
    QVERIFY(QDir(m_events).entryList(QDir::Files).size() > 5);
}

void tst_Cli::versionAndHelp()
{
    QCOMPARE(run({QStringLiteral("--version")}).out, QByteArray("bamboo-journal " BJB_VERSION "\n"));
    const Run help = run({QStringLiteral("--help")});
    QCOMPARE(help.exit, 0);
    for (const char *command : {"info", "read", "export", "prune", "doctor", "simulate", "resume"})
        QVERIFY(help.out.contains(command));
}

void tst_Cli::usageErrors()
{
    QCOMPARE(run({}).exit, 2);
    QCOMPARE(run({QStringLiteral("frobnicate"), m_events}).exit, 2);
    QCOMPARE(run({QStringLiteral("info")}).exit, 2);
    QCOMPARE(run({QStringLiteral("info"), m_events, QStringLiteral("--bogus")}).exit, 2);
    QCOMPARE(run({QStringLiteral("read"), m_events, QStringLiteral("--since"), QStringLiteral("-1")}).exit,
             2);
    QCOMPARE(run({QStringLiteral("prune"), m_events, QStringLiteral("--keep"), QStringLiteral("0")}).exit, 2);
    QCOMPARE(run({QStringLiteral("prune"), m_events}).exit, 2);
    QCOMPARE(run({QStringLiteral("export"), m_events, QStringLiteral("--from"), QStringLiteral("5"),
                  QStringLiteral("--to"), QStringLiteral("1"), QStringLiteral("-o"), QStringLiteral("-")})
                 .exit,
             2);
    QCOMPARE(run({QStringLiteral("export"), m_events, QStringLiteral("--from"), QStringLiteral("1"),
                  QStringLiteral("--to"), QStringLiteral("2"), QStringLiteral("--format"),
                  QStringLiteral("xml"), QStringLiteral("-o"), QStringLiteral("-")})
                 .exit,
             2);
    const Run r = run({QStringLiteral("resume"), m_events});
    QCOMPARE(r.exit, 2);
    QVERIFY(!r.err.isEmpty());
}

void tst_Cli::info()
{
    // Both levels are accepted.
    const QJsonObject byBamboo = json({QStringLiteral("info"), m_bamboo.path(), QStringLiteral("--json")});
    const QJsonObject o = json({QStringLiteral("info"), m_events, QStringLiteral("--json")});
    QCOMPARE(byBamboo, o);
    QCOMPARE(o.value(QStringLiteral("events")).toInteger(), 3000);
    QCOMPARE(o.value(QStringLiteral("malformed")).toInteger(), 0);
    QCOMPARE(o.value(QStringLiteral("oldest_seq")).toInteger(), 1);
    QCOMPARE(o.value(QStringLiteral("max_seq")).toInteger(), 3000);
    QCOMPARE(o.value(QStringLiteral("recovered_max_seq")).toInteger(), 3000);
    const QJsonArray files = o.value(QStringLiteral("files")).toArray();
    QVERIFY(files.size() > 5);
    qint64 events = 0;
    for (const QJsonValue &f : files) {
        const QJsonObject file = f.toObject();
        for (const char *key :
             {"name", "start_seq", "first_seq", "last_seq", "events", "bytes", "malformed", "torn_tail"})
            QVERIFY2(file.contains(QLatin1String(key)), key);
        QCOMPARE(file.value(QStringLiteral("start_seq")), file.value(QStringLiteral("first_seq")));
        events += file.value(QStringLiteral("events")).toInteger();
    }
    QCOMPARE(events, 3000);
    QVERIFY(o.value(QStringLiteral("ignored")).isArray());
    const Run text = run({QStringLiteral("info"), m_events});
    QCOMPARE(text.exit, 0);
    QVERIFY(text.out.contains("recovered max seq  3000"));
}

void tst_Cli::readMatchesReadSince()
{
    const Run all = run({QStringLiteral("read"), m_events});
    QCOMPARE(all.exit, 0);
    const QList<QByteArray> lines = all.out.split('\n');
    QCOMPARE(lines.size(), 3001); // and a final newline
    QVERIFY(lines[0].startsWith("{\"seq\":1,"));
    const Run page = run({QStringLiteral("read"), m_events, QStringLiteral("--since"), QStringLiteral("1500"),
                          QStringLiteral("--limit"), QStringLiteral("3")});
    const QList<QByteArray> three = page.out.split('\n');
    QCOMPARE(three.size(), 4);
    QVERIFY(three[0].startsWith("{\"seq\":1501,"));
    QCOMPARE(three[0], lines[1500]);
    QVERIFY(three[2].startsWith("{\"seq\":1503,"));
    QCOMPARE(run({QStringLiteral("read"), m_events, QStringLiteral("--since"), QStringLiteral("3000")}).out,
             QByteArray());
}

void tst_Cli::readEmptyJournal()
{
    QTemporaryDir bamboo;
    QVERIFY(QDir(bamboo.path()).mkdir(QStringLiteral("events")));
    const Run r = run({QStringLiteral("read"), bamboo.path()});
    QCOMPARE(r.exit, 0);
    QCOMPARE(r.out, QByteArray());
    const QJsonObject o = json({QStringLiteral("info"), bamboo.path(), QStringLiteral("--json")});
    QVERIFY(o.value(QStringLiteral("oldest_seq")).isNull());
    QCOMPARE(o.value(QStringLiteral("events")).toInteger(), 0);
}

void tst_Cli::readFailsLikeTheServer()
{
    QTemporaryDir dir;
    writeRange(dir.path(), 1, 3);
    writeFile(dir.filePath(QStringLiteral("events-4.jsonl")), line(4) + "\n\xff\n");
    const Run r = run({QStringLiteral("read"), dir.path()});
    QCOMPARE(r.exit, 3);
    QVERIFY(r.err.contains("events-4.jsonl"));
    QCOMPARE(run({QStringLiteral("read"), dir.path(), QStringLiteral("--limit"), QStringLiteral("2")}).exit,
             0);
}

void tst_Cli::exportFormats()
{
    QTemporaryDir out;
    const QString jsonl = out.filePath(QStringLiteral("slice.jsonl"));
    Run r = run({QStringLiteral("export"), m_events, QStringLiteral("--from"), QStringLiteral("100"),
                 QStringLiteral("--to"), QStringLiteral("2100"), QStringLiteral("-o"), jsonl});
    QCOMPARE(r.exit, 0);
    const QList<QByteArray> all = run({QStringLiteral("read"), m_events}).out.split('\n');
    QFile f(jsonl);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), all.mid(99, 2001).join('\n') + '\n');

    r = run({QStringLiteral("export"), m_events, QStringLiteral("--from"), QStringLiteral("1"),
             QStringLiteral("--to"), QStringLiteral("3000"), QStringLiteral("--type"),
             QStringLiteral("error"), QStringLiteral("--format"), QStringLiteral("csv"), QStringLiteral("-o"),
             QStringLiteral("-")});
    QCOMPARE(r.exit, 0);
    QVERIFY(r.out.startsWith("seq,ts,session_id,type,summary\r\n"));
    const QList<QByteArray> rows = r.out.split('\n');
    QVERIFY(rows.size() > 2);
    QVERIFY(rows[1].contains(",error,"));

    const QString journal = out.filePath(QStringLiteral("copy"));
    r = run({QStringLiteral("export"), m_events, QStringLiteral("--from"), QStringLiteral("500"),
             QStringLiteral("--to"), QStringLiteral("900"), QStringLiteral("--format"),
             QStringLiteral("journal"), QStringLiteral("-o"), journal});
    QCOMPARE(r.exit, 0);
    const QJsonObject copy = json({QStringLiteral("info"), journal, QStringLiteral("--json")});
    QCOMPARE(copy.value(QStringLiteral("events")).toInteger(), 401);
    QCOMPARE(copy.value(QStringLiteral("oldest_seq")).toInteger(), 500);

    // Time and text criteria.
    r = run({QStringLiteral("export"), m_events, QStringLiteral("--from"), QStringLiteral("1"),
             QStringLiteral("--to"), QStringLiteral("3000"), QStringLiteral("--contains"),
             QStringLiteral("web_fetch"), QStringLiteral("--after"), QStringLiteral("2026-11-20T09:00:00Z"),
             QStringLiteral("-o"), QStringLiteral("-")});
    QCOMPARE(r.exit, 0);
    for (const QByteArray &l : r.out.split('\n'))
        QVERIFY(l.isEmpty() || l.contains("web_fetch"));
    QCOMPARE(run({QStringLiteral("export"), m_events, QStringLiteral("--from"), QStringLiteral("1"),
                  QStringLiteral("--to"), QStringLiteral("2"), QStringLiteral("--after"),
                  QStringLiteral("noon"), QStringLiteral("-o"), QStringLiteral("-")})
                 .exit,
             2);
}

void tst_Cli::exportRefusesInsideJournal()
{
    const QString inside = QDir(m_events).filePath(QStringLiteral("events-99999.jsonl"));
    const Run r = run({QStringLiteral("export"), m_events, QStringLiteral("--from"), QStringLiteral("1"),
                       QStringLiteral("--to"), QStringLiteral("10"), QStringLiteral("-o"), inside});
    QCOMPARE(r.exit, 2);
    QVERIFY(r.err.contains("inside the journal directory"));
    QVERIFY(!QFileInfo::exists(inside));
}

void tst_Cli::prune()
{
    QTemporaryDir dir;
    for (quint64 s = 1; s <= 50; s += 10)
        writeRange(dir.path(), s, s + 9);
    writeFile(dir.filePath(QStringLiteral("events-x.jsonl")), "not ours");
    QJsonObject o = json({QStringLiteral("prune"), dir.path(), QStringLiteral("--keep"), QStringLiteral("2"),
                          QStringLiteral("--dry-run"), QStringLiteral("--json")});
    QCOMPARE(o.value(QStringLiteral("keep")).toInteger(), 2);
    QCOMPARE(o.value(QStringLiteral("dry_run")).toBool(), true);
    const QJsonArray del = o.value(QStringLiteral("delete")).toArray();
    QCOMPARE(del.size(), 3);
    QCOMPARE(del[0].toObject().value(QStringLiteral("events")).toInteger(), 10);
    QCOMPARE(del[0].toObject().value(QStringLiteral("start_seq")).toInteger(), 1);
    QVERIFY(del[0].toObject().value(QStringLiteral("bytes")).toInteger() > 0);
    QCOMPARE(o.value(QStringLiteral("new_oldest_seq")).toInteger(), 31);
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 6);

    o = json({QStringLiteral("prune"), dir.path(), QStringLiteral("--keep"), QStringLiteral("2"),
              QStringLiteral("--json")});
    QCOMPARE(o.value(QStringLiteral("deleted")).toArray().size(), 3);
    QCOMPARE(o.value(QStringLiteral("new_oldest_seq")).toInteger(), 31);
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 3); // two journal files and the stranger
    QVERIFY(QFileInfo::exists(dir.filePath(QStringLiteral("events-x.jsonl"))));
}

void tst_Cli::doctor()
{
    QCOMPARE(run({QStringLiteral("doctor"), m_events}).exit, 0);
    QTemporaryDir dir;
    writeFile(dir.filePath(QStringLiteral("events-1.jsonl")),
              line(1) + "\nbroken\n" + line(3) + "\n{\"seq\":4");
    writeFile(dir.filePath(QStringLiteral("events-5.jsonl")), line(5) + '\n');
    const QJsonObject o = json({QStringLiteral("doctor"), dir.path(), QStringLiteral("--json")}, 1);
    const QJsonArray findings = o.value(QStringLiteral("findings")).toArray();
    QStringList kinds;
    for (const QJsonValue &v : findings) {
        const QJsonObject f = v.toObject();
        for (const char *key : {"kind", "file", "line", "offset", "message", "server_effect"})
            QVERIFY2(f.contains(QLatin1String(key)), key);
        kinds.append(f.value(QStringLiteral("kind")).toString());
        if (kinds.last() == QLatin1String("malformed_line")) {
            QCOMPARE(f.value(QStringLiteral("line")).toInteger(), 2);
            QCOMPARE(f.value(QStringLiteral("offset")).toInteger(), line(1).size() + 1);
        }
    }
    QVERIFY(kinds.contains(QStringLiteral("malformed_line")));
    QVERIFY(kinds.contains(QStringLiteral("torn_tail")));
    QVERIFY(kinds.contains(QStringLiteral("seq_gap")));
}

void tst_Cli::resume()
{
    QTemporaryDir dir;
    writeRange(dir.path(), 101, 150);
    writeRange(dir.path(), 151, 200);
    QJsonObject o = json({QStringLiteral("resume"), dir.path(), QStringLiteral("--cursor"),
                          QStringLiteral("99"), QStringLiteral("--json")});
    QCOMPARE(o.value(QStringLiteral("feed_reset")).toBool(), true);
    QCOMPARE(o.value(QStringLiteral("oldest_seq")).toInteger(), 101);
    QVERIFY(o.value(QStringLiteral("replay_from_file")).isNull());
    o = json({QStringLiteral("resume"), dir.path(), QStringLiteral("--cursor"), QStringLiteral("100"),
              QStringLiteral("--json")});
    QCOMPARE(o.value(QStringLiteral("feed_reset")).toBool(), false);
    QCOMPARE(o.value(QStringLiteral("replay_events")).toInteger(), 100);
    QCOMPARE(o.value(QStringLiteral("replay_from_file")).toString(), JournalFileName::forStartSeq(101));
    QVERIFY(o.value(QStringLiteral("replay_error")).isNull());
    QVERIFY(run({QStringLiteral("resume"), dir.path(), QStringLiteral("--cursor"), QStringLiteral("150")})
                .out.contains("replays 50 events"));
}

void tst_Cli::missingDirectory()
{
    const QString missing = m_bamboo.filePath(QStringLiteral("nope"));
    for (const char *command : {"info", "read", "doctor"}) {
        const Run r = run({QString::fromLatin1(command), missing});
        QCOMPARE(r.exit, 3);
        QVERIFY(r.err.contains(missing.toUtf8()));
        QCOMPARE(r.err.count('\n'), 1);
    }
}

void tst_Cli::tailFollowsAndStopsOnSignal()
{
    QTemporaryDir dir;
    const QString path = writeRange(dir.path(), 1, 5);
    QProcess p;
    p.start(QStringLiteral(BJB_CLI_PATH),
            {QStringLiteral("tail"), dir.path(), QStringLiteral("--since"), QStringLiteral("2"),
             QStringLiteral("--poll-ms"), QStringLiteral("50")});
    QVERIFY(p.waitForStarted());
    QByteArray out;
    QTRY_VERIFY_WITH_TIMEOUT((out += p.readAllStandardOutput()).count('\n') == 3, 10000);
    appendFile(path, line(6) + '\n');
    writeRange(dir.path(), 7, 8);
    QTRY_VERIFY_WITH_TIMEOUT((out += p.readAllStandardOutput()).count('\n') == 6, 10000);
    const QList<QByteArray> lines = out.split('\n');
    for (int i = 0; i < 6; ++i)
        QCOMPARE(lines[i], line(quint64(i + 3)));
    p.terminate(); // SIGTERM
    QVERIFY(p.waitForFinished(10000));
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QCOMPARE(p.exitCode(), 0);
    QVERIFY(p.readAllStandardError().contains("rotated to"));
}

void tst_Cli::permissionDenied()
{
    // Root reads anything: run the tool as an unprivileged user instead.
    if (::geteuid() != 0 || QStandardPaths::findExecutable(QStringLiteral("setpriv")).isEmpty())
        QSKIP("needs root and setpriv to run as another user");
    QTemporaryDir dir;
    QVERIFY(QFile::setPermissions(dir.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner |
                                                  QFile::ReadOther | QFile::ExeOther));
    writeRange(dir.path(), 1, 3);
    const QString locked = writeRange(dir.path(), 4, 6);
    writeRange(dir.path(), 7, 9);
    for (const QString &name : QDir(dir.path()).entryList(QDir::Files))
        QFile::setPermissions(QDir(dir.path()).filePath(name),
                              QFile::ReadOwner | QFile::WriteOwner | QFile::ReadOther);
    QVERIFY(QFile::setPermissions(locked, QFile::ReadOwner | QFile::WriteOwner)); // no one else may read it
    const auto runAs = [](const QStringList &args) {
        QProcess p;
        p.start(QStringLiteral("setpriv"),
                QStringList{QStringLiteral("--reuid=65534"), QStringLiteral("--regid=65534"),
                            QStringLiteral("--clear-groups"), QStringLiteral(BJB_CLI_PATH)} +
                    args);
        p.waitForFinished(60000);
        return Run{p.exitCode(), p.readAllStandardOutput(), p.readAllStandardError()};
    };
    if (runAs({QStringLiteral("--version")}).exit != 0)
        QSKIP("the build directory is not reachable by an unprivileged user");
    // info keeps what it can read and names the file it cannot.
    const Run info = runAs({QStringLiteral("info"), dir.path(), QStringLiteral("--json")});
    QCOMPARE(info.exit, 0);
    const QJsonObject o = QJsonDocument::fromJson(info.out).object();
    QCOMPARE(o.value(QStringLiteral("events")).toInteger(), 6);
    const QJsonObject lockedFile = o.value(QStringLiteral("files")).toArray().at(1).toObject();
    QVERIFY(
        lockedFile.value(QStringLiteral("error")).toString().contains(QStringLiteral("Permission denied")));
    // read fails where the server's replay would, naming the file.
    const Run read = runAs({QStringLiteral("read"), dir.path()});
    QCOMPARE(read.exit, 3);
    QVERIFY(read.err.contains(QFileInfo(locked).fileName().toUtf8()));
    // The whole directory closed: a clear error, exit 3.
    QVERIFY(QFile::setPermissions(dir.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    const Run closed = runAs({QStringLiteral("doctor"), dir.path()});
    QCOMPARE(closed.exit, 3);
    QVERIFY(closed.err.contains("ermission denied"));
}

namespace {

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// A Unix socket bound at path (closed by the caller).
int bindSocket(const QString &path)
{
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un address = {};
    address.sun_family = AF_UNIX;
    std::strncpy(address.sun_path, QFile::encodeName(path).constData(), sizeof address.sun_path - 1);
    return ::bind(fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) == 0 ? fd : -1;
}

const QString S(const char *text)
{
    return QString::fromUtf8(text);
}

// A parent that starts a child, with a task list, plan mode, an open approval and a completed run.
const char *const SessionJournal[] = {
    R"json({"seq":1,"ts":"2026-11-20T09:00:01Z","session_id":"p","event":{"type":"session_created","session_id":"p","title":"New session","kind":"root","created_at":"2026-11-20T09:00:01Z"}})json",
    R"json({"seq":2,"ts":"2026-11-20T09:00:02Z","session_id":"p","event":{"type":"session_title_updated","session_id":"p","title":"Fix the build","title_version":2,"source":"manual","updated_at":"2026-11-20T09:00:02Z"}})json",
    R"json({"seq":3,"ts":"2026-11-20T09:00:03Z","session_id":"p","event":{"type":"message_appended","session_id":"p","message_id":"m1","role":"user","content":"please fix\nthe build","created_at":"2026-11-20T09:00:03Z"}})json",
    R"json({"seq":4,"ts":"2026-11-20T09:00:04Z","session_id":"p","event":{"type":"execution_started","run_id":"r1","session_id":"p","started_at":"2026-11-20T09:00:04Z"}})json",
    R"json({"seq":5,"ts":"2026-11-20T09:00:05Z","session_id":"p","event":{"type":"task_list_updated","task_list":{"session_id":"p","title":"Build","items":[{"id":"item-1","description":"find the error","status":"in_progress","depends_on":[],"notes":"","phase":"execution","priority":"high"},{"id":"item-2","description":"fix it","status":"pending","depends_on":["item-1"],"notes":"","phase":"execution","priority":"medium"}],"created_at":"2026-11-20T09:00:05Z","updated_at":"2026-11-20T09:00:05Z"}}})json",
    R"json({"seq":6,"ts":"2026-11-20T09:00:06Z","session_id":"p","event":{"type":"sub_agent_started","parent_session_id":"p","child_session_id":"c","title":"Read the log"}})json",
    R"json({"seq":7,"ts":"2026-11-20T09:00:07Z","session_id":"c","event":{"type":"session_created","session_id":"c","title":"Read the log","kind":"child","created_at":"2026-11-20T09:00:07Z"}})json",
    R"json({"seq":8,"ts":"2026-11-20T09:00:08Z","session_id":"p","event":{"type":"task_list_item_progress","session_id":"p","item_id":"item-1","status":"completed","tool_calls_count":3,"version":1}})json",
    R"json({"seq":9,"ts":"2026-11-20T09:00:09Z","session_id":"p","event":{"type":"plan_mode_entered","session_id":"p","pre_permission_mode":"default","entered_at":"2026-11-20T09:00:09Z","status":"designing","plan_file_path":"plans/build.md"}})json",
    R"json({"seq":10,"ts":"2026-11-20T09:00:10Z","session_id":"p","event":{"type":"tool_approval_requested","tool_call_id":"call_1","tool_name":"Bash","parameters":{"command":"make"}}})json",
    R"json({"seq":11,"ts":"2026-11-20T09:00:11Z","session_id":"p","event":{"type":"complete","usage":{"prompt_tokens":10000,"completion_tokens":2345,"total_tokens":12345}}})json",
    R"json({"seq":12,"ts":"2026-11-20T09:00:12Z","session_id":"p","event":{"type":"session_pinned_updated","session_id":"p","pinned":true,"updated_at":"2026-11-20T09:00:12Z"}})json",
};

// The exact output, byte for byte: field order, nulls, numbers and escapes are part of the contract.
const char PinnedPAt10[] =
    R"json({"session_id":"p","at_seq":10,"exists":true,"deleted":false,"cleared":false,"created_seq":1,"deleted_seq":null,"cleared_seq":null,"kind":"root","project_id":null,"title":"Fix the build","title_version":2,"title_source":"manual","pinned":null,"parent_session_id":null,"parent_link_seq":null,"parent_deleted":false,"children":[{"session_id":"c","title":"Read the log","status":null,"error":null,"started_seq":6,"completed_seq":null}],"task_list":{"title":"Build","seq":5,"completed":false,"items":[{"id":"item-1","description":"find the error","status":"completed","tool_calls_count":3,"version":1},{"id":"item-2","description":"fix it","status":"pending","tool_calls_count":0,"version":null}]},"plan_mode":{"active":true,"status":"designing","plan_file_path":"plans/build.md","approved":null,"last_file_update":null},"pending":[{"seq":10,"type":"tool_approval_requested","text":"Bash(command=make)","tool_call_id":"call_1"}],"runs":{"started":1,"completed":0,"cancelled":0,"errors":0,"running_run_id":"r1","last_error":null},"usage":{"prompt_tokens":0,"completion_tokens":0,"total_tokens":0},"messages":{"user":1},"event_count":9,"events":[{"seq":1,"ts":"2026-11-20T09:00:01Z","type":"session_created","summary":"\"New session\" root"},{"seq":2,"ts":"2026-11-20T09:00:02Z","type":"session_title_updated","summary":"\"Fix the build\" v2 manual"},{"seq":3,"ts":"2026-11-20T09:00:03Z","type":"message_appended","summary":"user: please fix"},{"seq":4,"ts":"2026-11-20T09:00:04Z","type":"execution_started","summary":"run r1 started"},{"seq":5,"ts":"2026-11-20T09:00:05Z","type":"task_list_updated","summary":"\"Build\": 2 items (1 in progress)"},{"seq":6,"ts":"2026-11-20T09:00:06Z","type":"sub_agent_started","summary":"→ child c \"Read the log\""},{"seq":8,"ts":"2026-11-20T09:00:08Z","type":"task_list_item_progress","summary":"item-1 → completed (3 tool calls)"},{"seq":9,"ts":"2026-11-20T09:00:09Z","type":"plan_mode_entered","summary":"designing · plans/build.md"},{"seq":10,"ts":"2026-11-20T09:00:10Z","type":"tool_approval_requested","summary":"Bash(command=make)"}]})json"
    "\n";
const char PinnedC[] =
    R"json({"session_id":"c","at_seq":12,"exists":true,"deleted":false,"cleared":false,"created_seq":7,"deleted_seq":null,"cleared_seq":null,"kind":"child","project_id":null,"title":"Read the log","title_version":0,"title_source":null,"pinned":null,"parent_session_id":"p","parent_link_seq":6,"parent_deleted":false,"children":[],"task_list":null,"plan_mode":{"active":false,"status":null,"plan_file_path":null,"approved":null,"last_file_update":null},"pending":[],"runs":{"started":0,"completed":0,"cancelled":0,"errors":0,"running_run_id":null,"last_error":null},"usage":{"prompt_tokens":0,"completion_tokens":0,"total_tokens":0},"messages":{},"event_count":1,"events":[{"seq":7,"ts":"2026-11-20T09:00:07Z","type":"session_created","summary":"\"Read the log\" child"}]})json"
    "\n";

void writeSessionJournal(const QString &dir)
{
    QByteArray bytes;
    for (const char *l : SessionJournal)
        bytes += QByteArray(l) + '\n';
    writeFile(QDir(dir).filePath(JournalFileName::forStartSeq(1)), bytes);
}

} // namespace

void tst_Cli::outputToDevicesAndFifos()
{
    const QStringList slice = {S("export"), m_events, S("--from"), S("100"), S("--to"), S("900")};
    const Run expected = run(slice + QStringList{S("-o"), S("-")});
    QCOMPARE(expected.exit, 0);
    QVERIFY(expected.out.size() > 256 * 1024); // more than a pipe holds: the reader must keep reading

    QTemporaryDir dir;
    // A FIFO: its reader gets the export, and it stays a FIFO.
    const QString fifo = dir.filePath(S("fifo"));
    QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
    QTemporaryDir received;
    QProcess reader;
    reader.setStandardOutputFile(received.filePath(S("got")));
    reader.start(S("cat"), {fifo});
    QVERIFY(reader.waitForStarted());
    const Run toFifo = run(slice + QStringList{S("-o"), fifo});
    QVERIFY(reader.waitForFinished(60000));
    QCOMPARE(toFifo.exit, 0);
    QCOMPARE(readAll(received.filePath(S("got"))), expected.out);
    QVERIFY(S_ISFIFO(modeOf(fifo)));
    for (const char *format : {"jsonl", "csv"}) {
        QProcess csvReader;
        csvReader.setStandardOutputFile(received.filePath(S("got2")));
        csvReader.start(S("cat"), {fifo});
        QVERIFY(csvReader.waitForStarted());
        QCOMPARE(run(slice + QStringList{S("--format"), S(format), S("-o"), fifo}).exit, 0);
        QVERIFY(csvReader.waitForFinished(60000));
        QCOMPARE(readAll(received.filePath(S("got2"))),
                 run(slice + QStringList{S("--format"), S(format), S("-o"), S("-")}).out);
    }

    // The process's own descriptors, as "-" does.
    for (const char *path : {"/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"}) {
        const Run r = run(slice + QStringList{S("-o"), S(path)});
        QCOMPARE(r.exit, 0);
        QCOMPARE(r.out, expected.out);
    }

    // A process substitution, >(cmd), is a descriptor of ours too.
    if (!QStandardPaths::findExecutable(S("bash")).isEmpty()) {
        const QString got = received.filePath(S("substituted"));
        const Run substituted =
            shell(S("OUT=\"$1\"; export OUT; shift; bash -c '\"$0\" \"$@\" -o >(cat > \"$OUT\"); "
                    "status=$?; wait $!; exit $status' \"$0\" \"$@\""),
                  QStringList{got} + slice);
        QCOMPARE(substituted.exit, 0);
        QCOMPARE(readAll(got), expected.out);
    }

    // A socket cannot be written into: refused, and left alone.
    const QString socketPath = dir.filePath(S("sock"));
    const int sock = bindSocket(socketPath);
    QVERIFY(sock >= 0);
    const Run toSocket = run(slice + QStringList{S("-o"), socketPath});
    ::close(sock);
    QCOMPARE(toSocket.exit, 3);
    QVERIFY(toSocket.err.contains("socket"));
    QCOMPARE(toSocket.err.count('\n'), 1);
    QVERIFY(S_ISSOCK(modeOf(socketPath)));

    if (::geteuid() != 0)
        QSKIP("mknod needs root: the device node cases did not run");
    // Nodes with the numbers of /dev/full and /dev/null, and of a block device no driver serves.
    const QString full = dir.filePath(S("full"));
    const QString null = dir.filePath(S("null"));
    const QString block = dir.filePath(S("block"));
    QCOMPARE(::mknod(QFile::encodeName(full).constData(), S_IFCHR | 0666, makedev(1, 7)), 0);
    QCOMPARE(::mknod(QFile::encodeName(null).constData(), S_IFCHR | 0666, makedev(1, 3)), 0);
    QCOMPARE(::mknod(QFile::encodeName(block).constData(), S_IFBLK | 0600, makedev(240, 0)), 0);
    for (const char *format : {"jsonl", "csv"}) {
        const QStringList sliceIn = slice + QStringList{S("--format"), S(format), S("-o")};
        const Run toFull = run(sliceIn + QStringList{full});
        QCOMPARE(toFull.exit, 3);
        QVERIFY2(toFull.err.contains("No space left on device") && toFull.err.contains(full.toUtf8()),
                 toFull.err.constData());
        QCOMPARE(toFull.err.count('\n'), 1);
        QCOMPARE(run(sliceIn + QStringList{null}).exit, 0);
        const Run toBlock = run(sliceIn + QStringList{block});
        QCOMPARE(toBlock.exit, 3);
        QVERIFY(toBlock.err.contains("block device"));
    }
    QCOMPARE(run(slice + QStringList{S("--format"), S("journal"), S("-o"), full}).exit, 3);
    QVERIFY(S_ISCHR(modeOf(full)));
    QVERIFY(S_ISCHR(modeOf(null)));
    QVERIFY(S_ISBLK(modeOf(block)));
    QCOMPARE(entries(dir.path()), (QStringList{S("block"), S("fifo"), S("full"), S("null"), S("sock")}));
}

void tst_Cli::pruneKeepsTheWritersFile()
{
    QTemporaryDir dir;
    writeRange(dir.path(), 1, 10);
    writeRange(dir.path(), 11, 20);
    const QString writers = writeRange(dir.path(), 21, 30);
    const QString directory = dir.filePath(JournalFileName::forStartSeq(99));
    QVERIFY(QDir().mkdir(directory)); // sorts after the writer's file
    const QJsonObject o = json({S("prune"), dir.path(), S("--keep"), S("1"), S("--json")});
    QJsonArray deleted = o.value(S("deleted")).toArray();
    QCOMPARE(deleted.size(), 2);
    QCOMPARE(deleted[0].toString(), JournalFileName::forStartSeq(1));
    QCOMPARE(deleted[1].toString(), JournalFileName::forStartSeq(11));
    QVERIFY(QFileInfo(writers).isFile());
    QVERIFY(QFileInfo(directory).isDir());
    QCOMPARE(o.value(S("new_oldest_seq")).toInteger(), 21);
    const Run again = run({S("prune"), dir.path(), S("--keep"), S("1")});
    QCOMPARE(again.exit, 0);
    QVERIFY(again.out.contains("kept: the newest file is the writer's"));
    QVERIFY(QFileInfo(writers).isFile());
}

// Replacing a file is writing it: refused where a shell's '>' would be, and the replacement keeps the owner.
void tst_Cli::replacingNeedsWriteAccessAndKeepsTheOwner()
{
    QTemporaryDir dir;
    writeRange(dir.path(), 1, 9);
    QVERIFY(QFile::setPermissions(dir.path(),
                                  QFile::ReadOwner | QFile::ExeOwner | QFile::ReadOther | QFile::ExeOther));
    QTemporaryDir out;
    QVERIFY(QFile::setPermissions(out.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner |
                                                  QFile::ReadOther | QFile::WriteOther | QFile::ExeOther));
    const QString rootsFile = out.filePath(S("roots"));
    writeFile(rootsFile, "keep me\n");
    QVERIFY(QFile::setPermissions(rootsFile, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadOther));
    const QStringList range = {S("export"), dir.path(), S("--from"), S("1"), S("--to"), S("5"), S("-o")};
    const auto r = runAsNobody(range + QStringList{rootsFile});
    if (!r)
        QSKIP("needs root, setpriv and a build directory an unprivileged user can reach");
    QCOMPARE(r->exit, 3);
    QVERIFY2(r->err.contains("Permission denied"), r->err.constData());
    QCOMPARE(readAll(rootsFile), QByteArray("keep me\n"));
    // Root replacing another user's file: the file stays theirs.
    const QString theirs = out.filePath(S("theirs"));
    writeFile(theirs, "old\n");
    QVERIFY(::chown(QFile::encodeName(theirs).constData(), 65534, 65534) == 0);
    QVERIFY(::chmod(QFile::encodeName(theirs).constData(), 0600) == 0);
    QCOMPARE(run(range + QStringList{theirs}).exit, 0);
    struct stat st;
    QCOMPARE(::stat(QFile::encodeName(theirs).constData(), &st), 0);
    QCOMPARE(st.st_uid, uid_t(65534));
    QCOMPARE(st.st_mode & 07777, mode_t(0600));
    QCOMPARE(readAll(theirs).count('\n'), 5);
}

void tst_Cli::exportOfAnUnreadableFileFailsWhole()
{
    QTemporaryDir dir;
    QVERIFY(QFile::setPermissions(dir.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner |
                                                  QFile::ReadOther | QFile::ExeOther));
    writeRange(dir.path(), 1, 3);
    const QString locked = writeRange(dir.path(), 4, 6);
    writeRange(dir.path(), 7, 9);
    for (const QString &name : QDir(dir.path()).entryList(QDir::Files))
        QFile::setPermissions(QDir(dir.path()).filePath(name),
                              QFile::ReadOwner | QFile::WriteOwner | QFile::ReadOther);
    QVERIFY(QFile::setPermissions(locked, QFile::ReadOwner | QFile::WriteOwner));
    QTemporaryDir out;
    QVERIFY(QFile::setPermissions(out.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner |
                                                  QFile::ReadOther | QFile::WriteOther | QFile::ExeOther));
    const QStringList range = {S("export"), dir.path(), S("--from"), S("1"), S("--to"), S("9")};
    const auto control = runAsNobody(range + QStringList{S("--from"), S("7"), S("-o"), S("-")});
    if (!control)
        QSKIP("needs root, setpriv and a build directory an unprivileged user can reach");
    for (const char *format : {"jsonl", "csv", "journal"}) {
        const QString target = out.filePath(S("x.") + S(format));
        const auto r = runAsNobody(range + QStringList{S("--format"), S(format), S("-o"), target});
        QCOMPARE(r->exit, 3);
        QVERIFY2(r->err.contains(QFileInfo(locked).fileName().toUtf8()), r->err.constData());
        QCOMPARE(r->err.count('\n'), 1);
        QCOMPARE(entries(out.path()), QStringList());
    }
    const auto toStdout = runAsNobody(range + QStringList{S("-o"), S("-")});
    QCOMPARE(toStdout->exit, 3);
    QCOMPARE(toStdout->out, QByteArray());
    QVERIFY(toStdout->err.contains(QFileInfo(locked).fileName().toUtf8()));
}

void tst_Cli::stdoutFailuresAreErrors()
{
    const QList<QStringList> commands = {
        {S("read"), m_events},
        {S("info"), m_events},
        {S("info"), m_events, S("--json")},
        {S("resume"), m_events, S("--cursor"), S("10")},
        {S("prune"), m_events, S("--keep"), S("1000"), S("--dry-run")},
        {S("doctor"), m_events},
        {S("export"), m_events, S("--from"), S("1"), S("--to"), S("3000"), S("-o"), S("-")},
        {S("--help")},
        {S("info"), S("--help")},
        {S("--version")},
        {S("tail"), m_events, S("--since"), S("2990"), S("--poll-ms"), S("50")},
    };
    const QByteArray brokenPipe = std::strerror(EPIPE);

    // A pipe whose reader is gone, with SIGPIPE ignored: every write fails with EPIPE. The tail, which has
    // nothing to write at the end of the journal, notices the reader is gone.
    for (QStringList args : commands + QList<QStringList>{{S("tail"), m_events, S("--poll-ms"), S("50")}}) {
        int fds[2];
        QCOMPARE(::pipe2(fds, O_CLOEXEC), 0);
        ::close(fds[0]);
        const int writeEnd = fds[1];
        Setup setup;
        setup.timeoutMs = 20000;
        setup.inChild = [writeEnd] {
            ::dup2(writeEnd, STDOUT_FILENO);
            ::signal(SIGPIPE, SIG_IGN);
        };
        const Run r = run(args, setup);
        ::close(writeEnd);
        QVERIFY2(r.exit == 3,
                 qPrintable(args.join(QLatin1Char(' ')) + S(": exit ") + QString::number(r.exit)));
        QCOMPARE(r.err.count('\n'), 1);
        QVERIFY2(r.err.contains(brokenPipe), r.err.constData());
    }
    // With SIGPIPE as it usually is, a closed pipe ends the tool the way it ends any writer.
    for (QStringList args :
         {QStringList{S("read"), m_events}, QStringList{S("tail"), m_events, S("--poll-ms"), S("50")}}) {
        int fds[2];
        QCOMPARE(::pipe2(fds, O_CLOEXEC), 0);
        ::close(fds[0]);
        const int writeEnd = fds[1];
        Setup setup;
        setup.timeoutMs = 20000;
        setup.inChild = [writeEnd] {
            ::dup2(writeEnd, STDOUT_FILENO);
            ::signal(SIGPIPE, SIG_DFL);
        };
        const Run r = run(args, setup);
        ::close(writeEnd);
        QCOMPARE(r.exit, -1); // killed by SIGPIPE
    }

    if (::geteuid() != 0)
        QSKIP("mknod needs root: the full-device cases did not run");
    QTemporaryDir dir;
    const QByteArray full = QFile::encodeName(dir.filePath(S("full")));
    QCOMPARE(::mknod(full.constData(), S_IFCHR | 0666, makedev(1, 7)), 0);
    for (const QStringList &args : commands) {
        Setup setup;
        setup.timeoutMs = 20000;
        setup.inChild = [full] {
            const int fd = ::open(full.constData(), O_WRONLY | O_CLOEXEC);
            ::dup2(fd, STDOUT_FILENO);
        };
        const Run r = run(args, setup);
        QVERIFY2(r.exit == 3,
                 qPrintable(args.join(QLatin1Char(' ')) + S(": exit ") + QString::number(r.exit)));
        QCOMPARE(r.err.count('\n'), 1);
        QVERIFY2(r.err.contains("No space left on device"), r.err.constData());
    }
}

void tst_Cli::journalExportCleansUpAfterSignals()
{
    // One file per event, each synced: long enough to be caught in the middle.
    QTemporaryDir out;
    const QString target = out.filePath(S("copy"));
    const QStringList args = {S("export"),   m_events,     S("--from"),      S("1"), S("--to"), S("3000"),
                              S("--format"), S("journal"), S("--threshold"), S("1"), S("-o"),   target};
    const auto startAndCatch = [&](QProcess &p, QString *partial) {
        p.start(QStringLiteral(BJB_CLI_PATH), args);
        QVERIFY(p.waitForStarted());
        QElapsedTimer clock;
        clock.start();
        while (partial->isEmpty() && clock.elapsed() < 30000) {
            for (const QString &name : entries(out.path())) {
                if (name.startsWith(S(".copy.partial-")))
                    *partial = out.filePath(name);
            }
        }
        QVERIFY(!partial->isEmpty());
        QCOMPARE(::kill(pid_t(p.processId()), SIGSTOP), 0); // frozen in the middle of the export
        QVERIFY2(QFileInfo(*partial).isDir(), "the export ended before it could be interrupted");
    };

    // SIGTERM: the staging directory is removed, nothing appears, and the tool ends by that signal.
    {
        QProcess p;
        QString partial;
        startAndCatch(p, &partial);
        if (QTest::currentTestFailed())
            return;
        ::kill(pid_t(p.processId()), SIGTERM);
        ::kill(pid_t(p.processId()), SIGCONT);
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitStatus(), QProcess::CrashExit);
        QCOMPARE(entries(out.path()), QStringList());
    }
    // SIGKILL cannot be caught: what it leaves is swept by the next export into the same place.
    QString stale;
    {
        QProcess p;
        startAndCatch(p, &stale);
        if (QTest::currentTestFailed())
            return;
        ::kill(pid_t(p.processId()), SIGKILL);
        QVERIFY(p.waitForFinished(60000));
        QVERIFY(QFileInfo(stale).isDir());
    }
    const Run next = run({S("export"), m_events, S("--from"), S("1"), S("--to"), S("20"), S("--format"),
                          S("journal"), S("-o"), target});
    QCOMPARE(next.exit, 0);
    QCOMPARE(entries(out.path()), QStringList{S("copy")});
}

void tst_Cli::journalExportHonoursUmaskAndKeepsTheDirectory()
{
    QTemporaryDir out;
    const QStringList range = {S("export"),   m_events,     S("--from"),      S("1"),     S("--to"), S("300"),
                               S("--format"), S("journal"), S("--threshold"), S("50000"), S("-o")};
    for (const mode_t mask : {mode_t(022), mode_t(027), mode_t(077)}) {
        const QString target = out.filePath(S("u") + QString::number(mask, 8));
        Setup setup;
        setup.inChild = [mask] {
            ::umask(mask);
        };
        QCOMPARE(run(range + QStringList{target}, setup).exit, 0);
        QCOMPARE(modeOf(target) & 07777, mode_t(0777 & ~mask));
    }
    // An existing empty directory stays the same directory, with its own mode.
    const QString kept = out.filePath(S("kept"));
    QVERIFY(QDir().mkdir(kept));
    QCOMPARE(::chmod(QFile::encodeName(kept).constData(), 0751), 0);
    const ino_t inode = inodeOf(kept);
    QCOMPARE(run(range + QStringList{kept}).exit, 0);
    QCOMPARE(inodeOf(kept), inode);
    QCOMPARE(modeOf(kept) & 07777, mode_t(0751));
    const QJsonObject o = json({S("info"), kept, S("--json")});
    QCOMPARE(o.value(S("events")).toInteger(), 300);
    QVERIFY(o.value(S("files")).toArray().size() > 1);
    QCOMPARE(entries(kept).size(), o.value(S("files")).toArray().size()); // nothing hidden left inside
    // Not empty any more: refused, untouched.
    const Run again = run(range + QStringList{kept});
    QCOMPARE(again.exit, 3);
    QVERIFY(again.err.contains("not empty"));
}

void tst_Cli::simulateCutShortBySignal()
{
    // A count cut short ends by the signal (the caller can tell), after writing whole lines; without a count,
    // a signal is how the writer stops, and it exits 0.
    QTemporaryDir dir;
    // Starts `simulate DIR extra...`, waits for its first file to hold something, then sends SIGTERM.
    const auto terminated = [](const QString &events, const QStringList &extra, QProcess &p) {
        p.start(QStringLiteral(BJB_CLI_PATH), QStringList{S("simulate"), events} + extra);
        if (!p.waitForStarted())
            return false;
        const QString first = QDir(events).filePath(JournalFileName::forStartSeq(1));
        QElapsedTimer waited;
        waited.start();
        while (QFileInfo(first).size() == 0 && waited.elapsed() < 20000)
            QTest::qWait(10);
        p.terminate();
        return p.waitForFinished(20000);
    };
    const QString counted = dir.filePath(S("counted"));
    QProcess p;
    QVERIFY(terminated(counted, {S("--count"), S("100000000"), S("--seed"), S("2")}, p));
    QCOMPARE(p.exitStatus(), QProcess::CrashExit);
    QVERIFY(p.readAllStandardError().contains("wrote "));
    const Run info = run({S("info"), counted});
    QCOMPARE(info.exit, 0);
    QVERIFY2(!info.out.contains("torn"), info.out.constData());

    QProcess endless;
    QVERIFY(terminated(dir.filePath(S("live")), {S("--rate"), S("1000")}, endless));
    QCOMPARE(endless.exitStatus(), QProcess::NormalExit);
    QCOMPARE(endless.exitCode(), 0);
}

void tst_Cli::simulateLimits()
{
    QTemporaryDir dir;
    const Run zero = run({S("simulate"), dir.path(), S("--rate"), S("0"), S("--count"), S("5")});
    QCOMPARE(zero.exit, 2);
    QCOMPARE(zero.err.count('\n'), 1);
    QCOMPARE(entries(dir.path()), QStringList());
    // A URL of another scheme is a mistake, not a directory to wait for.
    const Run ftp = run({S("tail"), S("ftp://localhost:18080")});
    QCOMPARE(ftp.exit, 2);
    QVERIFY2(ftp.err.contains("only http:// and https://"), ftp.err.constData());
    for (const QStringList &bad :
         {QStringList{S("--keep"), S("0")}, QStringList{S("--session-events"), S("0")},
          QStringList{S("--session-events"), S("1000001")}}) {
        const Run r = run(QStringList{S("simulate"), dir.path(), S("--count"), S("5")} + bad);
        QCOMPARE(r.exit, 2);
        QCOMPARE(r.err.count('\n'), 1);
        QVERIFY2(r.err.contains(bad.first().toUtf8()), r.err.constData());
    }
    QCOMPARE(entries(dir.path()), QStringList());

    // One seq left before u64 max: it is written, then the next is refused instead of wrapping to 0.
    const quint64 max = std::numeric_limits<quint64>::max();
    writeFile(dir.filePath(JournalFileName::forStartSeq(max - 1)), line(max - 1) + '\n');
    const Run r = run({S("simulate"), dir.path(), S("--count"), S("5")});
    QCOMPARE(r.exit, 3);
    QCOMPARE(r.err.count('\n'), 1);
    QVERIFY(r.err.contains("18446744073709551615"));
    // As the server after a boot: the next event opens a file named by its seq; no events-000…0.jsonl.
    QCOMPARE(entries(dir.path()),
             (QStringList{S(".account-journal.lock"), JournalFileName::forStartSeq(max - 1),
                          JournalFileName::forStartSeq(max)}));
    const QList<QByteArray> lines = run({S("read"), dir.path()}).out.split('\n');
    QCOMPARE(lines.size(), 3);
    QVERIFY(lines[1].startsWith("{\"seq\":18446744073709551615,"));
}

void tst_Cli::tailWaitsForTheDirectory()
{
    QTemporaryDir parent;
    const QString bamboo = parent.filePath(S("bamboo")); // the server has not started yet
    QProcess p;
    p.start(QStringLiteral(BJB_CLI_PATH), {S("tail"), bamboo, S("--poll-ms"), S("50")});
    QVERIFY(p.waitForStarted());
    QByteArray err;
    QTRY_VERIFY_WITH_TIMEOUT((err += p.readAllStandardError()).contains("waiting for it to appear"), 10000);
    QCOMPARE(p.state(), QProcess::Running);
    const QString events = bamboo + S("/events");
    QVERIFY(QDir().mkpath(events));
    writeRange(events, 1, 3);
    QByteArray out;
    QTRY_VERIFY_WITH_TIMEOUT((out += p.readAllStandardOutput()).count('\n') == 3, 10000);
    QCOMPARE(out, line(1) + '\n' + line(2) + '\n' + line(3) + '\n');
    p.terminate();
    QVERIFY(p.waitForFinished(10000));
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QCOMPARE(p.exitCode(), 0);
}

void tst_Cli::tailFollowsARecreatedJournal()
{
    QTemporaryDir parent;
    const QString events = parent.filePath(S("events"));
    QVERIFY(QDir().mkpath(events));
    writeRange(events, 1, 3);
    QProcess p;
    p.start(QStringLiteral(BJB_CLI_PATH), {S("tail"), events, S("--since"), S("0"), S("--poll-ms"), S("50")});
    QVERIFY(p.waitForStarted());
    QByteArray out, err;
    QTRY_VERIFY_WITH_TIMEOUT((out += p.readAllStandardOutput()).count('\n') == 3, 10000);
    QVERIFY(QDir(events).removeRecursively());
    QTRY_VERIFY_WITH_TIMEOUT((err += p.readAllStandardError()).contains("directory missing"), 10000);
    // A fresh server: its seqs start at 1 again, and they are new events.
    QVERIFY(QDir().mkpath(events));
    writeRange(events, 1, 3);
    QTRY_VERIFY_WITH_TIMEOUT((out += p.readAllStandardOutput()).count('\n') == 6, 10000);
    QTRY_VERIFY_WITH_TIMEOUT((err += p.readAllStandardError()).contains("a new journal"), 10000);
    const QByteArray three = line(1) + '\n' + line(2) + '\n' + line(3) + '\n';
    QCOMPARE(out, three + three);
    p.terminate();
    QVERIFY(p.waitForFinished(10000));
    QCOMPARE(p.exitCode(), 0);
}

void tst_Cli::tailEndsWhenItsReaderDoes()
{
    // "tail --since 0 | head -1" on a journal where nothing more happens: head exits after one line, and the
    // tail must end then, not at the next event.
    QTemporaryDir dir;
    writeRange(dir.path(), 1, 3);
    const Run r = shell(S("\"$0\" tail \"$1\" --since 0 --poll-ms 50 | head -n 1"), {dir.path()});
    QCOMPARE(r.exit, 0); // -2 if it was still running
    QCOMPARE(r.out, line(1) + '\n');
}

void tst_Cli::pathsAsGiven()
{
    // A trailing slash, ".": the same directory.
    QTemporaryDir bamboo;
    const QString events = bamboo.filePath(S("events"));
    QVERIFY(QDir().mkpath(events)); // empty: recognised by its name
    for (const QString &spelling :
         QStringList{events, events + S("/"), events + S("/."), bamboo.path() + S("/")}) {
        const QJsonObject o = json({S("info"), spelling, S("--json")});
        QCOMPARE(o.value(S("dir")).toString(), events);
    }
    Setup inside;
    inside.workingDirectory = m_events;
    const Run dot = run({S("info"), S("."), S("--json")}, inside);
    QCOMPARE(dot.exit, 0);
    QCOMPARE(QJsonDocument::fromJson(dot.out).object().value(S("events")).toInteger(), 3000);

    // -o DIR/ for the journal format.
    QTemporaryDir out;
    const Run slash = run({S("export"), m_events, S("--from"), S("1"), S("--to"), S("10"), S("--format"),
                           S("journal"), S("-o"), out.filePath(S("new/"))});
    QCOMPARE(slash.exit, 0);
    QCOMPARE(json({S("info"), out.filePath(S("new")), S("--json")}).value(S("events")).toInteger(), 10);
    QCOMPARE(entries(out.path()), QStringList{S("new")});

    // Bytes that are not UTF-8 (a Latin-1 name) reach the file system unchanged, and come back unchanged.
    QTemporaryDir latin;
    const Run made =
        shell(S("d=\"$1/$(printf 'caf\\351')\"; \"$0\" simulate \"$d\" --count 5 2>/dev/null && \"$0\" "
                "info \"$d\" && \"$0\" info \"$d\" --json"),
              {latin.path()});
    QCOMPARE(made.exit, 0);
    const QByteArray raw = QFile::encodeName(latin.path()) + "/caf\xe9";
    struct stat st;
    QCOMPARE(::stat(raw.constData(), &st), 0); // not "caf\xef\xbf\xbd"
    QVERIFY(S_ISDIR(st.st_mode));
    QVERIFY2(made.out.contains(QByteArray("directory          " + raw + '\n')), made.out.constData());
    QVERIFY(made.out.contains("caf\\udce9"));                      // JSON names the byte
    QCOMPARE(shell(S("rm -rf \"$1\"/*"), {latin.path()}).exit, 0); // QTemporaryDir cannot name it

    // A symlink loop is not a missing directory.
    const QString loop = bamboo.filePath(S("loop"));
    QVERIFY(QFile::link(loop, loop));
    const Run looped = run({S("info"), loop});
    QCOMPARE(looped.exit, 3);
    QVERIFY2(looped.err.contains(std::strerror(ELOOP)), looped.err.constData());
    QVERIFY(!looped.err.contains("no such directory"));
}

void tst_Cli::messages()
{
    const auto usage = [this](const QStringList &args, const char *expected) {
        const Run r = run(args);
        QCOMPARE(r.exit, 2);
        QCOMPARE(r.err.count('\n'), 1); // one line, whatever the mistake
        QVERIFY2(r.err.contains(expected), r.err.constData());
        QVERIFY2(!r.err.contains("QDir") && !r.err.contains("QCommandLineParser"), r.err.constData());
    };
    usage({S("info"), S("--json")}, "info: missing DIR");
    usage({S("info"), m_events, S("extra")}, "info: unexpected argument 'extra'");
    usage({S("info"), S("")}, "info: DIR is empty");
    usage({S("simulate"), S("")}, "simulate: DIR is empty");
    usage({S("read"), m_events, S("--bogus")}, "read: unknown option '--bogus'");
    usage({S("info"), m_events, S("-z")}, "info: unknown option '-z'");
    usage({S("prune"), m_events}, "prune: --keep N is required");
    usage({}, "no command given");
    usage({S("frobnicate")}, "unknown command 'frobnicate'");
    usage({S("export"), m_events, S("--from"), S("1"), S("--to"), S("2")}, "-o OUT is required");

    // Each command explains itself.
    for (const char *command : {"info", "read", "export", "prune", "doctor", "resume", "tail", "simulate"}) {
        const Run help = run({S(command), S("--help")});
        QCOMPARE(help.exit, 0);
        QVERIFY(help.out.startsWith(QByteArray("usage: bamboo-journal " + QByteArray(command) + ' ')));
        QVERIFY(help.err.isEmpty());
        QCOMPARE(run({S("help"), S(command)}).out, help.out);
    }
    QVERIFY(run({S("export"), S("-h")}).out.contains("--ignore-case"));

    // A write that fails names the file: here a file size limit (EFBIG, "File too large").
    QTemporaryDir out;
    const QString big = out.filePath(S("big.jsonl"));
    Setup limited;
    limited.inChild = [] {
        ::signal(SIGXFSZ, SIG_IGN);
        struct rlimit limit = {64 * 1024, 64 * 1024};
        ::setrlimit(RLIMIT_FSIZE, &limit);
    };
    const Run tooLarge =
        run({S("export"), m_events, S("--from"), S("1"), S("--to"), S("3000"), S("-o"), big}, limited);
    QCOMPARE(tooLarge.exit, 3);
    QCOMPARE(tooLarge.err.count('\n'), 1);
    QVERIFY2(tooLarge.err.contains(QByteArray(big.toUtf8() + ": ")) &&
                 tooLarge.err.contains(std::strerror(EFBIG)),
             tooLarge.err.constData());
    QCOMPARE(entries(out.path()), QStringList());

    // A newline in a path or an event type never splits a line.
    const QString odd = out.filePath(S("a\nb"));
    const Run missing = run({S("info"), odd});
    QCOMPARE(missing.exit, 3);
    QCOMPARE(missing.err.count('\n'), 1);
    QVERIFY(missing.err.contains("a\\nb"));
    QTemporaryDir dir;
    writeFile(
        dir.filePath(S("events-1.jsonl")),
        R"({"seq":1,"ts":"2026-11-20T09:00:01Z","session_id":"s1","event":{"type":"x\ny","session_id":"s1"}})"
        "\n");
    writeFile(dir.filePath(S("events-x\ny.jsonl")), "stranger");
    const Run doctor = run({S("doctor"), dir.path()});
    const QList<QByteArray> findings = doctor.out.trimmed().split('\n');
    QCOMPARE(findings.size(), 2);
    for (const QByteArray &finding : findings)
        QVERIFY2(finding.startsWith("info "), finding.constData());
    QVERIFY(doctor.out.contains("x\\ny"));
}

void tst_Cli::optionRules()
{
    QTemporaryDir dir;
    for (quint64 s = 1; s <= 50; s += 10)
        writeRange(dir.path(), s, s + 9);
    // A single-valued option given twice is a mistake, not "the last one wins".
    for (const QStringList &args :
         {QStringList{S("prune"), dir.path(), S("--keep"), S("3"), S("--keep"), S("50")},
          QStringList{S("read"), dir.path(), S("--limit"), S("1"), S("--limit"), S("2")},
          QStringList{S("export"), dir.path(), S("--from"), S("1"), S("--from"), S("2"), S("--to"), S("5"),
                      S("-o"), S("-")},
          QStringList{S("export"), dir.path(), S("--from"), S("1"), S("--to"), S("5"), S("-o"), S("-"),
                      S("--output"), S("x")}}) {
        const Run r = run(args);
        QCOMPARE(r.exit, 2);
        QVERIFY(r.err.contains("given more than once"));
    }
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 5); // nothing pruned
    // Repeatable ones repeat.
    QCOMPARE(run({S("export"), dir.path(), S("--from"), S("1"), S("--to"), S("50"), S("--type"), S("a"),
                  S("--type"), S("session_deleted"), S("-o"), S("-")})
                 .out.count('\n'),
             50);

    // Time bounds the wrong way round are a usage error, like --from > --to.
    const QStringList all = {S("export"), m_events,  S("--from"), S("1"),
                             S("--to"),   S("3000"), S("-o"),     S("-")};
    const Run backwards = run(
        all + QStringList{S("--after"), S("2026-11-21T00:00:00Z"), S("--before"), S("2026-11-20T00:00:00Z")});
    QCOMPARE(backwards.exit, 2);
    QVERIFY(backwards.err.contains("--after is later than --before"));
    // More than nine fraction digits: truncated, as RFC 3339 allows.
    const Run fine = run(all + QStringList{S("--after"), S("2026-11-20T09:00:00.1234567891Z")});
    QCOMPARE(fine.exit, 0);
    QCOMPARE(fine.out, run(all + QStringList{S("--after"), S("2026-11-20T09:00:00.123456789Z")}).out);
    // A date alone is the start of that day, UTC (the simulated events are all on 2026-11-20).
    const Run day = run(all + QStringList{S("--after"), S("2026-11-20"), S("--before"), S("2026-11-21")});
    QCOMPARE(day.exit, 0);
    QCOMPARE(day.out.count('\n'), 3000);
    QCOMPARE(run(all + QStringList{S("--before"), S("2026-11-20")}).out, QByteArray());

    // --ignore-case for the text criterion.
    const Run lower = run(all + QStringList{S("--contains"), S("WebFetch")});
    QVERIFY(lower.out.count('\n') > 0);
    QCOMPARE(run(all + QStringList{S("--contains"), S("WEBFETCH")}).out, QByteArray());
    QCOMPARE(run(all + QStringList{S("--contains"), S("WEBFETCH"), S("--ignore-case")}).out, lower.out);
}

void tst_Cli::sessionJsonIsPinned()
{
    QTemporaryDir dir;
    writeSessionJournal(dir.path());
    const Run r = run({QStringLiteral("session"), dir.path(), QStringLiteral("p"), QStringLiteral("--at"),
                       QStringLiteral("10"), QStringLiteral("--json")});
    QCOMPARE(r.exit, 0);
    QCOMPARE(r.err, QByteArray());
    QCOMPARE(r.out, QByteArray(PinnedPAt10));
    const Run child =
        run({QStringLiteral("session"), dir.path(), QStringLiteral("c"), QStringLiteral("--json")});
    QCOMPARE(child.exit, 0);
    QCOMPARE(child.out, QByteArray(PinnedC));
}

void tst_Cli::sessionOnAPrunedJournal()
{
    // The oldest retained file starts at seq 10: seqs 1-9 were pruned.
    QTemporaryDir dir;
    writeRange(dir.path(), 10, 20);
    const Run before = run({S("session"), dir.path(), S("s1"), S("--at"), S("9")});
    QCOMPARE(before.exit, 3);
    QVERIFY2(before.err.contains("seq 9 is before the retained window (oldest seq 10)"),
             before.err.constData());
    QVERIFY(before.out.isEmpty());
    const Run gone = run({S("session"), dir.path(), S("s9")});
    QCOMPARE(gone.exit, 3);
    QVERIFY2(
        gone.err.contains("s9 does not appear in the retained journal; events before seq 10 were pruned"),
        gone.err.constData());
    // s1's first retained event is not its creation: it began in what was pruned.
    const Run partial = run({S("session"), dir.path(), S("s1"), S("--at"), S("10")});
    QCOMPARE(partial.exit, 0);
    QVERIFY2(
        partial.err.contains("warning: events before seq 10 were pruned and this session began before them"),
        partial.err.constData());
    QVERIFY(partial.out.contains("s1 as of seq 10"));
    // A journal that starts at seq 1 lost nothing.
    QTemporaryDir whole;
    writeRange(whole.path(), 1, 5);
    const Run all = run({S("session"), whole.path(), S("s1")});
    QCOMPARE(all.exit, 0);
    QVERIFY2(!all.err.contains("pruned"), all.err.constData());
    const Run never = run({S("session"), whole.path(), S("s9")});
    QCOMPARE(never.exit, 3);
    QVERIFY2(never.err.contains("never appears"), never.err.constData());
}

void tst_Cli::sessionTextIsOneLineEach()
{
    // A title with control characters and quotes: escaped, on its own line, nothing reaching the terminal.
    QTemporaryDir dir;
    writeFile(
        QDir(dir.path()).filePath(S("events-00000000000000000001.jsonl")),
        R"({"seq":1,"ts":"2026-11-20T09:00:01Z","session_id":"s1","event":{"type":"session_created","session_id":"s1","title":"New session","kind":"root","created_at":"2026-11-20T09:00:01Z"}})"
        "\n"
        R"({"seq":2,"ts":"2026-11-20T09:00:02Z","session_id":"s1","event":{"type":"session_title_updated","session_id":"s1","title":"evil\u001b[2J\u0007\r\nfake \"line\" \\ end","title_version":2,"source":"manual","updated_at":"2026-11-20T09:00:02Z"}})"
        "\n");
    const Run r = run({S("session"), dir.path(), S("s1")});
    QCOMPARE(r.exit, 0);
    QVERIFY2(r.out.contains(R"(title      "evil\x1b[2J\x07\r\nfake \"line\" \\ end" v2 manual)"),
             r.out.constData());
    for (const char c : r.out)
        QVERIFY2(c == '\n' || static_cast<unsigned char>(c) >= 0x20, r.out.constData());
    QCOMPARE(r.out.count('\n'), 6);
}

void tst_Cli::sessionTextAndErrors()
{
    QTemporaryDir dir;
    writeSessionJournal(dir.path());
    const Run text = run({QStringLiteral("session"), dir.path(), QStringLiteral("p")});
    QCOMPARE(text.exit, 0);
    QVERIFY2(!text.err.contains("warning"), text.err.constData());
    for (const char *expected :
         {"p (root) as of seq 12", "\"Fix the build\" v2 manual", "c running \"Read the log\"",
          "item-1 completed", "plan mode  active, designing, plans/build.md",
          "12,345 tokens (10,000 prompt, 2,345 completion)", "pinned"})
        QVERIFY2(text.out.contains(expected), expected);
    // A FIFO named like a journal file: the state is computed from the rest, and the file is named.
    const QString fifo = QDir(dir.path()).filePath(QStringLiteral("events-00000000000000000900.jsonl"));
    QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
    const Run warned = run({QStringLiteral("session"), dir.path(), QStringLiteral("p")});
    QCOMPARE(warned.exit, 0);
    QCOMPARE(warned.out, text.out);
    QVERIFY2(warned.err.contains("warning: events-00000000000000000900.jsonl: a FIFO"),
             warned.err.constData());
    QVERIFY(QFile::remove(fifo));
    // Usage errors exit 2, a session that never appears exits 3.
    QCOMPARE(run({QStringLiteral("session"), dir.path()}).exit, 2);
    QCOMPARE(run({QStringLiteral("session"), dir.path(), QStringLiteral("p"), QStringLiteral("extra")}).exit,
             2);
    QCOMPARE(run({QStringLiteral("session"), dir.path(), QStringLiteral("p"), QStringLiteral("--at"),
                  QStringLiteral("-1")})
                 .exit,
             2);
    QCOMPARE(
        run({QStringLiteral("session"), dir.path(), QStringLiteral("p"), QStringLiteral("--bogus")}).exit, 2);
    const Run missing =
        run({QStringLiteral("session"), dir.path(), QStringLiteral("nobody"), QStringLiteral("--json")});
    QCOMPARE(missing.exit, 3);
    QVERIFY(missing.out.isEmpty());
    QVERIFY(missing.err.contains("never appears"));
    QCOMPARE(run({QStringLiteral("session"), dir.path() + QStringLiteral("/nope"), QStringLiteral("p")}).exit,
             3);
    // Before its first event the session appears in the journal but does not exist yet.
    const QJsonObject early = json({QStringLiteral("session"), dir.path(), QStringLiteral("c"),
                                    QStringLiteral("--at"), QStringLiteral("3"), QStringLiteral("--json")});
    QCOMPARE(early.value(QStringLiteral("exists")), QJsonValue(false));
    QCOMPARE(early.value(QStringLiteral("events")).toArray().size(), 0);
    QVERIFY(run({QStringLiteral("--help")}).out.contains("session DIR ID [--at SEQ] [--json]"));
}

void tst_Cli::sessionOnASimulatedJournal()
{
    // Every session of the simulated journal, as of the newest seq: its events are exactly its lines.
    const QJsonObject info = json({QStringLiteral("info"), m_events, QStringLiteral("--json")});
    const Run all = run({QStringLiteral("read"), m_events});
    QCOMPARE(all.exit, 0);
    QHash<QString, qint64> counts;
    for (const QByteArray &l : all.out.split('\n')) {
        const QJsonObject o = QJsonDocument::fromJson(l).object();
        if (!o.isEmpty())
            ++counts[o.value(QStringLiteral("session_id")).toString()];
    }
    QVERIFY(counts.size() > 5);
    int checked = 0;
    for (auto it = counts.cbegin(); it != counts.cend() && checked < 8; ++it, ++checked) {
        const QJsonObject s = json({QStringLiteral("session"), m_events, it.key(), QStringLiteral("--json")});
        QCOMPARE(s.value(QStringLiteral("session_id")).toString(), it.key());
        QCOMPARE(s.value(QStringLiteral("at_seq")).toInteger(),
                 info.value(QStringLiteral("max_seq")).toInteger());
        QCOMPARE(s.value(QStringLiteral("events")).toArray().size(), it.value());
        QCOMPARE(s.value(QStringLiteral("event_count")).toInteger(), it.value());
        for (const char *key :
             {"exists", "deleted", "cleared", "kind", "title", "title_version", "title_source", "pinned",
              "parent_session_id", "children", "task_list", "plan_mode", "runs", "usage", "events"})
            QVERIFY2(s.contains(QLatin1String(key)), key);
        const QJsonObject usage = s.value(QStringLiteral("usage")).toObject();
        QCOMPARE(usage.value(QStringLiteral("total_tokens")).toInteger(),
                 usage.value(QStringLiteral("prompt_tokens")).toInteger() +
                     usage.value(QStringLiteral("completion_tokens")).toInteger());
    }
}

void tst_Cli::whereOnReadExportInfo_data()
{
    QTest::addColumn<QString>("where");
    QTest::addColumn<std::function<bool(const QJsonObject &)>>("expected");
    const auto event = [](const QJsonObject &o) {
        return o.value(QLatin1String("event")).toObject();
    };
    const auto type = [event](const QJsonObject &o) {
        return event(o).value(QLatin1String("type")).toString();
    };
    QTest::addRow("tokens") << QStringLiteral("type = complete and event.usage.total_tokens > 10000")
                            << std::function<bool(const QJsonObject &)>([=](const QJsonObject &o) {
                                   return type(o) == QLatin1String("complete") &&
                                          event(o).value(QLatin1String("usage"))
                                                  .toObject()
                                                  .value(QLatin1String("total_tokens"))
                                                  .toDouble() > 10000;
                               });
    QTest::addRow("tools") << QStringLiteral("event.tool_name ~ /^(Bash|Edit)$/")
                           << std::function<bool(const QJsonObject &)>([=](const QJsonObject &o) {
                                  const QString tool = event(o).value(QLatin1String("tool_name")).toString();
                                  return tool == QLatin1String("Bash") || tool == QLatin1String("Edit");
                              });
    QTest::addRow("ended") << QStringLiteral("type in (error, cancelled) and ts >= 2026-11-20")
                           << std::function<bool(const QJsonObject &)>([=](const QJsonObject &o) {
                                  return type(o) == QLatin1String("error") ||
                                         type(o) == QLatin1String("cancelled");
                              });
    QTest::addRow("not a role") << QStringLiteral("not (event.role = user) and seq <= 1500")
                                << std::function<bool(const QJsonObject &)>([=](const QJsonObject &o) {
                                       return event(o).value(QLatin1String("role")).toString() !=
                                                  QLatin1String("user") &&
                                              o.value(QLatin1String("seq")).toInteger() <= 1500;
                                   });
}

void tst_Cli::whereOnReadExportInfo()
{
    QFETCH(QString, where);
    QFETCH(std::function<bool(const QJsonObject &)>, expected);
    const auto S = [](const char *s) {
        return QString::fromLatin1(s);
    };
    const Run all = run({S("read"), m_events});
    QCOMPARE(all.exit, 0);
    QList<QByteArray> wanted;
    for (const QByteArray &line : all.out.split('\n')) {
        if (!line.isEmpty() && expected(QJsonDocument::fromJson(line).object()))
            wanted.append(line);
    }
    QVERIFY(wanted.size() > 3);
    QVERIFY(wanted.size() < 3000);
    const auto lines = [](const QByteArray &out) {
        QList<QByteArray> l = out.split('\n');
        if (!l.isEmpty() && l.last().isEmpty())
            l.removeLast();
        return l;
    };

    // read: the lines that match, in read_since order; --limit counts matching lines.
    const Run read = run({S("read"), m_events, S("--where"), where});
    QCOMPARE(read.exit, 0);
    QCOMPARE(lines(read.out), wanted);
    const Run limited = run({S("read"), m_events, S("--where"), where, S("--limit"), S("3")});
    QCOMPARE(lines(limited.out), wanted.mid(0, 3));
    const quint64 since = quint64(QJsonDocument::fromJson(wanted[1]).object().value(S("seq")).toInteger());
    const Run after = run({S("read"), m_events, S("--since"), QString::number(since), S("--where"), where});
    QCOMPARE(lines(after.out), wanted.mid(2));

    // export: the same lines.
    const Run exported = run({S("export"), m_events, S("--from"), S("1"), S("--to"), S("3000"), S("--where"),
                              where, S("-o"), S("-")});
    QCOMPARE(exported.exit, 0);
    QCOMPARE(lines(exported.out), wanted);

    // info: how many match, in all and per file.
    const QJsonObject info = json({S("info"), m_events, S("--json"), S("--where"), where});
    QCOMPARE(info.value(S("matching")).toInteger(), qint64(wanted.size()));
    QCOMPARE(info.value(S("where")).toString(), where);
    qint64 perFile = 0;
    for (const QJsonValue &f : info.value(S("files")).toArray())
        perFile += f.toObject().value(S("matching")).toInteger();
    QCOMPARE(perFile, qint64(wanted.size()));
    const Run text = run({S("info"), m_events, S("--where"), where});
    QCOMPARE(text.exit, 0);
    QVERIFY(text.out.contains(
        QByteArray("matching events    " + QByteArray::number(wanted.size()) + " (where ")));
    QVERIFY(text.out.contains("MATCHING"));
    // Without --where, info says nothing of matching.
    QVERIFY(!json({S("info"), m_events, S("--json")}).contains(S("matching")));
}

void tst_Cli::whereOnTail()
{
    const auto S = [](const char *s) {
        return QString::fromLatin1(s);
    };
    QTemporaryDir dir;
    const QString path = writeRange(dir.path(), 1, 4);
    appendFile(path, line(5, "session_cleared", "s2") + '\n');
    QProcess p;
    p.start(QStringLiteral(BJB_CLI_PATH), {S("tail"), dir.path(), S("--since"), S("0"), S("--poll-ms"),
                                           S("50"), S("--where"), S("type = session_cleared or seq = 2")});
    QVERIFY(p.waitForStarted());
    QByteArray out;
    QTRY_VERIFY_WITH_TIMEOUT((out += p.readAllStandardOutput()).count('\n') == 2, 10000);
    appendFile(path, line(6) + '\n' + line(7, "session_cleared", "s3") + '\n');
    QTRY_VERIFY_WITH_TIMEOUT((out += p.readAllStandardOutput()).count('\n') == 3, 10000);
    p.terminate();
    QVERIFY(p.waitForFinished(10000));
    QCOMPARE(p.exitCode(), 0);
    out += p.readAllStandardOutput();
    QCOMPARE(out, line(2) + '\n' + line(5, "session_cleared", "s2") + '\n' +
                      line(7, "session_cleared", "s3") + '\n');
}

void tst_Cli::whereErrorsPointAtTheColumn()
{
    const auto S = [](const char *s) {
        return QString::fromLatin1(s);
    };
    const QString bad = S("type = complete and event.usage.total_tokens > ");
    const QByteArray message = "--where: expected a value after '>' at column 48";
    const QList<QStringList> commands = {
        {S("read"), m_events, S("--where"), bad},
        {S("info"), m_events, S("--where"), bad},
        {S("export"), m_events, S("--from"), S("1"), S("--to"), S("2"), S("--where"), bad, S("-o"), S("-")},
        {S("tail"), m_events, S("--where"), bad},
    };
    for (const QStringList &args : commands) {
        const Run r = run(args);
        QCOMPARE(r.exit, 2);
        QVERIFY2(r.err.contains(message), r.err.constData());
        QCOMPARE(r.err.count('\n'), 1);
        QVERIFY(r.out.isEmpty());
    }
    const Run unknown = run({S("read"), m_events, S("--where"), S("role = user")});
    QCOMPARE(unknown.exit, 2);
    QVERIFY(unknown.err.contains("unknown field 'role'"));
    QVERIFY(unknown.err.contains("at column 1"));
    // Help names the option.
    for (const char *command : {"read", "export", "tail", "info"}) {
        const QByteArray help = run({S(command), S("--help")}).out;
        QVERIFY(help.contains("--where EXPR") && help.contains("Only events matching the query EXPR"));
    }
}

QTEST_GUILESS_MAIN(tst_Cli)
#include "tst_cli.moc"

namespace {

// `bamboo-journal simulate DIR --serve 127.0.0.1:0 ...` in the background; its URL from stderr.
struct Served
{
    QProcess process;
    QString url;
    bool start(const QStringList &args)
    {
        process.setReadChannel(QProcess::StandardError);
        process.start(QStringLiteral(BJB_CLI_PATH), args);
        QByteArray err;
        for (int i = 0; i < 200 && url.isEmpty() && process.state() != QProcess::NotRunning; ++i) {
            process.waitForReadyRead(100);
            err += process.readAll();
            const qsizetype at = err.indexOf("serving ");
            const qsizetype end = err.indexOf(" over ", at);
            if (at >= 0 && end > at)
                url = QString::fromUtf8(err.mid(at + 8, end - at - 8));
        }
        return !url.isEmpty();
    }
    ~Served()
    {
        process.terminate();
        process.waitForFinished(10000);
    }
};

} // namespace

void tst_Cli::feedUsageErrors()
{
    const QString url = QStringLiteral("http://127.0.0.1:9");
    const struct
    {
        QStringList args;
        const char *message;
    } cases[] = {
        {{QStringLiteral("tail"), QStringLiteral("http://")},
         "is not an http:// or https:// URL with a host"},
        {{QStringLiteral("tail"), url, QStringLiteral("--since"), QStringLiteral("-1")},
         "not an unsigned integer"},
        {{QStringLiteral("tail"), url, QStringLiteral("--poll-ms"), QStringLiteral("5")},
         "unknown option '--poll-ms'"},
        {{QStringLiteral("tail"), url + QStringLiteral("/?since=x")}, "since=x"},
        {{QStringLiteral("tail"), QStringLiteral("http://me:pw@example.org")}, "do not go in the URL"},
        {{QStringLiteral("tail"), url, QStringLiteral("--watchdog-ms"), QStringLiteral("0")},
         "between 1 and"},
        {{QStringLiteral("record")}, "missing URL"},
        {{QStringLiteral("record"), url}, "missing OUTDIR"},
        {{QStringLiteral("record"), url, QStringLiteral("")}, "OUTDIR is empty"},
        {{QStringLiteral("record"), url, m_events, QStringLiteral("--keep"), QStringLiteral("0")},
         "at least 1"},
        {{QStringLiteral("verify-stream"), url}, "missing DIR"},
        {{QStringLiteral("verify-stream"), url, m_events, QStringLiteral("--quiet-ms"), QStringLiteral("0")},
         "between 1 and"},
        {{QStringLiteral("verify-stream"), url, m_events, QStringLiteral("extra")},
         "unexpected argument 'extra'"},
        {{QStringLiteral("simulate"), m_events, QStringLiteral("--keepalive-ms"), QStringLiteral("5")},
         "needs --serve"},
        {{QStringLiteral("simulate"), m_events, QStringLiteral("--serve"), QStringLiteral("nope:x")},
         "[HOST:]PORT"},
        {{QStringLiteral("simulate"), m_events, QStringLiteral("--serve"), QStringLiteral("70000")},
         "[HOST:]PORT"},
    };
    for (const auto &c : cases) {
        const Run r = run(c.args);
        QVERIFY2(r.exit == 2, qPrintable(c.args.join(QLatin1Char(' '))));
        QVERIFY2(r.err.contains(c.message), r.err.constData());
        QCOMPARE(r.err.count('\n'), 1);
    }
    // Malformed credentials are a usage error that never shows them; a token file that cannot be read is I/O.
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("BAMBOO_DEVICE_TOKEN"), QStringLiteral("bd1_topsecret"));
    env.insert(QStringLiteral("BAMBOO_DEVICE_ID"), QStringLiteral("bamboo_0123456789ab"));
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(BJB_CLI_PATH), {QStringLiteral("tail"), url});
    QVERIFY(p.waitForFinished(20000));
    QCOMPARE(p.exitCode(), 2);
    const QByteArray err = p.readAllStandardError();
    QVERIFY2(err.contains("BAMBOO_DEVICE_TOKEN is not a device token"), err.constData());
    QVERIFY(!err.contains("topsecret"));
    const Run missing = run({QStringLiteral("record"), url, m_events + QStringLiteral("-copy"),
                             QStringLiteral("--token-file"), m_events + QStringLiteral("/no-such-file")});
    QCOMPARE(missing.exit, 3);
    QVERIFY(missing.err.contains("no-such-file"));
    // Nobody listening: a comparison cannot wait for the server, it fails at once.
    QTemporaryDir empty;
    const Run refused =
        run({QStringLiteral("verify-stream"), QStringLiteral("http://127.0.0.1:1"), m_events});
    QCOMPARE(refused.exit, 3);
    QVERIFY2(refused.err.contains("127.0.0.1:1"), refused.err.constData());
    const Run help = run({QStringLiteral("record"), QStringLiteral("--help")});
    QCOMPARE(help.exit, 0);
    QVERIFY(help.out.startsWith("usage: bamboo-journal record URL OUTDIR"));
    QVERIFY(run({QStringLiteral("--help")}).out.contains("verify-stream URL DIR"));
}

void tst_Cli::feedCommandsOnAServedJournal()
{
    QTemporaryDir dir;
    const QString events = dir.filePath(QStringLiteral("events"));
    Served server;
    QVERIFY(server.start({QStringLiteral("simulate"), events, QStringLiteral("--count"),
                          QStringLiteral("300"), QStringLiteral("--threshold"), QStringLiteral("20000"),
                          QStringLiteral("--serve"), QStringLiteral("127.0.0.1:0"),
                          QStringLiteral("--keepalive-ms"), QStringLiteral("200")}));
    // verify-stream: equal (the replay ends at the first keepalive).
    Run r = run({QStringLiteral("verify-stream"), server.url, events, QStringLiteral("--since"),
                 QStringLiteral("10")});
    QVERIFY2(r.exit == 0, r.err.constData());
    QVERIFY2(r.out.contains("equal: the same 290 events in the same order, byte for byte"),
             r.out.constData());
    QVERIFY(r.out.contains("until the first keepalive"));
    const QJsonObject j =
        json({QStringLiteral("verify-stream"), server.url, events, QStringLiteral("--json")});
    QCOMPARE(j.value(QStringLiteral("equal")).toBool(), true);
    QCOMPARE(j.value(QStringLiteral("stream_events")).toInt(), 300);

    // Against a copy in which one line differs: exit 1, with the byte.
    QTemporaryDir copy;
    for (const QString &name : QDir(events).entryList({QStringLiteral("events-*.jsonl")}, QDir::Files))
        QVERIFY(QFile::copy(QDir(events).filePath(name), copy.filePath(name)));
    const QString first = copy.filePath(JournalFileName::forStartSeq(1));
    QFile f(first);
    QVERIFY(f.open(QIODevice::ReadWrite));
    QByteArray bytes = f.readAll();
    bytes.replace("{\"seq\":2,\"ts\":\"2026", "{\"seq\":2,\"ts\":\"2027");
    QVERIFY(f.seek(0));
    QCOMPARE(f.write(bytes), bytes.size());
    f.close();
    r = run({QStringLiteral("verify-stream"), server.url, copy.path()});
    QCOMPARE(r.exit, 1);
    QVERIFY2(
        r.out.contains("bytes: seq 2 (events-00000000000000000001.jsonl): the frame differs from the line at "
                       "byte 18"),
        r.out.constData());

    // tail URL prints the data lines, then SIGTERM: exit 0.
    QProcess tail;
    tail.start(QStringLiteral(BJB_CLI_PATH),
               {QStringLiteral("tail"), server.url, QStringLiteral("--since"), QStringLiteral("297")});
    QByteArray out;
    QTRY_VERIFY_WITH_TIMEOUT((out += tail.readAllStandardOutput()).count('\n') == 3, 10000);
    std::vector<JournalReader::Line> expected;
    JournalReader::readSince(events, 297, JournalReader::NoLimit, &expected);
    QCOMPARE(out, expected[0].text + '\n' + expected[1].text + '\n' + expected[2].text + '\n');
    tail.terminate();
    QVERIFY(tail.waitForFinished(10000));
    QCOMPARE(tail.exitStatus(), QProcess::NormalExit);
    QCOMPARE(tail.exitCode(), 0);
    QVERIFY(tail.readAllStandardError().contains("resuming after seq 297"));

    // record into a new directory, then SIGINT: exit 0, and the other commands read what it wrote.
    QTemporaryDir outDir;
    QProcess record;
    record.start(QStringLiteral(BJB_CLI_PATH), {QStringLiteral("record"), server.url, outDir.path(),
                                                QStringLiteral("--threshold"), QStringLiteral("10000")});
    QTRY_VERIFY_WITH_TIMEOUT(QDir(outDir.path()).entryList({QStringLiteral("events-*.jsonl")}).size() >= 3 &&
                                 json({QStringLiteral("info"), outDir.path(), QStringLiteral("--json")})
                                         .value(QStringLiteral("max_seq"))
                                         .toInt() == 300,
                             20000);
    ::kill(pid_t(record.processId()), SIGINT);
    QVERIFY(record.waitForFinished(10000));
    QCOMPARE(record.exitCode(), 0);
    QVERIFY(record.readAllStandardError().contains("recorded 300 events (last seq 300)"));
    const Run doctor = run({QStringLiteral("doctor"), outDir.path()});
    QVERIFY2(doctor.exit == 0, doctor.out.constData());
    r = run({QStringLiteral("verify-stream"), server.url, outDir.path()});
    QVERIFY2(r.exit == 0, r.out.constData());
}

void tst_Cli::feedAccessRefused()
{
    QTemporaryDir dir;
    const QString tokenFile = dir.filePath(QStringLiteral("token"));
    writeFile(tokenFile, "bd1_00112233445566778899aabbccddeeff\nbamboo_001122334455\n");
    Served server;
    QVERIFY(server.start({QStringLiteral("simulate"), dir.filePath(QStringLiteral("events")),
                          QStringLiteral("--count"), QStringLiteral("5"), QStringLiteral("--serve"),
                          QStringLiteral("0"), QStringLiteral("--token-file"), tokenFile}));
    const Run refused = run({QStringLiteral("tail"), server.url});
    QCOMPARE(refused.exit, 3);
    QVERIFY2(refused.err.contains("HTTP 401 access credential verification required"),
             refused.err.constData());
    QVERIFY(refused.err.contains("BAMBOO_DEVICE_TOKEN") && refused.err.contains("BAMBOO_DEVICE_ID"));
    QCOMPARE(refused.err.count('\n'), 1);
    QCOMPARE(run({QStringLiteral("record"), server.url, dir.filePath(QStringLiteral("out"))}).exit, 3);
    QCOMPARE(run({QStringLiteral("verify-stream"), server.url, dir.path()}).exit, 3);
    // The right token and id, from the environment or a file: let in, never printed.
    for (const bool fromFile : {false, true}) {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        QStringList args{QStringLiteral("verify-stream"), server.url, dir.path(),
                         QStringLiteral("--quiet-ms"), QStringLiteral("300")};
        if (fromFile) {
            args << QStringLiteral("--token-file") << tokenFile;
        } else {
            env.insert(QStringLiteral("BAMBOO_DEVICE_TOKEN"),
                       QStringLiteral("bd1_00112233445566778899aabbccddeeff"));
            env.insert(QStringLiteral("BAMBOO_DEVICE_ID"), QStringLiteral("bamboo_001122334455"));
        }
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(BJB_CLI_PATH), args);
        QVERIFY(p.waitForFinished(20000));
        const QByteArray all = p.readAllStandardOutput() + p.readAllStandardError();
        QVERIFY2(p.exitCode() == 0, all.constData());
        QVERIFY(all.contains("equal: the same 5 events"));
        QVERIFY(!all.contains("00112233"));
    }
}
