// Ballot proof checks, separable from apply(): the joint key, context hash
// and contest rules of an item never change once the key ceremony is done,
// so the node verifies a ballot's proofs on the submitting thread (in
// parallel) and the single committer only checks the cheap state rules.
#pragma once

#include "node/core/state.h"

namespace conclave::core {

struct BallotCheck {
  Point joint_key;
  ProofBinding binding;  // context Q and the voter's key
  std::vector<ContestRules> contests;
};

Result<BallotCheck> ballot_check_context(const State& s, const v1::Ballot& b,
                                         const PublicKey& voter);
// Decodes and verifies every contest of the ballot.
Result<std::vector<EncryptedContest>> verify_ballot(const BallotCheck& check, const v1::Ballot& b,
                                                    bool verify_proofs = true);

}  // namespace conclave::core
