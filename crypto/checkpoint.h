// C2SP transparency-log checkpoints (https://c2sp.org/tlog-checkpoint) and
// Ed25519 witness cosignatures (https://c2sp.org/tlog-cosignature, the
// cosignature/v1 type).
//
// A checkpoint is the text of a signed note (note.h):
//   <origin>\n<tree size, decimal>\n<base64 root hash>\n[<extension line>\n]*
// The log signs it with an ordinary Ed25519 note signature (NoteSigner, key
// name = origin); witnesses add cosignature lines to the same note.
//
// A cosignature/v1 line is a note signature whose key ID is
//   SHA-256(name || 0x0A || 0x04 || 32-byte Ed25519 public key)[:4]
// and whose signature bytes are u64be(timestamp) || Ed25519 signature over
//   "cosignature/v1\ntime <timestamp>\n" || the whole checkpoint text
// (extension lines included, signature lines excluded). The timestamp is
// POSIX seconds, at most 2^63 - 1. It states that, at that time, this was the
// largest consistent tree the witness had seen for the origin. Cosigner
// verifier keys are vkeys with signature type 0x04:
//   <name>+<hex8 key ID>+<base64(0x04 || public key)>
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/bytes.h"
#include "crypto/note.h"
#include "crypto/result.h"
#include "crypto/sha.h"

namespace conclave {

struct Checkpoint {
  std::string origin;
  uint64_t size = 0;
  Hash32 root{};
  std::vector<std::string> extensions;  // each non-empty, without its '\n'

  bool operator==(const Checkpoint&) const = default;
};

// "<origin>\n<size>\n<base64(root)>\n" followed by one line per extension.
// Does not validate: the result parses back to `cp` iff the origin and the
// extensions are non-empty, valid UTF-8, and free of control characters.
std::string format_checkpoint_text(const Checkpoint& cp);

// Parses a checkpoint note text strictly. Fails unless the text is a valid
// note text (check_note_text) of at least three lines where: the origin is
// non-empty; the size is ASCII decimal without leading zeros ("0" for the
// empty tree) that fits in 64 bits; the root is canonical base64 of exactly
// 32 bytes; and every extension line is non-empty. The origin is not
// otherwise restricted (the spec forbids assuming it is a URL).
Result<Checkpoint> parse_checkpoint_text(std::string_view text);

// The largest timestamp a cosignature may carry.
inline constexpr uint64_t kMaxCosignatureTimestamp =
    static_cast<uint64_t>(std::numeric_limits<int64_t>::max());

// The message a cosignature/v1 signs: "cosignature/v1\ntime <t>\n" || text.
Bytes cosignature_v1_message(std::string_view checkpoint_text, uint64_t timestamp);

// The cosignature/v1 key ID of (name, public key): note_key_id with type 0x04.
uint32_t cosignature_key_id(std::string_view name, const NotePublicKey& public_key);

// Cosigns `checkpoint_text` at `timestamp` with the witness key `cosigner`
// (its name is the line's key name; the key ID uses type 0x04). The caller
// must first have checked the checkpoint's signature and its consistency with
// what it cosigned before. Fails if the text is not a valid checkpoint or
// the timestamp exceeds kMaxCosignatureTimestamp.
Result<NoteSignature> cosign_checkpoint(const NoteSigner& cosigner,
                                        std::string_view checkpoint_text, uint64_t timestamp);

// The timestamp a cosignature/v1 line claims, without verifying it. Fails
// unless the signature is 8 + 64 bytes with a timestamp <= 2^63 - 1.
Result<uint64_t> cosignature_timestamp(const NoteSignature& sig);

// Verifies cosignature/v1 lines of one witness. Intentionally copyable.
class CosignatureVerifier {
 public:
  // Parses a type-0x04 verifier key string; fails on any other type.
  static Result<CosignatureVerifier> from_key_string(std::string_view verifier_key);
  // Fails on an invalid name.
  static Result<CosignatureVerifier> from_public_key(std::string_view name,
                                                     const NotePublicKey& public_key);

  const std::string& name() const { return name_; }
  uint32_t key_id() const { return key_id_; }
  const NotePublicKey& public_key() const { return public_key_; }
  // "<name>+<hex8>+<base64(0x04 || key)>".
  std::string key_string() const;

  // True iff the line claims to be from this witness (same name and key ID).
  bool matches(const NoteSignature& sig) const;

  // Verifies one line over `checkpoint_text` and returns its timestamp.
  // Fails if the line is not from this witness, is not 72 bytes, has a
  // timestamp above 2^63 - 1, the text is not a valid checkpoint, or the
  // Ed25519 signature does not verify.
  Result<uint64_t> verify(std::string_view checkpoint_text, const NoteSignature& sig) const;

  // Verifies every line of `note` from this witness (there must be at least
  // one; lines from other keys are ignored) and returns the latest of their
  // timestamps.
  Result<uint64_t> verify_note(const Note& note) const;

 private:
  CosignatureVerifier() = default;

  std::string name_;
  uint32_t key_id_ = 0;
  NotePublicKey public_key_{};
};

}  // namespace conclave
