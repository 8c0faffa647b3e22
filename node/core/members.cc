// Members: the organizer registers staff (or issues a new code to re-key a
// member); a member enrolls a key by signing with the code's key.
#include <sodium.h>

#include "node/core/codec.h"
#include "node/core/conference_rules.h"
#include "node/core/handlers.h"
#include "node/core/text.h"

namespace conclave::core {
namespace {

// A key that crypto_box can seal to: not of small order (libsodium refuses
// to compute a shared secret with those, so nothing could reach the member).
bool valid_box_key(ByteView key) {
  unsigned char scalar[crypto_scalarmult_SCALARBYTES] = {9};
  unsigned char out[crypto_scalarmult_BYTES];
  return crypto_scalarmult(out, scalar, key.data()) == 0;
}

}  // namespace

Status apply_member_added(State& s, const ParsedEntry& e, const ApplyOptions&) {
  const v1::MemberAdded& m = e.body.member_added();
  if (!s.is_organizer(e.author)) return denied("only an organizer may register members");
  if (Status t = check_identifier("member id", m.member_id()); !t) return t;
  if (Status t = check_text("full name", m.full_name(), 200); !t) return t;
  if (Status t = check_text("role", m.role(), 200, false, true); !t) return t;
  Result<PublicKey> code_key = decode_key(m.code_key(), "enrollment code key");
  if (!code_key) return code_key.error();
  Member& member = s.members[m.member_id()];
  member.id = m.member_id();
  member.full_name = m.full_name();
  member.role = m.role();
  member.code_key = *code_key;  // a new code replaces an unused older one
  return Status::Ok();
}

Status apply_member_enrolled(State& s, const ParsedEntry& e, const ApplyOptions&) {
  const v1::MemberEnrolled& m = e.body.member_enrolled();
  auto it = s.members.find(m.member_id());
  if (it == s.members.end()) return not_found("no member \"" + m.member_id() + "\" is registered");
  Member& member = it->second;
  if (!member.code_key) {
    return precondition("member " + m.member_id() +
                        " has no unused enrollment code; ask an organizer for a new one");
  }
  if (m.box_key().size() != 32 || !valid_box_key(as_bytes(m.box_key()))) {
    return invalid("the encryption (X25519) key is not a usable X25519 public key");
  }
  // Entry parsing leaves full point validation to Ed25519 verification;
  // a key that becomes a member's identity gets the complete check once.
  if (!decode_public_key(e.author)) return invalid("the new key is not a valid Ed25519 key");
  if (s.member_by_key.contains(e.author)) {
    return duplicate("this key is already enrolled for member " + s.member_by_key.at(e.author));
  }
  for (const auto& [id, other] : s.members) {
    for (const PublicKey& old : other.revoked) {
      if (old == e.author) return duplicate("this key was revoked and cannot be enrolled again");
    }
  }
  Bytes msg = enrollment_message(s.origin, m.member_id(), e.author, as_bytes(m.box_key()));
  if (!verify_signature(*member.code_key, kEnrollDomain, msg, as_bytes(m.code_signature()))) {
    return denied("the enrollment code is wrong for member " + m.member_id());
  }
  if (member.key) {
    member.revoked.push_back(*member.key);
    s.member_by_key.erase(*member.key);
  }
  member.key = e.author;
  std::copy(m.box_key().begin(), m.box_key().end(), member.box_key.begin());
  member.code_key.reset();  // one-time
  s.member_by_key[e.author] = member.id;
  return Status::Ok();
}

}  // namespace conclave::core
