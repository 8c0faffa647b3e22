// The key ceremony (Pedersen DKG) as log entries: commitments with proofs,
// sealed shares, complaints, reveals, and the organizer's closing entry,
// whose joint key and verification keys everyone recomputes.
#include "node/core/codec.h"
#include "node/core/conference_rules.h"
#include "node/core/handlers.h"

namespace conclave::core {
namespace {

// The conference and the caller's trustee index, for a ceremony entry.
Result<std::pair<Conference*, uint32_t>> ceremony_trustee(State& s, const ParsedEntry& e,
                                                          const std::string& conference_id,
                                                          uint32_t claimed_index) {
  Conference* c = s.conference(conference_id);
  if (!c) return not_found("no conference \"" + conference_id + "\"");
  if (c->status != ConferenceStatus::kCeremony) {
    return precondition("the key ceremony of " + conference_id + " is already finished");
  }
  std::optional<uint32_t> index = c->trustee_index(e.author);
  if (!index) return denied("the author is not a trustee of " + conference_id);
  if (*index != claimed_index) {
    return denied("the author is trustee " + std::to_string(*index) + ", not trustee " +
                  std::to_string(claimed_index));
  }
  return std::make_pair(c, *index);
}

}  // namespace

Status apply_dkg_commitment(State& s, const ParsedEntry& e, const ApplyOptions& o) {
  const v1::DkgCommitmentEntry& m = e.body.dkg_commitment();
  auto ct = ceremony_trustee(s, e, m.conference_id(), m.trustee_index());
  if (!ct) return ct.error();
  auto [c, i] = *ct;
  TrusteeSlot& slot = c->trustees[i - 1];
  if (slot.commitment) return duplicate("trustee " + std::to_string(i) + " already committed");
  DkgCommitment commitment;
  for (int k = 0; k < m.coefficients_size(); ++k) {
    Result<Point> p = decode_point(m.coefficients(k), "coefficient " + std::to_string(k));
    if (!p) return invalid(p.error().message());
    commitment.coefficients.push_back(*p);
  }
  for (int k = 0; k < m.proofs_size(); ++k) {
    Result<SchnorrProof> p = decode_schnorr(m.proofs(k), "coefficient proof");
    if (!p) return invalid(p.error().message());
    commitment.proofs.push_back(*p);
  }
  if (commitment.coefficients.size() != c->threshold || commitment.proofs.size() != c->threshold) {
    return invalid("a commitment has exactly " + std::to_string(c->threshold) +
                   " coefficients, each with a proof");
  }
  if (o.proofs == ProofCheck::kVerify) {
    if (Status v = dkg_verify_commitment(commitment, i, c->threshold, dkg_binding(*c)); !v) {
      return invalid(v.error().message());
    }
  }
  slot.commitment = std::move(commitment);
  return Status::Ok();
}

Status apply_dkg_shares(State& s, const ParsedEntry& e, const ApplyOptions&) {
  const v1::DkgSharesEntry& m = e.body.dkg_shares();
  auto ct = ceremony_trustee(s, e, m.conference_id(), m.trustee_index());
  if (!ct) return ct.error();
  auto [c, i] = *ct;
  TrusteeSlot& slot = c->trustees[i - 1];
  if (!slot.commitment) return precondition("post the commitment before the shares");
  if (!slot.sealed_shares.empty())
    return duplicate("trustee " + std::to_string(i) + " already dealt");
  if (m.sealed_shares_size() != static_cast<int>(c->trustees.size())) {
    return invalid("one sealed share per trustee is required (" +
                   std::to_string(c->trustees.size()) + ")");
  }
  for (const std::string& sealed : m.sealed_shares()) {
    if (sealed.size() != 80) return invalid("a sealed share is 80 bytes");
  }
  for (const std::string& sealed : m.sealed_shares())
    slot.sealed_shares.push_back(to_bytes(sealed));
  return Status::Ok();
}

Status apply_dkg_complaint(State& s, const ParsedEntry& e, const ApplyOptions&) {
  const v1::DkgComplaintEntry& m = e.body.dkg_complaint();
  auto ct = ceremony_trustee(s, e, m.conference_id(), m.accuser());
  if (!ct) return ct.error();
  auto [c, i] = *ct;
  if (m.accused() == 0) {
    // accused = 0: "I have checked every dealer's share to me".
    for (const core::TrusteeSlot& t : c->trustees) {
      if (t.sealed_shares.empty()) return precondition("not every trustee has dealt yet");
    }
    if (!c->acknowledged.insert(i).second) return duplicate("already acknowledged");
    return Status::Ok();
  }
  if (m.accused() > c->trustees.size() || m.accused() == i) {
    return invalid("the accused must be another trustee of the conference");
  }
  if (c->trustees[m.accused() - 1].sealed_shares.empty()) {
    return precondition("trustee " + std::to_string(m.accused()) + " has not dealt shares yet");
  }
  for (const DkgComplaint& old : c->complaints) {
    if (old.accuser == i && old.accused == m.accused()) return duplicate("complaint already filed");
  }
  c->complaints.push_back({i, m.accused()});
  return Status::Ok();
}

Status apply_dkg_reveal(State& s, const ParsedEntry& e, const ApplyOptions&) {
  const v1::DkgRevealEntry& m = e.body.dkg_reveal();
  auto ct = ceremony_trustee(s, e, m.conference_id(), m.dealer());
  if (!ct) return ct.error();
  auto [c, i] = *ct;
  bool complained = false;
  for (const DkgComplaint& k : c->complaints) {
    complained |= k.accused == i && k.accuser == m.recipient();
  }
  if (!complained) return precondition("no complaint of that trustee to answer");
  for (const DkgReveal& r : c->reveals) {
    if (r.dealer == i && r.recipient == m.recipient()) return duplicate("share already revealed");
  }
  Result<Scalar> share = decode_scalar(m.share(), "revealed share");
  if (!share) return invalid(share.error().message());
  c->reveals.push_back({i, m.recipient(), *share});
  return Status::Ok();
}

Status apply_key_ceremony_done(State& s, const ParsedEntry& e, const ApplyOptions&) {
  const v1::KeyCeremonyDone& m = e.body.key_ceremony_done();
  Conference* c = s.conference(m.conference_id());
  if (!c) return not_found("no conference \"" + m.conference_id() + "\"");
  if (!s.is_organizer(e.author) && !c->trustee_index(e.author)) {
    return denied("only an organizer or a trustee closes the key ceremony");
  }
  if (c->status != ConferenceStatus::kCeremony)
    return precondition("the ceremony is already closed");

  // Dealers who never dealt their shares are out; the rest are judged on
  // their commitments and on how they answered complaints.
  std::map<uint32_t, DkgCommitment> dealt;
  const uint32_t n = static_cast<uint32_t>(c->trustees.size());
  for (uint32_t i = 1; i <= n; ++i) {
    const TrusteeSlot& t = c->trustees[i - 1];
    if (t.commitment && !t.sealed_shares.empty()) dealt[i] = *t.commitment;
  }
  DkgOutcome out = dkg_resolve(n, c->threshold, dealt, c->complaints, c->reveals, dkg_binding(*c));
  if (out.qualified.size() < c->threshold) {
    return precondition("only " + std::to_string(out.qualified.size()) +
                        " trustees qualified; the threshold is " + std::to_string(c->threshold));
  }
  const Point joint = dkg_joint_key(dealt, out.qualified);
  std::vector<Point> vkeys;
  for (uint32_t j = 1; j <= n; ++j) vkeys.push_back(dkg_verification_key(dealt, out.qualified, j));
  const Hash64 q = conference_context(s.origin, *c, joint);

  // The entry states the outcome; it must be exactly what the log implies.
  if (std::vector<uint32_t>(m.qualified().begin(), m.qualified().end()) != out.qualified) {
    return invalid("the qualified trustees do not match the ceremony in the log");
  }
  if (!same_bytes(m.joint_key(), joint.view())) {
    return invalid("the joint key does not match the ceremony in the log");
  }
  if (m.verification_keys_size() != static_cast<int>(n)) {
    return invalid("one verification key per trustee is required");
  }
  for (uint32_t j = 0; j < n; ++j) {
    if (!same_bytes(m.verification_keys(static_cast<int>(j)), vkeys[j].view())) {
      return invalid("verification key of trustee " + std::to_string(j + 1) + " does not match");
    }
  }
  if (!same_bytes(m.context_hash(), q)) return invalid("the context hash does not match");
  c->qualified = out.qualified;
  c->joint_key = joint;
  c->verification_keys = std::move(vkeys);
  c->context = q;
  c->status = ConferenceStatus::kReady;
  return Status::Ok();
}

}  // namespace conclave::core
