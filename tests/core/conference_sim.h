// An in-memory conference driven through the state machine with the
// client's builders: the fixture behind the state-machine tests.
#pragma once

#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <string>

#include "client/conference_builders.h"
#include "node/core/apply.h"
#include "tests/core/entry_builders.h"

namespace conclave::testing {

class ConferenceSim {
 public:
  Identity node = Identity::generate();
  Identity organizer = Identity::generate();
  core::State state;
  std::map<std::string, Identity> keys;  // member id → enrolled key
  std::map<uint32_t, Polynomial> polys;  // trustee index → polynomial
  std::string conference = "hn2027";
  std::vector<Bytes> log;  // every accepted entry, in order

  ConferenceSim() {
    state.origin = kOrigin;
    EXPECT_TRUE(apply_as(node, genesis_body(node, {&organizer})));
  }

  // Signs body (origin and time stamped) and applies it.
  Status apply_as(const Identity& author, v1::EntryBody body) {
    v1::EntryBody b = body_for();
    b.MergeFrom(body);
    b.set_origin(state.origin);
    Result<core::ParsedEntry> e = core::parse_entry(core::sign_entry(author, b));
    if (!e) return e.error();
    Status s = core::apply(state, *e);
    if (s) log.push_back(e->leaf);
    return s;
  }
  Status organizer_does(v1::EntryBody body) { return apply_as(organizer, std::move(body)); }
  Status member_does(const std::string& id, v1::EntryBody body) {
    return apply_as(keys.at(id), std::move(body));
  }

  static std::string member(int i) {
    char id[16];
    std::snprintf(id, sizeof id, "S%02d", i % 1000);
    return id;
  }

  // Registers and enrolls members S01..Snn.
  void add_members(int n, int first = 1) {
    for (int i = first; i < first + n; ++i) {
      const std::string id = member(i);
      client::NewMember m = client::build_member_added(state.origin, id, "Nhân viên " + id, "");
      ASSERT_TRUE(organizer_does(m.body));
      Identity key = Identity::generate();
      Result<v1::EntryBody> enroll = client::build_member_enrolled(state.origin, id, m.code, key);
      ASSERT_TRUE(enroll);
      Status s = apply_as(key, *enroll);
      ASSERT_TRUE(s) << s.error().message();
      keys.emplace(id, std::move(key));
    }
  }

  core::Conference& conf() { return *state.conference(conference); }
  core::Item& item(const std::string& id) { return *conf().item(id); }

  Status create(const std::string& yaml) {
    Result<v1::ConferenceCreated> c = client::parse_agenda(yaml, state, conference);
    if (!c) return c.error();
    v1::EntryBody body;
    *body.mutable_conference_created() = *c;
    return organizer_does(body);
  }

  // Every trustee commits and deals; then the ceremony closes.
  void ceremony() {
    const auto& trustees = conf().trustees;
    for (uint32_t i = 1; i <= trustees.size(); ++i) {
      polys.emplace(i, Polynomial::random(conf().threshold));
      const std::string& id = conf().trustees[i - 1].member_id;
      ASSERT_TRUE(member_does(id, client::build_dkg_commitment(conf(), i, polys.at(i))));
      ASSERT_TRUE(member_does(id, client::build_dkg_shares(conf(), i, polys.at(i))));
    }
    Result<v1::EntryBody> done = client::build_key_ceremony_done(state, conf());
    ASSERT_TRUE(done) << done.error().message();
    Status s = organizer_does(*done);
    ASSERT_TRUE(s) << s.error().message();
  }

  void check_in(int from, int to) {
    for (int i = from; i <= to; ++i) {
      const std::string id = member(i);
      Status s = member_does(id, client::build_check_in(conference, id));
      ASSERT_TRUE(s) << s.error().message();
    }
  }

  Status vote(const std::string& member, const std::string& item_id,
              const std::vector<std::string>& picks,
              const std::map<uint32_t, std::string>& answers = {},
              const std::vector<std::string>& comments = {}) {
    auto choices = client::choices_for(item(item_id), picks, answers);
    if (!choices) return choices.error();
    auto b = client::build_ballot(conf(), item(item_id), member, keys.at(member).public_key(),
                                  *choices, comments);
    if (!b) return b.error();
    return member_does(member, client::ballot_body(*b));
  }

  // Decrypts with the given trustees and publishes the result.
  Status tally(const std::string& item_id, const std::vector<uint32_t>& trustees) {
    for (uint32_t j : trustees) {
      const std::string& id = conf().trustees[j - 1].member_id;
      Result<Scalar> share = client::trustee_secret_share(conf(), j, keys.at(id));
      if (!share) return share.error();
      Result<v1::EntryBody> body = client::build_decryption_share(conf(), item(item_id), j, *share,
                                                                  keys.at(id).public_key());
      if (!body) return body.error();
      if (Status s = member_does(id, *body); !s) return s;
    }
    Result<v1::EntryBody> result = client::build_item_result(conf(), item(item_id));
    if (!result) return result.error();
    return organizer_does(*result);
  }

  std::vector<uint64_t> counts(const std::string& item_id) {
    const auto& r = item(item_id).result;
    if (!r) return {};
    return {r->counts().begin(), r->counts().end()};
  }
};

// A standard agenda over members S01..Snn with trustees S01..S03 (t = 2).
inline std::string standard_agenda(const std::string& extra_items = "") {
  return R"(title: "Hội nghị cán bộ, công chức, viên chức năm 2027"
kind: staff
roster: all
quorum: "2/3"
trustees: {threshold: 2, members: [S01, S02, S03]}
items:
  - {id: r1, type: resolution, title: "Thông qua Nghị quyết hội nghị"}
  - {id: e1, type: election, title: "Bầu Ban Thanh tra nhân dân", seats: 2, candidates: [S04, S05, S06]}
  - {id: a1, type: agreement, title: "Thỏa ước lao động tập thể"}
  - {id: c1, type: consultation, title: "Góp ý Quy chế chi tiêu nội bộ", window_seconds: 1, sections: ["Điều 1", "Điều 2"]}
)" + extra_items;
}

}  // namespace conclave::testing
