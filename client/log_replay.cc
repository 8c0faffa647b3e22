#include "client/log_replay.h"

#include "crypto/merkle.h"

namespace conclave::client {

Result<core::State> replay_leaves(const std::string& origin, const std::vector<std::string>& leaves,
                                  core::ProofCheck proofs) {
  core::State state;
  state.origin = origin;
  for (size_t i = 0; i < leaves.size(); ++i) {
    Result<core::ParsedEntry> e = core::parse_entry(as_bytes(leaves[i]));
    if (!e) return Error("log entry " + std::to_string(i) + ": " + e.error().message());
    if (Status s = core::apply(state, *e, {.proofs = proofs}); !s) {
      return Error("log entry " + std::to_string(i) + " breaks the rules: " + s.error().message());
    }
  }
  return state;
}

Result<ReplayedLog> replay_log(NodeClient& node, core::ProofCheck proofs) {
  ReplayedLog out;
  Result<SignedCheckpoint> cp = fetch_checkpoint(node);
  if (!cp) return cp.error();
  out.checkpoint = std::move(*cp);
  const uint64_t size = out.checkpoint.checkpoint.size;

  std::vector<std::string> leaves;
  std::vector<Hash32> hashes;
  leaves.reserve(size);
  constexpr uint64_t kChunk = 50000;
  for (uint64_t start = 0; start < size; start += kChunk) {
    Result<uint64_t> got = node.get_entries(
        start, std::min(size, start + kChunk), [&](const v1::LogEntry& e) -> Status {
          leaves.push_back(e.leaf());
          hashes.push_back(merkle_leaf_hash(as_bytes(e.leaf())));
          return Status::Ok();
        });
    if (!got) return got.error();
  }
  if (leaves.size() != size) {
    return Error("the node served " + std::to_string(leaves.size()) + " entries for a log of " +
                 std::to_string(size));
  }
  if (merkle_root(hashes) != out.checkpoint.checkpoint.root) {
    return Error("the entries the node served do not hash to its signed checkpoint");
  }
  Result<core::State> state = replay_leaves(out.checkpoint.checkpoint.origin, leaves, proofs);
  if (!state) return state.error();
  out.state = std::move(*state);
  Result<NoteVerifier> v = NoteVerifier::from_key_string(out.checkpoint.verifier_key);
  if (!v || out.state.node_key != v->public_key()) {
    return Error("the log's genesis names a node key other than the one signing its checkpoints");
  }
  for (const std::string& leaf : leaves) {
    v1::SignedEntry e;
    e.ParseFromString(leaf);
    out.entries.push_back(std::move(e));
  }
  return out;
}

}  // namespace conclave::client
