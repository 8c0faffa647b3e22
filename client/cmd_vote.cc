// conclave vote, conclave respond: encrypted ballots with their proofs.
#include "client/commands.h"
#include "client/conference_builders.h"
#include "client/file_io.h"
#include "client/output.h"
#include "client/receipt_output.h"
#include "client/session_context.h"
#include "client/submit.h"
#include "node/core/entry.h"

namespace conclave::client {
namespace {

std::vector<std::string> split_commas(const std::string& s) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == ',') {
      out.push_back(cur);
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  out.push_back(cur);
  return out;
}

struct VoteOptions {
  std::string conference, item, key, choice, receipt;
  std::vector<std::string> sections, comments;
  bool spoil = false;
};

// Finds a section by 1-based number or by its exact title.
Result<uint32_t> section_index(const core::Item& item, const std::string& sid) {
  for (int i = 0; i < item.spec.sections_size(); ++i) {
    if (item.spec.sections(i) == sid || std::to_string(i + 1) == sid)
      return static_cast<uint32_t>(i);
  }
  return Error("item " + item.spec.id() + " has no section \"" + sid + "\"");
}

Result<std::pair<std::string, std::string>> split_assignment(const std::string& a) {
  const auto eq = a.find('=');
  if (eq == std::string::npos) return Error("expected SECTION=VALUE, got \"" + a + "\"");
  return std::make_pair(a.substr(0, eq), a.substr(eq + 1));
}

int cast(const GlobalOptions& g, const VoteOptions& o, bool consultation_command) {
  if (!o.receipt.empty()) {
    if (Status s = check_can_create(o.receipt); !s) return report_error(s.error());
  }
  Result<SessionContext> ctx = open_session(
      {.node = g.node, .key_file = o.key, .conference_id = o.conference, .item_id = o.item});
  if (!ctx) return report_error(ctx.error());
  if (ctx->member_id.empty()) return report_error("this key is not enrolled as a member");
  const core::Item& item = *ctx->item;
  const bool is_consultation = item.type == core::ItemType::kConsultation;
  if (consultation_command != is_consultation) {
    return report_error(is_consultation
                            ? "item " + o.item + " is a consultation: use conclave respond"
                            : "item " + o.item + " is not a consultation: use conclave vote");
  }
  std::map<uint32_t, std::string> answers;
  std::vector<std::string> comments;
  for (const std::string& a : o.sections) {
    auto kv = split_assignment(a);
    if (!kv) return report_error(kv.error());
    Result<uint32_t> idx = section_index(item, kv->first);
    if (!idx) return report_error(idx.error());
    answers[*idx] = kv->second;
  }
  if (!o.comments.empty()) {
    comments.assign(static_cast<size_t>(item.spec.sections_size()), "");
    for (const std::string& a : o.comments) {
      auto kv = split_assignment(a);
      if (!kv) return report_error(kv.error());
      Result<uint32_t> idx = section_index(item, kv->first);
      if (!idx) return report_error(idx.error());
      comments[*idx] = kv->second;
    }
  }
  std::vector<std::string> picks;
  if (!consultation_command) {
    for (const std::string& p : split_commas(o.choice)) {
      if (!p.empty()) picks.push_back(p);
    }
    if (item.type != core::ItemType::kElection && picks.empty()) picks.push_back("blank");
  }
  auto choices = choices_for(item, picks, answers);
  if (!choices) return report_error(choices.error());
  Result<BuiltBallot> ballot = build_ballot(*ctx->conference, item, ctx->member_id,
                                            ctx->key->public_key(), *choices, comments);
  if (!ballot) return report_error(ballot.error());

  Result<ReceiptFile> r =
      submit_entry(*ctx->node, *ctx->key, o.spoil ? spoiled_body(*ballot) : ballot_body(*ballot));
  if (!r) return report_error(r.error());
  const std::string code = core::tracking_code(*hash_from_bytes(r->receipt.leaf_hash(), "leaf"));
  if (!o.receipt.empty()) {
    if (Status s = save_receipt(*r, o.receipt); !s) return report_error(s.error());
  }
  if (g.json) {
    print_json({{"member", ctx->member_id},
                {"item", o.item},
                {"spoiled", o.spoil},
                {"tracking_code", code},
                {"receipt", receipt_to_json(*r)}});
  } else if (o.spoil) {
    std::cout << "ballot spoiled (published with its seed, never counted): tracking code " << code
              << "\nThe node accepted it only because the seed reproduces exactly the choices "
                 "you made: your device encrypted what you asked. Vote again to cast a ballot.\n";
  } else {
    std::cout << "ballot cast: tracking code " << code << " (entry " << r->receipt.index() << ")\n";
    if (!o.receipt.empty()) std::cout << "receipt saved to " << o.receipt << "\n";
  }
  return kExitOk;
}

}  // namespace

void add_vote_commands(CLI::App& app, GlobalOptions& global, Action& action) {
  auto vote = std::make_shared<VoteOptions>();
  CLI::App* v =
      app.add_subcommand("vote", "Cast an encrypted ballot on a resolution, election or agreement");
  v->add_option("--conference", vote->conference, "Conference id")->required();
  v->add_option("--item", vote->item, "Item id")->required();
  v->add_option("--key", vote->key, "Your key file")->required();
  v->add_option("--choice", vote->choice,
                "approve | reject | abstain | blank, or candidate ids separated by commas")
      ->required();
  v->add_option("--receipt", vote->receipt, "Save the receipt to this new file");
  v->add_flag("--spoil", vote->spoil,
              "Benaloh check: publish this ballot's seed instead of casting it");
  add_json_flag(v, global);
  add_node_option(v, global);
  v->callback([&global, &action, vote] {
    action = [&global, vote] { return cast(global, *vote, false); };
  });

  auto respond = std::make_shared<VoteOptions>();
  CLI::App* r = app.add_subcommand("respond", "Answer a consultation, section by section");
  r->add_option("--conference", respond->conference, "Conference id")->required();
  r->add_option("--item", respond->item, "Item id")->required();
  r->add_option("--key", respond->key, "Your key file")->required();
  r->add_option("--section", respond->sections,
                "SECTION=agree|disagree|abstain (section number or title); repeatable")
      ->required();
  r->add_option("--comment", respond->comments, "SECTION=TEXT comment; repeatable");
  r->add_option("--receipt", respond->receipt, "Save the receipt to this new file");
  r->add_flag("--spoil", respond->spoil, "Benaloh check: publish instead of casting");
  add_json_flag(r, global);
  add_node_option(r, global);
  r->callback([&global, &action, respond] {
    action = [&global, respond] { return cast(global, *respond, true); };
  });
}

}  // namespace conclave::client
