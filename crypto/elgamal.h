// Exponential ElGamal on ristretto255.
//
// Secret s, public K = s·G. Enc(m; r) = (α, β) = (r·G, m·G + r·K).
// Ciphertexts add componentwise, so a sum of encryptions encrypts the sum of
// the messages. Decryption recovers m·G = β − s·α, then m from a table of
// small multiples: m is a count bounded by the roster size.
#pragma once

#include <optional>
#include <span>
#include <string_view>
#include <unordered_map>

#include "crypto/group.h"

namespace conclave {

struct Ciphertext {
  Point alpha;  // r·G
  Point beta;   // m·G + r·K

  Ciphertext operator+(const Ciphertext& o) const { return {alpha + o.alpha, beta + o.beta}; }
  Ciphertext& operator+=(const Ciphertext& o) { return *this = *this + o; }
  bool operator==(const Ciphertext& o) const = default;
};

Ciphertext elgamal_encrypt(const Point& public_key, uint64_t message, const Scalar& nonce);

// The nonce of one selection of a ballot, derived from the 32-byte ballot
// seed: r = H_scalar("nonce", seed, item, u32be(selection)). Publishing the
// seed (a Benaloh challenge) lets anyone recompute the whole encryption.
Scalar derive_nonce(ByteView seed, std::string_view item, uint32_t selection);

// m·G = β − s·α, for a full secret s (tests and n = 1 setups).
Point elgamal_decrypt_to_point(const Scalar& secret, const Ciphertext& ct);

// Trustee j's partial decryption M_j = s_j·α.
Point partial_decrypt(const Scalar& share, const Ciphertext& ct);

// λ_j = Π_{k ∈ S, k ≠ j} k / (k − j): the Lagrange coefficient at 0 of index
// j (1-based) for the set S. Indices must be distinct and non-zero.
Scalar lagrange_at_zero(uint32_t j, std::span<const uint32_t> indices);

struct PartialDecryption {
  uint32_t index;  // trustee index, 1-based
  Point share;     // M_j
};

// Σ λ_j·M_j = s·α over any t distinct partials, then β − s·α = m·G.
Point combine_partials(const Ciphertext& ct, std::span<const PartialDecryption> partials);

// Maps m·G back to m for 0 ≤ m ≤ max_message. Built once by repeated
// addition (max_message adds); lookups are a hash-map probe. Immutable after
// construction, so safe to share between threads.
class DlogTable {
 public:
  explicit DlogTable(uint64_t max_message);
  uint64_t max_message() const { return max_; }
  std::optional<uint64_t> lookup(const Point& m_times_g) const;

 private:
  struct KeyHash {
    size_t operator()(const std::array<uint8_t, 32>& k) const;
  };
  uint64_t max_;
  std::unordered_map<std::array<uint8_t, 32>, uint64_t, KeyHash> table_;
};

}  // namespace conclave
