// SPDX-License-Identifier: MIT
// Throughput of the text filter over a journal: the matcher alone on one thread (lines in memory), and the
// browser's whole filter (CompiledFilter::selectRows: reading the files and matching on every worker).
//   bench_filter EVENTS_DIR
#include "eventfilter.h"
#include "journalindex.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>

#include <cstdio>

namespace {

struct Case
{
    const char *needle;
    bool ignoreCase;
};

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_filter EVENTS_DIR\n");
        return 2;
    }
    const JournalIndex index = JournalIndex::build(QString::fromLocal8Bit(argv[1]));
    // Every line in memory, for the matcher alone.
    std::vector<QByteArray> lines;
    qint64 bytes = 0;
    for (const FileIndex &fi : index.files()) {
        QFile f(QFile::decodeName(fi.entry.path));
        if (!f.open(QIODevice::ReadOnly))
            continue;
        const QByteArray all = f.readAll();
        for (const EventRecord &r : fi.records) {
            lines.push_back(all.mid(qsizetype(r.offset()), qsizetype(r.length)));
            bytes += r.length;
        }
    }
    std::printf("journal: %lld events, %lld bytes of lines\n", static_cast<long long>(index.eventCount()),
                static_cast<long long>(bytes));
    const Case cases[] = {
        {"no line holds this", false},
        {"no line holds this", true},
        {"ÜBER", true},
        {"error", true},
        {"\"role\":\"tool\"", true},
        {"Σοφία", true},
    };
    std::printf("%-22s %-10s %10s %12s %14s %12s\n", "needle", "case", "matches", "matcher MB/s",
                "selectRows ms", "filter MB/s");
    for (const Case &c : cases) {
        EventFilter filter;
        filter.contains = QByteArray(c.needle);
        filter.ignoreCase = c.ignoreCase;
        const CompiledFilter compiled(filter, index);
        QElapsedTimer t;
        t.start();
        qint64 matches = 0;
        for (const QByteArray &l : lines)
            matches += compiled.matchesText(std::string_view(l.constData(), size_t(l.size()))) ? 1 : 0;
        const double matcherNs = double(t.nsecsElapsed());
        t.restart();
        const std::vector<qint64> rows = compiled.selectRows(index);
        const double selectNs = double(t.nsecsElapsed());
        if (qint64(rows.size()) != matches) {
            std::fprintf(stderr, "selectRows found %zu rows, the matcher %lld\n", rows.size(),
                         static_cast<long long>(matches));
            return 1;
        }
        std::printf("%-22s %-10s %10lld %12.0f %14.1f %12.0f\n", c.needle, c.ignoreCase ? "ignore" : "match",
                    static_cast<long long>(matches), double(bytes) / matcherNs * 1000.0, selectNs / 1e6,
                    double(bytes) / selectNs * 1000.0);
    }
    return 0;
}
