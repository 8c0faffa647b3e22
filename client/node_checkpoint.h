// The node's current signed checkpoint, checked before anything relies on it.
#pragma once

#include <string>

#include "client/node_client.h"
#include "crypto/checkpoint.h"

namespace conclave::client {

// A checkpoint note whose signature verified under verifier_key.
struct SignedCheckpoint {
  std::string note;          // the signed note, as served
  std::string verifier_key;  // the key it verified under
  Checkpoint checkpoint;     // its parsed text
};

// GetCheckpoint, then opens the note with the verifier key the node itself
// announces (trust on first use: this proves the node signed it, not who the
// node is; receipts pin the key). Fails if the note does not verify.
Result<SignedCheckpoint> fetch_checkpoint(NodeClient& node);

}  // namespace conclave::client
