// The one hash behind every challenge and derived value:
//
//   H(label, f1, …, fn) = SHA-512("conclave/v1" ‖ 0x00 ‖ label ‖ 0x00 ‖
//                                 u64be(len f1) ‖ f1 ‖ … ‖ u64be(len fn) ‖ fn)
//
// Every field is length-prefixed, so no two different field lists hash the
// same input. hash_to_scalar reduces the 64-byte digest mod ℓ.
#pragma once

#include <sodium.h>

#include <initializer_list>
#include <string_view>

#include "crypto/group.h"
#include "crypto/sha.h"

namespace conclave {

// Incremental form, for transcripts with a variable number of fields.
class Transcript {
 public:
  explicit Transcript(std::string_view label);
  Transcript& add(ByteView field);
  Transcript& add(std::string_view field) { return add(as_bytes(field)); }
  Transcript& add(const Point& p) { return add(p.view()); }
  Transcript& add(const Scalar& s) { return add(s.view()); }
  Transcript& add_u64(uint64_t v);  // the 8-byte big-endian encoding as one field
  Hash64 digest();
  Scalar challenge();  // reduce_wide(digest())

 private:
  crypto_hash_sha512_state state_;
};

Hash64 transcript_hash(std::string_view label, std::initializer_list<ByteView> fields);
Scalar hash_to_scalar(std::string_view label, std::initializer_list<ByteView> fields);

}  // namespace conclave
