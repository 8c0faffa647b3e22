// ristretto255 (RFC 9496) value types over libsodium.
//
// Scalar: an integer mod ℓ, always canonical (< ℓ). Secret scalars are wiped
// on destruction. Point: a group element kept in its canonical 32-byte
// encoding; every Point obtained from untrusted bytes went through
// Point::decode, which rejects non-canonical encodings (and the identity
// unless explicitly allowed).
//
// Cost model (libsodium 1.0.18): each operation decodes its inputs and encodes
// its output, so a point add costs ~15 µs and a variable-base multiplication
// ~60 µs. Callers should count operations and reuse results.
#pragma once

#include <array>
#include <compare>
#include <cstdint>

#include "crypto/bytes.h"
#include "crypto/result.h"

namespace conclave {

class Scalar {
 public:
  static constexpr size_t kBytes = 32;

  Scalar();  // zero
  ~Scalar();
  Scalar(const Scalar&) = default;
  Scalar& operator=(const Scalar&) = default;

  // Rejects anything but 32 bytes encoding an integer < ℓ.
  static Result<Scalar> decode(ByteView bytes);
  static Scalar from_u64(uint64_t v);
  // Reduces a 64-byte uniformly random string mod ℓ (bias < 2^-250).
  static Scalar reduce_wide(ByteView bytes64);
  static Scalar random();

  const std::array<uint8_t, kBytes>& bytes() const { return b_; }
  ByteView view() const { return {b_.data(), b_.size()}; }
  bool is_zero() const;

  Scalar operator+(const Scalar& o) const;
  Scalar operator-(const Scalar& o) const;
  Scalar operator*(const Scalar& o) const;
  Scalar operator-() const;
  Scalar& operator+=(const Scalar& o) { return *this = *this + o; }
  // Multiplicative inverse; the inverse of zero is zero.
  Scalar invert() const;

  // Constant-time equality.
  bool operator==(const Scalar& o) const;

 private:
  std::array<uint8_t, kBytes> b_;
};

class Point {
 public:
  static constexpr size_t kBytes = 32;

  Point();  // the identity

  // Rejects non-canonical or invalid encodings; rejects the identity unless
  // allow_identity (a public key or ciphertext component is never the
  // identity).
  static Result<Point> decode(ByteView bytes, bool allow_identity = false);
  static const Point& generator();
  static Point base_mul(const Scalar& s);  // s·G

  const std::array<uint8_t, kBytes>& bytes() const { return b_; }
  ByteView view() const { return {b_.data(), b_.size()}; }
  bool is_identity() const;

  Point operator+(const Point& o) const;
  Point operator-(const Point& o) const;
  Point operator*(const Scalar& s) const;  // s·P
  Point& operator+=(const Point& o) { return *this = *this + o; }

  bool operator==(const Point& o) const { return b_ == o.b_; }
  auto operator<=>(const Point& o) const { return b_ <=> o.b_; }

 private:
  std::array<uint8_t, kBytes> b_;
};

}  // namespace conclave
