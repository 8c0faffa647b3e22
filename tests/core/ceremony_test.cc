// State machine: the key ceremony (DKG) entries, each field tampered, and
// the complaint / reveal / disqualification paths end to end.
#include <gtest/gtest.h>

#include "tests/core/negative_test_util.h"

namespace conclave::testing {
namespace {

// Five members; trustees S01..S03 with threshold 2; one resolution.
class CeremonyTest : public ::testing::Test {
 protected:
  ConferenceSim sim;

  void SetUp() override {
    sim.add_members(5);
    ASSERT_ACCEPTED(sim.create(agenda(kResolution)));
    for (uint32_t i = 1; i <= 3; ++i) sim.polys.emplace(i, Polynomial::random(2));
  }

  static std::string trustee(uint32_t i) { return member_id(static_cast<int>(i)); }
  const core::TrusteeSlot& slot(uint32_t i) { return sim.conf().trustees[i - 1]; }

  v1::EntryBody commitment(uint32_t i) {
    return client::build_dkg_commitment(sim.conf(), i, sim.polys.at(i));
  }
  v1::EntryBody shares(uint32_t i) {
    return client::build_dkg_shares(sim.conf(), i, sim.polys.at(i));
  }
  Status commit(uint32_t i) { return sim.member_does(trustee(i), commitment(i)); }
  Status deal(uint32_t i) { return sim.member_does(trustee(i), shares(i)); }
  void commit_and_deal(std::initializer_list<uint32_t> which) {
    for (uint32_t i : which) {
      ASSERT_ACCEPTED(commit(i));
      ASSERT_ACCEPTED(deal(i));
    }
  }
  Status complain(uint32_t accuser, uint32_t accused) {
    return sim.member_does(trustee(accuser),
                           client::build_dkg_complaint(sim.conf(), accuser, accused));
  }
  Status reveal(uint32_t dealer, uint32_t recipient) {
    return sim.member_does(trustee(dealer), client::build_dkg_reveal(sim.conf(), dealer, recipient,
                                                                     sim.polys.at(dealer)));
  }
  v1::EntryBody done() {
    Result<v1::EntryBody> b = client::build_key_ceremony_done(sim.state, sim.conf());
    if (!b) throw std::runtime_error(b.error().message());
    return *b;
  }
  std::vector<uint32_t> qualified() { return sim.conf().qualified; }

