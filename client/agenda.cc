// The agenda YAML an organizer writes by hand → ConferenceCreated.
#include <yaml-cpp/yaml.h>

#include <set>

#include "client/conference_builders.h"

namespace conclave::client {
namespace {

using core::ItemType;

Result<v1::Fraction> parse_fraction(const std::string& text, const std::string& what) {
  const auto slash = text.find('/');
  try {
    v1::Fraction f;
    if (slash == std::string::npos) return Error(what + " must be written n/d, e.g. \"2/3\"");
    size_t used = 0;
    f.set_numerator(std::stoull(text.substr(0, slash), &used));
    if (used != slash) throw std::invalid_argument("n");
    const std::string den = text.substr(slash + 1);
    f.set_denominator(std::stoull(den, &used));
    if (used != den.size()) throw std::invalid_argument("d");
    return f;
  } catch (const std::exception&) {
    return Error(what + " \"" + text + "\" is not a fraction n/d");
  }
}

Status only_keys(const YAML::Node& n, const std::set<std::string>& allowed,
                 const std::string& where) {
  for (const auto& kv : n) {
    const std::string k = kv.first.as<std::string>();
    if (!allowed.contains(k)) return Error(where + ": unknown field \"" + k + "\"");
  }
  return Status::Ok();
}

Result<v1::PassRule> parse_rule(const YAML::Node& item, ItemType type, const std::string& where) {
  v1::PassRule rule;
  // DESIGN §5 defaults.
  rule.set_option(type == ItemType::kElection ? "" : "approve");
  rule.set_base(type == ItemType::kAgreement ? "roster" : "attendees");
  rule.mutable_fraction()->set_numerator(1);
  rule.mutable_fraction()->set_denominator(2);
  const YAML::Node r = item["rule"];
  if (!r) return rule;
  if (!r.IsMap()) return Error(where + ": rule must be a map");
  if (Status s = only_keys(r, {"fraction", "base", "inclusive", "option"}, where + " rule"); !s) {
    return s.error();
  }
  if (r["fraction"]) {
    Result<v1::Fraction> f =
        parse_fraction(r["fraction"].as<std::string>(), where + " rule fraction");
    if (!f) return f.error();
    *rule.mutable_fraction() = *f;
  }
  if (r["base"]) rule.set_base(r["base"].as<std::string>());
  if (r["inclusive"]) rule.set_inclusive(r["inclusive"].as<bool>());
  if (r["option"]) rule.set_option(r["option"].as<std::string>());
  return rule;
}

Result<v1::AgendaItem> parse_item(const YAML::Node& n, size_t index) {
  std::string where = "item " + std::to_string(index + 1);
  if (!n.IsMap()) return Error(where + " must be a map");
  if (Status s = only_keys(n,
                           {"id", "type", "title", "seats", "candidates", "days", "window_seconds",
                            "sections", "rule"},
                           where);
      !s) {
    return s.error();
  }
  v1::AgendaItem item;
  if (!n["id"] || !n["type"] || !n["title"]) return Error(where + " needs id, type and title");
  item.set_id(n["id"].as<std::string>());
  where = "item " + item.id();
  item.set_type(n["type"].as<std::string>());
  item.set_title(n["title"].as<std::string>());
  Result<ItemType> type = core::parse_item_type(item.type());
  if (!type) return Error(where + ": " + type.error().message());
  // A field that does not apply to the item's type is a mistake, not noise.
  static const std::set<std::string> kCommon = {"id", "type", "title"};
  std::set<std::string> allowed = kCommon;
  switch (*type) {
    case ItemType::kResolution:
    case ItemType::kAgreement:
      allowed.insert("rule");
      break;
    case ItemType::kElection:
      allowed.insert({"rule", "seats", "candidates"});
      break;
    case ItemType::kConsultation:
      allowed.insert({"days", "window_seconds", "sections"});
      break;
  }
  if (Status s = only_keys(n, allowed, where + " (" + item.type() + ")"); !s) return s.error();
  switch (*type) {
    case ItemType::kResolution:
    case ItemType::kAgreement:
      for (const auto& o : core::approval_options()) item.add_options(o);
      break;
    case ItemType::kElection:
      if (!n["candidates"] || !n["candidates"].IsSequence()) {
        return Error(where + ": an election needs a list of candidates");
      }
      for (const auto& c : n["candidates"]) item.add_options(c.as<std::string>());
      item.set_seats(n["seats"] ? n["seats"].as<uint32_t>() : 1);
      break;
    case ItemType::kConsultation:
      if (!n["sections"] || !n["sections"].IsSequence()) {
        return Error(where + ": a consultation needs a list of sections");
      }
      for (const auto& s : n["sections"]) item.add_sections(s.as<std::string>());
      if (n["window_seconds"]) {
        item.set_window_seconds(n["window_seconds"].as<uint64_t>());
        if (n["days"]) return Error(where + ": give either days or window_seconds");
      } else {
        item.set_days(n["days"] ? n["days"].as<uint32_t>() : 5);
      }
      return item;  // no pass rule
  }
  Result<v1::PassRule> rule = parse_rule(n, *type, where);
  if (!rule) return rule.error();
  *item.mutable_rule() = *rule;
  return item;
}

}  // namespace

Result<v1::ConferenceCreated> parse_agenda(std::string_view text, const core::State& state,
                                           const std::string& conference_id) {
  v1::ConferenceCreated c;
  try {
    YAML::Node y = YAML::Load(std::string(text));
    if (!y.IsMap()) return Error("the agenda must be a YAML map");
    if (Status s = only_keys(
            y, {"title", "kind", "roster", "quorum", "trustees", "items", "secretary", "id"},
            "agenda");
        !s) {
      return s.error();
    }
    // An id given by the caller wins over one written in the agenda.
    if (!conference_id.empty()) {
      c.set_conference_id(conference_id);
    } else if (y["id"]) {
      c.set_conference_id(y["id"].as<std::string>());
    }
    if (c.conference_id().empty()) return Error("the conference needs an id");
    if (!y["title"]) return Error("the agenda needs a title");
    c.set_title(y["title"].as<std::string>());
    c.set_kind(y["kind"] ? y["kind"].as<std::string>() : "staff");
    if (y["secretary"]) c.set_secretary(y["secretary"].as<std::string>());
    const YAML::Node roster = y["roster"];
    if (!roster || (roster.IsScalar() && roster.as<std::string>() == "all")) {
      for (const auto& [id, m] : state.members) c.add_roster(id);
    } else if (roster.IsSequence()) {
      for (const auto& r : roster) c.add_roster(r.as<std::string>());
    } else {
      return Error("roster must be \"all\" or a list of member ids");
    }
    Result<v1::Fraction> q =
        parse_fraction(y["quorum"] ? y["quorum"].as<std::string>() : "2/3", "quorum");
    if (!q) return q.error();
    *c.mutable_quorum() = *q;
    const YAML::Node t = y["trustees"];
    if (!t || !t.IsMap() || !t["members"] || !t["members"].IsSequence()) {
      return Error("trustees must be a map with members: [ids] and threshold: t");
    }
    if (Status s = only_keys(t, {"members", "threshold"}, "trustees"); !s) return s.error();
    for (const auto& m : t["members"]) c.add_trustees(m.as<std::string>());
    c.set_threshold(t["threshold"] ? t["threshold"].as<uint32_t>()
                                   : static_cast<uint32_t>(c.trustees_size() / 2 + 1));
    if (!y["items"] || !y["items"].IsSequence()) return Error("the agenda needs a list of items");
    size_t i = 0;
    for (const auto& n : y["items"]) {
      Result<v1::AgendaItem> item = parse_item(n, i++);
      if (!item) return item.error();
      *c.add_items() = *item;
    }
  } catch (const YAML::Exception& e) {
    return Error("agenda: " + std::string(e.what()));
  }
  c.set_agenda_yaml(std::string(text));
  return c;
}

}  // namespace conclave::client
