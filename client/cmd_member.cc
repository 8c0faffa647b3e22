// conclave member add | enroll | list
#include <set>
#include <sstream>

#include "client/commands.h"
#include "client/conference_builders.h"
#include "client/file_io.h"
#include "client/key_loading.h"
#include "client/output.h"
#include "client/session_context.h"
#include "client/submit.h"
#include "node/core/text.h"

namespace conclave::client {
namespace {

struct MemberRow {
  std::string id, name, role;
};

// Splits one CSV line; fields may be "quoted" (with "" for a quote).
std::vector<std::string> csv_fields(const std::string& line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        out.back().push_back('"');
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        out.back().push_back(c);
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.emplace_back();
    } else if (c != '\r') {
      out.back().push_back(c);
    }
  }
  for (std::string& f : out) {
    while (!f.empty() && f.back() == ' ') f.pop_back();
    while (!f.empty() && f.front() == ' ') f.erase(f.begin());
  }
  return out;
}

Result<std::vector<MemberRow>> read_csv(const std::string& path) {
  Result<std::string> text = read_file(path, 32 << 20);
  if (!text) return text.error();
  std::vector<MemberRow> rows;
  std::istringstream in(*text);
  std::string line;
  size_t number = 0;
  std::set<std::string> listed;
  while (std::getline(in, line)) {
    ++number;
    if (number == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);  // BOM
    if (line.find_first_not_of(" \r\t") == std::string::npos) continue;
    std::vector<std::string> f = csv_fields(line);
    if (number == 1 && (f[0] == "id" || f[0] == "ID" || f[0] == "member_id")) continue;
    if (f.size() < 2 || f.size() > 3) {
      return Error(path + " line " + std::to_string(number) + ": expected id,full name[,role]");
    }
    if (Status s = core::check_identifier("member id", f[0]); !s) {
      return Error(path + " line " + std::to_string(number) + ": " + s.error().message());
    }
    if (Status s = core::check_text("full name", f[1], 200); !s) {
      return Error(path + " line " + std::to_string(number) + ": " + s.error().message());
    }
    const std::string role = f.size() > 2 ? f[2] : "";
    if (Status s = core::check_text("role", role, 200, false, true); !s) {
      return Error(path + " line " + std::to_string(number) + ": " + s.error().message());
    }
    // A second row would issue a second code and silently void the first.
    if (!listed.insert(f[0]).second) {
      return Error(path + " line " + std::to_string(number) + ": member " + f[0] +
                   " is listed twice");
    }
    rows.push_back({f[0], f[1], role});
  }
  if (rows.empty()) return Error(path + " lists no members");
  return rows;
}

struct AddOptions {
  std::string organizer, id, name, role, csv, codes_out;
};

int run_add(const GlobalOptions& g, const AddOptions& o) {
  std::vector<MemberRow> rows;
  if (!o.csv.empty()) {
    if (!o.id.empty() || !o.name.empty()) return report_error("give either --csv or --id/--name");
    Result<std::vector<MemberRow>> r = read_csv(o.csv);
    if (!r) return report_error(r.error());
    rows = std::move(*r);
  } else {
    if (o.id.empty() || o.name.empty()) return report_error("give --id and --name, or --csv FILE");
    rows.push_back({o.id, o.name, o.role});
  }
  if (!o.codes_out.empty()) {
    if (Status s = check_can_create(o.codes_out); !s) return report_error(s.error());
  }
  Result<NodeClient> node = NodeClient::create(g.node);
  if (!node) return report_error(node.error());
  Result<Identity> organizer = load_identity(o.organizer);
  if (!organizer) return report_error(organizer.error());
  Result<SignedCheckpoint> cp = fetch_checkpoint(*node);
  if (!cp) return report_error(cp.error());

  // One batch: the whole roster usually lands in one group commit. Each row
  // is accepted or refused on its own; the codes of accepted rows are kept
  // even when others are refused.
  std::vector<NewMember> members;
  std::vector<v1::EntryBody> bodies;
  for (const MemberRow& row : rows) {
    members.push_back(build_member_added(cp->checkpoint.origin, row.id, row.name, row.role));
    bodies.push_back(members.back().body);
  }
  Result<std::vector<Result<ReceiptFile>>> results =
      submit_entries(*node, *organizer, std::move(bodies));
  if (!results) return report_error(results.error());

  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  std::string codes_csv = "id,full_name,code\n";
  size_t refused = 0;
  for (size_t i = 0; i < rows.size(); ++i) {
    const MemberRow& row = rows[i];
    const Result<ReceiptFile>& r = (*results)[i];
    if (!r) {
      ++refused;
      out.push_back({{"id", row.id}, {"name", row.name}, {"error", r.error().message()}});
      if (!g.json) report_error("member " + row.id + ": " + r.error().message());
      continue;
    }
    const std::string& code = members[i].code;
    out.push_back(
        {{"id", row.id}, {"name", row.name}, {"code", code}, {"index", r->receipt.index()}});
    codes_csv += row.id + ",\"" + row.name + "\"," + code + "\n";
    if (!g.json) std::cout << row.id << "\t" << code << "\t" << printable(row.name) << "\n";
  }
  if (g.json) print_json(out);
  if (!o.codes_out.empty() && refused < rows.size()) {
    if (Status s = write_new_file(o.codes_out, codes_csv, 0600); !s) return report_error(s.error());
  }
  if (refused > 0) {
    return report_error(std::to_string(refused) + " of " + std::to_string(rows.size()) +
                        " members were refused; the others were added");
  }
  return kExitOk;
}

