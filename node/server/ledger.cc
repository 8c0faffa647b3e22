#include "node/server/ledger.h"

#include <pthread.h>
#include <spdlog/spdlog.h>

#include "node/core/ballot.h"
#include "node/core/snapshot.h"

namespace conclave {

Ledger::Ledger(LedgerOptions options, NoteSigner signer)
    : options_(std::move(options)), signer_(std::move(signer)) {}

Result<std::unique_ptr<Ledger>> Ledger::open(const std::filesystem::path& dir,
                                             const Identity& node_key,
                                             const LedgerOptions& options) {
  Result<NoteSigner> signer = NoteSigner::from_seed(options.origin, node_key.seed());
  if (!signer) return Error("origin \"" + options.origin + "\": " + signer.error().message());
  std::unique_ptr<Ledger> ledger(new Ledger(options, std::move(*signer)));
  Result<std::unique_ptr<LogStore>> store = LogStore::open(dir);
  if (!store) return store.error();
  ledger->store_ = std::move(*store);

  const uint64_t size = ledger->store_->size();
  std::optional<std::string> note = ledger->store_->checkpoint();
  if (!note) {
    if (size != 0) {
      return Error(ErrorCode::kFailedPrecondition,
                   "log store holds entries but no signed checkpoint: refusing to serve it");
    }
  } else {
    Result<NoteVerifier> verifier = NoteVerifier::from_key_string(ledger->verifier_key());
    if (!verifier) return verifier.error();
    Result<Note> opened = verifier->open(*note);
    if (!opened) {
      return Error(
          ErrorCode::kFailedPrecondition,
          "the stored checkpoint is not signed by this node's key: " + opened.error().message());
    }
    Result<Checkpoint> cp = parse_checkpoint_text(opened->text);
    if (!cp) return cp.error();
    if (cp->origin != options.origin) {
      return Error(ErrorCode::kFailedPrecondition, "the stored checkpoint is for origin \"" +
                                                       cp->origin + "\", not \"" + options.origin +
                                                       "\"");
    }
    if (cp->size != size) {
      return Error(ErrorCode::kFailedPrecondition,
                   "log was rolled back or altered: the last signed checkpoint covers " +
                       std::to_string(cp->size) + " entries but the store holds " +
                       std::to_string(size));
    }
    if (cp->root != ledger->store_->root_at(size)) {
      return Error(ErrorCode::kFailedPrecondition,
                   "log was altered: the stored entries do not hash to the root of the last "
                   "signed checkpoint");
    }
    ledger->checkpoint_ = {*note, size};
  }
  if (Status s = ledger->restore_state(); !s) return s.error();
  ledger->committer_ = std::thread([l = ledger.get()] { l->run_committer(); });
  return ledger;
}

Status Ledger::restore_state() {
  const uint64_t size = store_->size();
  std::optional<std::string> record = options_.use_snapshot ? store_->snapshot() : std::nullopt;
  if (record) {
    Result<core::RestoredSnapshot> snap = core::open_snapshot(*record);
    std::string problem;
    if (!snap) {
      problem = snap.error().message();
    } else if (snap->state.size > size) {
      problem = "it covers more entries than the log holds";
    } else if (snap->root != store_->root_at(snap->state.size)) {
      problem = "it was taken from a different log";
    } else if (snap->state.origin != options_.origin) {
      problem = "it is for origin \"" + snap->state.origin + "\"";
    }
    if (problem.empty()) {
      state_ = std::move(snap->state);
      restored_from_ = snapshot_size_ = state_.size;
    } else {
      spdlog::warn("ignoring the stored state snapshot ({}); replaying the whole log", problem);
    }
  }
  if (restored_from_ == 0) state_ = core::State{.origin = options_.origin};

  // Proofs were checked when the entries were accepted and the tree was just
  // checked against a checkpoint this key signed, so the replay trusts them.
  Status replayed = store_->for_each_entry(restored_from_, [this](uint64_t index, ByteView leaf) {
    Result<core::ParsedEntry> e = core::parse_entry(leaf, core::SignatureCheck::kSkip);
    Status s = e ? core::apply(state_, *e, {.proofs = core::ProofCheck::kTrust}) : e.error();
    if (!s) {
      return Status(Error(ErrorCode::kFailedPrecondition,
                          "log store entry " + std::to_string(index) + ": " + s.error().message()));
    }
    return Status::Ok();
  });
  if (!replayed) return replayed;
  spdlog::info("state of {} entries restored: {} from a snapshot, {} replayed", size,
               restored_from_, size - restored_from_);
  return Status::Ok();
}

bool Ledger::snapshot_due(uint64_t size) const {
  if (options_.snapshot_interval == 0) return false;
  return size - snapshot_size_ >= std::max(options_.snapshot_interval, snapshot_size_ / 4);
}

// After the committer has stopped: the state is exactly the durable log
// unless a write failed, in which case it holds entries the store does not.
void Ledger::save_snapshot_at_stop() {
  if (options_.snapshot_interval == 0) return;
  {
    std::lock_guard lock(queue_mu_);
    if (failed_) return;
  }
  const uint64_t size = store_->size();
  if (state_.size != size || size == snapshot_size_) return;
  if (Status s = store_->put_snapshot(core::seal_snapshot(state_, store_->root_at(size))); !s) {
    spdlog::warn("could not save a state snapshot at stop: {}", s.error().message());
    return;
  }
  snapshot_size_ = size;
}

Ledger::~Ledger() {
  stop();
}

void Ledger::stop() {
  {
    std::lock_guard lock(queue_mu_);
    if (stopping_ && !committer_.joinable()) return;
    stopping_ = true;
  }
  queue_cv_.notify_all();
  cp_cv_.notify_all();
  if (committer_.joinable()) {
    committer_.join();
    save_snapshot_at_stop();
  }
}

bool Ledger::stopped() const {
  std::lock_guard lock(queue_mu_);
  return stopping_;
}

std::string Ledger::sign_checkpoint(uint64_t size, const Hash32& root) const {
  Note note;
  note.text = format_checkpoint_text({options_.origin, size, root, {}});
  Result<NoteSignature> sig = signer_.sign(note.text);
  if (!sig) throw std::logic_error("checkpoint signing failed: " + sig.error().message());
  note.sigs.push_back(std::move(*sig));
  return format_note(note);
}

CheckpointInfo Ledger::checkpoint() const {
  std::lock_guard lock(cp_mu_);
  return checkpoint_;
}

core::State Ledger::state() const {
  std::lock_guard lock(state_mu_);
  return state_;
}

CheckpointInfo Ledger::wait_for_checkpoint(uint64_t after_size,
                                           std::chrono::milliseconds timeout) const {
  std::unique_lock lock(cp_mu_);
  cp_cv_.wait_for(lock, timeout, [&] { return checkpoint_.size > after_size; });
  return checkpoint_;
}

Status Ledger::check_blobs(const core::ParsedEntry& e,
                           const std::vector<std::pair<Hash32, std::string>>& blobs) const {
  const bool is_document =
      e.body.kind_case() == v1::EntryBody::kDisclosure && e.body.disclosure().inline_body().empty();
  if (!is_document) {
    if (!blobs.empty()) return Error("this entry references no document; remove the attachment");
    return Status::Ok();
  }
  const v1::Disclosure& d = e.body.disclosure();
  if (d.size() > options_.max_blob_bytes) {
    return Error(ErrorCode::kResourceExhausted,
                 "document of " + std::to_string(d.size()) + " bytes exceeds the node's limit of " +
                     std::to_string(options_.max_blob_bytes) + " bytes");
  }
  for (const auto& [hash, data] : blobs) {
    if (!same_bytes(d.sha256(), hash)) {
      return Error("attached document does not match the hash in the entry");
    }
    if (data.size() != d.size()) return Error("attached document size does not match the entry");
  }
  if (blobs.empty()) {
    Hash32 h{};
    if (d.sha256().size() == 32) std::copy(d.sha256().begin(), d.sha256().end(), h.begin());
    if (d.sha256().size() != 32 || !store_->has_blob(h)) {
      return Error(ErrorCode::kFailedPrecondition,
                   "the document is neither attached nor already stored on this node");
    }
  }
  return Status::Ok();
}

Status Ledger::precheck_proofs(const core::ParsedEntry& e) const {
  if (e.body.kind_case() != v1::EntryBody::kBallot) return Status::Ok();
  Result<core::BallotCheck> check = [&] {
    std::lock_guard lock(state_mu_);
    return core::ballot_check_context(state_, e.body.ballot(), e.author);
  }();
  if (!check) return check.error();
  Result<std::vector<EncryptedContest>> contests = core::verify_ballot(*check, e.body.ballot());
  if (!contests) return contests.error();
  return Status::Ok();
}

Result<v1::Receipt> Ledger::submit(const v1::SignedEntry& entry, std::vector<std::string> blobs) {
  std::promise<Result<v1::Receipt>> promise;
  std::future<Result<v1::Receipt>> result = promise.get_future();
  submit_async(entry, std::move(blobs),
               [&promise](Result<v1::Receipt> r) { promise.set_value(std::move(r)); });
  return result.get();
}

void Ledger::submit_async(const v1::SignedEntry& entry, std::vector<std::string> blobs, Done done) {
  Result<Pending> p = prepare(entry, std::move(blobs));
  if (!p) return done(p.error());
  p->done = std::move(done);
  std::vector<Pending> one;
  one.push_back(std::move(*p));
  enqueue(std::move(one));
}

void Ledger::submit_batch_async(const std::vector<const v1::SubmitRequest*>& requests,
                                BatchDone done) {
  auto shared_done = std::make_shared<BatchDone>(std::move(done));
  std::vector<Pending> ready;
  ready.reserve(requests.size());
  for (size_t i = 0; i < requests.size(); ++i) {
    const v1::SubmitRequest& r = *requests[i];
    Result<Pending> p = prepare(r.entry(), {r.blobs().begin(), r.blobs().end()});
    if (!p) {
      (*shared_done)(i, p.error());
      continue;
    }
    p->done = [shared_done, i](Result<v1::Receipt> result) {
      (*shared_done)(i, std::move(result));
    };
    ready.push_back(std::move(*p));
  }
  enqueue(std::move(ready));
}

void Ledger::enqueue(std::vector<Pending> pending) {
  if (pending.empty()) return;
  {
    std::unique_lock lock(queue_mu_);
    const char* refusal = stopping_ ? "the node is shutting down"
                          : failed_ ? "the node's storage has failed"
                                    : nullptr;
    if (refusal) {
      lock.unlock();
      for (Pending& p : pending) p.done(Error(ErrorCode::kUnavailable, refusal));
      return;
    }
    for (Pending& p : pending) queue_.push_back(std::move(p));
  }
  queue_cv_.notify_one();
}

Result<Ledger::Pending> Ledger::prepare(const v1::SignedEntry& entry,
                                        std::vector<std::string> blobs) const {
  if (entry.ByteSizeLong() > core::kMaxEntryBytes) {
    return Error(ErrorCode::kResourceExhausted,
                 "entry exceeds the limit of " + std::to_string(core::kMaxEntryBytes) + " bytes");
  }
  Result<core::ParsedEntry> parsed = core::parse_entry(entry);
  if (!parsed) return parsed.error();
  if (options_.max_clock_skew_ms > 0) {
    const int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
    const int64_t t = parsed->body.time_unix_ms();
    if (t < now - options_.max_clock_skew_ms || t > now + options_.max_clock_skew_ms) {
      return Error(ErrorCode::kFailedPrecondition,
                   "the entry's time is more than " +
                       std::to_string(options_.max_clock_skew_ms / 60000) +
                       " minutes from the node's clock; check your clock");
    }
  }
  if (Status s = precheck_proofs(*parsed); !s) return s.error();
  const bool checked = parsed->body.kind_case() == v1::EntryBody::kBallot;
  Pending p{std::move(*parsed), {}, {}, checked};
  if (blobs.size() > 1) return Error("at most one document may be attached to an entry");
  for (std::string& b : blobs) {
    if (b.size() > options_.max_blob_bytes) {
      return Error(ErrorCode::kResourceExhausted, "document of " + std::to_string(b.size()) +
                                                      " bytes exceeds the node's limit of " +
                                                      std::to_string(options_.max_blob_bytes) +
                                                      " bytes");
    }
    p.blobs.emplace_back(sha256(as_bytes(b)), std::move(b));
  }
  if (Status s = check_blobs(p.entry, p.blobs); !s) return s.error();
  return p;
}

void Ledger::run_committer() {
  pthread_setname_np(pthread_self(), kCommitterThreadName);  // for top, perf and benchmarks
  std::vector<Pending> batch;
  for (;;) {
    {
      std::unique_lock lock(queue_mu_);
      queue_cv_.wait(lock, [&] { return !queue_.empty() || stopping_; });
      if (queue_.empty()) return;  // stopping, and everything queued is answered
      while (!queue_.empty() && batch.size() < options_.max_batch) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    commit_batch(batch);
    batch.clear();
  }
}

void Ledger::commit_batch(std::vector<Pending>& batch) {
  std::vector<LeafToAppend> leaves;
  std::vector<std::pair<Hash32, std::string>> blobs;
  std::vector<Pending*> accepted;
  std::set<Hash32> in_batch;
  {
    std::lock_guard lock(state_mu_);
    for (Pending& p : batch) {
      if (failed_) {
        p.done(Error(ErrorCode::kUnavailable, "the node's storage has failed"));
        continue;
      }
      if (auto at = store_->index_of(p.entry.leaf_hash);
          at || in_batch.contains(p.entry.leaf_hash)) {
        p.done(Error(ErrorCode::kAlreadyExists, "this exact entry is already in the log"));
        continue;
      }
      core::ApplyOptions options;
      if (p.proofs_checked) options.proofs = core::ProofCheck::kTrust;
      if (Status s = core::apply(state_, p.entry, options); !s) {
        p.done(s.error());
        continue;
      }
      in_batch.insert(p.entry.leaf_hash);
      leaves.push_back({std::move(p.entry.leaf), p.entry.leaf_hash});
      for (auto& b : p.blobs) blobs.push_back(std::move(b));
      accepted.push_back(&p);
    }
  }
  if (leaves.empty()) return;

  const uint64_t base = store_->size();
  std::string note;
  bool snapshotted = false;
  Status written = store_->commit(leaves, blobs, [&](uint64_t size, const Hash32& root) {
    LogStore::Seal seal{sign_checkpoint(size, root), std::nullopt};
    note = seal.checkpoint;
    // The committer is the state's only writer, so it reads it unlocked;
    // the state now holds exactly the entries up to size.
    if (snapshot_due(size)) {
      seal.snapshot = core::seal_snapshot(state_, root);
      snapshotted = true;
    }
    return seal;
  });
  if (!written) {
    // The in-memory state already holds these entries: stop accepting
    // anything until an operator restarts the node from its durable store.
    spdlog::critical("storage write failed, refusing further entries: {}",
                     written.error().message());
    {
      std::lock_guard lock(queue_mu_);
      failed_ = true;
    }
    for (Pending* p : accepted) p->done(written.error());
    return;
  }
  const uint64_t size = base + leaves.size();
  if (snapshotted) snapshot_size_ = size;
  {
    std::lock_guard lock(cp_mu_);
    checkpoint_ = {note, size};
  }
  cp_cv_.notify_all();

  for (size_t i = 0; i < accepted.size(); ++i) {
    v1::Receipt r;
    r.set_origin(options_.origin);
    r.set_index(base + i);
    r.set_leaf_hash(leaves[i].leaf_hash.data(), leaves[i].leaf_hash.size());
    r.set_checkpoint(note);
    r.set_tree_size(size);
    Result<std::vector<Hash32>> proof = store_->inclusion_proof(base + i, size);
    if (!proof) {
      accepted[i]->done(proof.error());
      continue;
    }
    for (const Hash32& h : *proof) r.add_inclusion_proof(h.data(), h.size());
    accepted[i]->done(std::move(r));
  }
}

}  // namespace conclave
