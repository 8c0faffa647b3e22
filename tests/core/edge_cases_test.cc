// The pass rules at their edges, with exact counts and outcomes, and the
// tally's independence from which t trustees decrypt.
#include <gtest/gtest.h>

#include "tests/core/negative_test_util.h"

namespace conclave::testing {
namespace {

using Counts = std::vector<uint64_t>;
using Picks = std::vector<std::vector<std::string>>;

std::string resolutions(int n, const std::string& rule = "") {
  std::string out;
  for (int i = 1; i <= n; ++i) {
    out += "  - {id: r" + std::to_string(i) + ", type: resolution, title: \"Nghị quyết " +
           std::to_string(i) + "\"" + rule + "}\n";
  }
  return out;
}

std::string outcome(ConferenceSim& sim, const std::string& item) {
  const auto& r = sim.item(item).result;
  return r ? r->outcome() : "(no result)";
}

// ------------------------------------------------------------ resolutions --

class ResolutionEdges : public ::testing::Test {
 protected:
  ConferenceSim sim;
  void SetUp() override {
    ready(sim, 4, agenda(resolutions(6)));
    sim.check_in(1, 4);  // 4 attendees: approve must exceed 2
  }
};

TEST_F(ResolutionEdges, TieFails) {
  run_item(sim, "r1", 1, {{"approve"}, {"approve"}, {"reject"}, {"reject"}});
  EXPECT_EQ(sim.counts("r1"), (Counts{2, 2, 0}));
  EXPECT_EQ(outcome(sim, "r1"), "failed");
}

TEST_F(ResolutionEdges, ExactlyHalfFailsOneMorePasses) {
  run_item(sim, "r1", 1, {{"approve"}, {"approve"}, {"reject"}, {"abstain"}});
  EXPECT_EQ(sim.counts("r1"), (Counts{2, 1, 1}));
  EXPECT_EQ(outcome(sim, "r1"), "failed");  // 2 is not > 4/2
  run_item(sim, "r2", 1, {{"approve"}, {"approve"}, {"approve"}, {"reject"}});
  EXPECT_EQ(sim.counts("r2"), (Counts{3, 1, 0}));
  EXPECT_EQ(outcome(sim, "r2"), "passed");
}

TEST_F(ResolutionEdges, HalfOfAttendeesNotOfVoters) {
  // 2 approve out of 3 ballots, but the base is the 4 attendees.
  run_item(sim, "r1", 1, {{"approve"}, {"approve"}, {"reject"}});
  EXPECT_EQ(sim.counts("r1"), (Counts{2, 1, 0}));
  EXPECT_EQ(sim.item("r1").result->ballots_counted(), 3u);
  EXPECT_EQ(sim.item("r1").result->attendees(), 4u);
  EXPECT_EQ(outcome(sim, "r1"), "failed");
}

TEST_F(ResolutionEdges, AllAbstainFails) {
  run_item(sim, "r1", 1, {{"abstain"}, {"abstain"}, {"abstain"}, {"abstain"}});
  EXPECT_EQ(sim.counts("r1"), (Counts{0, 0, 4}));
  EXPECT_EQ(outcome(sim, "r1"), "failed");
}

TEST_F(ResolutionEdges, AllBlankCountsNothingAndFails) {
  run_item(sim, "r1", 1, {{"blank"}, {"blank"}, {"blank"}, {"blank"}});
  EXPECT_EQ(sim.counts("r1"), (Counts{0, 0, 0}));
  EXPECT_EQ(sim.item("r1").result->ballots_counted(), 4u);
  EXPECT_EQ(outcome(sim, "r1"), "failed");
}

TEST_F(ResolutionEdges, NoBallotsAtAll) {
  run_item(sim, "r1", 1, {});
  EXPECT_EQ(sim.counts("r1"), (Counts{0, 0, 0}));
  EXPECT_EQ(sim.item("r1").result->ballots_counted(), 0u);
  EXPECT_EQ(outcome(sim, "r1"), "failed");
}

TEST_F(ResolutionEdges, OnlyTheLastBallotOfEachVoterCounts) {
  ASSERT_ACCEPTED(open_item(sim, "r1"));
  for (const auto& [voter, pick] : std::vector<std::pair<std::string, std::string>>{
           {"S01", "approve"},
           {"S02", "reject"},
           {"S01", "reject"},
           {"S03", "approve"},
           {"S02", "approve"},
           {"S01", "abstain"},
       }) {
    ASSERT_ACCEPTED(sim.vote(voter, "r1", {pick}));
  }
  ASSERT_ACCEPTED(close_item(sim, "r1"));
  ASSERT_ACCEPTED(sim.tally("r1", {1, 2}));
  EXPECT_EQ(sim.counts("r1"), (Counts{2, 0, 1}));
  EXPECT_EQ(sim.item("r1").result->ballots_counted(), 3u);
  EXPECT_EQ(sim.item("r1").ballots_received, 6u);
  EXPECT_EQ(outcome(sim, "r1"), "failed");  // 2 of 4 attendees
}

// --------------------------------------------------------------- elections --

TEST(ElectionEdges, TiesAndFailures) {
  // 7 attendees: a winner needs more than 3.5 votes. Candidates S04, S05,
  // S06; 2 seats.
  ConferenceSim sim;
  std::string items;
  for (int i = 1; i <= 4; ++i) {
    items += "  - {id: e" + std::to_string(i) +
             ", type: election, title: \"Bầu\", seats: 2, candidates: [S04, S05, S06]}\n";
  }
  ready(sim, 7, agenda(items));
  sim.check_in(1, 7);
  const std::vector<std::string> AB = {"S04", "S05"}, AC = {"S04", "S06"}, BC = {"S05", "S06"},
                                 A = {"S04"}, none = {};

  // 5, 4, 4: S04 is elected; S05 and S06 tie for the last seat.
  run_item(sim, "e1", 1, {AB, AB, AC, AC, A, BC, BC});
  EXPECT_EQ(sim.counts("e1"), (Counts{5, 4, 4}));
  EXPECT_EQ(outcome(sim, "e1"), "tie");
  EXPECT_EQ(elected(sim, "e1"), (std::vector<std::string>{"S04"}));

  // 4, 4, 4: a three-way tie for two seats elects nobody.
  run_item(sim, "e2", 1, {AB, AB, AC, AC, BC, BC, none}, {2, 3});
  EXPECT_EQ(sim.counts("e2"), (Counts{4, 4, 4}));
  EXPECT_EQ(outcome(sim, "e2"), "tie");
  EXPECT_EQ(elected(sim, "e2"), std::vector<std::string>{});

  // 3, 3, 2: nobody reaches more than half of the attendees.
  run_item(sim, "e3", 1, {AB, AB, AC, BC, none, none, none}, {1, 3});
  EXPECT_EQ(sim.counts("e3"), (Counts{3, 3, 2}));
  EXPECT_EQ(outcome(sim, "e3"), "failed");
  EXPECT_EQ(elected(sim, "e3"), std::vector<std::string>{});

  // 4, 0, 0: fewer qualify than there are seats.
  run_item(sim, "e4", 1, {A, A, A, A, none, none, none});
  EXPECT_EQ(sim.counts("e4"), (Counts{4, 0, 0}));
  EXPECT_EQ(outcome(sim, "e4"), "elected");
  EXPECT_EQ(elected(sim, "e4"), (std::vector<std::string>{"S04"}));
}

TEST(ElectionEdges, WinnersRankedByVotes) {
  ConferenceSim sim;
  ready(sim, 5,
        agenda("  - {id: e1, type: election, title: \"Bầu\", seats: 2, "
               "candidates: [S03, S04, S05]}\n"));
  sim.check_in(1, 5);
  // S05 4, S04 3, S03 1: listed order is not rank order.
  const std::vector<std::string> a = {"S05", "S04"}, b = {"S05", "S03"};
  run_item(sim, "e1", 1, {a, a, a, b, {}});
  EXPECT_EQ(sim.counts("e1"), (Counts{1, 3, 4}));
  EXPECT_EQ(elected(sim, "e1"), (std::vector<std::string>{"S05", "S04"}));
  EXPECT_EQ(outcome(sim, "e1"), "elected");
}

// -------------------------------------------------------------- agreements --

TEST(AgreementEdges, NeedsMoreThanHalfOfTheWholeRoster) {
  // Roster 10, 7 present (the quorum). The agreement's base is the roster
  // (> 5 needed); the resolution's is the attendees (> 3.5 needed).
  ConferenceSim sim;
  ready(sim, 10,
        agenda("  - {id: a1, type: agreement, title: \"Thỏa ước\"}\n"
               "  - {id: a2, type: agreement, title: \"Thỏa ước sửa đổi\"}\n"
               "  - {id: r1, type: resolution, title: \"Nghị quyết\"}\n"));
  sim.check_in(1, 7);
  const Picks six = {{"approve"}, {"approve"}, {"approve"}, {"approve"},
                     {"approve"}, {"approve"}, {"reject"}};
  const Picks five = {{"approve"}, {"approve"}, {"approve"}, {"approve"},
                      {"approve"}, {"reject"},  {"reject"}};
  run_item(sim, "a1", 1, six);
  EXPECT_EQ(sim.counts("a1"), (Counts{6, 1, 0}));
  EXPECT_EQ(outcome(sim, "a1"), "passed");  // not everyone came, still > 10/2
  run_item(sim, "a2", 1, five);
  EXPECT_EQ(sim.counts("a2"), (Counts{5, 2, 0}));
  EXPECT_EQ(outcome(sim, "a2"), "failed");  // 5 is not > 10/2
  run_item(sim, "r1", 1, five);
  EXPECT_EQ(sim.counts("r1"), (Counts{5, 2, 0}));
  EXPECT_EQ(outcome(sim, "r1"), "passed");  // 5 > 7/2
  EXPECT_EQ(sim.item("a2").result->roster_size(), 10u);
  EXPECT_EQ(sim.item("a2").result->attendees(), 7u);
}

// ------------------------------------------------------------ custom rules --

TEST(RuleEdges, InclusiveAndBases) {
  // 6 attendees; S01 approve, S02 approve, S03 reject, S04 blank, S05 and
  // S06 do not vote: 4 ballots, 2 approve.
  ConferenceSim sim;
  ready(sim, 6,
        agenda("  - {id: v_incl, type: resolution, title: A, "
               "rule: {fraction: \"1/2\", base: votes, inclusive: true}}\n"
               "  - {id: v_strict, type: resolution, title: B, "
               "rule: {fraction: \"1/2\", base: votes}}\n"
               "  - {id: t_incl, type: resolution, title: C, "
               "rule: {fraction: \"1/3\", base: attendees, inclusive: true}}\n"
               "  - {id: t_strict, type: resolution, title: D, "
               "rule: {fraction: \"1/3\", base: attendees}}\n"
               "  - {id: reject, type: resolution, title: E, "
               "rule: {option: reject, fraction: \"1/4\", base: votes}}\n"));
  sim.check_in(1, 6);
  const Picks picks = {{"approve"}, {"approve"}, {"reject"}, {"blank"}};
  const struct {
    const char* item;
    const char* outcome;
  } expected[] = {
      {"v_incl", "passed"},    // 2 ≥ 4/2
      {"v_strict", "failed"},  // 2 is not > 4/2
      {"t_incl", "passed"},    // 2 ≥ 6/3
      {"t_strict", "failed"},  // 2 is not > 6/3
      {"reject", "failed"},    // reject 1 is not > 4/4
  };
  for (const auto& e : expected) {
    SCOPED_TRACE(e.item);
    run_item(sim, e.item, 1, picks);
    EXPECT_EQ(sim.counts(e.item), (Counts{2, 1, 0}));
    EXPECT_EQ(outcome(sim, e.item), e.outcome);
  }
}

TEST(RuleEdges, NothingPassesWithoutBallots) {
  // "At least 1/2 of the votes cast" with no ballot at all: 0 ≥ 0 must not
  // make a resolution pass with zero approvals.
  ConferenceSim sim;
  ready(sim, 4,
        agenda("  - {id: r1, type: resolution, title: A, "
               "rule: {fraction: \"1/2\", base: votes, inclusive: true}}\n"
               "  - {id: e1, type: election, title: B, seats: 1, candidates: [S03, S04], "
               "rule: {fraction: \"1/2\", base: votes, inclusive: true}}\n"));
  sim.check_in(1, 4);
  run_item(sim, "r1", 1, {});
  run_item(sim, "e1", 1, {});
  EXPECT_EQ(sim.counts("r1"), (Counts{0, 0, 0}));
  EXPECT_EQ(sim.counts("e1"), (Counts{0, 0}));
  EXPECT_EQ(outcome(sim, "r1"), "failed");
  EXPECT_EQ(outcome(sim, "e1"), "failed");
}

// ------------------------------------------------------------ consultation --

TEST(ConsultationEdges, CountsPerSectionWithBlanks) {
  ConferenceSim sim;
  ready(sim, 4,
        agenda("  - {id: c1, type: consultation, title: \"Góp ý\", window_seconds: 1, "
               "sections: [\"Điều 1\", \"Điều 2\"]}\n"));
  // Nobody checked in: a consultation does not need the quorum to collect,
  // but it needs it to open.
  EXPECT_REJECTED(sim, open_item(sim, "c1"), ErrorCode::kFailedPrecondition, "quorum");
  sim.check_in(1, 3);
  ASSERT_ACCEPTED(open_item(sim, "c1"));
  ASSERT_ACCEPTED(sim.vote("S01", "c1", {}, {{0, "agree"}, {1, "disagree"}}));
  ASSERT_ACCEPTED(sim.vote("S02", "c1", {}, {{0, ""}, {1, "abstain"}}));
  ASSERT_ACCEPTED(sim.vote("S03", "c1", {}, {}));
  ASSERT_ACCEPTED(sim.vote("S04", "c1", {}, {{1, "agree"}}));  // not checked in
  ASSERT_ACCEPTED(close_item_at(sim, "c1", window_end_ms(sim, "c1")));
  ASSERT_ACCEPTED(sim.tally("c1", {1, 2}));
  EXPECT_EQ(sim.counts("c1"), (Counts{1, 0, 0, 1, 1, 1}));
  EXPECT_EQ(outcome(sim, "c1"), "recorded");
  EXPECT_EQ(sim.item("c1").result->ballots_counted(), 4u);
}

// ---------------------------------------------------------------- trustees --

// Every subset of at least t trustees decrypts to the same counts.
void expect_same_counts_for_every_subset(const std::string& trustees,
                                         const std::vector<std::vector<uint32_t>>& subsets,
                                         const std::vector<std::vector<uint32_t>>& too_few) {
  ConferenceSim sim;
  ready(sim, 6, agenda(resolutions(1), "all", trustees));
  sim.check_in(1, 6);
  ASSERT_ACCEPTED(open_item(sim, "r1"));
  vote_all(sim, "r1", 1,
           {{"approve"}, {"approve"}, {"approve"}, {"reject"}, {"abstain"}, {"blank"}});
  ASSERT_ACCEPTED(close_item(sim, "r1"));
  const core::State closed = sim.state;  // State is copyable
  for (const auto& subset : subsets) {
    std::string name;
    for (uint32_t j : subset) name += std::to_string(j);
    SCOPED_TRACE("trustees " + name);
    sim.state = closed;
    ASSERT_ACCEPTED(sim.tally("r1", subset));
    EXPECT_EQ(sim.counts("r1"), (Counts{3, 1, 1}));
    EXPECT_EQ(outcome(sim, "r1"), "failed");  // 3 is not > 6/2
  }
  for (const auto& subset : too_few) {
    sim.state = closed;
    EXPECT_FALSE(sim.tally("r1", subset));
    EXPECT_FALSE(sim.item("r1").result.has_value());
  }
}

TEST(TrusteeSubsets, AnyTwoOfThree) {
  expect_same_counts_for_every_subset("{threshold: 2, members: [S01, S02, S03]}",
                                      {{1, 2}, {1, 3}, {2, 3}, {3, 1}, {1, 2, 3}}, {{1}, {2}, {3}});
}

TEST(TrusteeSubsets, AnyThreeOfFive) {
  std::vector<std::vector<uint32_t>> all;
  for (uint32_t a = 1; a <= 5; ++a) {
    for (uint32_t b = a + 1; b <= 5; ++b) {
      for (uint32_t c = b + 1; c <= 5; ++c) all.push_back({a, b, c});
    }
  }
  all.push_back({1, 2, 3, 4, 5});
  expect_same_counts_for_every_subset("{threshold: 3, members: [S01, S02, S03, S04, S05]}", all,
                                      {{1, 2}, {4, 5}});
}

TEST(TrusteeSubsets, OneOfOneAndAllOfThree) {
  expect_same_counts_for_every_subset("{threshold: 1, members: [S06]}", {{1}}, {});
  expect_same_counts_for_every_subset("{threshold: 3, members: [S01, S02, S03]}", {{1, 2, 3}},
                                      {{1, 2}, {2, 3}});
}

}  // namespace
}  // namespace conclave::testing
