// SHA-256 and SHA-512 (libsodium).
#pragma once

#include <array>

#include "crypto/bytes.h"

namespace conclave {

using Hash32 = std::array<uint8_t, 32>;
using Hash64 = std::array<uint8_t, 64>;

Hash32 sha256(ByteView data);
Hash64 sha512(ByteView data);

}  // namespace conclave
