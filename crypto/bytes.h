// Byte strings and their text encodings (hex, standard base64, base32).
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/result.h"

namespace conclave {

using Bytes = std::vector<uint8_t>;
using ByteView = std::span<const uint8_t>;

inline ByteView as_bytes(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}
inline Bytes to_bytes(std::string_view s) {
  return Bytes(s.begin(), s.end());
}
inline std::string to_string(ByteView b) {
  return std::string(b.begin(), b.end());
}

std::string hex_encode(ByteView b);
Result<Bytes> hex_decode(std::string_view s);

// RFC 4648 base64 with padding (the alphabet C2SP notes use).
std::string base64_encode(ByteView b);
Result<Bytes> base64_decode(std::string_view s);

// RFC 4648 base32 without padding, lower case: short human-typable codes.
std::string base32_encode(ByteView b);
Result<Bytes> base32_decode(std::string_view s);

// True if a protobuf bytes field (a std::string) holds exactly b.
bool same_bytes(std::string_view field, ByteView b);

// Appends b to out (resize + memcpy: GCC 12 misreports vector::insert of
// string data under -O2 -Werror).
void append(Bytes& out, ByteView b);
inline void append(Bytes& out, std::string_view s) {
  append(out, as_bytes(s));
}

// Big-endian fixed-width integers, as used in every hashed encoding.
void append_u32be(Bytes& out, uint32_t v);
void append_u64be(Bytes& out, uint64_t v);
Bytes u32be(uint32_t v);
Bytes u64be(uint64_t v);

template <size_t N>
ByteView view(const std::array<uint8_t, N>& a) {
  return {a.data(), a.size()};
}

}  // namespace conclave
