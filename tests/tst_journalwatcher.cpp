// SPDX-License-Identifier: MIT
#include "journalwatcher.h"
#include "testjournal.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace TestJournal;

class tst_JournalWatcher : public QObject
{
    Q_OBJECT
private slots:
    void firesOnAppendThroughInotify()
    {
        QTemporaryDir dir;
        const QString path = writeRange(dir.path(), 1, 1);
        JournalWatcher w;
        QSignalSpy changed(&w, &JournalWatcher::changed);
        w.start(3600000, 20); // no polling: inotify alone
        w.setWatched(dir.path(), path, 1);
        appendFile(path, line(2) + '\n');
        QTRY_VERIFY(changed.count() >= 1);
        const int before = changed.count();
        writeRange(dir.path(), 3, 3); // a new file: the directory changes
        QTRY_VERIFY(changed.count() > before);
    }

    // A file that cannot be watched (no permission) is not tried again at every look with the same request:
    // each try costs a warning from Qt, and a tail looks several times a second. The next file is watched.
    void aWatchThatFailedIsNotTriedAgain()
    {
        QTemporaryDir dir;
        QVERIFY(QFile::setPermissions(dir.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner |
                                                      QFile::ReadOther | QFile::ExeOther));
        const QString locked = writeRange(dir.path(), 1, 1);
        QVERIFY(QFile::setPermissions(locked, {}));
        JournalWatcher w;
        QSignalSpy pollingOnly(&w, &JournalWatcher::pollingOnly);
        w.start(3600000, 20);
        static int warnings = 0; // Qt's warning for the watch is a qErrnoWarning (critical)
        const QtMessageHandler previous = qInstallMessageHandler(
            [](QtMsgType, const QMessageLogContext &, const QString &) { ++warnings; });
        // Root may watch anything: as nobody (group too), as the tail's user would be.
        const bool root = ::geteuid() == 0;
        QVERIFY(!root || (::setegid(65534) == 0 && ::seteuid(65534) == 0));
        w.setWatched(dir.path(), locked, inodeOf(locked));
        const int first = warnings;
        for (int i = 0; i < 5; ++i)
            w.setWatched(dir.path(), locked, inodeOf(locked));
        const int again = warnings - first;
        QVERIFY(!root || (::seteuid(0) == 0 && ::setegid(0) == 0));
        qInstallMessageHandler(previous);
        QVERIFY(first >= 1); // Qt warns when a watch cannot be added
        QCOMPARE(again, 0);
        QCOMPARE(pollingOnly.count(), 1);
        QCOMPARE(pollingOnly.first().first().toStringList(), QStringList{locked});

        const QString next = writeRange(dir.path(), 2, 2); // rotated: a new request
        w.setWatched(dir.path(), next, inodeOf(next));
        QSignalSpy changed(&w, &JournalWatcher::changed);
        appendFile(next, line(3) + '\n');
        QTRY_VERIFY(changed.count() >= 1);
    }

    void pollsWhenNothingIsWatched()
    {
        QTemporaryDir dir;
        JournalWatcher w;
        QSignalSpy changed(&w, &JournalWatcher::changed);
        w.start(20, 0);
        QTRY_VERIFY(changed.count() >= 2);
    }

    void pauseHoldsChangesBack()
    {
        QTemporaryDir dir;
        const QString path = writeRange(dir.path(), 1, 1);
        JournalWatcher w;
        QSignalSpy changed(&w, &JournalWatcher::changed);
        w.start(3600000, 0);
        w.setWatched(dir.path(), path, 1);
        w.pause();
        appendFile(path, line(2) + '\n');
        QTest::qWait(100); // give inotify a chance to be (wrongly) delivered
        QCOMPARE(changed.count(), 0);
        w.resume();
        QTRY_COMPARE(changed.count(), 1);
    }

    void burstsAreCoalesced()
    {
        QTemporaryDir dir;
        const QString path = writeRange(dir.path(), 1, 1);
        JournalWatcher w;
        QSignalSpy changed(&w, &JournalWatcher::changed);
        w.start(3600000, 1000);
        w.setWatched(dir.path(), path, 1);
        for (quint64 s = 2; s < 200; ++s)
            appendFile(path, line(s) + '\n');
        QTRY_VERIFY(changed.count() >= 1);
        QTest::qWait(1100); // one interval: the rest of the burst comes as one more signal, not 198
        QVERIFY(changed.count() <= 3);
    }
};

QTEST_GUILESS_MAIN(tst_JournalWatcher)
#include "tst_journalwatcher.moc"
