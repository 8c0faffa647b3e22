// Decryption shares, results and the organizer's responses to comments.
#include "node/core/codec.h"
#include "node/core/conference_rules.h"
#include "node/core/handlers.h"
#include "node/core/text.h"

namespace conclave::core {

Status apply_decryption_share(State& s, const ParsedEntry& e, const ApplyOptions& o) {
  const v1::DecryptionShareEntry& m = e.body.decryption_share();
  auto ci = find_item(s, m.conference_id(), m.item_id());
  if (!ci) return ci.error();
  auto [c, item] = *ci;
  std::optional<uint32_t> j = c->trustee_index(e.author);
  if (!j) return denied("only a trustee of " + c->id + " may post a decryption share");
  if (*j != m.trustee_index()) return denied("the author is trustee " + std::to_string(*j));
  if (item->status != ItemStatus::kClosed) {
    return precondition("item " + item->spec.id() + " is " + to_string(item->status) +
                        "; shares are taken only after it closes and before the tally");
  }
  if (item->shares.contains(*j))
    return duplicate("trustee " + std::to_string(*j) + " already decrypted this item");
  if (m.ballots_counted() != item->ballots.size() ||
      !same_bytes(m.aggregate_hash(), item->aggregate_hash)) {
    return invalid("the share decrypts aggregates other than the ones the log implies");
  }
  if (m.shares_size() != static_cast<int>(item->selections) || m.proofs_size() != m.shares_size()) {
    return invalid("one share and one proof per selection (" + std::to_string(item->selections) +
                   ") are required");
  }
  std::vector<Point> shares;
  const Point& kj = c->verification_keys[*j - 1];
  for (uint32_t sel = 0; sel < item->selections; ++sel) {
    const std::string what = "share " + std::to_string(sel);
    Result<Point> share = decode_point(m.shares(static_cast<int>(sel)), what, true);
    if (!share) return invalid(share.error().message());
    Result<DleqProof> proof = decode_dleq(m.proofs(static_cast<int>(sel)), what + " proof");
    if (!proof) return invalid(proof.error().message());
    if (o.proofs == ProofCheck::kVerify) {
      Status v = dleq_verify(kj, item->aggregates[sel].alpha, *share, *proof,
                             share_binding(*c, e.author, item->spec.id(), sel));
      if (!v) return invalid(what + ": " + v.error().message());
    }
    shares.push_back(*share);
  }
  item->shares[*j] = std::move(shares);
  return Status::Ok();
}

Status apply_item_result(State& s, const ParsedEntry& e, const ApplyOptions&) {
  const v1::ItemResult& m = e.body.item_result();
  if (!s.is_organizer(e.author)) return denied("only an organizer publishes results");
  auto ci = find_item(s, m.conference_id(), m.item_id());
  if (!ci) return ci.error();
  auto [c, item] = *ci;
  if (item->status != ItemStatus::kClosed) {
    return precondition("item " + item->spec.id() + " is " + to_string(item->status) +
                        ", not closed");
  }
  std::vector<uint32_t> used(m.trustees_used().begin(), m.trustees_used().end());
  Result<std::vector<uint64_t>> counts = tally_counts(*c, *item, used);
  if (!counts) return precondition(counts.error().message());
  if (std::vector<uint64_t>(m.counts().begin(), m.counts().end()) != *counts) {
    return invalid("the counts do not match the decryption of the aggregates");
  }
  if (m.attendees() != item->attendees_at_close || m.roster_size() != c->roster_size() ||
      m.ballots_counted() != item->ballots.size()) {
    return invalid("attendees, roster size or ballots counted do not match the log");
  }
  Outcome out = evaluate_outcome(*item, *counts, item->attendees_at_close, c->roster_size(),
                                 item->ballots.size());
  if (m.outcome() != out.outcome ||
      std::vector<std::string>(m.elected().begin(), m.elected().end()) != out.elected) {
    return invalid("the outcome does not follow from the counts and the item's rule (expected " +
                   out.outcome + ")");
  }
  item->result = m;
  item->status = ItemStatus::kTallied;
  return Status::Ok();
}

Status apply_comment_responses(State& s, const ParsedEntry& e, const ApplyOptions&) {
  const v1::CommentResponses& m = e.body.comment_responses();
  if (!s.is_organizer(e.author)) return denied("only an organizer responds to comments");
  auto ci = find_item(s, m.conference_id(), m.item_id());
  if (!ci) return ci.error();
  auto [c, item] = *ci;
  if (item->type != ItemType::kConsultation)
    return invalid("item " + item->spec.id() + " is not a consultation");
  if (item->status != ItemStatus::kTallied) {
    return precondition("respond to comments after the consultation's result is published");
  }
  if (c->minutes_hash) {
    return precondition("the minutes are signed: responses can no longer be added to them");
  }
  if (m.responses_size() == 0) return invalid("no responses given");
  std::set<std::pair<Hash32, uint32_t>> now;
  for (const v1::CommentResponse& r : m.responses()) {
    Result<Hash32> leaf = decode_hash32(r.ballot_leaf_hash(), "ballot reference");
    if (!leaf) return invalid(leaf.error().message());
    const CastBallot* ballot = nullptr;
    for (const auto& [member, b] : item->ballots) {
      if (b.leaf_hash == *leaf) ballot = &b;
    }
    if (!ballot) return not_found("no counted ballot of this consultation has that reference");
    if (r.section() >= ballot->comments.size() || ballot->comments[r.section()].empty()) {
      return not_found("that ballot has no comment on section " + std::to_string(r.section()));
    }
    if (r.decision() != "accepted" && r.decision() != "explained") {
      return invalid("a response is either accepted or explained");
    }
    if (Status t = check_text("response", r.text(), 8000, true); !t) return t;
    if (item->answered.contains({*leaf, r.section()}) || !now.insert({*leaf, r.section()}).second) {
      return duplicate("that comment has already been answered");
    }
  }
  item->answered.insert(now.begin(), now.end());
  return Status::Ok();
}

}  // namespace conclave::core
