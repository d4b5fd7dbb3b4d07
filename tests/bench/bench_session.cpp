// SPDX-License-Identifier: MIT
// The cost of a session's state at a seq on a full retained window: the index is built once, then the state
// of the journal's longest session as of its 10,000th event is computed again and again, as the browser's
// Session panel and `bamboo-journal session` do.
//   bench_session CLI DIR [--events N] [--runs R]
// DIR is an events directory; when it holds no journal, `CLI simulate` writes N events into it first (seed
// 42, the server's 8 MiB rotation).

#include "journalindex.h"
#include "sessionstate.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QProcess>

#include <simdjson.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <fcntl.h>
#include <unistd.h>
#include <vector>

namespace {

double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[size_t(p * double(v.size() - 1))];
}

void report(const char *what, const std::vector<double> &ms)
{
    std::printf("%-58s min %6.2f  median %6.2f  p90 %6.2f  max %6.2f ms (%zu runs)\n", what,
                *std::min_element(ms.begin(), ms.end()), percentile(ms, 0.5), percentile(ms, 0.9),
                *std::max_element(ms.begin(), ms.end()), ms.size());
}

// Wall time, and this thread's CPU time (what the work costs when other processes share the cores).
struct Clock
{
    QElapsedTimer wall;
    double cpuStart = cpuNow();
    Clock() { wall.start(); }
    static double cpuNow()
    {
        timespec t{};
        ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
        return double(t.tv_sec) * 1e3 + double(t.tv_nsec) / 1e6;
    }
    double wallMs() const { return double(wall.nsecsElapsed()) / 1e6; }
    double cpuMs() const { return cpuNow() - cpuStart; }
};

