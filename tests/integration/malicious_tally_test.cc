// A trustee refuses to decrypt when the node presents aggregates that do not
// match the log.
//
// The node under test is in-process: a real Ledger with the real
// LedgerService, wrapped in a gRPC service that forwards every call but can
// tamper with GetTally's answer (the aggregates a trustee is asked to
// decrypt). A conference is driven to a closed item through it with the real
// `conclave` binary; then `conclave trustee decrypt` must refuse every
// tampered answer, with nothing added to the log, and succeed against the
// honest one.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "client/conference_builders.h"
#include "crypto/keyfile.h"
#include "node/core/codec.h"
#include "node/core/conference_rules.h"
#include "node/core/entry.h"
#include "node/server/grpc_status.h"
#include "node/server/ledger.h"
#include "node/server/ledger_service.h"
#include "node/server/node_config.h"
#include "tests/integration/node_process.h"
#include "tests/temp_dir.h"

#ifndef CONCLAVE_BIN
#error "CONCLAVE_BIN (the conclave client binary) must be defined by the build"
#endif

namespace conclave::testing {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

enum class Tamper {
  kNone,
  kSwapAggregates,  // two options' aggregates trade places
  kBallotsCounted,  // claims one ballot fewer
  kAggregateHash,   // one bit of the aggregate hash flipped
  kDropAggregate,   // one aggregate missing
  kSwapComponents,  // α and β of one aggregate exchanged: a well-formed ciphertext
  kLeaveOutBallot,  // a self-consistent tally of all ballots but one
};

const char* name(Tamper t) {
  switch (t) {
    case Tamper::kNone:
      return "none";
    case Tamper::kSwapAggregates:
      return "swap aggregates";
    case Tamper::kBallotsCounted:
      return "ballots counted";
    case Tamper::kAggregateHash:
      return "aggregate hash";
    case Tamper::kDropAggregate:
      return "drop aggregate";
    case Tamper::kSwapComponents:
      return "swap components";
    case Tamper::kLeaveOutBallot:
      return "leave out a ballot";
  }
  return "?";
}

// Forwards everything to the honest service; GetTally's answer is tampered
// with as set.
class TamperingLedgerService final : public v1::Ledger::Service {
 public:
  explicit TamperingLedgerService(Ledger& ledger) : ledger_(ledger), honest_(ledger) {}

  void set(Tamper t) { tamper_ = t; }
  int tally_calls() const { return tally_calls_; }

