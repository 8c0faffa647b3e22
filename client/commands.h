// The conclave subcommands. Each add_*() registers its CLI11 subcommands
// under `app`; when one of them is chosen on the command line, its callback
// stores the work to do in `action`, which main() runs after parsing. Every
// command returns an exit code (0 only on success) and reports failures
// with report_error(); none throws for bad input.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <functional>
#include <string>

#include "client/node_client.h"

namespace conclave::client {

// Options valid for every command; --json may also follow a subcommand.
struct GlobalOptions {
  std::string node{kDefaultNodeAddress};
  bool json = false;
};

using Action = std::function<int()>;

void add_key_commands(CLI::App& app, GlobalOptions& global, Action& action);
void add_log_commands(CLI::App& app, GlobalOptions& global, Action& action);
void add_disclose_command(CLI::App& app, GlobalOptions& global, Action& action);
void add_receipt_commands(CLI::App& app, GlobalOptions& global, Action& action);
void add_member_commands(CLI::App& app, GlobalOptions& global, Action& action);
void add_conference_commands(CLI::App& app, GlobalOptions& global, Action& action);
void add_trustee_commands(CLI::App& app, GlobalOptions& global, Action& action);
void add_vote_commands(CLI::App& app, GlobalOptions& global, Action& action);
void add_result_commands(CLI::App& app, GlobalOptions& global, Action& action);

// Prints a conference (item empty) or one item as replayed from the log:
// `conclave result` and `conclave conference show`.
int show_result(const GlobalOptions& g, const std::string& conference, const std::string& item);

// A CLI11 check for unsigned 64-bit numbers written in plain decimal (CLI11
// itself would accept "-1" as 2^64 - 1 and saturate on overflow).
inline CLI::Validator unsigned_number() {
  return CLI::Validator(
      [](std::string& s) -> std::string {
        const std::string bad = "\"" + s + "\" is not a non-negative integer";
        if (s.empty() || s.size() > 20) return bad;
        uint64_t v = 0;
        for (char c : s) {
          if (c < '0' || c > '9') return bad;
          const uint64_t d = static_cast<uint64_t>(c - '0');
          if (v > (UINT64_MAX - d) / 10) return "\"" + s + "\" is too large";
          v = v * 10 + d;
        }
        return "";
      },
      "");
}

// Adds --json to a subcommand (same flag as the global one).
inline void add_json_flag(CLI::App* cmd, GlobalOptions& global) {
  cmd->add_flag("--json", global.json, "Print JSON instead of text");
}

// Adds --node to a subcommand that talks to a node (same as the global one).
inline void add_node_option(CLI::App* cmd, GlobalOptions& global) {
  cmd->add_option("--node", global.node, "Node address HOST:PORT (default 127.0.0.1:7450)");
}

}  // namespace conclave::client
