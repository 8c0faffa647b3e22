// A whole conference through the state machine: known votes give exactly
// the expected counts and outcomes, including the edge cases of the rules.
#include <gtest/gtest.h>

#include <thread>

#include "node/core/minutes.h"
#include "tests/core/conference_sim.h"

namespace conclave::testing {
namespace {

using namespace std::chrono_literals;

TEST(ConferenceFlow, FullConference) {
  ConferenceSim sim;
  sim.add_members(10);
  ASSERT_TRUE(sim.create(standard_agenda()));
  sim.ceremony();
  sim.check_in(1, 9);  // 9 of 10 present
  // Resolution: 5 approve, 2 reject, 1 abstain, 1 blank → 5 > 9/2 passes.
  ASSERT_TRUE(sim.organizer_does(client::build_item_opened(sim.conference, "r1")));
  const char* r1[] = {"approve", "approve", "approve", "approve", "approve",
                      "reject",  "reject",  "abstain", "blank"};
  for (int i = 0; i < 9; ++i) {
    const std::string id = ConferenceSim::member(i + 1);
    Status s = sim.vote(id, "r1", {r1[i]});
    ASSERT_TRUE(s) << s.error().message();
  }
  ASSERT_TRUE(sim.organizer_does(client::build_item_closed(sim.conference, "r1")));
  Status t = sim.tally("r1", {1, 3});  // trustee 2 absent
  ASSERT_TRUE(t) << t.error().message();
  EXPECT_EQ(sim.counts("r1"), (std::vector<uint64_t>{5, 2, 1}));
  EXPECT_EQ(sim.item("r1").result->outcome(), "passed");

  // Election, 2 seats: S04 6, S05 5, S06 2 (of 9 attendees: > 4.5 needed).
  ASSERT_TRUE(sim.organizer_does(client::build_item_opened(sim.conference, "e1")));
  std::vector<std::vector<std::string>> e1 = {{"S04", "S05"},
                                              {"S04", "S05"},
                                              {"S04", "S05"},
                                              {"S04", "S05"},
                                              {"S04", "S06"},
                                              {"S04", "S05"},
                                              {"S06"},
                                              {},
                                              {}};
  for (int i = 0; i < 9; ++i) {
    const std::string id = ConferenceSim::member(i + 1);
    ASSERT_TRUE(sim.vote(id, "e1", e1[i]));
  }
  ASSERT_TRUE(sim.organizer_does(client::build_item_closed(sim.conference, "e1")));
  ASSERT_TRUE(sim.tally("e1", {2, 3}));
  EXPECT_EQ(sim.counts("e1"), (std::vector<uint64_t>{6, 5, 2}));
  EXPECT_EQ(sim.item("e1").result->outcome(), "elected");
  EXPECT_EQ(std::vector<std::string>(sim.item("e1").result->elected().begin(),
                                     sim.item("e1").result->elected().end()),
            (std::vector<std::string>{"S04", "S05"}));

  // Agreement: needs > 1/2 of the whole roster (10): 5 approvals fail.
  ASSERT_TRUE(sim.organizer_does(client::build_item_opened(sim.conference, "a1")));
  for (int i = 1; i <= 9; ++i) {
    const std::string id = ConferenceSim::member(i);
    ASSERT_TRUE(sim.vote(id, "a1", {i <= 5 ? "approve" : "reject"}));
  }
  ASSERT_TRUE(sim.organizer_does(client::build_item_closed(sim.conference, "a1")));
  ASSERT_TRUE(sim.tally("a1", {1, 2, 3}));
  EXPECT_EQ(sim.counts("a1"), (std::vector<uint64_t>{5, 4, 0}));
  EXPECT_EQ(sim.item("a1").result->outcome(), "failed");

  // Consultation with comments, then responses.
  ASSERT_TRUE(sim.organizer_does(client::build_item_opened(sim.conference, "c1")));
  ASSERT_TRUE(
      sim.vote("S01", "c1", {}, {{0, "agree"}, {1, "disagree"}}, {"", "Đề nghị sửa mức chi"}));
  ASSERT_TRUE(
      sim.vote("S10", "c1", {}, {{0, "agree"}, {1, "abstain"}}));  // not checked in: allowed
  EXPECT_FALSE(sim.organizer_does(client::build_item_closed(sim.conference, "c1")));  // window
  std::this_thread::sleep_for(1100ms);
  ASSERT_TRUE(sim.organizer_does(client::build_item_closed(sim.conference, "c1")));
  ASSERT_TRUE(sim.tally("c1", {1, 2}));
  EXPECT_EQ(sim.counts("c1"), (std::vector<uint64_t>{2, 0, 0, 0, 1, 1}));
  EXPECT_EQ(sim.item("c1").result->outcome(), "recorded");
  const Hash32 leaf = sim.item("c1").ballots.at("S01").leaf_hash;
  ASSERT_TRUE(sim.organizer_does(client::build_comment_responses(
      sim.conference, "c1", {{leaf, 1, "accepted", "Đã sửa mức chi tại Điều 2"}})));
  EXPECT_FALSE(sim.organizer_does(
      client::build_comment_responses(sim.conference, "c1", {{leaf, 1, "explained", "again"}})));

  // Minutes, signed by organizer and a roster member as secretary.
  const std::string md = core::render_minutes_markdown(sim.state, sim.conf());
  EXPECT_NE(md.find("THÔNG QUA"), std::string::npos);
  EXPECT_NE(md.find("Nhân viên S04"), std::string::npos);
  ASSERT_TRUE(sim.organizer_does(client::build_minutes_signed(sim.state, sim.conf(), "organizer")));
  ASSERT_TRUE(
      sim.member_does("S02", client::build_minutes_signed(sim.state, sim.conf(), "secretary")));
  EXPECT_EQ(sim.conf().status, core::ConferenceStatus::kPublished);
}

}  // namespace
}  // namespace conclave::testing
