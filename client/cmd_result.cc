// conclave result, conclave respond-to-comments, conclave minutes
#include <yaml-cpp/yaml.h>

#include <filesystem>

#include "client/commands.h"
#include "client/conference_builders.h"
#include "client/conference_report.h"
#include "client/file_io.h"
#include "client/key_loading.h"
#include "client/minutes_html.h"
#include "client/output.h"
#include "client/session_context.h"
#include "client/submit.h"
#include "node/core/entry.h"
#include "node/core/minutes.h"

namespace conclave::client {
namespace {

struct ResultOptions {
  std::string conference, item;
};

struct RespondOptions {
  std::string conference, item, organizer, file;
};

Result<std::vector<CommentAnswer>> read_answers(const std::string& path, const core::Item& item) {
  Result<std::string> text = read_file(path, 4 << 20);
  if (!text) return text.error();
  std::vector<CommentAnswer> out;
  try {
    YAML::Node y = YAML::Load(*text);
    if (!y.IsSequence()) {
      return Error(path + ": expected a list of {comment, section, decision, text}");
    }
    for (const YAML::Node& n : y) {
      if (!n["comment"] || !n["section"] || !n["decision"] || !n["text"]) {
        return Error(path + ": each response needs comment, section, decision and text");
      }
      const std::string code = n["comment"].as<std::string>();
      const std::string sid = n["section"].as<std::string>();
      CommentAnswer a;
      bool found = false;
      for (const auto& [member, b] : item.ballots) {
        if (core::tracking_code(b.leaf_hash) == code) {
          a.ballot_leaf_hash = b.leaf_hash;
          found = true;
        }
      }
      if (!found) return Error(path + ": no counted ballot has tracking code " + code);
      bool section_found = false;
      for (int i = 0; i < item.spec.sections_size(); ++i) {
        if (item.spec.sections(i) == sid || std::to_string(i + 1) == sid) {
          a.section = static_cast<uint32_t>(i);
          section_found = true;
        }
      }
      if (!section_found) return Error(path + ": no section \"" + sid + "\"");
      a.decision = n["decision"].as<std::string>();
      a.text = n["text"].as<std::string>();
      out.push_back(std::move(a));
    }
  } catch (const YAML::Exception& e) {
    return Error(path + ": " + e.what());
  }
  return out;
}

int run_respond(const GlobalOptions& g, const RespondOptions& o) {
  Result<SessionContext> ctx = open_session(
      {.node = g.node, .key_file = o.organizer, .conference_id = o.conference, .item_id = o.item});
  if (!ctx) return report_error(ctx.error());
  Result<std::vector<CommentAnswer>> answers = read_answers(o.file, *ctx->item);
  if (!answers) return report_error(answers.error());
  Result<ReceiptFile> r =
      submit_entry(*ctx->node, *ctx->key, build_comment_responses(o.conference, o.item, *answers));
  if (!r) return report_error(r.error());
  if (g.json) {
    print_json({{"responses", answers->size()}, {"receipt", receipt_to_json(*r)}});
  } else {
    std::cout << "published " << answers->size() << " response(s) to comments on " << o.item
              << " (entry " << r->receipt.index() << ")\n";
  }
  return kExitOk;
}

struct MinutesOptions {
  std::string conference, secretary, organizer, html, md;
};

Status write_output(const std::string& path, const std::string& text) {
  std::error_code ec;
  std::filesystem::remove(path, ec);  // derived output: regenerate freely
  return write_new_file(path, text, 0644);
}

int run_minutes(const GlobalOptions& g, const MinutesOptions& o) {
  SessionRequest req{.node = g.node, .key_file = o.organizer, .conference_id = o.conference};
  Result<SessionContext> ctx = open_session(req);
  if (!ctx) return report_error(ctx.error());
  Result<Identity> secretary = load_identity(o.secretary);
  if (!secretary) return report_error(secretary.error());
  if (!core::all_items_tallied(*ctx->conference)) {
    return report_error("every item needs a published result before the minutes are signed");
  }
  const std::string text = core::render_minutes_markdown(ctx->state(), *ctx->conference);
  if (!ctx->conference->signed_by_organizer) {
    Result<ReceiptFile> r = submit_entry(
        *ctx->node, *ctx->key, build_minutes_signed(ctx->state(), *ctx->conference, "organizer"));
    if (!r) return report_error("organizer signature: " + r.error().message());
  }
  if (!ctx->conference->signed_by_secretary) {
    Result<ReceiptFile> r = submit_entry(
        *ctx->node, *secretary, build_minutes_signed(ctx->state(), *ctx->conference, "secretary"));
    if (!r) return report_error("secretary signature: " + r.error().message());
  }
  if (Status s = refresh(*ctx, req); !s) return report_error(s.error());
  const std::string hash = hex_encode(sha256(as_bytes(text)));
  const std::string signed_text =
      text + "\n## IV. Chữ ký\n\n- Đại diện ban tổ chức và thư ký đã ký số văn bản này (SHA-256 `" +
      hash + "`) trong sổ cái.\n";
  if (!o.md.empty()) {
    if (Status s = write_output(o.md, signed_text); !s) return report_error(s.error());
  }
  if (!o.html.empty()) {
    if (Status s = write_output(o.html, minutes_html(signed_text, ctx->conference->spec.title()));
        !s) {
      return report_error(s.error());
    }
  }
  if (g.json) {
    print_json({{"conference", o.conference},
                {"sha256", hash},
                {"status", to_string(ctx->conference->status)},
                {"markdown", signed_text}});
  } else if (o.md.empty() && o.html.empty()) {
    std::cout << signed_text;
  } else {
    std::cout << "minutes of " << o.conference << " signed (SHA-256 " << hash << ")";
    if (!o.md.empty()) std::cout << "; Markdown: " << o.md;
    if (!o.html.empty()) std::cout << "; HTML: " << o.html;
    std::cout << "\n";
  }
  return kExitOk;
}

}  // namespace

int show_result(const GlobalOptions& g, const std::string& conference, const std::string& item) {
  Result<SessionContext> ctx =
      open_session({.node = g.node, .conference_id = conference, .item_id = item});
  if (!ctx) return report_error(ctx.error());
  if (ctx->item) {
    if (g.json) {
      print_json(item_json(ctx->state(), *ctx->conference, *ctx->item));
    } else {
      std::cout << item_text(ctx->state(), *ctx->conference, *ctx->item);
    }
  } else if (g.json) {
    print_json(conference_json(ctx->state(), *ctx->conference));
  } else {
    std::cout << conference_text(ctx->state(), *ctx->conference);
  }
  return kExitOk;
}

void add_result_commands(CLI::App& app, GlobalOptions& global, Action& action) {
  auto res = std::make_shared<ResultOptions>();
  CLI::App* r = app.add_subcommand("result", "Results of a conference or one item, from the log");
  r->add_option("--conference", res->conference, "Conference id")->required();
  r->add_option("--item", res->item, "Item id (default: all items)");
  add_json_flag(r, global);
  add_node_option(r, global);
  r->callback([&global, &action, res] {
    action = [&global, res] { return show_result(global, res->conference, res->item); };
  });

  auto resp = std::make_shared<RespondOptions>();
  CLI::App* c = app.add_subcommand("respond-to-comments",
                                   "Publish the organizer's response to each consultation comment");
  c->add_option("--conference", resp->conference, "Conference id")->required();
  c->add_option("--item", resp->item, "Consultation item id")->required();
  c->add_option("--organizer", resp->organizer, "Organizer key file")->required();
  c->add_option("--file", resp->file,
                "YAML list of {comment: TRACKING-CODE, section: N|TITLE, decision: "
                "accepted|explained, text: ...}")
      ->required();
  add_json_flag(c, global);
  add_node_option(c, global);
  c->callback([&global, &action, resp] {
    action = [&global, resp] { return run_respond(global, *resp); };
  });

  auto min = std::make_shared<MinutesOptions>();
  CLI::App* m =
      app.add_subcommand("minutes", "Sign and render the minutes (biên bản) in Vietnamese");
  m->add_option("--conference", min->conference, "Conference id")->required();
  m->add_option("--secretary", min->secretary, "Secretary key file")->required();
  m->add_option("--organizer", min->organizer, "Organizer key file")->required();
  m->add_option("--html", min->html, "Write a self-contained HTML page here");
  m->add_option("--md", min->md, "Write Markdown here");
  add_json_flag(m, global);
  add_node_option(m, global);
  m->callback(
      [&global, &action, min] { action = [&global, min] { return run_minutes(global, *min); }; });
}

}  // namespace conclave::client
