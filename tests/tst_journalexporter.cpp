// SPDX-License-Identifier: MIT
#include "journalexporter.h"
#include "journalindex.h"
#include "journalreader.h"
#include "journalsimulator.h"
#include "testjournal.h"

#include <QBuffer>
#include <QTemporaryDir>
#include <QTest>

#include <QScopeGuard>

#include <sys/mount.h>
#include <unistd.h>

class tst_JournalExporter : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_source;
    JournalIndex m_index;
    QByteArray sourceLines(quint64 from, quint64 to);
private slots:
    void initTestCase();
    void jsonlIsByteIdentical();
    void csvQuotesFields();
    void journalFormatRoundTrips();
    void refusesTargetsInsideTheJournal();
    void nothingPartialOnFailure();
    void sourceChangedSinceIndexing();
    void writeErrorLeavesNothing();
    void diskFullLeavesNothing();
};

using namespace TestJournal;

QByteArray tst_JournalExporter::sourceLines(quint64 from, quint64 to)
{
    std::vector<JournalReader::Line> lines;
    JournalReader::readSince(m_source.path(), from - 1, qint64(to - from + 1), &lines);
    QByteArray out;
    for (const auto &l : lines)
        out += l.text + '\n';
    return out;
}

void tst_JournalExporter::initTestCase()
{
    JournalSimulator sim;
    simulate(sim, m_source.path(), 2000, 50 * 1024);
    m_index = JournalIndex::build(m_source.path());
    QVERIFY(m_index.files().size() > 4);
}

void tst_JournalExporter::jsonlIsByteIdentical()
{
    QTemporaryDir out;
    EventFilter filter;
    filter.seqFrom = 150;
    filter.seqTo = 1650;
    const QString target = out.filePath(QStringLiteral("slice.jsonl"));
    const JournalExporter::Result r = JournalExporter::exportToPath(m_index, filter, target, {});
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.events, qint64(1501));
    QFile f(target);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray bytes = f.readAll();
    QCOMPARE(bytes, sourceLines(150, 1650));
    QCOMPARE(r.bytes, bytes.size());
    const JournalExporter::Estimate e = JournalExporter::estimate(m_index, filter);
    QCOMPARE(e.events, r.events);
    QCOMPARE(e.bytes, r.bytes);
}

void tst_JournalExporter::csvQuotesFields()
{
    QTemporaryDir dir;
    writeFile(
        dir.filePath(QStringLiteral("events-1.jsonl")),
        R"({"seq":1,"ts":"2026-11-20T09:00:01Z","session_id":"a,b","event":{"type":"error","message":"say \"hi\", then\nleave"}})"
        "\n");
    const JournalIndex index = JournalIndex::build(dir.path());
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    JournalExporter::Options options;
    options.format = JournalExporter::Format::Csv;
    QVERIFY(JournalExporter::exportToDevice(index, {}, &buffer, options).ok());
    QCOMPARE(buffer.data(), QByteArray("seq,ts,session_id,type,summary\r\n"
                                       "1,2026-11-20T09:00:01Z,\"a,b\",error,\"say \"\"hi\"\", then\"\r\n"));
}

