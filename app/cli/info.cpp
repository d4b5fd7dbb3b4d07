// SPDX-License-Identifier: MIT
#include "cli.h"

#include "eventfilter.h"
#include "journaldirectory.h"
#include "journalreader.h"
#include "jsonwriter.h"

#include <optional>

namespace cli {

int cmdInfo(const QStringList &args)
{
    const Spec spec{
        "info",
        "info DIR [--json] [--where EXPR]",
        "Files, events, the retained window and the seq the server recovers at boot; with --where,\n"
        "also how many events match the query, in all and per file.",
        {JsonOption, WhereOption},
        {}};
    Command cmd;
    int exit = Ok;
    if (!parseCommand(cmd, args, spec, &exit))
        return exit;
    EventQuery where;
    if (!parseWhereOption(cmd, &where, &exit))
        return exit;
    QString dir;
    JournalIndex index;
    if (!openJournal(cmd, &dir, &index, &exit))
        return exit;
    // Matching events per file, when asked.
    std::vector<qint64> matching(size_t(index.files().size()), 0);
    qint64 matchingTotal = 0;
    const bool counting = cmd.parser.isSet(WhereOption);
    if (counting) {
        EventFilter filter;
        filter.where = where.text();
        const CompiledFilter compiled(filter, index);
        for (const qint64 row : compiled.selectRows(index)) {
            ++matching[size_t(index.fileOfRow(row))];
            ++matchingTotal;
        }
    }
    const JournalReader::Recovered recovered = JournalReader::recoverMaxSeq(JournalDirectory::list(dir));

    if (cmd.parser.isSet(QStringLiteral("json"))) {
        JsonWriter j;
        j.beginObject().key("dir").value(dir).key("files").beginArray();
        for (const FileIndex &fi : index.files()) {
            j.beginObject()
                .key("name")
                .value(fi.entry.name)
                .key("start_seq")
                .value(fi.entry.startSeq)
                .key("first_seq")
                .value(fi.firstSeq())
                .key("last_seq")
                .value(fi.lastSeq())
                .key("events")
                .value(qint64(fi.records.size()))
                .key("bytes")
                .value(fi.entry.size)
                .key("malformed")
                .value(qint64(fi.malformed.size()))
                .key("torn_tail")
                .value(fi.tornTail)
                .key("type")
                .value(JournalEntry::typeName(fi.entry.type))
                .key("invalid_utf8")
                .value(fi.invalidUtf8)
                .key("error")
                .stringOrNull(fi.error);
            if (counting)
                j.key("matching").value(matching[size_t(&fi - index.files().constData())]);
            j.endObject();
        }
        j.endArray().key("ignored").beginArray();
        for (const QString &name : index.ignoredNames())
            j.value(name);
        j.endArray()
            .key("events")
            .value(index.eventCount())
            .key("malformed")
            .value(index.malformedCount())
            .key("bytes")
            .value(index.byteCount())
            .key("oldest_seq")
            .value(index.oldestSeq())
            .key("recovered_max_seq");
        if (recovered.ok())
            j.value(recovered.maxSeq);
        else
            j.null();
        j.key("recover_error").stringOrNull(recovered.error).key("max_seq").value(index.maxSeq());
        if (counting)
            j.key("where").value(where.text()).key("matching").value(matchingTotal);
        j.endObject();
        out(j.data() + '\n');
        return Ok;
    }

    const auto opt = [](std::optional<quint64> v) {
        return v ? QByteArray::number(*v) : QByteArray("-");
    };
    QByteArray text;
    text += "directory          " + printable(dir) + '\n';
    text += "files              " + QByteArray::number(index.files().size());
    if (!index.ignoredNames().isEmpty())
        text += " (" + QByteArray::number(index.ignoredNames().size()) + " other names ignored)";
    text += '\n';
    text += "events             " + QByteArray::number(index.eventCount()) + '\n';
    text += "malformed lines    " + QByteArray::number(index.malformedCount()) + '\n';
    text += "bytes              " + QByteArray::number(index.byteCount()) + '\n';
    text += "oldest seq         " + opt(index.oldestSeq()) + '\n';
    text += "max seq            " + opt(index.maxSeq()) + '\n';
    text += "recovered max seq  " +
            (recovered.ok() ? QByteArray::number(recovered.maxSeq) : "fails: " + printable(recovered.error)) +
            '\n';
    if (counting)
        text += "matching events    " + QByteArray::number(matchingTotal) + " (where " +
                printable(where.text()) + ")\n";
    if (!index.files().isEmpty()) {
        text += '\n' + pad("FILE", 34) + pad("FIRST", 12) + pad("LAST", 12) + pad("EVENTS", 10) +
                (counting ? pad("MATCHING", 10) : QByteArray()) + pad("BYTES", 11) + pad("MALFORMED", 10) +
                "NOTE\n";
        for (const FileIndex &fi : index.files()) {
            QByteArray note;
            if (!fi.error.isEmpty())
                note = printable(fi.error);
            else if (fi.tornTail)
                note = "torn tail";
            if (fi.invalidUtf8)
                note += note.isEmpty() ? "invalid UTF-8" : ", invalid UTF-8";
            text += pad(printable(fi.entry.name), 33) + ' ' + pad(opt(fi.firstSeq()), 11) + ' ' +
                    pad(opt(fi.lastSeq()), 11) + ' ' + pad(QByteArray::number(qint64(fi.records.size())), 9) +
                    ' ' +
                    (counting
                         ? pad(QByteArray::number(matching[size_t(&fi - index.files().constData())]), 9) + ' '
                         : QByteArray()) +
                    pad(QByteArray::number(fi.entry.size), 10) + ' ' +
                    pad(QByteArray::number(qint64(fi.malformed.size())), 9) + ' ' + note + '\n';
        }
    }
    out(text);
    return Ok;
}

} // namespace cli
