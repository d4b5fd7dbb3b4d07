// SPDX-License-Identifier: MIT
#include "journalreader.h"
#include "journalsimulator.h"
#include "testjournal.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

#include <algorithm>

using namespace TestJournal;

namespace {

// A straightforward reading of the seed's read_since, written independently: regex names, QJsonDocument
// parsing, whole-file reads. Good for journals whose seqs stay below 2^53.
std::vector<quint64> referenceReadSince(const QString &dir, quint64 since)
{
    static const QRegularExpression name(QStringLiteral("^events-\\+?([0-9]+)\\.jsonl$"));
    std::vector<std::pair<quint64, QString>> files;
    for (const QString &n : QDir(dir).entryList(QDir::Files)) {
        const auto m = name.match(n);
        if (m.hasMatch())
            files.emplace_back(m.captured(1).toULongLong(), QDir(dir).filePath(n));
    }
    std::stable_sort(files.begin(), files.end(),
                     [](const auto &a, const auto &b) { return a.first < b.first; });
    std::vector<quint64> out;
    for (size_t i = 0; i < files.size(); ++i) {
        if (i + 1 < files.size() && (files[i + 1].first == 0 ? 0 : files[i + 1].first - 1) <= since)
            continue;
        QFile f(files[i].second);
        if (!f.open(QIODevice::ReadOnly))
            continue;
        for (const QByteArray &raw : f.readAll().split('\n')) {
            const QByteArray line = raw.trimmed();
            if (line.isEmpty())
                continue;
            const QJsonObject o = QJsonDocument::fromJson(line).object();
            if (!o.value(QStringLiteral("seq")).isDouble() || !o.value(QStringLiteral("event")).isObject() ||
                !o.value(QStringLiteral("event")).toObject().value(QStringLiteral("type")).isString() ||
                !o.value(QStringLiteral("ts")).isString())
                continue;
            const auto seq = quint64(o.value(QStringLiteral("seq")).toDouble());
            if (seq > since)
                out.push_back(seq);
        }
    }
    return out;
}

std::vector<quint64> readSince(const QString &dir, quint64 since, qint64 limit = JournalReader::NoLimit,
                               JournalReader::Status *status = nullptr)
{
    std::vector<JournalReader::Line> lines;
    const JournalReader::Status s = JournalReader::readSince(dir, since, limit, &lines);
    if (status)
        *status = s;
    std::vector<quint64> out;
    for (const auto &l : lines)
        out.push_back(l.seq);
    return out;
}

} // namespace

class tst_JournalReader : public QObject
{
    Q_OBJECT
private slots:
    void seedScenarios()
    {
        QTemporaryDir dir;
        writeRange(dir.path(), 1, 5);
        QCOMPARE(readSince(dir.path(), 0), (std::vector<quint64>{1, 2, 3, 4, 5}));
        QCOMPARE(readSince(dir.path(), 3), (std::vector<quint64>{4, 5}));
        QVERIFY(readSince(dir.path(), 5).empty());
        QCOMPARE(readSince(dir.path(), 0, 2), (std::vector<quint64>{1, 2}));
    }

    void skipRuleTrustsNames()
    {
        // File "events-10" really holds 3..12: the skip rule uses names, so since=9 skips the first file
        // whole and still reads 3..12 from the second one.
        QTemporaryDir dir;
        writeRange(dir.path(), 1, 8, 1);
        writeRange(dir.path(), 3, 12, 10);
        const JournalListing listing = JournalDirectory::list(dir.path());
        QVERIFY(JournalReader::skipsFile(listing, 0, 9));
        QVERIFY(!JournalReader::skipsFile(listing, 0, 8));
        QVERIFY(!JournalReader::skipsFile(listing, 1, 1000)); // the last file is always read
        QCOMPARE(readSince(dir.path(), 9), (std::vector<quint64>{10, 11, 12}));
        QCOMPARE(readSince(dir.path(), 7), (std::vector<quint64>{8, 8, 9, 10, 11, 12}));
    }

