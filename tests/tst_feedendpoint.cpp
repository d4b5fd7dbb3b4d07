// SPDX-License-Identifier: MIT
#include "feedendpoint.h"
#include "testjournal.h"

#include <QTemporaryDir>
#include <QTest>

class tst_FeedEndpoint : public QObject
{
    Q_OBJECT
private slots:
    void parse_data();
    void parse();
    void refused_data();
    void refused();
    void localHosts_data();
    void localHosts();
    void credentialsFromTheEnvironment();
    void credentialsFromAFile();
};

void tst_FeedEndpoint::parse_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("stream");
    QTest::addColumn<qint64>("since"); // -1: none
    QTest::addColumn<bool>("local");
    QTest::addRow("server") << "http://127.0.0.1:8080"
                            << "http://127.0.0.1:8080/api/v1/stream" << qint64(-1) << true;
    QTest::addRow("slash") << "http://localhost:8080/"
                           << "http://localhost:8080/api/v1/stream" << qint64(-1) << true;
    QTest::addRow("stream") << "http://10.1.2.3:8080/api/v1/stream"
                            << "http://10.1.2.3:8080/api/v1/stream" << qint64(-1) << true;
    QTest::addRow("since") << "http://192.168.1.9:1/api/v1/stream?since=42"
                           << "http://192.168.1.9:1/api/v1/stream" << qint64(42) << true;
    QTest::addRow("prefix") << "https://example.org/bamboo/"
                            << "https://example.org/bamboo/api/v1/stream" << qint64(-1) << false;
    QTest::addRow("scheme case") << "HTTP://example.org:9"
                                 << "http://example.org:9/api/v1/stream" << qint64(-1) << false;
    QTest::addRow("ipv6 loopback") << "http://[::1]:7/"
                                   << "http://[::1]:7/api/v1/stream" << qint64(-1) << true;
}

void tst_FeedEndpoint::parse()
{
    QFETCH(QString, url);
    QFETCH(QString, stream);
    QFETCH(qint64, since);
    QFETCH(bool, local);
    QString error;
    const auto e = FeedEndpoint::parse(url, &error);
    QVERIFY2(e, qPrintable(error));
    QCOMPARE(e->streamUrl.toString(), stream);
    QCOMPARE(e->urlSince ? qint64(*e->urlSince) : -1, since);
    QCOMPARE(e->localHost, local);
    QVERIFY(FeedEndpoint::looksLikeUrl(url));
}

void tst_FeedEndpoint::refused_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("why");
    QTest::addRow("ftp") << "ftp://example.org"
                         << "http:// or https://";
    QTest::addRow("no host") << "http://"
                             << "with a host";
    QTest::addRow("user info") << "http://me:secret@example.org"
                               << "BAMBOO_DEVICE_TOKEN";
    QTest::addRow("bad since") << "http://localhost:1/?since=-3"
                               << "since=-3";
    QTest::addRow("port 0") << "http://localhost:0"
                            << "port 0";
}

void tst_FeedEndpoint::refused()
{
    QFETCH(QString, url);
    QFETCH(QString, why);
    QString error;
    QVERIFY(!FeedEndpoint::parse(url, &error));
    QVERIFY2(error.contains(why), qPrintable(error));
    QVERIFY(!error.contains(QLatin1String("secret")));
}

void tst_FeedEndpoint::localHosts_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<bool>("local");
    QTest::addRow("localhost") << "localhost" << true;
    QTest::addRow("loopback") << "127.9.9.9" << true;
    QTest::addRow("10/8") << "10.200.0.1" << true;
    QTest::addRow("172.16/12") << "172.31.255.255" << true;
    QTest::addRow("172.32 is public") << "172.32.0.1" << false;
    QTest::addRow("192.168/16") << "192.168.0.1" << true;
    QTest::addRow("link-local") << "169.254.1.1" << true;
    QTest::addRow("::1") << "::1" << true;
    QTest::addRow("[::1]") << "[::1]" << true;
    QTest::addRow("fe80::") << "fe80::1" << true;
    QTest::addRow("fd00::") << "fd12::1" << true;
    QTest::addRow("public v4") << "8.8.8.8" << false;
    QTest::addRow("public v6") << "2001:db8::1" << false;
    QTest::addRow("name") << "example.org" << false;
    QTest::addRow("mapped loopback") << "::ffff:127.0.0.1" << true;
}

void tst_FeedEndpoint::localHosts()
{
    QFETCH(QString, host);
    QFETCH(bool, local);
    QCOMPARE(FeedEndpoint::isLocalHost(host), local);
}

void tst_FeedEndpoint::credentialsFromTheEnvironment()
{
    const QByteArray token = "bd1_0123456789abcdef0123456789ABCDEF";
    const QByteArray id = "bamboo_0123456789ab";
    qunsetenv("BAMBOO_DEVICE_TOKEN");
    qunsetenv("BAMBOO_DEVICE_ID");
    QString error;
    auto c = FeedCredentials::fromEnvironment(&error);
    QVERIFY(c && c->isEmpty());
    qputenv("BAMBOO_DEVICE_TOKEN", token);
    c = FeedCredentials::fromEnvironment(&error);
    QVERIFY(!c);
    QVERIFY2(error.contains(QLatin1String("BAMBOO_DEVICE_ID is not")), qPrintable(error));
    qputenv("BAMBOO_DEVICE_ID", id);
    c = FeedCredentials::fromEnvironment(&error);
    QVERIFY(c);
    QCOMPARE(c->token, token);
    QCOMPARE(c->deviceId, id);
    qputenv("BAMBOO_DEVICE_TOKEN", "bd1_secretbutshort");
    c = FeedCredentials::fromEnvironment(&error);
    QVERIFY(!c);
    QVERIFY(error.contains(QLatin1String("not a device token")));
    QVERIFY(!error.contains(QLatin1String("secret")));
    qputenv("BAMBOO_DEVICE_TOKEN", token);
    qputenv("BAMBOO_DEVICE_ID", "device_0123456789ab");
    QVERIFY(!FeedCredentials::fromEnvironment(&error));
    QVERIFY(error.contains(QLatin1String("not a device id")));
    qunsetenv("BAMBOO_DEVICE_TOKEN");
    qunsetenv("BAMBOO_DEVICE_ID");
}

void tst_FeedEndpoint::credentialsFromAFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("token"));
    TestJournal::writeFile(path, "bd1_0123456789abcdef0123456789abcdef\r\nbamboo_0123456789ab\n");
    QString error;
    bool ioError = false;
    auto c = FeedCredentials::fromFile(path, &error, &ioError);
    QVERIFY2(c, qPrintable(error));
    QCOMPARE(c->deviceId, QByteArray("bamboo_0123456789ab"));
    TestJournal::writeFile(path, "bd1_0123456789abcdef0123456789abcdef\n");
    QVERIFY(!FeedCredentials::fromFile(path, &error, &ioError));
    QVERIFY(!ioError);
    QVERIFY(error.contains(QLatin1String("second line")));
    QVERIFY(!FeedCredentials::fromFile(dir.filePath(QStringLiteral("missing")), &error, &ioError));
    QVERIFY(ioError);
}

QTEST_GUILESS_MAIN(tst_FeedEndpoint)
#include "tst_feedendpoint.moc"
