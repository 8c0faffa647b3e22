// The conference session: check-in, and opening and closing items one at a
// time (consultations run over their own window).
#include "node/core/conference_rules.h"
#include "node/core/handlers.h"

namespace conclave::core {

Status apply_check_in(State& s, const ParsedEntry& e, const ApplyOptions&) {
  const v1::CheckIn& m = e.body.check_in();
  Conference* c = s.conference(m.conference_id());
  if (!c) return not_found("no conference \"" + m.conference_id() + "\"");
  const Member* member = s.member_with_key(e.author);
  if (!member || member->id != m.member_id()) {
    return denied("a check-in must be signed by the member's own enrolled key");
  }
  if (c->status == ConferenceStatus::kPublished || c->minutes_hash) {
    return precondition("the conference has ended: its minutes are being signed");
  }
  if (!c->roster.contains(m.member_id())) {
    return denied(m.member_id() + " is not on the roster of " + c->id);
  }
  if (!c->checked_in.insert(m.member_id()).second) {
    return duplicate(m.member_id() + " has already checked in");
  }
  return Status::Ok();
}

namespace {

Result<std::pair<Conference*, Item*>> organizer_item(State& s, const ParsedEntry& e,
                                                     const std::string& conference_id,
                                                     const std::string& item_id) {
  if (!s.is_organizer(e.author)) return denied("only an organizer opens and closes items");
  return find_item(s, conference_id, item_id);
}

int64_t window_ms(const Item& item) {
  return item.spec.window_seconds() > 0 ? static_cast<int64_t>(item.spec.window_seconds()) * 1000
                                        : static_cast<int64_t>(item.spec.days()) * 86400000;
}

}  // namespace

Status apply_item_opened(State& s, const ParsedEntry& e, const ApplyOptions&) {
  const v1::ItemOpened& m = e.body.item_opened();
  auto ci = organizer_item(s, e, m.conference_id(), m.item_id());
  if (!ci) return ci.error();
  auto [c, item] = *ci;
  if (c->status != ConferenceStatus::kReady) {
    return precondition("the key ceremony of " + c->id + " is not finished");
  }
  if (item->status != ItemStatus::kPending) {
    return precondition("item " + item->spec.id() + " is already " + to_string(item->status));
  }
  if (!quorum_met(*c)) {
    return precondition("no quorum: " + std::to_string(c->checked_in.size()) + " of " +
                        std::to_string(c->roster_size()) + " checked in, " +
                        std::to_string(quorum_needed(*c)) + " needed");
  }
  if (item->type != ItemType::kConsultation) {
    for (const Item& other : c->items) {
      if (other.status == ItemStatus::kOpen && other.type != ItemType::kConsultation) {
        return precondition("item " + other.spec.id() +
                            " is still open; items are voted one at a time");
      }
    }
  }
  item->status = ItemStatus::kOpen;
  item->opened_ms = e.body.time_unix_ms();
  return Status::Ok();
}

Status apply_item_closed(State& s, const ParsedEntry& e, const ApplyOptions&) {
  const v1::ItemClosed& m = e.body.item_closed();
  auto ci = organizer_item(s, e, m.conference_id(), m.item_id());
  if (!ci) return ci.error();
  auto [c, item] = *ci;
  if (item->status != ItemStatus::kOpen) {
    return precondition("item " + item->spec.id() + " is " + to_string(item->status) +
                        ", not open");
  }
  if (item->type == ItemType::kConsultation &&
      e.body.time_unix_ms() < item->opened_ms + window_ms(*item)) {
    return precondition("the consultation window of " + item->spec.id() + " has not ended yet");
  }
  item->status = ItemStatus::kClosed;
  item->closed_ms = e.body.time_unix_ms();
  item->aggregates = compute_aggregates(*item);
  item->aggregate_hash =
      aggregate_hash(c->id, item->spec.id(), item->ballots.size(), item->aggregates);
  item->attendees_at_close = c->checked_in.size();
  return Status::Ok();
}

}  // namespace conclave::core
