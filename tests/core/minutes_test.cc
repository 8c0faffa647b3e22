// State machine: the signed minutes (biên bản), each rule broken.
#include "node/core/minutes.h"

#include <gtest/gtest.h>

#include "tests/core/negative_test_util.h"

namespace conclave::testing {
namespace {

constexpr char kTwoResolutions[] =
    "  - {id: r1, type: resolution, title: \"Nghị quyết 1\"}\n"
    "  - {id: r2, type: resolution, title: \"Nghị quyết 2\"}\n";

// Six members; roster S01..S05 (S06 is registered but not on it);
// S01..S04 checked in; r1 tallied (and r2 too when finish is true).
void hold(ConferenceSim& sim, bool finish, const std::string& extra = "") {
  ready(sim, 6,
        agenda(kTwoResolutions, "[S01, S02, S03, S04, S05]",
               "{threshold: 2, members: [S01, S02, S03]}", "2/3", extra));
  sim.check_in(1, 4);
  run_item(sim, "r1", 1, {{"approve"}, {"approve"}, {"approve"}, {"reject"}});
  if (finish) run_item(sim, "r2", 1, {{"reject"}, {"reject"}, {"approve"}, {"abstain"}});
}

v1::EntryBody minutes(ConferenceSim& sim, const std::string& role) {
  return client::build_minutes_signed(sim.state, sim.conf(), role);
}

TEST(MinutesSigned, BeforeEveryItemIsTallied) {
  ConferenceSim sim;
  hold(sim, false);
  EXPECT_REJECTED(sim, sim.organizer_does(minutes(sim, "organizer")),
                  ErrorCode::kFailedPrecondition, "every item");
  ASSERT_ACCEPTED(open_item(sim, "r2"));
  ASSERT_ACCEPTED(close_item(sim, "r2"));
  EXPECT_REJECTED(sim, sim.member_does("S02", minutes(sim, "secretary")),
                  ErrorCode::kFailedPrecondition, "every item");
  EXPECT_FALSE(sim.conf().signed_by_organizer);
  EXPECT_FALSE(sim.conf().signed_by_secretary);
  EXPECT_FALSE(sim.conf().minutes_hash.has_value());
}

TEST(MinutesSigned, DuringTheCeremonyOrForAnUnknownConference) {
  ConferenceSim sim;
  sim.add_members(4);
  ASSERT_ACCEPTED(sim.create(agenda(kResolution)));
  EXPECT_REJECTED(sim, sim.organizer_does(minutes(sim, "organizer")),
                  ErrorCode::kFailedPrecondition);
  v1::EntryBody b = minutes(sim, "organizer");
  b.mutable_minutes_signed()->set_conference_id("nope");
  EXPECT_REJECTED(sim, sim.organizer_does(b), ErrorCode::kNotFound);
}

TEST(MinutesSigned, WrongSummaryHash) {
  ConferenceSim sim;
  hold(sim, true);
  const std::string text = core::render_minutes_markdown(sim.state, sim.conf());
  const std::vector<std::string> wrong = {
      core::encode(sha256(as_bytes(text + "\n"))),
      core::encode(sha256(as_bytes("Biên bản khác"))),
      std::string(32, '\0'),
      std::string(),
      core::encode(sha256(as_bytes(text))).substr(1),
      core::encode(sha256(as_bytes(text))) + "x",
  };
  for (const std::string& h : wrong) {
    for (const std::string role : {"organizer", "secretary"}) {
      SCOPED_TRACE(role + " hash of " + std::to_string(h.size()) + " bytes");
      v1::EntryBody b = minutes(sim, role);
      b.mutable_minutes_signed()->set_summary_hash(h);
      EXPECT_REJECTED(sim, role == "organizer" ? sim.organizer_does(b) : sim.member_does("S02", b),
                      ErrorCode::kInvalidArgument, "minutes");
    }
  }
  EXPECT_FALSE(sim.conf().signed_by_organizer);
  EXPECT_FALSE(sim.conf().signed_by_secretary);
  EXPECT_ACCEPTED(sim.organizer_does(minutes(sim, "organizer")));
  EXPECT_EQ(sim.conf().minutes_hash, sha256(as_bytes(text)));
}

TEST(MinutesSigned, NonOrganizerSigningAsOrganizer) {
  ConferenceSim sim;
  hold(sim, true);
  EXPECT_REJECTED(sim, sim.member_does("S01", minutes(sim, "organizer")),
                  ErrorCode::kPermissionDenied);
  EXPECT_REJECTED(sim, sim.apply_as(sim.node, minutes(sim, "organizer")),
                  ErrorCode::kPermissionDenied);
  EXPECT_FALSE(sim.conf().signed_by_organizer);
}

TEST(MinutesSigned, UnknownRole) {
  ConferenceSim sim;
  hold(sim, true);
  for (const std::string role : {"chair", "", "Organizer", "secretary "}) {
    SCOPED_TRACE(role);
    EXPECT_REJECTED(sim, sim.organizer_does(minutes(sim, role)), ErrorCode::kInvalidArgument,
                    "role");
  }
}

TEST(MinutesSigned, SecretaryMustBeOnTheRoster) {
  ConferenceSim sim;
  hold(sim, true);
  // No secretary named: any roster member, but not an outsider or the organizer.
  EXPECT_REJECTED(sim, sim.member_does("S06", minutes(sim, "secretary")),
                  ErrorCode::kPermissionDenied, "roster");
  EXPECT_REJECTED(sim, sim.organizer_does(minutes(sim, "secretary")), ErrorCode::kPermissionDenied);
  EXPECT_FALSE(sim.conf().signed_by_secretary);
  EXPECT_ACCEPTED(sim.member_does("S05", minutes(sim, "secretary")));  // absent, but on roster
}

TEST(MinutesSigned, TheNamedSecretaryOnly) {
  ConferenceSim sim;
  hold(sim, true, "secretary: S02\n");
  ASSERT_EQ(sim.conf().spec.secretary(), "S02");
  for (const std::string other : {"S01", "S03", "S06"}) {
    EXPECT_REJECTED(sim, sim.member_does(other, minutes(sim, "secretary")),
                    ErrorCode::kPermissionDenied, "S02");
  }
  EXPECT_FALSE(sim.conf().signed_by_secretary);
  EXPECT_ACCEPTED(sim.member_does("S02", minutes(sim, "secretary")));
  EXPECT_TRUE(sim.conf().signed_by_secretary);
  EXPECT_EQ(sim.conf().status, core::ConferenceStatus::kReady);  // organizer still to sign
}

TEST(MinutesSigned, SigningTwice) {
  ConferenceSim sim;
  hold(sim, true);
  const v1::EntryBody org = minutes(sim, "organizer");
  ASSERT_ACCEPTED(sim.organizer_does(org));
  EXPECT_REJECTED(sim, sim.organizer_does(org), ErrorCode::kAlreadyExists);
  const v1::EntryBody sec = minutes(sim, "secretary");
  ASSERT_ACCEPTED(sim.member_does("S03", sec));
  EXPECT_EQ(sim.conf().status, core::ConferenceStatus::kPublished);
  EXPECT_REJECTED(sim, sim.member_does("S03", sec), ErrorCode::kAlreadyExists);
  EXPECT_REJECTED(sim, sim.member_does("S04", minutes(sim, "secretary")),
                  ErrorCode::kAlreadyExists);
  EXPECT_REJECTED(sim, sim.organizer_does(minutes(sim, "organizer")), ErrorCode::kAlreadyExists);
}

TEST(MinutesSigned, MinutesStateTheResults) {
  ConferenceSim sim;
  hold(sim, true);
  const std::string md = core::render_minutes_markdown(sim.state, sim.conf());
  EXPECT_NE(md.find("Tổng số người được triệu tập: 5"), std::string::npos) << md;
  EXPECT_NE(md.find("Số người có mặt (điểm danh có chữ ký số): 4 (80,0%)"), std::string::npos)
      << md;
  EXPECT_NE(md.find("| Tán thành | 3 | 75,0% |"), std::string::npos) << md;
  EXPECT_NE(md.find("| Không tán thành | 2 | 50,0% |"), std::string::npos) << md;
  EXPECT_NE(md.find("THÔNG QUA"), std::string::npos) << md;
  EXPECT_NE(md.find("KHÔNG THÔNG QUA"), std::string::npos) << md;
  // Rendering is deterministic.
  EXPECT_EQ(md, core::render_minutes_markdown(sim.state, sim.conf()));
}

TEST(MinutesSigned, BothSignaturesCoverTheSameText) {
  // minutes.h: "the organizer's and the secretary's signatures cover the
  // same bytes". Once the organizer has signed, nothing may change the text
  // before the secretary signs.
  ConferenceSim sim;
  hold(sim, true);
  const v1::EntryBody org = minutes(sim, "organizer");
  ASSERT_ACCEPTED(sim.organizer_does(org));
  // A late check-in after every result is out (the conference is not yet
  // published, so the state machine takes it) changes the attendance line.
  const Status late = sim.member_does("S05", client::build_check_in(sim.conference, "S05"));
  const v1::EntryBody sec = minutes(sim, "secretary");
  const bool same = sec.minutes_signed().summary_hash() == org.minutes_signed().summary_hash();
  // Either the late check-in is refused, or the secretary can only sign
  // what the organizer signed.
  const bool secretary_signed_other_text = late.ok() && !same && sim.member_does("S02", sec).ok();
  EXPECT_FALSE(late.ok());
  EXPECT_FALSE(secretary_signed_other_text);
}

TEST(MinutesSigned, PublishedMinutesStayTheSignedText) {
  // After publication, the minutes rendered from the log must still be the
  // text both signed.
  ConferenceSim sim;
  ready(sim, 4,
        agenda(std::string(kResolution) +
               "  - {id: c1, type: consultation, title: \"Góp ý\", window_seconds: 1, "
               "sections: [\"Điều 1\"]}\n"));
  sim.check_in(1, 4);
  run_item(sim, "r1", 1, {{"approve"}, {"approve"}, {"approve"}, {"reject"}});
  ASSERT_ACCEPTED(open_item(sim, "c1"));
  ASSERT_ACCEPTED(sim.vote("S01", "c1", {}, {{0, "disagree"}}, {"Đề nghị sửa"}));
  ASSERT_ACCEPTED(close_item_at(sim, "c1", window_end_ms(sim, "c1")));
  ASSERT_ACCEPTED(sim.tally("c1", {1, 2}));
  ASSERT_ACCEPTED(sim.organizer_does(minutes(sim, "organizer")));
  ASSERT_ACCEPTED(sim.member_does("S02", minutes(sim, "secretary")));
  ASSERT_EQ(sim.conf().status, core::ConferenceStatus::kPublished);
  const Hash32 signed_hash = *sim.conf().minutes_hash;
  EXPECT_REJECTED(sim, sim.member_does("S01", client::build_check_in(sim.conference, "S01")),
                  ErrorCode::kFailedPrecondition);
  const Hash32 leaf = sim.item("c1").ballots.at("S01").leaf_hash;
  const Status late = sim.organizer_does(
      client::build_comment_responses(sim.conference, "c1", {{leaf, 0, "accepted", "Đã sửa"}}));
  const bool stale =
      sha256(as_bytes(core::render_minutes_markdown(sim.state, sim.conf()))) != signed_hash;
  EXPECT_FALSE(late.ok());
  EXPECT_FALSE(stale);
}

}  // namespace
}  // namespace conclave::testing
