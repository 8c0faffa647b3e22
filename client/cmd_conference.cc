// conclave conference create | show, conclave checkin, conclave item open|close|tally
#include "client/commands.h"
#include "client/conference_builders.h"
#include "client/file_io.h"
#include "client/key_loading.h"
#include "client/output.h"
#include "client/session_context.h"
#include "client/submit.h"
#include "crypto/sha.h"

namespace conclave::client {
namespace {

struct CreateOptions {
  std::string organizer, agenda, id;
};

int run_create(const GlobalOptions& g, const CreateOptions& o) {
  Result<std::string> yaml = read_file(o.agenda, 256 * 1024);
  if (!yaml) return report_error(yaml.error());
  Result<SessionContext> ctx = open_session({.node = g.node, .key_file = o.organizer});
  if (!ctx) return report_error(ctx.error());
  // The id comes from --id, else the agenda's own `id:`, else it is derived
  // from the agenda text and the log position: readable and unique.
  Result<v1::ConferenceCreated> conf = parse_agenda(*yaml, ctx->state(), o.id);
  if (!conf && o.id.empty()) {
    const Hash32 h = sha256(as_bytes(*yaml + std::to_string(ctx->state().size)));
    conf = parse_agenda(*yaml, ctx->state(), "hn-" + hex_encode(ByteView(h.data(), 4)));
  }
  if (!conf) return report_error(o.agenda + ": " + conf.error().message());
  const std::string id = conf->conference_id();
  v1::EntryBody body;
  *body.mutable_conference_created() = *conf;
  Result<ReceiptFile> r = submit_entry(*ctx->node, *ctx->key, body);
  if (!r) return report_error(r.error());
  if (g.json) {
    print_json({{"conference", id}, {"receipt", receipt_to_json(*r)}});
  } else {
    std::cout << id << "\n";
  }
  return kExitOk;
}

struct CheckinOptions {
  std::string conference, key;
};

int run_checkin(const GlobalOptions& g, const CheckinOptions& o) {
  Result<SessionContext> ctx =
      open_session({.node = g.node, .key_file = o.key, .conference_id = o.conference});
  if (!ctx) return report_error(ctx.error());
  if (ctx->member_id.empty()) return report_error("this key is not enrolled as a member");
  Result<ReceiptFile> r =
      submit_entry(*ctx->node, *ctx->key, build_check_in(o.conference, ctx->member_id));
  if (!r) return report_error(r.error());
  const core::Conference& c = *ctx->conference;
  const uint64_t present = c.checked_in.size() + 1;
  if (g.json) {
    print_json({{"member", ctx->member_id},
                {"present", present},
                {"roster", c.roster_size()},
                {"quorum_needed", core::quorum_needed(c)},
                {"receipt", receipt_to_json(*r)}});
  } else {
    std::cout << ctx->member_id << " checked in: " << present << " of " << c.roster_size()
              << " present, quorum " << core::quorum_needed(c)
              << (present >= core::quorum_needed(c) ? " (met)" : " (not yet met)") << "\n";
  }
  return kExitOk;
}

struct ItemOptions {
  std::string conference, item, organizer;
};

int run_item(const GlobalOptions& g, const ItemOptions& o, const std::string& what) {
  Result<SessionContext> ctx = open_session(
      {.node = g.node, .key_file = o.organizer, .conference_id = o.conference, .item_id = o.item});
  if (!ctx) return report_error(ctx.error());
  v1::EntryBody body;
  if (what == "open") {
    body = build_item_opened(o.conference, o.item);
  } else if (what == "close") {
    body = build_item_closed(o.conference, o.item);
  } else {
    Result<v1::EntryBody> result = build_item_result(*ctx->conference, *ctx->item);
    if (!result) return report_error(result.error());
    body = *result;
  }
  Result<ReceiptFile> r = submit_entry(*ctx->node, *ctx->key, body);
  if (!r) return report_error(r.error());
  if (what == "tally") return show_result(g, o.conference, o.item);  // as the log has it now
  if (g.json) {
    print_json({{"item", o.item}, {"action", what}, {"receipt", receipt_to_json(*r)}});
  } else {
    std::cout << "item " << o.item << (what == "open" ? " opened" : " closed") << " (entry "
              << r->receipt.index() << ")\n";
  }
  return kExitOk;
}

}  // namespace

void add_conference_commands(CLI::App& app, GlobalOptions& global, Action& action) {
  CLI::App* conf = app.add_subcommand("conference", "Create and inspect conferences");
  conf->require_subcommand(1);
  auto create = std::make_shared<CreateOptions>();
  CLI::App* c = conf->add_subcommand("create", "Create a conference from an agenda YAML file");
  c->add_option("--organizer", create->organizer, "Organizer key file")->required();
  c->add_option("--agenda", create->agenda, "Agenda YAML file")->required();
  c->add_option("--id", create->id, "Conference id (default: derived from the agenda)");
  add_json_flag(c, global);
  add_node_option(c, global);
  c->callback([&global, &action, create] {
    action = [&global, create] { return run_create(global, *create); };
  });
  auto show_id = std::make_shared<std::string>();
  CLI::App* s = conf->add_subcommand("show", "Status, quorum, trustees and items of a conference");
  s->add_option("--conference", *show_id, "Conference id")->required();
  add_json_flag(s, global);
  add_node_option(s, global);
  s->callback([&global, &action, show_id] {
    action = [&global, show_id] { return show_result(global, *show_id, ""); };
  });

  auto checkin = std::make_shared<CheckinOptions>();
  CLI::App* ci = app.add_subcommand("checkin", "Sign your attendance at a conference");
  ci->add_option("--conference", checkin->conference, "Conference id")->required();
  ci->add_option("--key", checkin->key, "Your key file")->required();
  add_json_flag(ci, global);
  add_node_option(ci, global);
  ci->callback([&global, &action, checkin] {
    action = [&global, checkin] { return run_checkin(global, *checkin); };
  });

  CLI::App* item = app.add_subcommand("item", "Open, close and tally agenda items");
  item->require_subcommand(1);
  for (const char* what : {"open", "close", "tally"}) {
    auto opts = std::make_shared<ItemOptions>();
    const std::string w = what;
    CLI::App* sub = item->add_subcommand(
        w, w == "open"    ? "Open an item for voting (needs quorum)"
           : w == "close" ? "Close voting on an item"
                          : "Combine the trustees' shares and publish the result");
    sub->add_option("--conference", opts->conference, "Conference id")->required();
    sub->add_option("--item", opts->item, "Item id")->required();
    sub->add_option("--organizer", opts->organizer, "Organizer key file")->required();
    add_json_flag(sub, global);
    add_node_option(sub, global);
    sub->callback([&global, &action, opts, w] {
      action = [&global, opts, w] { return run_item(global, *opts, w); };
    });
  }
}

}  // namespace conclave::client
