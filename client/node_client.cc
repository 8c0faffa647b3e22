#include "client/node_client.h"

#include <grpcpp/grpcpp.h>

#include <cctype>

namespace conclave::client {
namespace {

// How long one call may take. Submits wait for a synced group commit;
// entry streams may be long.
constexpr std::chrono::seconds kReadDeadline{15};
constexpr std::chrono::seconds kSubmitDeadline{60};
constexpr std::chrono::seconds kStreamDeadline{300};

constexpr int kMaxMessageBytes = 64 << 20;

void set_deadline(grpc::ClientContext& ctx, std::chrono::seconds d) {
  ctx.set_deadline(std::chrono::system_clock::now() + d);
}

ErrorCode map_code(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::INVALID_ARGUMENT:
      return ErrorCode::kInvalidArgument;
    case grpc::StatusCode::PERMISSION_DENIED:
    case grpc::StatusCode::UNAUTHENTICATED:
      return ErrorCode::kPermissionDenied;
    case grpc::StatusCode::FAILED_PRECONDITION:
      return ErrorCode::kFailedPrecondition;
    case grpc::StatusCode::ALREADY_EXISTS:
      return ErrorCode::kAlreadyExists;
    case grpc::StatusCode::NOT_FOUND:
      return ErrorCode::kNotFound;
    case grpc::StatusCode::OUT_OF_RANGE:
      return ErrorCode::kOutOfRange;
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return ErrorCode::kResourceExhausted;
    case grpc::StatusCode::UNAVAILABLE:
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return ErrorCode::kUnavailable;
    default:
      return ErrorCode::kInternal;
  }
}

// gRPC's transport messages are long chains ("failed to connect to all
// addresses; last error: UNKNOWN: ipv4:…: Failed to connect to remote host:
// Connection refused"); the last clause is the useful part.
std::string unavailable_reason(const std::string& msg) {
  if (msg.empty()) return "";
  size_t colon = msg.rfind(": ");
  std::string reason = colon == std::string::npos ? msg : msg.substr(colon + 2);
  if (!reason.empty())
    reason[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(reason[0])));
  return " (" + reason + ")";
}

}  // namespace

Status check_node_address(std::string_view address) {
  auto bad = [&](std::string_view why) {
    return Error("invalid node address \"" + std::string(address) + "\": " + std::string(why) +
                 " (expected HOST:PORT, e.g. 127.0.0.1:7450)");
  };
  size_t colon = address.rfind(':');
  if (colon == std::string_view::npos) return bad("no port");
  std::string_view host = address.substr(0, colon), port = address.substr(colon + 1);
  if (host.empty()) return bad("no host");
  for (char c : address) {
    if (static_cast<unsigned char>(c) <= ' ' || c == '/' || static_cast<unsigned char>(c) >= 0x7f) {
      return bad("unexpected character");
    }
  }
  if (host.find(':') != std::string_view::npos &&
      (host.front() != '[' || host.back() != ']' || host.size() < 3)) {
    return bad("an IPv6 host must be written in brackets, e.g. [::1]:7450");
  }
  if (port.empty() || port.size() > 5) return bad("bad port");
  unsigned value = 0;
  for (char c : port) {
    if (c < '0' || c > '9') return bad("bad port");
    value = value * 10 + static_cast<unsigned>(c - '0');
  }
  if (value == 0 || value > 65535) return bad("port out of range");
  return Status::Ok();
}

NodeClient::NodeClient(std::string address, std::shared_ptr<grpc::Channel> channel)
    : address_(std::move(address)),
      channel_(std::move(channel)),
      stub_(v1::Ledger::NewStub(channel_)) {}

Result<NodeClient> NodeClient::create(const std::string& address) {
  if (Status s = check_node_address(address); !s) return s.error();
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(kMaxMessageBytes);
  args.SetMaxSendMessageSize(kMaxMessageBytes);
  auto channel = grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), args);
  if (!channel) return Error(ErrorCode::kInternal, "cannot create a channel to " + address);
  return NodeClient(address, std::move(channel));
}

Error NodeClient::to_error(const grpc::Status& status, std::chrono::seconds deadline,
                           std::string_view context) const {
  const std::string& msg = status.error_message();
  const ErrorCode code = map_code(status.error_code());
  switch (status.error_code()) {
    case grpc::StatusCode::UNAVAILABLE:
      return Error(code, "cannot reach node at " + address_ + unavailable_reason(msg));
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return Error(code, "node at " + address_ + " did not answer within " +
                             std::to_string(deadline.count()) + " s");
    case grpc::StatusCode::UNIMPLEMENTED:
      return Error(code, "node at " + address_ + " does not serve the conclave Ledger API" +
                             (msg.empty() ? "" : ": " + msg));
    default:
      break;
  }
  std::string text =
      msg.empty() ? "error " + std::to_string(status.error_code()) + " with no message" : msg;
  return Error(code, std::string(context) + text);
}