    void matchesReferenceOnRandomJournals()
    {
        QRandomGenerator rng(7);
        for (int round = 0; round < 4; ++round) {
            QTemporaryDir dir;
            JournalSimulator sim;
            JournalSimulator::Options options;
            options.rotateThreshold = 2000 + rng.bounded(30000);
            options.seed = round + 1;
            QString error;
            QVERIFY(sim.open(dir.path(), options, &error));
            const int n = 500 + int(rng.bounded(1500));
            for (int i = 0; i < n; ++i) {
                QVERIFY(sim.appendNext(&error));
                if (rng.bounded(50) == 0) {
                    // Noise the server skips: a malformed line and a blank one, in the current file.
                    const QStringList names = QDir(dir.path()).entryList(QDir::Files, QDir::Name);
                    appendFile(QDir(dir.path()).filePath(names.last()), "{\"seq\":\n\n");
                }
            }
            for (int k = 0; k < 40; ++k) {
                const quint64 since = rng.bounded(n + 10);
                QCOMPARE(readSince(dir.path(), since), referenceReadSince(dir.path(), since));
            }
            QCOMPARE(readSince(dir.path(), 0), referenceReadSince(dir.path(), 0));
        }
    }

    void serverSkipsWhatItCannotDeserialize()
    {
        QTemporaryDir dir;
        writeFile(
            dir.filePath(QStringLiteral("events-1.jsonl")),
            line(1) + '\n' + R"({"seq":2,"ts":"nope","event":{"type":"error"}})" + '\n' +
                R"({"seq":3,"ts":"2026-11-20T09:00:01Z","session_id":7,"event":{"type":"error"}})" + '\n' +
                R"({"seq":4,"ts":"2026-11-20T09:00:01Z","session_id":null,"event":{"type":"newer_type"}})" +
                '\n' + "\xc2\xa0" + line(5) + "\xe3\x80\x80\n" // Unicode white space: Rust's trim removes it
                + line(6) + '\n');
        QCOMPARE(readSince(dir.path(), 0), (std::vector<quint64>{1, 4, 5, 6}));
    }

    void invalidUtf8FailsTheRead()
    {
        QTemporaryDir dir;
        writeRange(dir.path(), 1, 3);
        writeFile(dir.filePath(QStringLiteral("events-4.jsonl")), line(4) + "\n\xff\n" + line(5) + '\n');
        writeRange(dir.path(), 6, 7);
        JournalReader::Status status;
        readSince(dir.path(), 0, JournalReader::NoLimit, &status);
        QVERIFY(!status.ok());
        QCOMPARE(status.errorFile, QStringLiteral("events-4.jsonl"));
        // A cursor past that file skips it and succeeds.
        QCOMPARE(readSince(dir.path(), 5, JournalReader::NoLimit, &status), (std::vector<quint64>{6, 7}));
        QVERIFY(status.ok());
    }

