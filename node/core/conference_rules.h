// The rules of a conference as pure functions, shared by the state machine,
// the client that builds entries and the auditor that checks them: item
// contests, proof bindings and context hashes, enrollment codes, quorum, pass
// rules, and the tally from decryption shares.
#pragma once

#include <string>
#include <vector>

#include "crypto/binding.h"
#include "node/core/state.h"

namespace conclave::core {

// ----------------------------------------------------------- enrollment --

inline constexpr std::string_view kEnrollDomain = "enroll";

// A fresh one-time code: 120 random bits as 24 base32 characters in groups
// of four ("abcd-efgh-…"), easy to print, read aloud or put in a QR code.
std::string new_enrollment_code();
// Lower-cases and removes dashes and spaces; fails unless 24 base32 chars.
Result<std::string> normalize_enrollment_code(std::string_view code);
// The Ed25519 key a code stands for: seed = first 32 bytes of
// H("enroll-code", origin, member id, normalized code).
Identity enrollment_code_identity(const std::string& origin, const std::string& member_id,
                                  const std::string& normalized_code);
// What the code key signs to bind a new key to the member id.
Bytes enrollment_message(const std::string& origin, const std::string& member_id,
                         const PublicKey& new_key, ByteView box_key);

// ---------------------------------------------------------------- items --

Result<ItemType> parse_item_type(const std::string& s);
// The standard options of resolutions and agreements.
const std::vector<std::string>& approval_options();
// Contest rules of an item: one contest (label = item id) or, for a
// consultation, one per section (label = "<item>/s<index>").
std::vector<ContestRules> contests_for(const v1::AgendaItem& item);
// A person-readable label per selection, in ballot order.
std::vector<std::string> selection_labels(const v1::AgendaItem& item);

// ------------------------------------------------------ bindings, hashes --

// Binds DKG proofs: H("ceremony", origin, serialized ConferenceCreated).
Hash64 ceremony_context(const std::string& origin, const v1::ConferenceCreated& spec);
// Q = H("context", origin, conference id, serialized ConferenceCreated,
//       roster hash, trustee set hash, joint key).
Hash64 conference_context(const std::string& origin, const Conference& c, const Point& joint_key);
ProofBinding dkg_binding(const Conference& c);
ProofBinding ballot_binding(const Conference& c, const PublicKey& voter);
ProofBinding share_binding(const Conference& c, const PublicKey& trustee, const std::string& item,
                           uint32_t selection);
// H("aggregate", conference id, item id, u64 ballots, α_0, β_0, …).
Hash64 aggregate_hash(const std::string& conference_id, const std::string& item_id,
                      uint64_t ballots, const std::vector<Ciphertext>& aggregates);
// Homomorphic sums per selection over the ballots that count.
std::vector<Ciphertext> compute_aggregates(const Item& item);

// ------------------------------------------------------- quorum, rules --

// Attendees needed: the smallest a with a × den ≥ num × roster.
uint64_t quorum_needed(const Conference& c);
bool quorum_met(const Conference& c);

struct Outcome {
  std::string outcome;  // passed | failed | elected | tie | recorded
  std::vector<std::string> elected;
  std::string explanation;  // the rule as applied, in words
};
Outcome evaluate_outcome(const Item& item, const std::vector<uint64_t>& counts, uint64_t attendees,
                         uint64_t roster_size, uint64_t ballots);

// Combines the posted shares of the given trustees (≥ threshold, each
// verified on entry) into per-selection counts. Fails if a count is not a
// small multiple (≤ ballots), which no honest share set produces.
Result<std::vector<uint64_t>> tally_counts(const Conference& c, const Item& item,
                                           const std::vector<uint32_t>& trustees_used);

}  // namespace conclave::core