  grpc::Status Submit(grpc::ServerContext*, const v1::SubmitRequest* req,
                      v1::Receipt* out) override {
    // The real service finishes Submit asynchronously; call the ledger itself.
    std::vector<std::string> blobs(req->blobs().begin(), req->blobs().end());
    Result<v1::Receipt> r = ledger_.submit(req->entry(), std::move(blobs));
    if (!r) return {to_grpc_code(r.error().code()), r.error().message()};
    *out = std::move(*r);
    return grpc::Status::OK;
  }
  grpc::Status SubmitBatch(grpc::ServerContext*, const v1::SubmitBatchRequest* req,
                           v1::SubmitBatchResponse* out) override {
    for (const v1::SubmitRequest& r : req->entries()) {
      v1::Receipt receipt;
      grpc::Status s = Submit(nullptr, &r, &receipt);
      v1::SubmitResult* result = out->add_results();
      if (s.ok()) {
        *result->mutable_receipt() = std::move(receipt);
      } else {
        result->set_code(s.error_code());
        result->set_message(s.error_message());
      }
    }
    return grpc::Status::OK;
  }
  grpc::Status GetCheckpoint(grpc::ServerContext* ctx, const v1::GetCheckpointRequest* req,
                             v1::CheckpointResponse* out) override {
    return honest_.GetCheckpoint(ctx, req, out);
  }
  grpc::Status GetEntries(grpc::ServerContext* ctx, const v1::GetEntriesRequest* req,
                          grpc::ServerWriter<v1::LogEntry>* writer) override {
    return honest_.GetEntries(ctx, req, writer);
  }
  grpc::Status GetInclusionProof(grpc::ServerContext* ctx, const v1::GetInclusionProofRequest* req,
                                 v1::InclusionProof* out) override {
    return honest_.GetInclusionProof(ctx, req, out);
  }
  grpc::Status GetConsistencyProof(grpc::ServerContext* ctx,
                                   const v1::GetConsistencyProofRequest* req,
                                   v1::ConsistencyProof* out) override {
    return honest_.GetConsistencyProof(ctx, req, out);
  }
  grpc::Status WatchCheckpoints(grpc::ServerContext* ctx, const v1::WatchCheckpointsRequest* req,
                                grpc::ServerWriter<v1::CheckpointResponse>* writer) override {
    return honest_.WatchCheckpoints(ctx, req, writer);
  }
  grpc::Status GetBlob(grpc::ServerContext* ctx, const v1::GetBlobRequest* req,
                       v1::Blob* out) override {
    return honest_.GetBlob(ctx, req, out);
  }
  grpc::Status GetTally(grpc::ServerContext* ctx, const v1::GetTallyRequest* req,
                        v1::TallyResponse* out) override {
    grpc::Status s = honest_.GetTally(ctx, req, out);
    if (!s.ok()) return s;
    ++tally_calls_;
    switch (tamper_.load()) {
      case Tamper::kNone:
        break;
      case Tamper::kSwapAggregates:
        out->mutable_aggregates()->SwapElements(0, 1);
        break;
      case Tamper::kBallotsCounted:
        out->set_ballots_counted(out->ballots_counted() - 1);
        break;
      case Tamper::kAggregateHash:
        (*out->mutable_aggregate_hash())[0] ^= 1;
        break;
      case Tamper::kDropAggregate:
        out->mutable_aggregates()->RemoveLast();
        break;
      case Tamper::kSwapComponents: {
        v1::CiphertextMsg* a = out->mutable_aggregates(0);
        a->mutable_alpha()->swap(*a->mutable_beta());
        break;
      }
      case Tamper::kLeaveOutBallot:
        ledger_.read_state([&](const core::State& state) {
          const core::Item* honest = state.conference(req->conference_id())->item(req->item_id());
          core::Item fewer = *honest;
          fewer.ballots.erase(fewer.ballots.begin());
          const std::vector<Ciphertext> sums = core::compute_aggregates(fewer);
          out->clear_aggregates();
          for (const Ciphertext& c : sums) *out->add_aggregates() = core::encode(c);
          out->set_aggregate_hash(core::encode(core::aggregate_hash(
              req->conference_id(), req->item_id(), fewer.ballots.size(), sums)));
          out->set_ballots_counted(fewer.ballots.size());
        });
        break;
    }
    return grpc::Status::OK;
  }

 private:
  Ledger& ledger_;
  LedgerService honest_;
  std::atomic<Tamper> tamper_{Tamper::kNone};
  std::atomic<int> tally_calls_{0};
};

constexpr const char* kConference = "hn-1";
constexpr const char* kItem = "r1";

// A node directory made by `conclaved init`, served in-process.
class FakeNode {
 public:
  FakeNode() {
    write_key_file(organizer(), organizer_id_, "Ban tổ chức");
    // Only `conclaved init`: the node is never started as a process.
    NodeProcess init(dir_.path(), "conclave.vn/thu-nghiem/malicious", organizer());
    Result<NodeConfig> config = load_node_config(init.node_dir());
    Result<std::string> key_text = read_file(NodeConfig::key_path(init.node_dir()));
    if (!config || !key_text) throw std::runtime_error("cannot read the node directory");
    Result<Identity> key = key_file_open(*key_text, "");
    if (!key) throw std::runtime_error("node key: " + key.error().message());
    Result<std::unique_ptr<Ledger>> ledger =
        Ledger::open(NodeConfig::log_path(init.node_dir()), *key, {.origin = config->origin});
    if (!ledger) throw std::runtime_error("ledger: " + ledger.error().message());
    ledger_ = std::move(*ledger);
    service_ = std::make_unique<TamperingLedgerService>(*ledger_);
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
    builder.RegisterService(service_.get());
    server_ = builder.BuildAndStart();
    if (!server_ || port == 0) throw std::runtime_error("cannot serve on loopback");
    address_ = "127.0.0.1:" + std::to_string(port);
  }
  ~FakeNode() {
    if (server_) server_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(2));
    server_.reset();
    service_.reset();
    ledger_.reset();
  }

