// Receipts (client/receipt.h): a well-formed receipt verifies; tampering
// with any field, the checkpoint, the proof or the JSON is refused; and the
// consistency and leaf checks against a (fake) later state of the log.
#include "client/receipt.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "crypto/bytes.h"
#include "crypto/checkpoint.h"
#include "crypto/merkle.h"
#include "crypto/note.h"
#include "node/core/entry.h"

namespace conclave::client {
namespace {

using json = nlohmann::ordered_json;

constexpr char kOrigin[] = "example.org/log";

// A log of `n` made-up leaves signed by one NoteSigner.
class FakeLog {
 public:
  explicit FakeLog(size_t n, std::string_view name = kOrigin)
      : signer_(std::move(*NoteSigner::generate(name))) {
    for (size_t i = 0; i < n; ++i) {
      leaves_.push_back("leaf " + std::to_string(i));
      hashes_.push_back(merkle_leaf_hash(as_bytes(leaves_.back())));
    }
  }

  const NoteSigner& signer() const { return signer_; }
  const std::string& leaf(size_t i) const { return leaves_[i]; }
  const Hash32& leaf_hash(size_t i) const { return hashes_[i]; }
  std::span<const Hash32> prefix(uint64_t size) const { return {hashes_.data(), size}; }

  Checkpoint checkpoint(uint64_t size, std::string origin = kOrigin) const {
    return Checkpoint{std::move(origin), size, merkle_root(prefix(size)), {}};
  }

  // The signed note of `cp` under `signer` (default: this log's key).
  static std::string sign(const Checkpoint& cp, const NoteSigner& signer) {
    Note note;
    note.text = format_checkpoint_text(cp);
    note.sigs.push_back(*signer.sign(note.text));
    return format_note(note);
  }
  std::string signed_checkpoint(uint64_t size) const { return sign(checkpoint(size), signer_); }

  ReceiptFile receipt(uint64_t index, uint64_t size) const {
    ReceiptFile r;
    r.receipt.set_origin(kOrigin);
    r.receipt.set_index(index);
    r.receipt.set_leaf_hash(to_string(view(hashes_[index])));
    r.receipt.set_tree_size(size);
    r.receipt.set_checkpoint(signed_checkpoint(size));
    Result<std::vector<Hash32>> proof = merkle_inclusion_proof(index, prefix(size));
    for (const Hash32& h : *proof) r.receipt.add_inclusion_proof(to_string(view(h)));
    r.verifier_key = signer_.verifier_key_string();
    return r;
  }

  std::vector<Hash32> consistency(uint64_t from, uint64_t to) const {
    return *merkle_consistency_proof(from, prefix(to));
  }

