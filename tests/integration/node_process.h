// Runs real conclaved processes on loopback for integration tests.
//
// The node listens on 127.0.0.1 port 0 and reports the port it bound through
// --port-file, so tests never guess at free ports. Every wait is bounded.
#pragma once

#include <grpcpp/grpcpp.h>
#include <sys/types.h>

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "conclave.grpc.pb.h"
#include "crypto/identity.h"

namespace conclave::testing {

// Runs a program to completion; returns its exit status (or -1), with
// stdout+stderr captured into *output when given.
int run_program(const std::vector<std::string>& argv, std::string* output = nullptr,
                const std::vector<std::string>& extra_env = {});

// A finished client run: its exit status and what it printed (stdout and
// stderr together).
struct CliRun {
  int rc = -1;
  std::string out;
};

// Runs `binary --node node_address args...` to completion.
CliRun run_cli(const std::string& binary, const std::string& node_address,
               std::vector<std::string> args);

// "conclave a b c", for messages.
std::string describe_cli(const std::vector<std::string>& args);

// The JSON document a command printed. It starts on a line of its own; any
// line before it (a library warning on stderr) is skipped. Throws with the
// whole output if there is none.
nlohmann::json parse_cli_json(const std::string& out);

// Writes an unprotected key file for id at path.
void write_key_file(const std::filesystem::path& path, const Identity& id, const std::string& name);

class NodeProcess {
 public:
  // conclaved init in dir/node with the given organizer key file.
  NodeProcess(std::filesystem::path dir, std::string origin,
              const std::filesystem::path& organizer_key);
  ~NodeProcess();  // SIGKILLs a running node
  NodeProcess(const NodeProcess&) = delete;
  NodeProcess& operator=(const NodeProcess&) = delete;

  void start();  // starts and waits (≤ 20 s) until it serves
  int stop();    // SIGTERM, waits (≤ 20 s); returns the exit status
  void kill9();  // SIGKILL, reaps
  bool running() const { return pid_ > 0; }

  const std::string& address() const { return address_; }
  const std::filesystem::path& node_dir() const { return node_dir_; }
  std::shared_ptr<grpc::Channel> channel() const;
  std::unique_ptr<v1::Ledger::Stub> stub() const { return v1::Ledger::NewStub(channel()); }
  std::string log_text() const;  // what the node printed

 private:
  std::filesystem::path dir_, node_dir_;
  std::string origin_;
  std::string address_;
  pid_t pid_ = -1;
  int restarts_ = 0;
};

}  // namespace conclave::testing
