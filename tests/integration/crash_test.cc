// Crash safety: concurrent submitters, kill -9 at random moments, restart.
// Every acknowledged receipt must still verify, and every checkpoint seen
// before a crash must be consistent with every checkpoint after it.
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <random>
#include <thread>

#include "crypto/keyfile.h"
#include "node/core/entry.h"
#include "node/core/snapshot.h"
#include "node/server/ledger.h"
#include "node/server/node_config.h"
#include "tests/core/entry_builders.h"
#include "tests/integration/node_process.h"
#include "tests/receipt_check.h"
#include "tests/temp_dir.h"

namespace conclave::testing {
namespace {

using namespace std::chrono_literals;

constexpr int kRounds = 6;
constexpr int kSubmitters = 8;
constexpr int kMaxPerSubmitterPerRound = 400;

Result<v1::ConsistencyProof> consistency(v1::Ledger::Stub& stub, uint64_t from, uint64_t to) {
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + 10s);
  v1::GetConsistencyProofRequest req;
  req.set_from_size(from);
  req.set_to_size(to);
  v1::ConsistencyProof p;
  grpc::Status s = stub.GetConsistencyProof(&ctx, req, &p);
  if (!s.ok()) return Error(s.error_message());
  return p;
}

TEST(Crash, KillNineUnderLoadLosesNoAcknowledgedEntry) {
  TempDir dir;
  Identity organizer = Identity::generate();
  write_key_file(dir.path() / "org.key", organizer, "org");
  NodeProcess node(dir.path(), kOrigin, dir.path() / "org.key");
  // Snapshots every few batches, so kills land before, during and after them.
  {
    Result<NodeConfig> config = load_node_config(node.node_dir());
    ASSERT_TRUE(config);
    config->snapshot_interval = 50;
    ASSERT_TRUE(
        write_file_atomic(NodeConfig::config_path(node.node_dir()), format_node_config(*config)));
  }
  std::mt19937 rng(20261122);

  std::vector<v1::Receipt> acknowledged;
  std::vector<Checkpoint> seen;
  std::string vkey;
  std::atomic<uint64_t> counter{0};

  for (int round = 0; round < kRounds; ++round) {
    node.start();
    auto stub = node.stub();
    {
      grpc::ClientContext ctx;
      ctx.set_deadline(std::chrono::system_clock::now() + 10s);
      v1::CheckpointResponse cp;
      ASSERT_TRUE(stub->GetCheckpoint(&ctx, {}, &cp).ok());
      if (vkey.empty()) vkey = cp.verifier_key();
      ASSERT_EQ(cp.verifier_key(), vkey);
      Result<Checkpoint> now = open_checkpoint(cp.checkpoint(), vkey);
      ASSERT_TRUE(now) << now.error().message();
      // Everything seen before the crash is a prefix of the log now.
      for (const Checkpoint& old : seen) {
        ASSERT_LE(old.size, now->size);
        Result<v1::ConsistencyProof> p = consistency(*stub, old.size, now->size);
        ASSERT_TRUE(p) << p.error().message();
        if (old.size > 0) {
          EXPECT_TRUE(merkle_verify_consistency(old.size, now->size, to_hashes(p->hashes()),
                                                old.root, now->root));
        }
      }
      // Every acknowledged receipt still verifies, and its leaf is there.
      for (const v1::Receipt& r : acknowledged) {
        ASSERT_TRUE(verify_receipt(r, vkey));
        Result<v1::ConsistencyProof> p = consistency(*stub, r.tree_size(), now->size);
        ASSERT_TRUE(p);
        Checkpoint at = *open_checkpoint(r.checkpoint(), vkey);
        EXPECT_TRUE(merkle_verify_consistency(at.size, now->size, to_hashes(p->hashes()), at.root,
                                              now->root));
      }
      seen.push_back(*now);
    }

    // Load, then kill -9 at a random moment.
    std::mutex mu;
    std::atomic<bool> stop{false};
    std::vector<std::thread> threads;
    for (int t = 0; t < kSubmitters; ++t) {
      threads.emplace_back([&, channel = node.channel()] {
        auto s = v1::Ledger::NewStub(channel);
        for (int i = 0; i < kMaxPerSubmitterPerRound && !stop; ++i) {
          v1::SubmitRequest req;
          *req.mutable_entry() = core::sign_entry(
              organizer, disclosure_body("entry " + std::to_string(counter.fetch_add(1))));
          grpc::ClientContext ctx;
          ctx.set_deadline(std::chrono::system_clock::now() + 5s);
          v1::Receipt r;
          if (!s->Submit(&ctx, req, &r).ok()) break;  // the node died
          std::lock_guard lock(mu);
          acknowledged.push_back(r);
          Result<Checkpoint> cp = open_checkpoint(r.checkpoint(), vkey);
          if (cp) seen.push_back(*cp);
        }
      });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100 + rng() % 600));
    node.kill9();
    stop = true;
    for (auto& t : threads) t.join();
  }

  // Final restart: the last check, as a clean run would see it.
  node.start();
  auto stub = node.stub();
  grpc::ClientContext ctx;
  v1::CheckpointResponse cp;
  ASSERT_TRUE(stub->GetCheckpoint(&ctx, {}, &cp).ok());
  Checkpoint last = *open_checkpoint(cp.checkpoint(), vkey);
  for (const v1::Receipt& r : acknowledged) ASSERT_TRUE(verify_receipt(r, vkey));
  EXPECT_GE(last.size, acknowledged.size() + 1);
  EXPECT_GT(acknowledged.size(), 0u);
  std::cout << "acknowledged " << acknowledged.size() << " entries over " << kRounds
            << " crashes; final log size " << last.size << "\n";
  // Restarts after the kills resumed from snapshots taken under load (the
  // node was never stopped cleanly, so any snapshot past the genesis was).
  const std::string log = node.log_text();
  uint64_t from_load = 0;
  const std::string marker = "restored: ";  // "... restored: S from a snapshot, R replayed"
  for (size_t at = log.find(marker); at != std::string::npos; at = log.find(marker, at + 1)) {
    from_load = std::max<uint64_t>(from_load, std::stoull(log.substr(at + marker.size(), 20)));
  }
  EXPECT_GT(from_load, 1u) << log;

  // The state the node restores from its snapshot is the state the log
  // replays to.
  ASSERT_EQ(node.stop(), 0);
  Result<std::string> key_text = read_file(NodeConfig::key_path(node.node_dir()));
  ASSERT_TRUE(key_text);
  Result<Identity> key = key_file_open(*key_text, "");
  ASSERT_TRUE(key) << key.error().message();
  auto state_of = [&](bool use_snapshot) {
    auto l =
        Ledger::open(NodeConfig::log_path(node.node_dir()), *key,
                     {.origin = kOrigin, .snapshot_interval = 0, .use_snapshot = use_snapshot});
    EXPECT_TRUE(l) << l.error().message();
    if (use_snapshot) {
      EXPECT_EQ((*l)->restored_from_snapshot(), last.size);  // saved at the clean stop
    }
    return core::encode_state((*l)->state());
  };
  EXPECT_EQ(state_of(true), state_of(false));
}

}  // namespace
}  // namespace conclave::testing
