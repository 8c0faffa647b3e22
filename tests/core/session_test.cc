// State machine: check-in, and opening and closing items, each rule broken.
#include <gtest/gtest.h>

#include "node/core/minutes.h"
#include "tests/core/negative_test_util.h"

namespace conclave::testing {
namespace {

constexpr char kTwoItems[] =
    "  - {id: r1, type: resolution, title: \"Nghị quyết\"}\n"
    "  - {id: a1, type: agreement, title: \"Thỏa ước\"}\n"
    "  - {id: c1, type: consultation, title: \"Góp ý\", window_seconds: 1, sections: [x]}\n"
    "  - {id: c5, type: consultation, title: \"Góp ý 5 ngày\", days: 5, sections: [y]}\n";

Status check_in_as(ConferenceSim& sim, const std::string& signer, const std::string& member) {
  return sim.member_does(signer, client::build_check_in(sim.conference, member));
}

// ---------------------------------------------------------------- check-in --

TEST(CheckIn, NotOnTheRoster) {
  ConferenceSim sim;
  sim.add_members(6);
  ASSERT_ACCEPTED(sim.create(agenda(kResolution, "[S01, S02, S03, S04, S05]")));
  EXPECT_REJECTED(sim, check_in_as(sim, "S06", "S06"), ErrorCode::kPermissionDenied, "roster");
  EXPECT_TRUE(sim.conf().checked_in.empty());
}

TEST(CheckIn, SomeoneElsesMemberId) {
  ConferenceSim sim;
  sim.add_members(4);
  ASSERT_ACCEPTED(sim.create(agenda(kResolution)));
  EXPECT_REJECTED(sim, check_in_as(sim, "S01", "S02"), ErrorCode::kPermissionDenied);
  EXPECT_REJECTED(sim, sim.organizer_does(client::build_check_in(sim.conference, "S02")),
                  ErrorCode::kPermissionDenied);
  EXPECT_REJECTED(sim,
                  sim.apply_as(Identity::generate(), client::build_check_in(sim.conference, "S02")),
                  ErrorCode::kPermissionDenied);
  EXPECT_REJECTED(sim, check_in_as(sim, "S01", "S99"), ErrorCode::kPermissionDenied);
  EXPECT_TRUE(sim.conf().checked_in.empty());
}

TEST(CheckIn, UnknownConference) {
  ConferenceSim sim;
  sim.add_members(1);
  EXPECT_REJECTED(sim, sim.member_does("S01", client::build_check_in("nope", "S01")),
                  ErrorCode::kNotFound);
}

TEST(CheckIn, Twice) {
  ConferenceSim sim;
  sim.add_members(4);
  ASSERT_ACCEPTED(sim.create(agenda(kResolution)));
  ASSERT_ACCEPTED(check_in_as(sim, "S01", "S01"));  // during the ceremony: fine
  EXPECT_REJECTED(sim, check_in_as(sim, "S01", "S01"), ErrorCode::kAlreadyExists);
  sim.ceremony();
  EXPECT_REJECTED(sim, check_in_as(sim, "S01", "S01"), ErrorCode::kAlreadyExists);
  EXPECT_EQ(sim.conf().checked_in.size(), 1u);
}

TEST(CheckIn, AfterPublication) {
  ConferenceSim sim;
  ready(sim, 4, agenda(kResolution));
  sim.check_in(1, 3);  // 3 of 4: quorum 2/3 needs 3
  run_item(sim, "r1", 1, {{"approve"}, {"approve"}, {"reject"}});
  ASSERT_ACCEPTED(
      sim.organizer_does(client::build_minutes_signed(sim.state, sim.conf(), "organizer")));
  ASSERT_ACCEPTED(
      sim.member_does("S02", client::build_minutes_signed(sim.state, sim.conf(), "secretary")));
  ASSERT_EQ(sim.conf().status, core::ConferenceStatus::kPublished);
  EXPECT_REJECTED(sim, check_in_as(sim, "S04", "S04"), ErrorCode::kFailedPrecondition);
  EXPECT_FALSE(sim.conf().checked_in.contains("S04"));
}

// ------------------------------------------------------- opening and closing --

TEST(ItemOpened, OnlyAnOrganizer) {
  ConferenceSim sim;
  ready(sim, 4, agenda(kResolution));
  sim.check_in(1, 4);
  EXPECT_REJECTED(sim, sim.member_does("S01", client::build_item_opened(sim.conference, "r1")),
                  ErrorCode::kPermissionDenied);
  EXPECT_REJECTED(sim, sim.apply_as(sim.node, client::build_item_opened(sim.conference, "r1")),
                  ErrorCode::kPermissionDenied);
  EXPECT_EQ(sim.item("r1").status, core::ItemStatus::kPending);
  ASSERT_ACCEPTED(open_item(sim, "r1"));
  EXPECT_REJECTED(sim, sim.member_does("S01", client::build_item_closed(sim.conference, "r1")),
                  ErrorCode::kPermissionDenied);
  EXPECT_EQ(sim.item("r1").status, core::ItemStatus::kOpen);
}

TEST(ItemOpened, UnknownConferenceOrItem) {
  ConferenceSim sim;
  ready(sim, 4, agenda(kResolution));
  sim.check_in(1, 4);
  EXPECT_REJECTED(sim, sim.organizer_does(client::build_item_opened("nope", "r1")),
                  ErrorCode::kNotFound);
  EXPECT_REJECTED(sim, open_item(sim, "r9"), ErrorCode::kNotFound);
  EXPECT_REJECTED(sim, close_item(sim, "r9"), ErrorCode::kNotFound);
  EXPECT_REJECTED(sim, sim.organizer_does(client::build_item_closed("nope", "r1")),
                  ErrorCode::kNotFound);
}

TEST(ItemOpened, BeforeTheCeremonyIsDone) {
  ConferenceSim sim;
  sim.add_members(4);
  ASSERT_ACCEPTED(sim.create(agenda(kResolution)));
  sim.check_in(1, 4);
  EXPECT_REJECTED(sim, open_item(sim, "r1"), ErrorCode::kFailedPrecondition, "ceremony");
  EXPECT_EQ(sim.item("r1").status, core::ItemStatus::kPending);
  sim.ceremony();
  EXPECT_ACCEPTED(open_item(sim, "r1"));
}

TEST(ItemOpened, QuorumMissedByOneThenMetAtTheBoundary) {
  // Roster 9, quorum 2/3: exactly 6 needed.
  ConferenceSim sim;
  ready(sim, 9, agenda(kResolution));
  EXPECT_EQ(core::quorum_needed(sim.conf()), 6u);
  sim.check_in(1, 5);
  EXPECT_REJECTED(sim, open_item(sim, "r1"), ErrorCode::kFailedPrecondition, "quorum");
  EXPECT_EQ(sim.item("r1").status, core::ItemStatus::kPending);
  sim.check_in(6, 6);
  EXPECT_ACCEPTED(open_item(sim, "r1"));
}

TEST(ItemOpened, QuorumRoundsUp) {
  // Roster 10, quorum 2/3: 20/3 = 6.67, so 7 are needed.
  ConferenceSim sim;
  ready(sim, 10, agenda(kResolution));
  EXPECT_EQ(core::quorum_needed(sim.conf()), 7u);
  sim.check_in(1, 6);
  EXPECT_REJECTED(sim, open_item(sim, "r1"), ErrorCode::kFailedPrecondition, "quorum");
  sim.check_in(7, 7);
  EXPECT_ACCEPTED(open_item(sim, "r1"));
}

TEST(ItemOpened, QuorumCountsOnlyRosterCheckIns) {
  // Roster 3 of 6 registered, quorum 3/3: outsiders cannot make it up.
  ConferenceSim sim;
  ready(sim, 6,
        agenda(kResolution, "[S01, S02, S04]", "{threshold: 2, members: [S01, S02, S03]}", "3/3"));
  sim.check_in(1, 2);
  EXPECT_REJECTED(sim, check_in_as(sim, "S05", "S05"), ErrorCode::kPermissionDenied);
  EXPECT_REJECTED(sim, check_in_as(sim, "S03", "S03"), ErrorCode::kPermissionDenied);  // trustee
  EXPECT_REJECTED(sim, open_item(sim, "r1"), ErrorCode::kFailedPrecondition, "quorum");
  sim.check_in(4, 4);
  EXPECT_ACCEPTED(open_item(sim, "r1"));
}

TEST(ItemOpened, OneVoteAtATime) {
  ConferenceSim sim;
  ready(sim, 4, agenda(kTwoItems));
  sim.check_in(1, 4);
  ASSERT_ACCEPTED(open_item(sim, "r1"));
  EXPECT_REJECTED(sim, open_item(sim, "a1"), ErrorCode::kFailedPrecondition, "r1");
  EXPECT_EQ(sim.item("a1").status, core::ItemStatus::kPending);
  // Consultations run alongside, either way round.
  EXPECT_ACCEPTED(open_item(sim, "c1"));
  ASSERT_ACCEPTED(close_item(sim, "r1"));
  EXPECT_ACCEPTED(open_item(sim, "a1"));
  EXPECT_ACCEPTED(open_item(sim, "c5"));
}

TEST(ItemOpened, NoReopening) {
  ConferenceSim sim;
  ready(sim, 4, agenda(kTwoItems));
  sim.check_in(1, 4);
  ASSERT_ACCEPTED(open_item(sim, "r1"));
  EXPECT_REJECTED(sim, open_item(sim, "r1"), ErrorCode::kFailedPrecondition, "open");
  ASSERT_ACCEPTED(close_item(sim, "r1"));
  EXPECT_REJECTED(sim, open_item(sim, "r1"), ErrorCode::kFailedPrecondition, "closed");
  ASSERT_ACCEPTED(sim.tally("r1", {1, 2}));
  EXPECT_REJECTED(sim, open_item(sim, "r1"), ErrorCode::kFailedPrecondition, "tallied");
  EXPECT_EQ(sim.item("r1").status, core::ItemStatus::kTallied);
}

TEST(ItemClosed, OnlyWhenOpen) {
  ConferenceSim sim;
  ready(sim, 4, agenda(kTwoItems));
  sim.check_in(1, 4);
  EXPECT_REJECTED(sim, close_item(sim, "r1"), ErrorCode::kFailedPrecondition, "pending");
  ASSERT_ACCEPTED(open_item(sim, "r1"));
  ASSERT_ACCEPTED(close_item(sim, "r1"));
  const Hash64 aggregate = sim.item("r1").aggregate_hash;
  EXPECT_REJECTED(sim, close_item(sim, "r1"), ErrorCode::kFailedPrecondition, "closed");
  EXPECT_EQ(sim.item("r1").aggregate_hash, aggregate);
}

TEST(ItemClosed, ConsultationNotBeforeItsWindowEnds) {
  ConferenceSim sim;
  ready(sim, 4, agenda(kTwoItems));
  sim.check_in(1, 4);
  ASSERT_ACCEPTED(open_item(sim, "c1"));
  ASSERT_ACCEPTED(open_item(sim, "c5"));
  // 1 second: one millisecond short, then exactly at the end.
  const int64_t end1 = window_end_ms(sim, "c1");
  EXPECT_EQ(end1, sim.item("c1").opened_ms + 1000);
  EXPECT_REJECTED(sim, close_item(sim, "c1"), ErrorCode::kFailedPrecondition, "window");
  EXPECT_REJECTED(sim, close_item_at(sim, "c1", end1 - 1), ErrorCode::kFailedPrecondition,
                  "window");
  EXPECT_EQ(sim.item("c1").status, core::ItemStatus::kOpen);
  EXPECT_ACCEPTED(close_item_at(sim, "c1", end1));
  // 5 days.
  const int64_t end5 = window_end_ms(sim, "c5");
  EXPECT_EQ(end5, sim.item("c5").opened_ms + 5 * 86400000LL);
  EXPECT_REJECTED(sim, close_item_at(sim, "c5", end5 - 1000), ErrorCode::kFailedPrecondition,
                  "window");
  EXPECT_EQ(sim.item("c5").status, core::ItemStatus::kOpen);
  EXPECT_ACCEPTED(close_item_at(sim, "c5", end5));
}

TEST(ItemClosed, FixesAttendeesAndAggregates) {
  ConferenceSim sim;
  ready(sim, 4, agenda(kResolution));
  sim.check_in(1, 3);
  ASSERT_ACCEPTED(open_item(sim, "r1"));
  ASSERT_ACCEPTED(sim.vote("S01", "r1", {"approve"}));
  sim.check_in(4, 4);  // late arrivals count as attendees at close
  ASSERT_ACCEPTED(close_item(sim, "r1"));
  const core::Item& item = sim.item("r1");
  EXPECT_EQ(item.attendees_at_close, 4u);
  EXPECT_EQ(item.aggregates.size(), 3u);
  EXPECT_EQ(item.aggregate_hash, core::aggregate_hash(sim.conference, "r1", 1, item.aggregates));
}

}  // namespace
}  // namespace conclave::testing
