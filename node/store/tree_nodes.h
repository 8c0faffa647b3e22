// Every perfect-subtree hash of a Merkle tree, in memory, so inclusion and
// consistency proofs are O(log n) lookups. 64 bytes per leaf in total.
// Not thread-safe: the owner serializes appends against reads.
#pragma once

#include <vector>

#include "crypto/compact_tree.h"
#include "crypto/merkle.h"

namespace conclave {

class TreeNodes {
 public:
  uint64_t size() const { return levels_.empty() ? 0 : levels_[0].size(); }

  // Appends a leaf; on_node sees each new perfect node (leaf first, then
  // completed parents), for persisting.
  void append(const Hash32& leaf_hash, const CompactTree::NodeFn& on_node = nullptr);
  // Drops leaves past size (used to undo an append whose write failed).
  void truncate(uint64_t size);

  // The perfect subtree (level, index), if it is complete within size().
  Result<Hash32> node(uint32_t level, uint64_t index) const;
  SubtreeHashFn fn() const {
    return [this](uint32_t l, uint64_t i) { return node(l, i); };
  }
  Hash32 root_at(uint64_t size) const;

 private:
  std::vector<std::vector<Hash32>> levels_;
};

}  // namespace conclave
