// Parsing and signing of log entries.
//
// A leaf of the log is the serialization of a SignedEntry. parse_entry
// accepts only canonical encodings (re-serializing gives the same bytes, so
// no unknown fields ride along), checks the size limit, the author key and
// the signature over ("entry", body). It does not judge whether the entry
// is allowed: that is apply()'s job.
#pragma once

#include <string>

#include "conclave.pb.h"
#include "crypto/identity.h"
#include "crypto/sha.h"

namespace conclave::core {

inline constexpr size_t kMaxEntryBytes = 1 << 20;
// Most entries one SubmitBatch call may carry.
inline constexpr size_t kMaxBatchEntries = 1024;
inline constexpr std::string_view kEntrySignatureDomain = "entry";

struct ParsedEntry {
  Bytes leaf;  // serialized SignedEntry, exactly as in the log
  Hash32 leaf_hash;
  PublicKey author;
  v1::EntryBody body;
};

enum class SignatureCheck { kVerify, kSkip };

// Parses and checks one leaf. kSkip is for replaying a log whose tree was
// already checked against a checkpoint this node signed.
Result<ParsedEntry> parse_entry(ByteView leaf, SignatureCheck check = SignatureCheck::kVerify);
Result<ParsedEntry> parse_entry(const v1::SignedEntry& entry);

// Deterministic protobuf serialization, used for every hashed or signed message.
std::string serialize(const google::protobuf::MessageLite& m);

// Builds a signed entry: serializes body and signs it with id.
v1::SignedEntry sign_entry(const Identity& id, const v1::EntryBody& body);

// Short, case-insensitive tracking code of a leaf hash (first 10 bytes, base32).
std::string tracking_code(const Hash32& leaf_hash);

}  // namespace conclave::core
