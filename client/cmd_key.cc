// conclave key new | show: create and inspect a person's key file.
#include <memory>

#include "client/commands.h"
#include "client/file_io.h"
#include "client/key_loading.h"
#include "client/output.h"
#include "crypto/bytes.h"
#include "crypto/keyfile.h"
#include "node/core/text.h"

namespace conclave::client {
namespace {

struct KeyNewOptions {
  std::string out;
  std::string name;
  bool no_passphrase = false;
};

nlohmann::ordered_json key_json(const std::string& file, const KeyFileInfo& info) {
  return {{"file", file},
          {"name", info.name},
          {"public_key", base64_encode(info.public_key)},
          {"x25519_public_key", base64_encode(info.box_public_key)},
          {"fingerprint", key_fingerprint(info.public_key)},
          {"sealed", info.sealed}};
}

int run_key_new(const GlobalOptions& g, const KeyNewOptions& o) {
  if (Status s = core::check_text("key name", o.name, 200, false, /*allow_empty=*/true); !s) {
    return report_error(s.error());
  }
  if (Status s = check_can_create(o.out); !s) return report_error(s.error());
  std::optional<Passphrase> passphrase;
  if (!o.no_passphrase) {
    Result<Passphrase> p = read_new_passphrase();
    if (!p) return report_error(p.error());
    passphrase.emplace(std::move(*p));
  }
  Identity id = Identity::generate();
  std::optional<std::string_view> pass;
  if (passphrase) pass = passphrase->view();
  Result<std::string> text = key_file_write(id, o.name, pass);
  if (!text) return report_error(text.error());
  Status written = write_new_file(o.out, *text, 0600);
  if (!written) return report_error(written.error());

  KeyFileInfo info{o.name, id.public_key(), id.box_public_key(), passphrase.has_value()};
  if (g.json) {
    print_json(key_json(o.out, info));
  } else {
    print_fields({{"wrote", printable(o.out) +
                                (info.sealed ? " (sealed with a passphrase)" : " (UNPROTECTED)")},
                  {"public key", base64_encode(info.public_key)},
                  {"fingerprint", key_fingerprint(info.public_key)}});
  }
  return kExitOk;
}

int run_key_show(const GlobalOptions& g, const std::string& file) {
  Result<KeyFileInfo> info = inspect_key_file(file);
  if (!info) return report_error(info.error());
  if (g.json) {
    print_json(key_json(file, *info));
  } else {
    print_fields({{"file", printable(file)},
                  {"name", info->name.empty() ? "(none)" : printable(info->name)},
                  {"public key", base64_encode(info->public_key)},
                  {"x25519 key", base64_encode(info->box_public_key)},
                  {"fingerprint", key_fingerprint(info->public_key)},
                  {"sealed", info->sealed ? "yes (passphrase needed to use it)"
                                          : "no (the secret key is stored in the clear)"}});
  }
  return kExitOk;
}

}  // namespace

void add_key_commands(CLI::App& app, GlobalOptions& global, Action& action) {
  CLI::App* key = app.add_subcommand("key", "Create and inspect key files");
  key->require_subcommand(1);

  auto new_opts = std::make_shared<KeyNewOptions>();
  CLI::App* new_cmd =
      key->add_subcommand("new", "Create a key file (Ed25519 signing + X25519 encryption keys)");
  new_cmd->add_option("--out", new_opts->out, "Key file to create (never overwritten)")->required();
  new_cmd->add_option("--name", new_opts->name, "Name stored in the key file");
  new_cmd->add_flag("--no-passphrase", new_opts->no_passphrase,
                    "Store the secret key unprotected (throw-away test keys only)");
  add_json_flag(new_cmd, global);
  new_cmd->callback([&action, &global, new_opts] {
    action = [&global, new_opts] { return run_key_new(global, *new_opts); };
  });

  auto file = std::make_shared<std::string>();
  CLI::App* show = key->add_subcommand("show", "Show a key file's public part (no passphrase)");
  show->add_option("file", *file, "Key file")->required();
  add_json_flag(show, global);
  show->callback([&action, &global, file] {
    action = [&global, file] { return run_key_show(global, *file); };
  });
}

}  // namespace conclave::client
