// Unit genesis: entry 0 fixes the node key, the origin, the organizers and
// the parent committee.
#include "node/core/handlers.h"
#include "node/core/text.h"

namespace conclave::core {

Status apply_genesis(State& s, const ParsedEntry& e, const ApplyOptions&) {
  const v1::UnitGenesis& g = e.body.genesis();
  Result<PublicKey> node_key = decode_public_key(as_bytes(g.node_key()));
  if (!node_key) return invalid("genesis node key: " + node_key.error().message());
  if (*node_key != e.author) return denied("the genesis entry must be signed by the node key");
  if (Status t = check_text("unit name", g.unit_name(), 300); !t) return t;
  if (g.organizers().empty()) return invalid("the genesis must name at least one organizer");
  std::map<PublicKey, std::string> organizers;
  for (const v1::Person& p : g.organizers()) {
    Result<PublicKey> k = decode_public_key(as_bytes(p.key()));
    if (!k) return invalid("organizer key: " + k.error().message());
    if (Status t = check_text("organizer name", p.name(), 200, false, true); !t) return t;
    if (!organizers.emplace(*k, p.name()).second) return duplicate("organizer listed twice");
  }
  if (g.has_parent() && !g.parent().origin().empty()) {
    if (Status t = check_text("parent origin", g.parent().origin(), 300); !t) return t;
  }
  s.has_genesis = true;
  s.unit_name = g.unit_name();
  s.node_key = *node_key;
  s.organizers = std::move(organizers);
  s.parent_origin = g.has_parent() ? g.parent().origin() : "";
  return Status::Ok();
}

}  // namespace conclave::core
