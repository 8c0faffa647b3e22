// The Ledger gRPC service: a thin adapter from RPCs to Ledger calls.
//
// Submit and SubmitBatch use gRPC's callback API: a submission waiting for its group
// commit holds no thread, and the committer finishes the call. The read
// methods are synchronous.
#pragma once

#include "conclave.grpc.pb.h"
#include "node/server/ledger.h"

namespace conclave {

class LedgerService final : public v1::Ledger::WithCallbackMethod_SubmitBatch<
                                v1::Ledger::WithCallbackMethod_Submit<v1::Ledger::Service>> {
 public:
  // ledger must outlive the service.
  explicit LedgerService(Ledger& ledger) : ledger_(ledger) {}

  grpc::ServerUnaryReactor* Submit(grpc::CallbackServerContext*, const v1::SubmitRequest*,
                                   v1::Receipt*) override;
  grpc::ServerUnaryReactor* SubmitBatch(grpc::CallbackServerContext*, const v1::SubmitBatchRequest*,
                                        v1::SubmitBatchResponse*) override;
  grpc::Status GetCheckpoint(grpc::ServerContext*, const v1::GetCheckpointRequest*,
                             v1::CheckpointResponse*) override;
  grpc::Status GetEntries(grpc::ServerContext*, const v1::GetEntriesRequest*,
                          grpc::ServerWriter<v1::LogEntry>*) override;
  grpc::Status GetInclusionProof(grpc::ServerContext*, const v1::GetInclusionProofRequest*,
                                 v1::InclusionProof*) override;
  grpc::Status GetConsistencyProof(grpc::ServerContext*, const v1::GetConsistencyProofRequest*,
                                   v1::ConsistencyProof*) override;
  grpc::Status WatchCheckpoints(grpc::ServerContext*, const v1::WatchCheckpointsRequest*,
                                grpc::ServerWriter<v1::CheckpointResponse>*) override;
  grpc::Status GetBlob(grpc::ServerContext*, const v1::GetBlobRequest*, v1::Blob*) override;
  grpc::Status GetTally(grpc::ServerContext*, const v1::GetTallyRequest*,
                        v1::TallyResponse*) override;

 private:
  Ledger& ledger_;
};

}  // namespace conclave
