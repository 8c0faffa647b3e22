// How commands print: human text by default, JSON with --json, and errors
// as one line on stderr.
//
// Text that came from outside (a node, a file) is passed through
// printable() before it reaches a terminal, so control characters cannot
// rewrite the screen or split a line.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "crypto/result.h"

namespace conclave::client {

// Exit codes.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  // any failure: bad input, refused, unreachable

// `s` with every ASCII control character (newlines included) shown as a
// space and invalid UTF-8 replaced, so it fits on one line.
std::string printable(std::string_view s);

// Pretty-prints `j` to stdout; invalid UTF-8 in strings is replaced, never
// thrown on.
void print_json(const nlohmann::ordered_json& j);

// Prints "label: value" lines with the values aligned.
using Fields = std::vector<std::pair<std::string, std::string>>;
void print_fields(const Fields& fields);

// Prints "conclave: error: <message>" on one line to stderr and returns
// kExitFailure, so commands can `return report_error(...)`.
int report_error(std::string_view message);
int report_error(const Error& error);

}  // namespace conclave::client
