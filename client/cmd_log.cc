// conclave log checkpoint | entries | proof | consistency: read a node's log
// and check what it serves against its signed checkpoint.
#include <algorithm>
#include <memory>

#include "client/commands.h"
#include "client/entry_summary.h"
#include "client/node_checkpoint.h"
#include "client/output.h"
#include "client/receipt.h"
#include "crypto/bytes.h"
#include "crypto/merkle.h"
#include "node/core/entry.h"

namespace conclave::client {
namespace {

std::string b64(const Hash32& h) {
  return base64_encode(view(h));
}

nlohmann::ordered_json b64_list(const std::vector<Hash32>& hashes) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const Hash32& h : hashes) out.push_back(b64(h));
  return out;
}

void print_hash_list(const std::string& label, const std::vector<Hash32>& hashes) {
  std::cout << label << ":" << (hashes.empty() ? " (empty)" : "") << "\n";
  for (const Hash32& h : hashes) std::cout << "  " << b64(h) << "\n";
}

Result<NodeClient> connect(const GlobalOptions& g) {
  return NodeClient::create(g.node);
}

// ------------------------------------------------------------ checkpoint --

int run_checkpoint(const GlobalOptions& g) {
  Result<NodeClient> node = connect(g);
  if (!node) return report_error(node.error());
  Result<SignedCheckpoint> cp = fetch_checkpoint(*node);
  if (!cp) return report_error(cp.error());
  if (g.json) {
    print_json({{"origin", cp->checkpoint.origin},
                {"tree_size", cp->checkpoint.size},
                {"root", b64(cp->checkpoint.root)},
                {"checkpoint", cp->note},
                {"verifier_key", cp->verifier_key}});
  } else {
    std::cout << cp->note;
    if (!cp->note.empty() && cp->note.back() != '\n') std::cout << "\n";
    std::cout << "\nverifier key: " << printable(cp->verifier_key) << "\n";
  }
  return kExitOk;
}

// --------------------------------------------------------------- entries --

struct EntriesOptions {
  uint64_t from = 0;
  uint64_t to = 0;
  CLI::Option* to_opt = nullptr;
};

// Entries are fetched in pages so a long range never hits a node's
// per-call limit.
constexpr uint64_t kEntriesPerCall = 1000;

int run_entries(const GlobalOptions& g, const EntriesOptions& o) {
  const bool to_given = o.to_opt->count() > 0;
  if (to_given && o.to < o.from) return report_error("--to must not be smaller than --from");
  Result<NodeClient> node = connect(g);
  if (!node) return report_error(node.error());
  Result<SignedCheckpoint> cp = fetch_checkpoint(*node);
  if (!cp) return report_error(cp.error());
  const uint64_t to = to_given ? o.to : cp->checkpoint.size;
  if (to > cp->checkpoint.size || o.from > to) {
    return report_error("entries [" + std::to_string(o.from) + ", " + std::to_string(to) +
                        ") are not in the log (size " + std::to_string(cp->checkpoint.size) + ")");
  }

  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  std::optional<std::string> first_invalid;
  auto show = [&](const v1::LogEntry& e) -> Status {
    const Hash32 leaf_hash = merkle_leaf_hash(as_bytes(e.leaf()));
    const std::string code = core::tracking_code(leaf_hash);
    Result<core::ParsedEntry> p = core::parse_entry(as_bytes(e.leaf()));
    if (!p) {
      std::string why =
          "entry " + std::to_string(e.index()) + " is invalid: " + p.error().message();
      if (!first_invalid) first_invalid = why;
      if (g.json) {
        list.push_back({{"index", e.index()},
                        {"leaf_hash", b64(leaf_hash)},
                        {"tracking_code", code},
                        {"kind", "invalid"},
                        {"error", p.error().message()}});
      } else {
        std::cout << e.index() << "  " << code << "  -  invalid  " << printable(why) << "\n";
      }
      return Status::Ok();
    }
    const std::string kind = entry_kind(p->body);
    if (g.json) {
      Result<nlohmann::ordered_json> body = entry_body_json(p->body);
      if (!body) return body.error();
      list.push_back({{"index", e.index()},
                      {"leaf_hash", b64(leaf_hash)},
                      {"tracking_code", code},
                      {"author", base64_encode(view(p->author))},
                      {"author_fingerprint", key_fingerprint(p->author)},
                      {"kind", kind},
                      {"body", std::move(*body)}});
    } else {
      std::cout << e.index() << "  " << code << "  " << key_fingerprint(p->author) << "  " << kind
                << "  " << entry_summary(p->body) << "\n";
    }
    return Status::Ok();
  };

  for (uint64_t start = o.from; start < to;) {
    const uint64_t end = start + std::min(kEntriesPerCall, to - start);
    Result<uint64_t> count = node->get_entries(start, end, show);
    std::cout.flush();
    if (!count) return report_error(count.error());
    if (*count != end - start) {
      return report_error("the node returned " + std::to_string(*count) + " entries from " +
                          std::to_string(start) + ", not " + std::to_string(end - start));
    }
    start = end;
  }
  if (g.json) print_json({{"entries", std::move(list)}});
  if (first_invalid) return report_error(*first_invalid);
  return kExitOk;
}

