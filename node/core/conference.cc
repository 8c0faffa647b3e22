// Conference created: the organizer's agenda, roster, trustees and rules.
// Every default has already been written out explicitly by the client, so
// the log says exactly which rule applies to each item.
#include <set>

#include "node/core/conference_rules.h"
#include "node/core/handlers.h"
#include "node/core/text.h"

namespace conclave::core {
namespace {

constexpr int kMaxRoster = 200000;
constexpr int kMaxItems = 100;
constexpr int kMaxCandidates = 200;
constexpr int kMaxSections = 100;

Status check_fraction(const std::string& what, const v1::Fraction& f) {
  if (f.denominator() == 0 || f.denominator() > 1000 || f.numerator() == 0 ||
      f.numerator() > f.denominator()) {
    return invalid(what + " must be a fraction n/d with 0 < n ≤ d ≤ 1000");
  }
  return Status::Ok();
}

Status check_rule(const std::string& where, const v1::PassRule& r) {
  if (Status s = check_fraction(where + ": pass rule", r.fraction()); !s) return s;
  if (r.base() != "attendees" && r.base() != "roster" && r.base() != "votes") {
    return invalid(where + ": the pass rule's base must be attendees, roster or votes");
  }
  return Status::Ok();
}

Status check_item(const State& s, const v1::AgendaItem& item) {
  const std::string where = "item " + item.id();
  if (Status t = check_identifier("item id", item.id()); !t) return t;
  if (Status t = check_text(where + " title", item.title(), 500); !t) return t;
  Result<ItemType> type = parse_item_type(item.type());
  if (!type) return invalid(where + ": " + type.error().message());
  const bool consultation = *type == ItemType::kConsultation;
  if (!consultation && (item.days() != 0 || item.window_seconds() != 0 || item.sections_size())) {
    return invalid(where + ": only a consultation has sections or a window");
  }
  switch (*type) {
    case ItemType::kResolution:
    case ItemType::kAgreement: {
      const auto& want = approval_options();
      if (!std::equal(item.options().begin(), item.options().end(), want.begin(), want.end())) {
        return invalid(where + ": options must be approve, reject, abstain");
      }
      if (item.seats() != 0) return invalid(where + ": only an election has seats");
      if (std::find(want.begin(), want.end(), item.rule().option()) == want.end()) {
        return invalid(where + ": the pass rule must name one of the options");
      }
      return check_rule(where, item.rule());
    }
    case ItemType::kElection: {
      if (item.options_size() == 0 || item.options_size() > kMaxCandidates) {
        return invalid(where + ": an election needs 1 to " + std::to_string(kMaxCandidates) +
                       " candidates");
      }
      std::set<std::string> seen;
      for (const std::string& c : item.options()) {
        if (!s.members.contains(c))
          return not_found(where + ": candidate " + c + " is not a member");
        if (!seen.insert(c).second) return duplicate(where + ": candidate " + c + " listed twice");
      }
      if (item.seats() == 0 || item.seats() > static_cast<uint32_t>(item.options_size())) {
        return invalid(where + ": seats must be between 1 and the number of candidates");
      }
      if (!item.rule().option().empty()) {
        return invalid(where + ": an election's pass rule applies to every candidate");
      }
      return check_rule(where, item.rule());
    }
    case ItemType::kConsultation: {
      if (item.sections_size() == 0 || item.sections_size() > kMaxSections) {
        return invalid(where + ": a consultation needs 1 to " + std::to_string(kMaxSections) +
                       " sections");
      }
      for (const std::string& sec : item.sections()) {
        if (Status t = check_text(where + " section", sec, 300); !t) return t;
      }
      if (item.options_size() != 0 || item.seats() != 0 || item.has_rule()) {
        return invalid(where + ": a consultation has sections, not options or a pass rule");
      }
      if ((item.days() == 0) == (item.window_seconds() == 0)) {
        return invalid(where + ": give the window either in days or in seconds");
      }
      if (item.days() > 366 || item.window_seconds() > 366ull * 86400) {
        return invalid(where + ": the window is longer than a year");
      }
      return Status::Ok();
    }
  }
  return Status::Ok();
}

}  // namespace

Status apply_conference_created(State& s, const ParsedEntry& e, const ApplyOptions&) {
  const v1::ConferenceCreated& c = e.body.conference_created();
  if (!s.is_organizer(e.author)) return denied("only an organizer may create a conference");
  if (Status t = check_identifier("conference id", c.conference_id()); !t) return t;
  if (s.conferences.contains(c.conference_id())) {
    return duplicate("conference " + c.conference_id() + " already exists");
  }
  if (Status t = check_text("conference title", c.title(), 500); !t) return t;
  if (c.kind() != "staff" && c.kind() != "workers" && c.kind() != "other") {
    return invalid("conference kind must be staff, workers or other");
  }
  if (c.agenda_yaml().size() > 256 * 1024)
    return Error(ErrorCode::kResourceExhausted, "the agenda text is longer than 256 KiB");
  if (c.roster_size() == 0 || c.roster_size() > kMaxRoster) {
    return invalid("the roster must list 1 to " + std::to_string(kMaxRoster) + " members");
  }
  Conference conf;
  for (const std::string& id : c.roster()) {
    if (!s.members.contains(id)) return not_found("roster: " + id + " is not a registered member");
    if (!conf.roster.insert(id).second) return duplicate("roster: " + id + " listed twice");
  }
  if (!c.secretary().empty() && !s.members.contains(c.secretary())) {
    return not_found("the secretary " + c.secretary() + " is not a registered member");
  }
  if (Status q = check_fraction("quorum", c.quorum()); !q) return q;
  const int n = c.trustees_size();
  if (n == 0 || n > static_cast<int>(kMaxTrustees)) {
    return invalid("a conference needs 1 to " + std::to_string(kMaxTrustees) + " trustees");
  }
  if (c.threshold() == 0 || c.threshold() > static_cast<uint32_t>(n)) {
    return invalid("the threshold must be between 1 and the number of trustees (" +
                   std::to_string(n) + ")");
  }
  std::set<std::string> trustee_ids;
  for (const std::string& id : c.trustees()) {
    auto it = s.members.find(id);
    if (it == s.members.end()) return not_found("trustee " + id + " is not a registered member");
    if (!it->second.key) return precondition("trustee " + id + " has not enrolled a key yet");
    if (!trustee_ids.insert(id).second) return duplicate("trustee " + id + " listed twice");
    conf.trustees.push_back({id, *it->second.key, it->second.box_key, std::nullopt, {}});
  }
  if (c.items_size() == 0 || c.items_size() > kMaxItems) {
    return invalid("the agenda must have 1 to " + std::to_string(kMaxItems) + " items");
  }
  std::set<std::string> item_ids;
  for (const v1::AgendaItem& item : c.items()) {
    if (Status t = check_item(s, item); !t) return t;
    if (!item_ids.insert(item.id()).second) return duplicate("item " + item.id() + " listed twice");
    Item it;
    it.spec = item;
    it.type = *parse_item_type(item.type());
    it.contests = contests_for(item);
    for (const ContestRules& r : it.contests) it.selections += r.options;
    conf.items.push_back(std::move(it));
  }
  conf.id = c.conference_id();
  conf.spec = c;
  conf.created_index = s.size;
  conf.threshold = c.threshold();
  conf.ceremony_context = ceremony_context(s.origin, c);
  s.conferences.emplace(conf.id, std::move(conf));
  return Status::Ok();
}

}  // namespace conclave::core
