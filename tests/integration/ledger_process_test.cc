// A real conclaved on loopback: submit, read back, verify every proof on the
// client side; bad input rejected with precise statuses and nothing written.
#include <gtest/gtest.h>

#include <thread>

#include "node/core/entry.h"
#include "tests/core/entry_builders.h"
#include "tests/integration/node_process.h"
#include "tests/receipt_check.h"
#include "tests/temp_dir.h"

namespace conclave::testing {
namespace {

using namespace std::chrono_literals;

struct Node {
  TempDir dir;
  Identity organizer = Identity::generate();
  std::unique_ptr<NodeProcess> node;
  std::unique_ptr<v1::Ledger::Stub> stub;
  std::string vkey;

  Node() {
    write_key_file(dir.path() / "org.key", organizer, "Trưởng phòng");
    node = std::make_unique<NodeProcess>(dir.path(), kOrigin, dir.path() / "org.key");
    node->start();
    stub = node->stub();
    vkey = checkpoint().verifier_key();
  }
  v1::CheckpointResponse checkpoint() {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + 10s);
    v1::CheckpointResponse r;
    EXPECT_TRUE(stub->GetCheckpoint(&ctx, {}, &r).ok());
    return r;
  }
  grpc::Status submit(const v1::SignedEntry& e, v1::Receipt* r,
                      std::vector<std::string> blobs = {}) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + 10s);
    v1::SubmitRequest req;
    *req.mutable_entry() = e;
    for (auto& b : blobs) req.add_blobs(b);
    return stub->Submit(&ctx, req, r);
  }
  uint64_t size() { return open_checkpoint(checkpoint().checkpoint(), vkey)->size; }
};

TEST(LedgerProcess, SubmitReadBackAndVerify) {
  Node n;
  EXPECT_EQ(n.size(), 1u);  // the genesis
  v1::Receipt r;
  v1::SignedEntry e = core::sign_entry(n.organizer, disclosure_body("Báo cáo tài chính 2026"));
  ASSERT_TRUE(n.submit(e, &r).ok());
  EXPECT_TRUE(verify_receipt(r, n.vkey));
  EXPECT_EQ(r.index(), 1u);

  // The entry reads back byte for byte.
  grpc::ClientContext ctx;
  v1::GetEntriesRequest req;
  req.set_start(0);
  auto reader = n.stub->GetEntries(&ctx, req);
  std::vector<std::string> leaves;
  v1::LogEntry le;
  while (reader->Read(&le)) leaves.push_back(le.leaf());
  ASSERT_TRUE(reader->Finish().ok());
  ASSERT_EQ(leaves.size(), 2u);
  EXPECT_EQ(leaves[1], core::serialize(e));
  EXPECT_EQ(merkle_leaf_hash(as_bytes(leaves[1])), to_hash(r.leaf_hash()));

  // Inclusion proof for the genesis at the current size.
  Checkpoint cp = *open_checkpoint(n.checkpoint().checkpoint(), n.vkey);
  grpc::ClientContext c2;
  v1::GetInclusionProofRequest ir;
  ir.set_index(0);
  v1::InclusionProof ip;
  ASSERT_TRUE(n.stub->GetInclusionProof(&c2, ir, &ip).ok());
  EXPECT_TRUE(merkle_verify_inclusion(0, cp.size, merkle_leaf_hash(as_bytes(leaves[0])),
                                      to_hashes(ip.hashes()), cp.root));

  // Grow the log and prove consistency with the first checkpoint.
  for (int i = 0; i < 6; ++i) {
    ASSERT_TRUE(
        n.submit(core::sign_entry(n.organizer, disclosure_body(std::to_string(i))), &r).ok());
  }
  Checkpoint later = *open_checkpoint(n.checkpoint().checkpoint(), n.vkey);
  grpc::ClientContext c3;
  v1::GetConsistencyProofRequest cr;
  cr.set_from_size(cp.size);
  v1::ConsistencyProof proof;
  ASSERT_TRUE(n.stub->GetConsistencyProof(&c3, cr, &proof).ok());
  EXPECT_EQ(later.size, 8u);
  EXPECT_TRUE(merkle_verify_consistency(cp.size, later.size, to_hashes(proof.hashes()), cp.root,
                                        later.root));
}

