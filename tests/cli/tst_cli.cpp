// SPDX-License-Identifier: MIT
#include "testjournal.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

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
    Run run(const QStringList &args);
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
    void sessionJsonIsPinned();
    void sessionTextAndErrors();
    void sessionOnASimulatedJournal();
};

using namespace TestJournal;

tst_Cli::Run tst_Cli::run(const QStringList &args)
{
    QProcess p;
    p.start(QStringLiteral(BJB_CLI_PATH), args);
    if (!p.waitForFinished(120000))
        qFatal("bamboo-journal did not finish");
    return {p.exitCode(), p.readAllStandardOutput(), p.readAllStandardError()};
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

void tst_Cli::sessionTextAndErrors()
{
    QTemporaryDir dir;
    writeSessionJournal(dir.path());
    const Run text = run({QStringLiteral("session"), dir.path(), QStringLiteral("p")});
    QCOMPARE(text.exit, 0);
    for (const char *expected :
         {"p (root) as of seq 12", "\"Fix the build\" v2 manual", "c running \"Read the log\"",
          "item-1 completed", "plan mode  active, designing, plans/build.md",
          "12,345 tokens (10,000 prompt, 2,345 completion)", "pinned"})
        QVERIFY2(text.out.contains(expected), expected);
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

QTEST_GUILESS_MAIN(tst_Cli)
#include "tst_cli.moc"
