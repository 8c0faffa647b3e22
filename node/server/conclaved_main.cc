// conclaved: the conclave node.
//   conclaved init --dir DIR --origin ORIGIN --organizer-key FILE [--listen HOST:PORT]
//   conclaved run --dir DIR [--listen HOST:PORT] [--port-file FILE]
#include <grpcpp/grpcpp.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <thread>

#include "crypto/keyfile.h"
#include "node/server/ledger.h"
#include "node/server/ledger_service.h"
#include "node/server/node_init.h"

namespace conclave {
namespace {

int run_init(const InitOptions& options) {
  Result<InitResult> r = init_node(options);
  if (!r) {
    std::cerr << "conclaved init: " << r.error().message() << "\n";
    return 1;
  }
  std::cout << "created node " << options.config.origin << " in " << options.dir.string() << "\n"
            << "verifier key: " << r->verifier_key << "\n"
            << "start it with: conclaved run --dir " << options.dir.string() << "\n";
  return 0;
}

Result<Identity> load_node_key(const std::filesystem::path& dir) {
  Result<std::string> text = read_file(NodeConfig::key_path(dir), 1 << 20);
  if (!text) return text.error();
  const char* pass = std::getenv("CONCLAVE_NODE_PASSPHRASE");
  return key_file_open(*text, pass ? pass : "");
}

int run_node(const std::filesystem::path& dir, std::string listen, const std::string& port_file,
             bool replay_log) {
  // Block the shutdown signals in every thread; one thread waits for them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  Result<NodeConfig> config = load_node_config(dir);
  if (!config) {
    std::cerr << "conclaved: " << config.error().message() << "\n";
    return 1;
  }
  if (listen.empty()) listen = config->listen;
  Result<Identity> key = load_node_key(dir);
  if (!key) {
    std::cerr << "conclaved: node key: " << key.error().message() << "\n";
    return 1;
  }
  Result<std::unique_ptr<Ledger>> ledger =
      Ledger::open(NodeConfig::log_path(dir), *key,
                   {.origin = config->origin,
                    .max_blob_bytes = config->max_blob_bytes,
                    .snapshot_interval = config->snapshot_interval,
                    .use_snapshot = !replay_log});
  if (!ledger) {
    std::cerr << "conclaved: cannot open the log in " << dir.string() << ": "
              << ledger.error().message() << "\n";
    return 1;
  }

  LedgerService service(**ledger);
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(listen, grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(&service);
  // Keep enough polling threads for many concurrent submitters parked in
  // group commit; gRPC's default of 2 creates a thread per request instead.
  builder.SetSyncServerOption(grpc::ServerBuilder::SyncServerOption::MIN_POLLERS, 2);
  builder.SetSyncServerOption(grpc::ServerBuilder::SyncServerOption::MAX_POLLERS, 256);
  builder.SetMaxReceiveMessageSize(static_cast<int>(config->max_blob_bytes + (2 << 20)));
  builder.SetMaxSendMessageSize(static_cast<int>(config->max_blob_bytes + (2 << 20)));
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (!server || port == 0) {
    std::cerr << "conclaved: cannot listen on " << listen << "\n";
    return 1;
  }
  const std::string host = listen.substr(0, listen.rfind(':'));
  spdlog::info("serving log {} ({} entries) on {}:{}", config->origin, (*ledger)->size(), host,
               port);
  if (!port_file.empty()) {
    if (Status s = write_file_atomic(
            port_file, std::to_string(port) + "\n",
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write |
                std::filesystem::perms::group_read | std::filesystem::perms::others_read);
        !s) {
      std::cerr << "conclaved: " << s.error().message() << "\n";
      return 1;
    }
  }

  std::thread waiter([&] {
    int sig = 0;
    sigwait(&signals, &sig);
    spdlog::info("signal {} received, shutting down", sig);
    // Stop accepting calls, let running ones finish briefly, then cancel.
    server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(3));
  });
  server->Wait();
  waiter.join();
  (*ledger)->stop();
  spdlog::info("stopped cleanly at {} entries", (*ledger)->size());
  return 0;
}

}  // namespace
}  // namespace conclave

int main(int argc, char** argv) {
  CLI::App app{"conclaved: a conclave node (signed, append-only log of a unit's conferences)"};
  app.require_subcommand(1);

  conclave::InitOptions init;
  std::string listen;
  std::vector<std::string> organizer_keys;
  auto* init_cmd = app.add_subcommand("init", "create a node directory, key and genesis entry");
  init_cmd->add_option("--dir", init.dir, "node directory to create")->required();
  init_cmd
      ->add_option("--origin", init.config.origin, "log origin, e.g. conclave.vn/hue/so-tu-phap")
      ->required();
  init_cmd->add_option("--organizer-key", organizer_keys, "key file of an organizer (repeatable)")
      ->required();
  init_cmd->add_option("--unit-name", init.config.unit_name, "the unit's name");
  init_cmd->add_option("--listen", init.config.listen, "address to serve on")
      ->default_val("127.0.0.1:7450");
  init_cmd->add_option("--max-blob-bytes", init.config.max_blob_bytes, "largest document accepted");
  init_cmd->add_option("--parent-origin", init.parent_origin, "origin of the parent committee");
  init_cmd->add_option("--parent-key", init.parent_verifier_key, "parent's verifier key");
  init_cmd->add_option("--parent-address", init.parent_address, "parent's address");

  std::filesystem::path run_dir;
  std::string port_file;
  auto* run_cmd = app.add_subcommand("run", "serve a node directory until SIGINT/SIGTERM");
  run_cmd->add_option("--dir", run_dir, "node directory")->required();
  run_cmd->add_option("--listen", listen, "override the configured address (port 0 = any)");
  run_cmd->add_option("--port-file", port_file, "write the port actually bound to this file");
  bool replay_log = false;
  run_cmd->add_flag("--replay-log", replay_log,
                    "ignore the saved state snapshot and rebuild the state from every entry");

  CLI11_PARSE(app, argc, argv);
  try {
    if (*init_cmd) {
      for (const auto& k : organizer_keys) init.organizer_key_files.emplace_back(k);
      return conclave::run_init(init);
    }
    return conclave::run_node(run_dir, listen, port_file, replay_log);
  } catch (const std::exception& e) {
    std::cerr << "conclaved: " << e.what() << "\n";
    return 1;
  }
}
