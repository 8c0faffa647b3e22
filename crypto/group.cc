#include "crypto/group.h"

#include <sodium.h>

#include <stdexcept>

#include "crypto/sodium_init.h"

namespace conclave {
namespace {

// ℓ = 2^252 + 27742317777372353535851937790883648493, little-endian.
constexpr std::array<uint8_t, 32> kOrder = {
    0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10};

}  // namespace

Scalar::Scalar() {
  b_.fill(0);
}
Scalar::~Scalar() {
  sodium_memzero(b_.data(), b_.size());
}

Result<Scalar> Scalar::decode(ByteView bytes) {
  if (bytes.size() != kBytes) return Error("scalar must be 32 bytes");
  Scalar s;
  std::copy(bytes.begin(), bytes.end(), s.b_.begin());
  // sodium_compare treats both as little-endian numbers, in constant time.
  if (sodium_compare(s.b_.data(), kOrder.data(), kBytes) >= 0) {
    return Error("scalar is not canonical (not reduced mod the group order)");
  }
  return s;
}

Scalar Scalar::from_u64(uint64_t v) {
  Scalar s;
  for (int i = 0; i < 8; ++i) s.b_[i] = static_cast<uint8_t>(v >> (8 * i));
  return s;
}

Scalar Scalar::reduce_wide(ByteView bytes64) {
  if (bytes64.size() != crypto_core_ristretto255_NONREDUCEDSCALARBYTES) {
    throw std::invalid_argument("reduce_wide needs 64 bytes");
  }
  Scalar s;
  crypto_core_ristretto255_scalar_reduce(s.b_.data(), bytes64.data());
  return s;
}

Scalar Scalar::random() {
  ensure_sodium();
  Scalar s;
  crypto_core_ristretto255_scalar_random(s.b_.data());
  return s;
}

bool Scalar::is_zero() const {
  return sodium_is_zero(b_.data(), b_.size()) == 1;
}

Scalar Scalar::operator+(const Scalar& o) const {
  Scalar r;
  crypto_core_ristretto255_scalar_add(r.b_.data(), b_.data(), o.b_.data());
  return r;
}
Scalar Scalar::operator-(const Scalar& o) const {
  Scalar r;
  crypto_core_ristretto255_scalar_sub(r.b_.data(), b_.data(), o.b_.data());
  return r;
}
Scalar Scalar::operator*(const Scalar& o) const {
  Scalar r;
  crypto_core_ristretto255_scalar_mul(r.b_.data(), b_.data(), o.b_.data());
  return r;
}
Scalar Scalar::operator-() const {
  Scalar r;
  crypto_core_ristretto255_scalar_negate(r.b_.data(), b_.data());
  return r;
}
Scalar Scalar::invert() const {
  Scalar r;
  if (crypto_core_ristretto255_scalar_invert(r.b_.data(), b_.data()) != 0) return Scalar();
  return r;
}
bool Scalar::operator==(const Scalar& o) const {
  return sodium_memcmp(b_.data(), o.b_.data(), kBytes) == 0;
}

Point::Point() {
  b_.fill(0);
}

Result<Point> Point::decode(ByteView bytes, bool allow_identity) {
  if (bytes.size() != kBytes) return Error("group element must be 32 bytes");
  ensure_sodium();
  if (crypto_core_ristretto255_is_valid_point(bytes.data()) != 1) {
    return Error("invalid or non-canonical ristretto255 encoding");
  }
  Point p;
  std::copy(bytes.begin(), bytes.end(), p.b_.begin());
  if (!allow_identity && p.is_identity()) return Error("group element is the identity");
  return p;
}

const Point& Point::generator() {
  static const Point g = base_mul(Scalar::from_u64(1));
  return g;
}

Point Point::base_mul(const Scalar& s) {
  ensure_sodium();
  Point p;
  // libsodium returns -1 when the product is the identity (s = 0); the
  // identity's encoding is all zeros, which Point() already holds.
  if (crypto_scalarmult_ristretto255_base(p.b_.data(), s.bytes().data()) != 0) return Point();
  return p;
}

bool Point::is_identity() const {
  return sodium_is_zero(b_.data(), b_.size()) == 1;
}

Point Point::operator+(const Point& o) const {
  if (is_identity()) return o;
  if (o.is_identity()) return *this;
  Point r;
  if (crypto_core_ristretto255_add(r.b_.data(), b_.data(), o.b_.data()) != 0) {
    throw std::logic_error("ristretto255 add on an invalid point");
  }
  return r;
}

Point Point::operator-(const Point& o) const {
  if (o.is_identity()) return *this;
  Point r;
  if (crypto_core_ristretto255_sub(r.b_.data(), b_.data(), o.b_.data()) != 0) {
    throw std::logic_error("ristretto255 sub on an invalid point");
  }
  return r;
}

Point Point::operator*(const Scalar& s) const {
  Point r;
  if (is_identity()) return r;
  // -1 means the product is the identity (s = 0 for a prime-order element).
  if (crypto_scalarmult_ristretto255(r.b_.data(), s.bytes().data(), b_.data()) != 0) return Point();
  return r;
}

}  // namespace conclave
