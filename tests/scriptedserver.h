// SPDX-License-Identifier: MIT
#pragma once

// A local HTTP server for tests whose every answer is scripted: each connection's handler gets the socket
// and the request (headers complete) and writes whatever the test needs, as fast or slow as it needs.

#include <QByteArray>
#include <QList>
#include <QTcpServer>
#include <QTcpSocket>
#include <QVariant>

#include <functional>

class ScriptedServer : public QObject
{
public:
    // The request's n-th connection (0-based), its request text, and the socket to answer on.
    using Handler = std::function<void(int n, const QByteArray &request, QTcpSocket *socket)>;

    explicit ScriptedServer(Handler handler)
        : m_handler(std::move(handler))
    {
        m_server.listen(QHostAddress::LocalHost, 0);
        QObject::connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                socket->setParent(this);
                ++m_connections;
                QObject::connect(socket, &QTcpSocket::readyRead, this, [this, socket] {
                    // The request so far lives on the socket; once answered, later bytes are ignored.
                    QByteArray request = socket->property("request").toByteArray();
                    if (socket->property("answered").toBool()) {
                        socket->readAll();
                        return;
                    }
                    request += socket->readAll();
                    socket->setProperty("request", request);
                    if (request.contains("\r\n\r\n")) {
                        socket->setProperty("answered", true);
                        m_requests.append(request);
                        m_handler(int(m_requests.size()) - 1, request, socket);
                    }
                });
            }
        });
    }

    QString url(const QString &path = QStringLiteral("/api/v1/stream")) const
    {
        return QStringLiteral("http://127.0.0.1:%1%2").arg(m_server.serverPort()).arg(path);
    }
    quint16 port() const { return m_server.serverPort(); }
    // Connections accepted, whether or not they sent a request.
    int connections() const { return m_connections; }
    const QList<QByteArray> &requests() const { return m_requests; }

    static QByteArray header(const QByteArray &request, const QByteArray &name)
    {
        for (const QByteArray &line : request.split('\n')) {
            const qsizetype colon = line.indexOf(':');
            if (colon > 0 && line.left(colon).trimmed().toLower() == name.toLower())
                return line.mid(colon + 1).trimmed();
        }
        return {};
    }
    static void streamHead(QTcpSocket *socket)
    {
        socket->write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
                      "Connection: close\r\n\r\n");
    }
    static void answer(QTcpSocket *socket, int status, const QByteArray &reason, const QByteArray &body,
                       const QByteArray &extraHeaders = {})
    {
        socket->write("HTTP/1.1 " + QByteArray::number(status) + ' ' + reason +
                      "\r\nContent-Type: text/plain\r\nContent-Length: " + QByteArray::number(body.size()) +
                      "\r\nConnection: close\r\n" + extraHeaders + "\r\n" + body);
        socket->disconnectFromHost();
    }

private:
    QTcpServer m_server;
    Handler m_handler;
    QList<QByteArray> m_requests;
    int m_connections = 0;
};
