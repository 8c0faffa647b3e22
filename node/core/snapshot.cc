#include "node/core/snapshot.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include "conclave.pb.h"
#include "node/core/codec.h"
#include "snapshot.pb.h"

namespace conclave::core {
namespace {

// ------------------------------------------------------------- encoding --

template <size_t N>
std::string raw(const std::array<uint8_t, N>& a) {
  return std::string(reinterpret_cast<const char*>(a.data()), N);
}

void put_ciphertexts(const std::vector<Ciphertext>& cs,
                     google::protobuf::RepeatedPtrField<v1::CiphertextMsg>* out) {
  for (const Ciphertext& c : cs) *out->Add() = encode(c);
}

void encode_item(const Item& i, v1::ItemSnapshot& m) {
  *m.mutable_spec() = i.spec;
  m.set_type(static_cast<uint32_t>(i.type));
  for (const ContestRules& r : i.contests) {
    v1::ContestRulesSnapshot& c = *m.add_contests();
    c.set_item(r.item);
    c.set_options(r.options);
    c.set_min_sum(r.min_sum);
    c.set_max_sum(r.max_sum);
  }
  m.set_selections(i.selections);
  m.set_status(static_cast<uint32_t>(i.status));
  m.set_opened_ms(i.opened_ms);
  m.set_closed_ms(i.closed_ms);
  for (const auto& [member, b] : i.ballots) {
    v1::CastBallotSnapshot& c = *m.add_ballots();
    c.set_member_id(member);
    c.set_index(b.index);
    c.set_leaf_hash(raw(b.leaf_hash));
    put_ciphertexts(b.selections, c.mutable_selections());
    for (const std::string& comment : b.comments) c.add_comments(comment);
  }
  m.set_ballots_received(i.ballots_received);
  m.set_spoiled(i.spoiled);
  put_ciphertexts(i.aggregates, m.mutable_aggregates());
  m.set_aggregate_hash(raw(i.aggregate_hash));
  m.set_attendees_at_close(i.attendees_at_close);
  for (const auto& [trustee, points] : i.shares) {
    v1::TrusteeShares& t = *m.add_shares();
    t.set_trustee(trustee);
    for (const Point& p : points) t.add_shares(encode(p));
  }
  if (i.result) *m.mutable_result() = *i.result;
  for (const auto& [leaf, section] : i.answered) {
    v1::AnsweredComment& a = *m.add_answered();
    a.set_leaf_hash(raw(leaf));
    a.set_section(section);
  }
}

void encode_conference(const Conference& c, v1::ConferenceSnapshot& m) {
  m.set_id(c.id);
  *m.mutable_spec() = c.spec;
  m.set_created_index(c.created_index);
  for (const std::string& id : c.roster) m.add_roster(id);
  m.set_threshold(c.threshold);
  for (const TrusteeSlot& t : c.trustees) {
    v1::TrusteeSnapshot& s = *m.add_trustees();
    s.set_member_id(t.member_id);
    s.set_key(raw(t.key));
    s.set_box_key(raw(t.box_key));
    if (t.commitment) {
      s.set_has_commitment(true);
      for (const Point& p : t.commitment->coefficients) s.add_coefficients(encode(p));
      for (const SchnorrProof& p : t.commitment->proofs) {
        *s.add_proofs() = encode_pair(p.challenge, p.response);
      }
    }
    for (const Bytes& b : t.sealed_shares) s.add_sealed_shares(encode(b));
  }
  for (const Item& i : c.items) encode_item(i, *m.add_items());
  m.set_ceremony_context(raw(c.ceremony_context));
  for (const DkgComplaint& d : c.complaints) {
    v1::DkgComplaintSnapshot& s = *m.add_complaints();
    s.set_accuser(d.accuser);
    s.set_accused(d.accused);
  }
  for (const DkgReveal& r : c.reveals) {
    v1::DkgRevealSnapshot& s = *m.add_reveals();
    s.set_dealer(r.dealer);
    s.set_recipient(r.recipient);
    s.set_share(encode(r.share));
  }
  for (uint32_t a : c.acknowledged) m.add_acknowledged(a);
  m.set_status(static_cast<uint32_t>(c.status));
  for (uint32_t q : c.qualified) m.add_qualified(q);
  m.set_joint_key(encode(c.joint_key));
  for (const Point& k : c.verification_keys) m.add_verification_keys(encode(k));
  m.set_context(raw(c.context));
  for (const std::string& id : c.checked_in) m.add_checked_in(id);
  for (const auto& alpha : c.used_alphas) m.add_used_alphas(raw(alpha));
  if (c.minutes_hash) m.set_minutes_hash(raw(*c.minutes_hash));
  m.set_signed_by_organizer(c.signed_by_organizer);
  m.set_signed_by_secretary(c.signed_by_secretary);
}

// ------------------------------------------------------------- decoding --

template <size_t N>
Status get_raw(const std::string& in, std::array<uint8_t, N>& out, const char* what) {
  if (in.size() != N) return Error(std::string(what) + " must be " + std::to_string(N) + " bytes");
  std::copy(in.begin(), in.end(), out.begin());
  return Status::Ok();
}

// The state held these values, so the identity is allowed wherever it is a
// possible value (an empty aggregate, a key not yet set).
Result<Point> get_point(const std::string& in, const std::string& what) {
  return decode_point(in, what, /*allow_identity=*/true);
}

Status get_ciphertexts(const google::protobuf::RepeatedPtrField<v1::CiphertextMsg>& in,
                       std::vector<Ciphertext>& out, const std::string& what) {
  for (const v1::CiphertextMsg& c : in) {
    Result<Point> a = get_point(c.alpha(), what + " α");
    if (!a) return a.error();
    Result<Point> b = get_point(c.beta(), what + " β");
    if (!b) return b.error();
    out.push_back({*a, *b});
  }
  return Status::Ok();
}

Status decode_item(const v1::ItemSnapshot& m, Item& i) {
  i.spec = m.spec();
  if (m.type() > static_cast<uint32_t>(ItemType::kConsultation) ||
      m.status() > static_cast<uint32_t>(ItemStatus::kTallied)) {
    return Error("item " + m.spec().id() + ": unknown type or status");
  }
  i.type = static_cast<ItemType>(m.type());
  for (const v1::ContestRulesSnapshot& c : m.contests()) {
    i.contests.push_back({c.item(), c.options(), c.min_sum(), c.max_sum()});
  }
  i.selections = m.selections();
  i.status = static_cast<ItemStatus>(m.status());
  i.opened_ms = m.opened_ms();
  i.closed_ms = m.closed_ms();
  for (const v1::CastBallotSnapshot& b : m.ballots()) {
    CastBallot cast{b.index(), {}, {}, {b.comments().begin(), b.comments().end()}};
    if (Status s = get_raw(b.leaf_hash(), cast.leaf_hash, "ballot leaf hash"); !s) return s;
    if (Status s = get_ciphertexts(b.selections(), cast.selections, "ballot"); !s) return s;
    if (!i.ballots.emplace(b.member_id(), std::move(cast)).second) {
      return Error("item " + m.spec().id() + ": two ballots for " + b.member_id());
    }
  }
  i.ballots_received = m.ballots_received();
  i.spoiled = m.spoiled();
  if (Status s = get_ciphertexts(m.aggregates(), i.aggregates, "aggregate"); !s) return s;
  if (Status s = get_raw(m.aggregate_hash(), i.aggregate_hash, "aggregate hash"); !s) return s;
  i.attendees_at_close = m.attendees_at_close();
  for (const v1::TrusteeShares& t : m.shares()) {
    std::vector<Point>& points = i.shares[t.trustee()];
    for (const std::string& p : t.shares()) {
      Result<Point> point = get_point(p, "decryption share");
      if (!point) return point.error();
      points.push_back(*point);
    }
  }
  if (m.has_result()) i.result = m.result();
  for (const v1::AnsweredComment& a : m.answered()) {
    Hash32 leaf;
    if (Status s = get_raw(a.leaf_hash(), leaf, "answered comment"); !s) return s;
    i.answered.emplace(leaf, a.section());
  }
  return Status::Ok();
}

Status decode_trustee(const v1::TrusteeSnapshot& m, TrusteeSlot& t) {
  t.member_id = m.member_id();
  if (Status s = get_raw(m.key(), t.key, "trustee key"); !s) return s;
  if (Status s = get_raw(m.box_key(), t.box_key, "trustee box key"); !s) return s;
  if (m.has_commitment()) {
    DkgCommitment c;
    for (const std::string& p : m.coefficients()) {
      Result<Point> point = get_point(p, "commitment");
      if (!point) return point.error();
      c.coefficients.push_back(*point);
    }
    for (const v1::ScalarPair& p : m.proofs()) {
      Result<SchnorrProof> proof = decode_schnorr(p, "commitment proof");
      if (!proof) return proof.error();
      c.proofs.push_back(*proof);
    }
    t.commitment = std::move(c);
  }
  for (const std::string& b : m.sealed_shares()) t.sealed_shares.emplace_back(b.begin(), b.end());
  return Status::Ok();
}

Status decode_conference(const v1::ConferenceSnapshot& m, Conference& c) {
  c.id = m.id();
  c.spec = m.spec();
  c.created_index = m.created_index();
  c.roster.insert(m.roster().begin(), m.roster().end());
  c.threshold = m.threshold();
  for (const v1::TrusteeSnapshot& t : m.trustees()) {
    if (Status s = decode_trustee(t, c.trustees.emplace_back()); !s) return s;
  }
  for (const v1::ItemSnapshot& i : m.items()) {
    if (Status s = decode_item(i, c.items.emplace_back()); !s) return s;
  }
  if (Status s = get_raw(m.ceremony_context(), c.ceremony_context, "ceremony context"); !s) {
    return s;
  }
  for (const v1::DkgComplaintSnapshot& d : m.complaints()) {
    c.complaints.push_back({d.accuser(), d.accused()});
  }
  for (const v1::DkgRevealSnapshot& r : m.reveals()) {
    Result<Scalar> share = decode_scalar(r.share(), "revealed share");
    if (!share) return share.error();
    c.reveals.push_back({r.dealer(), r.recipient(), *share});
  }
  c.acknowledged.insert(m.acknowledged().begin(), m.acknowledged().end());
  if (m.status() > static_cast<uint32_t>(ConferenceStatus::kPublished)) {
    return Error("conference " + m.id() + ": unknown status");
  }
  c.status = static_cast<ConferenceStatus>(m.status());
  c.qualified.assign(m.qualified().begin(), m.qualified().end());
  Result<Point> joint = get_point(m.joint_key(), "joint key");
  if (!joint) return joint.error();
  c.joint_key = *joint;
  for (const std::string& k : m.verification_keys()) {
    Result<Point> point = get_point(k, "verification key");
    if (!point) return point.error();
    c.verification_keys.push_back(*point);
  }
  if (Status s = get_raw(m.context(), c.context, "context"); !s) return s;
  c.checked_in.insert(m.checked_in().begin(), m.checked_in().end());
  for (const std::string& a : m.used_alphas()) {
    std::array<uint8_t, 32> alpha;
    if (Status s = get_raw(a, alpha, "used α"); !s) return s;
    c.used_alphas.insert(alpha);
  }
  if (!m.minutes_hash().empty()) {
    Hash32 h;
    if (Status s = get_raw(m.minutes_hash(), h, "minutes hash"); !s) return s;
    c.minutes_hash = h;
  }
  c.signed_by_organizer = m.signed_by_organizer();
  c.signed_by_secretary = m.signed_by_secretary();
  return Status::Ok();
}

Status decode_member(const v1::MemberSnapshot& m, Member& out) {
  out.id = m.id();
  out.full_name = m.full_name();
  out.role = m.role();
  if (!m.code_key().empty()) {
    if (Status s = get_raw(m.code_key(), out.code_key.emplace(), "code key"); !s) return s;
  }
  if (!m.key().empty()) {
    if (Status s = get_raw(m.key(), out.key.emplace(), "member key"); !s) return s;
  }
  if (Status s = get_raw(m.box_key(), out.box_key, "box key"); !s) return s;
  for (const std::string& r : m.revoked()) {
    if (Status s = get_raw(r, out.revoked.emplace_back(), "revoked key"); !s) return s;
  }
  return Status::Ok();
}

Status decode_into(const v1::StateSnapshot& m, State& s) {
  s.origin = m.origin();
  s.size = m.size();
  s.has_genesis = m.has_genesis();
  s.unit_name = m.unit_name();
  if (s.has_genesis) {
    if (Status st = get_raw(m.node_key(), s.node_key, "node key"); !st) return st;
  }
  for (const v1::Person& p : m.organizers()) {
    PublicKey k;
    if (Status st = get_raw(p.key(), k, "organizer key"); !st) return st;
    s.organizers[k] = p.name();
  }
  s.parent_origin = m.parent_origin();
  for (const v1::DisclosureSnapshot& d : m.disclosures()) {
    DisclosureRecord r{d.index(), d.title(), {}, d.size(), d.filename(), {}};
    if (Status st = get_raw(d.sha256(), r.sha256, "disclosure hash"); !st) return st;
    if (Status st = get_raw(d.author(), r.author, "disclosure author"); !st) return st;
    s.disclosures.push_back(std::move(r));
  }
  for (const v1::MemberSnapshot& mm : m.members()) {
    Member member;
    if (Status st = decode_member(mm, member); !st) return st;
    // The key index is derived, not stored: it holds current keys only.
    if (member.key && !s.member_by_key.emplace(*member.key, member.id).second) {
      return Error("two members share a key");
    }
    if (!s.members.emplace(member.id, std::move(member)).second) {
      return Error("member " + mm.id() + " appears twice");
    }
  }
  for (const v1::ConferenceSnapshot& c : m.conferences()) {
    Conference conf;
    if (Status st = decode_conference(c, conf); !st) return st;
    if (!s.conferences.emplace(c.id(), std::move(conf)).second) {
      return Error("conference " + c.id() + " appears twice");
    }
  }
  return Status::Ok();
}

}  // namespace

std::string encode_state(const State& s) {
  v1::StateSnapshot m;
  m.set_origin(s.origin);
  m.set_size(s.size);
  m.set_has_genesis(s.has_genesis);
  m.set_unit_name(s.unit_name);
  if (s.has_genesis) m.set_node_key(raw(s.node_key));
  for (const auto& [key, name] : s.organizers) {
    v1::Person& p = *m.add_organizers();
    p.set_key(raw(key));
    p.set_name(name);
  }
  m.set_parent_origin(s.parent_origin);
  for (const DisclosureRecord& d : s.disclosures) {
    v1::DisclosureSnapshot& r = *m.add_disclosures();
    r.set_index(d.index);
    r.set_title(d.title);
    r.set_sha256(raw(d.sha256));
    r.set_size(d.size);
    r.set_filename(d.filename);
    r.set_author(raw(d.author));
  }
  for (const auto& [id, member] : s.members) {
    v1::MemberSnapshot& r = *m.add_members();
    r.set_id(member.id);
    r.set_full_name(member.full_name);
    r.set_role(member.role);
    if (member.code_key) r.set_code_key(raw(*member.code_key));
    if (member.key) r.set_key(raw(*member.key));
    r.set_box_key(raw(member.box_key));
    for (const PublicKey& k : member.revoked) r.add_revoked(raw(k));
  }
  for (const auto& [id, c] : s.conferences) encode_conference(c, *m.add_conferences());
  std::string out;
  google::protobuf::io::StringOutputStream stream(&out);
  google::protobuf::io::CodedOutputStream coded(&stream);
  coded.SetSerializationDeterministic(true);  // the embedded entry messages
  m.SerializeToCodedStream(&coded);
  coded.Trim();
  return out;
}

Result<State> decode_state(std::string_view bytes) {
  v1::StateSnapshot m;
  if (!m.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return Error("state snapshot is not a valid StateSnapshot message");
  }
  State s;
  if (Status st = decode_into(m, s); !st) return Error("state snapshot: " + st.error().message());
  return s;
}

std::string seal_snapshot(const State& s, const Hash32& root) {
  v1::SnapshotRecord r;
  r.set_format(kSnapshotFormat);
  r.set_size(s.size);
  r.set_root(raw(root));
  std::string state = encode_state(s);
  r.set_digest(raw(sha256(as_bytes(state))));
  r.set_state(std::move(state));
  return r.SerializeAsString();
}

Result<RestoredSnapshot> open_snapshot(std::string_view record) {
  v1::SnapshotRecord r;
  if (!r.ParseFromArray(record.data(), static_cast<int>(record.size()))) {
    return Error("snapshot record is malformed");
  }
  if (r.format() != kSnapshotFormat) {
    return Error("snapshot format " + std::to_string(r.format()) + " is not the current format " +
                 std::to_string(kSnapshotFormat));
  }
  if (!same_bytes(r.digest(), sha256(as_bytes(r.state())))) {
    return Error("snapshot is damaged: its digest does not match its contents");
  }
  RestoredSnapshot out;
  if (Status st = get_raw(r.root(), out.root, "snapshot root"); !st) return st.error();
  Result<State> state = decode_state(r.state());
  if (!state) return state.error();
  if (state->size != r.size()) return Error("snapshot sizes disagree");
  out.state = std::move(*state);
  return out;
}

}  // namespace conclave::core
