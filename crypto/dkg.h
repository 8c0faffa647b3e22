// Pedersen distributed key generation over Feldman commitments, and the
// threshold key material it yields.
//
// n trustees with 1-based indices, threshold t (1 ≤ t ≤ n). Trustee i draws a
// random polynomial f_i of degree t−1, publishes C_ik = a_ik·G for k < t, each
// with a Schnorr proof bound to position "dkg/<i>/<k>", and sends f_i(j) to
// trustee j in a sealed box under j's X25519 key. Trustee j checks
// f_i(j)·G = Σ_k j^k·C_ik; on mismatch it complains, and i must reveal f_i(j)
// in the clear or be disqualified. Over the qualified set QUAL:
//   joint key            K   = Σ_{i∈QUAL} C_i0
//   j's secret share     s_j = Σ_{i∈QUAL} f_i(j)
//   j's verification key K_j = Σ_{i∈QUAL} Σ_k j^k·C_ik = s_j·G
// Any t shares reconstruct s (never done in one place: decryption combines
// s_j·α instead).
#pragma once

#include <map>
#include <optional>
#include <span>
#include <vector>

#include "crypto/group.h"
#include "crypto/schnorr.h"

namespace conclave {

inline constexpr uint32_t kMaxTrustees = 64;

// A secret polynomial; coefficients are wiped on destruction (Scalar does).
class Polynomial {
 public:
  static Polynomial random(uint32_t threshold);
  // Fails (throws) on an empty list: a polynomial has at least a constant.
  static Polynomial from_coefficients(std::vector<Scalar> coefficients);
  const std::vector<Scalar>& coefficients() const { return coeffs_; }
  Scalar eval(uint32_t x) const;

 private:
  std::vector<Scalar> coeffs_;
};

struct DkgCommitment {
  std::vector<Point> coefficients;  // C_i0 … C_i,t−1
  std::vector<SchnorrProof> proofs;
};

// Binding position of the proof of coefficient k of dealer i: "dkg/<i>/<k>".
ProofBinding dkg_coefficient_binding(const ProofBinding& base, uint32_t dealer, uint32_t k);

DkgCommitment dkg_commit(const Polynomial& poly, uint32_t dealer, const ProofBinding& base);
Status dkg_verify_commitment(const DkgCommitment& c, uint32_t dealer, uint32_t threshold,
                             const ProofBinding& base);

// Σ_k x^k·C_k: the public image f(x)·G of the committed polynomial.
Point dkg_eval_commitment(std::span<const Point> coefficients, uint32_t x);
Status dkg_verify_share(std::span<const Point> coefficients, uint32_t recipient,
                        const Scalar& share);

// The sealed box carrying f_i(j) to trustee j (crypto_box_seal, 80 bytes).
Bytes dkg_seal_share(const Scalar& share, ByteView recipient_x25519_public);
Result<Scalar> dkg_open_share(ByteView sealed, ByteView x25519_public, ByteView x25519_secret);

struct DkgComplaint {
  uint32_t accuser;
  uint32_t accused;
};
struct DkgReveal {
  uint32_t dealer;
  uint32_t recipient;
  Scalar share;
};

// Decides the qualified set. A dealer is out when its commitment is missing
// or invalid, or when a complaint against it is not answered by a reveal
// that verifies against its commitments. commitments maps dealer index →
// its commitment (already verified or not: this function verifies).
struct DkgOutcome {
  std::vector<uint32_t> qualified;     // ascending
  std::vector<uint32_t> disqualified;  // ascending, with reasons below
  std::map<uint32_t, std::string> reasons;
};
DkgOutcome dkg_resolve(uint32_t n, uint32_t threshold,
                       const std::map<uint32_t, DkgCommitment>& commitments,
                       std::span<const DkgComplaint> complaints, std::span<const DkgReveal> reveals,
                       const ProofBinding& base);

Point dkg_joint_key(const std::map<uint32_t, DkgCommitment>& commitments,
                    std::span<const uint32_t> qualified);
Point dkg_verification_key(const std::map<uint32_t, DkgCommitment>& commitments,
                           std::span<const uint32_t> qualified, uint32_t trustee);

}  // namespace conclave
