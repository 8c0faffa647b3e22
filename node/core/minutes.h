// The minutes (biên bản) of a conference, rendered in Vietnamese Markdown
// from the state alone. The text is deterministic — integer arithmetic only,
// nothing from the clock — so the organizer's and the secretary's
// signatures cover the same bytes, and anyone replaying the log can render
// the exact text they signed.
#pragma once

#include <string>

#include "node/core/state.h"

namespace conclave::core {

std::string render_minutes_markdown(const State& s, const Conference& c);

// Whether every item of the conference has a published result.
bool all_items_tallied(const Conference& c);

}  // namespace conclave::core