void tst_JournalExporter::journalFormatRoundTrips()
{
    QTemporaryDir out;
    EventFilter filter;
    filter.seqFrom = 1;
    filter.seqTo = 2000;
    filter.types = {QStringLiteral("message_appended")};
    JournalExporter::Options options;
    options.format = JournalExporter::Format::Journal;
    options.rotateThreshold = 100 * 1024;
    const QString target = out.filePath(QStringLiteral("copy"));
    const JournalExporter::Result r = JournalExporter::exportToPath(m_index, filter, target, options);
    QVERIFY2(r.ok(), qPrintable(r.error));
    const JournalIndex copy = JournalIndex::build(target);
    QCOMPARE(copy.eventCount(), r.events);
    QVERIFY(copy.files().size() > 1);
    for (const FileIndex &fi : copy.files())
        QCOMPARE(fi.firstSeq().value(), fi.entry.startSeq); // named by the first event, as the server does
    QCOMPARE(QDir(out.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
             QStringList{QStringLiteral("copy")});
    // Refuses to overwrite.
    QVERIFY(!JournalExporter::exportToPath(m_index, filter, target, options).ok());
}

void tst_JournalExporter::refusesTargetsInsideTheJournal()
{
    EventFilter filter;
    const QString inside = QDir(m_source.path()).filePath(QStringLiteral("events-99999.jsonl"));
    QVERIFY(!JournalExporter::refusal(m_index, inside).isEmpty());
    QVERIFY(
        !JournalExporter::refusal(m_index, QDir(m_source.path()).filePath(QStringLiteral("sub/dir/x.csv")))
             .isEmpty());
    QVERIFY(!JournalExporter::refusal(m_index, m_source.path()).isEmpty());
    const JournalExporter::Result r = JournalExporter::exportToPath(m_index, filter, inside, {});
    QVERIFY(!r.ok());
    QVERIFY(!QFileInfo::exists(inside));
    QVERIFY(JournalExporter::refusal(m_index, m_source.path() + QStringLiteral("-export.jsonl")).isEmpty());
}

void tst_JournalExporter::nothingPartialOnFailure()
{
    QTemporaryDir out;
    const QString locked = out.filePath(QStringLiteral("locked"));
    QVERIFY(QDir(out.path()).mkdir(QStringLiteral("locked")));
    EventFilter filter;
    if (::geteuid() != 0) {
        QVERIFY(QFile::setPermissions(locked, QFile::ReadOwner | QFile::ExeOwner));
        QVERIFY(!JournalExporter::exportToPath(m_index, filter,
                                               QDir(locked).filePath(QStringLiteral("x.jsonl")), {})
                     .ok());
        QVERIFY(QDir(locked).isEmpty());
    }
    // A directory nobody may write into, root included.
    QVERIFY(
        !JournalExporter::exportToPath(m_index, filter, QStringLiteral("/proc/bjb-export.jsonl"), {}).ok());
    QVERIFY(!QFileInfo::exists(QStringLiteral("/proc/bjb-export.jsonl")));
    // A target whose parent does not exist.
    QVERIFY(
        !JournalExporter::exportToPath(m_index, filter, out.filePath(QStringLiteral("no/such/x.jsonl")), {})
             .ok());
    // Cancelled midway: nothing appears.
    std::atomic_bool cancel{true};
    JournalExporter::Options options;
    options.cancel = &cancel;
    const QString target = out.filePath(QStringLiteral("cancelled.jsonl"));
    const JournalExporter::Result r = JournalExporter::exportToPath(m_index, filter, target, options);
    QVERIFY(r.cancelled);
    QVERIFY(!QFileInfo::exists(target));
    options.format = JournalExporter::Format::Journal;
    QVERIFY(JournalExporter::exportToPath(m_index, filter, out.filePath(QStringLiteral("cj")), options)
                .cancelled);
    QCOMPARE(QDir(out.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
             QStringList{QStringLiteral("locked")});
}

void tst_JournalExporter::sourceChangedSinceIndexing()
{
    QTemporaryDir dir;
    const QString path = writeRange(dir.path(), 1, 100);
    const JournalIndex index = JournalIndex::build(dir.path());
    writeFile(path, line(1) + '\n'); // truncated behind the index's back
    QTemporaryDir out;
    const QString target = out.filePath(QStringLiteral("x.jsonl"));
    const JournalExporter::Result r = JournalExporter::exportToPath(index, {}, target, {});
    QVERIFY(!r.ok());
    QVERIFY(r.error.contains(QStringLiteral("reload")));
    QVERIFY(!QFileInfo::exists(target));
}

void tst_JournalExporter::writeErrorLeavesNothing()
{
    // /dev/full fails every write with ENOSPC.
    if (!QFileInfo::exists(QStringLiteral("/dev/full")))
        QSKIP("no /dev/full");
    QFile full(QStringLiteral("/dev/full"));
    QVERIFY(full.open(QIODevice::WriteOnly | QIODevice::Unbuffered));
    const JournalExporter::Result r = JournalExporter::exportToDevice(m_index, {}, &full, {});
    QVERIFY(!r.ok());
    QVERIFY(!r.error.isEmpty());
}

void tst_JournalExporter::diskFullLeavesNothing()
{
    // A 64 KiB file system fills up midway through every format.
    QTemporaryDir mountPoint;
    const QByteArray path = QFile::encodeName(mountPoint.path());
    if (::geteuid() != 0 || ::mount("tmpfs", path.constData(), "tmpfs", 0, "size=64k") != 0)
        QSKIP("needs to mount a small tmpfs (root)");
    const auto unmount = qScopeGuard([&] { ::umount(path.constData()); });
    for (const auto format :
         {JournalExporter::Format::Jsonl, JournalExporter::Format::Csv, JournalExporter::Format::Journal}) {
        JournalExporter::Options options;
        options.format = format;
        const QString target = mountPoint.filePath(QStringLiteral("out"));
        const JournalExporter::Result r = JournalExporter::exportToPath(m_index, {}, target, options);
        QVERIFY(!r.ok());
        QVERIFY2(r.error.contains(QStringLiteral("space")), qPrintable(r.error));
        QCOMPARE(QDir(mountPoint.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
                 QStringList());
    }
}

QTEST_GUILESS_MAIN(tst_JournalExporter)
#include "tst_journalexporter.moc"
