// Describing log entries to people: the kind (the EntryBody oneof case
// name, e.g. "disclosure"), a one-line summary, and the body as JSON.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "conclave.pb.h"
#include "crypto/result.h"

namespace conclave::client {

// The name of the body's oneof case ("genesis", "ballot", …), or "none".
std::string entry_kind(const v1::EntryBody& body);

// One line about the entry (no newline, control characters removed).
std::string entry_summary(const v1::EntryBody& body);

// The body in the proto3 JSON mapping (proto field names; bytes as base64,
// 64-bit integers as strings).
Result<nlohmann::ordered_json> entry_body_json(const v1::EntryBody& body);

}  // namespace conclave::client
