#include "node/server/ledger_service.h"

#include <atomic>

#include "node/core/codec.h"
#include "node/core/entry.h"
#include "node/server/grpc_status.h"

namespace conclave {
namespace {

// One GetEntries call streams at most this many entries.
constexpr uint64_t kMaxEntriesPerCall = 100000;

void set_hash(std::string* out, const Hash32& h) {
  out->assign(reinterpret_cast<const char*>(h.data()), h.size());
}

}  // namespace

grpc::ServerUnaryReactor* LedgerService::Submit(grpc::CallbackServerContext* ctx,
                                                const v1::SubmitRequest* req, v1::Receipt* out) {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  if (!req->has_entry()) {
    reactor->Finish({grpc::StatusCode::INVALID_ARGUMENT, "request carries no entry"});
    return reactor;
  }
  std::vector<std::string> blobs(req->blobs().begin(), req->blobs().end());
  ledger_.submit_async(req->entry(), std::move(blobs), [reactor, out](Result<v1::Receipt> r) {
    if (!r) {
      reactor->Finish(to_grpc(r.error()));
      return;
    }
    *out = std::move(*r);
    reactor->Finish(grpc::Status::OK);
  });
  return reactor;
}

grpc::ServerUnaryReactor* LedgerService::SubmitBatch(grpc::CallbackServerContext* ctx,
                                                     const v1::SubmitBatchRequest* req,
                                                     v1::SubmitBatchResponse* out) {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  const size_t n = static_cast<size_t>(req->entries_size());
  if (n == 0 || n > core::kMaxBatchEntries) {
    reactor->Finish({grpc::StatusCode::INVALID_ARGUMENT,
                     "a batch carries 1 to " + std::to_string(core::kMaxBatchEntries) +
                         " entries, not " + std::to_string(n)});
    return reactor;
  }
  std::vector<const v1::SubmitRequest*> requests;
  for (const v1::SubmitRequest& r : req->entries()) {
    if (!r.has_entry()) {
      reactor->Finish({grpc::StatusCode::INVALID_ARGUMENT, "a batch element carries no entry"});
      return reactor;
    }
    requests.push_back(&r);
  }
  for (size_t i = 0; i < n; ++i) out->add_results();
  // Each result has its own slot, so answers from the committer and from
  // this thread never touch the same message; the last one finishes the call.
  auto remaining = std::make_shared<std::atomic<size_t>>(n);
  ledger_.submit_batch_async(requests, [reactor, out, remaining](size_t i, Result<v1::Receipt> r) {
    v1::SubmitResult* slot = out->mutable_results(static_cast<int>(i));
    if (r) {
      *slot->mutable_receipt() = std::move(*r);
    } else {
      slot->set_code(static_cast<int32_t>(to_grpc_code(r.error().code())));
      slot->set_message(r.error().message());
    }
    if (remaining->fetch_sub(1) == 1) reactor->Finish(grpc::Status::OK);
  });
  return reactor;
}

grpc::Status LedgerService::GetCheckpoint(grpc::ServerContext*, const v1::GetCheckpointRequest*,
                                          v1::CheckpointResponse* out) {
  out->set_checkpoint(ledger_.checkpoint().note);
  out->set_verifier_key(ledger_.verifier_key());
  return grpc::Status::OK;
}

grpc::Status LedgerService::GetEntries(grpc::ServerContext* ctx, const v1::GetEntriesRequest* req,
                                       grpc::ServerWriter<v1::LogEntry>* writer) {
  const uint64_t size = ledger_.checkpoint().size;
  const uint64_t end = req->end() == 0 ? size : req->end();
  if (req->start() > end || end > size) {
    return {grpc::StatusCode::OUT_OF_RANGE,
            "entries [" + std::to_string(req->start()) + ", " + std::to_string(end) +
                ") are not in the log (size " + std::to_string(size) + ")"};
  }
  if (end - req->start() > kMaxEntriesPerCall) {
    return {grpc::StatusCode::OUT_OF_RANGE,
            "at most " + std::to_string(kMaxEntriesPerCall) + " entries per call"};
  }
  for (uint64_t i = req->start(); i < end && !ctx->IsCancelled(); ++i) {
    Result<Bytes> leaf = ledger_.store().entry(i);
    if (!leaf) return to_grpc(leaf.error());
    v1::LogEntry e;
    e.set_index(i);
    e.set_leaf(leaf->data(), leaf->size());
    if (!writer->Write(e)) break;
  }
  return grpc::Status::OK;
}

grpc::Status LedgerService::GetInclusionProof(grpc::ServerContext*,
                                              const v1::GetInclusionProofRequest* req,
                                              v1::InclusionProof* out) {
  const uint64_t size = req->tree_size() == 0 ? ledger_.checkpoint().size : req->tree_size();
  Result<std::vector<Hash32>> proof = ledger_.store().inclusion_proof(req->index(), size);
  if (!proof) return to_grpc(proof.error());
  Result<Bytes> leaf = ledger_.store().entry(req->index());
  if (!leaf) return to_grpc(leaf.error());
  out->set_index(req->index());
  out->set_tree_size(size);
  set_hash(out->mutable_leaf_hash(), merkle_leaf_hash(*leaf));
  for (const Hash32& h : *proof) set_hash(out->add_hashes(), h);
  set_hash(out->mutable_root(), ledger_.store().root_at(size));
  return grpc::Status::OK;
}

grpc::Status LedgerService::GetConsistencyProof(grpc::ServerContext*,
                                                const v1::GetConsistencyProofRequest* req,
                                                v1::ConsistencyProof* out) {
  const uint64_t to = req->to_size() == 0 ? ledger_.checkpoint().size : req->to_size();
  Result<std::vector<Hash32>> proof = ledger_.store().consistency_proof(req->from_size(), to);
  if (!proof) return to_grpc(proof.error());
  out->set_from_size(req->from_size());
  out->set_to_size(to);
  set_hash(out->mutable_from_root(), ledger_.store().root_at(req->from_size()));
  set_hash(out->mutable_to_root(), ledger_.store().root_at(to));
  for (const Hash32& h : *proof) set_hash(out->add_hashes(), h);
  return grpc::Status::OK;
}

grpc::Status LedgerService::WatchCheckpoints(grpc::ServerContext* ctx,
                                             const v1::WatchCheckpointsRequest* req,
                                             grpc::ServerWriter<v1::CheckpointResponse>* writer) {
  uint64_t seen = req->after_size();
  // Wake up regularly to notice a cancelled call or a stopping node.
  while (!ctx->IsCancelled()) {
    CheckpointInfo cp = ledger_.wait_for_checkpoint(seen, std::chrono::milliseconds(500));
    if (cp.size > seen) {
      v1::CheckpointResponse out;
      out.set_checkpoint(cp.note);
      out.set_verifier_key(ledger_.verifier_key());
      if (!writer->Write(out)) break;
      seen = cp.size;
    } else if (ledger_.stopped()) {
      break;
    }
  }
  return grpc::Status::OK;
}

grpc::Status LedgerService::GetBlob(grpc::ServerContext*, const v1::GetBlobRequest* req,
                                    v1::Blob* out) {
  if (req->sha256().size() != 32) {
    return {grpc::StatusCode::INVALID_ARGUMENT, "a document hash is 32 bytes"};
  }
  Hash32 h;
  std::copy(req->sha256().begin(), req->sha256().end(), h.begin());
  Result<std::string> blob = ledger_.store().blob(h);
  if (!blob) return to_grpc(blob.error());
  out->set_data(std::move(*blob));
  return grpc::Status::OK;
}

grpc::Status LedgerService::GetTally(grpc::ServerContext*, const v1::GetTallyRequest* req,
                                     v1::TallyResponse* out) {
  return ledger_.read_state([&](const core::State& s) -> grpc::Status {
    const core::Conference* c = s.conference(req->conference_id());
    const core::Item* item = c ? c->item(req->item_id()) : nullptr;
    if (!item) return {grpc::StatusCode::NOT_FOUND, "no such conference item"};
    out->set_status(core::to_string(item->status));
    if (item->status == core::ItemStatus::kPending || item->status == core::ItemStatus::kOpen) {
      return grpc::Status::OK;
    }
    for (const Ciphertext& ct : item->aggregates) *out->add_aggregates() = core::encode(ct);
    out->set_aggregate_hash(core::encode(item->aggregate_hash));
    out->set_ballots_counted(item->ballots.size());
    return grpc::Status::OK;
  });
}

}  // namespace conclave
