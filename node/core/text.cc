#include "node/core/text.h"

#include <string>

namespace conclave::core {

bool valid_utf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    size_t len;
    uint32_t cp;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xe0) == 0xc0) {
      len = 2;
      cp = c & 0x1f;
    } else if ((c & 0xf0) == 0xe0) {
      len = 3;
      cp = c & 0x0f;
    } else if ((c & 0xf8) == 0xf0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + len > s.size()) return false;
    for (size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3f);
    }
    // Overlong forms, surrogates and values past U+10FFFF are invalid.
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) {
      return false;
    }
    i += len;
  }
  return true;
}

Status check_text(std::string_view what, std::string_view s, size_t max_bytes, bool multiline,
                  bool allow_empty) {
  const std::string w(what);
  if (s.empty() && !allow_empty) return Error(w + " must not be empty");
  if (s.size() > max_bytes) {
    return Error(w + " is longer than " + std::to_string(max_bytes) + " bytes");
  }
  if (!valid_utf8(s)) return Error(w + " is not valid UTF-8");
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c < 0x20 && !(multiline && (c == '\n' || c == '\t'))) || c == 0x7f) {
      return Error(w + " contains a control character");
    }
  }
  // C1 controls (U+0080–U+009F) and the bidirectional overrides and
  // isolates (U+202A–U+202E, U+2066–U+2069), which can make a text display
  // differently from what it says.
  for (size_t i = 0; i + 1 < s.size(); ++i) {
    const auto a = static_cast<unsigned char>(s[i]), b = static_cast<unsigned char>(s[i + 1]);
    if (a == 0xc2 && b >= 0x80 && b <= 0x9f) return Error(w + " contains a control character");
    if (a == 0xe2 && i + 2 < s.size()) {
      const auto c = static_cast<unsigned char>(s[i + 2]);
      if ((b == 0x80 && c >= 0xaa && c <= 0xae) || (b == 0x81 && c >= 0xa6 && c <= 0xa9)) {
        return Error(w + " contains a text-direction control character");
      }
    }
  }
  return Status::Ok();
}

Status check_identifier(std::string_view what, std::string_view s) {
  const std::string w(what);
  if (s.empty() || s.size() > 64) return Error(w + " must be 1 to 64 characters");
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
          c == '_' || c == '-')) {
      return Error(w + " \"" + std::string(s) +
                   "\" may only use letters, digits, '.', '_' and '-'");
    }
  }
  return Status::Ok();
}

}  // namespace conclave::core
