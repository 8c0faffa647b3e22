#include "crypto/sha.h"

#include <sodium.h>

namespace conclave {

Hash32 sha256(ByteView data) {
  Hash32 out;
  crypto_hash_sha256(out.data(), data.data(), data.size());
  return out;
}

Hash64 sha512(ByteView data) {
  Hash64 out;
  crypto_hash_sha512(out.data(), data.data(), data.size());
  return out;
}

}  // namespace conclave
