#include "crypto/compact_tree.h"

#include <bit>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>

#include "crypto/merkle.h"

namespace conclave {

CompactTree::CompactTree(uint64_t size, std::vector<Hash32> peaks)
    : size_(size), peaks_(std::move(peaks)) {}

Result<CompactTree> CompactTree::restore(uint64_t size, std::vector<Hash32> peaks) {
  const size_t want = static_cast<size_t>(std::popcount(size));
  if (peaks.size() != want) {
    return Error("a compact tree of size " + std::to_string(size) + " has " + std::to_string(want) +
                 " peaks, got " + std::to_string(peaks.size()));
  }
  return CompactTree(size, std::move(peaks));
}

void CompactTree::append(const Hash32& leaf_hash, const NodeFn& on_node) {
  if (size_ == std::numeric_limits<uint64_t>::max()) {
    throw std::length_error("CompactTree is full");
  }
  uint64_t index = size_;
  if (on_node) on_node(0, index, leaf_hash);
  peaks_.push_back(leaf_hash);
  // Each trailing one bit of the old size is a peak of equal height that the
  // new node completes.
  const int merges = std::countr_one(size_);
  for (int level = 1; level <= merges; ++level) {
    Hash32 right = peaks_.back();
    peaks_.pop_back();
    peaks_.back() = merkle_node_hash(peaks_.back(), right);
    index >>= 1;
    if (on_node) on_node(static_cast<uint32_t>(level), index, peaks_.back());
  }
  ++size_;
}

Hash32 CompactTree::root() const {
  if (peaks_.empty()) return merkle_empty_root();
  Hash32 acc = peaks_.back();
  for (size_t i = peaks_.size() - 1; i-- > 0;) acc = merkle_node_hash(peaks_[i], acc);
  return acc;
}

}  // namespace conclave
