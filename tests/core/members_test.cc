// State machine: member registration and enrollment, each field tampered.
#include <gtest/gtest.h>

#include "tests/core/negative_test_util.h"

namespace conclave::testing {
namespace {

client::NewMember added(const ConferenceSim& sim, const std::string& id,
                        const std::string& name = "Nguyễn Văn A") {
  return client::build_member_added(sim.state.origin, id, name, "Kế toán");
}

v1::EntryBody enrolled(const ConferenceSim& sim, const std::string& id, const std::string& code,
                       const Identity& key) {
  Result<v1::EntryBody> b = client::build_member_enrolled(sim.state.origin, id, code, key);
  if (!b) throw std::runtime_error(b.error().message());
  return *b;
}

// Registers id and returns its (unused) code.
std::string register_member(ConferenceSim& sim, const std::string& id) {
  client::NewMember m = added(sim, id);
  EXPECT_ACCEPTED(sim.organizer_does(m.body));
  return m.code;
}

// Issues a new code to id and enrolls a fresh key; returns the old key.
Identity rekey(ConferenceSim& sim, const std::string& id) {
  const std::string code = register_member(sim, id);
  Identity fresh = Identity::generate();
  EXPECT_ACCEPTED(sim.apply_as(fresh, enrolled(sim, id, code, fresh)));
  Identity old = std::move(sim.keys.at(id));
  sim.keys.erase(id);
  sim.keys.emplace(id, std::move(fresh));
  return old;
}

// ------------------------------------------------------------ MemberAdded --

TEST(MemberAdded, OrganizerRegistersAPendingMember) {
  ConferenceSim sim;
  register_member(sim, "S01");
  EXPECT_EQ(sim.state.size, 2u);
  const core::Member& m = sim.state.members.at("S01");
  EXPECT_EQ(m.full_name, "Nguyễn Văn A");
  EXPECT_EQ(m.role, "Kế toán");
  EXPECT_TRUE(m.code_key.has_value());
  EXPECT_FALSE(m.key.has_value());
}

TEST(MemberAdded, OnlyAnOrganizer) {
  ConferenceSim sim;
  sim.add_members(1);
  const client::NewMember m = added(sim, "S09");
  EXPECT_REJECTED(sim, sim.member_does("S01", m.body), ErrorCode::kPermissionDenied);
  EXPECT_REJECTED(sim, sim.apply_as(sim.node, m.body), ErrorCode::kPermissionDenied);
  EXPECT_REJECTED(sim, sim.apply_as(Identity::generate(), m.body), ErrorCode::kPermissionDenied);
  EXPECT_FALSE(sim.state.members.contains("S09"));
}

TEST(MemberAdded, BadMemberIdRejected) {
  ConferenceSim sim;
  for (const std::string& id : {std::string(), std::string("S 01"), std::string("S/01"),
                                std::string("Sé01"), std::string("S01\n"), std::string(65, 'a')}) {
    SCOPED_TRACE("id \"" + id + "\"");
    EXPECT_REJECTED(sim, sim.organizer_does(added(sim, id).body), ErrorCode::kInvalidArgument,
                    "member id");
  }
  EXPECT_TRUE(sim.state.members.empty());
  // The boundary: 64 characters from the allowed set.
  const std::string longest = std::string(61, 'a') + "._-";
  EXPECT_ACCEPTED(sim.organizer_does(added(sim, longest).body));
}

TEST(MemberAdded, BadNameOrRoleRejected) {
  ConferenceSim sim;
  EXPECT_REJECTED(sim, sim.organizer_does(added(sim, "S01", "").body), ErrorCode::kInvalidArgument,
                  "full name");
  EXPECT_REJECTED(sim, sim.organizer_does(added(sim, "S01", std::string(201, 'x')).body),
                  ErrorCode::kInvalidArgument, "full name");
  EXPECT_REJECTED(sim, sim.organizer_does(added(sim, "S01", "Nguyễn\nVăn A").body),
                  ErrorCode::kInvalidArgument, "full name");
  EXPECT_REJECTED(sim, sim.organizer_does(added(sim, "S01", "Nguyễn\x7f").body),
                  ErrorCode::kInvalidArgument, "full name");
  v1::EntryBody b = added(sim, "S01").body;
  b.mutable_member_added()->set_role(std::string(201, 'r'));
  EXPECT_REJECTED(sim, sim.organizer_does(b), ErrorCode::kInvalidArgument, "role");
  b.mutable_member_added()->set_role("a\tb");
  EXPECT_REJECTED(sim, sim.organizer_does(b), ErrorCode::kInvalidArgument, "role");
  EXPECT_TRUE(sim.state.members.empty());
  // Boundaries: a 200-byte name and an empty role are fine.
  b = added(sim, "S01", std::string(200, 'x')).body;
  b.mutable_member_added()->set_role("");
  EXPECT_ACCEPTED(sim.organizer_does(b));
}

TEST(MemberAdded, BadCodeKeyRejected) {
  ConferenceSim sim;
  const v1::EntryBody good = added(sim, "S01").body;
  std::string identity(32, '\0');
  identity[0] = 1;  // the Ed25519 neutral element: small order
  for (const std::string& key :
       {std::string(), std::string(31, 'k'), good.member_added().code_key() + "x", identity,
        std::string(32, '\0')}) {
    SCOPED_TRACE("key of " + std::to_string(key.size()) + " bytes");
    v1::EntryBody b = good;
    b.mutable_member_added()->set_code_key(key);
    EXPECT_REJECTED(sim, sim.organizer_does(b), ErrorCode::kInvalidArgument, "enrollment code key");
  }
  EXPECT_TRUE(sim.state.members.empty());
  EXPECT_ACCEPTED(sim.organizer_does(good));
}

TEST(MemberAdded, ReAddingIssuesANewCodeAndVoidsTheOldOne) {
  ConferenceSim sim;
  const std::string first = register_member(sim, "S01");
  const std::string second = register_member(sim, "S01");
  ASSERT_NE(first, second);
  Identity key = Identity::generate();
  EXPECT_REJECTED(sim, sim.apply_as(key, enrolled(sim, "S01", first, key)),
                  ErrorCode::kPermissionDenied);
  EXPECT_FALSE(sim.state.members.at("S01").key.has_value());
  EXPECT_ACCEPTED(sim.apply_as(key, enrolled(sim, "S01", second, key)));
  EXPECT_EQ(sim.state.members.at("S01").key, key.public_key());
}

TEST(MemberAdded, ReAddingAnEnrolledMemberKeepsItsKeyUntilReEnrolled) {
  ConferenceSim sim;
  sim.add_members(1);
  const PublicKey k = sim.keys.at("S01").public_key();
  register_member(sim, "S01");
  EXPECT_EQ(sim.state.members.at("S01").key, k);
  EXPECT_EQ(sim.state.member_with_key(k)->id, "S01");
  EXPECT_TRUE(sim.state.members.at("S01").code_key.has_value());
}

// --------------------------------------------------------- MemberEnrolled --

TEST(MemberEnrolled, UnknownMember) {
  ConferenceSim sim;
  const std::string code = register_member(sim, "S01");
  Identity key = Identity::generate();
  EXPECT_REJECTED(sim, sim.apply_as(key, enrolled(sim, "S99", code, key)), ErrorCode::kNotFound);
  EXPECT_TRUE(sim.state.member_by_key.empty());
}

TEST(MemberEnrolled, WrongCode) {
  ConferenceSim sim;
  const std::string code = register_member(sim, "S01");
  const std::string other = register_member(sim, "S02");
  Identity key = Identity::generate();
  // A random code, and the code of another member.
  EXPECT_REJECTED(sim, sim.apply_as(key, enrolled(sim, "S01", core::new_enrollment_code(), key)),
                  ErrorCode::kPermissionDenied);
  EXPECT_REJECTED(sim, sim.apply_as(key, enrolled(sim, "S01", other, key)),
                  ErrorCode::kPermissionDenied);
  // The right code, but its signature tampered or made for another key.
  v1::EntryBody b = enrolled(sim, "S01", code, key);
  b.mutable_member_enrolled()->mutable_code_signature()->at(5) ^= 1;
  EXPECT_REJECTED(sim, sim.apply_as(key, b), ErrorCode::kPermissionDenied);
  b = enrolled(sim, "S01", code, key);
  b.mutable_member_enrolled()->mutable_code_signature()->pop_back();
  EXPECT_REJECTED(sim, sim.apply_as(key, b), ErrorCode::kPermissionDenied);
  Identity thief = Identity::generate();
  EXPECT_REJECTED(sim, sim.apply_as(thief, enrolled(sim, "S01", code, key)),
                  ErrorCode::kPermissionDenied);
  // The box key is covered by the code's signature.
  b = enrolled(sim, "S01", code, key);
  b.mutable_member_enrolled()->set_box_key(core::encode(thief.box_public_key()));
  EXPECT_REJECTED(sim, sim.apply_as(key, b), ErrorCode::kPermissionDenied);
  // A code for S01 signed for member id S02.
  b = enrolled(sim, "S01", code, key);
  b.mutable_member_enrolled()->set_member_id("S02");
  EXPECT_REJECTED(sim, sim.apply_as(key, b), ErrorCode::kPermissionDenied);
  EXPECT_TRUE(sim.state.member_by_key.empty());
  EXPECT_TRUE(sim.state.members.at("S01").code_key.has_value());
  EXPECT_ACCEPTED(sim.apply_as(key, enrolled(sim, "S01", code, key)));
}

TEST(MemberEnrolled, CodeWorksOnlyOnce) {
  ConferenceSim sim;
  const std::string code = register_member(sim, "S01");
  Identity first = Identity::generate(), second = Identity::generate();
  ASSERT_ACCEPTED(sim.apply_as(first, enrolled(sim, "S01", code, first)));
  EXPECT_FALSE(sim.state.members.at("S01").code_key.has_value());
  EXPECT_REJECTED(sim, sim.apply_as(second, enrolled(sim, "S01", code, second)),
                  ErrorCode::kFailedPrecondition);
  EXPECT_EQ(sim.state.members.at("S01").key, first.public_key());
  EXPECT_EQ(sim.state.member_with_key(second.public_key()), nullptr);
}

TEST(MemberEnrolled, KeyAlreadyEnrolledForAnotherMember) {
  ConferenceSim sim;
  sim.add_members(1);
  const std::string code = register_member(sim, "S02");
  const Identity& k1 = sim.keys.at("S01");
  EXPECT_REJECTED(sim, sim.apply_as(k1, enrolled(sim, "S02", code, k1)), ErrorCode::kAlreadyExists);
  // Re-enrolling the same key for the same member is a duplicate too.
  const std::string again = register_member(sim, "S01");
  EXPECT_REJECTED(sim, sim.apply_as(k1, enrolled(sim, "S01", again, k1)),
                  ErrorCode::kAlreadyExists);
  EXPECT_FALSE(sim.state.members.at("S02").key.has_value());
  EXPECT_EQ(sim.state.member_with_key(k1.public_key())->id, "S01");
}

TEST(MemberEnrolled, BadBoxKeyRejected) {
  ConferenceSim sim;
  const std::string code = register_member(sim, "S01");
  Identity key = Identity::generate();
  for (const std::string& box :
       {std::string(), std::string(31, '\x07'), std::string(33, '\x07'), std::string(32, '\0')}) {
    SCOPED_TRACE("box key of " + std::to_string(box.size()) + " bytes");
    v1::EntryBody b = enrolled(sim, "S01", code, key);
    b.mutable_member_enrolled()->set_box_key(box);
    EXPECT_REJECTED(sim, sim.apply_as(key, b), ErrorCode::kInvalidArgument, "X25519");
  }
  EXPECT_FALSE(sim.state.members.at("S01").key.has_value());
  EXPECT_TRUE(sim.state.members.at("S01").code_key.has_value());
}

TEST(MemberEnrolled, LowOrderBoxKeyRejected) {
  // u = 1 is a point of small order on Curve25519: nothing can be sealed to
  // it (crypto_box_seal fails), so a trustee enrolled with it could never
  // receive a DKG share. DESIGN §3: received keys are validated.
  ConferenceSim sim;
  const client::NewMember m = added(sim, "S01");
  ASSERT_ACCEPTED(sim.organizer_does(m.body));
  Identity key = Identity::generate();
  std::string low(32, '\0');
  low[0] = 1;
  // The code signs the low-order key, so only the key check can refuse it.
  const Identity code_key = core::enrollment_code_identity(
      sim.state.origin, "S01", *core::normalize_enrollment_code(m.code));
  const Bytes msg =
      core::enrollment_message(sim.state.origin, "S01", key.public_key(), as_bytes(low));
  v1::EntryBody b;
  b.mutable_member_enrolled()->set_member_id("S01");
  b.mutable_member_enrolled()->set_code_signature(
      core::encode(code_key.sign(core::kEnrollDomain, msg)));
  b.mutable_member_enrolled()->set_box_key(low);
  const Status s = sim.apply_as(key, b);
  EXPECT_TRUE(Rejected(s, ErrorCode::kInvalidArgument));
  EXPECT_FALSE(sim.state.members.at("S01").key.has_value());
}

TEST(MemberEnrolled, RevokedKeyCannotBeEnrolledAgain) {
  ConferenceSim sim;
  sim.add_members(1);
  Identity old = rekey(sim, "S01");
  ASSERT_EQ(sim.state.members.at("S01").revoked.size(), 1u);
  EXPECT_EQ(sim.state.members.at("S01").revoked[0], old.public_key());
  // Back to the old key, for the same member or for another one.
  std::string code = register_member(sim, "S01");
  EXPECT_REJECTED(sim, sim.apply_as(old, enrolled(sim, "S01", code, old)),
                  ErrorCode::kAlreadyExists, "revoked");
  code = register_member(sim, "S02");
  EXPECT_REJECTED(sim, sim.apply_as(old, enrolled(sim, "S02", code, old)),
                  ErrorCode::kAlreadyExists, "revoked");
  EXPECT_EQ(sim.state.member_with_key(old.public_key()), nullptr);
  EXPECT_EQ(sim.state.members.at("S01").key, sim.keys.at("S01").public_key());
}

TEST(MemberEnrolled, ReKeyingRevokesTheOldKey) {
  ConferenceSim sim;
  sim.add_members(5);
  ASSERT_ACCEPTED(sim.create(agenda(kResolution)));
  sim.ceremony();
  Identity old = rekey(sim, "S04");
  EXPECT_EQ(sim.state.member_with_key(old.public_key()), nullptr);
  EXPECT_EQ(sim.state.member_with_key(sim.keys.at("S04").public_key())->id, "S04");

  // The old key can no longer check in ...
  EXPECT_REJECTED(sim, sim.apply_as(old, client::build_check_in(sim.conference, "S04")),
                  ErrorCode::kPermissionDenied);
  EXPECT_FALSE(sim.conf().checked_in.contains("S04"));
  sim.check_in(1, 4);  // the new key can
  ASSERT_ACCEPTED(open_item(sim, "r1"));
  // ... nor vote, even with a ballot whose proofs are bound to it.
  const client::BuiltBallot b = build(sim, "S04", "r1", {"approve"}, {}, {}, &old.public_key());
  EXPECT_REJECTED(sim, sim.apply_as(old, client::ballot_body(b)), ErrorCode::kPermissionDenied);
  EXPECT_TRUE(sim.item("r1").ballots.empty());
  EXPECT_ACCEPTED(sim.vote("S04", "r1", {"approve"}));
}

}  // namespace
}  // namespace conclave::testing
