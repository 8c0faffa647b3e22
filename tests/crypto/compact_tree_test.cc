// CompactTree: roots for every size, persistence, and the node callback as
// the feed of a proof store.
#include "crypto/compact_tree.h"

#include <gtest/gtest.h>

#include <bit>
#include <map>
#include <random>
#include <utility>
#include <vector>

#include "crypto/merkle.h"

namespace conclave {
namespace {

std::vector<Hash32> random_leaves(size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<Hash32> out(n);
  for (Hash32& h : out) {
    for (uint8_t& b : h) b = static_cast<uint8_t>(rng());
  }
  return out;
}

using NodeKey = std::pair<uint32_t, uint64_t>;

TEST(CompactTree, EmptyTree) {
  CompactTree tree;
  EXPECT_EQ(tree.size(), 0u);
  EXPECT_TRUE(tree.peaks().empty());
  EXPECT_EQ(tree.root(), merkle_empty_root());
}

TEST(CompactTree, RootMatchesMerkleRootAtEverySize) {
  const std::vector<Hash32> leaves = random_leaves(300, 3);
  CompactTree tree;
  for (size_t n = 0; n < leaves.size(); ++n) {
    tree.append(leaves[n]);
    ASSERT_EQ(tree.size(), n + 1);
    ASSERT_EQ(tree.peaks().size(), static_cast<size_t>(std::popcount(n + 1)));
    ASSERT_EQ(tree.root(), merkle_root(std::span<const Hash32>(leaves).first(n + 1)))
        << "size " << n + 1;
  }
}

TEST(CompactTree, PeaksArePerfectSubtreeRoots) {
  const std::vector<Hash32> leaves = random_leaves(45, 4);  // 45 = 32 + 8 + 4 + 1
  CompactTree tree;
  for (const Hash32& h : leaves) tree.append(h);
  std::span<const Hash32> all(leaves);
  ASSERT_EQ(tree.peaks().size(), 4u);
  EXPECT_EQ(tree.peaks()[0], merkle_root(all.subspan(0, 32)));
  EXPECT_EQ(tree.peaks()[1], merkle_root(all.subspan(32, 8)));
  EXPECT_EQ(tree.peaks()[2], merkle_root(all.subspan(40, 4)));
  EXPECT_EQ(tree.peaks()[3], leaves[44]);
}

TEST(CompactTree, RestoreRoundTrip) {
  const std::vector<Hash32> leaves = random_leaves(130, 5);
  CompactTree tree;
  for (size_t n = 0; n <= leaves.size(); ++n) {
    Result<CompactTree> restored = CompactTree::restore(tree.size(), tree.peaks());
    ASSERT_TRUE(restored.ok()) << restored.error().message();
    EXPECT_EQ(restored->size(), tree.size());
    EXPECT_EQ(restored->root(), tree.root());
    // The restored tree keeps growing exactly like the original.
    CompactTree a = tree, b = *restored;
    for (size_t k = n; k < std::min(leaves.size(), n + 5); ++k) {
      a.append(leaves[k]);
      b.append(leaves[k]);
    }
    EXPECT_EQ(a.root(), b.root());
    EXPECT_EQ(a.peaks(), b.peaks());
    if (n < leaves.size()) tree.append(leaves[n]);
  }
}

TEST(CompactTree, RestoreRejectsWrongPeakCount) {
  const Hash32 h = random_leaves(1, 6)[0];
  EXPECT_FALSE(CompactTree::restore(0, {h}).ok());
  EXPECT_FALSE(CompactTree::restore(3, {h}).ok());
  EXPECT_FALSE(CompactTree::restore(4, {h, h}).ok());
  EXPECT_TRUE(CompactTree::restore(0, {}).ok());
  EXPECT_TRUE(CompactTree::restore(4, {h}).ok());
  Result<CompactTree> bad = CompactTree::restore(7, {h});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message(), "a compact tree of size 7 has 3 peaks, got 1");
  EXPECT_TRUE(CompactTree::restore(~uint64_t{0}, std::vector<Hash32>(64, h)).ok());
}

TEST(CompactTree, CallbackReportsEveryPerfectNodeOnce) {
  const size_t n = 300;
  const std::vector<Hash32> leaves = random_leaves(n, 8);
  std::map<NodeKey, Hash32> store;
  size_t reports = 0;
  CompactTree tree;
  for (size_t i = 0; i < n; ++i) {
    std::vector<NodeKey> order;
    tree.append(leaves[i], [&](uint32_t level, uint64_t index, const Hash32& hash) {
      ++reports;
      order.emplace_back(level, index);
      EXPECT_TRUE(store.emplace(NodeKey{level, index}, hash).second)
          << "node (" << level << ", " << index << ") reported twice";
    });
    // The leaf first, then its completed ancestors bottom up.
    ASSERT_FALSE(order.empty());
    EXPECT_EQ(order[0], (NodeKey{0, i}));
    for (size_t k = 1; k < order.size(); ++k) {
      EXPECT_EQ(order[k], (NodeKey{static_cast<uint32_t>(k), i >> k}));
    }
  }
  // Exactly the perfect subtrees inside [0, n), each with the right hash.
  size_t expected = 0;
  std::span<const Hash32> all(leaves);
  for (uint32_t level = 0; (uint64_t{1} << level) <= n; ++level) {
    for (uint64_t index = 0; index < (n >> level); ++index) {
      ++expected;
      auto it = store.find({level, index});
      ASSERT_NE(it, store.end()) << "missing (" << level << ", " << index << ")";
      EXPECT_EQ(it->second, merkle_root(all.subspan(index << level, size_t{1} << level)));
    }
  }
  EXPECT_EQ(reports, expected);
  EXPECT_EQ(store.size(), expected);
}

// The store fed by the callback serves every proof, identical to the
// in-memory proofs, at every size of the growing log.
TEST(CompactTree, StoreServesProofs) {
  const size_t n = 150;
  const std::vector<Hash32> leaves = random_leaves(n, 9);
  std::map<NodeKey, Hash32> store;
  SubtreeHashFn from_store = [&store](uint32_t level, uint64_t index) -> Result<Hash32> {
    auto it = store.find({level, index});
    if (it == store.end()) return Error("node not stored");
    return it->second;
  };
  CompactTree tree;
  std::vector<Hash32> roots{tree.root()};
  std::mt19937_64 rng(10);
  for (size_t i = 0; i < n; ++i) {
    tree.append(leaves[i], [&](uint32_t level, uint64_t index, const Hash32& hash) {
      store[{level, index}] = hash;
    });
    roots.push_back(tree.root());
    const uint64_t size = tree.size();
    std::span<const Hash32> prefix = std::span<const Hash32>(leaves).first(size);
    Result<Hash32> root = merkle_root_at(size, from_store);
    ASSERT_TRUE(root.ok());
    ASSERT_EQ(*root, tree.root());
    for (int k = 0; k < 4; ++k) {
      const uint64_t index = rng() % size;
      Result<std::vector<Hash32>> proof = merkle_inclusion_proof(index, size, from_store);
      ASSERT_TRUE(proof.ok()) << proof.error().message();
      ASSERT_EQ(*proof, *merkle_inclusion_proof(index, prefix));
      ASSERT_TRUE(merkle_verify_inclusion(index, size, leaves[index], *proof, tree.root()).ok());

      const uint64_t old_size = 1 + rng() % size;
      Result<std::vector<Hash32>> cproof = merkle_consistency_proof(old_size, size, from_store);
      ASSERT_TRUE(cproof.ok()) << cproof.error().message();
      ASSERT_EQ(*cproof, *merkle_consistency_proof(old_size, prefix));
      ASSERT_TRUE(
          merkle_verify_consistency(old_size, size, *cproof, roots[old_size], tree.root()).ok());
    }
  }
}

}  // namespace
}  // namespace conclave
