#include "client/node_checkpoint.h"

#include "client/receipt.h"

namespace conclave::client {

Result<SignedCheckpoint> fetch_checkpoint(NodeClient& node) {
  Result<v1::CheckpointResponse> resp = node.get_checkpoint();
  if (!resp) return resp.error();
  Result<Checkpoint> cp = open_checkpoint(resp->checkpoint(), resp->verifier_key());
  if (!cp) {
    return Error(ErrorCode::kInvalidArgument, "the checkpoint of node " + node.address() +
                                                  " does not verify: " + cp.error().message());
  }
  return SignedCheckpoint{resp->checkpoint(), resp->verifier_key(), std::move(*cp)};
}

}  // namespace conclave::client