  std::string organizer() const { return (dir_.path() / "organizer.key").string(); }
  const Identity& organizer_identity() const { return organizer_id_; }
  std::string key(const std::string& id) const { return (dir_.path() / (id + ".key")).string(); }
  const Identity& identity(const std::string& id) const { return members_.at(id); }
  Ledger& ledger() { return *ledger_; }
  TamperingLedgerService& service() { return *service_; }

  CliRun cli(std::vector<std::string> args) const {
    return run_cli(CONCLAVE_BIN, address_, std::move(args));
  }
  json ok(std::vector<std::string> args) const {
    args.insert(args.begin(), "--json");
    CliRun r = cli(args);
    if (r.rc != 0) throw std::runtime_error("conclave failed:\n" + r.out);
    return parse_cli_json(r.out);
  }
  std::vector<std::string> item_cmd(const std::string& what) const {
    return {"item", what, "--conference", kConference, "--item", kItem, "--organizer", organizer()};
  }
  CliRun decrypt(const std::string& trustee) const {
    return cli({"trustee", "decrypt", "--conference", kConference, "--item", kItem, "--key",
                key(trustee)});
  }
  // The trustees who have a decryption share of the item in the log.
  std::vector<uint32_t> shares() const {
    return ledger_->read_state([&](const core::State& s) {
      std::vector<uint32_t> out;
      for (const auto& [j, sh] : s.conference(kConference)->item(kItem)->shares) out.push_back(j);
      return out;
    });
  }

  // Through the real CLI: members S01..S04 enroll; trustees S01–S03 (any 2
  // decrypt) hold their ceremony; everyone checks in; r1 gets 3 approve and
  // 1 reject and closes.
  void drive_to_closed_item() {
    const std::vector<std::string> ids = {"S01", "S02", "S03", "S04"};
    for (const std::string& id : ids) {
      Identity me = Identity::generate();
      write_key_file(key(id), me, id);
      members_.emplace(id, std::move(me));
      const json added =
          ok({"member", "add", "--organizer", organizer(), "--id", id, "--name", "Cán bộ " + id});
      ok({"member", "enroll", "--id", id, "--code", added.at(0).at("code"), "--key", key(id)});
    }
    const fs::path agenda = dir_.path() / "agenda.yaml";
    std::ofstream(agenda) << "title: \"Hội nghị cán bộ năm 2027\"\n"
                             "trustees: {threshold: 2, members: [S01, S02, S03]}\n"
                             "items:\n"
                             "  - {id: r1, type: resolution, title: \"Nghị quyết hội nghị\"}\n";
    ok({"conference", "create", "--organizer", organizer(), "--agenda", agenda.string(), "--id",
        kConference});
    std::vector<CliRun> ceremony(3);
    std::vector<std::thread> trustees;
    for (size_t i = 0; i < 3; ++i) {
      trustees.emplace_back([&, i] {
        ceremony[i] = cli({"trustee", "ceremony", "--conference", kConference, "--key", key(ids[i]),
                           "--timeout", "60"});
      });
    }
    for (auto& t : trustees) t.join();
    for (const CliRun& r : ceremony) {
      if (r.rc != 0) throw std::runtime_error("ceremony failed:\n" + r.out);
    }
    for (const std::string& id : ids)
      ok({"checkin", "--conference", kConference, "--key", key(id)});
    ok(item_cmd("open"));
    const char* choices[] = {"approve", "approve", "approve", "reject"};
    for (size_t i = 0; i < ids.size(); ++i) {
      ok({"vote", "--conference", kConference, "--item", kItem, "--key", key(ids[i]), "--choice",
          choices[i]});
    }
    ok(item_cmd("close"));
  }

