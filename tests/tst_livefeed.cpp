// SPDX-License-Identifier: MIT
// The browser's live view of a server: recorded into a spool under the cache directory and browsed as a
// journal, with the connection's state in the status bar.
#include "eventtablemodel.h"
#include "feedserver.h"
#include "journalloader.h"
#include "livefeed.h"
#include "mainwindow.h"
#include "noticebar.h"
#include "scriptedserver.h"
#include "testjournal.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QLabel>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace TestJournal;

class tst_LiveFeed : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void browsesAServerLive();
    void showsReconnectingAndResumes();
    void accessRefusedSaysWhatToSet();
    void spoolDirectoryPerStream();
    void badUrl();

private:
    QString statusText(const MainWindow &w) const
    {
        return w.findChild<QLabel *>(QStringLiteral("statusLive"))->text();
    }
};

void tst_LiveFeed::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("bamboo-test"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_livefeed"));
}

void tst_LiveFeed::init()
{
    QDir(QStandardPaths::writableLocation(QStandardPaths::CacheLocation)).removeRecursively();
    QSettings().clear();
}

void tst_LiveFeed::browsesAServerLive()
{
    QTemporaryDir srv;
    JournalSimulator sim;
    simulate(sim, srv.path(), 200, 20000);
    FeedServer server(srv.path());
    QString error;
    QVERIFY(server.listen({}, &error));
    MainWindow w;
    QAbstractItemModelTester tester(w.model());
    w.show();
    const QString url = QStringLiteral("http://127.0.0.1:%1").arg(server.port());
    QVERIFY(w.openUrl(url));
    QTRY_COMPARE_WITH_TIMEOUT(w.model()->rowCount(), 200, 10000);
    QTRY_VERIFY(statusText(w).contains(QLatin1String("connected to 127.0.0.1")));
    QVERIFY(w.windowTitle().startsWith(url + QStringLiteral("/api/v1/stream")));
    // The spool is a journal under the cache directory, in the server's scheme.
    const QString spool = w.loader()->eventsDir();
    QVERIFY2(spool.startsWith(QStandardPaths::writableLocation(QStandardPaths::CacheLocation)),
             qPrintable(spool));
    QVERIFY(QFile::exists(QDir(spool).filePath(JournalFileName::forStartSeq(1))));
    // Live: what the server writes now arrives in the table.
    for (int i = 0; i < 25; ++i) {
        QVERIFY(sim.appendNext(&error));
        server.publish(sim.lastSeq(), sim.lastLine());
    }
    QTRY_COMPARE_WITH_TIMEOUT(w.model()->rowCount(), 225, 10000);
    // The recent list keeps the URL, not the spool.
    const QStringList recent = QSettings().value(QStringLiteral("recentDirectories")).toStringList();
    QCOMPARE(recent.value(0), url + QStringLiteral("/api/v1/stream"));
    QVERIFY(!recent.contains(spool));
    // Closing the journal ends the recording and the status.
    w.liveFeed()->close();
    QVERIFY(!w.liveFeed()->isActive());
    QTRY_VERIFY(statusText(w).isEmpty());
}

void tst_LiveFeed::showsReconnectingAndResumes()
{
    QTemporaryDir srv;
    writeRange(srv.path(), 1, 10);
    auto server = std::make_unique<FeedServer>(srv.path());
    QString error;
    QVERIFY(server->listen({}, &error));
    const quint16 port = server->port();
    MainWindow w;
    w.show();
    QVERIFY(w.openUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)));
    QTRY_COMPARE_WITH_TIMEOUT(w.model()->rowCount(), 10, 10000);
    server.reset();
    QTRY_VERIFY_WITH_TIMEOUT(statusText(w).contains(QLatin1String("reconnecting to 127.0.0.1")), 10000);
    QVERIFY(statusText(w).contains(QLatin1String("(next try in ")));
    writeRange(srv.path(), 11, 12);
    server = std::make_unique<FeedServer>(srv.path());
    FeedServer::Options options;
    options.port = port;
    QVERIFY2(server->listen(options, &error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(w.model()->rowCount(), 12, 40000);
    QTRY_VERIFY(statusText(w).contains(QLatin1String("connected")));
}

void tst_LiveFeed::accessRefusedSaysWhatToSet()
{
    ScriptedServer server([](int, const QByteArray &, QTcpSocket *socket) {
        ScriptedServer::answer(socket, 401, "Unauthorized", "access credential verification required");
    });
    MainWindow w;
    w.show();
    QVERIFY(w.openUrl(server.url()));
    QTRY_VERIFY_WITH_TIMEOUT(statusText(w).startsWith(QLatin1String("stopped: ")), 10000);
    QVERIFY(w.noticeText().contains(QLatin1String("BAMBOO_DEVICE_TOKEN")));
    QVERIFY(w.noticeText().contains(QLatin1String("401")));
}

void tst_LiveFeed::spoolDirectoryPerStream()
{
    QString error;
    const auto a = FeedEndpoint::parse(QStringLiteral("http://127.0.0.1:8080"), &error);
    const auto b = FeedEndpoint::parse(QStringLiteral("http://127.0.0.1:8080/api/v1/stream"), &error);
    const auto c = FeedEndpoint::parse(QStringLiteral("http://127.0.0.1:8081"), &error);
    const auto d = FeedEndpoint::parse(QStringLiteral("https://[::1]/x"), &error);
    QCOMPARE(LiveFeed::spoolDirFor(*a), LiveFeed::spoolDirFor(*b));
    QVERIFY(LiveFeed::spoolDirFor(*a) != LiveFeed::spoolDirFor(*c));
    QVERIFY(LiveFeed::spoolDirFor(*a).contains(QLatin1String("/feeds/127.0.0.1-8080-")));
    QVERIFY(LiveFeed::spoolDirFor(*d).contains(QLatin1String("/feeds/__1-443-")));
    QVERIFY(LiveFeed::spoolDirFor(*a).endsWith(QLatin1String("/events")));
}

void tst_LiveFeed::badUrl()
{
    MainWindow w;
    QVERIFY(!w.openUrl(QStringLiteral("http://")));
    QVERIFY(w.noticeText().contains(QLatin1String("not an http://")));
    QVERIFY(!w.liveFeed()->isActive());
}

QTEST_MAIN(tst_LiveFeed)
#include "tst_livefeed.moc"
