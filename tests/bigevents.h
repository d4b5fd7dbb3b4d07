// SPDX-License-Identifier: MIT
#pragma once

// Large events as the server writes them, for the detail pane's tests and benchmark.

#include <QByteArray>
#include <QString>

namespace BigEvents {

struct Line
{
    QByteArray json; // one compact line, no newline
    QString content; // the decoded value of its large string, when it has one
};

// A message_appended whose content is about `bytes` of prose: many lines, quotes, non-ASCII text and
// escapes, so the line has one huge string.
inline Line hugeContent(quint64 seq, qsizetype bytes)
{
    Line line;
    QByteArray escaped;
    escaped.reserve(bytes + 256);
    for (int i = 0; escaped.size() < bytes; ++i) {
        const QByteArray n = QByteArray::number(i);
        escaped +=
            "Line " + n + ": the \\\"quick\\\" brown fox, caf\xC3\xA9 \\u00e9 \\ud83d\\ude00 \\\\ done.\\n";
        line.content += QStringLiteral("Line ") + QString::fromLatin1(n) +
                        QStringLiteral(u": the \"quick\" brown fox, café é 😀 \\ done.\n");
    }
    line.json =
        "{\"seq\":" + QByteArray::number(seq) +
        ",\"ts\":\"2026-11-20T09:00:01.572000931Z\",\"session_id\":\"sess-1\",\"event\":{\"type\":"
        "\"message_appended\",\"session_id\":\"sess-1\",\"message_id\":\"msg-7\",\"role\":\"assistant\","
        "\"content\":\"" +
        escaped + "\",\"created_at\":\"2026-11-20T09:00:01Z\"}}";
    return line;
}

// A task_list_updated with about `bytes` of small items: hundreds of thousands of short fields.
inline Line manyFields(quint64 seq, qsizetype bytes)
{
    Line line;
    QByteArray items;
    items.reserve(bytes + 256);
    for (int i = 0; items.size() < bytes; ++i) {
        if (i)
            items += ',';
        const QByteArray n = QByteArray::number(i);
        items += "{\"id\":\"item-" + n + "\",\"title\":\"Step " + n + "\",\"status\":\"pending\",\"n\":" + n +
                 ",\"done\":false,\"note\":null}";
    }
    line.json =
        "{\"seq\":" + QByteArray::number(seq) +
        ",\"ts\":\"2026-11-20T09:00:01.572000931Z\",\"session_id\":\"sess-1\",\"event\":{\"type\":"
        "\"task_list_updated\",\"task_list\":{\"session_id\":\"sess-1\",\"title\":\"Plan\",\"items\":[" +
        items + "],\"created_at\":\"2026-11-20T09:00:01Z\",\"updated_at\":\"2026-11-20T09:00:01Z\"}}}";
    return line;
}

} // namespace BigEvents