// ----------------------------------------------------------------- proof --

struct ProofOptions {
  uint64_t index = 0;
  uint64_t size = 0;
  CLI::Option* size_opt = nullptr;
};

// Proves that root (of the tree of `size` leaves) is a prefix of the signed
// checkpoint `cp`, so a proof against it is as good as one against cp.
Status check_root_against_checkpoint(NodeClient& node, uint64_t size, const Hash32& root,
                                     const Checkpoint& cp) {
  Result<v1::ConsistencyProof> p = node.get_consistency_proof(size, cp.size);
  if (!p) return p.error();
  Result<std::vector<Hash32>> hashes = hashes_from_proto(p->hashes(), "consistency proof hash");
  if (!hashes) return hashes.error();
  Checkpoint older{cp.origin, size, root, {}};
  Status s = verify_checkpoint_consistency(older, cp, *hashes);
  if (!s)
    return Error("the root of size " + std::to_string(size) +
                 " is not consistent with the signed checkpoint: " + s.error().message());
  return Status::Ok();
}

int run_proof(const GlobalOptions& g, const ProofOptions& o) {
  Result<NodeClient> node = connect(g);
  if (!node) return report_error(node.error());
  Result<SignedCheckpoint> cp = fetch_checkpoint(*node);
  if (!cp) return report_error(cp.error());
  const uint64_t size = o.size_opt->count() > 0 ? o.size : cp->checkpoint.size;
  if (size == 0) return report_error("the tree size must be at least 1");
  if (size > cp->checkpoint.size) {
    return report_error("tree size " + std::to_string(size) + " is larger than the log (" +
                        std::to_string(cp->checkpoint.size) + " entries)");
  }
  if (o.index >= size) {
    return report_error("index " + std::to_string(o.index) + " is not in a tree of size " +
                        std::to_string(size));
  }

  Result<v1::InclusionProof> p = node->get_inclusion_proof(o.index, size);
  if (!p) return report_error(p.error());
  if (p->index() != o.index || p->tree_size() != size) {
    return report_error("the node answered for index " + std::to_string(p->index()) + " in size " +
                        std::to_string(p->tree_size()) + ", not what was asked");
  }
  Result<Hash32> leaf = hash_from_bytes(p->leaf_hash(), "leaf hash");
  if (!leaf) return report_error(leaf.error());
  Result<std::vector<Hash32>> hashes = hashes_from_proto(p->hashes(), "inclusion proof hash");
  if (!hashes) return report_error(hashes.error());

  // The root to check against: the signed one, or the node's root for an
  // older size once it is proven consistent with the signed one.
  Hash32 root = cp->checkpoint.root;
  std::string against = "the node's signed checkpoint (size " + std::to_string(size) + ")";
  if (size != cp->checkpoint.size) {
    Result<Hash32> claimed = hash_from_bytes(p->root(), "root");
    if (!claimed) return report_error(claimed.error());
    root = *claimed;
    if (Status s = check_root_against_checkpoint(*node, size, root, cp->checkpoint); !s) {
      return report_error(s.error());
    }
    against = "the root of size " + std::to_string(size) +
              ", proven consistent with the node's signed checkpoint (size " +
              std::to_string(cp->checkpoint.size) + ")";
  }
  if (Status s = merkle_verify_inclusion(o.index, size, *leaf, *hashes, root); !s) {
    return report_error("inclusion proof does not verify: " + s.error().message());
  }

  if (g.json) {
    print_json({{"index", o.index},
                {"tree_size", size},
                {"leaf_hash", b64(*leaf)},
                {"tracking_code", core::tracking_code(*leaf)},
                {"root", b64(root)},
                {"inclusion_proof", b64_list(*hashes)},
                {"checkpoint_size", cp->checkpoint.size},
                {"verified", true}});
  } else {
    print_fields({{"index", std::to_string(o.index)},
                  {"tree size", std::to_string(size)},
                  {"leaf hash", b64(*leaf)},
                  {"tracking code", core::tracking_code(*leaf)},
                  {"root", b64(root)}});
    print_hash_list("inclusion proof", *hashes);
    std::cout << "verified: OK, against " << against << "\n";
  }
  return kExitOk;
}

// ----------------------------------------------------------- consistency --

struct ConsistencyOptions {
  uint64_t from = 0;
  uint64_t to = 0;
  CLI::Option* to_opt = nullptr;
};

