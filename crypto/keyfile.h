// Key files: one JSON document per person holding an Ed25519 signing key and
// an X25519 key. The secret halves (Ed25519 seed ‖ X25519 secret, 64 bytes)
// are sealed with crypto_secretbox under a key derived from a passphrase by
// Argon2id (crypto_pwhash); "protection": "none" stores them in the clear,
// for throw-away test keys only.
//
// Opening checks that the secrets reproduce the public keys written beside
// them, so an edited file is refused. These functions only transform
// strings; reading, writing and prompting live with the callers.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "crypto/identity.h"

namespace conclave {

struct KeyFileInfo {
  std::string name;
  PublicKey public_key;
  std::array<uint8_t, 32> box_public_key;
  bool sealed;  // needs a passphrase
};

// Argon2id cost. The default is libsodium's "interactive" level; tests may
// lower it to the minimum.
struct KdfCost {
  uint64_t opslimit;
  size_t memlimit;
  static KdfCost interactive();
  static KdfCost minimum();
};

// passphrase == nullopt writes an unprotected file.
Result<std::string> key_file_write(const Identity& id, std::string_view name,
                                   std::optional<std::string_view> passphrase,
                                   KdfCost cost = KdfCost::interactive());
Result<KeyFileInfo> key_file_inspect(std::string_view json);
// The passphrase is ignored for unprotected files.
Result<Identity> key_file_open(std::string_view json, std::string_view passphrase);

}  // namespace conclave
