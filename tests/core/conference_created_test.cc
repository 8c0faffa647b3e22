// State machine: ConferenceCreated with each field of a parsed agenda
// tampered, and the agenda parser's own errors.
#include <gtest/gtest.h>

#include "tests/core/negative_test_util.h"

namespace conclave::testing {
namespace {

using Mutation = std::function<void(v1::ConferenceCreated&)>;

class ConferenceCreatedTest : public ::testing::Test {
 protected:
  ConferenceSim sim;
  v1::ConferenceCreated spec;  // the standard agenda, parsed

  void SetUp() override {
    sim.add_members(8);
    // X01 is registered but never enrolled.
    ASSERT_ACCEPTED(sim.organizer_does(
        client::build_member_added(sim.state.origin, "X01", "Chưa đăng ký khóa", "").body));
    Result<v1::ConferenceCreated> c =
        client::parse_agenda(standard_agenda(), sim.state, sim.conference);
    ASSERT_TRUE(c) << c.error().message();
    spec = *c;
  }

  Status submit(const v1::ConferenceCreated& c) { return submit_as(sim.organizer, c); }
  Status submit_as(const Identity& author, const v1::ConferenceCreated& c) {
    v1::EntryBody body;
    *body.mutable_conference_created() = c;
    return sim.apply_as(author, body);
  }

  // The standard agenda with f applied is rejected with code (and hint),
  // and no conference appears.
  void expect_rejected(const std::string& what, const Mutation& f, ErrorCode code,
                       std::string_view hint = {}) {
    SCOPED_TRACE(what);
    v1::ConferenceCreated c = spec;
    f(c);
    EXPECT_REJECTED(sim, submit(c), code, hint);
    EXPECT_TRUE(sim.state.conferences.empty());
  }

