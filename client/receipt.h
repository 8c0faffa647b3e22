// Receipts: what a voter or organizer keeps after submitting an entry, and
// the pure checks that make it evidence.
//
// A receipt file is JSON:
//   {"origin": str, "index": n, "leaf_hash": b64, "tracking_code": str,
//    "tree_size": n, "checkpoint": signed note, "inclusion_proof": [b64...],
//    "verifier_key": the node's C2SP verifier key string}
// i.e. the node's v1::Receipt plus the node's verifier key (so the receipt
// can be checked offline) and the tracking code (derived from the leaf hash;
// a file whose code does not match is refused).
//
// The verification functions below do no I/O: the client fetches a later
// checkpoint, a consistency proof and the leaf from a node and passes them
// in. Each returns a Status whose message says what failed.
#pragma once

#include <google/protobuf/repeated_field.h>

#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "conclave.pb.h"
#include "crypto/checkpoint.h"
#include "crypto/result.h"
#include "crypto/sha.h"

namespace conclave::client {

inline constexpr size_t kMaxReceiptFileBytes = 4 << 20;

// The node's receipt plus the node's verifier key. Intentionally copyable.
struct ReceiptFile {
  v1::Receipt receipt;
  std::string verifier_key;
};

// The receipt JSON described above (tracking code included).
nlohmann::ordered_json receipt_to_json(const ReceiptFile& r);

// Parses receipt JSON strictly: every field present with the right type,
// hashes canonical base64 of 32 bytes, the tracking code matching the leaf
// hash. Unknown fields are ignored. Never throws.
Result<ReceiptFile> receipt_from_json(std::string_view text);

// A 32-byte hash from bytes; `what` names it in the error.
Result<Hash32> hash_from_bytes(std::string_view bytes, std::string_view what);
Result<std::vector<Hash32>> hashes_from_proto(
    const google::protobuf::RepeatedPtrField<std::string>& hashes, std::string_view what);

// Opens a signed checkpoint note with a C2SP verifier key (NoteVerifier),
// parses its text, and requires the checkpoint's origin to be the key's name
// (a log's origin is its key name).
Result<Checkpoint> open_checkpoint(std::string_view signed_note, std::string_view verifier_key);

// Check 1: the receipt's checkpoint is signed by the receipt's verifier key
// and names the receipt's origin and tree size. Returns that checkpoint.
Result<Checkpoint> verify_receipt_checkpoint(const ReceiptFile& r);

// Check 2: the inclusion proof puts the receipt's leaf hash at its index in
// the tree of `cp` (the checkpoint returned by check 1).
Status verify_receipt_inclusion(const ReceiptFile& r, const Checkpoint& cp);

// Checks 1 and 2 together: the receipt is self-consistent evidence.
Status verify_receipt_offline(const ReceiptFile& r);

// Check 3: `newer` (a later checkpoint of the same log, already signature
// checked) extends `older`: same origin, newer.size >= older.size, and
// `proof` is a valid RFC 9162 consistency proof between their roots (for
// equal sizes: equal roots and an empty proof).
Status verify_checkpoint_consistency(const Checkpoint& older, const Checkpoint& newer,
                                     std::span<const Hash32> proof);

// Check 4: the leaf a node serves at the receipt's index hashes to the
// receipt's leaf hash.
Status verify_receipt_leaf(const ReceiptFile& r, uint64_t served_index, std::string_view leaf);

}  // namespace conclave::client
