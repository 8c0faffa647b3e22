// State machine: decryption shares, item results and the organizer's
// responses to comments, each field tampered.
#include <gtest/gtest.h>

#include "tests/core/negative_test_util.h"

namespace conclave::testing {
namespace {

// Five members, trustees S01..S03 (t = 2), all checked in. r1 gets
// 3 approve, 1 reject, 1 blank and is closed; e1, c1 and r2 wait.
class TallyTest : public ::testing::Test {
 protected:
  ConferenceSim sim;

  void SetUp() override {
    ready(sim, 5,
          agenda("  - {id: r1, type: resolution, title: \"Nghị quyết\"}\n"
                 "  - {id: e1, type: election, title: \"Bầu\", seats: 2, "
                 "candidates: [S03, S04, S05]}\n"
                 "  - {id: c1, type: consultation, title: \"Góp ý\", window_seconds: 1, "
                 "sections: [\"Điều 1\", \"Điều 2\"]}\n"
                 "  - {id: r2, type: resolution, title: \"Nghị quyết 2\"}\n"));
    sim.check_in(1, 5);
    ASSERT_ACCEPTED(open_item(sim, "r1"));
    vote_all(sim, "r1", 1, {{"approve"}, {"approve"}, {"approve"}, {"reject"}, {"blank"}});
    ASSERT_ACCEPTED(close_item(sim, "r1"));
  }

