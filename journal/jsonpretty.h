// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>

#include <string_view>

// Indents compact JSON without re-encoding it: key order, number literals and string escapes stay exactly as
// in the source (QJsonDocument would sort keys and round big integers). Input that is not JSON comes back
// indented as far as its brackets go; nothing is dropped.
namespace JsonPretty {

QByteArray format(std::string_view json, int indent = 2);

} // namespace JsonPretty
