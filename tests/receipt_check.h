// Independent checks of receipts and checkpoints for tests: a verifier
// written against the formats, not against the node's code paths.
#pragma once

#include "conclave.pb.h"
#include "crypto/checkpoint.h"
#include "crypto/merkle.h"
#include "crypto/note.h"

namespace conclave::testing {

inline Hash32 to_hash(const std::string& s) {
  Hash32 h{};
  if (s.size() == h.size()) std::copy(s.begin(), s.end(), h.begin());
  return h;
}

inline std::vector<Hash32> to_hashes(const google::protobuf::RepeatedPtrField<std::string>& in) {
  std::vector<Hash32> out;
  for (const auto& s : in) out.push_back(to_hash(s));
  return out;
}

// Opens a signed checkpoint note with the verifier key and parses it.
inline Result<Checkpoint> open_checkpoint(const std::string& note, const std::string& vkey) {
  Result<NoteVerifier> v = NoteVerifier::from_key_string(vkey);
  if (!v) return v.error();
  Result<Note> n = v->open(note);
  if (!n) return n.error();
  return parse_checkpoint_text(n->text);
}

inline Status verify_receipt(const v1::Receipt& r, const std::string& vkey) {
  Result<Checkpoint> cp = open_checkpoint(r.checkpoint(), vkey);
  if (!cp) return cp.error();
  if (cp->size != r.tree_size() || cp->origin != r.origin()) {
    return Error("receipt does not match its checkpoint");
  }
  return merkle_verify_inclusion(r.index(), r.tree_size(), to_hash(r.leaf_hash()),
                                 to_hashes(r.inclusion_proof()), cp->root);
}

}  // namespace conclave::testing