 private:
  NoteSigner signer_;
  std::vector<std::string> leaves_;
  std::vector<Hash32> hashes_;
};

std::string flip_byte(std::string s, size_t at = 0) {
  s[at] = static_cast<char>(s[at] ^ 0x01);
  return s;
}

std::string receipt_text(const ReceiptFile& r) {
  return receipt_to_json(r).dump();
}

// ------------------------------------------------------------ valid ones --

TEST(Receipt, EveryIndexOfSeveralSizesVerifies) {
  FakeLog log(9);
  for (uint64_t size = 1; size <= 9; ++size) {
    for (uint64_t index = 0; index < size; ++index) {
      Status s = verify_receipt_offline(log.receipt(index, size));
      EXPECT_TRUE(s.ok()) << "index " << index << " size " << size << ": " << s.error().message();
    }
  }
}

TEST(Receipt, CheckpointCheckReturnsTheSignedCheckpoint) {
  FakeLog log(5);
  Result<Checkpoint> cp = verify_receipt_checkpoint(log.receipt(2, 5));
  ASSERT_TRUE(cp.ok()) << cp.error().message();
  EXPECT_EQ(*cp, log.checkpoint(5));
}

TEST(Receipt, JsonRoundTrip) {
  FakeLog log(7);
  ReceiptFile r = log.receipt(3, 7);
  json j = receipt_to_json(r);
  EXPECT_EQ(j.at("origin"), kOrigin);
  EXPECT_EQ(j.at("index"), 3u);
  EXPECT_EQ(j.at("tree_size"), 7u);
  EXPECT_EQ(j.at("tracking_code"), core::tracking_code(log.leaf_hash(3)));
  EXPECT_EQ(j.at("leaf_hash"), base64_encode(view(log.leaf_hash(3))));
  EXPECT_EQ(j.at("verifier_key"), log.signer().verifier_key_string());
  EXPECT_EQ(j.at("inclusion_proof").size(), 3u);

  Result<ReceiptFile> back = receipt_from_json(j.dump(2));
  ASSERT_TRUE(back.ok()) << back.error().message();
  EXPECT_EQ(back->receipt.SerializeAsString(), r.receipt.SerializeAsString());
  EXPECT_EQ(back->verifier_key, r.verifier_key);
  EXPECT_TRUE(verify_receipt_offline(*back).ok());
}

TEST(Receipt, UnknownJsonFieldsAreIgnored) {
  FakeLog log(3);
  json j = receipt_to_json(log.receipt(1, 3));
  j["note"] = "kept by the voter";
  EXPECT_TRUE(receipt_from_json(j.dump()).ok());
}

// ------------------------------------------------ tampering with fields --

TEST(ReceiptTamper, Origin) {
  FakeLog log(4);
  ReceiptFile r = log.receipt(1, 4);
  r.receipt.set_origin("example.org/other");
  EXPECT_FALSE(verify_receipt_offline(r).ok());
  EXPECT_FALSE(verify_receipt_offline(*receipt_from_json(receipt_text(r))).ok());
}

TEST(ReceiptTamper, Index) {
  FakeLog log(6);
  ReceiptFile good = log.receipt(2, 6);
  for (uint64_t index : {0ull, 1ull, 3ull, 5ull, 6ull, 100ull, ~0ull}) {
    ReceiptFile r = good;
    r.receipt.set_index(index);
    EXPECT_FALSE(verify_receipt_offline(r).ok()) << index;
  }
}

TEST(ReceiptTamper, LeafHash) {
  FakeLog log(6);
  ReceiptFile r = log.receipt(4, 6);
  r.receipt.set_leaf_hash(to_string(view(log.leaf_hash(3))));
  EXPECT_FALSE(verify_receipt_offline(r).ok());
  r.receipt.set_leaf_hash(flip_byte(to_string(view(log.leaf_hash(4))), 31));
  EXPECT_FALSE(verify_receipt_offline(r).ok());
  r.receipt.set_leaf_hash(std::string(31, 'x'));
  EXPECT_FALSE(verify_receipt_offline(r).ok());
}

TEST(ReceiptTamper, TreeSize) {
  FakeLog log(8);
  ReceiptFile good = log.receipt(2, 6);
  for (uint64_t size : {0ull, 3ull, 5ull, 7ull, 8ull}) {
    ReceiptFile r = good;
    r.receipt.set_tree_size(size);
    EXPECT_FALSE(verify_receipt_offline(r).ok()) << size;
  }
}

TEST(ReceiptTamper, CheckpointText) {
  FakeLog log(5);
  ReceiptFile good = log.receipt(1, 5);
  const std::string note = good.receipt.checkpoint();
  // Every byte of the text part (before the blank line), one at a time.
  const size_t text_end = note.find("\n\n");
  ASSERT_NE(text_end, std::string::npos);
  for (size_t i = 0; i < text_end; ++i) {
    ReceiptFile r = good;
    r.receipt.set_checkpoint(flip_byte(note, i));
    EXPECT_FALSE(verify_receipt_offline(r).ok()) << "byte " << i;
  }
  // The signature line.
  ReceiptFile r = good;
  r.receipt.set_checkpoint(flip_byte(note, note.size() - 5));
  EXPECT_FALSE(verify_receipt_offline(r).ok());
  r.receipt.set_checkpoint("");
  EXPECT_FALSE(verify_receipt_offline(r).ok());
  r.receipt.set_checkpoint(format_checkpoint_text(log.checkpoint(5)));  // unsigned
  EXPECT_FALSE(verify_receipt_offline(r).ok());
}

TEST(ReceiptTamper, CheckpointOfAnotherSizeOrRoot) {
  FakeLog log(6);
  ReceiptFile r = log.receipt(1, 5);
  r.receipt.set_checkpoint(log.signed_checkpoint(6));  // validly signed, wrong size
  EXPECT_FALSE(verify_receipt_offline(r).ok());

  // A validly signed checkpoint of size 5 with a different root.
  Checkpoint forged = log.checkpoint(5);
  forged.root[0] ^= 1;
  r = log.receipt(1, 5);
  r.receipt.set_checkpoint(FakeLog::sign(forged, log.signer()));
  EXPECT_TRUE(verify_receipt_checkpoint(r).ok());
  EXPECT_FALSE(verify_receipt_offline(r).ok());
}

TEST(ReceiptTamper, CheckpointSignedByAnotherKey) {
  FakeLog log(4);
  FakeLog impostor(4);  // same origin name, different key
  ReceiptFile r = log.receipt(2, 4);
  r.receipt.set_checkpoint(impostor.signed_checkpoint(4));
  EXPECT_FALSE(verify_receipt_offline(r).ok());
  // With the impostor's key in the receipt the receipt is self-consistent:
  // offline checks cannot tell whose log it is. `receipt verify` catches it
  // by requiring the node's key to equal the receipt's.
  r.verifier_key = impostor.signer().verifier_key_string();
  EXPECT_TRUE(verify_receipt_offline(r).ok());
}

TEST(ReceiptTamper, VerifierKey) {
  FakeLog log(4);
  FakeLog other(4);
  ReceiptFile good = log.receipt(0, 4);

  ReceiptFile r = good;
  r.verifier_key = other.signer().verifier_key_string();
  EXPECT_FALSE(verify_receipt_offline(r).ok());
  r.verifier_key = "";
  EXPECT_FALSE(verify_receipt_offline(r).ok());
  r.verifier_key = "not a key";
  EXPECT_FALSE(verify_receipt_offline(r).ok());
  r.verifier_key = flip_byte(good.verifier_key, good.verifier_key.size() - 3);
  EXPECT_FALSE(verify_receipt_offline(r).ok());
}

TEST(ReceiptTamper, KeyNamedDifferentlyFromOrigin) {
  // A log whose key name is not its origin: the checkpoint must be refused.
  FakeLog log(3, "example.org/key");
  ReceiptFile r = log.receipt(1, 3);  // checkpoint origin kOrigin, key name differs
  EXPECT_FALSE(verify_receipt_checkpoint(r).ok());
}

TEST(ReceiptTamper, InclusionProof) {
  FakeLog log(11);
  ReceiptFile good = log.receipt(6, 11);
  ASSERT_GE(good.receipt.inclusion_proof_size(), 2);
  for (int i = 0; i < good.receipt.inclusion_proof_size(); ++i) {
    ReceiptFile r = good;
    r.receipt.set_inclusion_proof(i, flip_byte(r.receipt.inclusion_proof(i), 7));
    EXPECT_FALSE(verify_receipt_offline(r).ok()) << "hash " << i;
  }
  ReceiptFile r = good;
  r.receipt.mutable_inclusion_proof()->RemoveLast();
  EXPECT_FALSE(verify_receipt_offline(r).ok());
  r = good;
  r.receipt.add_inclusion_proof(std::string(32, '\0'));
  EXPECT_FALSE(verify_receipt_offline(r).ok());
  r = good;
  r.receipt.clear_inclusion_proof();
  EXPECT_FALSE(verify_receipt_offline(r).ok());
  r = good;
  r.receipt.mutable_inclusion_proof()->SwapElements(0, 1);
  EXPECT_FALSE(verify_receipt_offline(r).ok());
  r = good;
  r.receipt.set_inclusion_proof(0, "short");
  EXPECT_FALSE(verify_receipt_offline(r).ok());
}

// ------------------------------------------------- tampering with JSON --

TEST(ReceiptJson, TrackingCodeMustMatchTheLeafHash) {
  FakeLog log(3);
  json j = receipt_to_json(log.receipt(1, 3));
  j["tracking_code"] = core::tracking_code(log.leaf_hash(2));
  EXPECT_FALSE(receipt_from_json(j.dump()).ok());
  j["tracking_code"] = "";
  EXPECT_FALSE(receipt_from_json(j.dump()).ok());
}

TEST(ReceiptJson, EveryFieldIsRequired) {
  FakeLog log(3);
  const json good = receipt_to_json(log.receipt(1, 3));
  for (const char* field : {"origin", "index", "leaf_hash", "tracking_code", "tree_size",
                            "checkpoint", "inclusion_proof", "verifier_key"}) {
    json j = good;
    j.erase(field);
    EXPECT_FALSE(receipt_from_json(j.dump()).ok()) << field;
  }
}

TEST(ReceiptJson, WrongTypesAreRefused) {
  FakeLog log(3);
  const json good = receipt_to_json(log.receipt(1, 3));
  const std::vector<std::pair<const char*, json>> bad = {
      {"origin", 5},
      {"index", -1},
      {"index", 1.5},
      {"index", "1"},
      {"index", json(18446744073709551616.0)},
      {"tree_size", -3},
      {"tree_size", nullptr},
      {"leaf_hash", 7},
      {"leaf_hash", "not base64!"},
      {"leaf_hash", base64_encode(Bytes(31, 1))},
      {"leaf_hash", base64_encode(Bytes(33, 1))},
      {"checkpoint", json::array()},
      {"verifier_key", json::object()},
      {"inclusion_proof", "AAAA"},
      {"inclusion_proof", json::array({1, 2})},
      {"inclusion_proof", json::array({base64_encode(Bytes(16, 0))})},
      {"tracking_code", 0},
  };
  for (const auto& [field, value] : bad) {
    json j = good;
    j[field] = value;
    EXPECT_FALSE(receipt_from_json(j.dump()).ok()) << field << " = " << value.dump();
  }
}

TEST(ReceiptJson, NonCanonicalBase64IsRefused) {
  FakeLog log(3);
  json j = receipt_to_json(log.receipt(1, 3));
  std::string leaf = j["leaf_hash"];
  ASSERT_EQ(leaf.back(), '=');
  // The last character before the padding carries 2 unused bits; setting
  // them gives the same bytes under a lax decoder.
  leaf[leaf.size() - 2] = static_cast<char>(leaf[leaf.size() - 2] + 1);
  j["leaf_hash"] = leaf;
  EXPECT_FALSE(receipt_from_json(j.dump()).ok());
}

TEST(ReceiptJson, GarbageNeverThrows) {
  const std::vector<std::string> inputs = {
      "",
      "{",
      "[]",
      "null",
      "42",
      "\"receipt\"",
      "{\"origin\":",
      "{}",
      std::string("{\"origin\":\"\xff\xfe\"}"),
      std::string(1000, '['),
      std::string(10, '\0'),
  };
  for (const std::string& in : inputs) {
    Result<ReceiptFile> r = Error("unset");
    EXPECT_NO_THROW(r = receipt_from_json(in));
    EXPECT_FALSE(r.ok());
  }
  EXPECT_FALSE(receipt_from_json(std::string(kMaxReceiptFileBytes + 1, ' ')).ok());
}

// ----------------------------------------------------------- consistency --

TEST(Consistency, LaterCheckpointsExtendEarlierOnes) {
  FakeLog log(10);
  for (uint64_t from = 1; from <= 10; ++from) {
    for (uint64_t to = from; to <= 10; ++to) {
      Status s = verify_checkpoint_consistency(log.checkpoint(from), log.checkpoint(to),
                                               log.consistency(from, to));
      EXPECT_TRUE(s.ok()) << from << " -> " << to << ": " << s.error().message();
    }
  }
}

TEST(Consistency, TamperedProofIsRefused) {
  FakeLog log(10);
  const std::vector<Hash32> good = log.consistency(3, 10);
  ASSERT_FALSE(good.empty());
  for (size_t i = 0; i < good.size(); ++i) {
    std::vector<Hash32> p = good;
    p[i][0] ^= 1;
    EXPECT_FALSE(verify_checkpoint_consistency(log.checkpoint(3), log.checkpoint(10), p).ok());
  }
  std::vector<Hash32> shorter(good.begin(), good.end() - 1);
  EXPECT_FALSE(verify_checkpoint_consistency(log.checkpoint(3), log.checkpoint(10), shorter).ok());
  EXPECT_FALSE(verify_checkpoint_consistency(log.checkpoint(3), log.checkpoint(10), {}).ok());
}

TEST(Consistency, WrongRootsAreRefused) {
  FakeLog log(10);
  Checkpoint older = log.checkpoint(4), newer = log.checkpoint(9);
  const std::vector<Hash32> proof = log.consistency(4, 9);
  older.root[5] ^= 1;
  EXPECT_FALSE(verify_checkpoint_consistency(older, newer, proof).ok());
  older = log.checkpoint(4);
  newer.root[5] ^= 1;
  EXPECT_FALSE(verify_checkpoint_consistency(older, newer, proof).ok());
  // A log that rewrote its history: different leaves, same sizes.
  Checkpoint other_older = log.checkpoint(4);
  other_older.root = merkle_root(std::vector<Hash32>(4, merkle_empty_root()));
  EXPECT_FALSE(
      verify_checkpoint_consistency(other_older, log.checkpoint(9), log.consistency(4, 9)).ok());
}

TEST(Consistency, RollbackForkAndOtherOriginAreRefused) {
  FakeLog log(10);
  // Shrinking.
  EXPECT_FALSE(verify_checkpoint_consistency(log.checkpoint(8), log.checkpoint(5), {}).ok());
  // Same size, different roots: a fork.
  Checkpoint forked = log.checkpoint(6);
  forked.root[0] ^= 1;
  EXPECT_FALSE(verify_checkpoint_consistency(log.checkpoint(6), forked, {}).ok());
  // Same size needs the empty proof.
  EXPECT_FALSE(
      verify_checkpoint_consistency(log.checkpoint(6), log.checkpoint(6), log.consistency(3, 6))
          .ok());
  // Different logs.
  EXPECT_FALSE(verify_checkpoint_consistency(
                   log.checkpoint(3), log.checkpoint(7, "example.org/other"), log.consistency(3, 7))
                   .ok());
}

TEST(Consistency, ReceiptThenLaterCheckpoint) {
  // The full offline part of `receipt verify`: receipt at size 5, node now
  // at size 9 with a new signed checkpoint.
  FakeLog log(9);
  ReceiptFile r = log.receipt(3, 5);
  Result<Checkpoint> at_receipt = verify_receipt_checkpoint(r);
  ASSERT_TRUE(at_receipt.ok());
  Result<Checkpoint> now = open_checkpoint(log.signed_checkpoint(9), r.verifier_key);
  ASSERT_TRUE(now.ok()) << now.error().message();
  EXPECT_TRUE(verify_checkpoint_consistency(*at_receipt, *now, log.consistency(5, 9)).ok());
}

// ------------------------------------------------------------------ leaf --

TEST(ReceiptLeaf, TheServedLeafMustHashToTheReceipt) {
  FakeLog log(5);
  ReceiptFile r = log.receipt(2, 5);
  EXPECT_TRUE(verify_receipt_leaf(r, 2, log.leaf(2)).ok());
  EXPECT_FALSE(verify_receipt_leaf(r, 2, log.leaf(3)).ok());
  EXPECT_FALSE(verify_receipt_leaf(r, 3, log.leaf(2)).ok());
  EXPECT_FALSE(verify_receipt_leaf(r, 2, flip_byte(log.leaf(2))).ok());
  EXPECT_FALSE(verify_receipt_leaf(r, 2, "").ok());
}

// ------------------------------------------------------- open_checkpoint --

TEST(OpenCheckpoint, RefusesWhatDoesNotVerify) {
  FakeLog log(3);
  const std::string vkey = log.signer().verifier_key_string();
  EXPECT_TRUE(open_checkpoint(log.signed_checkpoint(3), vkey).ok());
  EXPECT_FALSE(open_checkpoint(log.signed_checkpoint(3), "").ok());
  EXPECT_FALSE(open_checkpoint("", vkey).ok());
  EXPECT_FALSE(open_checkpoint("garbage\n\n— x AAAA\n", vkey).ok());
  // A validly signed note that is not a checkpoint.
  Note note;
  note.text = "hello\n";
  note.sigs.push_back(*log.signer().sign(note.text));
  EXPECT_FALSE(open_checkpoint(format_note(note), vkey).ok());
}

}  // namespace
}  // namespace conclave::client
