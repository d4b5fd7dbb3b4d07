// SPDX-License-Identifier: MIT
#include "feedendpoint.h"

#include "journaldirectory.h"
#include "journalfilename.h"

#include <QHostAddress>
#include <QUrlQuery>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace {

bool isHex(const QByteArray &s, qsizetype from)
{
    for (qsizetype i = from; i < s.size(); ++i) {
        const char c = s[i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
            return false;
    }
    return true;
}

std::optional<FeedCredentials> check(const FeedCredentials &c, const QString &tokenSource,
                                     const QString &idSource, QString *error)
{
    if (c.token.isEmpty() && c.deviceId.isEmpty())
        return FeedCredentials();
    if (c.token.isEmpty() || c.deviceId.isEmpty()) {
        *error =
            QStringLiteral("%1 is set but %2 is not: both are needed")
                .arg(c.token.isEmpty() ? idSource : tokenSource, c.token.isEmpty() ? tokenSource : idSource);
        return std::nullopt;
    }
    // Never echo the values: say what shape was expected.
    if (!FeedCredentials::isToken(c.token)) {
        *error = QStringLiteral("%1 is not a device token (bd1_ and 32 hex digits)").arg(tokenSource);
        return std::nullopt;
    }
    if (!FeedCredentials::isDeviceId(c.deviceId)) {
        *error = QStringLiteral("%1 is not a device id (bamboo_ and 12 hex digits)").arg(idSource);
        return std::nullopt;
    }
    return c;
}

} // namespace

bool FeedCredentials::isToken(const QByteArray &token)
{
    return token.size() == 4 + 32 && token.startsWith("bd1_") && isHex(token, 4);
}

bool FeedCredentials::isDeviceId(const QByteArray &id)
{
    return id.size() == 7 + 12 && id.startsWith("bamboo_") && isHex(id, 7);
}

QString FeedCredentials::howToSet()
{
    return QStringLiteral("set BAMBOO_DEVICE_TOKEN (bd1_…) and BAMBOO_DEVICE_ID (bamboo_…) to this device's "
                          "token and id, or pass --token-file FILE (the token, then the id, one per line)");
}

std::optional<FeedCredentials> FeedCredentials::fromEnvironment(QString *error)
{
    FeedCredentials c;
    c.token = qgetenv("BAMBOO_DEVICE_TOKEN").trimmed();
    c.deviceId = qgetenv("BAMBOO_DEVICE_ID").trimmed();
    return check(c, QStringLiteral("BAMBOO_DEVICE_TOKEN"), QStringLiteral("BAMBOO_DEVICE_ID"), error);
}

std::optional<FeedCredentials> FeedCredentials::fromFile(const QString &path, QString *error, bool *ioError)
{
    *ioError = false;
    const int fd = ::open(JournalDirectory::encodeName(path).constData(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
    char buffer[4096];
    const ssize_t n = fd < 0 ? -1 : ::read(fd, buffer, sizeof buffer);
    const int readError = errno;
    if (fd >= 0)
        ::close(fd);
    if (n < 0) {
        *ioError = true;
        *error = QStringLiteral("%1: %2").arg(path, QString::fromLocal8Bit(std::strerror(readError)));
        return std::nullopt;
    }
    const QList<QByteArray> lines = QByteArray(buffer, qsizetype(n)).split('\n');
    FeedCredentials c;
    c.token = lines.value(0).trimmed();
    c.deviceId = lines.value(1).trimmed();
    if (c.isEmpty()) {
        *error = QStringLiteral("%1 holds no token: the token, then the device id, one per line").arg(path);
        return std::nullopt;
    }
    return check(c, QStringLiteral("the first line of %1").arg(path),
                 QStringLiteral("the second line of %1").arg(path), error);
}

bool FeedEndpoint::looksLikeUrl(const QString &argument)
{
    return argument.startsWith(QLatin1String("http://"), Qt::CaseInsensitive) ||
           argument.startsWith(QLatin1String("https://"), Qt::CaseInsensitive);
}

std::optional<FeedEndpoint> FeedEndpoint::parse(const QString &text, QString *error)
{
    QUrl url(text, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || (scheme != QLatin1String("http") && scheme != QLatin1String("https")) ||
        url.host().isEmpty()) {
        *error = QStringLiteral("'%1' is not an http:// or https:// URL with a host").arg(text);
        return std::nullopt;
    }
    if (url.port() == 0) {
        *error = QStringLiteral("'%1': port 0 is no server's port").arg(text);
        return std::nullopt;
    }
    if (!url.userInfo().isEmpty()) {
        *error = QStringLiteral("'%1': user names and passwords do not go in the URL; %2")
                     .arg(url.toString(QUrl::RemoveUserInfo), FeedCredentials::howToSet());
        return std::nullopt;
    }
    url.setScheme(scheme);
    url.setFragment(QString());
    FeedEndpoint endpoint;
    QUrlQuery query(url);
    if (query.hasQueryItem(QStringLiteral("since"))) {
        const QByteArray since = query.queryItemValue(QStringLiteral("since")).toUtf8();
        endpoint.urlSince =
            JournalFileName::parseU64(std::string_view(since.constData(), size_t(since.size())));
        if (!endpoint.urlSince) {
            *error = QStringLiteral("'%1': since=%2 is not an unsigned integer")
                         .arg(text, QString::fromUtf8(since));
            return std::nullopt;
        }
        query.removeAllQueryItems(QStringLiteral("since"));
        url.setQuery(query);
    }
    QString path = url.path();
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    if (!path.endsWith(QLatin1String(StreamPath)))
        path += QLatin1String(StreamPath);
    url.setPath(path);
    endpoint.streamUrl = url;
    endpoint.localHost = isLocalHost(url.host());
    return endpoint;
}

bool FeedEndpoint::isLocalHost(const QString &host)
{
    QString h = host.toLower();
    if (h.startsWith(QLatin1Char('[')) && h.endsWith(QLatin1Char(']')))
        h = h.mid(1, h.size() - 2);
    if (h == QLatin1String("localhost") || h.endsWith(QLatin1String(".localhost")))
        return true;
    QHostAddress address;
    if (!address.setAddress(h))
        return false;
    bool mapped = false;
    const quint32 v4 = address.toIPv4Address(&mapped);
    if (mapped) {
        const auto in = [v4](quint32 net, int bits) {
            return (v4 >> (32 - bits)) == (net >> (32 - bits));
        };
        return in(0x7F000000, 8) || in(0x0A000000, 8) || in(0xAC100000, 12) || in(0xC0A80000, 16) ||
               in(0xA9FE0000, 16);
    }
    return address.isLoopback() || address.isLinkLocal() || address.isUniqueLocalUnicast();
}

QString FeedEndpoint::display() const
{
    return streamUrl.toString(QUrl::RemoveUserInfo | QUrl::RemoveQuery | QUrl::RemoveFragment);
}

bool FeedEndpoint::sameOrigin(const QUrl &a, const QUrl &b)
{
    return a.scheme() == b.scheme() && a.host().compare(b.host(), Qt::CaseInsensitive) == 0 &&
           a.port(a.scheme() == QLatin1String("https") ? 443 : 80) ==
               b.port(b.scheme() == QLatin1String("https") ? 443 : 80);
}
