#include "node/core/apply.h"

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

  Status s;
  switch (e.body.kind_case()) {
    case v1::EntryBody::kGenesis:
      s = apply_genesis(state, e, options);
      break;
    case v1::EntryBody::kDisclosure:
      s = apply_disclosure(state, e, options);
      break;
    default:
      s = invalid("entry kind " + std::to_string(e.body.kind_case()) +
                  " is not accepted by this node");
  }
  if (s) ++state.size;
  return s;
}

}  // namespace conclave::core
