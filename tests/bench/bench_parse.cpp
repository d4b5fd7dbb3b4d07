// SPDX-License-Identifier: MIT
// What a complete parse of the journal costs on one thread, on bytes already in memory, against its floors:
//   newlines             finding the lines (what `wc -l` does after reading)
//   first stage, blocks  simdjson's first stage (structure, UTF-8, control characters) over 256 KiB of whole
//                        lines at a time: the least any parser that validates every line can do
//   first stage, lines   the same stage, run line by line as a per-line parse must
//   the line rule        LineParser::parse on every line (simdjson's DOM parser, then the fields)
// Each line's events are counted and must agree between the rule and the journal's line count.
//   bench_parse DIR [--runs R] [--only newlines|blocks|lines|rule]

#include "lineparser.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>

#include <simdjson.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

namespace {

constexpr size_t BlockSize = 256 * 1024;

enum class Way { Newlines, FirstStageBlocks, FirstStageLines, Rule };

class FirstStage
{
public:
    bool run(const char *data, size_t size)
    {
        if (!m_stage || size > m_capacity) {
            m_capacity = std::max(size, BlockSize);
            if (simdjson::get_active_implementation()->create_dom_parser_implementation(
                    m_capacity, simdjson::DEFAULT_MAX_DEPTH, m_stage) != simdjson::SUCCESS)
                return false;
        }
        return m_stage->stage1(reinterpret_cast<const uint8_t *>(data), size,
                               simdjson::stage1_mode::regular) == simdjson::SUCCESS;
    }

private:
    std::unique_ptr<simdjson::internal::dom_parser_implementation> m_stage;
    size_t m_capacity = 0;
};

// Lines, or blocks, or events: what the way counts.
quint64 run(const std::vector<QByteArray> &files, Way way)
{
    LineParser parser;
    FirstStage stage;
    quint64 count = 0;
    for (const QByteArray &file : files) {
        const char *const data = file.constData();
        const size_t size = size_t(file.size()) - LineParser::Padding;
        if (way == Way::FirstStageBlocks) {
            size_t from = 0;
            while (from < size) {
                size_t to = std::min(size, from + BlockSize);
                if (to < size) {
                    const void *last = memrchr(data + from, '\n', to - from);
                    to = last ? size_t(static_cast<const char *>(last) - data) + 1 : size;
                }
                count += stage.run(data + from, to - from) ? 1 : 0;
                from = to;
            }
            continue;
        }
        size_t from = 0;
        while (from < size) {
            const void *nl = std::memchr(data + from, '\n', size - from);
            const size_t to = nl ? size_t(static_cast<const char *>(nl) - data) : size;
            switch (way) {
            case Way::Newlines:
                ++count;
                break;
            case Way::FirstStageLines:
                count += to > from && stage.run(data + from, to - from) ? 1 : 0;
                break;
            case Way::Rule:
                count += parser.parse(data + from, to - from).kind == LineParser::Kind::Event ? 1 : 0;
                break;
            case Way::FirstStageBlocks:
                break;
            }
            from = to + 1;
        }
    }
    return count;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser cli;
    cli.addPositionalArgument(QStringLiteral("dir"), QStringLiteral("An events directory."));
    cli.addOption({QStringLiteral("runs"), QStringLiteral("Runs of each way (default 5)."),
                   QStringLiteral("R"), QStringLiteral("5")});
    cli.addOption({QStringLiteral("only"), QStringLiteral("Only this way: newlines, blocks, lines or rule."),
                   QStringLiteral("way")});
    cli.addHelpOption();
    cli.process(app);
    if (cli.positionalArguments().size() != 1)
        cli.showHelp(2);
    const int runs = std::max(1, cli.value(QStringLiteral("runs")).toInt());
    const QString only = cli.value(QStringLiteral("only"));

    std::vector<QByteArray> files;
    size_t bytes = 0;
    const QDir dir(cli.positionalArguments().first());
    for (const QString &name : dir.entryList({QStringLiteral("events-*.jsonl")}, QDir::Files, QDir::Name)) {
        QFile f(dir.filePath(name));
        if (!f.open(QIODevice::ReadOnly))
            continue;
        QByteArray b = f.readAll();
        bytes += size_t(b.size());
        b.append(QByteArray(LineParser::Padding, ' '));
        files.push_back(std::move(b));
    }
    std::printf("%zu files, %.1f MB; simdjson kernel: %s\n", files.size(), double(bytes) / 1e6,
                simdjson::get_active_implementation()->name().c_str());

    const struct
    {
        Way way;
        const char *key;
        const char *name;
        const char *counts;
    } ways[] = {{Way::Newlines, "newlines", "newlines", "lines"},
                {Way::FirstStageBlocks, "blocks", "first stage, blocks", "blocks"},
                {Way::FirstStageLines, "lines", "first stage, lines", "lines"},
                {Way::Rule, "rule", "the line rule", "events"}};
    for (const auto &w : ways) {
        if (!only.isEmpty() && only != QLatin1String(w.key))
            continue;
        std::vector<double> ms;
        quint64 count = 0;
        for (int i = 0; i < runs; ++i) {
            QElapsedTimer timer;
            timer.start();
            count = run(files, w.way);
            ms.push_back(double(timer.nsecsElapsed()) / 1e6);
        }
        std::sort(ms.begin(), ms.end());
        const double median = ms[ms.size() / 2];
        std::printf("%-22s min %8.1f  median %8.1f ms  %5.2f GB/s at the median  (%llu %s)\n", w.name,
                    ms.front(), median, double(bytes) / median / 1e6, static_cast<unsigned long long>(count),
                    w.counts);
    }
    return 0;
}
