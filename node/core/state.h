// The state of one unit's log: everything apply() needs to judge the next
// entry. It is a pure function of the log's entries (replaying them from
// index 0 rebuilds it exactly), shared by the node, the client and the
// auditor. Intentionally copyable.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "crypto/identity.h"
#include "crypto/sha.h"

namespace conclave::core {

struct DisclosureRecord {
  uint64_t index;  // log index of the disclosure entry
  std::string title;
  Hash32 sha256;
  uint64_t size;
  std::string filename;
  PublicKey author;
};

struct State {
  std::string origin;
  uint64_t size = 0;  // number of entries applied

  // Set by the genesis entry (index 0).
  bool has_genesis = false;
  std::string unit_name;
  PublicKey node_key{};
  std::map<PublicKey, std::string> organizers;  // key → name
  std::string parent_origin;

  std::vector<DisclosureRecord> disclosures;

  bool is_organizer(const PublicKey& k) const { return organizers.contains(k); }
};

}  // namespace conclave::core
