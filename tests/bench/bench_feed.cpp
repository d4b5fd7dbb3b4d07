// SPDX-License-Identifier: MIT
// The live feed end to end: a server (FeedServer and the simulator's writer, in this process) and the
// command-line tool in a child process.
//   bench_feed CLI DIR latency [--rate R] [--seconds S]   append -> `tail URL` output, p50/p99/max
//   bench_feed CLI DIR replay [--events N]                 `record URL OUT` catching up N events
//   bench_feed CLI DIR live [--rate R] [--seconds S]       `record` following R ev/s: lag and exact seq set
// Latency is measured from the event's ts (the writer's clock, just before its write) to the moment the
// bench reads the line from tail's stdout.

#include "feedserver.h"
#include "journaldirectory.h"
#include "journalreader.h"
#include "journalsimulator.h"
#include "lineparser.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QProcess>
#include <QTimer>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fcntl.h>
#include <unistd.h>
#include <vector>

namespace {

qint64 nowNanos()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[size_t(p * double(v.size() - 1))];
}

// The seq of the last complete line of the newest file: cheap enough to poll.
quint64 newestSeq(const QString &dir)
{
    const JournalListing listing = JournalDirectory::list(dir);
    if (listing.files.isEmpty())
        return 0;
    const int fd = ::open(listing.files.last().path.constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    std::vector<char> block(256 * 1024);
    const off_t size = ::lseek(fd, 0, SEEK_END);
    const off_t from = std::max<off_t>(0, size - off_t(block.size()));
    const ssize_t n = ::pread(fd, block.data(), size_t(size - from), from);
    ::close(fd);
    if (n <= 0)
        return 0;
    std::string_view text(block.data(), size_t(n));
    if (text.back() != '\n')
        text = text.substr(0, text.rfind('\n') + 1);
    if (text.empty())
        return 0;
    text.remove_suffix(1);
    const size_t start = text.rfind('\n');
    quint64 seq = 0;
    LineParser::leadingSeq(text.substr(start == std::string_view::npos ? 0 : start + 1), &seq);
    return seq;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("cli"), QStringLiteral("Path of bamboo-journal."));
    parser.addPositionalArgument(QStringLiteral("dir"), QStringLiteral("Work directory (emptied first)."));
    parser.addPositionalArgument(QStringLiteral("mode"), QStringLiteral("latency, replay or live."));
    parser.addOptions(
        {{QStringLiteral("rate"), QStringLiteral("Events per second."), QStringLiteral("R"),
          QStringLiteral("1000")},
         {QStringLiteral("seconds"), QStringLiteral("Duration."), QStringLiteral("S"), QStringLiteral("30")},
         {QStringLiteral("events"), QStringLiteral("Events to replay."), QStringLiteral("N"),
          QStringLiteral("300000")}});
    parser.process(app);
    const QStringList args = parser.positionalArguments();
    if (args.size() != 3)
        parser.showHelp(2);
    const QString cli = args[0], work = args[1], mode = args[2];
    const qint64 rate = parser.value(QStringLiteral("rate")).toLongLong();
    const qint64 seconds = parser.value(QStringLiteral("seconds")).toLongLong();
    QDir(work).removeRecursively();
    const QString srv = work + QStringLiteral("/server/events"), out = work + QStringLiteral("/recorded");

    JournalSimulator sim;
    JournalSimulator::Options simOptions;
    simOptions.realTime = true;
    simOptions.seed = 42;
    QString error;
    if (!sim.open(srv, simOptions, &error))
        qFatal("%s", qPrintable(error));
    const qint64 replayEvents =
        mode == QLatin1String("replay") ? parser.value(QStringLiteral("events")).toLongLong() : 0;
    for (qint64 i = 0; i < replayEvents; ++i)
        sim.appendNext(&error);
    FeedServer server(srv);
    server.setLatestSeq(sim.lastSeq());
    if (!server.listen({}, &error))
        qFatal("%s", qPrintable(error));
    const QString url = QStringLiteral("http://127.0.0.1:%1").arg(server.port());

    QProcess child;
    child.setProcessChannelMode(QProcess::SeparateChannels);
    QElapsedTimer clock;
    if (mode == QLatin1String("latency")) {
        child.start(cli, {QStringLiteral("tail"), url});
    } else {
        child.start(cli, {QStringLiteral("record"), url, out});
        clock.start();
    }

    std::vector<double> latencyMs;
    qint64 received = 0, outOfOrder = 0;
    quint64 expected = 1;
    QByteArray pending;
    QObject::connect(&child, &QProcess::readyReadStandardOutput, [&] {
        const qint64 now = nowNanos();
        pending += child.readAllStandardOutput();
        qsizetype start = 0;
        for (qsizetype nl; (nl = pending.indexOf('\n', start)) >= 0; start = nl + 1) {
            thread_local LineParser lineParser;
            QByteArray line = pending.mid(start, nl - start);
            line.reserve(line.size() + qsizetype(LineParser::Padding));
            const LineParser::Result r = lineParser.parse(line.constData(), size_t(line.size()));
            latencyMs.push_back(double(now - r.tsNanos) / 1e6);
            outOfOrder += r.seq == expected ? 0 : 1;
            expected = r.seq + 1;
            ++received;
        }
        pending.remove(0, start);
    });

    // The writer starts once the child is connected.
    const qint64 total = mode == QLatin1String("replay") ? 0 : rate * seconds;
    qint64 written = 0;
    QElapsedTimer writeClock;
    QTimer writer;
    QObject::connect(&writer, &QTimer::timeout, [&] {
        const qint64 due =
            std::min(total, qint64(double(writeClock.nsecsElapsed()) * double(rate) / 1e9) + 1);
        for (; written < due; ++written) {
            sim.appendNext(&error);
            server.publish(sim.lastSeq(), sim.lastLine());
        }
        if (written >= total)
            writer.stop();
    });
    QByteArray childErr;
    QObject::connect(&child, &QProcess::readyReadStandardError, [&] {
        childErr += child.readAllStandardError();
        if (total > 0 && !writer.isActive() && written == 0 && childErr.contains("connected to")) {
            writeClock.start();
            clock.start();
            writer.start(1);
        }
    });
    quint64 recordedSeq = 0;
    double caughtUpAt = 0;
    QTimer check;
    QObject::connect(&check, &QTimer::timeout, [&] {
        if (mode == QLatin1String("latency")) {
            if (total > 0 && received >= total)
                app.quit();
        } else {
            recordedSeq = newestSeq(out);
            if (recordedSeq >= sim.lastSeq() && written >= total && clock.isValid()) {
                caughtUpAt = double(clock.nsecsElapsed()) / 1e9;
                app.quit();
            }
        }
        if (clock.isValid() && clock.elapsed() > (seconds + 120) * 1000)
            app.quit();
    });
    check.start(mode == QLatin1String("latency") ? 20 : 5);
    app.exec();
    child.terminate();
    child.waitForFinished(10000);

    if (mode == QLatin1String("latency")) {
        std::printf("tail URL at %lld ev/s for %lld s: written %lld, printed %lld, out of order %lld\n",
                    static_cast<long long>(rate), static_cast<long long>(seconds),
                    static_cast<long long>(written), static_cast<long long>(received),
                    static_cast<long long>(outOfOrder));
        std::printf("latency append->tail output: p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
                    percentile(latencyMs, 0.5), percentile(latencyMs, 0.99), percentile(latencyMs, 1.0));
        return received == total && outOfOrder == 0 ? 0 : 1;
    }
    std::vector<JournalReader::Line> a, b;
    JournalReader::readSince(srv, 0, JournalReader::NoLimit, &a);
    JournalReader::readSince(out, 0, JournalReader::NoLimit, &b);
    bool same = a.size() == b.size();
    for (size_t i = 0; same && i < a.size(); ++i)
        same = a[i].seq == b[i].seq && a[i].text == b[i].text;
    const qint64 events = mode == QLatin1String("replay") ? replayEvents : written;
    std::printf("record URL OUT, %s: %lld events in %.3f s = %.0f ev/s; recorded journal %s (%zu lines)\n",
                qPrintable(mode), static_cast<long long>(events), caughtUpAt,
                caughtUpAt > 0 ? double(events) / caughtUpAt : 0.0,
                same ? "byte-identical to the server's" : "DIFFERS from the server's", b.size());
    if (mode == QLatin1String("live"))
        std::printf("caught up %.3f s after the writer's first event (the writer ran %lld s)\n", caughtUpAt,
                    static_cast<long long>(seconds));
    return same && caughtUpAt > 0 ? 0 : 1;
}
