#include "node/core/conference_rules.h"

#include <sodium.h>

#include <algorithm>
#include <memory>
#include <mutex>

#include "crypto/transcript.h"
#include "node/core/entry.h"

namespace conclave::core {

std::string new_enrollment_code() {
  std::array<uint8_t, 15> raw;
  randombytes_buf(raw.data(), raw.size());
  const std::string b32 = base32_encode(raw);  // 24 characters
  sodium_memzero(raw.data(), raw.size());
  std::string out;
  for (size_t i = 0; i < b32.size(); ++i) {
    if (i > 0 && i % 4 == 0) out.push_back('-');
    out.push_back(b32[i]);
  }
  return out;
}

Result<std::string> normalize_enrollment_code(std::string_view code) {
  std::string out;
  for (char c : code) {
    if (c == '-' || c == ' ') continue;
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (!((c >= 'a' && c <= 'z') || (c >= '2' && c <= '7'))) {
      return Error("an enrollment code uses only the letters a–z and digits 2–7");
    }
    out.push_back(c);
  }
  if (out.size() != 24) return Error("an enrollment code has 24 characters (dashes aside)");
  return out;
}

Identity enrollment_code_identity(const std::string& origin, const std::string& member_id,
                                  const std::string& normalized_code) {
  Hash64 h = transcript_hash("enroll-code",
                             {as_bytes(origin), as_bytes(member_id), as_bytes(normalized_code)});
  // The X25519 half is never used; derive it separately all the same.
  Hash64 box = transcript_hash("enroll-code-box", {ByteView(h.data(), 64)});
  Result<Identity> id = Identity::from_secrets(ByteView(h.data(), 32), ByteView(box.data(), 32));
  sodium_memzero(h.data(), h.size());
  sodium_memzero(box.data(), box.size());
  return std::move(*id);
}

Bytes enrollment_message(const std::string& origin, const std::string& member_id,
                         const PublicKey& new_key, ByteView box_key) {
  Hash64 h = transcript_hash("enroll",
                             {as_bytes(origin), as_bytes(member_id), ByteView(new_key), box_key});
  return Bytes(h.begin(), h.end());
}

Result<ItemType> parse_item_type(const std::string& s) {
  if (s == "resolution") return ItemType::kResolution;
  if (s == "election") return ItemType::kElection;
  if (s == "agreement") return ItemType::kAgreement;
  if (s == "consultation") return ItemType::kConsultation;
  return Error("unknown item type \"" + s +
               "\" (expected resolution, election, agreement or consultation)");
}

const std::vector<std::string>& approval_options() {
  static const std::vector<std::string> options = {"approve", "reject", "abstain"};
  return options;
}

std::vector<ContestRules> contests_for(const v1::AgendaItem& item) {
  Result<ItemType> t = parse_item_type(item.type());
  if (!t) return {};
  switch (*t) {
    case ItemType::kResolution:
    case ItemType::kAgreement:
      return {{item.id(), 3, 0, 1}};
    case ItemType::kElection:
      return {{item.id(), static_cast<uint32_t>(item.options_size()), 0, item.seats()}};
    case ItemType::kConsultation: {
      std::vector<ContestRules> out;
      for (int s = 0; s < item.sections_size(); ++s) {
        out.push_back({item.id() + "/s" + std::to_string(s), 3, 0, 1});
      }
      return out;
    }
  }
  return {};
}

std::vector<std::string> selection_labels(const v1::AgendaItem& item) {
  std::vector<std::string> out;
  if (item.type() == "consultation") {
    static const char* kAnswers[] = {"agree", "disagree", "abstain"};
    for (const std::string& s : item.sections()) {
      for (const char* a : kAnswers) out.push_back(s + ": " + a);
    }
  } else {
    out.assign(item.options().begin(), item.options().end());
  }
  return out;
}

Hash64 ceremony_context(const std::string& origin, const v1::ConferenceCreated& spec) {
  return transcript_hash("ceremony", {as_bytes(origin), as_bytes(serialize(spec))});
}

Hash64 conference_context(const std::string& origin, const Conference& c, const Point& joint) {
  Transcript roster("roster");
  for (const std::string& id : c.spec.roster()) roster.add(id);
  const Hash64 roster_hash = roster.digest();
  Transcript trustees("trustees");
  for (const TrusteeSlot& t : c.trustees) trustees.add(t.member_id).add(t.key).add(t.box_key);
  trustees.add_u64(c.threshold);
  const Hash64 trustee_hash = trustees.digest();
  return transcript_hash("context", {as_bytes(origin), as_bytes(c.id), as_bytes(serialize(c.spec)),
                                     roster_hash, trustee_hash, joint.view()});
}

ProofBinding dkg_binding(const Conference& c) {
  return {Bytes(c.ceremony_context.begin(), c.ceremony_context.end()), {}, ""};
}

ProofBinding ballot_binding(const Conference& c, const PublicKey& voter) {
  return {Bytes(c.context.begin(), c.context.end()), Bytes(voter.begin(), voter.end()), ""};
}

ProofBinding share_binding(const Conference& c, const PublicKey& trustee, const std::string& item,
                           uint32_t selection) {
  return {Bytes(c.context.begin(), c.context.end()), Bytes(trustee.begin(), trustee.end()),
          item + "/decrypt/" + std::to_string(selection)};
}

Hash64 aggregate_hash(const std::string& conference_id, const std::string& item_id,
                      uint64_t ballots, const std::vector<Ciphertext>& aggregates) {
  Transcript t("aggregate");
  t.add(conference_id).add(item_id).add_u64(ballots);
  for (const Ciphertext& c : aggregates) t.add(c.alpha).add(c.beta);
  return t.digest();
}

std::vector<Ciphertext> compute_aggregates(const Item& item) {
  std::vector<Ciphertext> sums(item.selections);
  for (const auto& [member, ballot] : item.ballots) {
    for (size_t i = 0; i < sums.size() && i < ballot.selections.size(); ++i) {
      sums[i] += ballot.selections[i];
    }
  }
  return sums;
}

uint64_t quorum_needed(const Conference& c) {
  const uint64_t num = c.spec.quorum().numerator(), den = c.spec.quorum().denominator();
  if (den == 0) return c.roster_size();
  return (num * c.roster_size() + den - 1) / den;
}

bool quorum_met(const Conference& c) {
  return c.checked_in.size() >= quorum_needed(c);
}

namespace {

uint64_t rule_base(const v1::PassRule& rule, uint64_t attendees, uint64_t roster,
                   uint64_t ballots) {
  if (rule.base() == "roster") return roster;
  if (rule.base() == "votes") return ballots;
  return attendees;
}

bool passes(const v1::PassRule& rule, uint64_t count, uint64_t base) {
  if (base == 0 || count == 0) return false;  // nothing passes without votes
  const uint64_t lhs = count * rule.fraction().denominator();
  const uint64_t rhs = rule.fraction().numerator() * base;
  return rule.inclusive() ? lhs >= rhs : lhs > rhs;
}

std::string rule_words(const v1::PassRule& rule, uint64_t base) {
  return std::string(rule.inclusive() ? "at least " : "more than ") +
         std::to_string(rule.fraction().numerator()) + "/" +
         std::to_string(rule.fraction().denominator()) + " of " + rule.base() + " (" +
         std::to_string(base) + ")";
}

}  // namespace

Outcome evaluate_outcome(const Item& item, const std::vector<uint64_t>& counts, uint64_t attendees,
                         uint64_t roster_size, uint64_t ballots) {
  Outcome out;
  const v1::PassRule& rule = item.spec.rule();
  const uint64_t base = rule_base(rule, attendees, roster_size, ballots);
  switch (item.type) {
    case ItemType::kResolution:
    case ItemType::kAgreement: {
      const auto& opts = item.spec.options();
      const auto it = std::find(opts.begin(), opts.end(), rule.option());
      const uint64_t count =
          it == opts.end() ? 0 : counts.at(static_cast<size_t>(it - opts.begin()));
      out.outcome = passes(rule, count, base) ? "passed" : "failed";
      out.explanation =
          rule.option() + " " + std::to_string(count) + ", needs " + rule_words(rule, base);
      return out;
    }
    case ItemType::kElection: {
      std::vector<std::pair<uint64_t, std::string>> qualifying;
      for (int i = 0; i < item.spec.options_size(); ++i) {
        if (passes(rule, counts.at(static_cast<size_t>(i)), base)) {
          qualifying.emplace_back(counts[static_cast<size_t>(i)], item.spec.options(i));
        }
      }
      std::stable_sort(qualifying.begin(), qualifying.end(),
                       [](const auto& a, const auto& b) { return a.first > b.first; });
      const size_t seats = item.spec.seats();
      bool tie = false;
      uint64_t cut = 0;
      if (qualifying.size() > seats) {
        cut = qualifying[seats].first;
        tie = qualifying[seats - 1].first == cut;
      }
      for (const auto& [count, name] : qualifying) {
        if (out.elected.size() >= seats) break;
        if (tie && count <= cut) break;
        out.elected.push_back(name);
      }
      out.outcome = tie ? "tie" : (out.elected.empty() ? "failed" : "elected");
      out.explanation = "each winner needs " + rule_words(rule, base) + ", at most " +
                        std::to_string(seats) + " seats";
      if (tie) {
        out.explanation += "; candidates tied at " + std::to_string(cut) +
                           " votes for the last seat(s): a further round is needed";
      }
      return out;
    }
    case ItemType::kConsultation:
      out.outcome = "recorded";
      out.explanation = "consultation: counts and comments are recorded";
      return out;
  }
  return out;
}

namespace {

// Tables of m·G shared across tallies; grown to the largest bound asked.
const DlogTable& dlog_table(uint64_t max) {
  static std::mutex mu;
  static std::shared_ptr<const DlogTable> table;
  std::lock_guard lock(mu);
  if (!table || table->max_message() < max) {
    table = std::make_shared<const DlogTable>(std::max<uint64_t>(max, 1024));
  }
  return *table;
}

}  // namespace

Result<std::vector<uint64_t>> tally_counts(const Conference& c, const Item& item,
                                           const std::vector<uint32_t>& trustees_used) {
  if (trustees_used.size() < c.threshold) {
    return Error("the tally needs decryption shares from at least " + std::to_string(c.threshold) +
                 " trustees, got " + std::to_string(trustees_used.size()));
  }
  std::set<uint32_t> distinct(trustees_used.begin(), trustees_used.end());
  if (distinct.size() != trustees_used.size()) return Error("a trustee is listed twice");
  for (uint32_t j : trustees_used) {
    if (!item.shares.contains(j)) {
      return Error("trustee " + std::to_string(j) + " has posted no share for this item");
    }
  }
  const DlogTable& table = dlog_table(item.ballots.size());
  std::vector<uint64_t> counts;
  for (uint32_t s = 0; s < item.selections; ++s) {
    std::vector<PartialDecryption> parts;
    for (uint32_t j : trustees_used) parts.push_back({j, item.shares.at(j)[s]});
    const Point mG = combine_partials(item.aggregates[s], parts);
    std::optional<uint64_t> m = table.lookup(mG);
    if (!m || *m > item.ballots.size()) {
      return Error("selection " + std::to_string(s) + " does not decrypt to a count");
    }
    counts.push_back(*m);
  }
  return counts;
}

}  // namespace conclave::core
