// SPDX-License-Identifier: MIT
// The browser's own numbers on a journal, in one process, offscreen: time to first rows and to the full
// index, filters by type, session and text, the worst GUI-thread stall while indexing and while following a
// live writer, and memory per event.
//   bench_gui CLI EVENTS_DIR [--tail-seconds S]

#include "../residentmemory.h"
#include "eventtablemodel.h"
#include "eventwait.h"
#include "filterbar.h"
#include "journalloader.h"
#include "mainwindow.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>

namespace {

// Measures the longest gap between 1 ms timer ticks on the GUI thread: how long it was not responsive.
class StallMeter : public QObject
{
public:
    StallMeter()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        QObject::connect(&m_timer, &QTimer::timeout, this, [this] {
            const qint64 now = m_clock.nsecsElapsed();
            m_worst = std::max(m_worst, now - m_last);
            m_last = now;
        });
    }
    void start()
    {
        m_worst = 0;
        m_clock.start();
        m_last = 0;
        m_timer.start(1);
    }
    double stopMs()
    {
        m_timer.stop();
        return double(m_worst) / 1e6;
    }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    qint64 m_worst = 0;
};

} // namespace

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    const QStringList args = app.arguments();
    if (args.size() < 3) {
        std::fprintf(stderr, "usage: bench_gui CLI EVENTS_DIR [--tail-seconds S]\n");
        return 2;
    }
    const QString cli = args[1], dir = args[2];
    const int tailSeconds =
        args.size() > 4 && args[3] == QLatin1String("--tail-seconds") ? args[4].toInt() : 10;

    // 1. Open the big journal.
    const long rssBefore = residentKiB();
    MainWindow w;
    w.resize(1500, 850);
    w.show();
    w.loader()->setLive(false);
    QSignalSpy first(w.loader(), &JournalLoader::firstRowsShown);
    QSignalSpy loaded(w.loader(), &JournalLoader::loadFinished);
    StallMeter stall;
    stall.start();
    if (!w.openDirectory(dir) || !waitFor(loaded, 1, 60000)) {
        std::fprintf(stderr, "bench_gui: %s did not load\n", qPrintable(dir));
        return 3;
    }
    waitMs(300); // summaries for the visible rows
    const double indexStall = stall.stopMs();
    const qint64 events = w.model()->journal().eventCount();
    const qint64 bytes = w.model()->journal().byteCount();
    const long rssAfter = residentKiB();
    std::printf("journal: %lld events, %lld bytes, %lld files\n", static_cast<long long>(events),
                static_cast<long long>(bytes), static_cast<long long>(w.model()->journal().files().size()));
    std::printf("first rows shown after %lld ms; full index after %lld ms\n",
                first.first().at(0).toLongLong(), loaded.first().at(1).toLongLong());
    std::printf("worst GUI-thread stall while opening and indexing: %.1f ms\n", indexStall);
    std::printf("memory: %ld KiB more after loading, %.1f bytes per event\n", rssAfter - rssBefore,
                double(rssAfter - rssBefore) * 1024.0 / double(std::max<qint64>(1, events)));

    // 2. Filters.
    QSignalSpy filtered(w.loader(), &JournalLoader::filterFinished);
    const auto runFilter = [&](const EventFilter &f, const char *what) {
        const int before = int(filtered.count());
        QElapsedTimer t;
        t.start();
        stall.start();
        w.loader()->setFilter(f);
        waitFor(filtered, before + 1, 60000);
        const qint64 ms = t.elapsed();
        const double s = stall.stopMs();
        std::printf("filter %-28s %8d rows in %5lld ms (GUI stall %.1f ms)", what, w.model()->rowCount(),
                    static_cast<long long>(ms), s);
        if (!f.contains.isEmpty())
            std::printf(", %.2f GB/s over the raw lines",
                        double(bytes) / 1e9 / (double(std::max<qint64>(1, ms)) / 1000.0));
        std::printf("\n");
    };
    EventFilter byType;
    byType.types = {QStringLiteral("tool_approval_requested")};
    runFilter(byType, "type=tool_approval_requested");
    EventFilter bySession;
    bySession.sessions = {w.model()->journal().sessions().text(1)};
    runFilter(bySession, "one session");
    EventFilter byText;
    byText.contains = "web_fetch";
    runFilter(byText, "text \"web_fetch\" (case)");
    byText.ignoreCase = true;
    byText.contains = "WEB_FETCH";
    runFilter(byText, "text \"WEB_FETCH\" (no case)");
    w.loader()->setFilter({});

    // 3. Following a live writer at 1,000 ev/s.
    QTemporaryDir live;
    QProcess::execute(cli,
                      {QStringLiteral("simulate"), live.path(), QStringLiteral("--count"),
                       QStringLiteral("20000"), QStringLiteral("--threshold"), QStringLiteral("1048576")});
    MainWindow follower;
    follower.resize(1500, 850);
    follower.show();
    follower.loader()->setPollInterval(1000);
    QSignalSpy liveLoaded(follower.loader(), &JournalLoader::loadFinished);
    follower.openDirectory(live.path());
    waitFor(liveLoaded, 1, 60000);
    QProcess writer;
    writer.start(cli, {QStringLiteral("simulate"), live.path(), QStringLiteral("--rate"),
                       QStringLiteral("1000"), QStringLiteral("--count"), QString::number(1000 * tailSeconds),
                       QStringLiteral("--threshold"), QStringLiteral("1048576"), QStringLiteral("--keep"),
                       QStringLiteral("8")});
    stall.start();
    writer.waitForStarted();
    QSignalSpy writerDone(&writer, &QProcess::finished);
    if (writer.state() != QProcess::NotRunning)
        waitFor(writerDone, 1, (tailSeconds + 20) * 1000);
    waitMs(500);
    const double tailStall = stall.stopMs();
    const quint64 last =
        follower.model()
            ->data(follower.model()->index(follower.model()->rowCount() - 1, 0), EventTableModel::SeqRole)
            .toULongLong();
    std::printf("following 1,000 ev/s for %d s (rotation at 1 MiB, prune to 8): worst GUI-thread stall %.1f "
                "ms; last row seq %llu of %d; following %s\n",
                tailSeconds, tailStall, static_cast<unsigned long long>(last), 20000 + 1000 * tailSeconds,
                follower.isFollowing() ? "yes" : "no");
    return 0;
}
