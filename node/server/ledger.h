// The ledger: the node's one write path.
//
// submit() parses and signature-checks an entry on the caller's thread (so
// verification runs on every core), then hands it to the committer thread.
// The committer takes everything queued (group commit), runs apply() on each
// entry in order, writes the accepted ones with their tree nodes, blobs and
// a freshly signed checkpoint in one synced LevelDB batch, and only then
// answers each submitter with its receipt. Rejected entries are answered at
// once and never written.
//
// There is exactly one committer and the tree only grows, so no two signed
// checkpoints are ever inconsistent. open() refuses a store whose entries do
// not match its last signed checkpoint.
#pragma once

#include <condition_variable>
#include <deque>
#include <filesystem>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "conclave.pb.h"
#include "crypto/checkpoint.h"
#include "crypto/note.h"
#include "node/core/apply.h"
#include "node/store/log_store.h"

namespace conclave {

struct LedgerOptions {
  std::string origin;
  size_t max_blob_bytes = 16 << 20;
  size_t max_batch = 8192;
  // Entries carry their author's clock; the node refuses times further than
  // this from its own, so nobody can backdate an entry (e.g. to close a
  // consultation window early). 0 disables the check.
  int64_t max_clock_skew_ms = 10 * 60 * 1000;
  // A state snapshot is saved with the batch that brings the log this many
  // entries (or a quarter of its size, if more) past the last one, and at a
  // clean stop; 0 saves none. The state grows with the log, so a fixed
  // interval alone would make the snapshot writes quadratic in the log size.
  uint64_t snapshot_interval = 10000;
  // false: ignore any stored snapshot and replay the whole log at open.
  bool use_snapshot = true;
};

// The committer thread's name, as the kernel shows it (at most 15 bytes).
inline constexpr char kCommitterThreadName[] = "conclave-commit";

struct CheckpointInfo {
  std::string note;  // signed note text
  uint64_t size = 0;
};

class Ledger {
 public:
  // Opens the store under dir; the node key signs checkpoints under the
  // origin's name. The state comes from the stored snapshot if it matches
  // the verified log, plus the entries after it; otherwise from every entry.
  static Result<std::unique_ptr<Ledger>> open(const std::filesystem::path& dir,
                                              const Identity& node_key,
                                              const LedgerOptions& options);
  ~Ledger();  // stops the committer after draining what is queued

  // Appends one entry, returning its receipt once durable. Thread-safe.
  Result<v1::Receipt> submit(const v1::SignedEntry& entry, std::vector<std::string> blobs = {});

  // The same without blocking: the entry is parsed and its signature and
  // ballot proofs checked on the calling thread; done is called exactly once,
  // with the receipt once durable (on the committer thread) or at once with
  // the rejection. done must be cheap and must not call back into the ledger.
  using Done = std::function<void(Result<v1::Receipt>)>;
  void submit_async(const v1::SignedEntry& entry, std::vector<std::string> blobs, Done done);

  // Several entries at once, each checked and answered on its own (done is
  // called once per entry, with its position in the batch, as for
  // submit_async). The accepted ones are queued together and in order.
  using BatchDone = std::function<void(size_t position, Result<v1::Receipt>)>;
  void submit_batch_async(const std::vector<const v1::SubmitRequest*>& requests, BatchDone done);

  CheckpointInfo checkpoint() const;
  std::string verifier_key() const { return signer_.verifier_key_string(); }
  const std::string& origin() const { return options_.origin; }
  uint64_t size() const { return store_->size(); }
  const LogStore& store() const { return *store_; }

  // A copy of the current state (for tests and small queries).
  core::State state() const;
  // Runs f(const core::State&) under the state lock, without copying.
  template <class F>
  auto read_state(F&& f) const {
    std::lock_guard lock(state_mu_);
    return f(static_cast<const core::State&>(state_));
  }

  // Blocks until a checkpoint larger than after_size exists, the timeout
  // passes, or the ledger stops. Returns the newest checkpoint.
  CheckpointInfo wait_for_checkpoint(uint64_t after_size, std::chrono::milliseconds timeout) const;

  // Entries the state was restored from a snapshot at open (0: none).
  uint64_t restored_from_snapshot() const { return restored_from_; }

  void stop();
  bool stopped() const;

 private:
  struct Pending {
    core::ParsedEntry entry;
    std::vector<std::pair<Hash32, std::string>> blobs;
    Done done;
    bool proofs_checked = false;  // verified on the submitting thread
  };
  Result<Pending> prepare(const v1::SignedEntry& entry, std::vector<std::string> blobs) const;
  // Queues prepared entries in order, or answers them all if the ledger no
  // longer accepts entries.
  void enqueue(std::vector<Pending> pending);

  Ledger(LedgerOptions options, NoteSigner signer);
  Status restore_state();
  void save_snapshot_at_stop();
  bool snapshot_due(uint64_t size) const;
  void run_committer();
  void commit_batch(std::vector<Pending>& batch);
  Status check_blobs(const core::ParsedEntry& e,
                     const std::vector<std::pair<Hash32, std::string>>& blobs) const;
  std::string sign_checkpoint(uint64_t size, const Hash32& root) const;
  Status precheck_proofs(const core::ParsedEntry& e) const;

  LedgerOptions options_;
  NoteSigner signer_;
  std::unique_ptr<LogStore> store_;

  mutable std::mutex state_mu_;
  core::State state_;
  uint64_t restored_from_ = 0;
  uint64_t snapshot_size_ = 0;  // size of the stored snapshot (committer only)

  mutable std::mutex queue_mu_;
  std::condition_variable queue_cv_;
  std::deque<Pending> queue_;
  bool stopping_ = false;
  bool failed_ = false;  // a storage write failed: refuse everything after

  mutable std::mutex cp_mu_;
  mutable std::condition_variable cp_cv_;
  CheckpointInfo checkpoint_;

  std::thread committer_;
};

}  // namespace conclave
