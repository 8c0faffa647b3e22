// CompactTree: an append-only RFC 9162 Merkle tree that remembers only its
// compact range, the roots of the perfect subtrees that make up its leaves
// (one per set bit of the size, at most 64 hashes), so a log can append and
// compute its root without rereading old entries.
//
// Appending leaf number `size` creates the leaf node (level 0) and one new
// perfect node per trailing one bit of `size`; an optional callback is told
// each of them, in creation order, so a store can persist every perfect node
// exactly once. Those nodes are what a SubtreeHashFn (merkle.h) serves, so a
// store fed by this callback can build any inclusion or consistency proof.
//
// Not thread-safe: callers serialise appends. Intentionally copyable (a copy
// is a cheap snapshot of the tree head).
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "crypto/result.h"
#include "crypto/sha.h"

namespace conclave {

class CompactTree {
 public:
  // Receives one perfect-subtree node: the hash of leaves
  // [index << level, (index + 1) << level).
  using NodeFn = std::function<void(uint32_t level, uint64_t index, const Hash32& hash)>;

  // The empty tree.
  CompactTree() = default;

  // Rebuilds a tree persisted as (size(), peaks()). Fails unless
  // peaks.size() == popcount(size). The peaks themselves cannot be checked
  // here: compare root() with a signed checkpoint to trust them.
  static Result<CompactTree> restore(uint64_t size, std::vector<Hash32> peaks);

  // Appends the leaf with hash `leaf_hash` (see merkle_leaf_hash) and reports
  // every perfect node this creates to `on_node` if it is set: first the leaf
  // itself at (0, old size), then each completed parent, bottom up. Throws
  // std::length_error if the tree already holds 2^64 - 1 leaves (a
  // programming error: no log gets there).
  void append(const Hash32& leaf_hash, const NodeFn& on_node = nullptr);

  // The RFC 9162 root of the current tree (merkle_empty_root() when empty).
  Hash32 root() const;

  // The number of leaves.
  uint64_t size() const { return size_; }

  // The perfect-subtree roots, leftmost (largest) first: peaks()[i] covers the
  // leaves of the i-th set bit of size(), counted from the most significant.
  const std::vector<Hash32>& peaks() const { return peaks_; }

 private:
  CompactTree(uint64_t size, std::vector<Hash32> peaks);

  uint64_t size_ = 0;
  std::vector<Hash32> peaks_;
};

}  // namespace conclave
