// SPDX-License-Identifier: MIT
// Follows a journal that `bamboo-journal simulate` writes from another process and reports append-to-delivery
// latency, whether the delivered seq set is exactly what was written, and the tail's CPU and memory.
//   bench_tail CLI DIR --rate R --seconds S [--threshold BYTES] [--keep FILES] [--idle]

#include "journaltail.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QProcess>
#include <QTimer>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <sys/resource.h>
#include <vector>

namespace {

qint64 nowNanos()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

double cpuSeconds()
{
    rusage u;
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

long maxRssKiB()
{
    rusage u;
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss;
}

double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[size_t(p * double(v.size() - 1))];
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("cli"), QStringLiteral("Path of bamboo-journal."));
    parser.addPositionalArgument(QStringLiteral("dir"), QStringLiteral("Events directory (emptied first)."));
    parser.addOptions(
        {{QStringLiteral("rate"), QStringLiteral("Events per second."), QStringLiteral("R"),
          QStringLiteral("1000")},
         {QStringLiteral("seconds"), QStringLiteral("Duration."), QStringLiteral("S"), QStringLiteral("10")},
         {QStringLiteral("threshold"), QStringLiteral("Rotation threshold."), QStringLiteral("BYTES"),
          QStringLiteral("1048576")},
         {QStringLiteral("keep"), QStringLiteral("Prune to this many files."), QStringLiteral("FILES"),
          QStringLiteral("0")},
         {QStringLiteral("idle"), QStringLiteral("Measure the tail on a journal nobody writes.")}});
    parser.process(app);
    const QStringList args = parser.positionalArguments();
    if (args.size() != 2)
        parser.showHelp(2);
    const QString cli = args[0], dir = args[1];
    const qint64 rate = parser.value(QStringLiteral("rate")).toLongLong();
    const qint64 seconds = parser.value(QStringLiteral("seconds")).toLongLong();
    const qint64 total = parser.isSet(QStringLiteral("idle")) ? 0 : rate * seconds;
    QDir(dir).removeRecursively();
    QDir().mkpath(dir);

    std::vector<double> latencyMs;
    latencyMs.reserve(size_t(total));
    qint64 delivered = 0, outOfOrder = 0;
    quint64 expected = 1;
    JournalTail tail(dir);
    QObject::connect(&tail, &JournalTail::eventsArrived, [&](const QList<TailEvent> &events) {
        const qint64 now = nowNanos();
        for (const TailEvent &e : events) {
            latencyMs.push_back(double(now - e.tsNanos) / 1e6);
            outOfOrder += e.seq == expected ? 0 : 1;
            expected = e.seq + 1;
            ++delivered;
        }
    });
    qint64 notices = 0;
    QObject::connect(&tail, &JournalTail::noticed, [&](const TailNotice &) { ++notices; });
    TailOptions options;
    options.since = 0;
    options.includeLines = false;
    tail.start(options);

    const double cpuBefore = cpuSeconds();
    QElapsedTimer clock;
    clock.start();
    QProcess writer;
    if (total > 0) {
        writer.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        writer.start(cli, {QStringLiteral("simulate"), dir, QStringLiteral("--rate"), QString::number(rate),
                           QStringLiteral("--count"), QString::number(total), QStringLiteral("--threshold"),
                           parser.value(QStringLiteral("threshold")), QStringLiteral("--keep"),
                           parser.value(QStringLiteral("keep"))});
    } else {
        QTimer::singleShot(seconds * 1000, &app, &QCoreApplication::quit);
    }
    QTimer check;
    QObject::connect(&check, &QTimer::timeout, [&] {
        const bool writerDone = writer.state() == QProcess::NotRunning;
        if (total > 0 && writerDone && (delivered >= total || clock.elapsed() > (seconds + 30) * 1000))
            app.quit();
    });
    check.start(20);
    app.exec();
    const double elapsed = double(clock.elapsed()) / 1000.0;
    const double cpu = cpuSeconds() - cpuBefore;
    tail.stop();

    std::printf("rate %lld ev/s for %lld s, threshold %s, keep %s%s\n", static_cast<long long>(rate),
                static_cast<long long>(seconds), qPrintable(parser.value(QStringLiteral("threshold"))),
                qPrintable(parser.value(QStringLiteral("keep"))), total ? "" : " (idle)");
    std::printf("written %lld, delivered %lld, out of order %lld, seq set %s, notices %lld\n",
                static_cast<long long>(total), static_cast<long long>(delivered),
                static_cast<long long>(outOfOrder),
                delivered == total && outOfOrder == 0 ? "exact (1..N, each once)" : "NOT exact",
                static_cast<long long>(notices));
    if (total > 0)
        std::printf("latency append->delivered: p50 %.1f ms, p99 %.1f ms, max %.1f ms\n",
                    percentile(latencyMs, 0.5), percentile(latencyMs, 0.99), percentile(latencyMs, 1.0));
    std::printf("tail process: cpu %.2f s over %.1f s (%.1f%% of one core), max RSS %ld KiB\n", cpu, elapsed,
                100.0 * cpu / elapsed, maxRssKiB());
    return delivered == total && outOfOrder == 0 ? 0 : 1;
}
