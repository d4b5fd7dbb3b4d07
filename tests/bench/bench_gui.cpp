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
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <ctime>

namespace {

qint64 threadCpuNs()
{
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return qint64(t.tv_sec) * 1000000000 + t.tv_nsec;
}

// Measures the longest gap between 1 ms timer ticks on the GUI thread: how long it was not responsive, and
// how much of that gap the GUI thread spent running (the rest it waited for a core).
class StallMeter : public QObject
{
public:
    StallMeter()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        QObject::connect(&m_timer, &QTimer::timeout, this, [this] {
            const qint64 now = m_clock.nsecsElapsed();
            const qint64 cpu = threadCpuNs();
            if (now - m_last > m_worst) {
                m_worst = now - m_last;
                m_worstCpu = cpu - m_lastCpu;
            }
            m_worstCpuAny = std::max(m_worstCpuAny, cpu - m_lastCpu);
            m_last = now;
            m_lastCpu = cpu;
        });
    }
    void start()
    {
        m_worst = m_worstCpu = m_worstCpuAny = 0;
        m_clock.start();
        m_last = 0;
        m_lastCpu = threadCpuNs();
        m_timer.start(1);
    }
    double stopMs()
    {
        m_timer.stop();
        return double(m_worst) / 1e6;
    }
    // The GUI thread's CPU time in the worst gap, and the most it spent in any one gap.
    double worstGapCpuMs() const { return double(m_worstCpu) / 1e6; }
    double worstCpuMs() const { return double(m_worstCpuAny) / 1e6; }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    qint64 m_lastCpu = 0;
    qint64 m_worst = 0;
    qint64 m_worstCpu = 0;
    qint64 m_worstCpuAny = 0;
};

// With BENCH_GUI_EXPLAIN set: the longest deliveries of one event on the GUI thread, by receiver and type.
class TimedApplication : public QApplication
{
public:
    using QApplication::QApplication;
    bool notify(QObject *receiver, QEvent *event) override
    {
        if (!m_explain || QThread::currentThread() != thread())
            return QApplication::notify(receiver, event);
        if (m_depth > 0) {
            if (event->type() != QEvent::Paint)
                return QApplication::notify(receiver, event);
            const char *className = receiver->metaObject()->className();
            const qint64 cpu = threadCpuNs();
            const bool result = QApplication::notify(receiver, event);
            const qint64 ns = threadCpuNs() - cpu;
            if (ns > 2000000)
                m_slow.append({ns, QByteArray("  paint of ") + className + at()});
            return result;
        }
        const char *className = receiver->metaObject()->className();
        const int type = event->type();
        ++m_depth;
        const qint64 cpu = threadCpuNs();
        const bool result = QApplication::notify(receiver, event);
        const qint64 ns = threadCpuNs() - cpu;
        --m_depth;
        if (ns > 5000000)
            m_slow.append({ns, QByteArray(className) + " event " + QByteArray::number(type) + at()});
        return result;
    }
    void report()
    {
        if (!m_explain)
            return;
        std::sort(m_slow.begin(), m_slow.end(),
                  [](const auto &a, const auto &b) { return a.first > b.first; });
        for (qsizetype i = 0; i < std::min<qsizetype>(40, m_slow.size()); ++i)
            std::printf("  slow delivery (GUI thread CPU time) %.1f ms: %s\n", double(m_slow[i].first) / 1e6,
                        m_slow[i].second.constData());
        m_slow.clear();
    }

private:
    // When a delivery ended, in ms since the application started: which ones fell in the same gap.
    QByteArray at() const { return " at " + QByteArray::number(m_clock.elapsed()) + " ms"; }

    bool m_explain = qEnvironmentVariableIsSet("BENCH_GUI_EXPLAIN");
    QElapsedTimer m_clock = [] {
        QElapsedTimer t;
        t.start();
        return t;
    }();
    int m_depth = 0;
    QList<QPair<qint64, QByteArray>> m_slow;
};

} // namespace

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    TimedApplication app(argc, argv);
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
    // The window's first paint (its fonts, its backing store) comes before anything is shown: it is
    // reported on its own, not as a stall of the load.
    const qint64 showCpu = threadCpuNs();
    QElapsedTimer showClock;
    showClock.start();
    w.show();
    if (!QTest::qWaitForWindowExposed(&w)) {
        std::fprintf(stderr, "bench_gui: the window was not shown\n");
        return 3;
    }
    QCoreApplication::processEvents();
    std::printf("window shown (first paint) after %lld ms, %.1f ms of GUI thread time\n",
                static_cast<long long>(showClock.elapsed()), double(threadCpuNs() - showCpu) / 1e6);
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
    std::printf(
        "worst GUI-thread stall while opening and indexing: %.1f ms (GUI thread running %.1f ms of it; "
        "at most %.1f ms running in any gap)\n",
        indexStall, stall.worstGapCpuMs(), stall.worstCpuMs());
    app.report();
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
