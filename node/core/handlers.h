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

// The item an entry names, or NOT_FOUND naming the missing conference or item.
inline Result<std::pair<Conference*, Item*>> find_item(State& s, const std::string& conference_id,
                                                       const std::string& item_id) {
  Conference* c = s.conference(conference_id);
  if (!c) return not_found("no conference \"" + conference_id + "\"");
  Item* item = c->item(item_id);
  if (!item) return not_found("conference " + conference_id + " has no item \"" + item_id + "\"");
  return std::make_pair(c, item);
}
inline Result<std::pair<const Conference*, const Item*>> find_item(const State& s,
                                                                   const std::string& conference_id,
                                                                   const std::string& item_id) {
  auto found = find_item(const_cast<State&>(s), conference_id, item_id);
  if (!found) return found.error();
  return std::pair<const Conference*, const Item*>(found->first, found->second);
}

}  // namespace conclave::core
