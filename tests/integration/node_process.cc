#include "tests/integration/node_process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "crypto/keyfile.h"

extern char** environ;

namespace conclave::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

pid_t spawn(const std::vector<std::string>& argv, const fs::path& output,
            const std::vector<std::string>& extra_env) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, output.c_str(), O_WRONLY | O_CREAT | O_APPEND,
                                   0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  std::vector<std::string> env_store;
  for (char** e = environ; *e; ++e) env_store.emplace_back(*e);
  for (const auto& e : extra_env) env_store.push_back(e);
  std::vector<char*> env;
  for (auto& e : env_store) env.push_back(e.data());
  env.push_back(nullptr);
  pid_t pid = -1;
  int rc = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), env.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("cannot start " + argv[0]);
  return pid;
}

int wait_exit(pid_t pid, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  for (;;) {
    int status = 0;
    pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    if (r < 0) return -1;
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      return -1;
    }
    std::this_thread::sleep_for(10ms);
  }
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

int run_program(const std::vector<std::string>& argv, std::string* output,
                const std::vector<std::string>& extra_env) {
  char tmpl[] = "/tmp/conclave-run-XXXXXX";
  int fd = mkstemp(tmpl);
  if (fd < 0) throw std::runtime_error("mkstemp failed");
  close(fd);
  pid_t pid = spawn(argv, tmpl, extra_env);
  int rc = wait_exit(pid, 120s);
  if (output) *output = slurp(tmpl);
  unlink(tmpl);
  return rc;
}

CliRun run_cli(const std::string& binary, const std::string& node_address,
               std::vector<std::string> args) {
  args.insert(args.begin(), {binary, "--node", node_address});
  CliRun r;
  r.rc = run_program(args, &r.out);
  return r;
}

std::string describe_cli(const std::vector<std::string>& args) {
  std::string s = "conclave";
  for (const auto& a : args) s += " " + a;
  return s;
}

nlohmann::json parse_cli_json(const std::string& out) {
  size_t pos = 0;
  while (pos < out.size() && out[pos] != '{' && out[pos] != '[') {
    const size_t nl = out.find('\n', pos);
    pos = nl == std::string::npos ? out.size() : nl + 1;
  }
  if (pos >= out.size()) throw std::runtime_error("no JSON document in:\n" + out);
  std::istringstream in(out.substr(pos));
  nlohmann::json j;
  try {
    in >> j;
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(std::string("bad JSON (") + e.what() + "):\n" + out);
  }
  return j;
}

void write_key_file(const fs::path& path, const Identity& id, const std::string& name) {
  Result<std::string> text = key_file_write(id, name, std::nullopt);
  std::ofstream(path) << *text;
}

NodeProcess::NodeProcess(fs::path dir, std::string origin, const fs::path& organizer_key)
    : dir_(std::move(dir)), node_dir_(dir_ / "node"), origin_(std::move(origin)) {
  std::string out;
  int rc = run_program({CONCLAVED_BIN, "init", "--dir", node_dir_.string(), "--origin", origin_,
                        "--organizer-key", organizer_key.string(), "--unit-name", "Đơn vị thử"},
                       &out);
  if (rc != 0) throw std::runtime_error("conclaved init failed: " + out);
}

NodeProcess::~NodeProcess() {
  if (running()) kill9();
}

void NodeProcess::start() {
  const fs::path port_file = dir_ / "port";
  fs::remove(port_file);
  pid_ = spawn({CONCLAVED_BIN, "run", "--dir", node_dir_.string(), "--listen", "127.0.0.1:0",
                "--port-file", port_file.string()},
               dir_ / "node.log", {});
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  while (!fs::exists(port_file)) {
    int status;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("conclaved exited at start: " + log_text());
    }
    if (std::chrono::steady_clock::now() > deadline) {
      kill9();
      throw std::runtime_error("conclaved did not start within 20 s: " + log_text());
    }
    std::this_thread::sleep_for(10ms);
  }
  address_ = "127.0.0.1:" + std::to_string(std::stoi(slurp(port_file)));
  ++restarts_;
}

int NodeProcess::stop() {
  if (!running()) return -1;
  kill(pid_, SIGTERM);
  int rc = wait_exit(pid_, 20s);
  pid_ = -1;
  return rc;
}

void NodeProcess::kill9() {
  if (!running()) return;
  kill(pid_, SIGKILL);
  int status;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

std::shared_ptr<grpc::Channel> NodeProcess::channel() const {
  grpc::ChannelArguments args;
  args.SetInt("conclave.test.restart", restarts_);  // a fresh connection per node process
  return grpc::CreateCustomChannel(address_, grpc::InsecureChannelCredentials(), args);
}

std::string NodeProcess::log_text() const {
  return slurp(dir_ / "node.log");
}

}  // namespace conclave::testing
