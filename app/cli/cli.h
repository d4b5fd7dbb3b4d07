// SPDX-License-Identifier: MIT
#pragma once
// What every command of bamboo-journal shares: checked output on stdout, one-line messages on stderr, the
// termination signals, and parsing a command's options up to its resolved events directory and index.
//
// Output rules: every write to stdout is checked, and so is the final flush and close; a failure (a full
// disk, a closed pipe with SIGPIPE ignored) is exit 3 with one line on stderr. Every message is one line:
// file name bytes as given, control characters escaped. Arguments are taken as bytes (JournalDirectory's
// lossless decoding), so any path reaches the file system unchanged.

#include "eventquery.h"
#include "journalindex.h"
#include "lineparser.h"

#include <QByteArray>
#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QList>
#include <QString>
#include <QStringList>

#include <atomic>
#include <csignal>
#include <optional>

namespace cli {

enum Exit { Ok = 0, Problems = 1, Usage = 2, IoError = 3 };

// Set by SIGINT, SIGTERM and SIGHUP once catchTerminationSignals() ran: the signal, and a flag for loops.
extern std::atomic_bool g_stop;
extern volatile std::sig_atomic_t g_signal;
// SIGPIPE's disposition as inherited: when default, a closed pipe ends us the way it ends any writer.
extern bool g_sigpipeDefault;

// For commands that clean up before they end: SIGINT, SIGTERM and SIGHUP set the stop flag. No SA_RESTART,
// so a write blocked on a FIFO or pipe returns and the command can notice. A signal the caller ignores (a
// background job's SIGINT, nohup's SIGHUP) stays ignored.
void catchTerminationSignals();
// After cleaning up, end by the signal that asked for it, so that the caller sees it.
[[noreturn]] void dieOfSignal(int sig);

// Text for one line of a terminal or log: file name bytes as given, control characters escaped.
QByteArray printable(const QString &text);
// One line on stderr; err() also records that the failure was reported.
void note(const QString &message);
void err(const QString &message);
QString osError(int e);

// Checked writes to stdout: false once any write failed (later ones are skipped).
bool out(const char *data, size_t size);
bool out(const QByteArray &bytes);
bool flushStdout();
bool stdoutFailed();
// Records a failure of stdout found without a write (its reader gone).
void failStdout(int error);
// Whether the reader of stdout has gone (a pipe with no reader left, a hung-up terminal), found without a
// write, so that a command that waits ends as soon as its reader does.
bool stdoutReaderGone(int *error);
// The last word on stdout: flushed and closed (a close can report what a write could not), then the exit
// code. A failure is one line, unless the command already said what went wrong.
int finish(int exit);
// Qt's own diagnostics are not for the people running the tool; a fatal one still ends it, in one line.
void quietQtMessages(QtMsgType type, const QMessageLogContext &, const QString &message);

// What a command accepts, for parsing and for its --help.
struct Spec
{
    const char *name;
    const char *synopsis;
    const char *summary;
    QList<QCommandLineOption> options;
    QStringList repeatable;
    QStringList more;          // positional arguments after DIR, by name
    const char *first = "DIR"; // the first positional argument's name
};

struct Command
{
    QCommandLineParser parser;
    QString name;
    QString dir;
    QStringList more; // the values of Spec::more
};

int usageError(const QString &command, const QString &message);
// Parses a command's options; DIR is the first positional argument, Spec::more the rest. Returns false after
// reporting (or after printing the command's help, with *exit Ok).
bool parseCommand(Command &cmd, const QStringList &args, const Spec &spec, int *exit);
bool parseU64Option(const Command &cmd, const QString &name, std::optional<quint64> *value, int *exit);
// DIR (a bamboo directory or its events/ directory) to its events directory.
bool resolveDir(const QString &path, QString *eventsDir, int *exit);
JournalIndex buildIndex(const QString &eventsDir, int *exit, const JournalIndex::Options &options = {});
// DIR resolved and indexed, or the failure reported: how every command that reads the whole journal starts.
bool openJournal(const Command &cmd, QString *dir, JournalIndex *index, int *exit);
QByteArray pad(const QByteArray &s, int width);

inline const QCommandLineOption JsonOption(QStringLiteral("json"), QStringLiteral("Print JSON."));
inline const QCommandLineOption
    WhereOption(QStringLiteral("where"), QStringLiteral("Only events matching the query EXPR (see README)."),
                QStringLiteral("EXPR"));
// --where, parsed: false with exit Usage and the message naming the column when it does not parse. An
// absent option gives the empty query.
bool parseWhereOption(const Command &cmd, EventQuery *query, int *exit,
                      const EventQuery::Options &options = {});
// The commands: args[0] is the command's name.
int cmdInfo(const QStringList &args);
int cmdRead(const QStringList &args);
int cmdExport(const QStringList &args);
int cmdPrune(const QStringList &args);
int cmdDoctor(const QStringList &args);
int cmdResume(const QStringList &args);
int cmdTail(const QStringList &args);
int cmdSimulate(const QStringList &args);
int cmdSession(const QStringList &args);
int cmdTailFeed(const QStringList &args);
int cmdRecord(const QStringList &args);
int cmdVerifyStream(const QStringList &args);

} // namespace cli
