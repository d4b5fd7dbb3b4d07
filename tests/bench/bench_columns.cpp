// SPDX-License-Identifier: MIT
// Field columns and the detail pane's value paths, in the core library alone:
// - decoding rows as the table's worker does: the summary alone, then the summary with six field columns
//   (three dialect headers, two paths, a whole object), over the simulator's events, per line;
// - the pass that keeps a scan state at each page's start of an indented 50 MiB event (it runs on the worker
//   that builds the pages), and the lookup of the value under a click, which scans from its page's start:
//   the worst over every page of the event.
//   bench_columns [EVENTS]
// Prints one line per measure; medians of five runs.

#include "../bigevents.h"
#include "fieldcolumns.h"
#include "journalsimulator.h"
#include "jsonpath.h"
#include "jsonpretty.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <vector>

namespace {

double medianMs(int runs, const std::function<void()> &work)
{
    std::vector<double> ms;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer t;
        t.start();
        work();
        ms.push_back(double(t.nsecsElapsed()) / 1e6);
    }
    std::sort(ms.begin(), ms.end());
    return ms[ms.size() / 2];
}

// Page starts as TextPages cuts them: at most 5,000 lines and about 1 MiB a page (lines of the outline; the
// pages' 1 KiB display lines only add starts inside long lines).
std::vector<qsizetype> pageStarts(const JsonPretty::Outline &outline)
{
    std::vector<qsizetype> starts;
    qsizetype lines = 0, bytes = 0;
    for (size_t i = 0; i < outline.lineStarts.size(); ++i) {
        const qsizetype end =
            i + 1 < outline.lineStarts.size() ? outline.lineStarts[i + 1] : outline.text.size();
        const qsizetype length = end - outline.lineStarts[i];
        if (starts.empty() || lines == 5000 || (lines > 0 && bytes + length > (1 << 20))) {
            starts.push_back(outline.lineStarts[i]);
            lines = 0;
            bytes = 0;
        }
        ++lines;
        bytes += length;
    }
    return starts;
}

void bigEvent(const char *what, const QByteArray &json)
{
    const JsonPretty::Outline outline =
        JsonPretty::outline(std::string_view(json.constData(), size_t(json.size())), 2000, 1000);
    const std::string_view text(outline.text.constData(), size_t(outline.text.size()));
    const std::vector<qsizetype> starts = pageStarts(outline);
    std::vector<JsonPath::ScanState> states;
    const double outlineMs = medianMs(5, [&] {
        (void)JsonPretty::outline(std::string_view(json.constData(), size_t(json.size())), 2000, 1000);
    });
    const double checkpointMs = medianMs(5, [&] { states = JsonPath::checkpoints(text, starts); });
    // The worst click: the last line of each page, scanned from the page's start.
    double worst = 0;
    for (size_t page = 0; page < starts.size(); ++page) {
        const qsizetype end = page + 1 < starts.size() ? starts[page + 1] - 1 : outline.text.size();
        const qsizetype lineBegin = outline.text.lastIndexOf('\n', end - 1) + 1;
        const double ms = medianMs(5, [&] {
            (void)JsonPath::hitAt(text, states[page], starts[page], lineBegin, end, lineBegin + 6, end);
        });
        worst = std::max(worst, ms);
    }
    std::printf(
        "%s: %.1f MiB indented, %zu pages; indenting %.1f ms; page scan states %.1f ms (%.0f%% more); "
        "worst click-to-path %.2f ms\n",
        what, double(outline.text.size()) / (1 << 20), starts.size(), outlineMs, checkpointMs,
        100.0 * checkpointMs / outlineMs, worst);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int events = argc > 1 ? QByteArray(argv[1]).toInt() : 20000;
    QTemporaryDir dir;
    JournalSimulator sim;
    QString error;
    if (!sim.open(dir.path(), {}, &error))
        return std::fprintf(stderr, "%s\n", qPrintable(error)), 1;
    for (int i = 0; i < events; ++i)
        if (!sim.appendNext(&error))
            return std::fprintf(stderr, "%s\n", qPrintable(error)), 1;
    QList<QByteArray> lines;
    const QStringList files =
        QDir(dir.path()).entryList({QStringLiteral("events-*.jsonl")}, QDir::Files, QDir::Name);
    qint64 bytes = 0;
    for (const QString &name : files) {
        QFile f(dir.filePath(name));
        if (!f.open(QIODevice::ReadOnly))
            return 1;
        for (const QByteArray &line : f.readAll().split('\n'))
            if (!line.isEmpty()) {
                lines.append(line);
                bytes += line.size();
            }
    }
    const FieldColumns columns({FieldColumn::dialect(QStringLiteral("status")),
                                FieldColumn::dialect(QStringLiteral("title")),
                                FieldColumn::dialect(QStringLiteral("tokens")),
                                *FieldColumn::path(QStringLiteral("event.usage.prompt_tokens")),
                                *FieldColumn::path(QStringLiteral("event.task_list.items[0].status")),
                                *FieldColumn::path(QStringLiteral("event.usage"))});
    RowDecoder decoder;
    const auto decodeAll = [&](const FieldColumns *c) {
        for (const QByteArray &line : std::as_const(lines))
            (void)decoder.decode(std::string_view(line.constData(), size_t(line.size())), c);
    };
    const double summary = medianMs(5, [&] { decodeAll(nullptr); });
    const double withColumns = medianMs(5, [&] { decodeAll(&columns); });
    std::printf(
        "rows: %lld simulated events, %.1f MiB; summary alone %.2f us/line; summary and 6 field columns "
        "%.2f us/line (%.0f%% more)\n",
        static_cast<long long>(lines.size()), double(bytes) / (1 << 20), summary * 1000 / lines.size(),
        withColumns * 1000 / lines.size(), 100.0 * (withColumns - summary) / summary);
    bigEvent("50 MiB of small fields", BigEvents::manyFields(1, 50 << 20).json);
    bigEvent("50 MiB content string", BigEvents::hugeContent(2, 50 << 20).json);
    return 0;
}
