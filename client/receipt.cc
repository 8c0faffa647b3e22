#include "client/receipt.h"

#include "crypto/bytes.h"
#include "crypto/merkle.h"
#include "crypto/note.h"
#include "node/core/entry.h"

namespace conclave::client {
namespace {

using json = nlohmann::ordered_json;

std::string b64(std::string_view bytes) {
  return base64_encode(as_bytes(bytes));
}

Result<const json*> field(const json& j, const char* name) {
  auto it = j.find(name);
  if (it == j.end()) return Error(std::string("receipt: missing field \"") + name + "\"");
  return &*it;
}

Result<std::string> string_field(const json& j, const char* name) {
  Result<const json*> f = field(j, name);
  if (!f) return f.error();
  if (!(*f)->is_string()) return Error(std::string("receipt: \"") + name + "\" must be a string");
  return (*f)->get<std::string>();
}

Result<uint64_t> uint_field(const json& j, const char* name) {
  Result<const json*> f = field(j, name);
  if (!f) return f.error();
  if (!(*f)->is_number_unsigned()) {
    return Error(std::string("receipt: \"") + name + "\" must be a non-negative integer");
  }
  return (*f)->get<uint64_t>();
}

Result<std::string> hash_field(const json& j, const char* name) {
  Result<std::string> text = string_field(j, name);
  if (!text) return text.error();
  Result<Bytes> bytes = base64_decode(*text);
  if (!bytes || bytes->size() != 32) {
    return Error(std::string("receipt: \"") + name + "\" must be the base64 of 32 bytes");
  }
  return to_string(*bytes);
}

std::string hex(const Hash32& h) {
  return hex_encode(view(h));
}

}  // namespace

nlohmann::ordered_json receipt_to_json(const ReceiptFile& r) {
  const v1::Receipt& p = r.receipt;
  json proof = json::array();
  for (const std::string& h : p.inclusion_proof()) proof.push_back(b64(h));
  Result<Hash32> leaf = hash_from_bytes(p.leaf_hash(), "leaf hash");
  return json{
      {"origin", p.origin()},
      {"index", p.index()},
      {"leaf_hash", b64(p.leaf_hash())},
      {"tracking_code", leaf ? core::tracking_code(*leaf) : std::string()},
      {"tree_size", p.tree_size()},
      {"checkpoint", p.checkpoint()},
      {"inclusion_proof", std::move(proof)},
      {"verifier_key", r.verifier_key},
  };
}

Result<ReceiptFile> receipt_from_json(std::string_view text) {
  if (text.size() > kMaxReceiptFileBytes) return Error("receipt file is too large");
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Error("receipt is not valid JSON");
  if (!j.is_object()) return Error("receipt is not a JSON object");

  ReceiptFile out;
  v1::Receipt& r = out.receipt;
  Result<std::string> origin = string_field(j, "origin");
  if (!origin) return origin.error();
  r.set_origin(*origin);
  Result<uint64_t> index = uint_field(j, "index");
  if (!index) return index.error();
  r.set_index(*index);
  Result<std::string> leaf_hash = hash_field(j, "leaf_hash");
  if (!leaf_hash) return leaf_hash.error();
  r.set_leaf_hash(*leaf_hash);
  Result<uint64_t> tree_size = uint_field(j, "tree_size");
  if (!tree_size) return tree_size.error();
  r.set_tree_size(*tree_size);
  Result<std::string> checkpoint = string_field(j, "checkpoint");
  if (!checkpoint) return checkpoint.error();
  r.set_checkpoint(*checkpoint);
  Result<std::string> verifier_key = string_field(j, "verifier_key");
  if (!verifier_key) return verifier_key.error();
  out.verifier_key = *verifier_key;

  Result<const json*> proof = field(j, "inclusion_proof");
  if (!proof) return proof.error();
  if (!(*proof)->is_array()) return Error("receipt: \"inclusion_proof\" must be an array");
  if ((*proof)->size() > 64) return Error("receipt: \"inclusion_proof\" has too many hashes");
  for (const json& h : **proof) {
    Result<Bytes> bytes =
        h.is_string() ? base64_decode(h.get<std::string>()) : Result<Bytes>(Error("not a string"));
    if (!bytes || bytes->size() != 32) {
      return Error("receipt: every \"inclusion_proof\" entry must be the base64 of 32 bytes");
    }
    r.add_inclusion_proof(to_string(*bytes));
  }

  Result<std::string> code = string_field(j, "tracking_code");
  if (!code) return code.error();
  Result<Hash32> leaf = hash_from_bytes(r.leaf_hash(), "leaf hash");
  if (!leaf) return leaf.error();
  if (*code != core::tracking_code(*leaf)) {
    return Error("receipt: tracking code \"" + *code +
                 "\" does not match the leaf hash (expected " + core::tracking_code(*leaf) + ")");
  }
  return out;
}

Result<Hash32> hash_from_bytes(std::string_view bytes, std::string_view what) {
  if (bytes.size() != 32) {
    return Error(std::string(what) + " must be 32 bytes, not " + std::to_string(bytes.size()));
  }
  Hash32 h;
  std::copy(bytes.begin(), bytes.end(), h.begin());
  return h;
}

Result<std::vector<Hash32>> hashes_from_proto(
    const google::protobuf::RepeatedPtrField<std::string>& hashes, std::string_view what) {
  std::vector<Hash32> out;
  out.reserve(static_cast<size_t>(hashes.size()));
  for (const std::string& h : hashes) {
    Result<Hash32> one = hash_from_bytes(h, what);
    if (!one) return one.error();
    out.push_back(*one);
  }
  return out;
}

Result<Checkpoint> open_checkpoint(std::string_view signed_note, std::string_view verifier_key) {
  Result<NoteVerifier> verifier = NoteVerifier::from_key_string(verifier_key);
  if (!verifier) return Error("verifier key: " + verifier.error().message());
  Result<Note> note = verifier->open(signed_note);
  if (!note) return Error("checkpoint signature: " + note.error().message());
  Result<Checkpoint> cp = parse_checkpoint_text(note->text);
  if (!cp) return Error("checkpoint: " + cp.error().message());
  if (cp->origin != verifier->name()) {
    return Error("checkpoint is for origin \"" + cp->origin + "\" but the key is named \"" +
                 verifier->name() + "\"");
  }
  return cp;
}

Result<Checkpoint> verify_receipt_checkpoint(const ReceiptFile& r) {
  Result<Checkpoint> cp = open_checkpoint(r.receipt.checkpoint(), r.verifier_key);
  if (!cp) return cp.error();
  if (cp->origin != r.receipt.origin()) {
    return Error("the checkpoint is for origin \"" + cp->origin + "\", the receipt names \"" +
                 r.receipt.origin() + "\"");
  }
  if (cp->size != r.receipt.tree_size()) {
    return Error("the checkpoint has tree size " + std::to_string(cp->size) +
                 ", the receipt claims " + std::to_string(r.receipt.tree_size()));
  }
  return cp;
}

Status verify_receipt_inclusion(const ReceiptFile& r, const Checkpoint& cp) {
  Result<Hash32> leaf = hash_from_bytes(r.receipt.leaf_hash(), "leaf hash");
  if (!leaf) return leaf.error();
  Result<std::vector<Hash32>> proof =
      hashes_from_proto(r.receipt.inclusion_proof(), "inclusion proof hash");
  if (!proof) return proof.error();
  if (r.receipt.tree_size() != cp.size) {
    return Error("the receipt's tree size " + std::to_string(r.receipt.tree_size()) +
                 " is not the checkpoint's " + std::to_string(cp.size));
  }
  return merkle_verify_inclusion(r.receipt.index(), cp.size, *leaf, *proof, cp.root);
}

Status verify_receipt_offline(const ReceiptFile& r) {
  Result<Checkpoint> cp = verify_receipt_checkpoint(r);
  if (!cp) return cp.error();
  return verify_receipt_inclusion(r, *cp);
}

Status verify_checkpoint_consistency(const Checkpoint& older, const Checkpoint& newer,
                                     std::span<const Hash32> proof) {
  if (older.origin != newer.origin) {
    return Error("the checkpoints are of different logs (\"" + older.origin + "\" and \"" +
                 newer.origin + "\")");
  }
  if (newer.size < older.size) {
    return Error("the log shrank from " + std::to_string(older.size) + " to " +
                 std::to_string(newer.size) + " entries: it was rolled back");
  }
  if (newer.size == older.size) {
    if (!proof.empty()) return Error("a consistency proof between equal sizes must be empty");
    if (newer.root != older.root) {
      return Error("two checkpoints of size " + std::to_string(older.size) +
                   " have different roots (" + hex(older.root) + " and " + hex(newer.root) +
                   "): the log forked");
    }
    return Status::Ok();
  }
  return merkle_verify_consistency(older.size, newer.size, proof, older.root, newer.root);
}

Status verify_receipt_leaf(const ReceiptFile& r, uint64_t served_index, std::string_view leaf) {
  if (served_index != r.receipt.index()) {
    return Error("the node served entry " + std::to_string(served_index) + " instead of " +
                 std::to_string(r.receipt.index()));
  }
  Result<Hash32> expected = hash_from_bytes(r.receipt.leaf_hash(), "leaf hash");
  if (!expected) return expected.error();
  Hash32 got = merkle_leaf_hash(as_bytes(leaf));
  if (got != *expected) {
    return Error("entry " + std::to_string(served_index) + " on the node hashes to " + hex(got) +
                 ", the receipt has " + hex(*expected));
  }
  return Status::Ok();
}

}  // namespace conclave::client
