// The client's own copy of a unit's state: download the whole log, check it
// against the node's signed checkpoint (every entry is hashed into the tree
// and the root must match), and replay it through the same state machine
// the node runs. Nothing the node says about the state is believed.
#pragma once

#include <string>
#include <vector>

#include "client/node_checkpoint.h"
#include "node/core/apply.h"

namespace conclave::client {

struct ReplayedLog {
  core::State state;
  SignedCheckpoint checkpoint;
  std::vector<v1::SignedEntry> entries;
};

// proofs = kVerify re-verifies every ballot, share and commitment (what a
// trustee or an auditor does); kTrust skips the zero-knowledge proofs but
// still checks signatures, the tree and every state rule.
Result<ReplayedLog> replay_log(NodeClient& node,
                               core::ProofCheck proofs = core::ProofCheck::kTrust);

// Replays already-downloaded leaves (for the auditor and for tests).
Result<core::State> replay_leaves(const std::string& origin, const std::vector<std::string>& leaves,
                                  core::ProofCheck proofs);

}  // namespace conclave::client
