// C2SP signed notes (https://c2sp.org/signed-note, the format of Go's
// golang.org/x/mod/sumdb/note): a text signed by one or more named keys. Our
// checkpoints and witness cosignatures are signed notes.
//
// Wire format: the text (valid UTF-8, ending in '\n', no ASCII control
// character other than '\n'), then a blank line, then one or more signature
// lines "— <key name> <base64(u32be key ID || signature)>\n" (U+2014 EM DASH,
// space). The text may contain blank lines: it ends at the last blank line.
//
// Ed25519 keys (signature type 0x01): the key ID is the first four bytes,
// big-endian, of SHA-256(name || 0x0A || 0x01 || 32-byte public key), and
// the signature is plain Ed25519 over the text bytes. Key strings:
//   verifier key  <name>+<hex8 key ID>+<base64(0x01 || public key)>
//   signer key    PRIVATE+KEY+<name>+<hex8 key ID>+<base64(0x01 || 32-byte seed)>
// Key names are non-empty valid UTF-8 with no '+', no Unicode space and no
// ASCII control character. The key ID in a key string is 8 lower-case hex
// digits and must match the key.
//
// Verification follows the spec: signatures from unknown keys (any line whose
// name and key ID are not both the verifier's) are ignored; a line from the
// verifier's key that fails to verify rejects the whole note; a note with no
// signature from the verifier's key is rejected.
//
// Parsing is strict (canonical base64, size and signature-count limits) and
// never throws on bad input.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/bytes.h"
#include "crypto/result.h"

namespace conclave {

// Signature type bytes from the C2SP signed-note registry.
inline constexpr uint8_t kNoteAlgEd25519 = 0x01;
inline constexpr uint8_t kNoteAlgCosignatureV1 = 0x04;  // c2sp.org/tlog-cosignature

// Limits on notes we accept (the spec requires at least 16 signatures).
inline constexpr size_t kMaxNoteBytes = 1 << 20;
inline constexpr size_t kMaxNoteSignatures = 100;

// A 32-byte Ed25519 public key as used in note key strings.
using NotePublicKey = std::array<uint8_t, 32>;

// True iff `name` is a valid key name: non-empty, valid UTF-8, no '+', no
// Unicode white space (Go's unicode.IsSpace set) and no ASCII control
// character.
bool is_valid_note_key_name(std::string_view name);

// First four bytes, big-endian, of SHA-256(name || 0x0A || alg || public_key).
uint32_t note_key_id(std::string_view name, uint8_t alg, ByteView public_key);

// A parsed verifier key ("vkey") of a signature type with a 32-byte Ed25519
// public key: kNoteAlgEd25519 or kNoteAlgCosignatureV1.
struct NoteVerifierKey {
  std::string name;
  uint32_t key_id = 0;
  uint8_t alg = 0;
  NotePublicKey public_key{};
};

// Parses "<name>+<hex8>+<base64(alg || key)>". Fails on a bad name, a key ID
// that is not 8 lower-case hex digits or does not match the key, bad or
// non-canonical base64, an unsupported signature type, or a key of the wrong
// length. Does not check that the key is a valid curve point (verification
// rejects such keys).
Result<NoteVerifierKey> parse_note_verifier_key(std::string_view vkey);

// Formats a verifier key; the key ID is computed from (name, alg, key). The
// name must be valid (see is_valid_note_key_name) for the result to parse.
std::string format_note_verifier_key(std::string_view name, uint8_t alg,
                                     const NotePublicKey& public_key);

// One signature line: `sig` is the signature proper, without the key ID.
struct NoteSignature {
  std::string name;
  uint32_t key_id = 0;
  Bytes sig;

  bool operator==(const NoteSignature&) const = default;
};

// A note's text (ending in '\n') and its signature lines, in order.
struct Note {
  std::string text;
  std::vector<NoteSignature> sigs;

