// conclave: the command-line client. This file only wires the subcommands
// together (see commands.h) and turns every failure into a one-line error.
#include <CLI/CLI.hpp>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "client/commands.h"
#include "client/output.h"

using namespace conclave::client;

int main(int argc, char** argv) {
  try {
    CLI::App app{"conclave: verifiable votes and disclosures on a signed append-only log"};
    app.name("conclave");
    app.require_subcommand(1);
    GlobalOptions global;
    app.add_option("--node", global.node, "Node address HOST:PORT (default 127.0.0.1:7450)");
    app.add_flag("--json", global.json, "Print JSON instead of text");

    Action action;
    add_key_commands(app, global, action);
    add_log_commands(app, global, action);
    add_disclose_command(app, global, action);
    add_receipt_commands(app, global, action);
    add_member_commands(app, global, action);
    add_conference_commands(app, global, action);
    add_trustee_commands(app, global, action);
    add_vote_commands(app, global, action);
    add_result_commands(app, global, action);

    try {
      app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
      if (e.get_exit_code() == 0) return app.exit(e);  // --help
      // "conclave bogus" reads better as an unknown command than as a
      // missing one.
      std::vector<std::string> extra = app.remaining(/*recurse=*/true);
      if (dynamic_cast<const CLI::RequiredError*>(&e) && !extra.empty()) {
        return report_error("unknown command or argument \"" + extra.front() + "\" (see --help)");
      }
      return report_error(std::string(e.what()) + " (see --help)");
    }
    if (!action) return report_error("no command given (see --help)");
    return action();
  } catch (const std::exception& e) {
    return report_error(std::string("unexpected failure: ") + e.what());
  } catch (...) {
    return report_error("unexpected failure");
  }
}
