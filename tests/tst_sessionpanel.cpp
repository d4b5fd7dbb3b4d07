// SPDX-License-Identifier: MIT
#include "eventtablemodel.h"
#include "sessionpanel.h"
#include "sessionstate.h"
#include "testjournal.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>

using namespace TestJournal;

namespace {

QByteArray eventLine(quint64 seq, const QByteArray &session, const QByteArray &event)
{
    return "{\"seq\":" + QByteArray::number(seq) + ",\"ts\":\"2026-11-20T09:00:01Z\",\"session_id\":" +
           (session.isEmpty() ? QByteArray("null") : '"' + session + '"') + ",\"event\":" + event + "}\n";
}

// A parent p that starts a child c, both with a few events; and one line of no session.
QByteArray journal()
{
    QByteArray j;
    j += eventLine(
        1, "p",
        R"({"type":"session_created","session_id":"p","title":"New session","kind":"root","created_at":"t"})");
    j += eventLine(
        2, "p",
        R"({"type":"session_title_updated","session_id":"p","title":"Fix the build","title_version":1,"source":"auto","updated_at":"t"})");
    j += eventLine(3, "p", R"({"type":"execution_started","run_id":"r1","session_id":"p","started_at":"t"})");
    j += eventLine(
        4, "p",
        R"({"type":"sub_agent_started","parent_session_id":"p","child_session_id":"c","title":"Look"})");
    j += eventLine(
        5, "c",
        R"({"type":"session_created","session_id":"c","title":"Look","kind":"child","created_at":"t"})");
    j += eventLine(
        6, "c",
        R"({"type":"message_appended","session_id":"c","message_id":"m","role":"user","content":"look around","created_at":"t"})");
    j += eventLine(7, "", R"({"type":"config_changed","section":"providers","revision":2})");
    j += eventLine(
        8, "p",
        R"({"type":"sub_agent_completed","parent_session_id":"p","child_session_id":"c","status":"completed"})");
    j += eventLine(
        9, "p",
        R"({"type":"complete","usage":{"prompt_tokens":1000,"completion_tokens":234,"total_tokens":1234}})");
    return j;
}

struct Fixture
{
    QTemporaryDir dir;
    EventTableModel model;
    SessionPanel panel{&model};
    QAbstractItemModelTester tester{panel.story()->model(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest};
    QSignalSpy shown{&panel, &SessionPanel::stateShown};
    Fixture()
    {
        writeFile(QDir(dir.path()).filePath(JournalFileName::forStartSeq(1)), journal());
        model.resetIndex(JournalIndex::build(dir.path()));
    }
    QModelIndex rowOf(quint64 seq) { return model.index(model.rowForSeq(seq), 0); }
    QTextBrowser *text() { return panel.findChild<QTextBrowser *>(QStringLiteral("sessionState")); }
};

} // namespace

class tst_SessionPanel : public QObject
{
    Q_OBJECT
private slots:
    void showsTheSessionAsOfTheSelectedSeq();
    void movesThroughTime();
    void linksAndStoryRowsAskForEvents();
    void aNewerSelectionWins();
    void eventsWithoutASessionAndBadIndexes();
    void followsNewEvents();
    void movingWithinASessionReadsNoLines();
};

void tst_SessionPanel::showsTheSessionAsOfTheSelectedSeq()
{
    Fixture f;
    f.panel.showIndex(f.rowOf(4));
    // Computed on a worker: nothing is on screen until it arrives.
    QVERIFY(!f.panel.state());
    QTRY_COMPARE(f.shown.count(), 1);
    const SessionState *s = f.panel.state();
    QVERIFY(s);
    QCOMPARE(s->sessionId, QStringLiteral("p"));
    QCOMPARE(s->atSeq, quint64(4));
    QCOMPARE(s->eventCount, qint64(4));
    QCOMPARE(s->children.size(), size_t(1));
    QVERIFY(s->children[0].status.isEmpty()); // running at seq 4
    const QString text = f.panel.stateText();
    QVERIFY2(text.contains(QStringLiteral("Fix the build v1 auto")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("c running “Look”")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("running r1")), qPrintable(text));
    // The story lists every event of the session, later ones dimmed, the selected one bold.
    QAbstractItemModel *story = f.panel.story()->model();
    QCOMPARE(story->rowCount(), 6);
    QCOMPARE(story->index(3, 0).data().toString(), QStringLiteral("4"));
    QCOMPARE(story->index(3, 2).data().toString(), QStringLiteral("→ child c \"Look\""));
    QVERIFY(story->index(3, 0).data(Qt::FontRole).value<QFont>().bold());
    QVERIFY(!story->index(2, 0).data(Qt::ForegroundRole).isValid());
    QVERIFY(story->index(4, 0).data(Qt::ForegroundRole).isValid());
    QCOMPARE(f.panel.story()->currentIndex().row(), 3);
}

void tst_SessionPanel::movesThroughTime()
{
    Fixture f;
    f.panel.showIndex(f.rowOf(9));
    QTRY_COMPARE(f.shown.count(), 1);
    QCOMPARE(f.panel.state()->children[0].status, QStringLiteral("completed"));
    QCOMPARE(f.panel.state()->usage.totalTokens, quint64(1234));
    QVERIFY(f.panel.stateText().contains(QStringLiteral("1,234 (1,000 prompt, 234 completion)")));
    f.panel.showIndex(f.rowOf(2));
    QTRY_COMPARE(f.shown.count(), 2);
    QCOMPARE(f.panel.state()->atSeq, quint64(2));
    QVERIFY(f.panel.state()->children.empty());
    QCOMPARE(f.panel.state()->usage.totalTokens, quint64(0));
    // The child's session, with its parent.
    f.panel.showIndex(f.rowOf(6));
    QTRY_COMPARE(f.shown.count(), 3);
    QCOMPARE(f.panel.sessionId(), QStringLiteral("c"));
    QCOMPARE(f.panel.state()->parentSessionId, QStringLiteral("p"));
    QCOMPARE(f.panel.state()->kind, QStringLiteral("child"));
}

void tst_SessionPanel::linksAndStoryRowsAskForEvents()
{
    Fixture f;
    QSignalSpy requested(&f.panel, &SessionPanel::seqRequested);
    f.panel.showIndex(f.rowOf(6));
    QTRY_COMPARE(f.shown.count(), 1);
    QVERIFY(
        f.text()->toHtml().contains(QStringLiteral("seq:4"))); // the parent links to its sub_agent_started
    Q_EMIT f.text()->anchorClicked(QUrl(QStringLiteral("seq:4")));
    QCOMPARE(requested.count(), 1);
    QCOMPARE(requested.takeFirst().at(0).toULongLong(), quint64(4));
    // A child link goes to the child's first event.
    Q_EMIT f.text()->anchorClicked(QUrl(QStringLiteral("session:c")));
    QCOMPARE(requested.takeFirst().at(0).toULongLong(), quint64(5));
    // Unknown targets are ignored.
    Q_EMIT f.text()->anchorClicked(QUrl(QStringLiteral("session:nobody")));
    Q_EMIT f.text()->anchorClicked(QUrl(QStringLiteral("seq:abc")));
    Q_EMIT f.text()->anchorClicked(QUrl(QStringLiteral("https://example.com")));
    QCOMPARE(requested.count(), 0);
    // A story row.
    Q_EMIT f.panel.story()->clicked(f.panel.story()->model()->index(0, 2));
    QCOMPARE(requested.takeFirst().at(0).toULongLong(), quint64(5));
}

void tst_SessionPanel::aNewerSelectionWins()
{
    Fixture f;
    f.panel.showIndex(f.rowOf(1));
    f.panel.showIndex(f.rowOf(5));
    f.panel.showIndex(f.rowOf(8));
    QTRY_VERIFY(f.shown.count() >= 1 && !f.panel.isComputing() && f.panel.state() &&
                f.panel.state()->atSeq == 8);
    QCOMPARE(f.panel.sessionId(), QStringLiteral("p"));
    QTest::qWait(50);
    QCOMPARE(f.panel.state()->atSeq, quint64(8)); // no older result lands afterwards
}

void tst_SessionPanel::eventsWithoutASessionAndBadIndexes()
{
    Fixture f;
    f.panel.showIndex(f.rowOf(3));
    QTRY_COMPARE(f.shown.count(), 1);
    f.panel.showIndex(f.rowOf(7));
    QVERIFY(!f.panel.state());
    QVERIFY(f.panel.sessionId().isEmpty());
    QCOMPARE(f.panel.story()->model()->rowCount(), 0);
    f.panel.showIndex(QModelIndex());
    QVERIFY(!f.panel.state());
    EventTableModel other;
    f.panel.showIndex(other.index(0, 0));
    QVERIFY(!f.panel.state());
    QTest::qWait(50);
    QCOMPARE(f.shown.count(), 1);
}

void tst_SessionPanel::followsNewEvents()
{
    Fixture f;
    f.panel.showIndex(f.rowOf(9));
    QTRY_COMPARE(f.shown.count(), 1);
    QCOMPARE(f.panel.story()->model()->rowCount(), 6);
    appendFile(
        QDir(f.dir.path()).filePath(JournalFileName::forStartSeq(1)),
        eventLine(10, "p",
                  R"({"type":"session_pinned_updated","session_id":"p","pinned":true,"updated_at":"t"})"));
    f.model.resetIndex(JournalIndex::build(f.dir.path()));
    // The story grows; the state stays at the selected seq.
    QTRY_COMPARE(f.panel.story()->model()->rowCount(), 7);
    QCOMPARE(f.panel.state()->atSeq, quint64(9));
    QVERIFY(!f.panel.state()->pinned);
}

void tst_SessionPanel::movingWithinASessionReadsNoLines()
{
    Fixture f;
    f.panel.showIndex(f.rowOf(9));
    QTRY_COMPARE(f.shown.count(), 1);
    QCOMPARE(f.panel.state()->runs.completed, quint64(1));
    // The file's lines no longer parse (same length, the index unchanged): only a new read would notice.
    const QString path = QDir(f.dir.path()).filePath(JournalFileName::forStartSeq(1));
    QByteArray bytes = journal();
    for (char &c : bytes)
        if (c != '\n')
            c = 'x';
    writeFile(path, bytes);
    // Back in time within the session: replayed from what was read for seq 9.
    f.panel.showIndex(f.rowOf(3));
    QTRY_COMPARE(f.shown.count(), 2);
    const SessionState *s = f.panel.state();
    QCOMPARE(s->atSeq, quint64(3));
    QVERIFY2(s->errors.isEmpty(), qPrintable(s->errors.join(QLatin1Char('\n'))));
    QCOMPARE(s->runs.started, quint64(1));
    QCOMPARE(s->runs.completed, quint64(0));
    QCOMPARE(s->title, QStringLiteral("Fix the build"));
    QCOMPARE(f.panel.story()->model()->rowCount(), 6);
    // Another session is read, and finds the lines changed.
    f.panel.showIndex(f.rowOf(6));
    QTRY_COMPARE(f.shown.count(), 3);
    QCOMPARE(f.panel.sessionId(), QStringLiteral("c"));
    QVERIFY(!f.panel.state()->errors.isEmpty());
}

QTEST_MAIN(tst_SessionPanel)
#include "tst_sessionpanel.moc"
