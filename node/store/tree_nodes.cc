#include "node/store/tree_nodes.h"

namespace conclave {

void TreeNodes::append(const Hash32& leaf_hash, const CompactTree::NodeFn& on_node) {
  if (levels_.empty()) levels_.emplace_back();
  uint64_t index = levels_[0].size();
  levels_[0].push_back(leaf_hash);
  if (on_node) on_node(0, index, leaf_hash);
  // A node at (level, index) completes its parent when index is odd.
  for (uint32_t level = 0; index % 2 == 1; ++level, index /= 2) {
    if (levels_.size() <= level + 1) levels_.emplace_back();
    const auto& row = levels_[level];
    Hash32 parent = merkle_node_hash(row[index - 1], row[index]);
    levels_[level + 1].push_back(parent);
    if (on_node) on_node(level + 1, index / 2, parent);
  }
}

void TreeNodes::truncate(uint64_t size) {
  for (uint32_t level = 0; level < levels_.size(); ++level) {
    const uint64_t keep = size >> level;
    if (levels_[level].size() > keep) levels_[level].resize(keep);
  }
}

Result<Hash32> TreeNodes::node(uint32_t level, uint64_t index) const {
  if (level >= levels_.size() || index >= levels_[level].size()) {
    return Error(ErrorCode::kNotFound, "tree node (" + std::to_string(level) + ", " +
                                           std::to_string(index) + ") is not complete");
  }
  return levels_[level][index];
}

Hash32 TreeNodes::root_at(uint64_t size) const {
  Result<Hash32> r = merkle_root_at(size, fn());
  return r ? *r : merkle_empty_root();
}

}  // namespace conclave
