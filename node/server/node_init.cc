#include "node/server/node_init.h"

#include <chrono>

#include "crypto/keyfile.h"
#include "node/core/entry.h"
#include "node/server/ledger.h"

namespace conclave {

namespace fs = std::filesystem;

namespace {

Status build(const InitOptions& o, const fs::path& dir, InitResult& out) {
  Identity node_key = Identity::generate();
  Result<std::string> key_text = key_file_write(node_key, "node " + o.config.origin, std::nullopt);
  if (!key_text) return key_text.error();
  if (Status s = write_file_atomic(NodeConfig::key_path(dir), *key_text); !s) return s;
  if (Status s = write_file_atomic(NodeConfig::config_path(dir), format_node_config(o.config),
                                   fs::perms::owner_read | fs::perms::owner_write |
                                       fs::perms::group_read | fs::perms::others_read);
      !s) {
    return s;
  }

  v1::EntryBody body;
  body.set_origin(o.config.origin);
  body.set_time_unix_ms(std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count());
  v1::UnitGenesis* g = body.mutable_genesis();
  g->set_unit_name(o.config.unit_name.empty() ? o.config.origin : o.config.unit_name);
  g->set_node_key(node_key.public_key().data(), node_key.public_key().size());
  for (const fs::path& f : o.organizer_key_files) {
    Result<std::string> text = read_file(f, 1 << 20);
    if (!text) return text.error();
    Result<KeyFileInfo> info = key_file_inspect(*text);
    if (!info) return Error(f.string() + ": " + info.error().message());
    v1::Person* p = g->add_organizers();
    p->set_key(info->public_key.data(), info->public_key.size());
    p->set_name(info->name);
  }
  if (!o.parent_origin.empty()) {
    g->mutable_parent()->set_origin(o.parent_origin);
    g->mutable_parent()->set_verifier_key(o.parent_verifier_key);
    g->mutable_parent()->set_address(o.parent_address);
  }

  Result<std::unique_ptr<Ledger>> ledger =
      Ledger::open(NodeConfig::log_path(dir), node_key,
                   {.origin = o.config.origin, .max_blob_bytes = o.config.max_blob_bytes});
  if (!ledger) return ledger.error();
  Result<v1::Receipt> receipt = (*ledger)->submit(core::sign_entry(node_key, body));
  if (!receipt) return Error("genesis entry rejected: " + receipt.error().message());
  out.verifier_key = (*ledger)->verifier_key();
  out.checkpoint = receipt->checkpoint();
  return Status::Ok();
}

}  // namespace

Result<InitResult> init_node(const InitOptions& o) {
  if (o.organizer_key_files.empty()) return Error("at least one --organizer-key is required");
  std::error_code ec;
  if (fs::exists(o.dir, ec) && !fs::is_empty(o.dir, ec)) {
    return Error(o.dir.string() + " already exists and is not empty");
  }
  const fs::path tmp = o.dir.string() + ".init-tmp";
  fs::remove_all(tmp, ec);
  if (!fs::create_directories(tmp, ec)) {
    return Error("cannot create " + tmp.string() + ": " + ec.message());
  }
  fs::permissions(tmp, fs::perms::owner_all, ec);
  InitResult out;
  Status s = build(o, tmp, out);
  if (s) {
    fs::remove(o.dir, ec);  // an empty directory may stand in the way
    fs::rename(tmp, o.dir, ec);
    if (ec) s = Error("cannot create " + o.dir.string() + ": " + ec.message());
  }
  if (!s) {
    fs::remove_all(tmp, ec);
    return s.error();
  }
  return out;
}

}  // namespace conclave
