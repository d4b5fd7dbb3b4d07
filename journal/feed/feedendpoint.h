// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QString>
#include <QUrl>
#include <QtGlobal>

#include <optional>

// Where a running server's change feed is, and how to be let in.
//
// A URL names the server (http(s)://host:port, optionally under a path prefix) or its stream itself (a path
// ending in /api/v1/stream); both give the same stream URL. A `since` in the query is taken as the starting
// cursor and removed (the cursor travels as Last-Event-ID). Hosts that are local (localhost, loopback,
// private and link-local addresses) need no credentials; others need a device token and id, read from
// BAMBOO_DEVICE_TOKEN and BAMBOO_DEVICE_ID or from a file of two lines. Credentials are only ever sent as
// request headers: never printed, logged or stored. Value types; callable from any thread.
struct FeedCredentials
{
    QByteArray token;    // bd1_ + 32 hex digits
    QByteArray deviceId; // bamboo_ + 12 hex digits

    bool isEmpty() const { return token.isEmpty() && deviceId.isEmpty(); }
    // From the environment; an error when only one of the two is set or either is malformed.
    static std::optional<FeedCredentials> fromEnvironment(QString *error);
    // From a file: the token on the first line, the device id on the second.
    static std::optional<FeedCredentials> fromFile(const QString &path, QString *error, bool *ioError);
    static bool isToken(const QByteArray &token);
    static bool isDeviceId(const QByteArray &id);
    // The one sentence that tells a user how to pass credentials.
    static QString howToSet();
};

struct FeedEndpoint
{
    QUrl streamUrl;                  // http(s)://host:port/…/api/v1/stream
    std::optional<quint64> urlSince; // from ?since=N
    bool localHost = false;          // the server lets this host in without credentials

    static constexpr const char *StreamPath = "/api/v1/stream";
    static constexpr const char *HealthPath = "/api/v1/health";

    // Whether a command-line argument is a URL rather than a directory.
    static bool looksLikeUrl(const QString &argument);
    static std::optional<FeedEndpoint> parse(const QString &url, QString *error);
    // The server's access rule on a Host header's host: localhost, loopback, private or link-local.
    static bool isLocalHost(const QString &host);
    // scheme://host:port, for messages (never with user info).
    QString display() const;
    // The same server: scheme, host and port (a redirect elsewhere is not followed).
    static bool sameOrigin(const QUrl &a, const QUrl &b);
};
