// Builders of signed entries for state-machine and ledger tests.
#pragma once

#include <chrono>

#include "crypto/identity.h"
#include "node/core/apply.h"

namespace conclave::testing {

inline constexpr char kOrigin[] = "example.org/unit";

inline v1::EntryBody body_for(const std::string& origin = kOrigin) {
  v1::EntryBody b;
  b.set_origin(origin);
  b.set_time_unix_ms(std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count());
  return b;
}

inline v1::EntryBody genesis_body(const Identity& node, const std::vector<const Identity*>& orgs) {
  v1::EntryBody b = body_for();
  auto* g = b.mutable_genesis();
  g->set_unit_name("Sở Tư pháp");
  g->set_node_key(node.public_key().data(), 32);
  for (const Identity* o : orgs) {
    auto* p = g->add_organizers();
    p->set_key(o->public_key().data(), 32);
    p->set_name("Tổ chức");
  }
  return b;
}

inline v1::EntryBody disclosure_body(std::string_view body_text) {
  v1::EntryBody b = body_for();
  auto* d = b.mutable_disclosure();
  d->set_title("Quy chế chi tiêu nội bộ");
  Hash32 h = sha256(as_bytes(body_text));
  d->set_sha256(h.data(), h.size());
  d->set_size(body_text.size());
  d->set_inline_body(std::string(body_text));
  d->set_filename("quy-che.txt");
  return b;
}

inline core::ParsedEntry parsed(const Identity& author, const v1::EntryBody& body) {
  Result<core::ParsedEntry> e = core::parse_entry(core::sign_entry(author, body));
  if (!e) throw std::runtime_error(e.error().message());
  return std::move(*e);
}

}  // namespace conclave::testing
