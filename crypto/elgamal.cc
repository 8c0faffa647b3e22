#include "crypto/elgamal.h"

#include <cstring>
#include <stdexcept>

#include "crypto/transcript.h"

namespace conclave {

Ciphertext elgamal_encrypt(const Point& public_key, uint64_t message, const Scalar& nonce) {
  return {Point::base_mul(nonce), Point::base_mul(Scalar::from_u64(message)) + public_key * nonce};
}

Scalar derive_nonce(ByteView seed, std::string_view item, uint32_t selection) {
  Bytes sel = u32be(selection);
  return hash_to_scalar("nonce", {seed, as_bytes(item), sel});
}

Point elgamal_decrypt_to_point(const Scalar& secret, const Ciphertext& ct) {
  return ct.beta - ct.alpha * secret;
}

Point partial_decrypt(const Scalar& share, const Ciphertext& ct) {
  return ct.alpha * share;
}

Scalar lagrange_at_zero(uint32_t j, std::span<const uint32_t> indices) {
  Scalar num = Scalar::from_u64(1);
  Scalar den = Scalar::from_u64(1);
  const Scalar sj = Scalar::from_u64(j);
  for (uint32_t k : indices) {
    if (k == j) continue;
    const Scalar sk = Scalar::from_u64(k);
    num = num * sk;
    den = den * (sk - sj);
  }
  if (den.is_zero()) throw std::invalid_argument("lagrange_at_zero: repeated index");
  return num * den.invert();
}

Point combine_partials(const Ciphertext& ct, std::span<const PartialDecryption> partials) {
  std::vector<uint32_t> indices;
  indices.reserve(partials.size());
  for (const auto& p : partials) indices.push_back(p.index);
  Point s_alpha;
  for (const auto& p : partials) s_alpha += p.share * lagrange_at_zero(p.index, indices);
  return ct.beta - s_alpha;
}

size_t DlogTable::KeyHash::operator()(const std::array<uint8_t, 32>& k) const {
  size_t h;  // encodings of distinct points are uniformly spread already
  std::memcpy(&h, k.data(), sizeof h);
  return h;
}

DlogTable::DlogTable(uint64_t max_message) : max_(max_message) {
  table_.reserve(max_message + 1);
  Point acc;  // 0·G
  const Point& g = Point::generator();
  for (uint64_t m = 0; m <= max_message; ++m) {
    table_.emplace(acc.bytes(), m);
    if (m < max_message) acc += g;
  }
}

std::optional<uint64_t> DlogTable::lookup(const Point& m_times_g) const {
  auto it = table_.find(m_times_g.bytes());
  if (it == table_.end()) return std::nullopt;
  return it->second;
}

}  // namespace conclave
