// SPDX-License-Identifier: MIT
// Speed of queries (--where, the filter bar's query) over a journal: the browser's whole filter
// (CompiledFilter::selectRows on every worker) reading the lines, then with a column cache that starts empty
// (cold: the first use of each path reads it from the lines and keeps it), then again with that cache (warm).
// Each is the best of RUNS; beside the wall time, the CPU time of the process in that run (all threads),
// which says what the work costs when the machine is shared.
//   bench_query EVENTS_DIR [RUNS]
#include "eventfilter.h"
#include "journalindex.h"
#include "querycolumncache.h"

#include <QCoreApplication>
#include <QElapsedTimer>

#include <algorithm>
#include <cstdio>
#include <sys/resource.h>

namespace {

double cpuNs()
{
    struct rusage u;
    ::getrusage(RUSAGE_SELF, &u);
    return (double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1e9) +
           double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) * 1e3;
}

struct Timing
{
    double wallNs = 1e300;
    double cpuNs = 0;
    size_t matches = 0;
};

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_query EVENTS_DIR [RUNS]\n");
        return 2;
    }
    const int runs = argc > 2 ? std::max(1, std::atoi(argv[2])) : 3;
    const JournalIndex index = JournalIndex::build(QString::fromLocal8Bit(argv[1]));
    qint64 bytes = 0;
    for (const FileIndex &fi : index.files())
        for (const EventRecord &r : fi.records)
            bytes += r.length;
    std::printf("journal: %lld events, %lld bytes of lines, %d runs each (best shown)\n",
                static_cast<long long>(index.eventCount()), static_cast<long long>(bytes), runs);
    const char *const queries[] = {
        "event.role = user",
        "event.status = blocked",
        "event.tool_name ~ /^(Bash|Edit)$/",
        "event.usage.total_tokens > 10000",
        "type = complete and event.usage.total_tokens > 10000",
        "type = task_list_item_progress and event.status = blocked",
        "exists(event.plan_file_path)",
        "type in (error, cancelled) and ts >= 2026-11-20",
        "\"no line holds this\"",
    };
    std::printf("%-58s %8s | %9s %9s %8s | %9s %9s %8s | %8s %8s\n", "query", "matches", "lines ms", "MB/s",
                "CPU ms", "cold ms", "MB/s", "CPU ms", "warm ms", "CPU ms");
    const auto snapshot = index.snapshot();
    for (const char *text : queries) {
        EventFilter filter;
        filter.where = QString::fromUtf8(text);
        CompiledFilter compiled(filter, index);
        const auto best = [&](auto setUp) {
            Timing best;
            for (int i = 0; i < runs; ++i) {
                setUp();
                const double cpu0 = cpuNs();
                QElapsedTimer t;
                t.start();
                best.matches = compiled.selectRows(*snapshot).size();
                const double wall = double(t.nsecsElapsed());
                if (wall < best.wallNs) {
                    best.wallNs = wall;
                    best.cpuNs = cpuNs() - cpu0;
                }
            }
            return best;
        };
        const Timing lines = best([&] { compiled.setCache(nullptr); });
        auto cache = std::make_shared<QueryColumnCache>();
        const Timing cold = best([&] {
            cache = std::make_shared<QueryColumnCache>();
            compiled.setCache(cache);
        });
        const Timing warm = best([] {});
        if (cold.matches != lines.matches || warm.matches != lines.matches) {
            std::fprintf(stderr, "%s: %zu matches reading lines, %zu cold, %zu warm\n", text, lines.matches,
                         cold.matches, warm.matches);
            return 1;
        }
        const auto mbs = [bytes](double ns) {
            return double(bytes) / ns * 1000.0;
        };
        std::printf("%-58s %8zu | %9.1f %9.0f %8.1f | %9.1f %9.0f %8.1f | %8.1f %8.1f\n", text, lines.matches,
                    lines.wallNs / 1e6, mbs(lines.wallNs), lines.cpuNs / 1e6, cold.wallNs / 1e6,
                    mbs(cold.wallNs), cold.cpuNs / 1e6, warm.wallNs / 1e6, warm.cpuNs / 1e6);
    }
    return 0;
}
