#include "crypto/range_proof.h"

namespace conclave {
namespace {

Transcript start(const ProofBinding& b, const Point& K, const Ciphertext& ct, uint64_t lo,
                 uint64_t hi) {
  Transcript t("range");
  b.add_to(t);
  t.add(K).add(ct.alpha).add(ct.beta).add_u64(lo).add_u64(hi);
  return t;
}

}  // namespace

Result<RangeProof> range_prove(const Point& K, const Ciphertext& ct, const Scalar& r,
                               uint64_t value, uint64_t lo, uint64_t hi,
                               const ProofBinding& binding) {
  if (lo > hi || hi - lo >= kMaxRange) return Error("range proof: invalid range");
  if (value < lo || value > hi) return Error("range proof: value outside the range");
  const size_t n = hi - lo + 1;
  RangeProof proof{std::vector<Scalar>(n), std::vector<Scalar>(n)};
  Transcript t = start(binding, K, ct, lo, hi);

  const Scalar u = Scalar::random();
  const Point& g = Point::generator();
  Point shifted = ct.beta - Point::base_mul(Scalar::from_u64(lo));  // β − j·G for j = lo
  Scalar simulated_sum;
  for (size_t i = 0; i < n; ++i, shifted = shifted - g) {
    if (lo + i == value) {
      t.add(Point::base_mul(u)).add(K * u);
      continue;
    }
    proof.challenges[i] = Scalar::random();
    proof.responses[i] = Scalar::random();
    const Scalar& c = proof.challenges[i];
    const Scalar& v = proof.responses[i];
    t.add(Point::base_mul(v) + ct.alpha * c).add(K * v + shifted * c);
    simulated_sum += c;
  }
  const size_t real = value - lo;
  proof.challenges[real] = t.challenge() - simulated_sum;
  proof.responses[real] = u - proof.challenges[real] * r;
  return proof;
}

Status range_verify(const Point& K, const Ciphertext& ct, uint64_t lo, uint64_t hi,
                    const RangeProof& proof, const ProofBinding& binding) {
  if (lo > hi || hi - lo >= kMaxRange) return Error("range proof: invalid range");
  const size_t n = hi - lo + 1;
  if (proof.challenges.size() != n || proof.responses.size() != n) {
    return Error("range proof has " + std::to_string(proof.challenges.size()) +
                 " branches, expected " + std::to_string(n));
  }
  if (K.is_identity() || ct.alpha.is_identity() || ct.beta.is_identity()) {
    return Error("range proof: identity public key or ciphertext component");
  }
  Transcript t = start(binding, K, ct, lo, hi);
  const Point& g = Point::generator();
  Point shifted = ct.beta - Point::base_mul(Scalar::from_u64(lo));
  Scalar sum;
  for (size_t i = 0; i < n; ++i, shifted = shifted - g) {
    const Scalar& c = proof.challenges[i];
    const Scalar& v = proof.responses[i];
    t.add(Point::base_mul(v) + ct.alpha * c).add(K * v + shifted * c);
    sum += c;
  }
  if (!(t.challenge() == sum)) return Error("range proof does not verify");
  return Status::Ok();
}

}  // namespace conclave
