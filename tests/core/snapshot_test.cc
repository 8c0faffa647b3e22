// State snapshots: restoring a saved state gives back exactly the state
// that was saved, at every point of a whole conference, and a restored
// state goes on accepting the rest of the log identically. Damaged or
// malformed snapshots are refused with an Error, whatever the bytes.
#include "node/core/snapshot.h"

#include <gtest/gtest.h>

#include <thread>

#include "snapshot.pb.h"
#include "tests/core/conference_sim.h"
#include "tests/core/negative_test_util.h"

namespace conclave::testing {
namespace {

using namespace std::chrono_literals;

void replay(const std::vector<Bytes>& log, size_t from, size_t to, core::State& s) {
  for (size_t i = from; i < to; ++i) {
    Result<core::ParsedEntry> e = core::parse_entry(log[i], core::SignatureCheck::kSkip);
    ASSERT_TRUE(e) << e.error().message();
    Status st = core::apply(s, *e, {.proofs = core::ProofCheck::kTrust});
    ASSERT_TRUE(st) << "entry " << i << ": " << st.error().message();
  }
}

// A conference that touches every part of the state: a pending enrollment
// code, a disclosure, the key ceremony, re-votes, a spoiled ballot,
// decryption by a subset of trustees, comments and responses, minutes.
const ConferenceSim& whole_conference() {
  static ConferenceSim* sim = [] {
    auto* s = new ConferenceSim;
    s->add_members(6);
    EXPECT_TRUE(s->organizer_does(disclosure_body("Dự thảo quy chế")));
    EXPECT_TRUE(s->create(standard_agenda()));
    s->ceremony();
    EXPECT_TRUE(
        s->organizer_does(client::build_member_added(s->state.origin, "S99", "Chưa nhận mã", "")
                              .body));  // never enrolled
    s->check_in(1, 4);
    EXPECT_TRUE(s->organizer_does(client::build_item_opened(s->conference, "r1")));
    EXPECT_TRUE(s->vote("S01", "r1", {"reject"}));
    EXPECT_TRUE(s->vote("S01", "r1", {"approve"}));  // re-vote replaces the first
    EXPECT_TRUE(s->vote("S02", "r1", {"approve"}));
    EXPECT_TRUE(s->member_does("S03", client::spoiled_body(build(*s, "S03", "r1", {"reject"}))));
    EXPECT_TRUE(s->vote("S03", "r1", {"abstain"}));
    EXPECT_TRUE(s->organizer_does(client::build_item_closed(s->conference, "r1")));
    EXPECT_TRUE(s->tally("r1", {1, 3}));
    EXPECT_TRUE(s->organizer_does(client::build_item_opened(s->conference, "c1")));
    EXPECT_TRUE(
        s->vote("S01", "c1", {}, {{0, "agree"}, {1, "disagree"}}, {"", "Đề nghị sửa mức chi"}));
    std::this_thread::sleep_for(1100ms);  // the consultation window
    EXPECT_TRUE(s->organizer_does(client::build_item_closed(s->conference, "c1")));
    EXPECT_TRUE(s->tally("c1", {1, 2}));
    const Hash32 leaf = s->item("c1").ballots.at("S01").leaf_hash;
    EXPECT_TRUE(s->organizer_does(
        client::build_comment_responses(s->conference, "c1", {{leaf, 1, "accepted", "Đã sửa"}})));
    for (const char* item : {"e1", "a1"}) {  // opened and closed without votes
      EXPECT_TRUE(s->organizer_does(client::build_item_opened(s->conference, item)));
      EXPECT_TRUE(s->organizer_does(client::build_item_closed(s->conference, item)));
      EXPECT_TRUE(s->tally(item, {2, 3}));
    }
    Status signed_minutes =
        s->organizer_does(client::build_minutes_signed(s->state, s->conf(), "organizer"));
    EXPECT_TRUE(signed_minutes) << signed_minutes.error().message();
    return s;
  }();
  return *sim;
}

TEST(Snapshot, RoundTripsAndResumesAtEveryEntry) {
  const ConferenceSim& sim = whole_conference();
  ASSERT_GT(sim.log.size(), 40u);
  const std::string final_bytes = core::encode_state(sim.state);
  core::State at;
  at.origin = sim.state.origin;
  for (size_t k = 0; k <= sim.log.size(); ++k) {
    if (k > 0) replay(sim.log, k - 1, k, at);
    const std::string bytes = core::encode_state(at);
    Result<core::State> restored = core::decode_state(bytes);
    ASSERT_TRUE(restored) << "at " << k << ": " << restored.error().message();
    ASSERT_EQ(core::encode_state(*restored), bytes) << "at " << k;
    replay(sim.log, k, sim.log.size(), *restored);
    ASSERT_EQ(core::encode_state(*restored), final_bytes) << "resumed from " << k;
  }
  EXPECT_EQ(core::encode_state(at), final_bytes);
}

TEST(Snapshot, RestoredStateAnswersLikeTheOriginal) {
  const ConferenceSim& sim = whole_conference();
  Result<core::State> s = core::decode_state(core::encode_state(sim.state));
  ASSERT_TRUE(s);
  const core::Conference& a = *sim.state.conference(sim.conference);
  const core::Conference& b = *s->conference(sim.conference);
  EXPECT_EQ(b.joint_key, a.joint_key);
  EXPECT_EQ(b.verification_keys, a.verification_keys);
  EXPECT_EQ(b.item("r1")->aggregates, a.item("r1")->aggregates);
  EXPECT_EQ(b.item("r1")->spoiled, 1u);
  EXPECT_EQ(b.item("r1")->ballots_received, 4u);
  EXPECT_EQ(b.item("r1")->result->counts_size(), 3);
  EXPECT_EQ(b.item("c1")->answered.size(), 1u);
  EXPECT_EQ(b.item("r1")->shares.size(), 2u);
  EXPECT_EQ(b.trustees[0].commitment->coefficients, a.trustees[0].commitment->coefficients);
  EXPECT_TRUE(b.signed_by_organizer);
  EXPECT_FALSE(b.signed_by_secretary);
  EXPECT_EQ(b.minutes_hash, a.minutes_hash);
  EXPECT_EQ(s->member_by_key, sim.state.member_by_key);
  EXPECT_TRUE(s->members.at("S99").code_key.has_value());
  EXPECT_FALSE(s->members.at("S99").key.has_value());
  EXPECT_EQ(s->disclosures.size(), 1u);
}

// Complaints and reveals do not occur in the honest ceremony above.
TEST(Snapshot, KeepsComplaintsAndReveals) {
  core::State s;
  s.origin = kOrigin;
  core::Conference& c = s.conferences["x"];
  c.id = "x";
  c.complaints.push_back({2, 3});
  c.reveals.push_back({3, 2, Scalar::from_u64(77)});
  c.acknowledged = {1, 4};
  Result<core::State> r = core::decode_state(core::encode_state(s));
  ASSERT_TRUE(r) << r.error().message();
  const core::Conference& d = r->conferences.at("x");
  ASSERT_EQ(d.complaints.size(), 1u);
  EXPECT_EQ(d.complaints[0].accuser, 2u);
  EXPECT_EQ(d.complaints[0].accused, 3u);
  ASSERT_EQ(d.reveals.size(), 1u);
  EXPECT_TRUE(d.reveals[0].share == Scalar::from_u64(77));
  EXPECT_EQ(d.acknowledged, (std::set<uint32_t>{1, 4}));
}

TEST(Snapshot, SealedRecordCarriesSizeAndRoot) {
  const ConferenceSim& sim = whole_conference();
  Hash32 root{};
  root[0] = 7;
  Result<core::RestoredSnapshot> r = core::open_snapshot(core::seal_snapshot(sim.state, root));
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(r->root, root);
  EXPECT_EQ(r->state.size, sim.log.size());
}

TEST(Snapshot, EveryTruncationIsRefused) {
  core::State s;
  s.origin = kOrigin;
  s.size = 3;
  s.unit_name = "Đơn vị";
  const std::string record = core::seal_snapshot(s, Hash32{});
  for (size_t n = 0; n < record.size(); ++n) {
    EXPECT_FALSE(core::open_snapshot(record.substr(0, n))) << "truncated to " << n;
  }
}

// A changed byte is refused, except in the recorded root, which the node
// compares with its log (and so refuses there).
TEST(Snapshot, EveryChangedByteIsRefusedOrChangesTheRoot) {
  ConferenceSim sim;
  sim.add_members(1);
  Hash32 root{};
  root.fill(0x42);
  const std::string record = core::seal_snapshot(sim.state, root);
  for (size_t i = 0; i < record.size(); ++i) {
    std::string bad = record;
    bad[i] = static_cast<char>(bad[i] ^ 0x01);
    Result<core::RestoredSnapshot> r = core::open_snapshot(bad);
    if (r) {
      EXPECT_NE(r->root, root) << "byte " << i;
    }
  }
}

TEST(Snapshot, OtherFormatIsRefused) {
  v1::SnapshotRecord r;
  r.ParseFromString(core::seal_snapshot(core::State{}, Hash32{}));
  r.set_format(core::kSnapshotFormat + 1);
  Result<core::RestoredSnapshot> o = core::open_snapshot(r.SerializeAsString());
  ASSERT_FALSE(o);
  EXPECT_NE(o.error().message().find("format"), std::string::npos);
}

// Snapshots whose digest is right but whose contents are not a state.
v1::StateSnapshot snapshot_of(const core::State& s) {
  v1::StateSnapshot m;
  m.ParseFromString(core::encode_state(s));
  return m;
}

TEST(Snapshot, MalformedContentsAreRefused) {
  const ConferenceSim& sim = whole_conference();
  const v1::StateSnapshot good = snapshot_of(sim.state);
  ASSERT_TRUE(core::decode_state(good.SerializeAsString()));
  auto refused = [](const v1::StateSnapshot& m) {
    return !core::decode_state(m.SerializeAsString());
  };
  v1::StateSnapshot m = good;
  m.mutable_conferences(0)->set_joint_key(std::string(32, '\xff'));  // not a point
  EXPECT_TRUE(refused(m));
  m = good;
  m.mutable_members(0)->set_key("short");
  EXPECT_TRUE(refused(m));
  m = good;
  *m.add_members() = m.members(0);  // the same member twice
  EXPECT_TRUE(refused(m));
  m = good;
  m.mutable_conferences(0)->mutable_items(0)->set_status(99);
  EXPECT_TRUE(refused(m));
  m = good;
  m.mutable_conferences(0)->set_status(99);
  EXPECT_TRUE(refused(m));
  m = good;
  m.mutable_conferences(0)->mutable_items(0)->mutable_ballots(0)->mutable_selections(0)->set_alpha(
      "x");
  EXPECT_TRUE(refused(m));
  m = good;
  m.mutable_conferences(0)->mutable_trustees(0)->mutable_proofs(0)->set_response(
      std::string(32, '\xff'));  // not a canonical scalar
  EXPECT_TRUE(refused(m));
  m = good;
  m.mutable_conferences(0)->set_minutes_hash("abc");
  EXPECT_TRUE(refused(m));
  EXPECT_FALSE(core::decode_state("\xff\xff\xff"));
}

}  // namespace
}  // namespace conclave::testing
