#include "client/submit.h"

#include <chrono>

#include "client/node_checkpoint.h"
#include "crypto/merkle.h"
#include "node/core/entry.h"

namespace conclave::client {

Result<ReceiptFile> submit_entry(NodeClient& node, const Identity& author, v1::EntryBody body,
                                 std::vector<std::string> blobs) {
  Result<SignedCheckpoint> cp = fetch_checkpoint(node);
  if (!cp) return cp.error();
  body.set_origin(cp->checkpoint.origin);
  body.set_time_unix_ms(std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count());

  v1::SubmitRequest request;
  *request.mutable_entry() = core::sign_entry(author, body);
  for (std::string& b : blobs) request.add_blobs(std::move(b));
  const Hash32 leaf_hash = merkle_leaf_hash(as_bytes(core::serialize(request.entry())));

  Result<v1::Receipt> receipt = node.submit(request);
  if (!receipt) return receipt.error();

  ReceiptFile out{std::move(*receipt), cp->verifier_key};
  auto invalid = [](const std::string& why) {
    return Error(ErrorCode::kInternal,
                 "the node accepted the entry but returned an invalid receipt: " + why);
  };
  if (out.receipt.leaf_hash() != to_string(view(leaf_hash))) {
    return invalid("its leaf hash is not the hash of the submitted entry");
  }
  if (out.receipt.origin() != cp->checkpoint.origin) {
    return invalid("it names origin \"" + out.receipt.origin() + "\"");
  }
  if (Status s = verify_receipt_offline(out); !s) return invalid(s.error().message());
  return out;
}

}  // namespace conclave::client
