#include "crypto/contest.h"

namespace conclave {
namespace {

ProofBinding at(const ProofBinding& base, const std::string& position) {
  ProofBinding b = base;
  b.position = position;
  return b;
}

std::string selection_position(const ContestRules& r, uint32_t i) {
  return r.item + "/selection/" + std::to_string(i);
}

}  // namespace

Result<EncryptedContest> encrypt_contest(const Point& K, ByteView seed, const ContestRules& rules,
                                         const std::vector<uint64_t>& choices,
                                         const ProofBinding& binding) {
  if (choices.size() != rules.options) {
    return Error("expected " + std::to_string(rules.options) + " selections, got " +
                 std::to_string(choices.size()));
  }
  EncryptedContest out;
  Ciphertext sum;
  Scalar nonce_sum;
  uint64_t total = 0;
  for (uint32_t i = 0; i < rules.options; ++i) {
    if (choices[i] > 1) return Error("each selection must be 0 or 1");
    const Scalar r = derive_nonce(seed, rules.item, i);
    Ciphertext ct = elgamal_encrypt(K, choices[i], r);
    Result<RangeProof> p =
        range_prove(K, ct, r, choices[i], 0, 1, at(binding, selection_position(rules, i)));
    if (!p) return p.error();
    out.selections.push_back(ct);
    out.selection_proofs.push_back(std::move(*p));
    sum += ct;
    nonce_sum += r;
    total += choices[i];
  }
  if (total < rules.min_sum || total > rules.max_sum) {
    return Error("between " + std::to_string(rules.min_sum) + " and " +
                 std::to_string(rules.max_sum) + " options must be chosen, got " +
                 std::to_string(total));
  }
  Result<RangeProof> sp = range_prove(K, sum, nonce_sum, total, rules.min_sum, rules.max_sum,
                                      at(binding, rules.item + "/sum"));
  if (!sp) return sp.error();
  out.sum_proof = std::move(*sp);
  return out;
}

Status verify_contest(const Point& K, const ContestRules& rules, const EncryptedContest& c,
                      const ProofBinding& binding) {
  if (c.selections.size() != rules.options || c.selection_proofs.size() != rules.options) {
    return Error("contest " + rules.item + " must have " + std::to_string(rules.options) +
                 " selections");
  }
  Ciphertext sum;
  for (uint32_t i = 0; i < rules.options; ++i) {
    Status s = range_verify(K, c.selections[i], 0, 1, c.selection_proofs[i],
                            at(binding, selection_position(rules, i)));
    if (!s) return Error("selection " + std::to_string(i) + ": " + s.error().message());
    sum += c.selections[i];
  }
  Status s = range_verify(K, sum, rules.min_sum, rules.max_sum, c.sum_proof,
                          at(binding, rules.item + "/sum"));
  if (!s) return Error("sum of selections: " + s.error().message());
  return Status::Ok();
}

bool contest_matches_seed(const Point& K, ByteView seed, const ContestRules& rules,
                          const EncryptedContest& c, const std::vector<uint64_t>& choices) {
  if (c.selections.size() != rules.options || choices.size() != rules.options) return false;
  for (uint32_t i = 0; i < rules.options; ++i) {
    if (!(elgamal_encrypt(K, choices[i], derive_nonce(seed, rules.item, i)) == c.selections[i])) {
      return false;
    }
  }
  return true;
}

Result<std::vector<uint64_t>> contest_open_with_seed(const Point& K, ByteView seed,
                                                     const ContestRules& rules,
                                                     const EncryptedContest& c) {
  if (c.selections.size() != rules.options) return Error("wrong number of selections");
  std::vector<uint64_t> out;
  for (uint32_t i = 0; i < rules.options; ++i) {
    const Scalar r = derive_nonce(seed, rules.item, i);
    if (!(Point::base_mul(r) == c.selections[i].alpha)) {
      return Error("selection " + std::to_string(i) + " was not encrypted with this seed");
    }
    const Point mG = c.selections[i].beta - K * r;
    if (mG.is_identity()) {
      out.push_back(0);
    } else if (mG == Point::generator()) {
      out.push_back(1);
    } else {
      return Error("selection " + std::to_string(i) + " encrypts neither 0 nor 1");
    }
  }
  return out;
}

}  // namespace conclave
