// SPDX-License-Identifier: MIT
#include "bookmarkstore.h"

#include "timestamp.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QStandardPaths>

#include <algorithm>

namespace {

constexpr int Version = 1;
// Integers past this lose digits as JSON doubles in some readers: written as decimal strings.
constexpr quint64 ExactLimit = quint64(1) << 53;

QJsonValue number(quint64 n)
{
    return n < ExactLimit ? QJsonValue(qint64(n)) : QJsonValue(QString::number(n));
}

std::optional<quint64> numberOf(const QJsonValue &v)
{
    if (v.isString()) {
        bool ok = false;
        const quint64 n = v.toString().toULongLong(&ok);
        return ok ? std::optional<quint64>(n) : std::nullopt;
    }
    if (v.isDouble()) {
        const double d = v.toDouble();
        if (d >= 0 && d < double(ExactLimit) && d == double(quint64(d)))
            return quint64(d);
    }
    return std::nullopt;
}

QJsonObject toJson(const Bookmark &b)
{
    QJsonObject o;
    o.insert(QStringLiteral("seq"), number(b.seq));
    o.insert(QStringLiteral("file"), b.fileName);
    o.insert(QStringLiteral("file_start_seq"), number(b.fileStartSeq));
    o.insert(QStringLiteral("offset"), number(b.offset));
    if (!b.name.isEmpty())
        o.insert(QStringLiteral("name"), b.name);
    if (b.tsNanos)
        o.insert(QStringLiteral("ts"), QString::fromLatin1(Timestamp::format(*b.tsNanos)));
    if (!b.type.isEmpty())
        o.insert(QStringLiteral("type"), b.type);
    if (!b.session.isEmpty())
        o.insert(QStringLiteral("session_id"), b.session);
    if (!b.summary.isEmpty())
        o.insert(QStringLiteral("summary"), b.summary);
    return o;
}

// A bookmark, or nullopt with what is wrong with it in *why.
std::optional<Bookmark> fromJson(const QJsonValue &value, QString *why)
{
    if (!value.isObject()) {
        *why = QStringLiteral("is not an object");
        return std::nullopt;
    }
    const QJsonObject o = value.toObject();
    Bookmark b;
    std::optional<quint64> numbers[3];
    const char *const keys[3] = {"seq", "file_start_seq", "offset"};
    for (int i = 0; i < 3; ++i) {
        const QJsonValue v = o.value(QLatin1String(keys[i]));
        numbers[i] = numberOf(v);
        if (numbers[i])
            continue;
        if (v.isUndefined())
            *why = QStringLiteral("lacks its %1").arg(QLatin1String(keys[i]));
        else if (v.isDouble() && v.toDouble() >= double(ExactLimit))
            *why = QStringLiteral("has a %1 of 2^53 or more written as a JSON number, which cannot be read "
                                  "exactly: write it as a string (\"%2\")")
                       .arg(QLatin1String(keys[i]))
                       .arg(QString::number(v.toDouble(), 'f', 0));
        else
            *why = QStringLiteral("has a %1 that is not a whole number from 0 to 2^64-1")
                       .arg(QLatin1String(keys[i]));
        return std::nullopt;
    }
    const auto &[seq, start, offset] = numbers;
    b.fileName = o.value(QStringLiteral("file")).toString();
    if (b.fileName.isEmpty()) {
        *why = QStringLiteral("lacks its file");
        return std::nullopt;
    }
    b.seq = *seq;
    b.fileStartSeq = *start;
    b.offset = *offset;
    b.name = o.value(QStringLiteral("name")).toString();
    const QByteArray ts = o.value(QStringLiteral("ts")).toString().toLatin1();
    if (!ts.isEmpty())
        b.tsNanos = Timestamp::parse(std::string_view(ts.constData(), size_t(ts.size())));
    b.type = o.value(QStringLiteral("type")).toString();
    b.session = o.value(QStringLiteral("session_id")).toString();
    b.summary = o.value(QStringLiteral("summary")).toString();
    return b;
}

QJsonDocument document(const QHash<QString, QList<Bookmark>> &journals)
{
    QJsonObject all;
    for (auto it = journals.begin(); it != journals.end(); ++it) {
        QJsonArray list;
        for (const Bookmark &b : it.value())
            list.append(toJson(b));
        all.insert(it.key(), list);
    }
    QJsonObject root;
    root.insert(QStringLiteral("version"), Version);
    root.insert(QStringLiteral("journals"), all);
    return QJsonDocument(root);
}

// The journals of a document, or nullopt with the reason.
std::optional<QHash<QString, QList<Bookmark>>> parse(const QByteArray &json, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    const auto fail = [error](const QString &why) {
        if (error)
            *error = why;
        return std::nullopt;
    };
    if (doc.isNull())
        return fail(
            QStringLiteral("not JSON: %1 at byte %2").arg(parseError.errorString()).arg(parseError.offset));
    const QJsonObject root = doc.object();
    if (!doc.isObject() || !root.value(QStringLiteral("journals")).isObject())
        return fail(QStringLiteral("not a bookmarks file: no \"journals\" object"));
    if (root.value(QStringLiteral("version")).toInt() > Version)
        return fail(QStringLiteral("written by a newer version (%1)")
                        .arg(root.value(QStringLiteral("version")).toInt()));
    QHash<QString, QList<Bookmark>> out;
    const QJsonObject journals = root.value(QStringLiteral("journals")).toObject();
    for (auto it = journals.begin(); it != journals.end(); ++it) {
        if (!it.value().isArray())
            return fail(QStringLiteral("the bookmarks of %1 are not a list").arg(it.key()));
        QList<Bookmark> list;
        const QJsonArray items = it.value().toArray();
        for (const QJsonValue &item : items) {
            QString why;
            const auto b = fromJson(item, &why);
            if (!b)
                return fail(QStringLiteral("bookmark %1 of %2 %3").arg(list.size() + 1).arg(it.key(), why));
            list.append(*b);
        }
        out.insert(it.key(), list);
    }
    return out;
}

} // namespace

