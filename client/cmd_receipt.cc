// conclave receipt verify: check a receipt offline and against a node.
//
// Checks, in order (see receipt.h for the pure ones):
//   1. the receipt's checkpoint is signed by its verifier key and matches
//      its origin and tree size;
//   2. the inclusion proof puts the leaf at its index under that root;
//   3. the node serves the same verifier key, a checkpoint signed by it, and
//      a consistency proof from the receipt's tree to the current one;
//   4. the node's leaf at the index hashes to the receipt's leaf hash.
#include <memory>

#include "client/commands.h"
#include "client/file_io.h"
#include "client/node_client.h"
#include "client/output.h"
#include "client/receipt.h"
#include "node/core/entry.h"

namespace conclave::client {
namespace {

struct Check {
  std::string name;
  Status status;
};

std::string sz(uint64_t v) {
  return std::to_string(v);
}

// Checks 3: the node's key and checkpoint, and consistency with `receipt_cp`.
void check_node(NodeClient& node, const ReceiptFile& r, const Result<Checkpoint>& receipt_cp,
                std::vector<Check>& checks) {
  const std::string consistency_name = "the node's log extends the receipt's checkpoint";
  Result<v1::CheckpointResponse> resp = node.get_checkpoint();
  if (!resp) {
    checks.push_back({"node at " + node.address() + " answers", resp.error()});
    checks.push_back({consistency_name, Error("not checked: no checkpoint from the node")});
    return;
  }
  checks.push_back({"the node's verifier key is the receipt's",
                    resp->verifier_key() == r.verifier_key
                        ? Status::Ok()
                        : Status(Error("the node announces \"" + resp->verifier_key() + "\""))});
  Result<Checkpoint> current = open_checkpoint(resp->checkpoint(), r.verifier_key);
  checks.push_back({"the node's current checkpoint is signed by the receipt's key" +
                        (current ? " (size " + sz(current->size) + ")" : std::string()),
                    current ? Status::Ok() : Status(current.error())});
  if (!current || !receipt_cp) {
    checks.push_back({consistency_name, Error("not checked: a checkpoint did not verify")});
    return;
  }
  std::vector<Hash32> hashes;
  if (current->size > receipt_cp->size) {
    Result<v1::ConsistencyProof> p = node.get_consistency_proof(receipt_cp->size, current->size);
    if (!p) {
      checks.push_back({consistency_name, p.error()});
      return;
    }
    Result<std::vector<Hash32>> h = hashes_from_proto(p->hashes(), "consistency proof hash");
    if (!h) {
      checks.push_back({consistency_name, h.error()});
      return;
    }
    hashes = std::move(*h);
  }
  checks.push_back({"the node's log (size " + sz(current->size) +
                        ") extends the receipt's checkpoint (size " + sz(receipt_cp->size) + ")",
                    verify_checkpoint_consistency(*receipt_cp, *current, hashes)});
}

// Check 4: the leaf the node serves at the receipt's index.
Check check_leaf(NodeClient& node, const ReceiptFile& r) {
  const uint64_t index = r.receipt.index();
  Check c{"the node's entry " + sz(index) + " is the receipt's", Status::Ok()};
  if (index == UINT64_MAX) {
    c.status = Error("index out of range");
    return c;
  }
  std::optional<Status> leaf_status;
  Result<uint64_t> n = node.get_entries(index, index + 1, [&](const v1::LogEntry& e) {
    leaf_status = verify_receipt_leaf(r, e.index(), e.leaf());
    return Status::Ok();
  });
  if (!n) {
    c.status = n.error();
  } else if (!leaf_status) {
    c.status = Error("the node did not return entry " + sz(index));
  } else {
    c.status = *leaf_status;
  }
  return c;
}

int run_verify(const GlobalOptions& g, const std::string& file) {
  Result<std::string> text = read_file(file, kMaxReceiptFileBytes);
  if (!text) return report_error(text.error());
  Result<ReceiptFile> r = receipt_from_json(*text);
  if (!r) return report_error(file + ": " + r.error().message());

  std::vector<Check> checks;
  Result<Checkpoint> cp = verify_receipt_checkpoint(*r);
  checks.push_back(
      {"the receipt's checkpoint is signed by its key and matches its origin "
       "and tree size",
       cp ? Status::Ok() : Status(cp.error())});
  checks.push_back({"entry " + sz(r->receipt.index()) + " is included in the receipt's tree",
                    cp ? verify_receipt_inclusion(*r, *cp)
                       : Status(Error("not checked: the checkpoint did not verify"))});

  Result<NodeClient> node = NodeClient::create(g.node);
  if (!node) return report_error(node.error());
  check_node(*node, *r, cp, checks);
  checks.push_back(check_leaf(*node, *r));

  bool ok = true;
  for (const Check& c : checks) ok = ok && c.status.ok();
  Result<Hash32> leaf = hash_from_bytes(r->receipt.leaf_hash(), "leaf hash");
  const std::string code = leaf ? core::tracking_code(*leaf) : "";
  if (g.json) {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const Check& c : checks) {
      nlohmann::ordered_json one{{"check", c.name}, {"ok", c.status.ok()}};
      if (!c.status.ok()) one["error"] = c.status.error().message();
      list.push_back(std::move(one));
    }
    print_json({{"receipt", file},
                {"origin", r->receipt.origin()},
                {"index", r->receipt.index()},
                {"tracking_code", code},
                {"node", g.node},
                {"ok", ok},
                {"checks", std::move(list)}});
  } else {
    std::cout << "receipt " << printable(file) << ": entry " << r->receipt.index() << " of "
              << printable(r->receipt.origin()) << ", tracking code " << code << "\n";
    for (const Check& c : checks) {
      std::cout << (c.status.ok() ? "OK      " : "FAILED  ") << printable(c.name);
      if (!c.status.ok()) std::cout << ": " << printable(c.status.error().message());
      std::cout << "\n";
    }
    std::cout << (ok ? "receipt verified" : "receipt NOT verified") << "\n";
  }
  std::cout.flush();
  return ok ? kExitOk : kExitFailure;
}

}  // namespace

void add_receipt_commands(CLI::App& app, GlobalOptions& global, Action& action) {
  CLI::App* receipt = app.add_subcommand("receipt", "Check receipts");
  receipt->require_subcommand(1);

  auto file = std::make_shared<std::string>();
  CLI::App* verify =
      receipt->add_subcommand("verify", "Verify a receipt offline and against the node (--node)");
  verify->add_option("file", *file, "Receipt JSON file")->required();
  add_node_option(verify, global);
  add_json_flag(verify, global);
  verify->callback(
      [&action, &global, file] { action = [&global, file] { return run_verify(global, *file); }; });
}

}  // namespace conclave::client
