// The state machine: apply(state, entry) accepts an entry and advances the
// state, or rejects it with a typed Error and leaves the state untouched.
//
// Deterministic and free of I/O: the node runs it before appending, the
// client and the auditor replay it over a downloaded log. A log containing
// an entry that apply() rejects proves the node misbehaved.
#pragma once

#include "node/core/entry.h"
#include "node/core/state.h"

namespace conclave::core {

enum class ProofCheck {
  kVerify,  // check every zero-knowledge proof (submissions, audits)
  kTrust,   // the node replaying a log it verified itself when appending
};

struct ApplyOptions {
  ProofCheck proofs = ProofCheck::kVerify;
  size_t max_inline_body = 64 * 1024;
};

// Applies entry as the next entry of the log (index state.size).
Status apply(State& state, const ParsedEntry& entry, const ApplyOptions& options = {});

}  // namespace conclave::core