  Scalar secret(uint32_t j) {
    Result<Scalar> s = client::trustee_secret_share(sim.conf(), j, sim.keys.at(member_id(j)));
    if (!s) throw std::runtime_error(s.error().message());
    return *s;
  }
  v1::EntryBody share(const std::string& item, uint32_t j) {
    Result<v1::EntryBody> b = client::build_decryption_share(
        sim.conf(), sim.item(item), j, secret(j), sim.keys.at(member_id(j)).public_key());
    if (!b) throw std::runtime_error(b.error().message());
    return *b;
  }
  Status post_share(const std::string& item, uint32_t j) {
    return sim.member_does(member_id(j), share(item, j));
  }
  v1::EntryBody result(const std::string& item) {
    Result<v1::EntryBody> b = client::build_item_result(sim.conf(), sim.item(item));
    if (!b) throw std::runtime_error(b.error().message());
    return *b;
  }
  size_t shares_posted(const std::string& item) { return sim.item(item).shares.size(); }
};

// -------------------------------------------------------- decryption shares --

TEST_F(TallyTest, ShareByANonTrustee) {
  const v1::EntryBody b = share("r1", 1);
  EXPECT_REJECTED(sim, sim.member_does("S04", b), ErrorCode::kPermissionDenied);
  EXPECT_REJECTED(sim, sim.organizer_does(b), ErrorCode::kPermissionDenied);
  EXPECT_EQ(shares_posted("r1"), 0u);
}

TEST_F(TallyTest, ShareWithTheWrongIndex) {
  const v1::EntryBody b = share("r1", 1);
  EXPECT_REJECTED(sim, sim.member_does("S02", b), ErrorCode::kPermissionDenied);
  for (uint32_t wrong : {0u, 2u, 4u}) {
    v1::EntryBody x = b;
    x.mutable_decryption_share()->set_trustee_index(wrong);
    EXPECT_REJECTED(sim, sim.member_does("S01", x), ErrorCode::kPermissionDenied);
  }
  // Trustee 1's shares re-posted by trustee 2 under its own index: the
  // proofs are against K_1 and bound to trustee 1's key.
  v1::EntryBody x = b;
  x.mutable_decryption_share()->set_trustee_index(2);
  EXPECT_REJECTED(sim, sim.member_does("S02", x), ErrorCode::kInvalidArgument);
  EXPECT_EQ(shares_posted("r1"), 0u);
}

TEST_F(TallyTest, ShareForAnUnknownOrUnclosedItem) {
  v1::EntryBody b = share("r1", 1);
  b.mutable_decryption_share()->set_item_id("zz");
  EXPECT_REJECTED(sim, sim.member_does("S01", b), ErrorCode::kNotFound);
  b.mutable_decryption_share()->set_conference_id("nope");
  EXPECT_REJECTED(sim, sim.member_does("S01", b), ErrorCode::kNotFound);
  // r2 is pending, then open: no shares before it closes.
  b = share("r1", 1);
  b.mutable_decryption_share()->set_item_id("r2");
  EXPECT_REJECTED(sim, sim.member_does("S01", b), ErrorCode::kFailedPrecondition);
  ASSERT_ACCEPTED(open_item(sim, "r2"));
  EXPECT_REJECTED(sim, sim.member_does("S01", b), ErrorCode::kFailedPrecondition);
  EXPECT_TRUE(sim.item("r2").shares.empty());
}

TEST_F(TallyTest, ShareTwiceAndAfterTheTally) {
  ASSERT_ACCEPTED(post_share("r1", 1));
  EXPECT_REJECTED(sim, post_share("r1", 1), ErrorCode::kAlreadyExists);
  ASSERT_ACCEPTED(post_share("r1", 2));
  const v1::EntryBody late = share("r1", 3);
  ASSERT_ACCEPTED(sim.organizer_does(result("r1")));
  EXPECT_REJECTED(sim, sim.member_does("S03", late), ErrorCode::kFailedPrecondition);
  EXPECT_EQ(shares_posted("r1"), 2u);
}

TEST_F(TallyTest, TamperedSharePointOrProof) {
  const v1::EntryBody good = share("r1", 2);
  const auto& m = good.decryption_share();
  ASSERT_EQ(m.shares_size(), 3);
  for (int sel = 0; sel < 3; ++sel) {
    SCOPED_TRACE("selection " + std::to_string(sel));
    for (const std::string& bad :
         {bumped_point(m.shares(sel)), std::string(32, '\0'), std::string(32, '\xff'),
          m.shares(sel).substr(1), m.shares((sel + 1) % 3)}) {
      v1::EntryBody x = good;
      x.mutable_decryption_share()->set_shares(sel, bad);
      EXPECT_REJECTED(sim, sim.member_does("S02", x), ErrorCode::kInvalidArgument);
    }
    for (int which = 0; which < 2; ++which) {
      const std::string& s = which == 0 ? m.proofs(sel).challenge() : m.proofs(sel).response();
      for (const std::string& bad : {bumped_scalar(s), non_canonical_scalar(), s.substr(1)}) {
        SCOPED_TRACE(which == 0 ? "challenge" : "response");
        v1::EntryBody x = good;
        v1::ScalarPair* p = x.mutable_decryption_share()->mutable_proofs(sel);
        (which == 0 ? *p->mutable_challenge() : *p->mutable_response()) = bad;
        EXPECT_REJECTED(sim, sim.member_does("S02", x), ErrorCode::kInvalidArgument);
      }
    }
  }
  EXPECT_EQ(shares_posted("r1"), 0u);
  EXPECT_ACCEPTED(sim.member_does("S02", good));
}

TEST_F(TallyTest, ShareOfOtherAggregates) {
  v1::EntryBody b = share("r1", 1);
  b.mutable_decryption_share()->mutable_aggregate_hash()->at(7) ^= 1;
  EXPECT_REJECTED(sim, sim.member_does("S01", b), ErrorCode::kInvalidArgument, "aggregates");
  b.mutable_decryption_share()->clear_aggregate_hash();
  EXPECT_REJECTED(sim, sim.member_does("S01", b), ErrorCode::kInvalidArgument, "aggregates");
  for (uint64_t n : {0u, 4u, 6u}) {
    b = share("r1", 1);
    b.mutable_decryption_share()->set_ballots_counted(n);
    EXPECT_REJECTED(sim, sim.member_does("S01", b), ErrorCode::kInvalidArgument, "aggregates");
  }
  EXPECT_EQ(shares_posted("r1"), 0u);
}

TEST_F(TallyTest, ShareWithTheWrongCount) {
  const v1::EntryBody good = share("r1", 1);
  v1::EntryBody x = good;
  x.mutable_decryption_share()->mutable_shares()->RemoveLast();
  x.mutable_decryption_share()->mutable_proofs()->RemoveLast();
  EXPECT_REJECTED(sim, sim.member_does("S01", x), ErrorCode::kInvalidArgument, "one share");
  x = good;
  x.mutable_decryption_share()->mutable_proofs()->RemoveLast();
  EXPECT_REJECTED(sim, sim.member_does("S01", x), ErrorCode::kInvalidArgument, "one share");
  x = good;
  x.mutable_decryption_share()->add_shares(good.decryption_share().shares(0));
  *x.mutable_decryption_share()->add_proofs() = good.decryption_share().proofs(0);
  EXPECT_REJECTED(sim, sim.member_does("S01", x), ErrorCode::kInvalidArgument, "one share");
  x = good;
  x.mutable_decryption_share()->clear_shares();
  x.mutable_decryption_share()->clear_proofs();
  EXPECT_REJECTED(sim, sim.member_does("S01", x), ErrorCode::kInvalidArgument, "one share");
  // Selections reordered: each proof is bound to its position.
  x = good;
  x.mutable_decryption_share()->mutable_shares()->SwapElements(0, 2);
  x.mutable_decryption_share()->mutable_proofs()->SwapElements(0, 2);
  EXPECT_REJECTED(sim, sim.member_does("S01", x), ErrorCode::kInvalidArgument);
  EXPECT_EQ(shares_posted("r1"), 0u);
}

// ------------------------------------------------------------ item results --

TEST_F(TallyTest, ResultByANonOrganizer) {
  ASSERT_ACCEPTED(post_share("r1", 1));
  ASSERT_ACCEPTED(post_share("r1", 2));
  const v1::EntryBody r = result("r1");
  EXPECT_REJECTED(sim, sim.member_does("S01", r), ErrorCode::kPermissionDenied);
  EXPECT_REJECTED(sim, sim.apply_as(sim.node, r), ErrorCode::kPermissionDenied);
  EXPECT_FALSE(sim.item("r1").result.has_value());
  EXPECT_EQ(sim.item("r1").status, core::ItemStatus::kClosed);
}

TEST_F(TallyTest, ResultWithFewerThanThresholdShares) {
  ASSERT_ACCEPTED(post_share("r1", 1));
  // The client cannot build it ...
  EXPECT_FALSE(client::build_item_result(sim.conf(), sim.item("r1")));
  EXPECT_REJECTED(sim, sim.tally("r1", {}), ErrorCode::kInvalidArgument);  // client-side error
  // ... and the node refuses a hand-made one.
  v1::EntryBody b;
  v1::ItemResult* r = b.mutable_item_result();
  r->set_conference_id(sim.conference);
  r->set_item_id("r1");
  for (uint64_t c : {3u, 1u, 0u}) r->add_counts(c);
  r->set_attendees(5);
  r->set_roster_size(5);
  r->set_ballots_counted(5);
  r->set_outcome("passed");
  r->add_trustees_used(1);
  EXPECT_REJECTED(sim, sim.organizer_does(b), ErrorCode::kFailedPrecondition, "at least 2");
  r->add_trustees_used(1);  // the same trustee twice is still one share
  EXPECT_REJECTED(sim, sim.organizer_does(b), ErrorCode::kFailedPrecondition, "twice");
  EXPECT_FALSE(sim.item("r1").result.has_value());
}

TEST_F(TallyTest, ResultListingATrusteeWithoutAShare) {
  ASSERT_ACCEPTED(post_share("r1", 1));
  ASSERT_ACCEPTED(post_share("r1", 2));
  const v1::EntryBody good = result("r1");
  for (const std::vector<uint32_t>& used :
       {std::vector<uint32_t>{1, 3}, std::vector<uint32_t>{1, 2, 3}, std::vector<uint32_t>{1, 4},
        std::vector<uint32_t>{0, 2}}) {
    v1::EntryBody x = good;
    x.mutable_item_result()->clear_trustees_used();
    for (uint32_t j : used) x.mutable_item_result()->add_trustees_used(j);
    EXPECT_REJECTED(sim, sim.organizer_does(x), ErrorCode::kFailedPrecondition, "no share");
  }
  EXPECT_FALSE(sim.item("r1").result.has_value());
  EXPECT_ACCEPTED(sim.organizer_does(good));
}

TEST_F(TallyTest, ResultWithTamperedFields) {
  ASSERT_ACCEPTED(post_share("r1", 1));
  ASSERT_ACCEPTED(post_share("r1", 3));
  const v1::EntryBody good = result("r1");
  ASSERT_EQ(
      std::vector<uint64_t>(good.item_result().counts().begin(), good.item_result().counts().end()),
      (std::vector<uint64_t>{3, 1, 0}));
  ASSERT_EQ(good.item_result().outcome(), "passed");
  std::vector<std::pair<std::string, std::function<void(v1::ItemResult&)>>> tampers = {
      {"approve - 1", [](auto& r) { r.set_counts(0, 2); }},
      {"reject + 1", [](auto& r) { r.set_counts(1, 2); }},
      {"abstain + 1", [](auto& r) { r.set_counts(2, 1); }},
      {"a count missing", [](auto& r) { r.mutable_counts()->RemoveLast(); }},
      {"a count extra", [](auto& r) { r.add_counts(0); }},
      {"outcome failed", [](auto& r) { r.set_outcome("failed"); }},
      {"outcome empty", [](auto& r) { r.set_outcome(""); }},
      {"elected on a resolution", [](auto& r) { r.add_elected("S01"); }},
      {"attendees", [](auto& r) { r.set_attendees(4); }},
      {"roster size", [](auto& r) { r.set_roster_size(6); }},
      {"ballots counted", [](auto& r) { r.set_ballots_counted(4); }},
  };
  for (const auto& [what, f] : tampers) {
    SCOPED_TRACE(what);
    v1::EntryBody x = good;
    f(*x.mutable_item_result());
    EXPECT_REJECTED(sim, sim.organizer_does(x), ErrorCode::kInvalidArgument);
    EXPECT_FALSE(sim.item("r1").result.has_value());
  }
  v1::EntryBody x = good;
  x.mutable_item_result()->set_item_id("e1");
  EXPECT_REJECTED(sim, sim.organizer_does(x), ErrorCode::kFailedPrecondition);  // e1 not closed
  ASSERT_ACCEPTED(sim.organizer_does(good));
  EXPECT_EQ(sim.item("r1").status, core::ItemStatus::kTallied);
  EXPECT_REJECTED(sim, sim.organizer_does(good), ErrorCode::kFailedPrecondition);
}

TEST_F(TallyTest, ElectionResultWithTamperedWinners) {
  ASSERT_ACCEPTED(sim.tally("r1", {1, 2}));
  ASSERT_ACCEPTED(open_item(sim, "e1"));
  // S03 4, S04 3, S05 1 of 5 attendees (> 2.5 needed): S03 and S04 elected.
  vote_all(sim, "e1", 1, {{"S03", "S04"}, {"S03", "S04"}, {"S03", "S04"}, {"S03", "S05"}, {}});
  ASSERT_ACCEPTED(close_item(sim, "e1"));
  ASSERT_ACCEPTED(post_share("e1", 2));
  ASSERT_ACCEPTED(post_share("e1", 3));
  const v1::EntryBody good = result("e1");
  ASSERT_EQ(std::vector<std::string>(good.item_result().elected().begin(),
                                     good.item_result().elected().end()),
            (std::vector<std::string>{"S03", "S04"}));
  std::vector<std::pair<std::string, std::function<void(v1::ItemResult&)>>> tampers = {
      {"one winner dropped", [](auto& r) { r.mutable_elected()->RemoveLast(); }},
      {"a loser added", [](auto& r) { r.add_elected("S05"); }},
      {"a loser instead", [](auto& r) { r.set_elected(1, "S05"); }},
      {"order", [](auto& r) { r.mutable_elected()->SwapElements(0, 1); }},
      {"nobody", [](auto& r) { r.clear_elected(); }},
      {"outcome tie", [](auto& r) { r.set_outcome("tie"); }},
      {"outcome passed", [](auto& r) { r.set_outcome("passed"); }},
      {"counts", [](auto& r) { r.set_counts(2, 3); }},
  };
  for (const auto& [what, f] : tampers) {
    SCOPED_TRACE(what);
    v1::EntryBody x = good;
    f(*x.mutable_item_result());
    EXPECT_REJECTED(sim, sim.organizer_does(x), ErrorCode::kInvalidArgument);
  }
  EXPECT_FALSE(sim.item("e1").result.has_value());
  ASSERT_ACCEPTED(sim.organizer_does(good));
  EXPECT_EQ(sim.counts("e1"), (std::vector<uint64_t>{4, 3, 1}));
}

// ------------------------------------------------------- comment responses --

// c1 with comments: S01 on section 1, S02 on both, S03 none; S04 re-voted
// (its first ballot's comment no longer counts).
class CommentsTest : public TallyTest {
 protected:
  Hash32 s01, s02, s03, s04_old;

