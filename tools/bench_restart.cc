// How long a node takes to open its log: with the state snapshot it saved
// at its last clean stop, and rebuilding the state from every entry.
//
// Builds a unit's log in process through the real Ledger: members added and
// enrolled, one conference with its key ceremony, everyone checked in, and
// resolutions on which every member votes, each closed, decrypted and
// tallied; then stops the ledger and times Ledger::open both ways.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <thread>

#include "client/conference_builders.h"
#include "client/submit.h"
#include "node/core/snapshot.h"
#include "node/server/ledger.h"

namespace conclave {
namespace {

using Clock = std::chrono::steady_clock;
constexpr const char* kOrigin = "bench.conclave.example/restart";

struct Options {
  int members = 500;
  int items = 4;
  int opens = 3;
  std::string dir;
};

[[noreturn]] void die(const std::string& what) {
  std::cerr << "bench_restart: " << what << "\n";
  std::exit(1);
}

template <class T>
T must(Result<T> r, const std::string& what) {
  if (!r) die(what + ": " + r.error().message());
  return std::move(*r);
}

v1::SignedEntry signed_entry(const Identity& author, v1::EntryBody body) {
  return client::sign_body(kOrigin, author, std::move(body));
}

void submit(Ledger& l, const Identity& author, const v1::EntryBody& body, const std::string& what) {
  must(l.submit(signed_entry(author, body)), what);
}

std::string member_id(int i) {
  char id[16];
  std::snprintf(id, sizeof id, "M%04d", i);
  return id;
}

// Builds ballots on every core: they are pure functions of the state.
std::vector<v1::SignedEntry> build_ballots(const core::State& s, const std::string& item_id,
                                           const std::vector<Identity>& keys) {
  const core::Conference& c = s.conferences.begin()->second;
  const core::Item& item = *c.item(item_id);
  std::vector<v1::SignedEntry> out(keys.size());
  const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      const char* picks[] = {"approve", "reject", "abstain"};
      for (size_t i = t; i < keys.size(); i += threads) {
        auto choices = must(client::choices_for(item, {picks[i % 3]}, {}), "choices");
        auto b = must(client::build_ballot(c, item, member_id(static_cast<int>(i + 1)),
                                           keys[i].public_key(), choices, {}),
                      "ballot");
        out[i] = signed_entry(keys[i], client::ballot_body(b));
      }
    });
  }
  for (auto& t : pool) t.join();
  return out;
}

void build_log(const std::filesystem::path& dir, const Identity& node, const Options& opt) {
  auto ledger = must(Ledger::open(dir, node, {.origin = kOrigin}), "open");
  Ledger& l = *ledger;
  Identity organizer = Identity::generate();
  v1::EntryBody g;
  g.mutable_genesis()->set_unit_name("Đơn vị đo thời gian khởi động");
  g.mutable_genesis()->set_node_key(node.public_key().data(), 32);
  v1::Person* p = g.mutable_genesis()->add_organizers();
  p->set_key(organizer.public_key().data(), 32);
  p->set_name("Ban tổ chức");
  submit(l, node, g, "genesis");

  std::vector<Identity> keys;
  for (int i = 1; i <= opt.members; ++i) {
    const std::string id = member_id(i);
    client::NewMember m = client::build_member_added(kOrigin, id, "Thành viên " + id, "");
    submit(l, organizer, m.body, "member");
    keys.push_back(Identity::generate());
    submit(l, keys.back(),
           must(client::build_member_enrolled(kOrigin, id, m.code, keys.back()), "enroll"),
           "enroll");
  }
  std::string yaml =
      "title: \"Hội nghị đo thời gian\"\nkind: staff\nroster: all\nquorum: \"1/2\"\n"
      "trustees: {threshold: 2, members: [M0001, M0002, M0003]}\nitems:\n";
  for (int k = 1; k <= opt.items; ++k) {
    yaml += "  - {id: r" + std::to_string(k) + ", type: resolution, title: \"Nghị quyết " +
            std::to_string(k) + "\"}\n";
  }
  v1::EntryBody created;
  *created.mutable_conference_created() =
      must(client::parse_agenda(yaml, l.state(), "hn"), "agenda");
  submit(l, organizer, created, "conference");
  for (uint32_t i = 1; i <= 3; ++i) {
    const core::Conference c = *l.state().conference("hn");
    const Polynomial poly = client::trustee_polynomial(c, keys[i - 1]);
    submit(l, keys[i - 1], client::build_dkg_commitment(c, i, poly), "commitment");
    submit(l, keys[i - 1], client::build_dkg_shares(c, i, poly), "shares");
  }
  {
    const core::State s = l.state();
    submit(l, organizer, must(client::build_key_ceremony_done(s, *s.conference("hn")), "done"),
           "ceremony");
  }
  for (int i = 1; i <= opt.members; ++i) {
    submit(l, keys[i - 1], client::build_check_in("hn", member_id(i)), "check-in");
  }
  for (int k = 1; k <= opt.items; ++k) {
    const std::string item = "r" + std::to_string(k);
    submit(l, organizer, client::build_item_opened("hn", item), "open");
    for (const v1::SignedEntry& b : build_ballots(l.state(), item, keys)) {
      must(l.submit(b), "ballot");
    }
    submit(l, organizer, client::build_item_closed("hn", item), "close");
    for (uint32_t j : {1u, 3u}) {
      const core::State s = l.state();
      const core::Conference& c = *s.conference("hn");
      const Scalar share = must(client::trustee_secret_share(c, j, keys[j - 1]), "share");
      submit(
          l, keys[j - 1],
          must(client::build_decryption_share(c, *c.item(item), j, share, keys[j - 1].public_key()),
               "decryption share"),
          "decryption share");
    }
    const core::State s = l.state();
    const core::Conference& c = *s.conference("hn");
    submit(l, organizer, must(client::build_item_result(c, *c.item(item)), "result"), "result");
  }
  std::printf("log built: %llu entries (%d members, %d items with %d ballots each)\n",
              static_cast<unsigned long long>(l.size()), opt.members, opt.items, opt.members);
}