int run_consistency(const GlobalOptions& g, const ConsistencyOptions& o) {
  if (o.from == 0) {
    return report_error("--from must be at least 1 (every log extends the empty one)");
  }
  Result<NodeClient> node = connect(g);
  if (!node) return report_error(node.error());
  Result<SignedCheckpoint> cp = fetch_checkpoint(*node);
  if (!cp) return report_error(cp.error());
  const uint64_t to = o.to_opt->count() > 0 ? o.to : cp->checkpoint.size;
  if (o.from > to) return report_error("--from must not be larger than --to");
  if (to > cp->checkpoint.size) {
    return report_error("tree size " + std::to_string(to) + " is larger than the log (" +
                        std::to_string(cp->checkpoint.size) + " entries)");
  }

  Result<v1::ConsistencyProof> p = node->get_consistency_proof(o.from, to);
  if (!p) return report_error(p.error());
  if (p->from_size() != o.from || p->to_size() != to) {
    return report_error("the node answered for sizes " + std::to_string(p->from_size()) + " → " +
                        std::to_string(p->to_size()) + ", not what was asked");
  }
  Result<Hash32> from_root = hash_from_bytes(p->from_root(), "from root");
  if (!from_root) return report_error(from_root.error());
  Result<Hash32> to_root = hash_from_bytes(p->to_root(), "to root");
  if (!to_root) return report_error(to_root.error());
  Result<std::vector<Hash32>> hashes = hashes_from_proto(p->hashes(), "consistency proof hash");
  if (!hashes) return report_error(hashes.error());

  Checkpoint older{cp->checkpoint.origin, o.from, *from_root, {}};
  Checkpoint newer{cp->checkpoint.origin, to, *to_root, {}};
  if (Status s = verify_checkpoint_consistency(older, newer, *hashes); !s) {
    return report_error("consistency proof does not verify: " + s.error().message());
  }
  // Tie the newer root to the signed checkpoint (and with it the older one).
  std::string anchored = "the to root is the node's signed checkpoint";
  if (to == cp->checkpoint.size) {
    if (*to_root != cp->checkpoint.root) {
      return report_error("the node's root for size " + std::to_string(to) +
                          " is not the root of its signed checkpoint");
    }
  } else {
    if (Status s = check_root_against_checkpoint(*node, to, *to_root, cp->checkpoint); !s) {
      return report_error(s.error());
    }
    anchored = "the to root is proven consistent with the node's signed checkpoint (size " +
               std::to_string(cp->checkpoint.size) + ")";
  }

  if (g.json) {
    print_json({{"from_size", o.from},
                {"to_size", to},
                {"from_root", b64(*from_root)},
                {"to_root", b64(*to_root)},
                {"consistency_proof", b64_list(*hashes)},
                {"checkpoint_size", cp->checkpoint.size},
                {"verified", true}});
  } else {
    print_fields({{"from size", std::to_string(o.from)},
                  {"to size", std::to_string(to)},
                  {"from root", b64(*from_root)},
                  {"to root", b64(*to_root)}});
    print_hash_list("consistency proof", *hashes);
    std::cout << "verified: OK, " << anchored << "\n";
  }
  return kExitOk;
}

}  // namespace

void add_log_commands(CLI::App& app, GlobalOptions& global, Action& action) {
  CLI::App* log = app.add_subcommand("log", "Read a node's log and check its proofs");
  log->require_subcommand(1);

  CLI::App* checkpoint =
      log->add_subcommand("checkpoint", "Show the node's signed checkpoint and verifier key");
  add_node_option(checkpoint, global);
  add_json_flag(checkpoint, global);
  checkpoint->callback(
      [&action, &global] { action = [&global] { return run_checkpoint(global); }; });

  auto eo = std::make_shared<EntriesOptions>();
  CLI::App* entries = log->add_subcommand("entries", "List entries [from, to) of the log");
  entries->add_option("--from", eo->from, "First index (default 0)")->check(unsigned_number());
  eo->to_opt = entries->add_option("--to", eo->to, "End index, exclusive (default: log size)")
                   ->check(unsigned_number());
  add_node_option(entries, global);
  add_json_flag(entries, global);
  entries->callback(
      [&action, &global, eo] { action = [&global, eo] { return run_entries(global, *eo); }; });

  auto po = std::make_shared<ProofOptions>();
  CLI::App* proof =
      log->add_subcommand("proof", "Fetch and verify the inclusion proof of one entry");
  proof->add_option("--index", po->index, "Index of the entry")
      ->required()
      ->check(unsigned_number());
  po->size_opt = proof->add_option("--size", po->size, "Tree size (default: current size)")
                     ->check(unsigned_number());
  add_node_option(proof, global);
  add_json_flag(proof, global);
  proof->callback(
      [&action, &global, po] { action = [&global, po] { return run_proof(global, *po); }; });

  auto co = std::make_shared<ConsistencyOptions>();
  CLI::App* consistency = log->add_subcommand(
      "consistency", "Fetch and verify that the log of size --from is a prefix of --to");
  consistency->add_option("--from", co->from, "Older tree size (at least 1)")
      ->required()
      ->check(unsigned_number());
  co->to_opt = consistency->add_option("--to", co->to, "Newer tree size (default: current)")
                   ->check(unsigned_number());
  add_node_option(consistency, global);
  add_json_flag(consistency, global);
  consistency->callback(
      [&action, &global, co] { action = [&global, co] { return run_consistency(global, *co); }; });
}

}  // namespace conclave::client