  void SetUp() override {
    TallyTest::SetUp();
    ASSERT_ACCEPTED(sim.tally("r1", {1, 2}));
    ASSERT_ACCEPTED(open_item(sim, "c1"));
    const std::map<uint32_t, std::string> a = {{0, "agree"}, {1, "disagree"}};
    ASSERT_ACCEPTED(sim.vote("S01", "c1", {}, a, {"", "Sửa mức chi"}));
    ASSERT_ACCEPTED(sim.vote("S02", "c1", {}, a, {"Thêm khoản 3", "Bỏ khoản 2"}));
    ASSERT_ACCEPTED(sim.vote("S03", "c1", {}, a));
    ASSERT_ACCEPTED(sim.vote("S04", "c1", {}, a, {"Ý kiến cũ", ""}));
    s04_old = sim.item("c1").ballots.at("S04").leaf_hash;
    ASSERT_ACCEPTED(sim.vote("S04", "c1", {}, a, {"", ""}));
    s01 = sim.item("c1").ballots.at("S01").leaf_hash;
    s02 = sim.item("c1").ballots.at("S02").leaf_hash;
    s03 = sim.item("c1").ballots.at("S03").leaf_hash;
  }
  void close_and_tally() {
    ASSERT_ACCEPTED(close_item_at(sim, "c1", window_end_ms(sim, "c1")));
    ASSERT_ACCEPTED(sim.tally("c1", {1, 3}));
  }
  Status respond(const std::vector<client::CommentAnswer>& answers) {
    return sim.organizer_does(client::build_comment_responses(sim.conference, "c1", answers));
  }
  size_t answered() { return sim.item("c1").answered.size(); }
};

TEST_F(CommentsTest, BeforeTheResultIsPublished) {
  EXPECT_REJECTED(sim, respond({{s01, 1, "accepted", "Đã sửa"}}), ErrorCode::kFailedPrecondition);
  ASSERT_ACCEPTED(close_item_at(sim, "c1", window_end_ms(sim, "c1")));
  EXPECT_REJECTED(sim, respond({{s01, 1, "accepted", "Đã sửa"}}), ErrorCode::kFailedPrecondition);
  EXPECT_EQ(answered(), 0u);
}

TEST_F(CommentsTest, CountsAreRecorded) {
  close_and_tally();
  // 4 counted ballots, all agree on section 0 and disagree on section 1.
  EXPECT_EQ(sim.counts("c1"), (std::vector<uint64_t>{4, 0, 0, 0, 4, 0}));
  EXPECT_EQ(sim.item("c1").result->outcome(), "recorded");
}

TEST_F(CommentsTest, UnknownBallotReference) {
  close_and_tally();
  Hash32 random{};
  random.fill(0x42);
  EXPECT_REJECTED(sim, respond({{random, 0, "accepted", "x"}}), ErrorCode::kNotFound);
  // The replaced ballot of S04 is not counted any more.
  EXPECT_REJECTED(sim, respond({{s04_old, 0, "accepted", "x"}}), ErrorCode::kNotFound);
  // A ballot of another item.
  const Hash32 r1 = sim.item("r1").ballots.at("S01").leaf_hash;
  EXPECT_REJECTED(sim, respond({{r1, 0, "accepted", "x"}}), ErrorCode::kNotFound);
  // A malformed reference.
  v1::EntryBody b =
      client::build_comment_responses(sim.conference, "c1", {{s01, 1, "accepted", "x"}});
  b.mutable_comment_responses()->mutable_responses(0)->mutable_ballot_leaf_hash()->pop_back();
  EXPECT_REJECTED(sim, sim.organizer_does(b), ErrorCode::kInvalidArgument);
  EXPECT_EQ(answered(), 0u);
}

TEST_F(CommentsTest, SectionWithoutAComment) {
  close_and_tally();
  EXPECT_REJECTED(sim, respond({{s01, 0, "accepted", "x"}}), ErrorCode::kNotFound, "section 0");
  EXPECT_REJECTED(sim, respond({{s01, 2, "accepted", "x"}}), ErrorCode::kNotFound, "section 2");
  EXPECT_REJECTED(sim, respond({{s03, 0, "accepted", "x"}}), ErrorCode::kNotFound);
  // One bad answer spoils the whole entry.
  EXPECT_REJECTED(sim, respond({{s02, 0, "accepted", "x"}, {s01, 0, "explained", "y"}}),
                  ErrorCode::kNotFound);
  EXPECT_EQ(answered(), 0u);
}

TEST_F(CommentsTest, BadDecisionOrText) {
  close_and_tally();
  for (const std::string d : {"rejected", "Accepted", "", "accepted "}) {
    SCOPED_TRACE(d);
    EXPECT_REJECTED(sim, respond({{s01, 1, d, "x"}}), ErrorCode::kInvalidArgument, "accepted");
  }
  EXPECT_REJECTED(sim, respond({{s01, 1, "explained", ""}}), ErrorCode::kInvalidArgument,
                  "response");
  EXPECT_REJECTED(sim, respond({{s01, 1, "explained", std::string(8001, 'x')}}),
                  ErrorCode::kInvalidArgument, "response");
  EXPECT_REJECTED(sim, respond({}), ErrorCode::kInvalidArgument, "no responses");
  EXPECT_EQ(answered(), 0u);
  EXPECT_ACCEPTED(respond({{s01, 1, "explained", "Giữ nguyên:\n- lý do 1\n- lý do 2"}}));
}

TEST_F(CommentsTest, AnsweringTwice) {
  close_and_tally();
  ASSERT_ACCEPTED(respond({{s01, 1, "accepted", "Đã sửa"}}));
  EXPECT_REJECTED(sim, respond({{s01, 1, "explained", "Lại"}}), ErrorCode::kAlreadyExists);
  EXPECT_REJECTED(sim, respond({{s02, 0, "accepted", "a"}, {s02, 0, "explained", "b"}}),
                  ErrorCode::kAlreadyExists);
  // The duplicate was refused as a whole: s02/0 is still open.
  EXPECT_EQ(answered(), 1u);
  EXPECT_ACCEPTED(respond({{s02, 0, "accepted", "a"}, {s02, 1, "explained", "b"}}));
  EXPECT_EQ(answered(), 3u);
}

TEST_F(CommentsTest, OnlyTheOrganizerOnlyConsultations) {
  close_and_tally();
  const v1::EntryBody b =
      client::build_comment_responses(sim.conference, "c1", {{s01, 1, "accepted", "x"}});
  EXPECT_REJECTED(sim, sim.member_does("S01", b), ErrorCode::kPermissionDenied);
  EXPECT_REJECTED(sim, sim.apply_as(sim.node, b), ErrorCode::kPermissionDenied);
  const Hash32 r1 = sim.item("r1").ballots.at("S01").leaf_hash;
  EXPECT_REJECTED(sim,
                  sim.organizer_does(client::build_comment_responses(sim.conference, "r1",
                                                                     {{r1, 0, "accepted", "x"}})),
                  ErrorCode::kInvalidArgument, "not a consultation");
  EXPECT_REJECTED(sim,
                  sim.organizer_does(client::build_comment_responses(sim.conference, "zz",
                                                                     {{s01, 1, "accepted", "x"}})),
                  ErrorCode::kNotFound);
  EXPECT_EQ(answered(), 0u);
}

}  // namespace
}  // namespace conclave::testing
