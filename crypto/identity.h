// Ed25519 identities and X25519 encryption keys of one person or node.
//
// Signatures on conclave data are domain-separated: the signed message is
//   "conclave/v1/sig" ‖ 0x00 ‖ domain ‖ 0x00 ‖ message
// so a signature made for one purpose (an entry, a receipt) never verifies
// for another. Checkpoints and cosignatures are the exception: they follow
// C2SP and sign the note text itself (see note.h).
#pragma once

#include <array>
#include <string_view>

#include "crypto/bytes.h"
#include "crypto/result.h"

namespace conclave {

using PublicKey = std::array<uint8_t, 32>;  // Ed25519 public key
using Signature = std::array<uint8_t, 64>;

// An Ed25519 key pair plus an X25519 key pair. Secret halves are wiped on
// destruction and never logged. Copyable only explicitly (clone()).
class Identity {
 public:
  static Identity generate();
  // From the 32-byte Ed25519 seed and the 32-byte X25519 secret.
  static Result<Identity> from_secrets(ByteView ed25519_seed, ByteView x25519_secret);

  Identity(Identity&&) noexcept;
  Identity& operator=(Identity&&) noexcept;
  Identity(const Identity&) = delete;
  Identity& operator=(const Identity&) = delete;
  ~Identity();
  Identity clone() const;

  const PublicKey& public_key() const { return pk_; }
  const std::array<uint8_t, 32>& box_public_key() const { return box_pk_; }
  ByteView box_secret_key() const { return {box_sk_.data(), box_sk_.size()}; }
  ByteView seed() const { return {sk_.data(), 32}; }  // first half of libsodium's sk

  Signature sign(std::string_view domain, ByteView message) const;
  // Raw Ed25519 over message (C2SP notes).
  Signature sign_raw(ByteView message) const;

 private:
  Identity() = default;
  std::array<uint8_t, 64> sk_{};
  PublicKey pk_{};
  std::array<uint8_t, 32> box_sk_{};
  std::array<uint8_t, 32> box_pk_{};
};

Result<PublicKey> decode_public_key(ByteView bytes);
Status verify_signature(const PublicKey& key, std::string_view domain, ByteView message,
                        ByteView signature);

// Short human-readable fingerprint of a key: first 10 bytes of SHA-256, base32.
std::string key_fingerprint(const PublicKey& key);

}  // namespace conclave