  // Straight to the ledger, as the node's Submit RPC would.
  Result<v1::Receipt> submit_as(const Identity& author, v1::EntryBody body) {
    body.set_origin(ledger_->origin());
    body.set_time_unix_ms(std::chrono::duration_cast<std::chrono::milliseconds>(
                              std::chrono::system_clock::now().time_since_epoch())
                              .count());
    return ledger_->submit(core::sign_entry(author, body));
  }

 private:
  TempDir dir_;
  Identity organizer_id_ = Identity::generate();
  std::map<std::string, Identity> members_;
  std::unique_ptr<Ledger> ledger_;
  std::unique_ptr<TamperingLedgerService> service_;
  std::unique_ptr<grpc::Server> server_;
  std::string address_;
};

std::vector<uint64_t> counts_of(const json& item) {
  std::vector<uint64_t> out;
  for (const json& c : item.at("counts")) out.push_back(c.at("count").get<uint64_t>());
  return out;
}

TEST(MaliciousTally, TrusteeRefusesAggregatesThatDoNotMatchTheLog) {
  FakeNode node;
  node.drive_to_closed_item();
  auto refuses_every_tampered_answer = [&](const std::string& trustee) {
    for (Tamper t : {Tamper::kSwapAggregates, Tamper::kBallotsCounted, Tamper::kAggregateHash,
                     Tamper::kDropAggregate, Tamper::kSwapComponents, Tamper::kLeaveOutBallot}) {
      SCOPED_TRACE(std::string("tampering: ") + name(t) + ", trustee " + trustee);
      node.service().set(t);
      const uint64_t size = node.ledger().size();
      const std::vector<uint32_t> before = node.shares();
      const int calls = node.service().tally_calls();
      const CliRun r = node.decrypt(trustee);
      EXPECT_NE(r.rc, 0) << r.out;
      EXPECT_NE(r.out.find("conclave: error: refusing to decrypt"), std::string::npos) << r.out;
      EXPECT_EQ(node.service().tally_calls(), calls + 1) << "the trustee did not ask the node";
      EXPECT_EQ(node.ledger().size(), size) << "a share was added to the log";
      EXPECT_EQ(node.shares(), before);
    }
    node.service().set(Tamper::kNone);
  };

  // Nothing is decrypted while the node lies; the honest answer works
  // (positive control).
  refuses_every_tampered_answer("S01");
  EXPECT_TRUE(node.shares().empty());
  const uint64_t size = node.ledger().size();
  CliRun r = node.decrypt("S01");
  ASSERT_EQ(r.rc, 0) << r.out;
  EXPECT_EQ(node.ledger().size(), size + 1);
  EXPECT_EQ(node.shares(), std::vector<uint32_t>{1});

  // The next trustee is not fooled either, and the honest shares tally.
  refuses_every_tampered_answer("S03");
  r = node.decrypt("S03");
  ASSERT_EQ(r.rc, 0) << r.out;
  EXPECT_EQ(node.shares(), (std::vector<uint32_t>{1, 3}));
  const json result = node.ok(node.item_cmd("tally"));
  EXPECT_EQ(counts_of(result), (std::vector<uint64_t>{3, 1, 0}));
  EXPECT_EQ(result.at("ballots_counted").get<uint64_t>(), 4u);
  EXPECT_EQ(result.at("outcome"), "passed");
}

