// Submitting an entry: the one write path, as the client sees it.
//
// submit_entry() asks the node for its signed checkpoint (to learn the
// log's origin and verifier key), stamps the body with that origin and the
// current time, signs it with the author's identity, submits it with any
// attached blobs, and checks the receipt before returning it: the leaf hash
// must be that of the entry we signed, and the inclusion proof must verify
// against the node's signed checkpoint. A receipt that fails these checks is
// returned as an Error (the entry may nevertheless have been logged).
#pragma once

#include <string>
#include <vector>

#include "client/node_client.h"
#include "client/receipt.h"
#include "conclave.pb.h"
#include "crypto/identity.h"

namespace conclave::client {

// Stamps body with the log's origin and the current time, and signs it.
v1::SignedEntry sign_body(const std::string& origin, const Identity& author, v1::EntryBody body);

// `body` must have its kind set; origin and time_unix_ms are overwritten.
Result<ReceiptFile> submit_entry(NodeClient& node, const Identity& author, v1::EntryBody body,
                                 std::vector<std::string> blobs = {});

// Many entries by one author, sent in SubmitBatch calls of at most
// core::kMaxBatchEntries: one result per body, in order, each checked as
// above. The outer Error means a call failed as a whole; the bodies of
// earlier calls may then be logged already (their results are lost).
Result<std::vector<Result<ReceiptFile>>> submit_entries(NodeClient& node, const Identity& author,
                                                        std::vector<v1::EntryBody> bodies);

}  // namespace conclave::client
