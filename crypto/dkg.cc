#include "crypto/dkg.h"

#include <sodium.h>

#include <algorithm>
#include <stdexcept>

namespace conclave {

Polynomial Polynomial::random(uint32_t threshold) {
  if (threshold == 0) throw std::invalid_argument("threshold must be at least 1");
  Polynomial p;
  p.coeffs_.reserve(threshold);
  for (uint32_t k = 0; k < threshold; ++k) p.coeffs_.push_back(Scalar::random());
  return p;
}

Polynomial Polynomial::from_coefficients(std::vector<Scalar> coefficients) {
  if (coefficients.empty()) throw std::invalid_argument("a polynomial needs a coefficient");
  Polynomial p;
  p.coeffs_ = std::move(coefficients);
  return p;
}

Scalar Polynomial::eval(uint32_t x) const {
  // Horner's rule.
  const Scalar sx = Scalar::from_u64(x);
  Scalar acc;
  for (auto it = coeffs_.rbegin(); it != coeffs_.rend(); ++it) acc = acc * sx + *it;
  return acc;
}

ProofBinding dkg_coefficient_binding(const ProofBinding& base, uint32_t dealer, uint32_t k) {
  ProofBinding b = base;
  b.position = "dkg/" + std::to_string(dealer) + "/" + std::to_string(k);
  return b;
}

DkgCommitment dkg_commit(const Polynomial& poly, uint32_t dealer, const ProofBinding& base) {
  DkgCommitment c;
  const auto& a = poly.coefficients();
  for (uint32_t k = 0; k < a.size(); ++k) {
    Point C = Point::base_mul(a[k]);
    c.proofs.push_back(schnorr_prove(a[k], C, dkg_coefficient_binding(base, dealer, k)));
    c.coefficients.push_back(C);
  }
  return c;
}

Status dkg_verify_commitment(const DkgCommitment& c, uint32_t dealer, uint32_t threshold,
                             const ProofBinding& base) {
  if (c.coefficients.size() != threshold || c.proofs.size() != threshold) {
    return Error("trustee " + std::to_string(dealer) + " committed to " +
                 std::to_string(c.coefficients.size()) + " coefficients, expected " +
                 std::to_string(threshold));
  }
  for (uint32_t k = 0; k < threshold; ++k) {
    Status s =
        schnorr_verify(c.coefficients[k], c.proofs[k], dkg_coefficient_binding(base, dealer, k));
    if (!s) {
      return Error("trustee " + std::to_string(dealer) + " coefficient " + std::to_string(k) +
                   ": " + s.error().message());
    }
  }
  return Status::Ok();
}

Point dkg_eval_commitment(std::span<const Point> coefficients, uint32_t x) {
  // Horner's rule in the exponent: t−1 multiplications.
  const Scalar sx = Scalar::from_u64(x);
  Point acc;
  for (auto it = coefficients.rbegin(); it != coefficients.rend(); ++it) acc = acc * sx + *it;
  return acc;
}

Status dkg_verify_share(std::span<const Point> coefficients, uint32_t recipient,
                        const Scalar& share) {
  if (Point::base_mul(share) != dkg_eval_commitment(coefficients, recipient)) {
    return Error("share for trustee " + std::to_string(recipient) +
                 " does not match the dealer's commitments");
  }
  return Status::Ok();
}

Bytes dkg_seal_share(const Scalar& share, ByteView recipient_public) {
  if (recipient_public.size() != crypto_box_PUBLICKEYBYTES) {
    throw std::invalid_argument("X25519 public key must be 32 bytes");
  }
  Bytes out(crypto_box_SEALBYTES + Scalar::kBytes);
  if (crypto_box_seal(out.data(), share.bytes().data(), Scalar::kBytes, recipient_public.data()) !=
      0) {
    throw std::invalid_argument("X25519 public key of small order: cannot seal to it");
  }
  return out;
}

Result<Scalar> dkg_open_share(ByteView sealed, ByteView pk, ByteView sk) {
  if (sealed.size() != crypto_box_SEALBYTES + Scalar::kBytes) {
    return Error("sealed share has the wrong length");
  }
  if (pk.size() != crypto_box_PUBLICKEYBYTES || sk.size() != crypto_box_SECRETKEYBYTES) {
    return Error("X25519 key has the wrong length");
  }
  std::array<uint8_t, Scalar::kBytes> plain;
  if (crypto_box_seal_open(plain.data(), sealed.data(), sealed.size(), pk.data(), sk.data()) != 0) {
    return Error("sealed share does not open with this key");
  }
  Result<Scalar> s = Scalar::decode(plain);
  sodium_memzero(plain.data(), plain.size());
  return s;
}

DkgOutcome dkg_resolve(uint32_t n, uint32_t threshold,
                       const std::map<uint32_t, DkgCommitment>& commitments,
                       std::span<const DkgComplaint> complaints, std::span<const DkgReveal> reveals,
                       const ProofBinding& base) {
  DkgOutcome out;
  for (uint32_t i = 1; i <= n; ++i) {
    auto it = commitments.find(i);
    if (it == commitments.end()) {
      out.reasons[i] = "published no commitment";
      continue;
    }
    if (Status s = dkg_verify_commitment(it->second, i, threshold, base); !s) {
      out.reasons[i] = s.error().message();
      continue;
    }
    for (const DkgComplaint& c : complaints) {
      if (c.accused != i || out.reasons.contains(i)) continue;
      auto answered = std::find_if(reveals.begin(), reveals.end(), [&](const DkgReveal& r) {
        return r.dealer == i && r.recipient == c.accuser &&
               dkg_verify_share(it->second.coefficients, r.recipient, r.share).ok();
      });
      if (answered == reveals.end()) {
        out.reasons[i] = "did not answer the complaint of trustee " + std::to_string(c.accuser) +
                         " with a valid share";
      }
    }
  }
  for (uint32_t i = 1; i <= n; ++i) {
    (out.reasons.contains(i) ? out.disqualified : out.qualified).push_back(i);
  }
  return out;
}

Point dkg_joint_key(const std::map<uint32_t, DkgCommitment>& commitments,
                    std::span<const uint32_t> qualified) {
  Point k;
  for (uint32_t i : qualified) k += commitments.at(i).coefficients.at(0);
  return k;
}

Point dkg_verification_key(const std::map<uint32_t, DkgCommitment>& commitments,
                           std::span<const uint32_t> qualified, uint32_t trustee) {
  Point k;
  for (uint32_t i : qualified) k += dkg_eval_commitment(commitments.at(i).coefficients, trustee);
  return k;
}

}  // namespace conclave
