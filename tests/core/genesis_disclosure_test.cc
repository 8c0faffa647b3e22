// State machine: unit genesis and disclosure, each field tampered.
#include <gtest/gtest.h>

#include "tests/core/entry_builders.h"

namespace conclave::core {
namespace {

using namespace conclave::testing;

struct Unit {
  Identity node = Identity::generate();
  Identity organizer = Identity::generate();
  Identity staff = Identity::generate();
  State state;
  Unit() {
    state.origin = kOrigin;
    Status s = apply(state, parsed(node, genesis_body(node, {&organizer})));
    EXPECT_TRUE(s) << s.error().message();
  }
};

TEST(Genesis, FixesNodeKeyAndOrganizers) {
  Unit u;
  EXPECT_TRUE(u.state.has_genesis);
  EXPECT_EQ(u.state.size, 1u);
  EXPECT_EQ(u.state.node_key, u.node.public_key());
  EXPECT_TRUE(u.state.is_organizer(u.organizer.public_key()));
  EXPECT_FALSE(u.state.is_organizer(u.staff.public_key()));
  EXPECT_EQ(u.state.unit_name, "Sở Tư pháp");
}

TEST(Genesis, RejectsBadGenesis) {
  Identity node = Identity::generate(), org = Identity::generate();
  auto fresh = [] {
    State s;
    s.origin = kOrigin;
    return s;
  };
  State s = fresh();
  // Signed by someone other than the node key it names.
  EXPECT_EQ(apply(s, parsed(org, genesis_body(node, {&org}))).error().code(),
            ErrorCode::kPermissionDenied);
  v1::EntryBody b = genesis_body(node, {&org});
  b.set_origin("example.org/other");
  EXPECT_FALSE(apply(s, parsed(node, b)));
  b = genesis_body(node, {});
  EXPECT_FALSE(apply(s, parsed(node, b)));  // no organizer
  b = genesis_body(node, {&org, &org});
  EXPECT_EQ(apply(s, parsed(node, b)).error().code(), ErrorCode::kAlreadyExists);
  b = genesis_body(node, {&org});
  b.mutable_genesis()->set_unit_name("");
  EXPECT_FALSE(apply(s, parsed(node, b)));
  b = genesis_body(node, {&org});
  b.mutable_genesis()->set_unit_name("bad\xff utf8");  // protobuf refuses to parse it
  EXPECT_FALSE(parse_entry(sign_entry(node, b)));
  b = genesis_body(node, {&org});
  b.mutable_genesis()->mutable_organizers(0)->set_key(std::string(32, '\0'));
  EXPECT_FALSE(apply(s, parsed(node, b)));
  b = genesis_body(node, {&org});
  b.mutable_genesis()->set_node_key("short");
  EXPECT_FALSE(apply(s, parsed(node, b)));
  EXPECT_EQ(s.size, 0u);  // nothing was applied
  // A disclosure cannot come first.
  EXPECT_EQ(apply(s, parsed(org, disclosure_body("x"))).error().code(),
            ErrorCode::kFailedPrecondition);
}

TEST(Genesis, OnlyOnce) {
  Unit u;
  EXPECT_EQ(apply(u.state, parsed(u.node, genesis_body(u.node, {&u.organizer}))).error().code(),
            ErrorCode::kFailedPrecondition);
}

TEST(Disclosure, OrganizerPublishes) {
  Unit u;
  ASSERT_TRUE(apply(u.state, parsed(u.organizer, disclosure_body("Điều 1. ..."))));
  ASSERT_EQ(u.state.disclosures.size(), 1u);
  EXPECT_EQ(u.state.disclosures[0].index, 1u);
  EXPECT_EQ(u.state.disclosures[0].title, "Quy chế chi tiêu nội bộ");
  EXPECT_EQ(u.state.size, 2u);
}

TEST(Disclosure, TamperedFieldsRejected) {
  Unit u;
  EXPECT_EQ(apply(u.state, parsed(u.staff, disclosure_body("x"))).error().code(),
            ErrorCode::kPermissionDenied);
  v1::EntryBody b = disclosure_body("abc");
  b.mutable_disclosure()->set_title("");
  EXPECT_FALSE(apply(u.state, parsed(u.organizer, b)));
  b = disclosure_body("abc");
  b.mutable_disclosure()->set_title(std::string(501, 'a'));
  EXPECT_FALSE(apply(u.state, parsed(u.organizer, b)));
  b = disclosure_body("abc");
  b.mutable_disclosure()->set_sha256("short");
  EXPECT_FALSE(apply(u.state, parsed(u.organizer, b)));
  b = disclosure_body("abc");
  b.mutable_disclosure()->set_size(4);
  EXPECT_FALSE(apply(u.state, parsed(u.organizer, b)));
  b = disclosure_body("abc");
  b.mutable_disclosure()->set_inline_body("abd");
  EXPECT_FALSE(apply(u.state, parsed(u.organizer, b)));
  b = disclosure_body("abc");
  b.mutable_disclosure()->set_filename("a\nb");
  EXPECT_FALSE(apply(u.state, parsed(u.organizer, b)));
  b = disclosure_body(std::string(70000, 'x'));
  EXPECT_EQ(apply(u.state, parsed(u.organizer, b)).error().code(), ErrorCode::kResourceExhausted);
  b = disclosure_body("abc");
  b.set_origin("example.org/elsewhere");
  EXPECT_FALSE(apply(u.state, parsed(u.organizer, b)));
  EXPECT_EQ(u.state.size, 1u);
  EXPECT_TRUE(u.state.disclosures.empty());
}

TEST(Entry, ParseRejectsForgeriesAndNonCanonical) {
  Identity a = Identity::generate(), b = Identity::generate();
  v1::SignedEntry e = sign_entry(a, disclosure_body("x"));
  EXPECT_TRUE(parse_entry(e));
  v1::SignedEntry bad = e;
  bad.set_author(std::string(reinterpret_cast<const char*>(b.public_key().data()), 32));
  EXPECT_FALSE(parse_entry(bad));  // signature is a's
  bad = e;
  bad.mutable_signature()->at(0) ^= 1;
  EXPECT_FALSE(parse_entry(bad));
  bad = e;
  bad.mutable_body()->push_back('\0');  // trailing garbage changes the body
  EXPECT_FALSE(parse_entry(bad));
  bad = e;
  bad.set_author("short");
  EXPECT_FALSE(parse_entry(bad));
  // Unknown field 99 appended to the body, re-signed: not canonical.
  std::string body = e.body();
  body += std::string("\x9a\x06\x01z", 4);
  v1::SignedEntry unknown;
  Signature sig = a.sign(kEntrySignatureDomain, as_bytes(body));
  unknown.set_body(body);
  unknown.set_author(std::string(reinterpret_cast<const char*>(a.public_key().data()), 32));
  unknown.set_signature(std::string(reinterpret_cast<const char*>(sig.data()), 64));
  EXPECT_FALSE(parse_entry(unknown));
  // Arbitrary bytes never crash the parser.
  for (int i = 0; i < 200; ++i) {
    Bytes junk(static_cast<size_t>(i * 7 % 300));
    for (size_t k = 0; k < junk.size(); ++k) junk[k] = static_cast<uint8_t>(k * 31 + i);
    (void)parse_entry(junk).ok();
  }
  EXPECT_FALSE(parse_entry(Bytes(kMaxEntryBytes + 1, 0)));
}

}  // namespace
}  // namespace conclave::core
