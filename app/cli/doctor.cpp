// SPDX-License-Identifier: MIT
#include "cli.h"

#include "journaldoctor.h"
#include "jsonwriter.h"

namespace cli {

int cmdDoctor(const QStringList &args)
{
    const Spec spec{
        "doctor",
        "doctor DIR [--json]",
        "What breaks or surprises the server, each with what the server does about it. Exit 1 when\n"
        "there are problems.",
        {JsonOption},
        {}};
    Command cmd;
    int exit = Ok;
    if (!parseCommand(cmd, args, spec, &exit))
        return exit;
    QString dir;
    JournalIndex index;
    if (!openJournal(cmd, &dir, &index, &exit))
        return exit;
    const QList<DoctorFinding> findings = JournalDoctor::examine(index);
    if (cmd.parser.isSet(QStringLiteral("json"))) {
        JsonWriter j;
        j.beginObject().key("dir").value(dir).key("findings").beginArray();
        for (const DoctorFinding &f : findings) {
            j.beginObject()
                .key("kind")
                .value(f.kind)
                .key("severity")
                .value(JournalDoctor::severityName(f.severity))
                .key("file")
                .stringOrNull(f.file)
                .key("line");
            f.line >= 0 ? j.value(f.line) : j.null();
            j.key("offset");
            f.offset >= 0 ? j.value(f.offset) : j.null();
            j.key("message").value(f.message).key("server_effect").value(f.serverEffect).endObject();
        }
        j.endArray().key("problems").value(JournalDoctor::hasProblems(findings)).endObject();
        out(j.data() + '\n');
    } else {
        QByteArray text;
        for (const DoctorFinding &f : findings) {
            QByteArray where = printable(f.file);
            if (f.line >= 0)
                where += ':' + QByteArray::number(f.line);
            if (f.offset >= 0)
                where += " @" + QByteArray::number(f.offset);
            text += pad(JournalDoctor::severityName(f.severity).toUtf8(), 8) + pad(printable(f.kind), 29) +
                    where + ": " + printable(f.message) + " (server: " + printable(f.serverEffect) + ")\n";
        }
        if (findings.isEmpty())
            text += "no findings: " + QByteArray::number(index.eventCount()) + " events in " +
                    QByteArray::number(index.files().size()) + " files\n";
        out(text);
    }
    return JournalDoctor::hasProblems(findings) ? Problems : Ok;
}

} // namespace cli
