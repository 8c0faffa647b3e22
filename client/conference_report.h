// Person-readable and JSON views of conferences and item results, all
// computed from a replayed state.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "node/core/state.h"

namespace conclave::client {

std::string conference_text(const core::State& s, const core::Conference& c);
nlohmann::ordered_json conference_json(const core::State& s, const core::Conference& c);
std::string item_text(const core::State& s, const core::Conference& c, const core::Item& item);
nlohmann::ordered_json item_json(const core::State& s, const core::Conference& c,
                                 const core::Item& item);

}  // namespace conclave::client