  // Votes 2 approve, 1 reject, 1 abstain and decrypts with the given trustees.
  void decrypts_with(const std::vector<uint32_t>& trustees) {
    sim.check_in(1, 4);
    run_item(sim, "r1", 1, {{"approve"}, {"approve"}, {"reject"}, {"abstain"}}, trustees);
    EXPECT_EQ(sim.counts("r1"), (std::vector<uint64_t>{2, 1, 1}));
    EXPECT_EQ(sim.item("r1").result->outcome(), "failed");  // 2 of 4 is not > 1/2
  }
};

// ------------------------------------------------------------- commitment --

TEST_F(CeremonyTest, CommitmentByANonTrustee) {
  EXPECT_REJECTED(sim, sim.member_does("S04", commitment(1)), ErrorCode::kPermissionDenied);
  EXPECT_REJECTED(sim, sim.organizer_does(commitment(1)), ErrorCode::kPermissionDenied);
  EXPECT_FALSE(slot(1).commitment.has_value());
}

TEST_F(CeremonyTest, CommitmentWithTheWrongIndex) {
  EXPECT_REJECTED(sim, sim.member_does("S02", commitment(1)), ErrorCode::kPermissionDenied);
  v1::EntryBody b = commitment(1);
  for (uint32_t wrong : {0u, 2u, 4u}) {
    b.mutable_dkg_commitment()->set_trustee_index(wrong);
    EXPECT_REJECTED(sim, sim.member_does("S01", b), ErrorCode::kPermissionDenied);
  }
  EXPECT_FALSE(slot(1).commitment.has_value());
  EXPECT_FALSE(slot(2).commitment.has_value());
}

TEST_F(CeremonyTest, CommitmentForAnUnknownConference) {
  v1::EntryBody b = commitment(1);
  b.mutable_dkg_commitment()->set_conference_id("nope");
  EXPECT_REJECTED(sim, sim.member_does("S01", b), ErrorCode::kNotFound);
}

TEST_F(CeremonyTest, CommitmentTwice) {
  ASSERT_ACCEPTED(commit(1));
  const core::TrusteeSlot before = slot(1);
  Polynomial other = Polynomial::random(2);
  EXPECT_REJECTED(sim, sim.member_does("S01", client::build_dkg_commitment(sim.conf(), 1, other)),
                  ErrorCode::kAlreadyExists);
  EXPECT_REJECTED(sim, commit(1), ErrorCode::kAlreadyExists);
  EXPECT_EQ(slot(1).commitment->coefficients, before.commitment->coefficients);
}

TEST_F(CeremonyTest, CommitmentWithTheWrongCoefficientCount) {
  for (uint32_t degree_plus_one : {1u, 3u}) {
    SCOPED_TRACE(degree_plus_one);
    Polynomial p = Polynomial::random(degree_plus_one);
    EXPECT_REJECTED(sim, sim.member_does("S01", client::build_dkg_commitment(sim.conf(), 1, p)),
                    ErrorCode::kInvalidArgument, "coefficients");
  }
  v1::EntryBody b = commitment(1);
  b.mutable_dkg_commitment()->mutable_proofs()->RemoveLast();
  EXPECT_REJECTED(sim, sim.member_does("S01", b), ErrorCode::kInvalidArgument, "coefficients");
  b = commitment(1);
  b.mutable_dkg_commitment()->mutable_coefficients()->RemoveLast();
  EXPECT_REJECTED(sim, sim.member_does("S01", b), ErrorCode::kInvalidArgument, "coefficients");
  b = commitment(1);
  b.mutable_dkg_commitment()->clear_coefficients();
  b.mutable_dkg_commitment()->clear_proofs();
  EXPECT_REJECTED(sim, sim.member_does("S01", b), ErrorCode::kInvalidArgument, "coefficients");
  EXPECT_FALSE(slot(1).commitment.has_value());
}

TEST_F(CeremonyTest, TamperedCoefficientRejected) {
  const v1::EntryBody good = commitment(1);
  for (int k = 0; k < 2; ++k) {
    SCOPED_TRACE("coefficient " + std::to_string(k));
    const std::string& c = good.dkg_commitment().coefficients(k);
    for (const std::string& bad :
         {bumped_point(c), std::string(32, '\0'), std::string(32, '\xff'), c.substr(1)}) {
      v1::EntryBody b = good;
      b.mutable_dkg_commitment()->set_coefficients(k, bad);
      EXPECT_REJECTED(sim, sim.member_does("S01", b), ErrorCode::kInvalidArgument);
    }
  }
  // Swapping the two coefficients breaks both proofs.
  v1::EntryBody b = good;
  b.mutable_dkg_commitment()->mutable_coefficients()->SwapElements(0, 1);
  EXPECT_REJECTED(sim, sim.member_does("S01", b), ErrorCode::kInvalidArgument);
  EXPECT_FALSE(slot(1).commitment.has_value());
  EXPECT_ACCEPTED(sim.member_does("S01", good));
}

TEST_F(CeremonyTest, TamperedProofScalarRejected) {
  const v1::EntryBody good = commitment(1);
  for (int k = 0; k < 2; ++k) {
    const v1::ScalarPair& p = good.dkg_commitment().proofs(k);
    for (int which = 0; which < 2; ++which) {
      const std::string& scalar = which == 0 ? p.challenge() : p.response();
      for (const std::string& bad : {bumped_scalar(scalar), non_canonical_scalar(),
                                     std::string(32, '\0'), scalar.substr(1)}) {
        SCOPED_TRACE("proof " + std::to_string(k) + (which == 0 ? " challenge" : " response"));
        v1::EntryBody b = good;
        v1::ScalarPair* q = b.mutable_dkg_commitment()->mutable_proofs(k);
        (which == 0 ? *q->mutable_challenge() : *q->mutable_response()) = bad;
        EXPECT_REJECTED(sim, sim.member_does("S01", b), ErrorCode::kInvalidArgument);
      }
    }
  }
  // Swapping the two proofs: each is bound to its coefficient's position.
  v1::EntryBody b = good;
  b.mutable_dkg_commitment()->mutable_proofs()->SwapElements(0, 1);
  EXPECT_REJECTED(sim, sim.member_does("S01", b), ErrorCode::kInvalidArgument);
  EXPECT_FALSE(slot(1).commitment.has_value());
}

TEST_F(CeremonyTest, CommitmentProofsAreBoundToDealerAndConference) {
  // Trustee 1's commitment re-posted by trustee 2 as its own.
  v1::EntryBody b = commitment(1);
  b.mutable_dkg_commitment()->set_trustee_index(2);
  EXPECT_REJECTED(sim, sim.member_does("S02", b), ErrorCode::kInvalidArgument);
  // A commitment made for this conference posted to another one.
  Result<v1::ConferenceCreated> other =
      client::parse_agenda(agenda(kResolution), sim.state, "hn2028");
  ASSERT_TRUE(other);
  v1::EntryBody create;
  *create.mutable_conference_created() = *other;
  ASSERT_ACCEPTED(sim.organizer_does(create));
  b = commitment(1);
  b.mutable_dkg_commitment()->set_conference_id("hn2028");
  EXPECT_REJECTED(sim, sim.member_does("S01", b), ErrorCode::kInvalidArgument);
  EXPECT_FALSE(sim.state.conference("hn2028")->trustees[0].commitment.has_value());
}

// ----------------------------------------------------------------- shares --

TEST_F(CeremonyTest, SharesBeforeTheCommitment) {
  EXPECT_REJECTED(sim, deal(1), ErrorCode::kFailedPrecondition);
  EXPECT_TRUE(slot(1).sealed_shares.empty());
}

TEST_F(CeremonyTest, SharesByTheWrongAuthor) {
  ASSERT_ACCEPTED(commit(1));
  EXPECT_REJECTED(sim, sim.member_does("S04", shares(1)), ErrorCode::kPermissionDenied);
  EXPECT_REJECTED(sim, sim.member_does("S02", shares(1)), ErrorCode::kPermissionDenied);
  EXPECT_REJECTED(sim, sim.organizer_does(shares(1)), ErrorCode::kPermissionDenied);
  v1::EntryBody b = shares(1);
  b.mutable_dkg_shares()->set_conference_id("nope");
  EXPECT_REJECTED(sim, sim.member_does("S01", b), ErrorCode::kNotFound);
  EXPECT_TRUE(slot(1).sealed_shares.empty());
}

TEST_F(CeremonyTest, SharesWithTheWrongCountOrLength) {
  ASSERT_ACCEPTED(commit(1));
  v1::EntryBody b = shares(1);
  b.mutable_dkg_shares()->mutable_sealed_shares()->RemoveLast();
  EXPECT_REJECTED(sim, sim.member_does("S01", b), ErrorCode::kInvalidArgument, "one sealed share");
  b = shares(1);
  b.mutable_dkg_shares()->add_sealed_shares(b.dkg_shares().sealed_shares(0));
  EXPECT_REJECTED(sim, sim.member_does("S01", b), ErrorCode::kInvalidArgument, "one sealed share");
  b = shares(1);
  b.mutable_dkg_shares()->clear_sealed_shares();
  EXPECT_REJECTED(sim, sim.member_does("S01", b), ErrorCode::kInvalidArgument, "one sealed share");
  for (size_t len : {0u, 79u, 81u}) {
    for (int j = 0; j < 3; ++j) {
      SCOPED_TRACE("share " + std::to_string(j) + " of " + std::to_string(len) + " bytes");
      b = shares(1);
      b.mutable_dkg_shares()->set_sealed_shares(j, std::string(len, 's'));
      EXPECT_REJECTED(sim, sim.member_does("S01", b), ErrorCode::kInvalidArgument, "80 bytes");
    }
  }
  EXPECT_TRUE(slot(1).sealed_shares.empty());
}

TEST_F(CeremonyTest, SharesTwice) {
  ASSERT_ACCEPTED(commit(1));
  ASSERT_ACCEPTED(deal(1));
  const std::vector<Bytes> before = slot(1).sealed_shares;
  EXPECT_REJECTED(sim, deal(1), ErrorCode::kAlreadyExists);
  EXPECT_EQ(slot(1).sealed_shares, before);
}

// -------------------------------------------------------------- complaints --

TEST_F(CeremonyTest, ComplaintAgainstSelfOrUnknownTrustee) {
  commit_and_deal({1, 2});
  for (uint32_t accused : {1u, 4u, 99u}) {
    SCOPED_TRACE(accused);
    EXPECT_REJECTED(sim, complain(1, accused), ErrorCode::kInvalidArgument);
  }
  EXPECT_TRUE(sim.conf().complaints.empty());
}

TEST_F(CeremonyTest, ComplaintBeforeTheAccusedDealt) {
  ASSERT_ACCEPTED(commit(1));
  EXPECT_REJECTED(sim, complain(2, 1), ErrorCode::kFailedPrecondition);  // committed only
  EXPECT_REJECTED(sim, complain(2, 3), ErrorCode::kFailedPrecondition);  // nothing at all
  EXPECT_TRUE(sim.conf().complaints.empty());
}

TEST_F(CeremonyTest, ComplaintByTheWrongAuthor) {
  commit_and_deal({1});
  EXPECT_REJECTED(sim, sim.member_does("S04", client::build_dkg_complaint(sim.conf(), 2, 1)),
                  ErrorCode::kPermissionDenied);
  EXPECT_REJECTED(sim, sim.member_does("S03", client::build_dkg_complaint(sim.conf(), 2, 1)),
                  ErrorCode::kPermissionDenied);
  EXPECT_TRUE(sim.conf().complaints.empty());
}

TEST_F(CeremonyTest, Acknowledgement) {
  // accused = 0: the trustee found every share dealt to it valid.
  commit_and_deal({1, 2});
  EXPECT_REJECTED(sim, complain(1, 0), ErrorCode::kFailedPrecondition);  // 3 has not dealt
  EXPECT_TRUE(sim.conf().acknowledged.empty());
  commit_and_deal({3});
  ASSERT_ACCEPTED(complain(1, 0));
  EXPECT_REJECTED(sim, complain(1, 0), ErrorCode::kAlreadyExists);
  EXPECT_REJECTED(sim, sim.member_does("S04", client::build_dkg_complaint(sim.conf(), 2, 0)),
                  ErrorCode::kPermissionDenied);
  EXPECT_EQ(sim.conf().acknowledged, (std::set<uint32_t>{1}));
  EXPECT_TRUE(sim.conf().complaints.empty());
}

TEST_F(CeremonyTest, DuplicateComplaint) {
  commit_and_deal({1});
  ASSERT_ACCEPTED(complain(2, 1));
  EXPECT_REJECTED(sim, complain(2, 1), ErrorCode::kAlreadyExists);
  EXPECT_EQ(sim.conf().complaints.size(), 1u);
  EXPECT_ACCEPTED(complain(3, 1));  // another accuser may complain too
}

// ----------------------------------------------------------------- reveals --

TEST_F(CeremonyTest, RevealWithoutAComplaint) {
  commit_and_deal({1, 2});
  EXPECT_REJECTED(sim, reveal(1, 2), ErrorCode::kFailedPrecondition);
  ASSERT_ACCEPTED(complain(3, 1));
  // A complaint of trustee 3 does not let 1 reveal what it sent to 2.
  EXPECT_REJECTED(sim, reveal(1, 2), ErrorCode::kFailedPrecondition);
  // Nor 2 reveal its share to 3.
  EXPECT_REJECTED(sim, reveal(2, 3), ErrorCode::kFailedPrecondition);
  EXPECT_TRUE(sim.conf().reveals.empty());
}

TEST_F(CeremonyTest, RevealTwiceOrByTheWrongAuthor) {
  commit_and_deal({1, 2});
  ASSERT_ACCEPTED(complain(3, 1));
  const v1::EntryBody body = client::build_dkg_reveal(sim.conf(), 1, 3, sim.polys.at(1));
  EXPECT_REJECTED(sim, sim.member_does("S03", body), ErrorCode::kPermissionDenied);
  EXPECT_REJECTED(sim, sim.member_does("S04", body), ErrorCode::kPermissionDenied);
  v1::EntryBody b = body;
  b.mutable_dkg_reveal()->set_share(non_canonical_scalar());
  EXPECT_REJECTED(sim, sim.member_does("S01", b), ErrorCode::kInvalidArgument);
  b.mutable_dkg_reveal()->set_share("short");
  EXPECT_REJECTED(sim, sim.member_does("S01", b), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(sim.conf().reveals.empty());
  ASSERT_ACCEPTED(sim.member_does("S01", body));
  EXPECT_REJECTED(sim, sim.member_does("S01", body), ErrorCode::kAlreadyExists);
  b = body;
  b.mutable_dkg_reveal()->set_share(bumped_scalar(body.dkg_reveal().share()));
  EXPECT_REJECTED(sim, sim.member_does("S01", b), ErrorCode::kAlreadyExists);
  EXPECT_EQ(sim.conf().reveals.size(), 1u);
}

// ------------------------------------------------------- key ceremony done --

TEST_F(CeremonyTest, DoneByNeitherOrganizerNorTrustee) {
  commit_and_deal({1, 2, 3});
  const v1::EntryBody body = done();
  EXPECT_REJECTED(sim, sim.member_does("S04", body), ErrorCode::kPermissionDenied);
  EXPECT_REJECTED(sim, sim.apply_as(sim.node, body), ErrorCode::kPermissionDenied);
  v1::EntryBody b = body;
  b.mutable_key_ceremony_done()->set_conference_id("nope");
  EXPECT_REJECTED(sim, sim.organizer_does(b), ErrorCode::kNotFound);
  EXPECT_EQ(sim.conf().status, core::ConferenceStatus::kCeremony);
  EXPECT_ACCEPTED(sim.organizer_does(body));
  EXPECT_REJECTED(sim, sim.organizer_does(body), ErrorCode::kFailedPrecondition);
}

TEST_F(CeremonyTest, DoneWithATamperedOutcome) {
  commit_and_deal({1, 2, 3});
  const v1::EntryBody good = done();
  std::vector<std::pair<std::string, std::function<void(v1::KeyCeremonyDone&)>>> tampers = {
      {"joint key", [](auto& m) { m.set_joint_key(bumped_point(m.joint_key())); }},
      {"joint key = C_10 only",
       [this](auto& m) { m.set_joint_key(core::encode(slot(1).commitment->coefficients[0])); }},
      {"no joint key", [](auto& m) { m.clear_joint_key(); }},
      {"qualified without 3", [](auto& m) { m.mutable_qualified()->RemoveLast(); }},
      {"qualified with 4", [](auto& m) { m.add_qualified(4); }},
      {"qualified reordered", [](auto& m) { m.mutable_qualified()->SwapElements(0, 2); }},
      {"qualified twice", [](auto& m) { m.set_qualified(2, 2); }},
      {"context hash", [](auto& m) { m.mutable_context_hash()->at(0) ^= 1; }},
      {"no context hash", [](auto& m) { m.clear_context_hash(); }},
      {"two verification keys", [](auto& m) { m.mutable_verification_keys()->RemoveLast(); }},
      {"four verification keys", [](auto& m) { m.add_verification_keys(m.verification_keys(0)); }},
      {"verification keys swapped",
       [](auto& m) { m.mutable_verification_keys()->SwapElements(0, 1); }},
  };
  for (int j = 0; j < 3; ++j) {
    tampers.push_back({"verification key " + std::to_string(j + 1), [j](auto& m) {
                         m.set_verification_keys(j, bumped_point(m.verification_keys(j)));
                       }});
  }
  for (const auto& [what, f] : tampers) {
    SCOPED_TRACE(what);
    v1::EntryBody b = good;
    f(*b.mutable_key_ceremony_done());
    EXPECT_REJECTED(sim, sim.organizer_does(b), ErrorCode::kInvalidArgument);
    EXPECT_EQ(sim.conf().status, core::ConferenceStatus::kCeremony);
    EXPECT_TRUE(sim.conf().joint_key.is_identity());
  }
  EXPECT_ACCEPTED(sim.organizer_does(good));
  EXPECT_EQ(qualified(), (std::vector<uint32_t>{1, 2, 3}));
}

TEST_F(CeremonyTest, DoneWithFewerThanThresholdQualified) {
  commit_and_deal({1});
  ASSERT_ACCEPTED(commit(2));  // committed but never dealt: out
  EXPECT_FALSE(client::build_key_ceremony_done(sim.state, sim.conf()));
  v1::EntryBody b;
  b.mutable_key_ceremony_done()->set_conference_id(sim.conference);
  b.mutable_key_ceremony_done()->add_qualified(1);
  EXPECT_REJECTED(sim, sim.organizer_does(b), ErrorCode::kFailedPrecondition, "qualified");
  b.mutable_key_ceremony_done()->add_qualified(2);
  EXPECT_REJECTED(sim, sim.organizer_does(b), ErrorCode::kFailedPrecondition, "qualified");
  EXPECT_EQ(sim.conf().status, core::ConferenceStatus::kCeremony);
}

TEST_F(CeremonyTest, AbsentTrusteeLeavesEnoughQualified) {
  commit_and_deal({1, 3});
  ASSERT_ACCEPTED(sim.organizer_does(done()));
  EXPECT_EQ(qualified(), (std::vector<uint32_t>{1, 3}));
  decrypts_with({1, 3});
}

TEST_F(CeremonyTest, NoCeremonyEntryAfterItIsDone) {
  commit_and_deal({1, 2});
  ASSERT_ACCEPTED(sim.organizer_does(done()));
  EXPECT_REJECTED(sim, commit(3), ErrorCode::kFailedPrecondition);
  EXPECT_REJECTED(sim, complain(3, 1), ErrorCode::kFailedPrecondition);
  EXPECT_REJECTED(sim, reveal(1, 3), ErrorCode::kFailedPrecondition);
  EXPECT_FALSE(slot(3).commitment.has_value());
}

// -------------------------------------------- complaints and disqualification --

// Trustee 1 deals, but what it seals to trustee 3 is not f_1(3).
class BadDealerTest : public CeremonyTest {
 protected:
  void deal_bad_share_to_3(bool garbage) {
    ASSERT_ACCEPTED(commit(1));
    v1::EntryBody b = shares(1);
    const Bytes sealed =
        garbage ? Bytes(80, 0x5a)
                : dkg_seal_share(sim.polys.at(1).eval(3) + Scalar::from_u64(1), slot(3).box_key);
    b.mutable_dkg_shares()->set_sealed_shares(2, core::encode(sealed));
    ASSERT_ACCEPTED(sim.member_does("S01", b));
    commit_and_deal({2, 3});
    // Trustee 3 finds it out and complains; 2 has nothing to complain about.
    const client::ReceivedShares r3 =
        client::open_received_shares(sim.conf(), 3, sim.keys.at("S03"));
    EXPECT_EQ(r3.bad_dealers, (std::vector<uint32_t>{1}));
    EXPECT_EQ(r3.valid.size(), 2u);
    EXPECT_TRUE(
        client::open_received_shares(sim.conf(), 2, sim.keys.at("S02")).bad_dealers.empty());
    ASSERT_ACCEPTED(complain(3, 1));
  }
};

TEST_F(BadDealerTest, CorrectRevealKeepsTheDealerQualified) {
  deal_bad_share_to_3(false);
  ASSERT_ACCEPTED(reveal(1, 3));
  ASSERT_ACCEPTED(sim.organizer_does(done()));
  EXPECT_EQ(qualified(), (std::vector<uint32_t>{1, 2, 3}));
  // Trustee 3 builds its key share from the revealed share.
  ASSERT_TRUE(client::trustee_secret_share(sim.conf(), 3, sim.keys.at("S03")));
  decrypts_with({1, 3});
}

TEST_F(BadDealerTest, WrongRevealDisqualifies) {
  deal_bad_share_to_3(false);
  v1::EntryBody b = client::build_dkg_reveal(sim.conf(), 1, 3, sim.polys.at(1));
  b.mutable_dkg_reveal()->set_share(core::encode(sim.polys.at(1).eval(3) + Scalar::from_u64(1)));
  ASSERT_ACCEPTED(sim.member_does("S01", b));  // recorded; judged at the end
  ASSERT_ACCEPTED(sim.organizer_does(done()));
  EXPECT_EQ(qualified(), (std::vector<uint32_t>{2, 3}));
  // The joint key leaves trustee 1's polynomial out.
  EXPECT_EQ(sim.conf().joint_key,
            slot(2).commitment->coefficients[0] + slot(3).commitment->coefficients[0]);
  decrypts_with({2, 3});
}

TEST_F(BadDealerTest, NoRevealDisqualifies) {
  deal_bad_share_to_3(true);
  // The organizer cannot claim trustee 1 qualified.
  v1::EntryBody b = done();
  EXPECT_EQ(b.key_ceremony_done().qualified_size(), 2);
  b.mutable_key_ceremony_done()->add_qualified(1);
  std::sort(b.mutable_key_ceremony_done()->mutable_qualified()->begin(),
            b.mutable_key_ceremony_done()->mutable_qualified()->end());
  EXPECT_REJECTED(sim, sim.organizer_does(b), ErrorCode::kInvalidArgument, "qualified");
  ASSERT_ACCEPTED(sim.organizer_does(done()));
  EXPECT_EQ(qualified(), (std::vector<uint32_t>{2, 3}));
  decrypts_with({2, 3});
}

TEST_F(CeremonyTest, FalselyAccusedDealerRevealsAndStays) {
  commit_and_deal({1, 2, 3});
  ASSERT_ACCEPTED(complain(2, 1));  // trustee 1's share to 2 was fine
  ASSERT_ACCEPTED(reveal(1, 2));
  ASSERT_ACCEPTED(sim.organizer_does(done()));
  EXPECT_EQ(qualified(), (std::vector<uint32_t>{1, 2, 3}));
  decrypts_with({1, 2});
}

TEST_F(CeremonyTest, TooManyDisqualifiedBlocksTheCeremony) {
  commit_and_deal({1, 2});
  ASSERT_ACCEPTED(complain(1, 2));
  ASSERT_ACCEPTED(complain(2, 1));  // neither answers: both out, t = 2 not met
  EXPECT_FALSE(client::build_key_ceremony_done(sim.state, sim.conf()));
  v1::EntryBody b;
  b.mutable_key_ceremony_done()->set_conference_id(sim.conference);
  EXPECT_REJECTED(sim, sim.organizer_does(b), ErrorCode::kFailedPrecondition);
  // A late dealer and one answer rescue it.
  commit_and_deal({3});
  ASSERT_ACCEPTED(reveal(1, 2));
  ASSERT_ACCEPTED(sim.organizer_does(done()));
  EXPECT_EQ(qualified(), (std::vector<uint32_t>{1, 3}));
  decrypts_with({1, 3});
}

}  // namespace
}  // namespace conclave::testing
