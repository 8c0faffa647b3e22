// Checks on human text carried in entries (names, titles, comments).
#pragma once

#include <string_view>

#include "crypto/result.h"

namespace conclave::core {

bool valid_utf8(std::string_view s);

// Non-empty (unless allow_empty), valid UTF-8, no control characters other
// than newline and tab (when multiline), at most max_bytes.
Status check_text(std::string_view what, std::string_view s, size_t max_bytes,
                  bool multiline = false, bool allow_empty = false);

// Identifiers (member ids, item ids, conference ids): 1–64 of [A-Za-z0-9._-].
Status check_identifier(std::string_view what, std::string_view s);

}  // namespace conclave::core
