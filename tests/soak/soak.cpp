// SPDX-License-Identifier: MIT
// Soak: a simulated server writes at RATE ev/s for SECONDS with rotation at 1 MiB and pruning to 8 files,
// while `bamboo-journal tail` (another process) and the browser's model (JournalLoader in this process)
// follow it. Passes when both saw exactly the seqs written, each once, and this process's memory stayed flat.
//   soak CLI [--rate R] [--seconds S]

#include "../residentmemory.h"
#include "eventrecord.h"
#include "eventtablemodel.h"
#include "journalloader.h"
#include "seqset.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 2) {
        std::fprintf(stderr, "usage: soak CLI [--rate R] [--seconds S]\n");
        return 2;
    }
    const QString cli = args[1];
    const qint64 rate = args.contains(QStringLiteral("--rate"))
                            ? args.value(args.indexOf(QStringLiteral("--rate")) + 1).toLongLong()
                            : 20000;
    const qint64 seconds = args.contains(QStringLiteral("--seconds"))
                               ? args.value(args.indexOf(QStringLiteral("--seconds")) + 1).toLongLong()
                               : 60;
    const qint64 total = rate * seconds;
    QTemporaryDir dir;
    const QString events = dir.filePath(QStringLiteral("events"));
    QProcess::execute(cli,
                      {QStringLiteral("simulate"), events, QStringLiteral("--count"), QStringLiteral("1")});

    // The browser's model, following.
    EventTableModel model;
    JournalLoader loader(&model);
    loader.setPollInterval(200);
    SeqSet modelSeqs;
    qint64 modelRows = 0;
    // A file's last line, caught before its newline, shows as an unterminated row; once the newline is there
    // the row is taken out and read again: that is one event, not two.
    QSet<quint64> reread;
    QObject::connect(&model, &QAbstractItemModel::rowsAboutToBeRemoved,
                     [&](const QModelIndex &, int first, int last) {
                         for (int row = first; row <= last; ++row) {
                             const QModelIndex at = model.index(row, 0);
                             if (at.data(EventTableModel::FlagsRole).toInt() & EventRecord::Unterminated)
                                 reread.insert(at.data(EventTableModel::SeqRole).toULongLong());
                         }
                     });
    QObject::connect(
        &model, &QAbstractItemModel::rowsInserted, [&](const QModelIndex &, int first, int last) {
            for (int row = first; row <= last; ++row) {
                const quint64 seq = model.data(model.index(row, 0), EventTableModel::SeqRole).toULongLong();
                modelSeqs.insert(seq);
                if (!reread.remove(seq))
                    ++modelRows;
            }
        });
    QString error;
    if (!loader.open(events, &error)) {
        std::fprintf(stderr, "soak: %s\n", qPrintable(error));
        return 3;
    }

    // The CLI tail, following from the start.
    QProcess tail;
    tail.setStandardOutputFile(dir.filePath(QStringLiteral("tail.out")));
    tail.start(cli, {QStringLiteral("tail"), events, QStringLiteral("--since"), QStringLiteral("0"),
                     QStringLiteral("--poll-ms"), QStringLiteral("200")});
    tail.waitForStarted();

    QProcess writer;
    writer.start(cli, {QStringLiteral("simulate"), events, QStringLiteral("--rate"), QString::number(rate),
                       QStringLiteral("--count"), QString::number(total - 1), QStringLiteral("--threshold"),
                       QStringLiteral("1048576"), QStringLiteral("--keep"), QStringLiteral("8")});
    writer.waitForStarted();
    long rssEarly = 0, rssLate = 0;
    QElapsedTimer clock;
    clock.start();
    QTimer sampler;
    QObject::connect(&sampler, &QTimer::timeout, [&] {
        const qint64 t = clock.elapsed();
        if (!rssEarly && t > seconds * 1000 / 3)
            rssEarly = residentKiB();
        if (writer.state() == QProcess::NotRunning) {
            if (!rssLate)
                rssLate = residentKiB();
            const quint64 wanted = quint64(total);
            if (modelSeqs.contains(wanted) || t > (seconds + 30) * 1000)
                QCoreApplication::quit();
        }
    });
    sampler.start(100);
    app.exec();
    QTimer::singleShot(1500, &app, &QCoreApplication::quit); // let the tail print the last batch
    app.exec();
    tail.terminate();
    tail.waitForFinished(10000);

    // What the tail printed: every seq once, in order.
    QFile out(dir.filePath(QStringLiteral("tail.out")));
    out.open(QIODevice::ReadOnly);
    qint64 tailLines = 0, tailOutOfOrder = 0;
    quint64 expect = 1;
    for (const QByteArray &line : out.readAll().split('\n')) {
        if (line.isEmpty())
            continue;
        const qsizetype comma = line.indexOf(',');
        const quint64 seq = line.mid(7, comma - 7).toULongLong();
        tailOutOfOrder += seq == expect ? 0 : 1;
        expect = seq + 1;
        ++tailLines;
    }
    bool modelExact = modelRows == total && modelSeqs.intervals() == 1 && modelSeqs.contains(1) &&
                      modelSeqs.contains(quint64(total));
    const bool tailExact = tailLines == total && tailOutOfOrder == 0;
    const bool flat = rssLate <= rssEarly * 12 / 10 + 4096;
    std::printf("soak: %lld ev/s for %lld s, rotation at 1 MiB, prune to 8\n", static_cast<long long>(rate),
                static_cast<long long>(seconds));
    std::printf("soak: CLI tail printed %lld lines, %lld out of order: %s\n",
                static_cast<long long>(tailLines), static_cast<long long>(tailOutOfOrder),
                tailExact ? "exact" : "NOT exact");
    std::printf("soak: model inserted %lld rows covering %zu seq interval(s): %s\n",
                static_cast<long long>(modelRows), modelSeqs.intervals(), modelExact ? "exact" : "NOT exact");
    std::printf("soak: RSS %ld KiB at a third of the run, %ld KiB at the end: %s\n", rssEarly, rssLate,
                flat ? "flat" : "GROWING");
    const bool ok = tailExact && modelExact && flat;
    std::printf("soak: %s\n", ok ? "1 passed, 0 failed" : "0 passed, 1 failed");
    return ok ? 0 : 1;
}
