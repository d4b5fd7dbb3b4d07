// SPDX-License-Identifier: MIT
// Speed of queries (--where, the filter bar's query) over a journal: the browser's whole filter
// (CompiledFilter::selectRows on every worker) reading the lines, then with a column cache that starts empty
// (cold: the first use of each path reads it from the lines and keeps it), then again with that cache (warm).
//   bench_query EVENTS_DIR [RUNS]
#include "eventfilter.h"
#include "journalindex.h"
#include "querycolumncache.h"

#include <QCoreApplication>
#include <QElapsedTimer>

#include <algorithm>
#include <cstdio>

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
    std::printf("%-58s %9s %10s %10s %10s %10s %10s\n", "query", "matches", "lines ms", "lines MB/s",
                "cold ms", "cold MB/s", "warm ms");
    const auto snapshot = index.snapshot();
    for (const char *text : queries) {
        EventFilter filter;
        filter.where = QString::fromUtf8(text);
        CompiledFilter compiled(filter, index);
        const auto best = [&](auto setUp) {
            double bestNs = 1e300;
            size_t matches = 0;
            for (int i = 0; i < runs; ++i) {
                setUp();
                QElapsedTimer t;
                t.start();
                matches = compiled.selectRows(*snapshot).size();
                bestNs = std::min(bestNs, double(t.nsecsElapsed()));
            }
            return std::make_pair(bestNs, matches);
        };
        const auto [linesNs, matches] = best([&] { compiled.setCache(nullptr); });
        auto cache = std::make_shared<QueryColumnCache>();
        const auto [coldNs, coldMatches] = best([&] {
            cache = std::make_shared<QueryColumnCache>();
            compiled.setCache(cache);
        });
        const auto [warmNs, warmMatches] = best([] {});
        if (coldMatches != matches || warmMatches != matches) {
            std::fprintf(stderr, "%s: %zu matches reading lines, %zu cold, %zu warm\n", text, matches,
                         coldMatches, warmMatches);
            return 1;
        }
        std::printf("%-58s %9zu %10.1f %10.0f %10.1f %10.0f %10.1f\n", text, matches, linesNs / 1e6,
                    double(bytes) / linesNs * 1000.0, coldNs / 1e6, double(bytes) / coldNs * 1000.0,
                    warmNs / 1e6);
    }
    return 0;
}
