#include "client/submit.h"

#include <chrono>

#include "client/node_checkpoint.h"
#include "crypto/merkle.h"
#include "node/core/entry.h"

namespace conclave::client {

namespace {

v1::SubmitRequest signed_request(const SignedCheckpoint& cp, const Identity& author,
                                 v1::EntryBody body, std::vector<std::string> blobs) {
  v1::SubmitRequest request;
  *request.mutable_entry() = sign_body(cp.checkpoint.origin, author, std::move(body));
  for (std::string& b : blobs) request.add_blobs(std::move(b));
  return request;
}

Result<ReceiptFile> checked_receipt(const SignedCheckpoint& cp, const v1::SubmitRequest& request,
                                    Result<v1::Receipt> receipt) {
  if (!receipt) return receipt.error();
  ReceiptFile out{std::move(*receipt), cp.verifier_key};
  auto invalid = [](const std::string& why) {
    return Error(ErrorCode::kInternal,
                 "the node accepted the entry but returned an invalid receipt: " + why);
  };
  const Hash32 leaf_hash = merkle_leaf_hash(as_bytes(core::serialize(request.entry())));
  if (out.receipt.leaf_hash() != to_string(view(leaf_hash))) {
    return invalid("its leaf hash is not the hash of the submitted entry");
  }
  if (out.receipt.origin() != cp.checkpoint.origin) {
    return invalid("it names origin \"" + out.receipt.origin() + "\"");
  }
  if (Status s = verify_receipt_offline(out); !s) return invalid(s.error().message());
  return out;
}

}  // namespace

v1::SignedEntry sign_body(const std::string& origin, const Identity& author, v1::EntryBody body) {
  body.set_origin(origin);
  body.set_time_unix_ms(std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count());
  return core::sign_entry(author, body);
}

Result<ReceiptFile> submit_entry(NodeClient& node, const Identity& author, v1::EntryBody body,
                                 std::vector<std::string> blobs) {
  Result<SignedCheckpoint> cp = fetch_checkpoint(node);
  if (!cp) return cp.error();
  const v1::SubmitRequest request = signed_request(*cp, author, std::move(body), std::move(blobs));
  return checked_receipt(*cp, request, node.submit(request));
}

Result<std::vector<Result<ReceiptFile>>> submit_entries(NodeClient& node, const Identity& author,
                                                        std::vector<v1::EntryBody> bodies) {
  Result<SignedCheckpoint> cp = fetch_checkpoint(node);
  if (!cp) return cp.error();
  std::vector<Result<ReceiptFile>> out;
  for (size_t begin = 0; begin < bodies.size(); begin += core::kMaxBatchEntries) {
    const size_t end = std::min(bodies.size(), begin + core::kMaxBatchEntries);
    std::vector<v1::SubmitRequest> requests;
    for (size_t i = begin; i < end; ++i) {
      requests.push_back(signed_request(*cp, author, std::move(bodies[i]), {}));
    }
    Result<std::vector<Result<v1::Receipt>>> results = node.submit_batch(requests);
    if (!results) return results.error();
    for (size_t i = 0; i < requests.size(); ++i) {
      out.push_back(checked_receipt(*cp, requests[i], std::move((*results)[i])));
    }
  }
  return out;
}

}  // namespace conclave::client
