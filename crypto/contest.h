// An encrypted contest: the part of a ballot for one agenda item.
//
// One ciphertext per option, each with a [0, 1] range proof, plus a range
// proof that the homomorphic sum of all options lies in [min, max] (e.g.
// [0, 1] for approve/reject/abstain where blank is allowed, [0, seats] for an
// election). Nonces derive from the ballot seed (see derive_nonce), so
// revealing the seed (a Benaloh challenge) lets anyone recompute and check the
// encryption. Proof positions are "<item>/selection/<i>" and "<item>/sum",
// bound to the conference context and the voter's key.
#pragma once

#include <string>
#include <vector>

#include "crypto/range_proof.h"

namespace conclave {

struct EncryptedContest {
  std::vector<Ciphertext> selections;
  std::vector<RangeProof> selection_proofs;
  RangeProof sum_proof;
};

struct ContestRules {
  std::string item;  // item id, also part of every nonce and proof position
  uint32_t options;  // number of selections
  uint64_t min_sum;
  uint64_t max_sum;
};

// binding.position is ignored: each proof gets its own position.
// Fails if a choice is not 0/1, or the number of choices is out of rules.
Result<EncryptedContest> encrypt_contest(const Point& public_key, ByteView seed,
                                         const ContestRules& rules,
                                         const std::vector<uint64_t>& choices,
                                         const ProofBinding& binding);

Status verify_contest(const Point& public_key, const ContestRules& rules,
                      const EncryptedContest& contest, const ProofBinding& binding);

// Benaloh check: does contest encrypt exactly `choices` with nonces from seed?
bool contest_matches_seed(const Point& public_key, ByteView seed, const ContestRules& rules,
                          const EncryptedContest& contest, const std::vector<uint64_t>& choices);

// Recovers the choices from a spoiled contest: for each selection, the value
// v ∈ {0,1} with β = v·G + r·K. Fails if no value matches.
Result<std::vector<uint64_t>> contest_open_with_seed(const Point& public_key, ByteView seed,
                                                     const ContestRules& rules,
                                                     const EncryptedContest& contest);

}  // namespace conclave
