// SPDX-License-Identifier: MIT
#include "cli.h"

#include "journaldirectory.h"
#include "journalreader.h"

#include <algorithm>
#include <optional>

namespace cli {

int cmdRead(const QStringList &args)
{
    const Spec spec{
        "read",
        "read DIR [--since N] [--limit K] [--where EXPR]",
        "The original lines the server's read_since(DIR, N) returns, in its order, one per line; with "
        "--where\n"
        "only those that match the query (--limit then counts matching lines).",
        {{QStringLiteral("since"), QStringLiteral("Events after seq N (default 0)."), QStringLiteral("N")},
         {QStringLiteral("limit"), QStringLiteral("At most K lines."), QStringLiteral("K")},
         WhereOption},
        {}};
    Command cmd;
    int exit = Ok;
    if (!parseCommand(cmd, args, spec, &exit))
        return exit;
    std::optional<quint64> since, limit;
    if (!parseU64Option(cmd, QStringLiteral("since"), &since, &exit) ||
        !parseU64Option(cmd, QStringLiteral("limit"), &limit, &exit))
        return exit;
    EventQuery where;
    if (!parseWhereOption(cmd, &where, &exit))
        return exit;
    QString dir;
    if (!resolveDir(cmd.dir, &dir, &exit))
        return exit;
    const qint64 max =
        limit ? qint64(std::min<quint64>(*limit, quint64(JournalReader::NoLimit))) : JournalReader::NoLimit;
    const JournalListing listing = JournalDirectory::list(dir);
    LineQueryMatcher matcher(where);
    qint64 written = 0;
    const JournalReader::Status status = JournalReader::readSince(
        listing, since.value_or(0), where.isEmpty() ? max : JournalReader::NoLimit,
        [&](quint64, std::string_view line, int file) {
            if (!matcher.isEmpty()) {
                if (written >= max)
                    return false;
                const QByteArray name = listing.files.value(file).name.toUtf8();
                if (!matcher.matches(line, std::string_view(name.constData(), size_t(name.size()))))
                    return true;
                ++written;
            }
            return out(line.data(), line.size()) && out("\n", 1) && written < max;
        });
    if (!status.ok()) {
        err(QStringLiteral("%1: %2 (the server's replay fails here and sends nothing)")
                .arg(status.errorFile.isEmpty() ? dir : dir + QLatin1Char('/') + status.errorFile,
                     status.error));
        return IoError;
    }
    return Ok;
}

} // namespace cli
