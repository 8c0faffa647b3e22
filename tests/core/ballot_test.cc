// State machine: ballots and spoiled ballots (Benaloh challenges), each
// field tampered, replayed, copied or forged.
#include <gtest/gtest.h>

#include "tests/core/negative_test_util.h"

namespace conclave::testing {
namespace {

// Six members, roster S01..S05 (S06 is not on it), trustees S01..S03 (t = 2);
// S01..S04 checked in (quorum 4 of 5), S05 not.
class BallotTest : public ::testing::Test {
 protected:
  ConferenceSim sim;

  void SetUp() override {
    ready(sim, 6,
          agenda("  - {id: r1, type: resolution, title: \"Nghị quyết\"}\n"
                 "  - {id: e1, type: election, title: \"Bầu\", seats: 2, "
                 "candidates: [S03, S04, S05]}\n"
                 "  - {id: c1, type: consultation, title: \"Góp ý\", window_seconds: 1, "
                 "sections: [\"Điều 1\", \"Điều 2\"]}\n"
                 "  - {id: r2, type: resolution, title: \"Nghị quyết 2\"}\n",
                 "[S01, S02, S03, S04, S05]"));
    sim.check_in(1, 4);
  }

  Status cast(const std::string& signer, const v1::Ballot& b) {
    return sim.member_does(signer, with_ballot(b));
  }
  Status cast_trusting_proofs(const std::string& signer, const v1::Ballot& b) {
    core::ApplyOptions o;
    o.proofs = core::ProofCheck::kTrust;
    return apply_with(sim, sim.keys.at(signer), with_ballot(b), o);
  }
  Status spoil(const std::string& signer, const v1::EntryBody& body) {
    return sim.member_does(signer, body);
  }
  uint64_t received(const std::string& item) { return sim.item(item).ballots_received; }
};

// ------------------------------------------------------------ who and when --

TEST_F(BallotTest, BeforeOpenAndAfterClose) {
  EXPECT_REJECTED(sim, sim.vote("S01", "r1", {"approve"}), ErrorCode::kFailedPrecondition,
                  "not open");
  ASSERT_ACCEPTED(open_item(sim, "r1"));
  ASSERT_ACCEPTED(sim.vote("S01", "r1", {"approve"}));
  const client::BuiltBallot late = build(sim, "S02", "r1", {"reject"});
  ASSERT_ACCEPTED(close_item(sim, "r1"));
  EXPECT_REJECTED(sim, cast("S02", late.ballot), ErrorCode::kFailedPrecondition, "not open");
  EXPECT_REJECTED(sim, sim.vote("S01", "r1", {"reject"}), ErrorCode::kFailedPrecondition);
  ASSERT_ACCEPTED(sim.tally("r1", {1, 2}));
  EXPECT_REJECTED(sim, sim.vote("S02", "r1", {"reject"}), ErrorCode::kFailedPrecondition);
  EXPECT_EQ(sim.counts("r1"), (std::vector<uint64_t>{1, 0, 0}));
  EXPECT_EQ(received("r1"), 1u);
}

TEST_F(BallotTest, VoterNotOnTheRoster) {
  ASSERT_ACCEPTED(open_item(sim, "r1"));
  EXPECT_REJECTED(sim, sim.vote("S06", "r1", {"approve"}), ErrorCode::kPermissionDenied, "roster");
  ASSERT_ACCEPTED(open_item(sim, "c1"));
  EXPECT_REJECTED(sim, sim.vote("S06", "c1", {}, {{0, "agree"}}), ErrorCode::kPermissionDenied,
                  "roster");
  EXPECT_TRUE(sim.item("r1").ballots.empty());
  EXPECT_TRUE(sim.item("c1").ballots.empty());
}

TEST_F(BallotTest, VoterNotCheckedIn) {
  ASSERT_ACCEPTED(open_item(sim, "r1"));
  EXPECT_REJECTED(sim, sim.vote("S05", "r1", {"approve"}), ErrorCode::kFailedPrecondition,
                  "checked in");
  EXPECT_TRUE(sim.item("r1").ballots.empty());
  // A consultation runs over days: no check-in needed.
  ASSERT_ACCEPTED(open_item(sim, "c1"));
  EXPECT_ACCEPTED(sim.vote("S05", "c1", {}, {{0, "agree"}}));
}

TEST_F(BallotTest, WrongItemOrConference) {
  ASSERT_ACCEPTED(open_item(sim, "r1"));
  const client::BuiltBallot b = build(sim, "S01", "r1", {"approve"});
  v1::Ballot x = b.ballot;
  x.set_item_id("zz");
  EXPECT_REJECTED(sim, cast("S01", x), ErrorCode::kNotFound);
  x = b.ballot;
  x.set_conference_id("nope");
  EXPECT_REJECTED(sim, cast("S01", x), ErrorCode::kNotFound);
  x = b.ballot;
  x.set_item_id("r2");  // same shape, but r2 is not open
  EXPECT_REJECTED(sim, cast("S01", x), ErrorCode::kFailedPrecondition);
  EXPECT_TRUE(sim.item("r1").ballots.empty());
  EXPECT_ACCEPTED(cast("S01", b.ballot));
}

TEST_F(BallotTest, ProofsAreBoundToTheItem) {
  // r1 and r2 have the same shape; a ballot for r1 relabelled r2 must fail.
  ASSERT_ACCEPTED(open_item(sim, "r2"));
  v1::Ballot x = build(sim, "S01", "r2", {"approve"}).ballot;
  ASSERT_ACCEPTED(close_item(sim, "r2"));
  ASSERT_ACCEPTED(open_item(sim, "r1"));
  x.set_item_id("r1");
  EXPECT_REJECTED(sim, cast("S01", x), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(sim.item("r1").ballots.empty());
}

TEST_F(BallotTest, MemberIdOfAnotherMember) {
  ASSERT_ACCEPTED(open_item(sim, "r1"));
  // S02's own ballot, submitted under S01's signature.
  const client::BuiltBallot theirs = build(sim, "S02", "r1", {"approve"});
  EXPECT_REJECTED(sim, cast("S01", theirs.ballot), ErrorCode::kPermissionDenied);
  // S01's proofs, but claiming to be S02.
  v1::Ballot x = build(sim, "S01", "r1", {"approve"}).ballot;
  x.set_member_id("S02");
  EXPECT_REJECTED(sim, cast("S01", x), ErrorCode::kPermissionDenied);
  EXPECT_REJECTED(sim, sim.organizer_does(with_ballot(theirs.ballot)),
                  ErrorCode::kPermissionDenied);
  EXPECT_TRUE(sim.item("r1").ballots.empty());
}

TEST_F(BallotTest, ProofsMadeForAnotherVoter) {
  ASSERT_ACCEPTED(open_item(sim, "r1"));
  // Member id S02, signed by S02, but every proof bound to S01's key.
  const PublicKey& k1 = sim.keys.at("S01").public_key();
  const client::BuiltBallot b = build(sim, "S02", "r1", {"approve"}, {}, {}, &k1);
  EXPECT_REJECTED(sim, cast("S02", b.ballot), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(sim.item("r1").ballots.empty());
}

// ---------------------------------------------------------------- tampering --

TEST_F(BallotTest, TamperedCiphertext) {
  ASSERT_ACCEPTED(open_item(sim, "r1"));
  const client::BuiltBallot b = build(sim, "S01", "r1", {"reject"});
  for (int i = 0; i < 3; ++i) {
    const v1::CiphertextMsg& ct = b.ballot.contests(0).selections(i);
    for (int part = 0; part < 2; ++part) {
      const std::string& p = part == 0 ? ct.alpha() : ct.beta();
      for (const std::string& bad :
           {bumped_point(p), std::string(32, '\0'), std::string(32, '\xff'), p.substr(2)}) {
        SCOPED_TRACE("selection " + std::to_string(i) + (part == 0 ? " α" : " β"));
        v1::Ballot x = b.ballot;
        v1::CiphertextMsg* m = x.mutable_contests(0)->mutable_selections(i);
        (part == 0 ? *m->mutable_alpha() : *m->mutable_beta()) = bad;
        EXPECT_REJECTED(sim, cast("S01", x), ErrorCode::kInvalidArgument);
      }
    }
  }
  // Two selections swapped: reject becomes approve.
  v1::Ballot x = b.ballot;
  x.mutable_contests(0)->mutable_selections()->SwapElements(0, 1);
  EXPECT_REJECTED(sim, cast("S01", x), ErrorCode::kInvalidArgument);
  x.mutable_contests(0)->mutable_selection_proofs()->SwapElements(0, 1);
  EXPECT_REJECTED(sim, cast("S01", x), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(sim.item("r1").ballots.empty());
  EXPECT_TRUE(sim.conf().used_alphas.empty());
  EXPECT_ACCEPTED(cast("S01", b.ballot));
}

TEST_F(BallotTest, TamperedProofScalars) {
  ASSERT_ACCEPTED(open_item(sim, "r1"));
  const client::BuiltBallot b = build(sim, "S01", "r1", {"abstain"});
  const v1::ContestMsg& contest = b.ballot.contests(0);
  // proof = -1 is the sum proof, 0..2 the selections' proofs.
  auto proof_of = [](v1::ContestMsg& c, int proof) {
    return proof < 0 ? c.mutable_sum_proof() : c.mutable_selection_proofs(proof);
  };
  int tampered = 0;
  for (int proof = -1; proof < 3; ++proof) {
    const v1::RangeProofMsg& p = proof < 0 ? contest.sum_proof() : contest.selection_proofs(proof);
    ASSERT_EQ(p.challenges_size(), 2);  // [0, 1]: two branches
    for (int branch = 0; branch < p.challenges_size(); ++branch) {
      for (int which = 0; which < 2; ++which) {
        const std::string& s = which == 0 ? p.challenges(branch) : p.responses(branch);
        for (const std::string& bad : {bumped_scalar(s), non_canonical_scalar()}) {
          SCOPED_TRACE("proof " + std::to_string(proof) + " branch " + std::to_string(branch) +
                       (which == 0 ? " challenge" : " response"));
          v1::Ballot x = b.ballot;
          v1::RangeProofMsg* q = proof_of(*x.mutable_contests(0), proof);
          *(which == 0 ? q->mutable_challenges(branch) : q->mutable_responses(branch)) = bad;
          EXPECT_REJECTED(sim, cast("S01", x), ErrorCode::kInvalidArgument);
          ++tampered;
        }
      }
    }
    // A branch dropped, or one too many.
    v1::Ballot x = b.ballot;
    proof_of(*x.mutable_contests(0), proof)->mutable_challenges()->RemoveLast();
    proof_of(*x.mutable_contests(0), proof)->mutable_responses()->RemoveLast();
    EXPECT_REJECTED(sim, cast("S01", x), ErrorCode::kInvalidArgument);
    x = b.ballot;
    v1::RangeProofMsg* q = proof_of(*x.mutable_contests(0), proof);
    q->add_challenges(q->challenges(0));
    q->add_responses(q->responses(0));
    EXPECT_REJECTED(sim, cast("S01", x), ErrorCode::kInvalidArgument);
    // Challenges and responses of different lengths.
    x = b.ballot;
    proof_of(*x.mutable_contests(0), proof)->mutable_responses()->RemoveLast();
    EXPECT_REJECTED(sim, cast("S01", x), ErrorCode::kInvalidArgument);
  }
  EXPECT_EQ(tampered, 4 * 2 * 2 * 2);
  EXPECT_TRUE(sim.item("r1").ballots.empty());
  EXPECT_ACCEPTED(cast("S01", b.ballot));
}

TEST_F(BallotTest, WrongNumberOfContestsOrSelections) {
  ASSERT_ACCEPTED(open_item(sim, "r1"));
  ASSERT_ACCEPTED(open_item(sim, "c1"));
  const client::BuiltBallot b = build(sim, "S01", "r1", {"approve"});
  const client::BuiltBallot other = build(sim, "S01", "r1", {"reject"});
  v1::Ballot x = b.ballot;
  x.clear_contests();
  EXPECT_REJECTED(sim, cast("S01", x), ErrorCode::kInvalidArgument, "contest");
  x = b.ballot;
  *x.add_contests() = other.ballot.contests(0);
  EXPECT_REJECTED(sim, cast("S01", x), ErrorCode::kInvalidArgument, "contest");
  // One selection (and its proof) short, or one extra.
  x = b.ballot;
  x.mutable_contests(0)->mutable_selections()->RemoveLast();
  x.mutable_contests(0)->mutable_selection_proofs()->RemoveLast();
  EXPECT_REJECTED(sim, cast("S01", x), ErrorCode::kInvalidArgument);
  x = b.ballot;
  *x.mutable_contests(0)->add_selections() = other.ballot.contests(0).selections(2);
  *x.mutable_contests(0)->add_selection_proofs() = other.ballot.contests(0).selection_proofs(2);
  EXPECT_REJECTED(sim, cast("S01", x), ErrorCode::kInvalidArgument);
  x = b.ballot;
  x.mutable_contests(0)->mutable_selection_proofs()->RemoveLast();
  EXPECT_REJECTED(sim, cast("S01", x), ErrorCode::kInvalidArgument);
  // A consultation of two sections answered with one contest.
  const client::BuiltBallot c = build(sim, "S01", "c1", {}, {{0, "agree"}, {1, "agree"}});
  x = c.ballot;
  x.mutable_contests()->RemoveLast();
  EXPECT_REJECTED(sim, cast("S01", x), ErrorCode::kInvalidArgument, "contest");
  // Sections swapped: each contest is bound to its section.
  x = c.ballot;
  x.mutable_contests()->SwapElements(0, 1);
  EXPECT_REJECTED(sim, cast("S01", x), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(sim.item("r1").ballots.empty());
  EXPECT_TRUE(sim.item("c1").ballots.empty());
}

TEST_F(BallotTest, ForgedOverVote) {
  ASSERT_ACCEPTED(open_item(sim, "r1"));
  // Two valid ballots of S01, combined into approve + reject: every
  // selection proof verifies, the sum proof does not.
  const client::BuiltBallot a = build(sim, "S01", "r1", {"approve"});
  const client::BuiltBallot r = build(sim, "S01", "r1", {"reject"});
  v1::Ballot x = a.ballot;
  *x.mutable_contests(0)->mutable_selections(1) = r.ballot.contests(0).selections(1);
  *x.mutable_contests(0)->mutable_selection_proofs(1) = r.ballot.contests(0).selection_proofs(1);
  EXPECT_REJECTED(sim, cast("S01", x), ErrorCode::kInvalidArgument, "sum");
  *x.mutable_contests(0)->mutable_sum_proof() = r.ballot.contests(0).sum_proof();
  EXPECT_REJECTED(sim, cast("S01", x), ErrorCode::kInvalidArgument, "sum");
  EXPECT_TRUE(sim.item("r1").ballots.empty());
  ASSERT_ACCEPTED(close_item(sim, "r1"));

  // An election with 2 seats: 3 candidates from two ballots.
  ASSERT_ACCEPTED(open_item(sim, "e1"));
  const client::BuiltBallot two = build(sim, "S01", "e1", {"S03", "S04"});
  const client::BuiltBallot one = build(sim, "S01", "e1", {"S05"});
  x = two.ballot;
  *x.mutable_contests(0)->mutable_selections(2) = one.ballot.contests(0).selections(2);
  *x.mutable_contests(0)->mutable_selection_proofs(2) = one.ballot.contests(0).selection_proofs(2);
  EXPECT_REJECTED(sim, cast("S01", x), ErrorCode::kInvalidArgument, "sum");
  EXPECT_TRUE(sim.item("e1").ballots.empty());
  // The client refuses to encrypt an over-vote at all.
  EXPECT_FALSE(client::choices_for(sim.item("e1"), {"S03", "S04", "S05"}, {}));
  EXPECT_FALSE(client::build_ballot(sim.conf(), sim.item("e1"), "S01",
                                    sim.keys.at("S01").public_key(), {{1, 1, 1}}));
  EXPECT_FALSE(client::build_ballot(sim.conf(), sim.item("e1"), "S01",
                                    sim.keys.at("S01").public_key(), {{2, 0, 0}}));
}

// ----------------------------------------------------------- replay and copy --

TEST_F(BallotTest, ReplayedBallot) {
  ASSERT_ACCEPTED(open_item(sim, "r1"));
  const client::BuiltBallot b = build(sim, "S01", "r1", {"approve"});
  ASSERT_ACCEPTED(cast("S01", b.ballot));
  const Hash32 leaf = sim.item("r1").ballots.at("S01").leaf_hash;
  // The same ballot again, signed anew (another entry, same ciphertexts).
  EXPECT_REJECTED(sim, cast("S01", b.ballot), ErrorCode::kAlreadyExists, "reuses");
  EXPECT_EQ(received("r1"), 1u);
  EXPECT_EQ(sim.item("r1").ballots.at("S01").leaf_hash, leaf);
}

TEST_F(BallotTest, CopiedContestOfAnotherVoter) {
  ASSERT_ACCEPTED(open_item(sim, "r1"));
  const client::BuiltBallot theirs = build(sim, "S01", "r1", {"approve"});
  ASSERT_ACCEPTED(cast("S01", theirs.ballot));
  // S02 copies S01's encrypted choice: its proofs are bound to S01 ...
  v1::Ballot copy = theirs.ballot;
  copy.set_member_id("S02");
  EXPECT_REJECTED(sim, cast("S02", copy), ErrorCode::kInvalidArgument);
  // ... and even a node that trusts proofs it checked elsewhere refuses
  // the reused ciphertexts.
  EXPECT_REJECTED(sim, cast_trusting_proofs("S02", copy), ErrorCode::kAlreadyExists, "reuses");
  // One selection copied into S02's own ballot.
  v1::Ballot mixed = build(sim, "S02", "r1", {"approve"}).ballot;
  *mixed.mutable_contests(0)->mutable_selections(0) = theirs.ballot.contests(0).selections(0);
  EXPECT_REJECTED(sim, cast("S02", mixed), ErrorCode::kInvalidArgument);
  EXPECT_REJECTED(sim, cast_trusting_proofs("S02", mixed), ErrorCode::kAlreadyExists);
  // A ballot repeating a ciphertext inside itself.
  v1::Ballot twice = build(sim, "S03", "r1", {"blank"}).ballot;
  *twice.mutable_contests(0)->mutable_selections(1) = twice.contests(0).selections(0);
  EXPECT_REJECTED(sim, cast_trusting_proofs("S03", twice), ErrorCode::kAlreadyExists);
  EXPECT_EQ(sim.item("r1").ballots.size(), 1u);
  EXPECT_EQ(sim.conf().used_alphas.size(), 3u);
}

// ----------------------------------------------------------------- comments --

TEST_F(BallotTest, CommentsOnlyOnConsultations) {
  ASSERT_ACCEPTED(open_item(sim, "r1"));
  EXPECT_REJECTED(sim, sim.vote("S01", "r1", {"approve"}, {}, {"Ý kiến"}),
                  ErrorCode::kInvalidArgument, "consultation");
  EXPECT_REJECTED(sim, sim.vote("S01", "r1", {"approve"}, {}, {""}), ErrorCode::kInvalidArgument,
                  "consultation");
  EXPECT_TRUE(sim.item("r1").ballots.empty());
}

TEST_F(BallotTest, CommentCountAndText) {
  ASSERT_ACCEPTED(open_item(sim, "c1"));
  const std::map<uint32_t, std::string> answers = {{0, "agree"}, {1, "disagree"}};
  EXPECT_REJECTED(sim, sim.vote("S01", "c1", {}, answers, {"một"}), ErrorCode::kInvalidArgument,
                  "one comment per section");
  EXPECT_REJECTED(sim, sim.vote("S01", "c1", {}, answers, {"một", "hai", "ba"}),
                  ErrorCode::kInvalidArgument, "one comment per section");
  EXPECT_REJECTED(sim, sim.vote("S01", "c1", {}, answers, {"", std::string(4001, 'x')}),
                  ErrorCode::kInvalidArgument, "comment");
  EXPECT_REJECTED(sim, sim.vote("S01", "c1", {}, answers, {"a\x01z", ""}),
                  ErrorCode::kInvalidArgument, "comment");
  EXPECT_TRUE(sim.item("c1").ballots.empty());
  EXPECT_ACCEPTED(sim.vote("S01", "c1", {}, answers, {"Dòng 1\nDòng 2\tmục", ""}));
  EXPECT_ACCEPTED(sim.vote("S02", "c1", {}, answers, {"", std::string(4000, 'x')}));
  EXPECT_ACCEPTED(sim.vote("S03", "c1", {}, answers));  // no comments at all
  EXPECT_EQ(sim.item("c1").ballots.at("S01").comments,
            (std::vector<std::string>{"Dòng 1\nDòng 2\tmục", ""}));
}

// ---------------------------------------------------------------- re-voting --

TEST_F(BallotTest, ReVoteReplacesTheEarlierBallot) {
  ASSERT_ACCEPTED(open_item(sim, "r1"));
  ASSERT_ACCEPTED(sim.vote("S01", "r1", {"approve"}));
  ASSERT_ACCEPTED(sim.vote("S02", "r1", {"approve"}));
  ASSERT_ACCEPTED(sim.vote("S01", "r1", {"reject"}));
  EXPECT_EQ(sim.item("r1").ballots.size(), 2u);
  EXPECT_EQ(received("r1"), 3u);
  EXPECT_EQ(sim.item("r1").ballots.at("S01").index, sim.state.size - 1);
  ASSERT_ACCEPTED(close_item(sim, "r1"));
  ASSERT_ACCEPTED(sim.tally("r1", {2, 3}));
  EXPECT_EQ(sim.counts("r1"), (std::vector<uint64_t>{1, 1, 0}));
  EXPECT_EQ(sim.item("r1").result->ballots_counted(), 2u);
}

// --------------------------------------------------------- spoiled ballots --

TEST_F(BallotTest, SpoiledBallotIsLoggedNotCountedAndItsCiphertextsAreBurnt) {
  ASSERT_ACCEPTED(open_item(sim, "r1"));
  const client::BuiltBallot b = build(sim, "S01", "r1", {"approve"});
  ASSERT_ACCEPTED(spoil("S01", client::spoiled_body(b)));
  EXPECT_EQ(sim.item("r1").spoiled, 1u);
  EXPECT_TRUE(sim.item("r1").ballots.empty());
  // Anyone can open it with the published seed.
  const Result<EncryptedContest> ec = core::decode(b.ballot.contests(0), "contest");
  ASSERT_TRUE(ec);
  const Result<std::vector<uint64_t>> opened =
      contest_open_with_seed(sim.conf().joint_key, b.seed, sim.item("r1").contests[0], *ec);
  ASSERT_TRUE(opened);
  EXPECT_EQ(*opened, (std::vector<uint64_t>{1, 0, 0}));
  // The challenged ballot can no longer be cast, nor spoiled again.
  EXPECT_REJECTED(sim, cast("S01", b.ballot), ErrorCode::kAlreadyExists);
  EXPECT_REJECTED(sim, spoil("S01", client::spoiled_body(b)), ErrorCode::kAlreadyExists);
  EXPECT_EQ(sim.item("r1").spoiled, 1u);
  // A fresh ballot is fine, and only it counts.
  ASSERT_ACCEPTED(sim.vote("S01", "r1", {"reject"}));
  ASSERT_ACCEPTED(sim.vote("S02", "r1", {"approve"}));
  ASSERT_ACCEPTED(close_item(sim, "r1"));
  ASSERT_ACCEPTED(sim.tally("r1", {1, 3}));
  EXPECT_EQ(sim.counts("r1"), (std::vector<uint64_t>{1, 1, 0}));
  EXPECT_EQ(sim.item("r1").result->ballots_counted(), 2u);
}

TEST_F(BallotTest, CastBallotCannotBeSpoiled) {
  ASSERT_ACCEPTED(open_item(sim, "r1"));
  const client::BuiltBallot b = build(sim, "S01", "r1", {"approve"});
  ASSERT_ACCEPTED(cast("S01", b.ballot));
  EXPECT_REJECTED(sim, spoil("S01", client::spoiled_body(b)), ErrorCode::kAlreadyExists);
  EXPECT_EQ(sim.item("r1").spoiled, 0u);
}

TEST_F(BallotTest, SpoilWithWrongSeedOrChoices) {
  ASSERT_ACCEPTED(open_item(sim, "e1"));
  const client::BuiltBallot b = build(sim, "S01", "e1", {"S03", "S05"});
  const v1::EntryBody good = client::spoiled_body(b);
  ASSERT_EQ(good.spoiled_ballot().choices_size(), 3);
  std::vector<std::pair<std::string, std::function<void(v1::SpoiledBallot&)>>> tampers = {
      {"other seed", [](auto& s) { s.set_seed(std::string(32, 's')); }},
      {"seed bit", [](auto& s) { s.mutable_seed()->at(31) ^= 1; }},
      {"short seed", [](auto& s) { s.mutable_seed()->pop_back(); }},
      {"long seed", [](auto& s) { s.mutable_seed()->push_back('x'); }},
      {"no seed", [](auto& s) { s.clear_seed(); }},
      {"choices swapped", [](auto& s) { s.mutable_choices()->SwapElements(0, 1); }},
      {"a choice flipped", [](auto& s) { s.set_choices(2, 0); }},
      {"a choice of 2", [](auto& s) { s.set_choices(0, 2); }},
      {"one choice short", [](auto& s) { s.mutable_choices()->RemoveLast(); }},
      {"one choice extra", [](auto& s) { s.add_choices(0); }},
      {"no choices", [](auto& s) { s.clear_choices(); }},
      {"ciphertext",
       [](auto& s) {
         auto* ct = s.mutable_ballot()->mutable_contests(0)->mutable_selections(0);
         ct->set_beta(bumped_point(ct->beta()));
       }},
      {"no contest", [](auto& s) { s.mutable_ballot()->clear_contests(); }},
  };
  for (const auto& [what, f] : tampers) {
    SCOPED_TRACE(what);
    v1::EntryBody x = good;
    f(*x.mutable_spoiled_ballot());
    EXPECT_REJECTED(sim, spoil("S01", x), ErrorCode::kInvalidArgument);
  }
  EXPECT_EQ(sim.item("e1").spoiled, 0u);
  EXPECT_TRUE(sim.conf().used_alphas.empty());
  EXPECT_ACCEPTED(spoil("S01", good));
}

TEST_F(BallotTest, SpoiledBallotCommentsAreChecked) {
  // The comment rules of a ballot hold for a spoiled one too: none on a
  // resolution, one per section and bounded text on a consultation.
  ASSERT_ACCEPTED(open_item(sim, "r1"));
  v1::EntryBody on_resolution = client::spoiled_body(build(sim, "S01", "r1", {"approve"}));
  on_resolution.mutable_spoiled_ballot()->mutable_ballot()->add_comments("bình luận");
  const Status s = spoil("S01", on_resolution);
  ASSERT_ACCEPTED(open_item(sim, "c1"));
  v1::EntryBody long_comment =
      client::spoiled_body(build(sim, "S01", "c1", {}, {{0, "agree"}, {1, "agree"}}));
  long_comment.mutable_spoiled_ballot()->mutable_ballot()->add_comments("");
  long_comment.mutable_spoiled_ballot()->mutable_ballot()->add_comments(std::string(100000, 'x'));
  const Status t = spoil("S01", long_comment);
  EXPECT_TRUE(Rejected(s, ErrorCode::kInvalidArgument));
  EXPECT_TRUE(Rejected(t, ErrorCode::kInvalidArgument));
}

TEST_F(BallotTest, SpoilByTheWrongVoterOrAtTheWrongTime) {
  ASSERT_ACCEPTED(open_item(sim, "r1"));
  const v1::EntryBody mine = client::spoiled_body(build(sim, "S01", "r1", {"approve"}));
  EXPECT_REJECTED(sim, spoil("S02", mine), ErrorCode::kPermissionDenied);
  EXPECT_REJECTED(sim, sim.organizer_does(mine), ErrorCode::kPermissionDenied);
  const v1::EntryBody outsider = client::spoiled_body(build(sim, "S06", "r1", {"approve"}));
  EXPECT_REJECTED(sim, spoil("S06", outsider), ErrorCode::kPermissionDenied, "roster");
  v1::EntryBody pending = mine;
  pending.mutable_spoiled_ballot()->mutable_ballot()->set_item_id("r2");
  EXPECT_REJECTED(sim, spoil("S01", pending), ErrorCode::kFailedPrecondition);
  ASSERT_ACCEPTED(close_item(sim, "r1"));
  EXPECT_REJECTED(sim, spoil("S01", mine), ErrorCode::kFailedPrecondition);
  EXPECT_EQ(sim.item("r1").spoiled, 0u);
}

}  // namespace
}  // namespace conclave::testing
