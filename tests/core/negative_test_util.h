// Helpers for the negative state-machine tests: typed-rejection checks that
// also verify the state did not grow, and short ways to drive a
// ConferenceSim to the point a test needs.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "node/core/codec.h"
#include "node/core/conference_rules.h"
#include "tests/core/conference_sim.h"

namespace conclave::testing {

inline std::string member_id(int i) {
  const std::string n = std::to_string(i);
  return (n.size() < 2 ? "S0" : "S") + n;
}

inline const char* code_name(ErrorCode c) {
  switch (c) {
    case ErrorCode::kInvalidArgument:
      return "kInvalidArgument";
    case ErrorCode::kPermissionDenied:
      return "kPermissionDenied";
    case ErrorCode::kFailedPrecondition:
      return "kFailedPrecondition";
    case ErrorCode::kAlreadyExists:
      return "kAlreadyExists";
    case ErrorCode::kNotFound:
      return "kNotFound";
    case ErrorCode::kOutOfRange:
      return "kOutOfRange";
    case ErrorCode::kResourceExhausted:
      return "kResourceExhausted";
    case ErrorCode::kUnavailable:
      return "kUnavailable";
    case ErrorCode::kInternal:
      return "kInternal";
  }
  return "?";
}

// Success iff s is a rejection with code want (and, when given, a message
// containing hint: pins the reason, not just the category).
inline ::testing::AssertionResult Rejected(const Status& s, ErrorCode want,
                                           std::string_view hint = {}) {
  if (s.ok()) return ::testing::AssertionFailure() << "accepted, expected " << code_name(want);
  if (s.error().code() != want) {
    return ::testing::AssertionFailure()
           << "rejected with " << code_name(s.error().code()) << " (\"" << s.error().message()
           << "\"), expected " << code_name(want);
  }
  if (!hint.empty() && s.error().message().find(hint) == std::string::npos) {
    return ::testing::AssertionFailure()
           << "rejected with " << code_name(want) << " but \"" << s.error().message()
           << "\" does not mention \"" << hint << "\"";
  }
  return ::testing::AssertionSuccess();
}

inline ::testing::AssertionResult Accepted(const Status& s) {
  if (s.ok()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "rejected with " << code_name(s.error().code()) << ": " << s.error().message();
}

// expr must be rejected with code (optionally mentioning a hint) and the
// log must not grow. Extra arguments are the hint.
#define EXPECT_REJECTED(sim, expr, ...)                                                 \
  do {                                                                                  \
    const uint64_t size_before_ = (sim).state.size;                                     \
    EXPECT_TRUE(::conclave::testing::Rejected((expr), __VA_ARGS__)) << "  for: " #expr; \
    EXPECT_EQ((sim).state.size, size_before_) << "  the state grew for: " #expr;        \
  } while (0)

#define EXPECT_ACCEPTED(expr) EXPECT_TRUE(::conclave::testing::Accepted(expr)) << "  for: " #expr
#define ASSERT_ACCEPTED(expr) ASSERT_TRUE(::conclave::testing::Accepted(expr)) << "  for: " #expr

// An agenda over the registered members (or roster) with trustees S01..S03.
inline std::string agenda(const std::string& items, const std::string& roster = "all",
                          const std::string& trustees = "{threshold: 2, members: [S01, S02, S03]}",
                          const std::string& quorum = "2/3", const std::string& extra = "") {
  return "title: \"Hội nghị người lao động\"\nkind: workers\nroster: " + roster + "\nquorum: \"" +
         quorum + "\"\ntrustees: " + trustees + "\n" + extra + "items:\n" + items;
}

inline constexpr char kResolution[] = "  - {id: r1, type: resolution, title: \"Nghị quyết\"}\n";

// Registers n members, creates the conference and runs the key ceremony.
inline void ready(ConferenceSim& sim, int members, const std::string& yaml) {
  sim.add_members(members);
  ASSERT_ACCEPTED(sim.create(yaml));
  sim.ceremony();
}

inline Status open_item(ConferenceSim& sim, const std::string& item) {
  return sim.organizer_does(client::build_item_opened(sim.conference, item));
}
inline Status close_item(ConferenceSim& sim, const std::string& item) {
  return sim.organizer_does(client::build_item_closed(sim.conference, item));
}
// Closes an item with the given entry time (the author's clock): lets a test
// close a consultation at the end of its window without sleeping.
inline Status close_item_at(ConferenceSim& sim, const std::string& item, int64_t time_ms) {
  v1::EntryBody b = client::build_item_closed(sim.conference, item);
  b.set_time_unix_ms(time_ms);
  return sim.organizer_does(b);
}
inline int64_t window_end_ms(ConferenceSim& sim, const std::string& item) {
  const core::Item& i = sim.item(item);
  const int64_t w = i.spec.window_seconds() > 0
                        ? static_cast<int64_t>(i.spec.window_seconds()) * 1000
                        : static_cast<int64_t>(i.spec.days()) * 86400000;
  return i.opened_ms + w;
}

// Builds (does not submit) a ballot of member for item, with its proofs
// bound to voter_key (the member's own key unless given).
inline client::BuiltBallot build(ConferenceSim& sim, const std::string& member,
                                 const std::string& item, const std::vector<std::string>& picks,
                                 const std::map<uint32_t, std::string>& answers = {},
                                 const std::vector<std::string>& comments = {},
                                 const PublicKey* voter_key = nullptr) {
  auto choices = client::choices_for(sim.item(item), picks, answers);
  if (!choices) throw std::runtime_error(choices.error().message());
  auto b = client::build_ballot(sim.conf(), sim.item(item), member,
                                voter_key ? *voter_key : sim.keys.at(member).public_key(), *choices,
                                comments);
  if (!b) throw std::runtime_error(b.error().message());
  return std::move(*b);
}

inline v1::EntryBody with_ballot(const v1::Ballot& ballot) {
  v1::EntryBody body;
  *body.mutable_ballot() = ballot;
  return body;
}

// Applies body signed by author with the given proof-check option.
inline Status apply_with(ConferenceSim& sim, const Identity& author, const v1::EntryBody& body,
                         const core::ApplyOptions& options) {
  v1::EntryBody b = body_for();
  b.MergeFrom(body);
  b.set_origin(sim.state.origin);
  Result<core::ParsedEntry> e = core::parse_entry(core::sign_entry(author, b));
  if (!e) return e.error();
  return core::apply(sim.state, *e, options);
}

// Every member in [from, to] votes picks[i - from] on item; then the item
// is closed and tallied with the given trustees.
inline void vote_all(ConferenceSim& sim, const std::string& item, int from,
                     const std::vector<std::vector<std::string>>& picks) {
  for (size_t i = 0; i < picks.size(); ++i) {
    const std::string id = member_id(from + static_cast<int>(i));
    ASSERT_ACCEPTED(sim.vote(id, item, picks[i])) << " voter " << id;
  }
}

inline void run_item(ConferenceSim& sim, const std::string& item, int from,
                     const std::vector<std::vector<std::string>>& picks,
                     const std::vector<uint32_t>& trustees = {1, 2}) {
  ASSERT_ACCEPTED(open_item(sim, item));
  vote_all(sim, item, from, picks);
  ASSERT_ACCEPTED(close_item(sim, item));
  ASSERT_ACCEPTED(sim.tally(item, trustees));
}

inline std::vector<std::string> elected(ConferenceSim& sim, const std::string& item) {
  const auto& r = sim.item(item).result;
  if (!r) return {};
  return {r->elected().begin(), r->elected().end()};
}

// A different valid point / canonical scalar of the same encoding length.
inline std::string bumped_point(const std::string& bytes) {
  Result<Point> p = Point::decode(as_bytes(bytes), true);
  if (!p) throw std::runtime_error("not a point");
  return core::encode(*p + Point::generator());
}
inline std::string bumped_scalar(const std::string& bytes) {
  Result<Scalar> s = Scalar::decode(as_bytes(bytes));
  if (!s) throw std::runtime_error("not a scalar");
  return core::encode(*s + Scalar::from_u64(1));
}
// 32 bytes that do not encode a canonical scalar (> ℓ).
inline std::string non_canonical_scalar() {
  return std::string(32, '\xff');
}

}  // namespace conclave::testing
