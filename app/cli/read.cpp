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
        "read DIR [--since N] [--limit K]",
        "The original lines the server's read_since(DIR, N) returns, in its order, one per line.",
        {{QStringLiteral("since"), QStringLiteral("Events after seq N (default 0)."), QStringLiteral("N")},
         {QStringLiteral("limit"), QStringLiteral("At most K lines."), QStringLiteral("K")}},
        {}};
    Command cmd;
    int exit = Ok;
    if (!parseCommand(cmd, args, spec, &exit))
        return exit;
    std::optional<quint64> since, limit;
    if (!parseU64Option(cmd, QStringLiteral("since"), &since, &exit) ||
        !parseU64Option(cmd, QStringLiteral("limit"), &limit, &exit))
        return exit;
    QString dir;
    if (!resolveDir(cmd.dir, &dir, &exit))
        return exit;
    const qint64 max =
        limit ? qint64(std::min<quint64>(*limit, quint64(JournalReader::NoLimit))) : JournalReader::NoLimit;
    const JournalReader::Status status = JournalReader::readSince(
        JournalDirectory::list(dir), since.value_or(0), max,
        [](quint64, std::string_view line, int) { return out(line.data(), line.size()) && out("\n", 1); });
    if (!status.ok()) {
        err(QStringLiteral("%1: %2 (the server's replay fails here and sends nothing)")
                .arg(status.errorFile.isEmpty() ? dir : dir + QLatin1Char('/') + status.errorFile,
                     status.error));
        return IoError;
    }
    return Ok;
}

} // namespace cli
