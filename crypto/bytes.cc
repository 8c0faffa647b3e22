#include "crypto/bytes.h"

#include <sodium.h>

#include <cstring>

namespace conclave {

std::string hex_encode(ByteView b) {
  std::string out(b.size() * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), b.data(), b.size());
  out.pop_back();
  return out;
}

Result<Bytes> hex_decode(std::string_view s) {
  Bytes out(s.size() / 2 + 1);
  size_t len = 0;
  const char* end = nullptr;
  if (s.size() % 2 != 0 ||
      sodium_hex2bin(out.data(), out.size(), s.data(), s.size(), nullptr, &len, &end) != 0 ||
      end != s.data() + s.size()) {
    return Error("invalid hex string");
  }
  out.resize(len);
  return out;
}

std::string base64_encode(ByteView b) {
  const int variant = sodium_base64_VARIANT_ORIGINAL;
  std::string out(sodium_base64_ENCODED_LEN(b.size(), variant), '\0');
  sodium_bin2base64(out.data(), out.size(), b.data(), b.size(), variant);
  out.pop_back();  // the terminating NUL
  return out;
}

Result<Bytes> base64_decode(std::string_view s) {
  Bytes out(s.size() / 4 * 3 + 3);
  size_t len = 0;
  const char* end = nullptr;
  if (sodium_base642bin(out.data(), out.size(), s.data(), s.size(), nullptr, &len, &end,
                        sodium_base64_VARIANT_ORIGINAL) != 0 ||
      end != s.data() + s.size()) {
    return Error("invalid base64 string");
  }
  out.resize(len);
  // Reject non-canonical encodings (stray bits in the last character): the
  // same bytes must always have the same text.
  if (base64_encode(out) != s) return Error("non-canonical base64 string");
  return out;
}

namespace {
constexpr char kBase32Alphabet[] = "abcdefghijklmnopqrstuvwxyz234567";
}

std::string base32_encode(ByteView b) {
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (uint8_t byte : b) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out.push_back(kBase32Alphabet[(buffer >> (bits - 5)) & 31]);
      bits -= 5;
    }
  }
  if (bits > 0) out.push_back(kBase32Alphabet[(buffer << (5 - bits)) & 31]);
  return out;
}

Result<Bytes> base32_decode(std::string_view s) {
  Bytes out;
  uint32_t buffer = 0;
  int bits = 0;
  for (char c : s) {
    int v;
    if (c >= 'a' && c <= 'z') {
      v = c - 'a';
    } else if (c >= 'A' && c <= 'Z') {
      v = c - 'A';
    } else if (c >= '2' && c <= '7') {
      v = c - '2' + 26;
    } else {
      return Error("invalid base32 character");
    }
    buffer = (buffer << 5) | static_cast<uint32_t>(v);
    bits += 5;
    if (bits >= 8) {
      out.push_back(static_cast<uint8_t>(buffer >> (bits - 8)));
      bits -= 8;
    }
  }
  if (bits >= 5 || (buffer & ((1u << bits) - 1)) != 0) return Error("invalid base32 length");
  return out;
}

bool same_bytes(std::string_view field, ByteView b) {
  return field.size() == b.size() &&
         (b.empty() || std::memcmp(field.data(), b.data(), b.size()) == 0);
}

void append(Bytes& out, ByteView b) {
  if (b.empty()) return;
  const size_t at = out.size();
  out.resize(at + b.size());
  std::memcpy(out.data() + at, b.data(), b.size());
}

void append_u32be(Bytes& out, uint32_t v) {
  for (int i = 3; i >= 0; --i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}
void append_u64be(Bytes& out, uint64_t v) {
  for (int i = 7; i >= 0; --i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}
Bytes u32be(uint32_t v) {
  Bytes b;
  append_u32be(b, v);
  return b;
}
Bytes u64be(uint64_t v) {
  Bytes b;
  append_u64be(b, v);
  return b;
}

}  // namespace conclave
