// RFC 9162 Merkle trees (the tree of Certificate Transparency v2, and of every
// C2SP transparency log): hashing, roots, and inclusion and consistency proofs.
//
// Hashes are SHA-256 with domain separation: a leaf hash is
// SHA-256(0x00 || leaf), an interior node is SHA-256(0x01 || left || right),
// and the empty tree's root is SHA-256 of the empty string. The tree over n
// leaves splits at k, the largest power of two smaller than n (RFC 9162
// §2.1.1), so the left subtree is always perfect.
//
// Proofs are built without reading every leaf. The caller supplies a
// SubtreeHashFn that returns the hash of a *perfect* subtree, the one over
// leaves [index << level, (index + 1) << level): level 0 is a leaf hash. A
// log store persists exactly these nodes (see compact_tree.h), so a proof in a
// tree of n leaves costs O(log n) look-ups. Overloads over an in-memory list of
// leaf hashes are given for tests and small trees.
//
// Verification functions are pure and return a Status naming what failed
// (sizes out of range, the wrong number of proof hashes, or the calculated and
// expected roots in hex). They never throw on bad input.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "crypto/bytes.h"
#include "crypto/result.h"
#include "crypto/sha.h"

namespace conclave {

// SHA-256(0x00 || leaf): the hash of one log entry.
Hash32 merkle_leaf_hash(ByteView leaf);

// SHA-256(0x01 || left || right): the hash of an interior node.
Hash32 merkle_node_hash(const Hash32& left, const Hash32& right);

// SHA-256(""): the root of the tree with no leaves.
Hash32 merkle_empty_root();

// The root of the tree whose leaves have the given hashes (RFC 9162 MTH).
// O(n) time, O(log n) extra space.
Hash32 merkle_root(std::span<const Hash32> leaf_hashes);

// Returns the hash of the perfect subtree over leaves
// [index << level, (index + 1) << level), or an error (e.g. a missing node in
// the store), which the proof functions pass on unchanged. Callers only ask
// for subtrees that lie wholly inside the tree size they were given.
using SubtreeHashFn = std::function<Result<Hash32>(uint32_t level, uint64_t index)>;

// The root of the tree of the first `size` leaves, built from popcount(size)
// perfect subtree hashes. size == 0 gives merkle_empty_root() without calling
// `subtree`.
Result<Hash32> merkle_root_at(uint64_t size, const SubtreeHashFn& subtree);

// The RFC 9162 §2.1.3.1 inclusion proof (PATH) of leaf `index` in the tree of
// the first `size` leaves, ordered from the leaf's sibling up to the root's
// child. Fails if index >= size or if `subtree` fails.
Result<std::vector<Hash32>> merkle_inclusion_proof(uint64_t index, uint64_t size,
                                                   const SubtreeHashFn& subtree);

// The RFC 9162 §2.1.4.1 consistency proof (PROOF, built from SUBPROOF) that
// the tree of size1 leaves is a prefix of the tree of size2 leaves. size1 == 0
// or size1 == size2 gives the empty proof (note that merkle_verify_consistency
// accepts the empty proof only for size1 == size2). Fails if size1 > size2 or
// if `subtree` fails.
Result<std::vector<Hash32>> merkle_consistency_proof(uint64_t size1, uint64_t size2,
                                                     const SubtreeHashFn& subtree);

// In-memory overloads: the tree is exactly `leaf_hashes` (pass a prefix
// subspan for a smaller tree). The span must stay alive during the call only.
Result<std::vector<Hash32>> merkle_inclusion_proof(uint64_t index,
                                                   std::span<const Hash32> leaf_hashes);
Result<std::vector<Hash32>> merkle_consistency_proof(uint64_t size1,
                                                     std::span<const Hash32> leaf_hashes);

// Checks, per RFC 9162 §2.1.3.2, that `proof` proves the leaf with hash
// `leaf_hash` sits at `index` in the tree of `size` leaves whose root is
// `root`. Requires 0 <= index < size. Fails with a message for: index out of
// range, a proof with the wrong number of hashes for (index, size), or a
// calculated root that differs from `root`.
Status merkle_verify_inclusion(uint64_t index, uint64_t size, const Hash32& leaf_hash,
                               std::span<const Hash32> proof, const Hash32& root);

// The root that `proof` implies for the tree of `size` leaves containing
// `leaf_hash` at `index` (the inclusion check without the final comparison).
// Same failure modes as merkle_verify_inclusion except the root comparison.
Result<Hash32> merkle_root_from_inclusion_proof(uint64_t index, uint64_t size,
                                                const Hash32& leaf_hash,
                                                std::span<const Hash32> proof);

// Checks, per RFC 9162 §2.1.4.2, that the tree of size1 leaves with root
// `root1` is a prefix of the tree of size2 leaves with root `root2`. Rules:
//  - size1 > size2 fails;
//  - size1 == size2 needs the empty proof and root1 == root2 (and, for
//    size 0, both equal to merkle_empty_root());
//  - 0 == size1 < size2 fails: a proof from the empty tree proves nothing
//    (every tree extends it); a caller with no previous checkpoint should
//    simply trust-on-first-use the new root rather than call this;
//  - otherwise the proof must have exactly the length RFC 9162 prescribes
//    for (size1, size2), and must reproduce both roots.
// Messages name the sizes, the expected proof length, or the calculated and
// expected roots in hex.
Status merkle_verify_consistency(uint64_t size1, uint64_t size2, std::span<const Hash32> proof,
                                 const Hash32& root1, const Hash32& root2);

}  // namespace conclave