// Opens the log `opens` times; returns the fastest open in seconds.
double time_open(const std::filesystem::path& dir, const Identity& node, bool use_snapshot,
                 int opens, std::string* state_bytes, uint64_t* restored) {
  double best = 1e9;
  for (int k = 0; k < opens; ++k) {
    const Clock::time_point t0 = Clock::now();
    auto l = must(
        Ledger::open(dir, node,
                     {.origin = kOrigin, .snapshot_interval = 0, .use_snapshot = use_snapshot}),
        "reopen");
    best = std::min(best, std::chrono::duration<double>(Clock::now() - t0).count());
    *state_bytes = core::encode_state(l->state());
    *restored = l->restored_from_snapshot();
  }
  return best;
}

int run(const Options& opt) {
  std::string base = opt.dir.empty() ? std::filesystem::temp_directory_path().string() : opt.dir;
  std::string tmpl = (std::filesystem::path(base) / "bench-restart-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) die("cannot make a temporary directory");
  const std::filesystem::path dir = std::filesystem::path(tmpl) / "log";
  struct Cleanup {
    std::filesystem::path p;
    ~Cleanup() {
      std::error_code ec;
      std::filesystem::remove_all(p, ec);
    }
  } cleanup{tmpl};

  Identity node = Identity::generate();
  const Clock::time_point t0 = Clock::now();
  build_log(dir, node, opt);  // the ledger's clean stop saves a snapshot
  std::printf("built in %.1f s\n", std::chrono::duration<double>(Clock::now() - t0).count());

  std::string with_state, without_state;
  uint64_t restored = 0, replayed_from = 0;
  const double with = time_open(dir, node, true, opt.opens, &with_state, &restored);
  const double without = time_open(dir, node, false, opt.opens, &without_state, &replayed_from);
  if (restored == 0 || replayed_from != 0) die("the snapshot was not used as expected");
  if (with_state != without_state) die("snapshot and replay give different states");
  std::printf("open with the snapshot (%llu entries restored): %.3f s\n",
              static_cast<unsigned long long>(restored), with);
  std::printf("open replaying every entry:                      %.3f s\n", without);
  std::printf("state: %zu bytes encoded; both opens give the same state\n", with_state.size());
  return 0;
}

}  // namespace
}  // namespace conclave

int main(int argc, char** argv) {
  conclave::Options opt;
  CLI::App app{"Time to open a conclave log, with and without its state snapshot"};
  app.add_option("--members", opt.members, "members, each voting on every item")
      ->check(CLI::Range(3, 100000));
  app.add_option("--items", opt.items, "resolutions")->check(CLI::Range(1, 100));
  app.add_option("--opens", opt.opens, "opens per mode (the fastest is reported)")
      ->check(CLI::Range(1, 100));
  app.add_option("--dir", opt.dir, "where to make the temporary data dir (default: TMPDIR)");
  CLI11_PARSE(app, argc, argv);
  return conclave::run(opt);
}