  v1::AgendaItem& item(v1::ConferenceCreated& c, const std::string& id) {
    for (v1::AgendaItem& i : *c.mutable_items()) {
      if (i.id() == id) return i;
    }
    throw std::runtime_error("no item " + id);
  }
};

TEST_F(ConferenceCreatedTest, StandardAgendaIsAccepted) {
  ASSERT_ACCEPTED(submit(spec));
  const core::Conference& c = sim.conf();
  EXPECT_EQ(c.roster.size(), 9u);  // roster: all, X01 included
  EXPECT_EQ(c.trustees.size(), 3u);
  EXPECT_EQ(c.threshold, 2u);
  EXPECT_EQ(c.items.size(), 4u);
  EXPECT_EQ(c.status, core::ConferenceStatus::kCeremony);
  EXPECT_EQ(c.created_index, sim.state.size - 1);
}

TEST_F(ConferenceCreatedTest, OnlyAnOrganizer) {
  EXPECT_REJECTED(sim, submit_as(sim.keys.at("S01"), spec), ErrorCode::kPermissionDenied);
  EXPECT_REJECTED(sim, submit_as(sim.node, spec), ErrorCode::kPermissionDenied);
  EXPECT_TRUE(sim.state.conferences.empty());
}

TEST_F(ConferenceCreatedTest, DuplicateConferenceId) {
  ASSERT_ACCEPTED(submit(spec));
  v1::ConferenceCreated again = spec;
  again.set_title("Một hội nghị khác");
  EXPECT_REJECTED(sim, submit(again), ErrorCode::kAlreadyExists);
  EXPECT_EQ(sim.conf().spec.title(), spec.title());
}

TEST_F(ConferenceCreatedTest, HeaderFields) {
  expect_rejected(
      "bad id", [](auto& c) { c.set_conference_id("hn 2027"); }, ErrorCode::kInvalidArgument,
      "conference id");
  expect_rejected(
      "empty id", [](auto& c) { c.set_conference_id(""); }, ErrorCode::kInvalidArgument,
      "conference id");
  expect_rejected(
      "empty title", [](auto& c) { c.set_title(""); }, ErrorCode::kInvalidArgument, "title");
  expect_rejected(
      "long title", [](auto& c) { c.set_title(std::string(501, 't')); },
      ErrorCode::kInvalidArgument, "title");
  expect_rejected(
      "bad kind", [](auto& c) { c.set_kind("union"); }, ErrorCode::kInvalidArgument, "kind");
  expect_rejected(
      "empty kind", [](auto& c) { c.set_kind(""); }, ErrorCode::kInvalidArgument, "kind");
  expect_rejected(
      "agenda text over 256 KiB",
      [](auto& c) { c.set_agenda_yaml(std::string(256 * 1024 + 1, '#')); },
      ErrorCode::kResourceExhausted, "agenda");
  expect_rejected(
      "unknown secretary", [](auto& c) { c.set_secretary("S99"); }, ErrorCode::kNotFound,
      "secretary");
}

TEST_F(ConferenceCreatedTest, Roster) {
  expect_rejected(
      "empty roster", [](auto& c) { c.clear_roster(); }, ErrorCode::kInvalidArgument, "roster");
  expect_rejected(
      "unknown member", [](auto& c) { c.add_roster("S99"); }, ErrorCode::kNotFound, "S99");
  expect_rejected(
      "member listed twice", [](auto& c) { c.add_roster("S03"); }, ErrorCode::kAlreadyExists,
      "S03");
}

TEST_F(ConferenceCreatedTest, Trustees) {
  expect_rejected(
      "no trustees", [](auto& c) { c.clear_trustees(); }, ErrorCode::kInvalidArgument, "trustees");
  expect_rejected(
      "unknown trustee", [](auto& c) { c.set_trustees(1, "S99"); }, ErrorCode::kNotFound, "S99");
  expect_rejected(
      "unenrolled trustee", [](auto& c) { c.set_trustees(1, "X01"); },
      ErrorCode::kFailedPrecondition, "X01");
  expect_rejected(
      "trustee listed twice", [](auto& c) { c.set_trustees(2, "S01"); }, ErrorCode::kAlreadyExists,
      "S01");
  expect_rejected(
      "threshold 0", [](auto& c) { c.set_threshold(0); }, ErrorCode::kInvalidArgument, "threshold");
  expect_rejected(
      "threshold > n", [](auto& c) { c.set_threshold(4); }, ErrorCode::kInvalidArgument,
      "threshold");
  expect_rejected(
      "65 trustees",
      [](auto& c) {
        c.clear_trustees();
        for (int i = 0; i < 65; ++i) c.add_trustees("S01");
        c.set_threshold(1);
      },
      ErrorCode::kInvalidArgument, "trustees");
  // The boundaries: t = n, and n = t = 1.
  v1::ConferenceCreated c = spec;
  c.set_threshold(3);
  EXPECT_ACCEPTED(submit(c));
  c = spec;
  c.set_conference_id("solo");
  c.clear_trustees();
  c.add_trustees("S08");
  c.set_threshold(1);
  EXPECT_ACCEPTED(submit(c));
}

TEST_F(ConferenceCreatedTest, Quorum) {
  auto quorum = [](uint64_t n, uint64_t d) {
    return [n, d](v1::ConferenceCreated& c) {
      c.mutable_quorum()->set_numerator(n);
      c.mutable_quorum()->set_denominator(d);
    };
  };
  expect_rejected("0/3", quorum(0, 3), ErrorCode::kInvalidArgument, "quorum");
  expect_rejected("4/3", quorum(4, 3), ErrorCode::kInvalidArgument, "quorum");
  expect_rejected("1/0", quorum(1, 0), ErrorCode::kInvalidArgument, "quorum");
  expect_rejected("0/0", quorum(0, 0), ErrorCode::kInvalidArgument, "quorum");
  expect_rejected("1/1001", quorum(1, 1001), ErrorCode::kInvalidArgument, "quorum");
  expect_rejected(
      "missing", [](auto& c) { c.clear_quorum(); }, ErrorCode::kInvalidArgument, "quorum");
  v1::ConferenceCreated c = spec;
  quorum(1000, 1000)(c);  // everyone: the boundary
  EXPECT_ACCEPTED(submit(c));
}

TEST_F(ConferenceCreatedTest, Items) {
  expect_rejected(
      "no items", [](auto& c) { c.clear_items(); }, ErrorCode::kInvalidArgument, "agenda");
  expect_rejected(
      "bad item id", [this](auto& c) { item(c, "r1").set_id("r 1"); }, ErrorCode::kInvalidArgument,
      "item id");
  expect_rejected(
      "empty item title", [this](auto& c) { item(c, "r1").set_title(""); },
      ErrorCode::kInvalidArgument, "title");
  expect_rejected(
      "unknown item type", [this](auto& c) { item(c, "r1").set_type("poll"); },
      ErrorCode::kInvalidArgument, "unknown item type");
  expect_rejected(
      "duplicate item id", [this](auto& c) { item(c, "a1").set_id("r1"); },
      ErrorCode::kAlreadyExists, "r1");
  expect_rejected(
      "101 items",
      [](auto& c) {
        for (int i = 0; i < 97; ++i) {
          v1::AgendaItem* it = c.add_items();
          *it = c.items(0);
          it->set_id("x" + std::to_string(i));
        }
      },
      ErrorCode::kInvalidArgument, "agenda");
}

TEST_F(ConferenceCreatedTest, ResolutionAndAgreementOptions) {
  for (const std::string id : {"r1", "a1"}) {
    SCOPED_TRACE(id);
    expect_rejected(
        "two options", [&](auto& c) { item(c, id).mutable_options()->RemoveLast(); },
        ErrorCode::kInvalidArgument, "options");
    expect_rejected(
        "extra option", [&](auto& c) { item(c, id).add_options("maybe"); },
        ErrorCode::kInvalidArgument, "options");
    expect_rejected(
        "reordered",
        [&](auto& c) {
          item(c, id).set_options(0, "reject");
          item(c, id).set_options(1, "approve");
        },
        ErrorCode::kInvalidArgument, "options");
    expect_rejected(
        "renamed", [&](auto& c) { item(c, id).set_options(2, "blank"); },
        ErrorCode::kInvalidArgument, "options");
    expect_rejected(
        "seats", [&](auto& c) { item(c, id).set_seats(1); }, ErrorCode::kInvalidArgument, "seats");
    expect_rejected(
        "days", [&](auto& c) { item(c, id).set_days(5); }, ErrorCode::kInvalidArgument,
        "consultation");
    expect_rejected(
        "window", [&](auto& c) { item(c, id).set_window_seconds(5); }, ErrorCode::kInvalidArgument,
        "consultation");
    expect_rejected(
        "sections", [&](auto& c) { item(c, id).add_sections("Điều 1"); },
        ErrorCode::kInvalidArgument, "consultation");
    expect_rejected(
        "rule option", [&](auto& c) { item(c, id).mutable_rule()->set_option("maybe"); },
        ErrorCode::kInvalidArgument, "pass rule");
    expect_rejected(
        "no rule", [&](auto& c) { item(c, id).clear_rule(); }, ErrorCode::kInvalidArgument,
        "pass rule");
  }
}

TEST_F(ConferenceCreatedTest, PassRules) {
  auto rule = [this](std::function<void(v1::PassRule&)> f) {
    return [this, f](v1::ConferenceCreated& c) { f(*item(c, "r1").mutable_rule()); };
  };
  expect_rejected("base", rule([](auto& r) { r.set_base("everyone"); }),
                  ErrorCode::kInvalidArgument, "base");
  expect_rejected("empty base", rule([](auto& r) { r.set_base(""); }), ErrorCode::kInvalidArgument,
                  "base");
  expect_rejected("0/2", rule([](auto& r) { r.mutable_fraction()->set_numerator(0); }),
                  ErrorCode::kInvalidArgument, "fraction");
  expect_rejected("3/2", rule([](auto& r) { r.mutable_fraction()->set_numerator(3); }),
                  ErrorCode::kInvalidArgument, "fraction");
  expect_rejected("1/0", rule([](auto& r) { r.mutable_fraction()->set_denominator(0); }),
                  ErrorCode::kInvalidArgument, "fraction");
  expect_rejected(
      "election rule base", [this](auto& c) { item(c, "e1").mutable_rule()->set_base("members"); },
      ErrorCode::kInvalidArgument, "base");
  expect_rejected(
      "election rule option",
      [this](auto& c) { item(c, "e1").mutable_rule()->set_option("approve"); },
      ErrorCode::kInvalidArgument, "every candidate");
  // Every base and the inclusive flag are fine.
  v1::ConferenceCreated c = spec;
  item(c, "r1").mutable_rule()->set_base("votes");
  item(c, "r1").mutable_rule()->set_inclusive(true);
  item(c, "e1").mutable_rule()->set_base("roster");
  EXPECT_ACCEPTED(submit(c));
}

TEST_F(ConferenceCreatedTest, Elections) {
  expect_rejected(
      "seats 0", [this](auto& c) { item(c, "e1").set_seats(0); }, ErrorCode::kInvalidArgument,
      "seats");
  expect_rejected(
      "seats > candidates", [this](auto& c) { item(c, "e1").set_seats(4); },
      ErrorCode::kInvalidArgument, "seats");
  expect_rejected(
      "unknown candidate", [this](auto& c) { item(c, "e1").set_options(1, "S99"); },
      ErrorCode::kNotFound, "S99");
  expect_rejected(
      "candidate twice", [this](auto& c) { item(c, "e1").set_options(1, "S04"); },
      ErrorCode::kAlreadyExists, "S04");
  expect_rejected(
      "no candidates", [this](auto& c) { item(c, "e1").clear_options(); },
      ErrorCode::kInvalidArgument, "candidates");
  expect_rejected(
      "window", [this](auto& c) { item(c, "e1").set_days(5); }, ErrorCode::kInvalidArgument,
      "consultation");
  // seats = candidates is the boundary.
  v1::ConferenceCreated c = spec;
  item(c, "e1").set_seats(3);
  EXPECT_ACCEPTED(submit(c));
}

TEST_F(ConferenceCreatedTest, Consultations) {
  expect_rejected(
      "no sections", [this](auto& c) { item(c, "c1").clear_sections(); },
      ErrorCode::kInvalidArgument, "sections");
  expect_rejected(
      "empty section", [this](auto& c) { item(c, "c1").set_sections(0, ""); },
      ErrorCode::kInvalidArgument, "section");
  expect_rejected(
      "days and seconds", [this](auto& c) { item(c, "c1").set_days(5); },
      ErrorCode::kInvalidArgument, "either");
  expect_rejected(
      "neither", [this](auto& c) { item(c, "c1").set_window_seconds(0); },
      ErrorCode::kInvalidArgument, "either");
  expect_rejected(
      "over a year",
      [this](auto& c) {
        item(c, "c1").set_window_seconds(0);
        item(c, "c1").set_days(367);
      },
      ErrorCode::kInvalidArgument, "year");
  expect_rejected(
      "options", [this](auto& c) { item(c, "c1").add_options("agree"); },
      ErrorCode::kInvalidArgument, "sections");
  expect_rejected(
      "seats", [this](auto& c) { item(c, "c1").set_seats(1); }, ErrorCode::kInvalidArgument,
      "sections");
  expect_rejected(
      "pass rule", [this](auto& c) { *item(c, "c1").mutable_rule() = item(c, "r1").rule(); },
      ErrorCode::kInvalidArgument, "pass rule");
}

// ------------------------------------------------------------ parse_agenda --

class ParseAgendaTest : public ::testing::Test {
 protected:
  ConferenceSim sim;
  void SetUp() override { sim.add_members(6); }
  Result<v1::ConferenceCreated> parse(const std::string& yaml) {
    return client::parse_agenda(yaml, sim.state, sim.conference);
  }
  void expect_error(const std::string& yaml, std::string_view hint) {
    Result<v1::ConferenceCreated> c = parse(yaml);
    ASSERT_FALSE(c) << "parsed:\n" << yaml;
    EXPECT_NE(c.error().message().find(hint), std::string::npos)
        << c.error().message() << " (expected to mention \"" << hint << "\")";
  }
};

TEST_F(ParseAgendaTest, WritesEveryDefaultOut) {
  Result<v1::ConferenceCreated> c = parse(R"(title: T
trustees: {members: [S01, S02, S03]}
items:
  - {id: r1, type: resolution, title: R}
  - {id: e1, type: election, title: E, candidates: [S04, S05]}
  - {id: a1, type: agreement, title: A}
  - {id: c1, type: consultation, title: C, sections: [x]}
)");
  ASSERT_TRUE(c) << c.error().message();
  EXPECT_EQ(c->kind(), "staff");
  EXPECT_EQ(c->roster_size(), 6);
  EXPECT_EQ(c->quorum().numerator(), 2u);
  EXPECT_EQ(c->quorum().denominator(), 3u);
  EXPECT_EQ(c->threshold(), 2u);
  const v1::PassRule& r = c->items(0).rule();
  EXPECT_EQ(r.option(), "approve");
  EXPECT_EQ(r.base(), "attendees");
  EXPECT_EQ(r.fraction().numerator(), 1u);
  EXPECT_EQ(r.fraction().denominator(), 2u);
  EXPECT_FALSE(r.inclusive());
  EXPECT_EQ(c->items(1).seats(), 1u);
  EXPECT_EQ(c->items(1).rule().option(), "");
  EXPECT_EQ(c->items(2).rule().base(), "roster");
  EXPECT_EQ(c->items(3).days(), 5u);
  EXPECT_FALSE(c->items(3).has_rule());
  // And the node accepts what the parser wrote.
  v1::EntryBody body;
  *body.mutable_conference_created() = *c;
  EXPECT_ACCEPTED(sim.organizer_does(body));
}

TEST_F(ParseAgendaTest, MalformedYaml) {
  expect_error("title: [unclosed\n", "agenda");
  expect_error("{title: T, items: [\n", "agenda");
  expect_error("title: T\n  - nested: wrong\n", "agenda");
  expect_error("- a\n- b\n", "map");
  expect_error("just text", "map");
  expect_error("", "map");
}

TEST_F(ParseAgendaTest, UnknownFields) {
  const std::string items = "  - {id: r1, type: resolution, title: R}\n";
  expect_error(
      agenda(items, "all", "{threshold: 2, members: [S01, S02, S03]}", "2/3", "colour: red\n"),
      "unknown field \"colour\"");
  expect_error(agenda("  - {id: r1, type: resolution, title: R, deadline: 3}\n"),
               "unknown field \"deadline\"");
  expect_error(
      agenda("  - {id: r1, type: resolution, title: R, rule: {fraction: \"1/2\", majority: 1}}\n"),
      "unknown field \"majority\"");
}

TEST_F(ParseAgendaTest, BadValues) {
  const std::string r1 = "  - {id: r1, type: resolution, title: R}\n";
  const std::string t3 = "{threshold: 2, members: [S01, S02, S03]}";
  expect_error("kind: staff\ntrustees: " + t3 + "\nitems:\n" + r1, "title");
  expect_error("title: T\nitems:\n" + r1, "trustees");
  expect_error("title: T\ntrustees: [S01]\nitems:\n" + r1, "trustees");
  expect_error("title: T\ntrustees: " + t3 + "\n", "items");
  expect_error(agenda(r1, "5"), "roster");
  expect_error(agenda(r1, "{S01: yes}"), "roster");
  for (const std::string q : {"two thirds", "2/3x", "2", "/3", "2/"}) {
    expect_error(agenda(r1, "all", t3, q), "quorum");
  }
  expect_error(agenda(r1, "all", "{threshold: many, members: [S01]}"), "agenda");
  expect_error(agenda("  - {type: resolution, title: R}\n"), "needs id, type and title");
  expect_error(agenda("  - {id: r1, type: poll, title: R}\n"), "unknown item type");
  expect_error(agenda("  - [r1, resolution]\n"), "must be a map");
  expect_error(agenda("  - {id: e1, type: election, title: E}\n"), "candidates");
  expect_error(agenda("  - {id: e1, type: election, title: E, candidates: S04}\n"), "candidates");
  expect_error(agenda("  - {id: e1, type: election, title: E, candidates: [S04], seats: two}\n"),
               "agenda");
  expect_error(agenda("  - {id: c1, type: consultation, title: C}\n"), "sections");
  expect_error(agenda("  - {id: c1, type: consultation, title: C, sections: [x], days: 5, "
                      "window_seconds: 1}\n"),
               "either days or window_seconds");
  expect_error(agenda("  - {id: r1, type: resolution, title: R, rule: majority}\n"),
               "rule must be a map");
  expect_error(agenda("  - {id: r1, type: resolution, title: R, rule: {fraction: half}}\n"),
               "fraction");
  expect_error(agenda("  - {id: r1, type: resolution, title: R, rule: {inclusive: maybe}}\n"),
               "agenda");
}

TEST_F(ParseAgendaTest, ParsedButInvalidAgendasAreRefusedByTheNode) {
  // The parser writes what it reads; the node judges it.
  const std::string t3 = "{threshold: 2, members: [S01, S02, S03]}";
  const struct {
    std::string yaml;
    ErrorCode code;
  } cases[] = {
      {agenda(kResolution, "[S01, S01]"), ErrorCode::kAlreadyExists},
      {agenda(kResolution, "[S01, S77]"), ErrorCode::kNotFound},
      {agenda(kResolution, "all", "{threshold: 4, members: [S01, S02, S03]}"),
       ErrorCode::kInvalidArgument},
      {agenda(kResolution, "all", "{threshold: 1, members: [S01, S01]}"),
       ErrorCode::kAlreadyExists},
      {agenda(kResolution, "all", t3, "0/3"), ErrorCode::kInvalidArgument},
      {agenda(kResolution, "all", t3, "3/2"), ErrorCode::kInvalidArgument},
      {agenda("  - {id: c1, type: consultation, title: C, sections: [x], days: 0}\n"),
       ErrorCode::kInvalidArgument},
      {agenda("  - {id: e1, type: election, title: E, candidates: [S04], seats: 0}\n"),
       ErrorCode::kInvalidArgument},
      {agenda("  - {id: r1, type: resolution, title: R, rule: {base: everyone}}\n"),
       ErrorCode::kInvalidArgument},
      {agenda("  - {id: r1, type: resolution, title: R, rule: {option: yes}}\n"),
       ErrorCode::kInvalidArgument},
      {agenda(kResolution + std::string("  - {id: r1, type: agreement, title: A}\n")),
       ErrorCode::kAlreadyExists},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.yaml);
    Result<v1::ConferenceCreated> spec = parse(c.yaml);
    ASSERT_TRUE(spec) << spec.error().message();
    v1::EntryBody body;
    *body.mutable_conference_created() = *spec;
    EXPECT_REJECTED(sim, sim.organizer_does(body), c.code);
  }
  EXPECT_TRUE(sim.state.conferences.empty());
}

TEST_F(ParseAgendaTest, RejectsFieldsThatDoNotApplyToTheItemType) {
  // A hand-written agenda with a field that means nothing for its item type
  // (seats on a resolution, a window on an election, a pass rule on a
  // consultation) is almost certainly a mistake; it must not be dropped
  // silently.
  const std::string yamls[] = {
      agenda("  - {id: r1, type: resolution, title: R, seats: 2}\n"),
      agenda("  - {id: r1, type: resolution, title: R, candidates: [S04]}\n"),
      agenda("  - {id: r1, type: resolution, title: R, days: 7}\n"),
      agenda("  - {id: e1, type: election, title: E, candidates: [S04], window_seconds: 60}\n"),
      agenda("  - {id: e1, type: election, title: E, candidates: [S04], sections: [x]}\n"),
      agenda("  - {id: c1, type: consultation, title: C, sections: [x], rule: {base: roster}}\n"),
      agenda("  - {id: c1, type: consultation, title: C, sections: [x], seats: 3}\n"),
  };
  bool all_refused = true;
  for (const std::string& y : yamls) all_refused &= !parse(y).ok();
  EXPECT_TRUE(all_refused);
}

}  // namespace
}  // namespace conclave::testing
