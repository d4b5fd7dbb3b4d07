// SPDX-License-Identifier: MIT
#include "journalwatcher.h"
#include "testjournal.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

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
