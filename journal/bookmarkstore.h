// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>

#include <optional>

// One bookmarked event: its seq, and its file (start seq and name) and byte offset to tell it from another
// event with the same seq; the user's name for it; and what it was (time, type, session, summary) so a
// bookmark whose event was pruned still says what it pointed at.
struct Bookmark
{
    quint64 seq = 0;
    quint64 fileStartSeq = 0;
    QString fileName;
    quint64 offset = 0;
    QString name;
    std::optional<qint64> tsNanos;
    QString type;
    QString session;
    QString summary;

    bool sameEvent(const Bookmark &o) const
    {
        return seq == o.seq && offset == o.offset && fileName == o.fileName;
    }
    // Journal order: by file (start seq, then name), then offset.
    bool before(const Bookmark &o) const;
};

// Every journal's bookmarks in one small JSON file in the user's data directory (QStandardPaths::
// AppDataLocation), keyed by the events directory's canonical absolute path. load() reads it, save() writes
// it whole through QSaveFile (a crash leaves the old file or the new one, never half of one). The file, an
// export and an import share one shape: {"version": 1, "journals": {"/path/events": [bookmark, ...]}}; seqs
// and offsets are JSON integers (or decimal strings past 2^63). Not thread-safe; QtCore only.
class BookmarkStore
{
public:
    // <AppDataLocation>/bookmarks.json
    static QString defaultPath();
    // The key of a journal: its events directory's canonical absolute path (the path itself when it has
    // gone).
    static QString journalKey(const QString &eventsDir);

    explicit BookmarkStore(const QString &path = defaultPath());

    QString path() const { return m_path; }
    // A missing file is an empty store. False, with the reason, for a file that cannot be read or parsed: the
    // store is then left empty and save() refuses to overwrite the file.
    bool load(QString *error = nullptr);
    bool save(QString *error = nullptr);

    QList<Bookmark> bookmarks(const QString &journalKey) const { return m_journals.value(journalKey); }
    // Sorted into journal order; an empty list removes the journal.
    void setBookmarks(const QString &journalKey, QList<Bookmark> bookmarks);
    QStringList journals() const { return m_journals.keys(); }

    // One journal's bookmarks in the file's shape.
    static QByteArray exportJson(const QString &journalKey, const QList<Bookmark> &bookmarks);
    // Every bookmark of a document in that shape (of whichever journal: an export from another machine names
    // another path), or nullopt with the reason.
    static std::optional<QList<Bookmark>> importJson(const QByteArray &json, QString *error = nullptr);
    // Adds those not already there (same event); names given in `incoming` replace empty ones. Returns how
    // many were added.
    static int merge(QList<Bookmark> &into, const QList<Bookmark> &incoming);

private:
    QString m_path;
    QHash<QString, QList<Bookmark>> m_journals;
    bool m_unreadable = false;
};