// The other side of the same coin: whoever signs them, shares and results
// that do not follow from the log are refused by the node, and nothing is
// written.
TEST(MaliciousTally, NodeRefusesForgedSharesAndResults) {
  FakeNode node;
  node.drive_to_closed_item();
  auto refused = [&](const Identity& author, const v1::EntryBody& body, const std::string& why) {
    const uint64_t size = node.ledger().size();
    Result<v1::Receipt> r = node.submit_as(author, body);
    ASSERT_FALSE(r) << "accepted at index " << r->index();
    EXPECT_NE(r.error().message().find(why), std::string::npos) << r.error().message();
    EXPECT_EQ(node.ledger().size(), size);
  };
  auto item_state = [&] {
    core::State s = node.ledger().state();
    return std::make_pair(*s.conference(kConference), *s.conference(kConference)->item(kItem));
  };

  // Shares: a made-up secret (the proofs fail), under another trustee's
  // index, from a member who is no trustee, for aggregates of one ballot
  // fewer.
  {
    const auto [c, item] = item_state();
    Result<v1::EntryBody> forged = client::build_decryption_share(
        c, item, 2, Scalar::random(), node.identity("S02").public_key());
    ASSERT_TRUE(forged);
    refused(node.identity("S02"), *forged, "share 0");
    v1::EntryBody other = *forged;
    other.mutable_decryption_share()->set_trustee_index(1);
    refused(node.identity("S02"), other, "the author is trustee 2");
    refused(node.identity("S04"), *forged, "only a trustee");
    v1::EntryBody fewer = *forged;
    fewer.mutable_decryption_share()->set_ballots_counted(3);
    refused(node.identity("S02"), fewer, "aggregates other than the ones the log implies");
  }
  EXPECT_TRUE(node.shares().empty());

  // Results: not before t shares, never listing a trustee twice.
  ASSERT_EQ(node.decrypt("S01").rc, 0);
  {
    const auto [c, item] = item_state();
    v1::EntryBody result;
    v1::ItemResult* m = result.mutable_item_result();
    m->set_conference_id(kConference);
    m->set_item_id(kItem);
    for (uint64_t n : {3, 1, 0}) m->add_counts(n);
    m->set_attendees(4);
    m->set_roster_size(4);
    m->set_ballots_counted(4);
    m->set_outcome("passed");
    m->add_trustees_used(1);
    refused(node.organizer_identity(), result, "at least 2 trustees, got 1");
    m->add_trustees_used(1);
    refused(node.organizer_identity(), result, "listed twice");
    EXPECT_FALSE(client::build_item_result(c, item));
  }

  // With two honest shares: the counts must be the decryption, the outcome
  // the rule's, the totals the log's, and only an organizer publishes.
  ASSERT_EQ(node.decrypt("S03").rc, 0);
  const auto [c, item] = item_state();
  Result<v1::EntryBody> honest = client::build_item_result(c, item);
  ASSERT_TRUE(honest);
  EXPECT_EQ(std::vector<uint64_t>(honest->item_result().counts().begin(),
                                  honest->item_result().counts().end()),
            (std::vector<uint64_t>{3, 1, 0}));
  v1::EntryBody lie = *honest;
  lie.mutable_item_result()->set_counts(0, 1);
  lie.mutable_item_result()->set_counts(1, 3);
  lie.mutable_item_result()->set_outcome("failed");
  refused(node.organizer_identity(), lie, "the counts do not match");
  lie = *honest;
  lie.mutable_item_result()->set_outcome("failed");
  refused(node.organizer_identity(), lie, "the outcome does not follow");
  lie = *honest;
  lie.mutable_item_result()->set_attendees(3);
  refused(node.organizer_identity(), lie, "do not match the log");
  lie = *honest;
  lie.mutable_item_result()->set_ballots_counted(3);
  refused(node.organizer_identity(), lie, "do not match the log");
  refused(node.identity("S01"), *honest, "only an organizer");
  Result<v1::Receipt> published = node.submit_as(node.organizer_identity(), *honest);
  ASSERT_TRUE(published) << published.error().message();
  const json shown = node.ok({"result", "--conference", kConference, "--item", kItem});
  EXPECT_EQ(shown.at("status"), "tallied");
  EXPECT_EQ(counts_of(shown), (std::vector<uint64_t>{3, 1, 0}));
  EXPECT_EQ(shown.at("outcome"), "passed");
}

}  // namespace
}  // namespace conclave::testing
