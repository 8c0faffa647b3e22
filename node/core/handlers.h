// One handler per entry kind. Each checks the entry against the state and
// the rules of DESIGN §5, and only when everything holds, mutates the state.
// Internal to node/core: callers use apply().
#pragma once

#include "node/core/apply.h"

namespace conclave::core {

Status apply_genesis(State& s, const ParsedEntry& e, const ApplyOptions& o);
Status apply_disclosure(State& s, const ParsedEntry& e, const ApplyOptions& o);
Status apply_member_added(State& s, const ParsedEntry& e, const ApplyOptions& o);
Status apply_member_enrolled(State& s, const ParsedEntry& e, const ApplyOptions& o);
Status apply_conference_created(State& s, const ParsedEntry& e, const ApplyOptions& o);
Status apply_dkg_commitment(State& s, const ParsedEntry& e, const ApplyOptions& o);
Status apply_dkg_shares(State& s, const ParsedEntry& e, const ApplyOptions& o);
Status apply_dkg_complaint(State& s, const ParsedEntry& e, const ApplyOptions& o);
Status apply_dkg_reveal(State& s, const ParsedEntry& e, const ApplyOptions& o);
Status apply_key_ceremony_done(State& s, const ParsedEntry& e, const ApplyOptions& o);
Status apply_check_in(State& s, const ParsedEntry& e, const ApplyOptions& o);
Status apply_item_opened(State& s, const ParsedEntry& e, const ApplyOptions& o);
Status apply_item_closed(State& s, const ParsedEntry& e, const ApplyOptions& o);
Status apply_ballot(State& s, const ParsedEntry& e, const ApplyOptions& o);
Status apply_spoiled_ballot(State& s, const ParsedEntry& e, const ApplyOptions& o);
Status apply_decryption_share(State& s, const ParsedEntry& e, const ApplyOptions& o);
Status apply_item_result(State& s, const ParsedEntry& e, const ApplyOptions& o);
Status apply_comment_responses(State& s, const ParsedEntry& e, const ApplyOptions& o);
Status apply_minutes_signed(State& s, const ParsedEntry& e, const ApplyOptions& o);

// Shorthands for typed rejections.
inline Error denied(std::string m) {
  return Error(ErrorCode::kPermissionDenied, std::move(m));
}
inline Error precondition(std::string m) {
  return Error(ErrorCode::kFailedPrecondition, std::move(m));
}
inline Error invalid(std::string m) {
  return Error(ErrorCode::kInvalidArgument, std::move(m));
}
inline Error duplicate(std::string m) {
  return Error(ErrorCode::kAlreadyExists, std::move(m));
}
inline Error not_found(std::string m) {
  return Error(ErrorCode::kNotFound, std::move(m));
}

}  // namespace conclave::core
