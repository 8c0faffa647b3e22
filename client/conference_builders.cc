#include "client/conference_builders.h"

#include <sodium.h>

#include "crypto/dleq.h"
#include "crypto/transcript.h"
#include "node/core/codec.h"
#include "node/core/minutes.h"

namespace conclave::client {

using core::Conference;
using core::Item;
using core::ItemType;

NewMember build_member_added(const std::string& origin, const std::string& member_id,
                             const std::string& full_name, const std::string& role) {
  NewMember out;
  out.code = core::new_enrollment_code();
  const Identity code_key =
      core::enrollment_code_identity(origin, member_id, *core::normalize_enrollment_code(out.code));
  v1::MemberAdded* m = out.body.mutable_member_added();
  m->set_member_id(member_id);
  m->set_full_name(full_name);
  m->set_role(role);
  m->set_code_key(core::encode(code_key.public_key()));
  return out;
}

Result<v1::EntryBody> build_member_enrolled(const std::string& origin, const std::string& member_id,
                                            std::string_view code, const Identity& new_key) {
  Result<std::string> normalized = core::normalize_enrollment_code(code);
  if (!normalized) return normalized.error();
  const Identity code_key = core::enrollment_code_identity(origin, member_id, *normalized);
  const Bytes msg =
      core::enrollment_message(origin, member_id, new_key.public_key(), new_key.box_public_key());
  const Signature sig = code_key.sign(core::kEnrollDomain, msg);
  v1::EntryBody body;
  v1::MemberEnrolled* m = body.mutable_member_enrolled();
  m->set_member_id(member_id);
  m->set_code_signature(core::encode(sig));
  m->set_box_key(core::encode(new_key.box_public_key()));
  return body;
}

v1::EntryBody build_dkg_commitment(const Conference& c, uint32_t index, const Polynomial& poly) {
  const DkgCommitment dc = dkg_commit(poly, index, core::dkg_binding(c));
  v1::EntryBody body;
  v1::DkgCommitmentEntry* m = body.mutable_dkg_commitment();
  m->set_conference_id(c.id);
  m->set_trustee_index(index);
  for (const Point& p : dc.coefficients) m->add_coefficients(core::encode(p));
  for (const SchnorrProof& p : dc.proofs)
    *m->add_proofs() = core::encode_pair(p.challenge, p.response);
  return body;
}

v1::EntryBody build_dkg_shares(const Conference& c, uint32_t index, const Polynomial& poly) {
  v1::EntryBody body;
  v1::DkgSharesEntry* m = body.mutable_dkg_shares();
  m->set_conference_id(c.id);
  m->set_trustee_index(index);
  for (uint32_t j = 1; j <= c.trustees.size(); ++j) {
    m->add_sealed_shares(core::encode(dkg_seal_share(poly.eval(j), c.trustees[j - 1].box_key)));
  }
  return body;
}

ReceivedShares open_received_shares(const Conference& c, uint32_t j, const Identity& key) {
  ReceivedShares out;
  for (uint32_t i = 1; i <= c.trustees.size(); ++i) {
    const core::TrusteeSlot& dealer = c.trustees[i - 1];
    if (!dealer.commitment || dealer.sealed_shares.size() < j) continue;
    Result<Scalar> share =
        dkg_open_share(dealer.sealed_shares[j - 1], key.box_public_key(), key.box_secret_key());
    if (share && dkg_verify_share(dealer.commitment->coefficients, j, *share)) {
      out.valid.emplace(i, *share);
    } else {
      out.bad_dealers.push_back(i);
    }
  }
  return out;
}

v1::EntryBody build_dkg_complaint(const Conference& c, uint32_t accuser, uint32_t accused) {
  v1::EntryBody body;
  v1::DkgComplaintEntry* m = body.mutable_dkg_complaint();
  m->set_conference_id(c.id);
  m->set_accuser(accuser);
  m->set_accused(accused);
  return body;
}

v1::EntryBody build_dkg_reveal(const Conference& c, uint32_t dealer, uint32_t recipient,
                               const Polynomial& poly) {
  v1::EntryBody body;
  v1::DkgRevealEntry* m = body.mutable_dkg_reveal();
  m->set_conference_id(c.id);
  m->set_dealer(dealer);
  m->set_recipient(recipient);
  m->set_share(core::encode(poly.eval(recipient)));
  return body;
}

namespace {

std::map<uint32_t, DkgCommitment> dealt_commitments(const Conference& c) {
  std::map<uint32_t, DkgCommitment> dealt;
  for (uint32_t i = 1; i <= c.trustees.size(); ++i) {
    const core::TrusteeSlot& t = c.trustees[i - 1];
    if (t.commitment && !t.sealed_shares.empty()) dealt[i] = *t.commitment;
  }
  return dealt;
}

}  // namespace

Result<v1::EntryBody> build_key_ceremony_done(const core::State& s, const Conference& c) {
  const auto dealt = dealt_commitments(c);
  const uint32_t n = static_cast<uint32_t>(c.trustees.size());
  DkgOutcome out =
      dkg_resolve(n, c.threshold, dealt, c.complaints, c.reveals, core::dkg_binding(c));
  if (out.qualified.size() < c.threshold) {
    return Error("only " + std::to_string(out.qualified.size()) + " of " + std::to_string(n) +
                 " trustees qualified; " + std::to_string(c.threshold) + " are needed");
  }
  const Point joint = dkg_joint_key(dealt, out.qualified);
  v1::EntryBody body;
  v1::KeyCeremonyDone* m = body.mutable_key_ceremony_done();
  m->set_conference_id(c.id);
  for (uint32_t q : out.qualified) m->add_qualified(q);
  m->set_joint_key(core::encode(joint));
  for (uint32_t j = 1; j <= n; ++j) {
    m->add_verification_keys(core::encode(dkg_verification_key(dealt, out.qualified, j)));
  }
  m->set_context_hash(core::encode(core::conference_context(s.origin, c, joint)));
  return body;
}

Polynomial trustee_polynomial(const Conference& c, const Identity& key) {
  std::vector<Scalar> coeffs;
  for (uint32_t k = 0; k < c.threshold; ++k) {
    const Bytes kk = u32be(k);
    coeffs.push_back(hash_to_scalar("dkg-poly", {key.seed(), c.ceremony_context, kk}));
  }
  return Polynomial::from_coefficients(std::move(coeffs));
}

Result<Scalar> trustee_secret_share(const Conference& c, uint32_t j, const Identity& key) {
  if (c.status == core::ConferenceStatus::kCeremony) return Error("the key ceremony is not done");
  ReceivedShares received = open_received_shares(c, j, key);
  Scalar s;
  for (uint32_t i : c.qualified) {
    auto it = received.valid.find(i);
    if (it != received.valid.end()) {
      s += it->second;
      continue;
    }
    // A share that did not open was answered in public.
    auto revealed = std::find_if(c.reveals.begin(), c.reveals.end(), [&](const DkgReveal& r) {
      return r.dealer == i && r.recipient == j;
    });
    if (revealed == c.reveals.end()) {
      return Error("no valid share from trustee " + std::to_string(i) + " for trustee " +
                   std::to_string(j));
    }
    s += revealed->share;
  }
  if (Point::base_mul(s) != c.verification_keys.at(j - 1)) {
    return Error("the reconstructed key share does not match trustee " + std::to_string(j) +
                 "'s verification key (wrong key file?)");
  }
  return s;
}

v1::EntryBody build_check_in(const std::string& conference_id, const std::string& member_id) {
  v1::EntryBody body;
  body.mutable_check_in()->set_conference_id(conference_id);
  body.mutable_check_in()->set_member_id(member_id);
  return body;
}

v1::EntryBody build_item_opened(const std::string& conference_id, const std::string& item_id) {
  v1::EntryBody body;
  body.mutable_item_opened()->set_conference_id(conference_id);
  body.mutable_item_opened()->set_item_id(item_id);
  return body;
}

v1::EntryBody build_item_closed(const std::string& conference_id, const std::string& item_id) {
  v1::EntryBody body;
  body.mutable_item_closed()->set_conference_id(conference_id);
  body.mutable_item_closed()->set_item_id(item_id);
  return body;
}

Result<std::vector<std::vector<uint64_t>>> choices_for(
    const Item& item, const std::vector<std::string>& picks,
    const std::map<uint32_t, std::string>& answers) {
  std::vector<std::vector<uint64_t>> out;
  switch (item.type) {
    case ItemType::kResolution:
    case ItemType::kAgreement: {
      if (picks.size() != 1) return Error("choose one of approve, reject, abstain or blank");
      std::vector<uint64_t> sel(3, 0);
      const auto& opts = core::approval_options();
      auto it = std::find(opts.begin(), opts.end(), picks[0]);
      if (it != opts.end()) {
        sel[static_cast<size_t>(it - opts.begin())] = 1;
      } else if (picks[0] != "blank") {
        return Error("\"" + picks[0] + "\" is not approve, reject, abstain or blank");
      }
      out.push_back(sel);
      break;
    }
    case ItemType::kElection: {
      std::vector<uint64_t> sel(static_cast<size_t>(item.spec.options_size()), 0);
      for (const std::string& p : picks) {
        if (p.empty() || p == "blank") continue;
        auto it = std::find(item.spec.options().begin(), item.spec.options().end(), p);
        if (it == item.spec.options().end())
          return Error(p + " is not a candidate of this election");
        const size_t at = static_cast<size_t>(it - item.spec.options().begin());
        if (sel[at]) return Error(p + " is chosen twice");
        sel[at] = 1;
      }
      uint64_t total = 0;
      for (uint64_t v : sel) total += v;
      if (total > item.spec.seats()) {
        return Error("at most " + std::to_string(item.spec.seats()) + " candidates may be chosen");
      }
      out.push_back(sel);
      break;
    }
    case ItemType::kConsultation: {
      static const std::vector<std::string> kAnswers = {"agree", "disagree", "abstain"};
      for (const auto& [section, answer] : answers) {
        if (section >= static_cast<uint32_t>(item.spec.sections_size())) {
          return Error("section " + std::to_string(section) + " does not exist");
        }
        if (!answer.empty() &&
            std::find(kAnswers.begin(), kAnswers.end(), answer) == kAnswers.end()) {
          return Error("\"" + answer + "\" is not agree, disagree or abstain");
        }
      }
      for (int s = 0; s < item.spec.sections_size(); ++s) {
        std::vector<uint64_t> sel(3, 0);
        auto a = answers.find(static_cast<uint32_t>(s));
        if (a != answers.end() && !a->second.empty()) {
          sel[static_cast<size_t>(std::find(kAnswers.begin(), kAnswers.end(), a->second) -
                                  kAnswers.begin())] = 1;
        }
        out.push_back(sel);
      }
      break;
    }
  }
  return out;
}

Result<BuiltBallot> build_ballot(const Conference& c, const Item& item,
                                 const std::string& member_id, const PublicKey& voter,
                                 const std::vector<std::vector<uint64_t>>& choices,
                                 const std::vector<std::string>& comments) {
  if (c.status != core::ConferenceStatus::kReady) return Error("the conference is not ready");
  if (choices.size() != item.contests.size()) return Error("one choice list per contest");
  BuiltBallot out;
  out.seed.resize(32);
  randombytes_buf(out.seed.data(), out.seed.size());
  v1::Ballot& b = out.ballot;
  b.set_conference_id(c.id);
  b.set_item_id(item.spec.id());
  b.set_member_id(member_id);
  const ProofBinding binding = core::ballot_binding(c, voter);
  for (size_t i = 0; i < item.contests.size(); ++i) {
    Result<EncryptedContest> ec =
        encrypt_contest(c.joint_key, out.seed, item.contests[i], choices[i], binding);
    if (!ec) return ec.error();
    *b.add_contests() = core::encode(*ec);
    out.flat.insert(out.flat.end(), choices[i].begin(), choices[i].end());
  }
  if (!comments.empty()) {
    for (const std::string& text : comments) b.add_comments(text);
  }
  return out;
}

v1::EntryBody ballot_body(const BuiltBallot& b) {
  v1::EntryBody body;
  *body.mutable_ballot() = b.ballot;
  return body;
}

v1::EntryBody spoiled_body(const BuiltBallot& b) {
  v1::EntryBody body;
  v1::SpoiledBallot* s = body.mutable_spoiled_ballot();
  *s->mutable_ballot() = b.ballot;
  s->set_seed(core::encode(b.seed));
  for (uint64_t v : b.flat) s->add_choices(v);
  return body;
}

Result<v1::EntryBody> build_decryption_share(const Conference& c, const Item& item, uint32_t j,
                                             const Scalar& secret_share,
                                             const PublicKey& trustee_key) {
  if (item.status != core::ItemStatus::kClosed) return Error("the item is not closed");
  v1::EntryBody body;
  v1::DecryptionShareEntry* m = body.mutable_decryption_share();
  m->set_conference_id(c.id);
  m->set_item_id(item.spec.id());
  m->set_trustee_index(j);
  m->set_ballots_counted(item.ballots.size());
  m->set_aggregate_hash(core::encode(item.aggregate_hash));
  const Point& kj = c.verification_keys.at(j - 1);
  for (uint32_t s = 0; s < item.selections; ++s) {
    const Point& alpha = item.aggregates[s].alpha;
    const Point share = partial_decrypt(secret_share, item.aggregates[s]);
    const DleqProof p = dleq_prove(secret_share, kj, alpha, share,
                                   core::share_binding(c, trustee_key, item.spec.id(), s));
    m->add_shares(core::encode(share));
    *m->add_proofs() = core::encode_pair(p.challenge, p.response);
  }
  return body;
}

Result<v1::EntryBody> build_item_result(const Conference& c, const Item& item) {
  std::vector<uint32_t> used;
  for (const auto& [j, shares] : item.shares) used.push_back(j);
  Result<std::vector<uint64_t>> counts = core::tally_counts(c, item, used);
  if (!counts) return counts.error();
  const core::Outcome out = core::evaluate_outcome(item, *counts, item.attendees_at_close,
                                                   c.roster_size(), item.ballots.size());
  v1::EntryBody body;
  v1::ItemResult* r = body.mutable_item_result();
  r->set_conference_id(c.id);
  r->set_item_id(item.spec.id());
  for (uint64_t n : *counts) r->add_counts(n);
  r->set_attendees(item.attendees_at_close);
  r->set_roster_size(c.roster_size());
  r->set_ballots_counted(item.ballots.size());
  r->set_outcome(out.outcome);
  for (const std::string& e : out.elected) r->add_elected(e);
  for (uint32_t j : used) r->add_trustees_used(j);
  return body;
}

v1::EntryBody build_comment_responses(const std::string& conference_id, const std::string& item_id,
                                      const std::vector<CommentAnswer>& answers) {
  v1::EntryBody body;
  v1::CommentResponses* m = body.mutable_comment_responses();
  m->set_conference_id(conference_id);
  m->set_item_id(item_id);
  for (const CommentAnswer& a : answers) {
    v1::CommentResponse* r = m->add_responses();
    r->set_ballot_leaf_hash(core::encode(a.ballot_leaf_hash));
    r->set_section(a.section);
    r->set_decision(a.decision);
    r->set_text(a.text);
  }
  return body;
}

v1::EntryBody build_minutes_signed(const core::State& s, const Conference& c,
                                   const std::string& role) {
  v1::EntryBody body;
  v1::MinutesSigned* m = body.mutable_minutes_signed();
  m->set_conference_id(c.id);
  m->set_role(role);
  m->set_summary_hash(core::encode(sha256(as_bytes(core::render_minutes_markdown(s, c)))));
  return body;
}

}  // namespace conclave::client
