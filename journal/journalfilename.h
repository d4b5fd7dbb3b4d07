// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QtGlobal>

#include <optional>
#include <string_view>

// The server's journal file naming rule.
//
// Names are written as "events-<20 zero-padded digits>.jsonl" but parsed as loosely as the server parses
// them: strip the "events-" prefix and ".jsonl" suffix, then Rust's u64::from_str (ASCII digits with an
// optional leading '+', no whitespace, no '-', overflow rejected). Pure functions, callable from any thread.
namespace JournalFileName {

inline constexpr std::string_view Prefix = "events-";
inline constexpr std::string_view Suffix = ".jsonl";
inline constexpr int SeqPadWidth = 20;

// Rust's u64::from_str over raw bytes.
std::optional<quint64> parseU64(std::string_view text);
// The start seq a journal file name encodes, or nullopt when the server would ignore the name.
std::optional<quint64> startSeq(std::string_view name);
// The name the server writes for a file starting at seq.
QString forStartSeq(quint64 seq);

} // namespace JournalFileName
