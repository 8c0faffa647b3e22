// Helpers shared by the crypto tests.
#pragma once

#include "crypto/binding.h"
#include "crypto/group.h"

namespace conclave::testing {

inline ProofBinding test_binding(std::string position = "test/0") {
  ProofBinding b;
  b.context = Bytes(64, 0x51);
  b.author = Bytes(32, 0xa7);
  b.position = std::move(position);
  return b;
}

// A scalar different from s.
inline Scalar tweak(const Scalar& s) {
  return s + Scalar::from_u64(1);
}
// A point different from p.
inline Point tweak(const Point& p) {
  return p + Point::generator();
}

}  // namespace conclave::testing
