#include "crypto/note.h"

#include <sodium.h>

#include <algorithm>
#include <cstdio>
#include <new>
#include <utility>

#include "crypto/sha.h"
#include "crypto/sodium_init.h"

namespace conclave {

namespace {

// U+2014 EM DASH and a space: the start of every signature line.
constexpr std::string_view kSigPrefix = "\xE2\x80\x94 ";
constexpr std::string_view kSignerPrefix = "PRIVATE+KEY+";

static_assert(crypto_sign_PUBLICKEYBYTES == 32);
static_assert(crypto_sign_SEEDBYTES == 32);
static_assert(crypto_sign_BYTES == 64);
static_assert(crypto_sign_SECRETKEYBYTES == 64);

// Decodes the UTF-8 sequence at s[i] into `cp` and returns its length, or 0
// if it is not a valid, shortest-form encoding of a Unicode scalar value.
size_t decode_utf8(std::string_view s, size_t i, uint32_t& cp) {
  const auto byte = [&](size_t k) { return static_cast<uint8_t>(s[k]); };
  const uint8_t b0 = byte(i);
  size_t len;
  uint32_t min;
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  } else if ((b0 & 0xE0) == 0xC0) {
    len = 2, cp = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, cp = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, cp = b0 & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (s.size() - i < len) return 0;
  for (size_t k = 1; k < len; ++k) {
    const uint8_t b = byte(i + k);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

// Go's unicode.IsSpace: the Unicode White_Space characters.
bool is_unicode_space(uint32_t cp) {
  return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
         (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
         cp == 0x205F || cp == 0x3000;
}

// Valid UTF-8 with no ASCII control character other than '\n'.
Status check_note_chars(std::string_view s, std::string_view what) {
  for (size_t i = 0; i < s.size();) {
    uint32_t cp;
    const size_t len = decode_utf8(s, i, cp);
    if (len == 0) {
      return Error(std::string(what) + " is not valid UTF-8 (at byte " + std::to_string(i) + ")");
    }
    if (cp < 0x20 && cp != '\n') {
      return Error(std::string(what) + " contains control character " + std::to_string(cp) +
                   " at byte " + std::to_string(i));
    }
    i += len;
  }
  return Status::Ok();
}

std::string hex8(uint32_t v) {
  char buf[9];
  std::snprintf(buf, sizeof buf, "%08x", v);
  return buf;
}

// Exactly 8 lower-case hex digits.
bool parse_hex8(std::string_view s, uint32_t& out) {
  if (s.size() != 8) return false;
  uint32_t v = 0;
  for (char c : s) {
    uint32_t d;
    if (c >= '0' && c <= '9') {
      d = static_cast<uint32_t>(c - '0');
    } else if (c >= 'a' && c <= 'f') {
      d = static_cast<uint32_t>(c - 'a' + 10);
    } else {
      return false;
    }
    v = (v << 4) | d;
  }
  out = v;
  return true;
}

uint32_t be32(const uint8_t* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | uint32_t{p[3]};
}

std::string key_label(std::string_view name, uint32_t key_id) {
  return std::string(name) + "+" + hex8(key_id);
}

// Splits at the first '+': returns false if there is none.
bool chop_plus(std::string_view& s, std::string_view& head) {
  const size_t plus = s.find('+');
  if (plus == std::string_view::npos) return false;
  head = s.substr(0, plus);
  s.remove_prefix(plus + 1);
  return true;
}

Result<NoteSignature> parse_signature_line(std::string_view line) {
  if (line.substr(0, kSigPrefix.size()) != kSigPrefix) {
    return Error("signature line does not start with an em dash (U+2014) and a space");
  }
  line.remove_prefix(kSigPrefix.size());
  const size_t space = line.find(' ');
  if (space == std::string_view::npos) return Error("signature line has no space after the name");
  const std::string_view name = line.substr(0, space);
  const std::string_view b64 = line.substr(space + 1);
  if (!is_valid_note_key_name(name)) return Error("signature line has an invalid key name");
  if (b64.empty()) return Error("signature line for " + std::string(name) + " has no signature");
  Result<Bytes> blob = base64_decode(b64);
  if (!blob.ok()) {
    return Error("signature line for " + std::string(name) + ": " + blob.error().message());
  }
  if (blob->size() < 5) {
    return Error("signature line for " + std::string(name) + " decodes to " +
                 std::to_string(blob->size()) + " bytes, want at least 5");
  }
  NoteSignature sig;
  sig.name = std::string(name);
  sig.key_id = be32(blob->data());
  sig.sig.assign(blob->begin() + 4, blob->end());
  return sig;
}

}  // namespace

bool is_valid_note_key_name(std::string_view name) {
  if (name.empty()) return false;
  for (size_t i = 0; i < name.size();) {
    uint32_t cp;
    const size_t len = decode_utf8(name, i, cp);
    if (len == 0 || cp < 0x20 || cp == '+' || is_unicode_space(cp)) return false;
    i += len;
  }
  return true;
}

uint32_t note_key_id(std::string_view name, uint8_t alg, ByteView public_key) {
  Bytes buf(name.begin(), name.end());
  buf.push_back(0x0A);
  buf.push_back(alg);
  buf.insert(buf.end(), public_key.begin(), public_key.end());
  return be32(sha256(buf).data());
}

Result<NoteVerifierKey> parse_note_verifier_key(std::string_view vkey) {
  std::string_view rest = vkey, name, id;
  if (!chop_plus(rest, name) || !chop_plus(rest, id)) {
    return Error("verifier key is not of the form name+keyid+key");
  }
  if (!is_valid_note_key_name(name)) return Error("verifier key has an invalid name");
  NoteVerifierKey key;
  uint32_t claimed_id;
  if (!parse_hex8(id, claimed_id)) {
    return Error("verifier key ID is not 8 lower-case hex digits");
  }
  Result<Bytes> blob = base64_decode(rest);
  if (!blob.ok()) return Error("verifier key: " + blob.error().message());
  if (blob->empty()) return Error("verifier key has no key material");
  key.alg = (*blob)[0];
  if (key.alg != kNoteAlgEd25519 && key.alg != kNoteAlgCosignatureV1) {
    return Error("verifier key has unsupported signature type " + std::to_string(key.alg));
  }
  if (blob->size() != 1 + key.public_key.size()) {
    return Error("verifier key has a " + std::to_string(blob->size() - 1) +
                 "-byte public key, want 32");
  }
  std::copy(blob->begin() + 1, blob->end(), key.public_key.begin());
  key.name = std::string(name);
  key.key_id = note_key_id(name, key.alg, view(key.public_key));
  if (key.key_id != claimed_id) {
    return Error("verifier key ID " + std::string(id) + " does not match the key (want " +
                 hex8(key.key_id) + ")");
  }
  return key;
}

std::string format_note_verifier_key(std::string_view name, uint8_t alg,
                                     const NotePublicKey& public_key) {
  Bytes blob{alg};
  blob.insert(blob.end(), public_key.begin(), public_key.end());
  return key_label(name, note_key_id(name, alg, view(public_key))) + "+" + base64_encode(blob);
}

Status check_note_text(std::string_view text) {
  if (text.empty()) return Error("note text is empty");
  if (text.back() != '\n') return Error("note text does not end in a newline");
  if (text.size() > kMaxNoteBytes) {
    return Error("note text is longer than " + std::to_string(kMaxNoteBytes) + " bytes");
  }
  return check_note_chars(text, "note text");
}

Result<Note> parse_note(std::string_view signed_note) {
  if (signed_note.size() > kMaxNoteBytes) {
    return Error("note is longer than " + std::to_string(kMaxNoteBytes) + " bytes");
  }
  Status chars = check_note_chars(signed_note, "note");
  if (!chars.ok()) return chars.error();
  const size_t split = signed_note.rfind("\n\n");
  if (split == std::string_view::npos) {
    return Error("note has no blank line between its text and its signatures");
  }
  Note note;
  note.text = std::string(signed_note.substr(0, split + 1));
  std::string_view rest = signed_note.substr(split + 2);
  if (rest.empty()) return Error("note has no signature lines");
  if (rest.back() != '\n') return Error("note does not end in a newline");
  while (!rest.empty()) {
    if (note.sigs.size() == kMaxNoteSignatures) {
      return Error("note has more than " + std::to_string(kMaxNoteSignatures) + " signatures");
    }
    const size_t nl = rest.find('\n');
    Result<NoteSignature> sig = parse_signature_line(rest.substr(0, nl));
    if (!sig.ok()) return sig.error();
    note.sigs.push_back(std::move(sig).value());
    rest.remove_prefix(nl + 1);
  }
  return note;
}

std::string format_note(const Note& note) {
  std::string out = note.text;
  out += '\n';
  for (const NoteSignature& sig : note.sigs) {
    Bytes blob = u32be(sig.key_id);
    blob.insert(blob.end(), sig.sig.begin(), sig.sig.end());
    out += kSigPrefix;
    out += sig.name;
    out += ' ';
    out += base64_encode(blob);
    out += '\n';
  }
  return out;
}

// ---------------------------------------------------------------------------
// NoteSigner

void NoteSigner::SecretFree::operator()(uint8_t* p) const {
  sodium_free(p);
}

Result<NoteSigner> NoteSigner::from_checked_seed(std::string_view name, const uint8_t* seed) {
  if (!is_valid_note_key_name(name)) return Error("invalid key name");
  ensure_sodium();
  NoteSigner signer;
  signer.secret_.reset(static_cast<uint8_t*>(sodium_malloc(crypto_sign_SECRETKEYBYTES)));
  if (!signer.secret_) throw std::bad_alloc();
  crypto_sign_seed_keypair(signer.public_key_.data(), signer.secret_.get(), seed);
  signer.name_ = std::string(name);
  signer.key_id_ = note_key_id(name, kNoteAlgEd25519, view(signer.public_key_));
  return signer;
}

Result<NoteSigner> NoteSigner::generate(std::string_view name) {
  ensure_sodium();
  std::array<uint8_t, crypto_sign_SEEDBYTES> seed;
  randombytes_buf(seed.data(), seed.size());
  Result<NoteSigner> signer = from_checked_seed(name, seed.data());
  sodium_memzero(seed.data(), seed.size());
  return signer;
}

Result<NoteSigner> NoteSigner::from_seed(std::string_view name, ByteView seed) {
  if (seed.size() != crypto_sign_SEEDBYTES) {
    return Error("Ed25519 seed has " + std::to_string(seed.size()) + " bytes, want 32");
  }
  return from_checked_seed(name, seed.data());
}

Result<NoteSigner> NoteSigner::from_key_string(std::string_view signer_key) {
  if (signer_key.substr(0, kSignerPrefix.size()) != kSignerPrefix) {
    return Error("signer key does not start with PRIVATE+KEY+");
  }
  std::string_view rest = signer_key.substr(kSignerPrefix.size()), name, id;
  if (!chop_plus(rest, name) || !chop_plus(rest, id)) {
    return Error("signer key is not of the form PRIVATE+KEY+name+keyid+key");
  }
  if (!is_valid_note_key_name(name)) return Error("signer key has an invalid name");
  uint32_t claimed_id;
  if (!parse_hex8(id, claimed_id)) return Error("signer key ID is not 8 lower-case hex digits");
  Result<Bytes> blob = base64_decode(rest);
  if (!blob.ok()) return Error("signer key: " + blob.error().message());
  Result<NoteSigner> signer = Error("signer key is not a type-1 (Ed25519) key with a 32-byte seed");
  if (blob->size() == 1 + crypto_sign_SEEDBYTES && (*blob)[0] == kNoteAlgEd25519) {
    signer = from_checked_seed(name, blob->data() + 1);
  }
  sodium_memzero(blob->data(), blob->size());
  if (signer.ok() && signer->key_id() != claimed_id) {
    return Error("signer key ID " + std::string(id) + " does not match the key");
  }
  return signer;
}

std::string NoteSigner::key_string() const {
  Bytes blob{kNoteAlgEd25519};
  // libsodium's secret key is seed || public key.
  blob.insert(blob.end(), secret_.get(), secret_.get() + crypto_sign_SEEDBYTES);
  std::string encoded = base64_encode(blob);
  std::string out = std::string(kSignerPrefix) + key_label(name_, key_id_) + "+" + encoded;
  sodium_memzero(blob.data(), blob.size());
  sodium_memzero(encoded.data(), encoded.size());
  return out;
}

std::string NoteSigner::verifier_key_string() const {
  return format_note_verifier_key(name_, kNoteAlgEd25519, public_key_);
}

Result<NoteSignature> NoteSigner::sign(std::string_view text) const {
  Status ok = check_note_text(text);
  if (!ok.ok()) return ok.error();
  const std::array<uint8_t, 64> sig = sign_raw(as_bytes(text));
  return NoteSignature{name_, key_id_, Bytes(sig.begin(), sig.end())};
}

std::array<uint8_t, 64> NoteSigner::sign_raw(ByteView message) const {
  std::array<uint8_t, 64> sig;
  crypto_sign_detached(sig.data(), nullptr, message.data(), message.size(), secret_.get());
  return sig;
}

// ---------------------------------------------------------------------------
// NoteVerifier

Result<NoteVerifier> NoteVerifier::from_key_string(std::string_view verifier_key) {
  Result<NoteVerifierKey> key = parse_note_verifier_key(verifier_key);
  if (!key.ok()) return key.error();
  if (key->alg != kNoteAlgEd25519) {
    return Error("verifier key has signature type " + std::to_string(key->alg) +
                 ", want 1 (Ed25519)");
  }
  return from_public_key(key->name, key->public_key);
}

Result<NoteVerifier> NoteVerifier::from_public_key(std::string_view name,
                                                   const NotePublicKey& public_key) {
  if (!is_valid_note_key_name(name)) return Error("invalid key name");
  NoteVerifier v;
  v.name_ = std::string(name);
  v.public_key_ = public_key;
  v.key_id_ = note_key_id(name, kNoteAlgEd25519, view(public_key));
  return v;
}

std::string NoteVerifier::key_string() const {
  return format_note_verifier_key(name_, kNoteAlgEd25519, public_key_);
}

bool NoteVerifier::matches(const NoteSignature& sig) const {
  return sig.name == name_ && sig.key_id == key_id_;
}

Status NoteVerifier::verify(const Note& note) const {
  Status text_ok = check_note_text(note.text);
  if (!text_ok.ok()) return text_ok;
  ensure_sodium();
  bool verified = false;
  for (const NoteSignature& sig : note.sigs) {
    if (!matches(sig)) continue;
    if (sig.sig.size() != crypto_sign_BYTES) {
      return Error("signature from " + key_label(name_, key_id_) + " has " +
                   std::to_string(sig.sig.size()) + " bytes, want 64");
    }
    if (crypto_sign_verify_detached(sig.sig.data(),
                                    reinterpret_cast<const uint8_t*>(note.text.data()),
                                    note.text.size(), public_key_.data()) != 0) {
      return Error("invalid signature from " + key_label(name_, key_id_));
    }
    verified = true;
  }
  if (!verified) return Error("note has no signature from " + key_label(name_, key_id_));
  return Status::Ok();
}

Result<Note> NoteVerifier::open(std::string_view signed_note) const {
  Result<Note> note = parse_note(signed_note);
  if (!note.ok()) return note;
  Status ok = verify(*note);
  if (!ok.ok()) return ok.error();
  return note;
}

}  // namespace conclave
