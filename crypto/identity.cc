#include "crypto/identity.h"

#include <sodium.h>

#include <cstring>

#include "crypto/sha.h"
#include "crypto/sodium_init.h"

namespace conclave {
namespace {

Bytes domain_message(std::string_view domain, ByteView message) {
  constexpr std::string_view kPrefix = "conclave/v1/sig";
  Bytes m;
  m.reserve(kPrefix.size() + domain.size() + message.size() + 2);
  append(m, kPrefix);
  m.push_back(0);
  append(m, domain);
  m.push_back(0);
  append(m, message);
  return m;
}

}  // namespace

Identity Identity::generate() {
  ensure_sodium();
  Identity id;
  crypto_sign_keypair(id.pk_.data(), id.sk_.data());
  crypto_box_keypair(id.box_pk_.data(), id.box_sk_.data());
  return id;
}

Result<Identity> Identity::from_secrets(ByteView ed25519_seed, ByteView x25519_secret) {
  ensure_sodium();
  if (ed25519_seed.size() != crypto_sign_SEEDBYTES ||
      x25519_secret.size() != crypto_box_SECRETKEYBYTES) {
    return Error("key material has the wrong length");
  }
  Identity id;
  crypto_sign_seed_keypair(id.pk_.data(), id.sk_.data(), ed25519_seed.data());
  std::memcpy(id.box_sk_.data(), x25519_secret.data(), 32);
  crypto_scalarmult_base(id.box_pk_.data(), id.box_sk_.data());
  return id;
}

Identity::Identity(Identity&& o) noexcept {
  *this = std::move(o);
}
Identity& Identity::operator=(Identity&& o) noexcept {
  sk_ = o.sk_;
  pk_ = o.pk_;
  box_sk_ = o.box_sk_;
  box_pk_ = o.box_pk_;
  sodium_memzero(o.sk_.data(), o.sk_.size());
  sodium_memzero(o.box_sk_.data(), o.box_sk_.size());
  return *this;
}
Identity::~Identity() {
  sodium_memzero(sk_.data(), sk_.size());
  sodium_memzero(box_sk_.data(), box_sk_.size());
}
Identity Identity::clone() const {
  Identity id;
  id.sk_ = sk_;
  id.pk_ = pk_;
  id.box_sk_ = box_sk_;
  id.box_pk_ = box_pk_;
  return id;
}

Signature Identity::sign(std::string_view domain, ByteView message) const {
  return sign_raw(domain_message(domain, message));
}

Signature Identity::sign_raw(ByteView message) const {
  Signature sig;
  crypto_sign_detached(sig.data(), nullptr, message.data(), message.size(), sk_.data());
  return sig;
}

Result<PublicKey> decode_public_key(ByteView bytes) {
  if (bytes.size() != crypto_sign_PUBLICKEYBYTES) return Error("public key must be 32 bytes");
  PublicKey pk;
  std::memcpy(pk.data(), bytes.data(), pk.size());
  // Reject encodings that are not points, and small-order points, which would
  // let an attacker make signatures that verify under many messages.
  unsigned char curve[32];
  if (crypto_sign_ed25519_pk_to_curve25519(curve, pk.data()) != 0) {
    return Error("public key is not a valid Ed25519 key");
  }
  return pk;
}

Status verify_signature(const PublicKey& key, std::string_view domain, ByteView message,
                        ByteView signature) {
  ensure_sodium();
  if (signature.size() != crypto_sign_BYTES) return Error("signature must be 64 bytes");
  Bytes m = domain_message(domain, message);
  if (crypto_sign_verify_detached(signature.data(), m.data(), m.size(), key.data()) != 0) {
    return Error("signature does not verify");
  }
  return Status::Ok();
}

std::string key_fingerprint(const PublicKey& key) {
  Hash32 h = sha256(key);
  return base32_encode(ByteView(h.data(), 10));
}

}  // namespace conclave
