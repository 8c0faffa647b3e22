#include "crypto/merkle.h"

#include <algorithm>
#include <bit>
#include <string>
#include <utility>

namespace conclave {

namespace {

constexpr uint8_t kLeafPrefix = 0x00;
constexpr uint8_t kNodePrefix = 0x01;

std::string hex(const Hash32& h) {
  return hex_encode(view(h));
}

// The largest power of two strictly smaller than n; requires n >= 2.
uint64_t split_point(uint64_t n) {
  return uint64_t{1} << (std::bit_width(n - 1) - 1);
}

// The hash of the subtree over leaves [start, start + n), n >= 1, for a range
// that occurs in the RFC 9162 recursion: start is then a multiple of the
// smallest power of two >= n, so the range is a run of aligned perfect
// subtrees, one per set bit of n, largest first. The root folds them from the
// right, which is exactly the RFC's split at the largest power of two.
Result<Hash32> range_hash(uint64_t start, uint64_t n, const SubtreeHashFn& subtree) {
  Hash32 acc{};
  bool have = false;
  // Walk the peaks right to left (smallest first) so the fold needs no stack.
  uint64_t end = start + n;
  for (int level = 0; level < 64; ++level) {
    const uint64_t bit = uint64_t{1} << level;
    if ((n & bit) == 0) continue;
    end -= bit;
    Result<Hash32> peak = subtree(static_cast<uint32_t>(level), end >> level);
    if (!peak.ok()) return peak.error();
    acc = have ? merkle_node_hash(*peak, acc) : *peak;
    have = true;
  }
  return acc;
}

// A SubtreeHashFn over an in-memory list of leaf hashes.
SubtreeHashFn in_memory(std::span<const Hash32> leaves) {
  return [leaves](uint32_t level, uint64_t index) -> Result<Hash32> {
    if (level >= 64 || index >= (uint64_t{leaves.size()} >> level)) {
      return Error("subtree (level " + std::to_string(level) + ", index " + std::to_string(index) +
                   ") is outside a tree of " + std::to_string(leaves.size()) + " leaves");
    }
    const uint64_t width = uint64_t{1} << level;
    return merkle_root(leaves.subspan(index << level, width));
  };
}

// Lengths of the two parts of the inclusion proof of `index` in a tree of
// `size` leaves (RFC 9162 §2.1.3): `inner` hashes below the point where the
// paths to `index` and to the last leaf diverge, and `border` hashes above it
// (one per left sibling on the right border).
struct ProofShape {
  int inner;
  int border;
};
ProofShape inclusion_shape(uint64_t index, uint64_t size) {
  const int inner = std::bit_width(index ^ (size - 1));
  const int border = std::popcount(index >> inner);
  return {inner, border};
}

// Right-shifts fn and sn together until fn's low bit is set or fn is zero
// (RFC 9162 §2.1.3.2 step 4.b.ii).
void shift_to_odd_or_zero(uint64_t& fn, uint64_t& sn) {
  while ((fn & 1) == 0 && fn != 0) {
    fn >>= 1;
    sn >>= 1;
  }
}

}  // namespace

Hash32 merkle_leaf_hash(ByteView leaf) {
  Bytes buf;
  buf.reserve(leaf.size() + 1);
  buf.push_back(kLeafPrefix);
  buf.insert(buf.end(), leaf.begin(), leaf.end());
  return sha256(buf);
}

Hash32 merkle_node_hash(const Hash32& left, const Hash32& right) {
  std::array<uint8_t, 65> buf;
  buf[0] = kNodePrefix;
  std::copy(left.begin(), left.end(), buf.begin() + 1);
  std::copy(right.begin(), right.end(), buf.begin() + 33);
  return sha256(view(buf));
}

Hash32 merkle_empty_root() {
  return sha256({});
}

Hash32 merkle_root(std::span<const Hash32> leaf_hashes) {
  if (leaf_hashes.empty()) return merkle_empty_root();
  // Perfect-subtree roots, largest (leftmost) first: the compact range.
  std::vector<Hash32> stack;
  stack.reserve(64);
  for (uint64_t i = 0; i < leaf_hashes.size(); ++i) {
    stack.push_back(leaf_hashes[i]);
    // Leaf i completes one perfect subtree per trailing one bit of i.
    for (uint64_t merges = std::countr_one(i); merges > 0; --merges) {
      Hash32 right = stack.back();
      stack.pop_back();
      stack.back() = merkle_node_hash(stack.back(), right);
    }
  }
  Hash32 acc = stack.back();
  for (size_t i = stack.size() - 1; i-- > 0;) acc = merkle_node_hash(stack[i], acc);
  return acc;
}

Result<Hash32> merkle_root_at(uint64_t size, const SubtreeHashFn& subtree) {
  if (size == 0) return merkle_empty_root();
  return range_hash(0, size, subtree);
}

Result<std::vector<Hash32>> merkle_inclusion_proof(uint64_t index, uint64_t size,
                                                   const SubtreeHashFn& subtree) {
  if (index >= size) {
    return Error("index " + std::to_string(index) + " out of range for tree size " +
                 std::to_string(size));
  }
  // PATH(m, D[start:start+n]), unrolled from the root down; the proof lists
  // the same hashes from the bottom up.
  std::vector<Hash32> proof;
  uint64_t start = 0, n = size, m = index;
  while (n > 1) {
    const uint64_t k = split_point(n);
    Result<Hash32> sibling =
        m < k ? range_hash(start + k, n - k, subtree) : range_hash(start, k, subtree);
    if (!sibling.ok()) return sibling.error();
    proof.push_back(*sibling);
    if (m < k) {
      n = k;
    } else {
      start += k;
      m -= k;
      n -= k;
    }
  }
  std::reverse(proof.begin(), proof.end());
  return proof;
}

Result<std::vector<Hash32>> merkle_consistency_proof(uint64_t size1, uint64_t size2,
                                                     const SubtreeHashFn& subtree) {
  if (size1 > size2) {
    return Error("size1 " + std::to_string(size1) + " is greater than size2 " +
                 std::to_string(size2));
  }
  std::vector<Hash32> proof;
  if (size1 == 0 || size1 == size2) return proof;
  // SUBPROOF(m, D[start:start+n], b), unrolled from the root down.
  uint64_t start = 0, n = size2, m = size1;
  bool whole = true;  // b: the old tree is the whole subtree D[start:start+m]
  while (true) {
    if (m == n) {
      if (!whole) {
        Result<Hash32> h = range_hash(start, n, subtree);
        if (!h.ok()) return h.error();
        proof.push_back(*h);
      }
      break;
    }
    const uint64_t k = split_point(n);
    Result<Hash32> h =
        m <= k ? range_hash(start + k, n - k, subtree) : range_hash(start, k, subtree);
    if (!h.ok()) return h.error();
    proof.push_back(*h);
    if (m <= k) {
      n = k;
    } else {
      start += k;
      m -= k;
      n -= k;
      whole = false;
    }
  }
  std::reverse(proof.begin(), proof.end());
  return proof;
}

Result<std::vector<Hash32>> merkle_inclusion_proof(uint64_t index,
                                                   std::span<const Hash32> leaf_hashes) {
  return merkle_inclusion_proof(index, leaf_hashes.size(), in_memory(leaf_hashes));
}

Result<std::vector<Hash32>> merkle_consistency_proof(uint64_t size1,
                                                     std::span<const Hash32> leaf_hashes) {
  return merkle_consistency_proof(size1, leaf_hashes.size(), in_memory(leaf_hashes));
}

Result<Hash32> merkle_root_from_inclusion_proof(uint64_t index, uint64_t size,
                                                const Hash32& leaf_hash,
                                                std::span<const Hash32> proof) {
  if (index >= size) {
    return Error("index " + std::to_string(index) + " out of range for tree size " +
                 std::to_string(size));
  }
  const ProofShape shape = inclusion_shape(index, size);
  const size_t want = static_cast<size_t>(shape.inner + shape.border);
  if (proof.size() != want) {
    return Error("inclusion proof has " + std::to_string(proof.size()) + " hashes, want " +
                 std::to_string(want) + " for index " + std::to_string(index) + " in tree size " +
                 std::to_string(size));
  }
  // RFC 9162 §2.1.3.2.
  uint64_t fn = index;
  uint64_t sn = size - 1;
  Hash32 r = leaf_hash;
  for (const Hash32& p : proof) {
    if (sn == 0) return Error("inclusion proof is too long");
    if ((fn & 1) != 0 || fn == sn) {
      r = merkle_node_hash(p, r);
      if ((fn & 1) == 0) shift_to_odd_or_zero(fn, sn);
    } else {
      r = merkle_node_hash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) return Error("inclusion proof is too short");
  return r;
}

Status merkle_verify_inclusion(uint64_t index, uint64_t size, const Hash32& leaf_hash,
                               std::span<const Hash32> proof, const Hash32& root) {
  Result<Hash32> calculated = merkle_root_from_inclusion_proof(index, size, leaf_hash, proof);
  if (!calculated.ok()) return calculated.error();
  if (*calculated != root) {
    return Error("calculated root " + hex(*calculated) + " does not match expected root " +
                 hex(root));
  }
  return Status::Ok();
}

Status merkle_verify_consistency(uint64_t size1, uint64_t size2, std::span<const Hash32> proof,
                                 const Hash32& root1, const Hash32& root2) {
  if (size1 > size2) {
    return Error("size1 " + std::to_string(size1) + " is greater than size2 " +
                 std::to_string(size2));
  }
  if (size1 == size2) {
    if (!proof.empty()) {
      return Error("sizes are equal (" + std::to_string(size1) + ") but the proof has " +
                   std::to_string(proof.size()) + " hashes, want 0");
    }
    if (root1 != root2) {
      return Error("roots differ for equal sizes " + std::to_string(size1) + ": " + hex(root1) +
                   " != " + hex(root2));
    }
    if (size1 == 0 && root1 != merkle_empty_root()) {
      return Error("root " + hex(root1) + " is not the empty tree's root " +
                   hex(merkle_empty_root()));
    }
    return Status::Ok();
  }
  if (size1 == 0) {
    return Error("a consistency proof from the empty tree proves nothing (size2 " +
                 std::to_string(size2) + ")");
  }
  if (proof.empty()) {
    return Error("empty consistency proof for sizes " + std::to_string(size1) + " < " +
                 std::to_string(size2));
  }

  // The expected length: the inclusion proof of leaf size1-1 in size2, minus
  // the levels below the largest perfect subtree ending at size1 (which is a
  // single node), plus that node itself unless it is the whole old tree.
  const ProofShape shape = inclusion_shape(size1 - 1, size2);
  const int shift = std::countr_zero(size1);
  const bool old_is_perfect = size1 == (uint64_t{1} << shift);
  const size_t want =
      static_cast<size_t>((old_is_perfect ? 0 : 1) + shape.inner - shift + shape.border);
  if (proof.size() != want) {
    return Error("consistency proof has " + std::to_string(proof.size()) + " hashes, want " +
                 std::to_string(want) + " for sizes " + std::to_string(size1) + " < " +
                 std::to_string(size2));
  }

  // RFC 9162 §2.1.4.2; when size1 is a power of two, root1 is the implicit
  // first element of the path.
  size_t next = 0;
  const Hash32 seed = old_is_perfect ? root1 : proof[next++];
  uint64_t fn = size1 - 1;
  uint64_t sn = size2 - 1;
  while ((fn & 1) != 0) {
    fn >>= 1;
    sn >>= 1;
  }
  Hash32 fr = seed;
  Hash32 sr = seed;
  for (; next < proof.size(); ++next) {
    const Hash32& c = proof[next];
    if (sn == 0) return Error("consistency proof is too long");
    if ((fn & 1) != 0 || fn == sn) {
      fr = merkle_node_hash(c, fr);
      sr = merkle_node_hash(c, sr);
      if ((fn & 1) == 0) shift_to_odd_or_zero(fn, sn);
    } else {
      sr = merkle_node_hash(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) return Error("consistency proof is too short");
  if (fr != root1) {
    return Error("calculated root1 " + hex(fr) + " does not match expected root1 " + hex(root1));
  }
  if (sr != root2) {
    return Error("calculated root2 " + hex(sr) + " does not match expected root2 " + hex(root2));
  }
  return Status::Ok();
}

}  // namespace conclave
