// A conclave node as seen by the client: the Ledger gRPC service behind
// plain functions with deadlines, returning Result/Status.
//
// Every failure becomes an Error with a message for a person: transport
// failures say "cannot reach node at HOST:PORT", timeouts say how long we
// waited, and the node's own refusals carry the node's message unchanged
// (the server writes them for humans). The answers are NOT verified here:
// callers check signatures and proofs themselves.
//
// Plaintext gRPC (loopback / development, DESIGN §7). Not thread-safe to
// share between threads without care; each command makes its own.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "conclave.grpc.pb.h"
#include "conclave.pb.h"
#include "crypto/result.h"

namespace conclave::client {

inline constexpr std::string_view kDefaultNodeAddress = "127.0.0.1:7450";

// Checks that address looks like HOST:PORT (PORT 1–65535; an IPv6 host in
// brackets). Returns a message naming the bad value otherwise.
Status check_node_address(std::string_view address);

class NodeClient {
 public:
  // Creates a channel to `address` (checked with check_node_address). Does
  // not connect yet: the first call does.
  static Result<NodeClient> create(const std::string& address);

  const std::string& address() const { return address_; }

  Result<v1::CheckpointResponse> get_checkpoint();
  // Streams entries [start, end) (end == 0: up to the node's current size)
  // to `each`, stopping at the first error `each` returns. Checks that the
  // node sends consecutive indices from `start`; returns how many arrived.
  Result<uint64_t> get_entries(uint64_t start, uint64_t end,
                               const std::function<Status(const v1::LogEntry&)>& each);
  Result<v1::InclusionProof> get_inclusion_proof(uint64_t index, uint64_t tree_size);
  Result<v1::ConsistencyProof> get_consistency_proof(uint64_t from_size, uint64_t to_size);
  // A refusal comes back as an Error carrying the node's reason.
  Result<v1::Receipt> submit(const v1::SubmitRequest& request);
  // Up to core::kMaxBatchEntries entries in one call. The outer Error is for
  // the call as a whole; each entry has its own receipt or refusal.
  Result<std::vector<Result<v1::Receipt>>> submit_batch(
      const std::vector<v1::SubmitRequest>& requests);
  // The node's own view of a closed item's aggregates (never trusted: a
  // trustee compares it with the aggregates it recomputed from the log).
  Result<v1::TallyResponse> get_tally(const std::string& conference_id, const std::string& item_id);

 private:
  NodeClient(std::string address, std::shared_ptr<grpc::Channel> channel);
  Error to_error(const grpc::Status& status, std::chrono::seconds deadline,
                 std::string_view context) const;

  std::string address_;
  std::shared_ptr<grpc::Channel> channel_;
  std::shared_ptr<v1::Ledger::Stub> stub_;
};

}  // namespace conclave::client
