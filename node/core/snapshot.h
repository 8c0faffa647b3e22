// Saving and restoring the state machine (proto/snapshot.proto), so a node
// restarts without replaying its whole log.
//
// A snapshot is a cache, never evidence: it is node-local and unsigned, it
// records the Merkle root of the log it was taken from, and the node uses it
// only when that root matches its verified log; anything else makes the node
// rebuild the state from the entries. Decoding still checks every element,
// so damaged bytes give an Error, never a crash or a half-built State.
#pragma once

#include <string>
#include <string_view>

#include "node/core/state.h"

namespace conclave::core {

// Bumped whenever State or its encoding changes; older snapshots are ignored.
inline constexpr uint32_t kSnapshotFormat = 1;

// Deterministic: equal states give equal bytes.
std::string encode_state(const State& s);
Result<State> decode_state(std::string_view bytes);

struct RestoredSnapshot {
  State state;  // state.size entries applied
  Hash32 root;  // the log's root at state.size when the snapshot was taken
};

// A SnapshotRecord: format, size, root, SHA-256 of the state and the state.
std::string seal_snapshot(const State& s, const Hash32& root);
Result<RestoredSnapshot> open_snapshot(std::string_view record);

}  // namespace conclave::core