bool Bookmark::before(const Bookmark &o) const
{
    if (fileStartSeq != o.fileStartSeq)
        return fileStartSeq < o.fileStartSeq;
    if (fileName != o.fileName)
        return fileName < o.fileName;
    if (offset != o.offset)
        return offset < o.offset;
    return seq < o.seq;
}

QString BookmarkStore::defaultPath()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
        .filePath(QStringLiteral("bookmarks.json"));
}

QString BookmarkStore::journalKey(const QString &eventsDir)
{
    const QFileInfo info(eventsDir);
    const QString canonical = info.canonicalFilePath();
    return canonical.isEmpty() ? QDir::cleanPath(info.absoluteFilePath()) : canonical;
}

BookmarkStore::BookmarkStore(const QString &path)
    : m_path(path)
{}

bool BookmarkStore::load(QString *error)
{
    m_journals.clear();
    m_unreadable = false;
    QFile file(m_path);
    if (!file.exists())
        return true;
    if (!file.open(QIODevice::ReadOnly)) {
        m_unreadable = true;
        if (error)
            *error = QStringLiteral("%1: %2").arg(m_path, file.errorString());
        return false;
    }
    QString why;
    auto journals = parse(file.readAll(), &why);
    if (!journals) {
        m_unreadable = true;
        if (error)
            *error = QStringLiteral("%1: %2").arg(m_path, why);
        return false;
    }
    m_journals = std::move(*journals);
    return true;
}

bool BookmarkStore::save(QString *error)
{
    const auto fail = [&](const QString &why) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(m_path, why);
        return false;
    };
    if (m_unreadable)
        return fail(QStringLiteral("not overwritten: it could not be read"));
    if (!QDir().mkpath(QFileInfo(m_path).absolutePath()))
        return fail(QStringLiteral("cannot create its directory"));
    QSaveFile file(m_path);
    if (!file.open(QIODevice::WriteOnly))
        return fail(file.errorString());
    file.write(document(m_journals).toJson(QJsonDocument::Indented));
    if (!file.commit())
        return fail(file.errorString());
    return true;
}

void BookmarkStore::setBookmarks(const QString &journalKey, QList<Bookmark> bookmarks)
{
    if (bookmarks.isEmpty()) {
        m_journals.remove(journalKey);
        return;
    }
    std::stable_sort(bookmarks.begin(), bookmarks.end(),
                     [](const Bookmark &a, const Bookmark &b) { return a.before(b); });
    m_journals.insert(journalKey, bookmarks);
}

QByteArray BookmarkStore::exportJson(const QString &journalKey, const QList<Bookmark> &bookmarks)
{
    QHash<QString, QList<Bookmark>> one;
    one.insert(journalKey, bookmarks);
    return document(one).toJson(QJsonDocument::Indented);
}

std::optional<QList<Bookmark>> BookmarkStore::importJson(const QByteArray &json, QString *error)
{
    const auto journals = parse(json, error);
    if (!journals)
        return std::nullopt;
    QList<Bookmark> all;
    for (const QList<Bookmark> &list : *journals)
        all.append(list);
    return all;
}

int BookmarkStore::merge(QList<Bookmark> &into, const QList<Bookmark> &incoming)
{
    int added = 0;
    for (const Bookmark &b : incoming) {
        const auto it =
            std::find_if(into.begin(), into.end(), [&b](const Bookmark &have) { return have.sameEvent(b); });
        if (it == into.end()) {
            into.append(b);
            ++added;
        } else if (it->name.isEmpty() && !b.name.isEmpty()) {
            it->name = b.name;
        }
    }
    std::stable_sort(into.begin(), into.end(),
                     [](const Bookmark &a, const Bookmark &b) { return a.before(b); });
    return added;
}