    void directoryWithJournalNameFailsTheRead()
    {
        QTemporaryDir dir;
        writeRange(dir.path(), 1, 3);
        QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("events-4.jsonl")));
        QCOMPARE(
            ::mkfifo(QFile::encodeName(dir.filePath(QStringLiteral("events-9.jsonl"))).constData(), 0600), 0);
        JournalReader::Status status;
        readSince(dir.path(), 0, JournalReader::NoLimit, &status);
        QCOMPARE(status.errorFile, QStringLiteral("events-4.jsonl"));
        readSince(dir.path(), 8, JournalReader::NoLimit, &status); // reaches the FIFO: refused, never opened
        QCOMPARE(status.errorFile, QStringLiteral("events-9.jsonl"));
    }

    void recoverMaxSeqReadsOnlyTheNewestFile()
    {
        QTemporaryDir dir;
        writeRange(dir.path(), 1, 50);
        JournalListing listing = JournalDirectory::list(dir.path());
        QCOMPARE(JournalReader::recoverMaxSeq(listing).maxSeq, quint64(50));
        appendFile(dir.filePath(JournalFileName::forStartSeq(1)), "{\"seq\":51,\"ts\":\"bro");
        QCOMPARE(JournalReader::recoverMaxSeq(JournalDirectory::list(dir.path())).maxSeq, quint64(50));
        // A newest file with no complete line: the server restarts at 0.
        writeFile(dir.filePath(QStringLiteral("events-51.jsonl")), "{\"seq\":51,\"ts\":\"bro");
        QCOMPARE(JournalReader::recoverMaxSeq(JournalDirectory::list(dir.path())).maxSeq, quint64(0));
        QCOMPARE(
            JournalReader::recoverMaxSeq(JournalDirectory::list(dir.filePath(QStringLiteral("none")))).maxSeq,
            quint64(0));
    }

    void planReplayBoundaries_data()
    {
        QTest::addColumn<quint64>("cursor");
        QTest::addColumn<bool>("feedReset");
        QTest::addColumn<qint64>("events");
        QTest::addColumn<QString>("fromFile");
        // Retained: files starting at 101 (101..150) and 151 (151..200).
        const QString f101 = JournalFileName::forStartSeq(101), f151 = JournalFileName::forStartSeq(151);
        QTest::addRow("cursor 0 replays all") << quint64(0) << false << qint64(100) << f101;
        QTest::addRow("oldest - 2 resets") << quint64(99) << true << qint64(0) << QString();
        QTest::addRow("oldest - 1 resumes") << quint64(100) << false << qint64(100) << f101;
        QTest::addRow("oldest") << quint64(101) << false << qint64(99) << f101;
        QTest::addRow("second file") << quint64(150) << false << qint64(50) << f151;
        QTest::addRow("newest") << quint64(200) << false << qint64(0) << QString();
        QTest::addRow("beyond newest") << quint64(5000) << false << qint64(0) << QString();
        QTest::addRow("cursor 1 resets") << quint64(1) << true << qint64(0) << QString();
    }

    void planReplayBoundaries()
    {
        QFETCH(quint64, cursor);
        QFETCH(bool, feedReset);
        QFETCH(qint64, events);
        QFETCH(QString, fromFile);
        QTemporaryDir dir;
        writeRange(dir.path(), 101, 150);
        writeRange(dir.path(), 151, 200);
        const JournalReader::ReplayPlan plan =
            JournalReader::planReplay(JournalDirectory::list(dir.path()), cursor);
        QCOMPARE(plan.feedReset, feedReset);
        QCOMPARE(plan.replayEvents, events);
        QCOMPARE(plan.replayFromFile, fromFile);
        QVERIFY(plan.replayError.isEmpty());
        if (feedReset)
            QCOMPARE(plan.missedEvents, 101 - cursor - 1);
    }

    void planReplayFailure()
    {
        QTemporaryDir dir;
        writeRange(dir.path(), 1, 10);
        writeFile(dir.filePath(QStringLiteral("events-11.jsonl")), line(11) + "\n\xfe\n");
        const JournalReader::ReplayPlan plan =
            JournalReader::planReplay(JournalDirectory::list(dir.path()), 3);
        QVERIFY(!plan.feedReset);
        QCOMPARE(plan.replayErrorFile, QStringLiteral("events-11.jsonl"));
        QCOMPARE(plan.replayEvents, qint64(0));
    }

    void trimUnicode()
    {
        QCOMPARE(JournalReader::trimUnicode("\xe2\x80\x80 x \xc2\x85"), std::string_view("x"));
        QCOMPARE(JournalReader::trimUnicode("\xef\xbb\xbfx"),
                 std::string_view("\xef\xbb\xbfx")); // BOM is not white space
        QCOMPARE(JournalReader::trimUnicode(" \t"), std::string_view());
    }
};

QTEST_GUILESS_MAIN(tst_JournalReader)
#include "tst_journalreader.moc"
