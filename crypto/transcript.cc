#include "crypto/transcript.h"

#include <sodium.h>

#include <cstring>

namespace conclave {

namespace {
constexpr std::string_view kDomain = "conclave/v1";
}  // namespace

Transcript::Transcript(std::string_view label) {
  const uint8_t zero = 0;
  crypto_hash_sha512_init(&state_);
  crypto_hash_sha512_update(&state_, reinterpret_cast<const uint8_t*>(kDomain.data()),
                            kDomain.size());
  crypto_hash_sha512_update(&state_, &zero, 1);
  crypto_hash_sha512_update(&state_, reinterpret_cast<const uint8_t*>(label.data()), label.size());
  crypto_hash_sha512_update(&state_, &zero, 1);
}

Transcript& Transcript::add(ByteView field) {
  uint8_t len[8];
  for (int i = 0; i < 8; ++i) len[i] = static_cast<uint8_t>(uint64_t{field.size()} >> (56 - 8 * i));
  crypto_hash_sha512_update(&state_, len, sizeof len);
  crypto_hash_sha512_update(&state_, field.data(), field.size());
  return *this;
}

Transcript& Transcript::add_u64(uint64_t v) {
  Bytes b = u64be(v);
  return add(b);
}

Hash64 Transcript::digest() {
  Hash64 out;
  crypto_hash_sha512_final(&state_, out.data());
  sodium_memzero(&state_, sizeof state_);
  return out;
}

Scalar Transcript::challenge() {
  Hash64 d = digest();
  return Scalar::reduce_wide(d);
}

Hash64 transcript_hash(std::string_view label, std::initializer_list<ByteView> fields) {
  Transcript t(label);
  for (ByteView f : fields) t.add(f);
  return t.digest();
}

Scalar hash_to_scalar(std::string_view label, std::initializer_list<ByteView> fields) {
  Transcript t(label);
  for (ByteView f : fields) t.add(f);
  return t.challenge();
}

}  // namespace conclave