  bool operator==(const Note&) const = default;
};

// Checks that `text` can be the text of a note: non-empty, ends in '\n', at
// most kMaxNoteBytes, valid UTF-8, and no ASCII control character but '\n'.
Status check_note_text(std::string_view text);

// Splits a signed note into text and signature lines without verifying any
// signature. Fails if the note is larger than kMaxNoteBytes, is not valid
// UTF-8, contains a control character other than '\n', has no blank line, or
// has no, more than kMaxNoteSignatures, or a malformed signature line (wrong
// dash, missing space, invalid name, empty, invalid or non-canonical base64,
// fewer than 5 decoded bytes, or no final '\n').
Result<Note> parse_note(std::string_view signed_note);

// The wire form: text, a blank line, then one line per signature. Does not
// validate: the output parses back to `note` iff note.text passes
// check_note_text, every name is valid and there is at least one signature.
std::string format_note(const Note& note);

// An Ed25519 note signing key. The secret lives in sodium_malloc'd memory
// (locked, guarded, wiped on destruction). Move-only; a moved-from signer
// must not be used. Signing is thread-safe (const, no shared state).
class NoteSigner {
 public:
  // A fresh random key for `name`. Fails only on an invalid name.
  static Result<NoteSigner> generate(std::string_view name);
  // The key with the given 32-byte Ed25519 seed. Fails on an invalid name or
  // a seed of the wrong length.
  static Result<NoteSigner> from_seed(std::string_view name, ByteView seed);
  // Parses "PRIVATE+KEY+<name>+<hex8>+<base64(0x01 || seed)>". Fails on any
  // deviation from that form, a signature type other than 0x01, or a key ID
  // that does not match the derived public key.
  static Result<NoteSigner> from_key_string(std::string_view signer_key);

  NoteSigner(NoteSigner&&) noexcept = default;
  NoteSigner& operator=(NoteSigner&&) noexcept = default;
  NoteSigner(const NoteSigner&) = delete;
  NoteSigner& operator=(const NoteSigner&) = delete;
  ~NoteSigner() = default;

  const std::string& name() const { return name_; }
  uint32_t key_id() const { return key_id_; }
  const NotePublicKey& public_key() const { return public_key_; }

  // The signer key string. It contains the secret seed: the caller must
  // protect (and should wipe) it.
  std::string key_string() const;
  // The matching verifier key string (type 0x01).
  std::string verifier_key_string() const;

  // Signs `text` as a note text. Fails if check_note_text(text) fails.
  Result<NoteSignature> sign(std::string_view text) const;

  // Plain Ed25519 over `message`, for formats that define their own signed
  // message and domain separation (tlog-cosignature/v1). Do not use one key
  // both as a note signer and as a cosigner: a cosigned message is itself a
  // valid note text.
  std::array<uint8_t, 64> sign_raw(ByteView message) const;

 private:
  struct SecretFree {
    void operator()(uint8_t* p) const;
  };
  NoteSigner() = default;
  static Result<NoteSigner> from_checked_seed(std::string_view name, const uint8_t* seed);

  std::string name_;
  uint32_t key_id_ = 0;
  NotePublicKey public_key_{};
  std::unique_ptr<uint8_t, SecretFree> secret_;  // 64-byte libsodium secret key
};

// Verifies notes signed by one Ed25519 key. Intentionally copyable.
class NoteVerifier {
 public:
  // Parses a verifier key string; fails unless it is a valid type-0x01 key.
  static Result<NoteVerifier> from_key_string(std::string_view verifier_key);
  // Fails on an invalid name.
  static Result<NoteVerifier> from_public_key(std::string_view name,
                                              const NotePublicKey& public_key);

  const std::string& name() const { return name_; }
  uint32_t key_id() const { return key_id_; }
  const NotePublicKey& public_key() const { return public_key_; }
  std::string key_string() const;

  // True iff the line claims to be from this key (same name and key ID).
  bool matches(const NoteSignature& sig) const;

  // Succeeds iff note.text is a valid note text, at least one signature line
  // matches this key, and every matching line is a valid Ed25519 signature of
  // note.text. Lines from other keys are ignored.
  Status verify(const Note& note) const;

  // parse_note followed by verify.
  Result<Note> open(std::string_view signed_note) const;

 private:
  NoteVerifier() = default;

  std::string name_;
  uint32_t key_id_ = 0;
  NotePublicKey public_key_{};
};

}  // namespace conclave