TEST(LedgerProcess, BadInputIsRejectedPrecisely) {
  Node n;
  v1::Receipt r;
  // Malformed protobuf in the body.
  v1::SignedEntry junk = core::sign_entry(n.organizer, disclosure_body("x"));
  junk.set_body("\xff\xff\xff garbage");
  EXPECT_EQ(n.submit(junk, &r).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  // Wrong signature.
  v1::SignedEntry bad = core::sign_entry(n.organizer, disclosure_body("x"));
  bad.mutable_signature()->at(0) ^= 1;
  grpc::Status s = n.submit(bad, &r);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("signature"), std::string::npos) << s.error_message();
  // Unknown author.
  Identity stranger = Identity::generate();
  s = n.submit(core::sign_entry(stranger, disclosure_body("x")), &r);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_NE(s.error_message().find("organizer"), std::string::npos) << s.error_message();
  // Oversize entry.
  s = n.submit(core::sign_entry(n.organizer, disclosure_body(std::string(1100000, 'a'))), &r);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  // Entry for another log.
  v1::EntryBody other = disclosure_body("x");
  other.set_origin("example.org/other");
  EXPECT_EQ(n.submit(core::sign_entry(n.organizer, other), &r).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  // Out-of-range reads.
  grpc::ClientContext ctx;
  v1::GetInclusionProofRequest ir;
  ir.set_index(99);
  v1::InclusionProof ip;
  EXPECT_EQ(n.stub->GetInclusionProof(&ctx, ir, &ip).error_code(), grpc::StatusCode::OUT_OF_RANGE);
  EXPECT_EQ(n.size(), 1u);  // nothing was written
}

// SubmitBatch: each entry answered on its own, in order; the accepted ones
// share a checkpoint; a malformed call is refused as a whole.
TEST(LedgerProcess, SubmitBatchAnswersEachEntry) {
  Node n;
  auto batch = [&](const std::vector<v1::SignedEntry>& entries, v1::SubmitBatchResponse* out) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + 10s);
    v1::SubmitBatchRequest req;
    for (const v1::SignedEntry& e : entries) *req.add_entries()->mutable_entry() = e;
    return n.stub->SubmitBatch(&ctx, req, out);
  };
  v1::SignedEntry a = core::sign_entry(n.organizer, disclosure_body("a"));
  v1::SignedEntry bad = core::sign_entry(n.organizer, disclosure_body("bad"));
  bad.mutable_signature()->at(0) ^= 1;
  v1::SignedEntry b = core::sign_entry(n.organizer, disclosure_body("b"));
  v1::SignedEntry stranger = core::sign_entry(Identity::generate(), disclosure_body("s"));
  v1::SubmitBatchResponse out;
  ASSERT_TRUE(batch({a, bad, b, a, stranger}, &out).ok());
  ASSERT_EQ(out.results_size(), 5);
  EXPECT_EQ(out.results(0).code(), 0);
  EXPECT_TRUE(verify_receipt(out.results(0).receipt(), n.vkey));
  EXPECT_EQ(out.results(1).code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(out.results(1).message().find("signature"), std::string::npos);
  EXPECT_FALSE(out.results(1).has_receipt());
  EXPECT_EQ(out.results(2).code(), 0);
  EXPECT_TRUE(verify_receipt(out.results(2).receipt(), n.vkey));
  EXPECT_EQ(out.results(2).receipt().index(), out.results(0).receipt().index() + 1);
  EXPECT_EQ(out.results(3).code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(out.results(4).code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(n.size(), 3u);

  EXPECT_EQ(batch({}, &out).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  std::vector<v1::SignedEntry> too_many(core::kMaxBatchEntries + 1, a);
  EXPECT_EQ(batch(too_many, &out).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  grpc::ClientContext ctx;
  v1::SubmitBatchRequest empty_element;
  empty_element.add_entries();
  EXPECT_EQ(n.stub->SubmitBatch(&ctx, empty_element, &out).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(n.size(), 3u);
}

TEST(LedgerProcess, WatchCheckpointsStreamsNewOnes) {
  Node n;
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + 20s);
  v1::WatchCheckpointsRequest req;
  req.set_after_size(1);
  auto stream = n.stub->WatchCheckpoints(&ctx, req);
  std::thread submitter([&] {
    std::this_thread::sleep_for(200ms);
    v1::Receipt r;
    EXPECT_TRUE(n.submit(core::sign_entry(n.organizer, disclosure_body("new")), &r).ok());
  });
  v1::CheckpointResponse cp;
  ASSERT_TRUE(stream->Read(&cp));
  submitter.join();
  EXPECT_EQ(open_checkpoint(cp.checkpoint(), n.vkey)->size, 2u);
  ctx.TryCancel();
}

TEST(LedgerProcess, CleanShutdownAndRestart) {
  Node n;
  v1::Receipt r;
  ASSERT_TRUE(n.submit(core::sign_entry(n.organizer, disclosure_body("keep me")), &r).ok());
  const std::string before = n.checkpoint().checkpoint();
  EXPECT_EQ(n.node->stop(), 0);
  n.node->start();
  n.stub = n.node->stub();
  EXPECT_EQ(n.checkpoint().checkpoint(), before);
  EXPECT_TRUE(verify_receipt(r, n.vkey));
}

TEST(LedgerProcess, DocumentsServedByHash) {
  Node n;
  std::string doc(5000, 'q');
  v1::EntryBody b = disclosure_body(doc);
  b.mutable_disclosure()->clear_inline_body();
  v1::Receipt r;
  ASSERT_TRUE(n.submit(core::sign_entry(n.organizer, b), &r, {doc}).ok());
  grpc::ClientContext ctx;
  v1::GetBlobRequest req;
  req.set_sha256(b.disclosure().sha256());
  v1::Blob blob;
  ASSERT_TRUE(n.stub->GetBlob(&ctx, req, &blob).ok());
  EXPECT_EQ(blob.data(), doc);
}

}  // namespace
}  // namespace conclave::testing
