#include "client/conference_report.h"

#include <sstream>

#include "node/core/conference_rules.h"
#include "node/core/entry.h"

namespace conclave::client {

using core::Conference;
using core::Item;

namespace {

std::string member_name(const core::State& s, const std::string& id) {
  auto it = s.members.find(id);
  return it == s.members.end() ? id : it->second.full_name + " (" + id + ")";
}

std::string label(const core::State& s, const Item& item, size_t i) {
  const auto labels = core::selection_labels(item.spec);
  if (item.type == core::ItemType::kElection) return member_name(s, labels.at(i));
  return labels.at(i);
}

}  // namespace

std::string item_text(const core::State& s, const Conference& c, const Item& item) {
  std::ostringstream out;
  out << "[" << item.spec.id() << "] " << item.spec.title() << " — " << to_string(item.type) << ", "
      << to_string(item.status) << "\n";
  if (!item.result) {
    out << "  ballots received: " << item.ballots_received << " (" << item.ballots.size()
        << " voters), spoiled: " << item.spoiled << "\n";
    return out.str();
  }
  const v1::ItemResult& r = *item.result;
  for (int i = 0; i < r.counts_size(); ++i) {
    out << "  " << label(s, item, static_cast<size_t>(i)) << ": " << r.counts(i) << "\n";
  }
  out << "  ballots counted " << r.ballots_counted() << ", attendees " << r.attendees() << "/"
      << r.roster_size() << ", spoiled " << item.spoiled << ", trustees";
  for (uint32_t t : r.trustees_used()) out << " " << t;
  out << "\n";
  const core::Outcome o =
      core::evaluate_outcome(item, {r.counts().begin(), r.counts().end()}, r.attendees(),
                             r.roster_size(), r.ballots_counted());
  out << "  outcome: " << r.outcome() << " (" << o.explanation << ")\n";
  if (r.elected_size()) {
    out << "  elected:";
    for (const auto& e : r.elected()) out << " " << member_name(s, e) << ";";
    out << "\n";
  }
  if (item.type == core::ItemType::kConsultation) {
    for (const auto& [member, b] : item.ballots) {
      for (size_t sec = 0; sec < b.comments.size(); ++sec) {
        if (b.comments[sec].empty()) continue;
        const bool answered = item.answered.contains({b.leaf_hash, static_cast<uint32_t>(sec)});
        out << "  comment " << core::tracking_code(b.leaf_hash) << " on \""
            << item.spec.sections(static_cast<int>(sec)) << "\" by " << member_name(s, member)
            << (answered ? " [answered]" : " [awaiting response]") << ": " << b.comments[sec]
            << "\n";
      }
    }
  }
  (void)c;
  return out.str();
}

nlohmann::ordered_json item_json(const core::State& s, const Conference& c, const Item& item) {
  nlohmann::ordered_json j;
  j["id"] = item.spec.id();
  j["title"] = item.spec.title();
  j["type"] = to_string(item.type);
  j["status"] = to_string(item.status);
  j["ballots_received"] = item.ballots_received;
  j["spoiled"] = item.spoiled;
  if (item.result) {
    const v1::ItemResult& r = *item.result;
    nlohmann::ordered_json counts = nlohmann::ordered_json::array();
    const auto labels = core::selection_labels(item.spec);
    for (int i = 0; i < r.counts_size(); ++i) {
      counts.push_back({{"option", labels.at(static_cast<size_t>(i))}, {"count", r.counts(i)}});
    }
    j["counts"] = counts;
    j["ballots_counted"] = r.ballots_counted();
    j["attendees"] = r.attendees();
    j["roster_size"] = r.roster_size();
    j["outcome"] = r.outcome();
    j["elected"] = std::vector<std::string>(r.elected().begin(), r.elected().end());
    j["trustees_used"] = std::vector<uint32_t>(r.trustees_used().begin(), r.trustees_used().end());
  }
  if (item.type == core::ItemType::kConsultation) {
    nlohmann::ordered_json comments = nlohmann::ordered_json::array();
    for (const auto& [member, b] : item.ballots) {
      for (size_t sec = 0; sec < b.comments.size(); ++sec) {
        if (b.comments[sec].empty()) continue;
        comments.push_back(
            {{"tracking_code", core::tracking_code(b.leaf_hash)},
             {"member", member},
             {"section", sec + 1},
             {"section_title", item.spec.sections(static_cast<int>(sec))},
             {"text", b.comments[sec]},
             {"answered", item.answered.contains({b.leaf_hash, static_cast<uint32_t>(sec)})}});
      }
    }
    j["comments"] = comments;
  }
  (void)s;
  (void)c;
  return j;
}

std::string conference_text(const core::State& s, const Conference& c) {
  std::ostringstream out;
  out << c.spec.title() << " [" << c.id << "] — " << to_string(c.status) << "\n";
  out << "  roster " << c.roster_size() << ", present " << c.checked_in.size() << ", quorum "
      << core::quorum_needed(c) << (core::quorum_met(c) ? " (met)" : " (not met)") << "\n";
  out << "  trustees (" << c.threshold << " of " << c.trustees.size() << "):";
  for (size_t i = 0; i < c.trustees.size(); ++i) {
    out << " " << i + 1 << "=" << c.trustees[i].member_id;
    if (c.status == core::ConferenceStatus::kCeremony) {
      const auto& t = c.trustees[i];
      out << (t.sealed_shares.empty() ? (t.commitment ? "(committed)" : "(waiting)") : "(dealt)");
    }
  }
  out << "\n";
  for (const Item& item : c.items) out << item_text(s, c, item);
  return out.str();
}

nlohmann::ordered_json conference_json(const core::State& s, const Conference& c) {
  nlohmann::ordered_json j;
  j["id"] = c.id;
  j["title"] = c.spec.title();
  j["kind"] = c.spec.kind();
  j["status"] = to_string(c.status);
  j["roster_size"] = c.roster_size();
  j["present"] = c.checked_in.size();
  j["quorum_needed"] = core::quorum_needed(c);
  j["quorum_met"] = core::quorum_met(c);
  j["threshold"] = c.threshold;
  nlohmann::ordered_json trustees = nlohmann::ordered_json::array();
  for (const auto& t : c.trustees) trustees.push_back(t.member_id);
  j["trustees"] = trustees;
  nlohmann::ordered_json items = nlohmann::ordered_json::array();
  for (const Item& item : c.items) items.push_back(item_json(s, c, item));
  j["items"] = items;
  return j;
}

}  // namespace conclave::client
