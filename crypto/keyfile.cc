#include "crypto/keyfile.h"

#include <sodium.h>

#include <nlohmann/json.hpp>

#include "crypto/sodium_init.h"

namespace conclave {
namespace {

using nlohmann::json;
constexpr int kVersion = 1;
constexpr size_t kSecretBytes = 64;

// Holds secret bytes and wipes them on every exit path.
struct Wiped {
  std::array<uint8_t, kSecretBytes> b{};
  ~Wiped() { sodium_memzero(b.data(), b.size()); }
};
struct WipedKey {
  std::array<uint8_t, crypto_secretbox_KEYBYTES> b{};
  ~WipedKey() { sodium_memzero(b.data(), b.size()); }
};

Result<Bytes> field_b64(const json& j, const char* name, size_t want) {
  if (!j.contains(name) || !j[name].is_string()) {
    return Error(std::string("key file: missing field \"") + name + "\"");
  }
  Result<Bytes> b = base64_decode(j[name].get<std::string>());
  if (!b || (want != 0 && b->size() != want)) {
    return Error(std::string("key file: field \"") + name + "\" is malformed");
  }
  return b;
}

Result<json> parse(std::string_view text) {
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return Error("key file is not a JSON object");
  if (!j.contains("conclave_key") || j["conclave_key"] != kVersion) {
    return Error("not a conclave key file (or an unsupported version)");
  }
  return j;
}

Status derive_key(WipedKey& key, std::string_view passphrase, ByteView salt, uint64_t ops,
                  size_t mem) {
  // Bounded well above anything we write, so an edited file cannot make
  // opening it take minutes or gigabytes.
  if (ops < crypto_pwhash_OPSLIMIT_MIN || ops > 16 || mem < crypto_pwhash_MEMLIMIT_MIN ||
      mem > (size_t{1} << 30)) {
    return Error("key file: key-derivation cost out of range");
  }
  if (crypto_pwhash(key.b.data(), key.b.size(), passphrase.data(), passphrase.size(), salt.data(),
                    ops, mem, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Error("key file: out of memory deriving the key");
  }
  return Status::Ok();
}

}  // namespace

KdfCost KdfCost::interactive() {
  return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}
KdfCost KdfCost::minimum() {
  return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN};
}

Result<std::string> key_file_write(const Identity& id, std::string_view name,
                                   std::optional<std::string_view> passphrase, KdfCost cost) {
  ensure_sodium();
  Wiped secret;
  std::copy(id.seed().begin(), id.seed().end(), secret.b.begin());
  std::copy(id.box_secret_key().begin(), id.box_secret_key().end(), secret.b.begin() + 32);

  json j;
  j["conclave_key"] = kVersion;
  j["name"] = std::string(name);
  j["ed25519_public"] = base64_encode(id.public_key());
  j["x25519_public"] = base64_encode(id.box_public_key());
  j["fingerprint"] = key_fingerprint(id.public_key());
  if (!passphrase) {
    j["protection"] = "none";
    j["secret"] = base64_encode(secret.b);
    return j.dump(2) + "\n";
  }
  std::array<uint8_t, crypto_pwhash_SALTBYTES> salt;
  std::array<uint8_t, crypto_secretbox_NONCEBYTES> nonce;
  randombytes_buf(salt.data(), salt.size());
  randombytes_buf(nonce.data(), nonce.size());
  WipedKey key;
  if (Status s = derive_key(key, *passphrase, salt, cost.opslimit, cost.memlimit); !s) {
    return s.error();
  }
  Bytes boxed(crypto_secretbox_MACBYTES + kSecretBytes);
  crypto_secretbox_easy(boxed.data(), secret.b.data(), kSecretBytes, nonce.data(), key.b.data());
  j["protection"] = "argon2id13+xsalsa20poly1305";
  j["kdf"] = {
      {"opslimit", cost.opslimit}, {"memlimit", cost.memlimit}, {"salt", base64_encode(salt)}};
  j["nonce"] = base64_encode(nonce);
  j["secret"] = base64_encode(boxed);
  return j.dump(2) + "\n";
}

Result<KeyFileInfo> key_file_inspect(std::string_view text) {
  Result<json> j = parse(text);
  if (!j) return j.error();
  KeyFileInfo info;
  if (j->contains("name") && !(*j)["name"].is_string()) return Error("key file: malformed name");
  info.name = j->contains("name") ? (*j)["name"].get<std::string>() : "";
  Result<Bytes> pk = field_b64(*j, "ed25519_public", 32);
  if (!pk) return pk.error();
  Result<PublicKey> key = decode_public_key(*pk);
  if (!key) return Error("key file: " + key.error().message());
  info.public_key = *key;
  Result<Bytes> box = field_b64(*j, "x25519_public", 32);
  if (!box) return box.error();
  std::copy(box->begin(), box->end(), info.box_public_key.begin());
  if (!j->contains("protection") || !(*j)["protection"].is_string()) {
    return Error("key file: missing \"protection\"");
  }
  const std::string protection = (*j)["protection"].get<std::string>();
  if (protection != "none" && protection != "argon2id13+xsalsa20poly1305") {
    return Error("key file: unknown protection \"" + protection + "\"");
  }
  info.sealed = protection != "none";
  return info;
}

Result<Identity> key_file_open(std::string_view text, std::string_view passphrase) {
  ensure_sodium();
  Result<KeyFileInfo> info = key_file_inspect(text);
  if (!info) return info.error();
  const json j = *parse(text);
  Wiped secret;
  if (!info->sealed) {
    Result<Bytes> plain = field_b64(j, "secret", kSecretBytes);
    if (!plain) return plain.error();
    std::copy(plain->begin(), plain->end(), secret.b.begin());
    sodium_memzero(plain->data(), plain->size());
  } else {
    const json kdf = j.contains("kdf") && j["kdf"].is_object() ? j["kdf"] : json::object();
    Result<Bytes> salt = field_b64(kdf, "salt", crypto_pwhash_SALTBYTES);
    Result<Bytes> nonce = field_b64(j, "nonce", crypto_secretbox_NONCEBYTES);
    Result<Bytes> boxed = field_b64(j, "secret", crypto_secretbox_MACBYTES + kSecretBytes);
    if (!salt) return salt.error();
    if (!nonce) return nonce.error();
    if (!boxed) return boxed.error();
    if (!kdf.contains("opslimit") || !kdf["opslimit"].is_number_unsigned() ||
        !kdf.contains("memlimit") || !kdf["memlimit"].is_number_unsigned()) {
      return Error("key file: malformed key-derivation parameters");
    }
    WipedKey key;
    if (Status s = derive_key(key, passphrase, *salt, kdf["opslimit"].get<uint64_t>(),
                              kdf["memlimit"].get<size_t>());
        !s) {
      return s.error();
    }
    if (crypto_secretbox_open_easy(secret.b.data(), boxed->data(), boxed->size(), nonce->data(),
                                   key.b.data()) != 0) {
      return Error("wrong passphrase, or the key file is corrupted");
    }
  }
  Result<Identity> id =
      Identity::from_secrets(ByteView(secret.b.data(), 32), ByteView(secret.b.data() + 32, 32));
  if (!id) return id.error();
  if (id->public_key() != info->public_key || id->box_public_key() != info->box_public_key) {
    return Error("key file: secret keys do not match the public keys written in the file");
  }
  return id;
}

}  // namespace conclave
