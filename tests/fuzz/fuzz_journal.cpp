// SPDX-License-Identifier: MIT
// libFuzzer target: the bytes are a journal file. Everything that reads untrusted journal bytes runs on them,
// and the scan's own invariants are checked (records and malformed lines lie inside the input, in order).

#include "eventsummary.h"
#include "filescanner.h"
#include "journalfilename.h"
#include "jsonpretty.h"
#include "lineparser.h"
#include "timestamp.h"

#include <QByteArray>

#include <cstdlib>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    static LineParser parser;
    static EventSummary summary;
    const FileScan scan = FileScanner::scanBytes(bytes);
    quint64 lastEnd = 0;
    for (const EventRecord &r : scan.records) {
        if (r.offset() < lastEnd || r.offset() + r.length > size)
            std::abort();
        lastEnd = r.offset() + r.length;
        // Each record's bytes parse again to the same seq: the index and the line agree.
        std::vector<char> line(r.length + LineParser::Padding);
        std::copy(bytes.constData() + r.offset(), bytes.constData() + r.offset() + r.length, line.begin());
        const LineParser::Result again = parser.parse(line.data(), r.length);
        if (again.kind != LineParser::Kind::Event || again.seq != r.seq)
            std::abort();
    }
    for (const MalformedLine &m : scan.malformed) {
        if (m.offset + m.length > size)
            std::abort();
    }
    if (scan.tornTail && scan.tornOffset + scan.tornLength > size)
        std::abort();
    if (scan.resumeOffset > size || scan.sizeSeen != size)
        std::abort();

    const std::string_view text(reinterpret_cast<const char *>(data), size);
    summary.decode(text);
    JsonPretty::format(text);
    Timestamp::parse(text);
    JournalFileName::startSeq(text);
    quint64 seq;
    LineParser::leadingSeq(text, &seq);
    return 0;
}
