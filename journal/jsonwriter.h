// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QString>
#include <QtGlobal>

#include <optional>
#include <vector>

// A small streaming JSON writer that keeps 64-bit integers exact (QJsonValue stores numbers as double).
// Compact output. Not thread-safe.
class JsonWriter
{
public:
    JsonWriter &beginObject();
    JsonWriter &endObject();
    JsonWriter &beginArray();
    JsonWriter &endArray();
    JsonWriter &key(const char *name);
    JsonWriter &value(const QString &text);
    JsonWriter &value(const char *text) { return value(QString::fromUtf8(text)); }
    JsonWriter &value(quint64 number);
    JsonWriter &value(qint64 number);
    JsonWriter &value(int number) { return value(qint64(number)); }
    JsonWriter &value(bool flag);
    JsonWriter &value(std::optional<quint64> number);
    JsonWriter &null();
    // Writes value when non-empty, else null.
    JsonWriter &stringOrNull(const QString &text);

    const QByteArray &data() const { return m_out; }
    // A JSON string literal. A lone surrogate (how JournalDirectory keeps a file name byte that is not
    // UTF-8) is written as its \u escape, so no byte of a name is lost.
    static QByteArray quote(const QString &text);

private:
    void separate();
    QByteArray m_out;
    std::vector<bool> m_first; // per open container: no element written yet
    bool m_afterKey = false;
};
