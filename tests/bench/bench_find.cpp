// SPDX-License-Identifier: MIT
// Find without filtering over a journal: how long a step to the next match takes when that match is 500,000
// rows away (EventFinder::findNext on a RowsSnapshot, as the browser's step runs it, and the same through the
// FindController from step() to its stepped() signal while the full count has not come in), and how long the
// full count takes (EventFinder::findAll).
//   bench_find EVENTS_DIR [--runs N]
#include "eventfinder.h"
#include "eventtablemodel.h"
#include "findcontroller.h"
#include "journalindex.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <vector>

#include <sys/resource.h>

namespace {

struct Stats
{
    double min, median, max;
};

// CPU time of the whole process (every thread), ms: on a busy machine, wall time also counts the waits.
double cpuMs()
{
    rusage u{};
    ::getrusage(RUSAGE_SELF, &u);
    return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1e3 +
           double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e3;
}

Stats stats(std::vector<double> ms)
{
    std::sort(ms.begin(), ms.end());
    return {ms.front(), ms[ms.size() / 2], ms.back()};
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_find EVENTS_DIR [--runs N]\n");
        return 2;
    }
    int runs = 10;
    for (int i = 2; i + 1 < argc; ++i)
        if (std::strcmp(argv[i], "--runs") == 0)
            runs = std::max(1, std::atoi(argv[i + 1]));
    JournalIndex index = JournalIndex::build(QString::fromLocal8Bit(argv[1]));
    const auto rows = index.snapshot();
    const qint64 total = index.eventCount();
    const qint64 near = 250000, far = near + 500000;
    if (total <= far) {
        std::fprintf(stderr, "the journal has %lld events: at least %lld are needed\n",
                     static_cast<long long>(total), static_cast<long long>(far + 1));
        return 2;
    }
    std::printf("journal: %lld events in %lld files; steps from row %lld to row %lld and back\n",
                static_cast<long long>(total), static_cast<long long>(index.files().size()),
                static_cast<long long>(near), static_cast<long long>(far));
    // The seq of one row is found in that row alone: its match is exactly 500,000 rows from the start.
    const auto seqNeedle = [&](qint64 row) {
        return QStringLiteral("\"seq\":%1,").arg(index.record(row).seq);
    };
    struct Case
    {
        const char *name;
        bool forward;
        bool regex;
        bool matchCase;
    };
    const Case cases[] = {
        {"forward, match case", true, false, true},   {"forward, any case", true, false, false},
        {"backward, match case", false, false, true}, {"backward, any case", false, false, false},
        {"forward, regex", true, true, true},
    };
    std::printf("%-24s %10s %10s %10s %10s   (wall ms over %d runs; CPU ms a run, all threads)\n",
                "findNext, 500,000 rows", "min", "median", "max", "CPU", runs);
    for (const Case &c : cases) {
        const qint64 from = c.forward ? near : far + 1;
        const qint64 target = c.forward ? far : near;
        QString text = seqNeedle(target);
        if (c.regex)
            text = QRegularExpression::escape(text);
        const EventFinder finder(CompiledFilter(), TextMatcher(FindQuery{text, c.regex, c.matchCase}));
        std::vector<double> ms;
        const double cpu0 = cpuMs();
        for (int run = 0; run < runs; ++run) {
            QElapsedTimer t;
            t.start();
            const auto found = finder.findNext(*rows, from, c.forward ? -1 : 0, c.forward);
            ms.push_back(double(t.nsecsElapsed()) / 1e6);
            if (!found || *found != target) {
                std::fprintf(stderr, "%s: found %lld, not %lld\n", c.name,
                             static_cast<long long>(found.value_or(-1)), static_cast<long long>(target));
                return 1;
            }
        }
        const double cpu = (cpuMs() - cpu0) / runs;
        const Stats s = stats(ms);
        std::printf("%-24s %10.1f %10.1f %10.1f %10.1f\n", c.name, s.min, s.median, s.max, cpu);
    }

    // The browser's step: a FindController on the model, the query just set (its count not in yet).
    EventTableModel model;
    model.resetIndex(std::move(index));
    FindController finder(&model);
    std::vector<double> ms;
    const QString text = QStringLiteral("\"seq\":%1,").arg(model.journal().record(far).seq);
    for (int run = 0; run < runs; ++run) {
        finder.setQuery(FindQuery());
        finder.setQuery(FindQuery{text, false, false});
        QEventLoop loop;
        qint64 found = -1;
        const auto c = QObject::connect(&finder, &FindController::stepped, &loop, [&](qint64 row, bool) {
            found = row;
            loop.quit();
        });
        QElapsedTimer t;
        t.start();
        finder.step(near, true);
        if (found < 0)
            loop.exec();
        ms.push_back(double(t.nsecsElapsed()) / 1e6);
        QObject::disconnect(c);
        if (found != far) {
            std::fprintf(stderr, "FindController: found %lld, not %lld\n", static_cast<long long>(found),
                         static_cast<long long>(far));
            return 1;
        }
    }
    const Stats s = stats(ms);
    std::printf("%-24s %10.1f %10.1f %10.1f   (step() to stepped(), the count running beside it)\n",
                "FindController step", s.min, s.median, s.max);
    finder.setQuery(FindQuery());

    // The full count, alone.
    for (const bool matchCase : {true, false}) {
        const EventFinder all(
            CompiledFilter(),
            TextMatcher(FindQuery{QStringLiteral("tool_approval_requested"), false, matchCase}));
        std::vector<double> times;
        size_t matches = 0;
        for (int run = 0; run < std::max(1, runs / 2); ++run) {
            QElapsedTimer t;
            t.start();
            matches = all.findAll(*model.journal().snapshot()).size();
            times.push_back(double(t.nsecsElapsed()) / 1e6);
        }
        const Stats a = stats(times);
        std::printf("findAll %-16s %10.1f %10.1f %10.1f   (%zu matches of tool_approval_requested)\n",
                    matchCase ? "match case" : "any case", a.min, a.median, a.max, matches);
    }
    return 0;
}