struct EnrollOptions {
  std::string id, code, key;
};

int run_enroll(const GlobalOptions& g, const EnrollOptions& o) {
  Result<NodeClient> node = NodeClient::create(g.node);
  if (!node) return report_error(node.error());
  Result<Identity> key = load_identity(o.key);
  if (!key) return report_error(key.error());
  Result<SignedCheckpoint> cp = fetch_checkpoint(*node);
  if (!cp) return report_error(cp.error());
  Result<v1::EntryBody> body = build_member_enrolled(cp->checkpoint.origin, o.id, o.code, *key);
  if (!body) return report_error(body.error());
  Result<ReceiptFile> r = submit_entry(*node, *key, *body);
  if (!r) return report_error(r.error());
  if (g.json) {
    print_json({{"member", o.id},
                {"fingerprint", key_fingerprint(key->public_key())},
                {"receipt", receipt_to_json(*r)}});
  } else {
    std::cout << "enrolled " << o.id << " with key " << key_fingerprint(key->public_key()) << "\n";
  }
  return kExitOk;
}

int run_list(const GlobalOptions& g) {
  Result<SessionContext> ctx = open_session({.node = g.node});
  if (!ctx) return report_error(ctx.error());
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto& [id, m] : ctx->state().members) {
    const std::string status = m.key ? "enrolled" : "waiting for enrollment";
    out.push_back({{"id", id},
                   {"name", m.full_name},
                   {"role", m.role},
                   {"status", status},
                   {"fingerprint", m.key ? key_fingerprint(*m.key) : ""}});
    if (!g.json) {
      std::cout << id << "\t" << status << "\t" << printable(m.full_name)
                << (m.role.empty() ? "" : " (" + printable(m.role) + ")") << "\n";
    }
  }
  if (g.json) print_json(out);
  return kExitOk;
}

}  // namespace

void add_member_commands(CLI::App& app, GlobalOptions& global, Action& action) {
  CLI::App* member = app.add_subcommand("member", "Register staff and enroll their keys");
  member->require_subcommand(1);

  auto add = std::make_shared<AddOptions>();
  CLI::App* a =
      member->add_subcommand("add", "Register members and print their one-time enrollment codes");
  a->add_option("--organizer", add->organizer, "Organizer key file")->required();
  a->add_option("--id", add->id, "Member id (letters, digits, . _ -)");
  a->add_option("--name", add->name, "Full name (UTF-8)");
  a->add_option("--role", add->role, "Role or position");
  a->add_option("--csv", add->csv, "CSV file: id,full name[,role] per line");
  a->add_option("--codes-out", add->codes_out, "Also write the codes to this new file (mode 0600)");
  add_json_flag(a, global);
  add_node_option(a, global);
  a->callback(
      [&global, &action, add] { action = [&global, add] { return run_add(global, *add); }; });

  auto enroll = std::make_shared<EnrollOptions>();
  CLI::App* e = member->add_subcommand("enroll", "Bind your key to your member id with your code");
  e->add_option("--id", enroll->id, "Your member id")->required();
  e->add_option("--code", enroll->code, "The one-time code from the organizer")->required();
  e->add_option("--key", enroll->key, "Your key file (conclave key new)")->required();
  add_json_flag(e, global);
  add_node_option(e, global);
  e->callback([&global, &action, enroll] {
    action = [&global, enroll] { return run_enroll(global, *enroll); };
  });

  CLI::App* l = member->add_subcommand("list", "List registered members");
  add_json_flag(l, global);
  add_node_option(l, global);
  l->callback([&global, &action] { action = [&global] { return run_list(global); }; });
}

}  // namespace conclave::client
