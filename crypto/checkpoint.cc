#include "crypto/checkpoint.h"

#include <sodium.h>

#include <algorithm>
#include <utility>

#include "crypto/sodium_init.h"

namespace conclave {

namespace {

constexpr size_t kTimestampBytes = 8;
constexpr size_t kCosignatureBytes = kTimestampBytes + crypto_sign_BYTES;

// Strict ASCII decimal: digits only, no sign, no leading zero but "0", and no
// overflow.
bool parse_decimal_u64(std::string_view s, uint64_t& out) {
  if (s.empty() || (s.size() > 1 && s[0] == '0')) return false;
  uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    const uint64_t d = static_cast<uint64_t>(c - '0');
    if (v > (std::numeric_limits<uint64_t>::max() - d) / 10) return false;
    v = v * 10 + d;
  }
  out = v;
  return true;
}

uint64_t be64(const uint8_t* p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | p[i];
  return v;
}

std::string hex8(uint32_t v) {
  return hex_encode(u32be(v));
}

}  // namespace

std::string format_checkpoint_text(const Checkpoint& cp) {
  std::string out = cp.origin;
  out += '\n';
  out += std::to_string(cp.size);
  out += '\n';
  out += base64_encode(view(cp.root));
  out += '\n';
  for (const std::string& ext : cp.extensions) {
    out += ext;
    out += '\n';
  }
  return out;
}

Result<Checkpoint> parse_checkpoint_text(std::string_view text) {
  Status note_ok = check_note_text(text);
  if (!note_ok.ok()) return Error("checkpoint: " + note_ok.error().message());
  std::vector<std::string_view> lines;
  for (std::string_view rest = text; !rest.empty();) {
    const size_t nl = rest.find('\n');  // found: the text ends in '\n'
    lines.push_back(rest.substr(0, nl));
    rest.remove_prefix(nl + 1);
  }
  if (lines.size() < 3) {
    return Error("checkpoint has " + std::to_string(lines.size()) + " lines, want at least 3");
  }
  Checkpoint cp;
  if (lines[0].empty()) return Error("checkpoint origin is empty");
  cp.origin = std::string(lines[0]);
  if (!parse_decimal_u64(lines[1], cp.size)) {
    return Error("checkpoint size is not a canonical decimal 64-bit number");
  }
  Result<Bytes> root = base64_decode(lines[2]);
  if (!root.ok()) return Error("checkpoint root hash: " + root.error().message());
  if (root->size() != cp.root.size()) {
    return Error("checkpoint root hash has " + std::to_string(root->size()) + " bytes, want 32");
  }
  std::copy(root->begin(), root->end(), cp.root.begin());
  for (size_t i = 3; i < lines.size(); ++i) {
    if (lines[i].empty()) {
      return Error("checkpoint extension line " + std::to_string(i - 2) + " is empty");
    }
    cp.extensions.emplace_back(lines[i]);
  }
  return cp;
}

Bytes cosignature_v1_message(std::string_view checkpoint_text, uint64_t timestamp) {
  const std::string header = "cosignature/v1\ntime " + std::to_string(timestamp) + "\n";
  Bytes msg(header.begin(), header.end());
  msg.insert(msg.end(), checkpoint_text.begin(), checkpoint_text.end());
  return msg;
}

uint32_t cosignature_key_id(std::string_view name, const NotePublicKey& public_key) {
  return note_key_id(name, kNoteAlgCosignatureV1, view(public_key));
}

Result<NoteSignature> cosign_checkpoint(const NoteSigner& cosigner,
                                        std::string_view checkpoint_text, uint64_t timestamp) {
  if (timestamp > kMaxCosignatureTimestamp) {
    return Error("cosignature timestamp " + std::to_string(timestamp) + " exceeds 2^63-1");
  }
  Result<Checkpoint> cp = parse_checkpoint_text(checkpoint_text);
  if (!cp.ok()) return cp.error();
  const std::array<uint8_t, 64> sig =
      cosigner.sign_raw(cosignature_v1_message(checkpoint_text, timestamp));
  NoteSignature out;
  out.name = cosigner.name();
  out.key_id = cosignature_key_id(cosigner.name(), cosigner.public_key());
  out.sig = u64be(timestamp);
  out.sig.insert(out.sig.end(), sig.begin(), sig.end());
  return out;
}

Result<uint64_t> cosignature_timestamp(const NoteSignature& sig) {
  if (sig.sig.size() != kCosignatureBytes) {
    return Error("cosignature from " + sig.name + " has " + std::to_string(sig.sig.size()) +
                 " bytes, want 72");
  }
  const uint64_t timestamp = be64(sig.sig.data());
  if (timestamp > kMaxCosignatureTimestamp) {
    return Error("cosignature from " + sig.name + " has timestamp " + std::to_string(timestamp) +
                 " above 2^63-1");
  }
  return timestamp;
}

Result<CosignatureVerifier> CosignatureVerifier::from_key_string(std::string_view verifier_key) {
  Result<NoteVerifierKey> key = parse_note_verifier_key(verifier_key);
  if (!key.ok()) return key.error();
  if (key->alg != kNoteAlgCosignatureV1) {
    return Error("verifier key has signature type " + std::to_string(key->alg) +
                 ", want 4 (cosignature/v1)");
  }
  return from_public_key(key->name, key->public_key);
}

Result<CosignatureVerifier> CosignatureVerifier::from_public_key(std::string_view name,
                                                                 const NotePublicKey& public_key) {
  if (!is_valid_note_key_name(name)) return Error("invalid key name");
  CosignatureVerifier v;
  v.name_ = std::string(name);
  v.public_key_ = public_key;
  v.key_id_ = cosignature_key_id(name, public_key);
  return v;
}

std::string CosignatureVerifier::key_string() const {
  return format_note_verifier_key(name_, kNoteAlgCosignatureV1, public_key_);
}

bool CosignatureVerifier::matches(const NoteSignature& sig) const {
  return sig.name == name_ && sig.key_id == key_id_;
}

Result<uint64_t> CosignatureVerifier::verify(std::string_view checkpoint_text,
                                             const NoteSignature& sig) const {
  const std::string label = name_ + "+" + hex8(key_id_);
  if (!matches(sig)) return Error("signature line is not from cosigner " + label);
  Result<uint64_t> timestamp = cosignature_timestamp(sig);
  if (!timestamp.ok()) return timestamp;
  Result<Checkpoint> cp = parse_checkpoint_text(checkpoint_text);
  if (!cp.ok()) return cp.error();
  ensure_sodium();
  const Bytes msg = cosignature_v1_message(checkpoint_text, *timestamp);
  if (crypto_sign_verify_detached(sig.sig.data() + kTimestampBytes, msg.data(), msg.size(),
                                  public_key_.data()) != 0) {
    return Error("invalid cosignature from " + label);
  }
  return timestamp;
}

Result<uint64_t> CosignatureVerifier::verify_note(const Note& note) const {
  bool found = false;
  uint64_t latest = 0;
  for (const NoteSignature& sig : note.sigs) {
    if (!matches(sig)) continue;
    Result<uint64_t> timestamp = verify(note.text, sig);
    if (!timestamp.ok()) return timestamp;
    latest = found ? std::max(latest, *timestamp) : *timestamp;
    found = true;
  }
  if (!found) return Error("note has no cosignature from " + name_ + "+" + hex8(key_id_));
  return latest;
}

}  // namespace conclave
