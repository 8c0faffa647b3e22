// Disjunctive (Cramer–Damgård–Schoenmakers) proof that an exponential
// ElGamal ciphertext (α, β) under K encrypts some j ∈ [lo, hi], without
// saying which.
//
// For each candidate value j there is one branch (c_j, v_j). The prover knows
// r with α = r·G, β − j*·G = r·K for the true j*; it simulates every other
// branch with random (c_j, v_j), commits to the true one with u random
// (a = u·G, b = u·K), and sets c_{j*} = c − Σ_{j≠j*} c_j, v_{j*} = u − c_{j*}·r,
// where c = H_scalar("range", Q, author, position, K, α, β, lo, hi,
// a_lo, b_lo, …, a_hi, b_hi).
// Verification recomputes a_j = v_j·G + c_j·α, b_j = v_j·K + c_j·(β − j·G)
// and accepts iff Σ c_j equals that hash. Cost: 4 multiplications per branch.
//
// Selections use [0, 1]; the sum of a contest's selections uses
// [min, max] (e.g. [0, seats] for an election).
#pragma once

#include <vector>

#include "crypto/binding.h"
#include "crypto/elgamal.h"

namespace conclave {

struct RangeProof {
  std::vector<Scalar> challenges;  // one per j in [lo, hi]
  std::vector<Scalar> responses;
};

// Fails if value ∉ [lo, hi] or the range is empty or larger than kMaxRange.
Result<RangeProof> range_prove(const Point& public_key, const Ciphertext& ct, const Scalar& nonce,
                               uint64_t value, uint64_t lo, uint64_t hi,
                               const ProofBinding& binding);

Status range_verify(const Point& public_key, const Ciphertext& ct, uint64_t lo, uint64_t hi,
                    const RangeProof& proof, const ProofBinding& binding);

// Bound on hi − lo + 1: proofs grow linearly, and no agenda item needs more.
inline constexpr uint64_t kMaxRange = 1024;

}  // namespace conclave
