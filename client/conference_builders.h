// Builders of conference entries, from the state a client replayed from the
// log. Pure functions of their inputs (plus randomness for codes, nonces and
// polynomials): no network, no files. Each returns an EntryBody with its
// kind set; submit_entry() stamps origin and time and signs it.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "crypto/dkg.h"
#include "node/core/conference_rules.h"
#include "node/core/state.h"

namespace conclave::client {

// ---------------------------------------------------------------- members --

struct NewMember {
  v1::EntryBody body;
  std::string code;  // give to the member; never logged
};
NewMember build_member_added(const std::string& origin, const std::string& member_id,
                             const std::string& full_name, const std::string& role);
Result<v1::EntryBody> build_member_enrolled(const std::string& origin, const std::string& member_id,
                                            std::string_view code, const Identity& new_key);

// ------------------------------------------------------------- conference --

// Reads an agenda written by hand (YAML; see README) into a
// ConferenceCreated with every default written out: quorum 2/3 of the
// roster; resolutions pass with approve > 1/2 of attendees, elections elect
// up to `seats` candidates each with > 1/2 of attendees, agreements pass with
// approve > 1/2 of the roster, consultations run 5 days. `roster: all` takes
// every registered member. The conference id is conference_id, or the
// agenda's own `id:` when conference_id is empty.
Result<v1::ConferenceCreated> parse_agenda(std::string_view yaml, const core::State& state,
                                           const std::string& conference_id);

// --------------------------------------------------------------- ceremony --

v1::EntryBody build_dkg_commitment(const core::Conference& c, uint32_t index,
                                   const Polynomial& poly);
v1::EntryBody build_dkg_shares(const core::Conference& c, uint32_t index, const Polynomial& poly);

// What trustee j finds when it opens the shares dealt to it.
struct ReceivedShares {
  std::map<uint32_t, Scalar> valid;   // dealer → f_i(j)
  std::vector<uint32_t> bad_dealers;  // shares that do not open or do not verify
};
ReceivedShares open_received_shares(const core::Conference& c, uint32_t j, const Identity& key);
v1::EntryBody build_dkg_complaint(const core::Conference& c, uint32_t accuser, uint32_t accused);
v1::EntryBody build_dkg_reveal(const core::Conference& c, uint32_t dealer, uint32_t recipient,
                               const Polynomial& poly);
// The closing entry with the outcome the log implies (fails if fewer than
// threshold trustees qualify).
Result<v1::EntryBody> build_key_ceremony_done(const core::State& s, const core::Conference& c);
// Deterministic per trustee and conference: f(x) with coefficients
// H_scalar("dkg-poly", seed, ceremony context, k), so a trustee whose client
// restarts can still answer complaints. The seed is the key file's secret.
Polynomial trustee_polynomial(const core::Conference& c, const Identity& key);
// s_j = Σ_{i∈QUAL} f_i(j), from sealed shares and reveals; checked against
// K_j. Only after the ceremony is done.
Result<Scalar> trustee_secret_share(const core::Conference& c, uint32_t j, const Identity& key);

// ----------------------------------------------------------------- voting --

v1::EntryBody build_check_in(const std::string& conference_id, const std::string& member_id);
v1::EntryBody build_item_opened(const std::string& conference_id, const std::string& item_id);
v1::EntryBody build_item_closed(const std::string& conference_id, const std::string& item_id);

// Turns the voter's words into selections (one vector per contest):
// resolution/agreement: "approve" | "reject" | "abstain" | "blank";
// election: candidate ids (comma-separated), or none for a blank ballot;
// consultation: answers[section] = "agree" | "disagree" | "abstain" | "".
Result<std::vector<std::vector<uint64_t>>> choices_for(
    const core::Item& item, const std::vector<std::string>& picks,
    const std::map<uint32_t, std::string>& answers);

struct BuiltBallot {
  v1::Ballot ballot;
  Bytes seed;                  // keep only for a Benaloh challenge
  std::vector<uint64_t> flat;  // all selections, concatenated
};
Result<BuiltBallot> build_ballot(const core::Conference& c, const core::Item& item,
                                 const std::string& member_id, const PublicKey& voter,
                                 const std::vector<std::vector<uint64_t>>& choices,
                                 const std::vector<std::string>& comments = {});
v1::EntryBody ballot_body(const BuiltBallot& b);
v1::EntryBody spoiled_body(const BuiltBallot& b);

// ------------------------------------------------------------------ tally --

// The trustee's share for a closed item: aggregates recomputed by the
// caller from the log it verified must equal the state's.
Result<v1::EntryBody> build_decryption_share(const core::Conference& c, const core::Item& item,
                                             uint32_t j, const Scalar& secret_share,
                                             const PublicKey& trustee_key);
// The result from the shares posted so far (uses all posted shares).
Result<v1::EntryBody> build_item_result(const core::Conference& c, const core::Item& item);

struct CommentAnswer {
  Hash32 ballot_leaf_hash;
  uint32_t section;
  std::string decision;  // accepted | explained
  std::string text;
};
v1::EntryBody build_comment_responses(const std::string& conference_id, const std::string& item_id,
                                      const std::vector<CommentAnswer>& answers);
v1::EntryBody build_minutes_signed(const core::State& s, const core::Conference& c,
                                   const std::string& role);

}  // namespace conclave::client