Result<v1::CheckpointResponse> NodeClient::get_checkpoint() {
  grpc::ClientContext ctx;
  set_deadline(ctx, kReadDeadline);
  v1::CheckpointResponse out;
  grpc::Status s = stub_->GetCheckpoint(&ctx, v1::GetCheckpointRequest(), &out);
  if (!s.ok()) return to_error(s, kReadDeadline, "node refused GetCheckpoint: ");
  return out;
}

Result<uint64_t> NodeClient::get_entries(uint64_t start, uint64_t end,
                                         const std::function<Status(const v1::LogEntry&)>& each) {
  grpc::ClientContext ctx;
  set_deadline(ctx, kStreamDeadline);
  v1::GetEntriesRequest req;
  req.set_start(start);
  req.set_end(end);
  std::unique_ptr<grpc::ClientReader<v1::LogEntry>> reader = stub_->GetEntries(&ctx, req);
  v1::LogEntry entry;
  uint64_t count = 0;
  std::optional<Error> failure;
  while (reader->Read(&entry)) {
    if (entry.index() != start + count) {
      failure = Error("node sent entry " + std::to_string(entry.index()) + " where entry " +
                      std::to_string(start + count) + " was expected");
      break;
    }
    if (Status s = each(entry); !s) {
      failure = s.error();
      break;
    }
    ++count;
  }
  if (failure) {
    ctx.TryCancel();
    (void)reader->Finish();
    return *failure;
  }
  grpc::Status s = reader->Finish();
  if (!s.ok()) return to_error(s, kStreamDeadline, "node refused GetEntries: ");
  return count;
}

Result<v1::InclusionProof> NodeClient::get_inclusion_proof(uint64_t index, uint64_t tree_size) {
  grpc::ClientContext ctx;
  set_deadline(ctx, kReadDeadline);
  v1::GetInclusionProofRequest req;
  req.set_index(index);
  req.set_tree_size(tree_size);
  v1::InclusionProof out;
  grpc::Status s = stub_->GetInclusionProof(&ctx, req, &out);
  if (!s.ok()) return to_error(s, kReadDeadline, "node refused GetInclusionProof: ");
  return out;
}

Result<v1::ConsistencyProof> NodeClient::get_consistency_proof(uint64_t from_size,
                                                               uint64_t to_size) {
  grpc::ClientContext ctx;
  set_deadline(ctx, kReadDeadline);
  v1::GetConsistencyProofRequest req;
  req.set_from_size(from_size);
  req.set_to_size(to_size);
  v1::ConsistencyProof out;
  grpc::Status s = stub_->GetConsistencyProof(&ctx, req, &out);
  if (!s.ok()) return to_error(s, kReadDeadline, "node refused GetConsistencyProof: ");
  return out;
}

Result<v1::Receipt> NodeClient::submit(const v1::SubmitRequest& request) {
  grpc::ClientContext ctx;
  set_deadline(ctx, kSubmitDeadline);
  v1::Receipt out;
  grpc::Status s = stub_->Submit(&ctx, request, &out);
  if (!s.ok()) return to_error(s, kSubmitDeadline, "the node rejected the entry: ");
  return out;
}

Result<std::vector<Result<v1::Receipt>>> NodeClient::submit_batch(
    const std::vector<v1::SubmitRequest>& requests) {
  grpc::ClientContext ctx;
  set_deadline(ctx, kSubmitDeadline);
  v1::SubmitBatchRequest req;
  for (const v1::SubmitRequest& r : requests) *req.add_entries() = r;
  v1::SubmitBatchResponse out;
  grpc::Status s = stub_->SubmitBatch(&ctx, req, &out);
  if (!s.ok()) return to_error(s, kSubmitDeadline, "the node rejected the batch: ");
  if (out.results_size() != req.entries_size()) {
    return Error(ErrorCode::kInternal, "the node answered " + std::to_string(out.results_size()) +
                                           " of " + std::to_string(req.entries_size()) +
                                           " entries");
  }
  std::vector<Result<v1::Receipt>> results;
  for (v1::SubmitResult& r : *out.mutable_results()) {
    if (r.code() == 0) {
      results.emplace_back(std::move(*r.mutable_receipt()));
    } else {
      results.emplace_back(Error(map_code(static_cast<grpc::StatusCode>(r.code())),
                                 "the node rejected the entry: " + r.message()));
    }
  }
  return results;
}

Result<v1::TallyResponse> NodeClient::get_tally(const std::string& conference_id,
                                                const std::string& item_id) {
  grpc::ClientContext ctx;
  set_deadline(ctx, kSubmitDeadline);
  v1::GetTallyRequest req;
  req.set_conference_id(conference_id);
  req.set_item_id(item_id);
  v1::TallyResponse out;
  grpc::Status s = stub_->GetTally(&ctx, req, &out);
  if (!s.ok()) return to_error(s, kSubmitDeadline, "the node did not give the tally: ");
  return out;
}

}  // namespace conclave::client
