#include "node/core/apply.h"

#include <map>

#include "node/core/handlers.h"

namespace conclave::core {

Status apply(State& state, const ParsedEntry& e, const ApplyOptions& options) {
  if (e.body.origin() != state.origin) {
    return invalid("entry is for log \"" + e.body.origin() + "\", this log is \"" + state.origin +
                   "\"");
  }
  const bool is_genesis = e.body.kind_case() == v1::EntryBody::kGenesis;
  if (state.size == 0 && !is_genesis)
    return precondition("the first entry must be the unit genesis");
  if (state.size > 0 && is_genesis) return precondition("the log already has its genesis entry");

  using Handler = Status (*)(State&, const ParsedEntry&, const ApplyOptions&);
  static const std::map<v1::EntryBody::KindCase, Handler> kHandlers = {
      {v1::EntryBody::kGenesis, apply_genesis},
      {v1::EntryBody::kDisclosure, apply_disclosure},
      {v1::EntryBody::kMemberAdded, apply_member_added},
      {v1::EntryBody::kMemberEnrolled, apply_member_enrolled},
      {v1::EntryBody::kConferenceCreated, apply_conference_created},
      {v1::EntryBody::kDkgCommitment, apply_dkg_commitment},
      {v1::EntryBody::kDkgShares, apply_dkg_shares},
      {v1::EntryBody::kDkgComplaint, apply_dkg_complaint},
      {v1::EntryBody::kDkgReveal, apply_dkg_reveal},
      {v1::EntryBody::kKeyCeremonyDone, apply_key_ceremony_done},
      {v1::EntryBody::kCheckIn, apply_check_in},
      {v1::EntryBody::kItemOpened, apply_item_opened},
      {v1::EntryBody::kItemClosed, apply_item_closed},
      {v1::EntryBody::kBallot, apply_ballot},
      {v1::EntryBody::kSpoiledBallot, apply_spoiled_ballot},
      {v1::EntryBody::kDecryptionShare, apply_decryption_share},
      {v1::EntryBody::kItemResult, apply_item_result},
      {v1::EntryBody::kCommentResponses, apply_comment_responses},
      {v1::EntryBody::kMinutesSigned, apply_minutes_signed},
  };
  auto it = kHandlers.find(e.body.kind_case());
  Status s = it == kHandlers.end() ? invalid("entry kind " + std::to_string(e.body.kind_case()) +
                                             " is not accepted by this node")
                                   : it->second(state, e, options);
  if (s) ++state.size;
  return s;
}

}  // namespace conclave::core