void report(const char *what, const std::vector<double> &wall, const std::vector<double> &cpu)
{
    report(what, wall);
    report("    (CPU time of the thread)", cpu);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("cli"), QStringLiteral("Path of bamboo-journal."));
    parser.addPositionalArgument(QStringLiteral("dir"), QStringLiteral("Events directory."));
    parser.addOptions({{QStringLiteral("events"), QStringLiteral("Events to simulate when DIR is empty."),
                        QStringLiteral("N"), QStringLiteral("1040000")},
                       {QStringLiteral("runs"), QStringLiteral("Computations per case."), QStringLiteral("R"),
                        QStringLiteral("30")}});
    parser.process(app);
    if (parser.positionalArguments().size() != 2)
        parser.showHelp(2);
    const QString cli = parser.positionalArguments().at(0);
    const QString dir = parser.positionalArguments().at(1);
    const int runs = std::max(1, parser.value(QStringLiteral("runs")).toInt());

    QDir().mkpath(dir);
    if (QDir(dir).entryList({QStringLiteral("events-*.jsonl")}, QDir::Files).isEmpty()) {
        std::fprintf(stderr, "simulating %s events into %s\n",
                     qPrintable(parser.value(QStringLiteral("events"))), qPrintable(dir));
        if (QProcess::execute(cli, {QStringLiteral("simulate"), dir, QStringLiteral("--count"),
                                    parser.value(QStringLiteral("events")), QStringLiteral("--seed"),
                                    QStringLiteral("42")}) != 0)
            return 1;
    }
    QElapsedTimer clock;
    clock.start();
    const JournalIndex index = JournalIndex::build(dir);
    std::printf("index: %lld events in %lld files, %lld sessions, built in %lld ms\n",
                static_cast<long long>(index.eventCount()), static_cast<long long>(index.files().size()),
                static_cast<long long>(index.sessions().size() - 1), static_cast<long long>(clock.elapsed()));

    // The longest session, and the seq of its 10,000th event.
    qsizetype longest = 0;
    for (qsizetype id = 1; id < index.sessionRows().size(); ++id)
        if (index.sessionRows().at(id).size() > index.sessionRows().at(longest).size())
            longest = id;
    const SessionRows &rows = index.sessionRows().at(longest);
    const qsizetype n = std::min<qsizetype>(rows.size(), 10000);
    if (n == 0) {
        std::fprintf(stderr, "no session in %s\n", qPrintable(dir));
        return 1;
    }
    const quint64 atSeq = index.record(qint64(rows.at(n - 1))).seq;
    const QString name = index.sessions().text(quint32(longest));
    std::printf("session %s: %lld events in all; state as of seq %llu, its %lldth event\n", qPrintable(name),
                static_cast<long long>(rows.size()), static_cast<unsigned long long>(atSeq),
                static_cast<long long>(n));

    const auto snapshot = index.snapshot();
    const auto types = SessionStateReader::typesOf(index);
    const auto measure = [&](const char *what, const QString &session, quint32 id,
                             const SessionStateReader::Options &options, SessionState *last) {
        std::vector<double> wall, cpu;
        for (int i = 0; i < runs; ++i) {
            const Clock clock;
            *last = SessionStateReader::compute(*snapshot, id, session, types, options);
            wall.push_back(clock.wallMs());
            cpu.push_back(clock.cpuMs());
        }
        report(what, wall, cpu);
    };
    SessionStateReader::Options options;
    options.atSeq = atSeq;
    options.summaries = false;
    SessionState state;
    measure("state as of its 10,000th event (`session`)", name, quint32(longest), options, &state);
    std::printf("  -> %lld events applied, %llu runs, %llu tokens, %zu children, title \"%s\"\n",
                static_cast<long long>(state.eventCount), static_cast<unsigned long long>(state.runs.started),
                static_cast<unsigned long long>(state.usage.totalTokens), state.children.size(),
                qPrintable(state.title));
    options.summaries = true;
    measure("the same with each event's summary (`session --json`)", name, quint32(longest), options, &state);

    // The browser's Session panel: the whole session read once (its story lists the later events too),
    // then each move of the selection within it is a replay of what was read.
    options.storyAfter = true;
    {
        std::vector<double> wall, cpu;
        SessionHistory history;
        for (int i = 0; i < runs; ++i) {
            const Clock clock;
            history = SessionStateReader::read(*snapshot, quint32(longest), name, options);
            wall.push_back(clock.wallMs());
            cpu.push_back(clock.cpuMs());
        }
        report("panel: reading the whole session once, with summaries", wall, cpu);
        std::printf("  -> %zu events\n", history.steps.size());
        wall.clear();
        cpu.clear();
        for (int i = 0; i < runs; ++i) {
            SessionStateReader::Options at = options;
            at.atSeq = history.steps[size_t(i) * 7919 % history.steps.size()].seq;
            const Clock clock;
            state = SessionStateReader::replay(history, *snapshot, types, at);
            wall.push_back(clock.wallMs());
            cpu.push_back(clock.cpuMs());
        }
        report("panel: state at another seq of it, replayed", wall, cpu);
    }

    // Where the time goes: reading the same lines alone, and reading and parsing them.
    for (const bool parse : {false, true}) {
        std::vector<double> ms;
        for (int i = 0; i < runs; ++i) {
            QElapsedTimer t;
            t.start();
            std::vector<int> fds(size_t(index.files().size()), -1);
            QByteArray buffer;
            simdjson::dom::parser parser;
            size_t bytes = 0;
            for (qsizetype k = 0; k < n; ++k) {
                const EventRecord &r = index.record(qint64(rows.at(k)));
                const int file = index.fileOfRow(qint64(rows.at(k)));
                int &fd = fds[size_t(file)];
                if (fd < 0)
                    fd = ::open(index.files()[file].entry.path.constData(), O_RDONLY | O_CLOEXEC);
                buffer.resize(qsizetype(r.length) + qsizetype(simdjson::SIMDJSON_PADDING));
                bytes += size_t(::pread(fd, buffer.data(), r.length, off_t(r.offset())));
                simdjson::dom::element e;
                if (parse && parser.parse(buffer.constData(), r.length, false).get(e))
                    return 1;
            }
            for (const int fd : fds)
                if (fd >= 0)
                    ::close(fd);
            ms.push_back(double(t.nsecsElapsed()) / 1e6);
            if (i == 0 && !parse)
                std::printf("  (%zu bytes in those 10,000 lines)\n", bytes);
        }
        report(parse ? "  of which: reading and parsing the lines (pread, simdjson)"
                     : "  of which: reading the lines alone (one pread each)",
               ms);
    }

    // A child, whose parent is found through the other sessions' rows.
    for (const SessionState::Child &c : state.children) {
        const QByteArray utf8 = c.sessionId.toUtf8();
        const qint64 id = index.sessions().find(std::string_view(utf8.constData(), size_t(utf8.size())));
        if (id <= 0)
            continue;
        SessionStateReader::Options childOptions;
        SessionState child;
        measure("a child session, its parent looked up", c.sessionId, quint32(id), childOptions, &child);
        std::printf("  -> %s: %lld events, parent %s\n", qPrintable(c.sessionId),
                    static_cast<long long>(child.eventCount), qPrintable(child.parentSessionId));
        break;
    }
    return 0;
}
