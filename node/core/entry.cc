#include "node/core/entry.h"

#include <cstring>

#include "crypto/merkle.h"

namespace conclave::core {

std::string serialize(const google::protobuf::MessageLite& m) {
  // conclave.proto has no map fields, so the standard encoding (fields in
  // number order) is already deterministic.
  return m.SerializeAsString();
}

namespace {

// True if m or any message inside it carries fields this version does not
// know: they would ride along in the log unvalidated.
bool has_unknown_fields(const google::protobuf::Message& m) {
  const google::protobuf::Reflection* r = m.GetReflection();
  if (!r->GetUnknownFields(m).empty()) return true;
  std::vector<const google::protobuf::FieldDescriptor*> fields;
  r->ListFields(m, &fields);
  for (const auto* f : fields) {
    if (f->cpp_type() != google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE) continue;
    if (f->is_repeated()) {
      for (int i = 0; i < r->FieldSize(m, f); ++i) {
        if (has_unknown_fields(r->GetRepeatedMessage(m, f, i))) return true;
      }
    } else if (has_unknown_fields(r->GetMessage(m, f))) {
      return true;
    }
  }
  return false;
}

template <class Message>
Result<Message> parse_canonical(ByteView bytes, const char* what) {
  Message m;
  if (!m.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return Error(std::string(what) + " is not a valid protobuf message");
  }
  if (has_unknown_fields(m)) return Error(std::string(what) + " carries unknown fields");
  std::string again = serialize(m);
  if (!same_bytes(again, bytes)) {
    return Error(std::string(what) + " is not canonically encoded (unknown or reordered fields)");
  }
  return m;
}

}  // namespace

Result<ParsedEntry> parse_entry(ByteView leaf, SignatureCheck check) {
  if (leaf.size() > kMaxEntryBytes) {
    return Error(ErrorCode::kResourceExhausted, "entry of " + std::to_string(leaf.size()) +
                                                    " bytes exceeds the limit of " +
                                                    std::to_string(kMaxEntryBytes));
  }
  Result<v1::SignedEntry> signed_entry = parse_canonical<v1::SignedEntry>(leaf, "signed entry");
  if (!signed_entry) return signed_entry.error();
  // The author key needs no separate point validation (~40 µs): Ed25519
  // verification itself refuses non-canonical and small-order keys, and
  // apply() only accepts authors that are registered keys.
  if (signed_entry->author().size() != 32) return Error("entry author: key must be 32 bytes");
  PublicKey author_key;
  std::memcpy(author_key.data(), signed_entry->author().data(), 32);

  if (check == SignatureCheck::kVerify) {
    Status sig = verify_signature(author_key, kEntrySignatureDomain, as_bytes(signed_entry->body()),
                                  as_bytes(signed_entry->signature()));
    if (!sig) return Error("entry signature does not verify for its author key");
  }
  Result<v1::EntryBody> body =
      parse_canonical<v1::EntryBody>(as_bytes(signed_entry->body()), "entry body");
  if (!body) return body.error();
  if (body->kind_case() == v1::EntryBody::KIND_NOT_SET) return Error("entry body has no kind");
  ParsedEntry out;
  out.leaf.assign(leaf.begin(), leaf.end());
  out.leaf_hash = merkle_leaf_hash(leaf);
  out.author = author_key;
  out.body = std::move(*body);
  return out;
}

Result<ParsedEntry> parse_entry(const v1::SignedEntry& entry) {
  std::string leaf = serialize(entry);
  return parse_entry(as_bytes(leaf));
}

v1::SignedEntry sign_entry(const Identity& id, const v1::EntryBody& body) {
  std::string bytes = serialize(body);
  v1::SignedEntry e;
  Signature sig = id.sign(kEntrySignatureDomain, as_bytes(bytes));
  e.set_body(bytes);
  e.set_author(id.public_key().data(), id.public_key().size());
  e.set_signature(sig.data(), sig.size());
  return e;
}

std::string tracking_code(const Hash32& leaf_hash) {
  return base32_encode(ByteView(leaf_hash.data(), 10));
}

}  // namespace conclave::core
