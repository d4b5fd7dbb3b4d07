// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>
#include <QtGlobal>

#include <vector>

// One directory entry whose name the server takes for a journal file.
struct JournalEntry
{
    enum class Type : quint8 { Regular, Directory, Fifo, Socket, Device, Missing, Other };

    QString name;    // for display; names that match are ASCII
    QByteArray path; // raw bytes, for the file system
    quint64 startSeq = 0;
    Type type = Type::Missing; // after following a symbolic link
    bool symlink = false;
    qint64 size = 0;
    qint64 mtimeNs = 0; // last modification, ns since the epoch
    quint64 device = 0;
    quint64 inode = 0;

    // Only regular files (directly or through a link) are ever opened: never FIFOs or devices.
    bool readable() const { return type == Type::Regular; }
    static QString typeName(Type type);
};

// A snapshot of an events directory: the journal files in the server's order (by start seq, then name) and
// the names it ignores.
struct JournalListing
{
    QString dir;
    QList<JournalEntry> files;
    QStringList ignored;
    QString error; // empty when the directory could be listed

    bool ok() const { return error.isEmpty(); }
};

// What became of each file between an earlier look at a journal and a new listing of it, told by name,
// device, inode, type and size. The one place where appends, truncation, replacement, new files and removed
// files are told apart: the index's updates and the tail's steps both follow the journal with it.
struct JournalChanges
{
    // A file as the follower knows it: `size` is what it has taken of it so far (bytes read, or consumed).
    struct Known
    {
        QString name;
        quint64 device = 0;
        quint64 inode = 0;
        JournalEntry::Type type = JournalEntry::Type::Regular;
        quint64 size = 0;
        qint64 mtimeNs = 0; // the modification time when it was taken
    };
    struct Change
    {
        enum Kind {
            New,       // a name not known before
            Same,      // the same file, no bigger than what was taken of it
            Grew,      // the same file, with bytes after what was taken of it, or modified since at that size
            Truncated, // the same file, now shorter than what was taken of it
            Replaced,  // the same name for another file (device, inode or type differs)
        };
        Kind kind = New;
        int known = -1; // position in the known files, or -1 (New)
    };
    std::vector<Change> files; // one per listing entry, in the listing's order
    QList<int> removed;        // positions of known files no longer listed, ascending

    static JournalChanges between(const std::vector<Known> &known, const JournalListing &listing);
};

// Finds and lists events directories. Stateless; callable from any thread.
class JournalDirectory
{
public:
    struct Resolved
    {
        QString eventsDir;
        QString error;
        bool missing = false;      // the path does not exist (yet)
        bool noJournalYet = false; // a directory with neither events/ nor journal files in it
        bool ok() const { return error.isEmpty(); }
    };

    // Accepts a bamboo directory (containing events/) or an events directory itself, however it is spelled
    // (relative, ".", trailing slashes). eventsDir is absolute and clean.
    static Resolved resolve(const QString &path);
    // Where the journal of `path` lives once it exists: path itself when it is named "events", otherwise
    // its events/ subdirectory. Absolute and clean.
    static QString expectedEventsDir(const QString &path);
    // `path` made absolute against the working directory and cleaned lexically ("a/./b/" is "a/b").
    static QString absoluteClean(const QString &path);
    // Lists with the server's name rule. A directory that does not exist lists as empty, like the server's.
    static JournalListing list(const QString &eventsDir);
    // Re-reads one entry's type, size and identity; false when it is gone.
    static bool restat(JournalEntry *entry);
    // Creates a directory and its missing parents (mode 0777 less the umask, like mkdir -p).
    static bool makePath(const QString &dir, QString *error);

    // Path names are bytes, and Qt's own conversion turns bytes that are not UTF-8 into U+FFFD for good.
    // These two keep every byte: valid UTF-8 decodes as usual and each other byte becomes U+DC80..U+DCFF (a
    // lone surrogate, which no valid UTF-8 produces), and back. Everything that touches the file system goes
    // through encodeName(), so a name given in any local 8-bit encoding reaches it unchanged.
    static QString decodeName(const QByteArray &bytes);
    static QByteArray encodeName(const QString &name);
};
