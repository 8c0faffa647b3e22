// One handler per entry kind. Each checks the entry against the state and
// the rules of DESIGN §5, and only when everything holds, mutates the state.
// Internal to node/core: callers use apply().
#pragma once

#include "node/core/apply.h"

namespace conclave::core {

Status apply_genesis(State& s, const ParsedEntry& e, const ApplyOptions& o);
Status apply_disclosure(State& s, const ParsedEntry& e, const ApplyOptions& o);

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
