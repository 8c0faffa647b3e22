// What a zero-knowledge proof is bound to beyond its own statement.
//
// Strong Fiat-Shamir: every challenge hashes the full statement plus the
// conference context hash Q, the key of the author who posts the proof
// (voter or trustee) and the position of the statement inside the
// conference (e.g. "r1/selection/2"). A proof copied to another
// conference, another author or another position does not verify.
#pragma once

#include <string>

#include "crypto/bytes.h"
#include "crypto/transcript.h"

namespace conclave {

struct ProofBinding {
  Bytes context;         // Q, 64 bytes for a conference; any bytes elsewhere
  Bytes author;          // the author's Ed25519 public key
  std::string position;  // where the statement sits

  void add_to(Transcript& t) const { t.add(context).add(author).add(position); }
};

}  // namespace conclave
