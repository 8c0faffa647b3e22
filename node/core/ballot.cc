// Ballots and spoiled ballots (Benaloh challenges).
#include "node/core/ballot.h"

#include "node/core/codec.h"
#include "node/core/conference_rules.h"
#include "node/core/handlers.h"
#include "node/core/text.h"

namespace conclave::core {

Result<BallotCheck> ballot_check_context(const State& s, const v1::Ballot& b,
                                         const PublicKey& voter) {
  auto found = find_item(s, b.conference_id(), b.item_id());
  if (!found) return found.error();
  const auto [c, item] = *found;
  if (c->status != ConferenceStatus::kReady) {
    return precondition("conference " + c->id + " is not open for voting");
  }
  return BallotCheck{c->joint_key, ballot_binding(*c, voter), item->contests};
}

Result<std::vector<EncryptedContest>> verify_ballot(const BallotCheck& check, const v1::Ballot& b,
                                                    bool verify_proofs) {
  if (b.contests_size() != static_cast<int>(check.contests.size())) {
    return invalid("the ballot must have " + std::to_string(check.contests.size()) + " contest(s)");
  }
  std::vector<EncryptedContest> out;
  for (size_t i = 0; i < check.contests.size(); ++i) {
    const ContestRules& rules = check.contests[i];
    Result<EncryptedContest> c = decode(b.contests(static_cast<int>(i)), "contest " + rules.item);
    if (!c) return invalid(c.error().message());
    if (verify_proofs) {
      if (Status v = verify_contest(check.joint_key, rules, *c, check.binding); !v) {
        return invalid("contest " + rules.item + ": " + v.error().message());
      }
    } else if (c->selections.size() != rules.options) {
      return invalid("contest " + rules.item + " has the wrong number of selections");
    }
    out.push_back(std::move(*c));
  }
  return out;
}

namespace {

// The rules shared by ballots and spoiled ballots.
Result<std::pair<Conference*, Item*>> voting_item(State& s, const ParsedEntry& e,
                                                  const v1::Ballot& b, bool need_check_in) {
  const Member* member = s.member_with_key(e.author);
  if (!member || member->id != b.member_id()) {
    return denied("a ballot must be signed by the voter's own enrolled key");
  }
  auto found = find_item(s, b.conference_id(), b.item_id());
  if (!found) return found.error();
  auto [c, item] = *found;
  if (c->status != ConferenceStatus::kReady) {
    return precondition("conference " + c->id + " is not open for voting");
  }
  if (item->status != ItemStatus::kOpen) {
    return precondition("item " + item->spec.id() + " is " + to_string(item->status) +
                        ", not open for voting");
  }
  if (!c->roster.contains(member->id)) {
    return denied(member->id + " is not on the roster of " + c->id);
  }
  if (need_check_in && item->type != ItemType::kConsultation &&
      !c->checked_in.contains(member->id)) {
    return precondition(member->id + " has not checked in");
  }
  return std::make_pair(c, item);
}

// Comments: only on a consultation, none or one per section (empty for
// none), each bounded UTF-8 text.
Status check_comments(const Item& item, const v1::Ballot& b) {
  if (b.comments_size() == 0) return Status::Ok();
  if (item.type != ItemType::kConsultation) return invalid("only a consultation takes comments");
  if (b.comments_size() != item.spec.sections_size()) {
    return invalid("give one comment per section (empty for none)");
  }
  for (const std::string& text : b.comments()) {
    if (Status t = check_text("comment", text, 4000, true, true); !t) return t;
  }
  return Status::Ok();
}

// Refuses a ballot reusing any ciphertext already seen in this conference
// (a replayed or copied ballot), then records its ciphertexts.
Status claim_ciphertexts(Conference& c, const std::vector<EncryptedContest>& contests) {
  std::set<std::array<uint8_t, 32>> mine;
  for (const EncryptedContest& ec : contests) {
    for (const Ciphertext& ct : ec.selections) {
      if (c.used_alphas.contains(ct.alpha.bytes()) || !mine.insert(ct.alpha.bytes()).second) {
        return duplicate("the ballot reuses a ciphertext already in the log (replayed ballot)");
      }
    }
  }
  c.used_alphas.insert(mine.begin(), mine.end());
  return Status::Ok();
}

}  // namespace

Status apply_ballot(State& s, const ParsedEntry& e, const ApplyOptions& o) {
  const v1::Ballot& b = e.body.ballot();
  auto ci = voting_item(s, e, b, true);
  if (!ci) return ci.error();
  auto [c, item] = *ci;
  Result<BallotCheck> check = ballot_check_context(s, b, e.author);
  if (!check) return check.error();
  Result<std::vector<EncryptedContest>> contests =
      verify_ballot(*check, b, o.proofs == ProofCheck::kVerify);
  if (!contests) return contests.error();
  if (Status t = check_comments(*item, b); !t) return t;
  std::vector<std::string> comments(b.comments().begin(), b.comments().end());
  if (Status u = claim_ciphertexts(*c, *contests); !u) return u;
  CastBallot cast{s.size, e.leaf_hash, {}, std::move(comments)};
  for (const EncryptedContest& ec : *contests) {
    cast.selections.insert(cast.selections.end(), ec.selections.begin(), ec.selections.end());
  }
  item->ballots[b.member_id()] = std::move(cast);  // a re-vote replaces the earlier ballot
  ++item->ballots_received;
  return Status::Ok();
}

Status apply_spoiled_ballot(State& s, const ParsedEntry& e, const ApplyOptions&) {
  const v1::SpoiledBallot& sp = e.body.spoiled_ballot();
  const v1::Ballot& b = sp.ballot();
  auto ci = voting_item(s, e, b, false);
  if (!ci) return ci.error();
  auto [c, item] = *ci;
  if (sp.seed().size() != 32) return invalid("a ballot seed is 32 bytes");
  if (Status t = check_comments(*item, b); !t) return t;
  Result<BallotCheck> check = ballot_check_context(s, b, e.author);
  if (!check) return check.error();
  // The proofs do not matter for a ballot that is never counted; what must
  // hold is that the seed reproduces the encryption of the stated choices.
  Result<std::vector<EncryptedContest>> contests = verify_ballot(*check, b, false);
  if (!contests) return contests.error();
  if (sp.choices_size() != static_cast<int>(item->selections)) {
    return invalid("the spoiled ballot must state one choice per selection");
  }
  for (uint64_t v : sp.choices()) {
    if (v > 1) return invalid("each stated choice of a spoiled ballot is 0 or 1");
  }
  size_t at = 0;
  for (size_t i = 0; i < contests->size(); ++i) {
    const ContestRules& rules = check->contests[i];
    std::vector<uint64_t> choices(sp.choices().begin() + static_cast<int>(at),
                                  sp.choices().begin() + static_cast<int>(at + rules.options));
    at += rules.options;
    if (!contest_matches_seed(c->joint_key, as_bytes(sp.seed()), rules, (*contests)[i], choices)) {
      return invalid("contest " + rules.item +
                     " does not encrypt the stated choices with this seed");
    }
  }
  if (Status u = claim_ciphertexts(*c, *contests); !u) return u;
  ++item->spoiled;
  return Status::Ok();
}

}  // namespace conclave::core
