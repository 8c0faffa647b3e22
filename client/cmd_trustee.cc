// conclave trustee ceremony | decrypt
#include <chrono>
#include <thread>

#include "client/commands.h"
#include "client/conference_builders.h"
#include "client/output.h"
#include "client/session_context.h"
#include "client/submit.h"
#include "node/core/codec.h"

namespace conclave::client {
namespace {

using Clock = std::chrono::steady_clock;

struct TrusteeOptions {
  std::string conference, item, key;
  int timeout = 600;
};

// Submits, treating "already done by someone else" as success.
Status post(SessionContext& ctx, const v1::EntryBody& body, bool tolerate_race = false) {
  Result<ReceiptFile> r = submit_entry(*ctx.node, *ctx.key, body);
  if (!r && !tolerate_race) return r.error();
  return Status::Ok();
}

bool all_dealt(const core::Conference& c) {
  for (const auto& t : c.trustees) {
    if (t.sealed_shares.empty()) return false;
  }
  return true;
}

bool all_complaints_answered(const core::Conference& c) {
  for (const DkgComplaint& k : c.complaints) {
    bool answered = false;
    for (const DkgReveal& r : c.reveals)
      answered |= r.dealer == k.accused && r.recipient == k.accuser;
    if (!answered) return false;
  }
  return true;
}

int run_ceremony(const GlobalOptions& g, const TrusteeOptions& o) {
  SessionRequest req{.node = g.node,
                     .key_file = o.key,
                     .conference_id = o.conference,
                     .proofs = core::ProofCheck::kVerify};
  Result<SessionContext> ctx = open_session(req);
  if (!ctx) return report_error(ctx.error());
  const auto deadline = Clock::now() + std::chrono::seconds(o.timeout);
  bool said_waiting = false;
  for (;;) {
    const core::Conference& c = *ctx->conference;
    std::optional<uint32_t> j = c.trustee_index(ctx->key->public_key());
    if (!j) return report_error("this key is not a trustee of " + o.conference);
    if (c.status != core::ConferenceStatus::kCeremony) {
      Result<Scalar> share = trustee_secret_share(c, *j, *ctx->key);
      if (!share) return report_error(share.error());
      const std::string joint = key_fingerprint(c.joint_key.bytes());
      if (g.json) {
        print_json({{"trustee", *j}, {"qualified", c.qualified}, {"joint_key", joint}});
      } else {
        std::cout << "key ceremony of " << o.conference << " done: trustee " << *j
                  << " holds a verified key share; joint key " << joint << "; qualified:";
        for (uint32_t q : c.qualified) std::cout << " " << q;
        std::cout << "\n";
      }
      return kExitOk;
    }
    const core::TrusteeSlot& me = c.trustees[*j - 1];
    const Polynomial poly = trustee_polynomial(c, *ctx->key);
    Status step = Status::Ok();
    bool acted = true;
    if (!me.commitment) {
      step = post(*ctx, build_dkg_commitment(c, *j, poly));
    } else if (me.sealed_shares.empty()) {
      step = post(*ctx, build_dkg_shares(c, *j, poly));
    } else {
      acted = false;
      const ReceivedShares received = open_received_shares(c, *j, *ctx->key);
      for (uint32_t bad : received.bad_dealers) {
        bool filed = false;
        for (const DkgComplaint& k : c.complaints) filed |= k.accuser == *j && k.accused == bad;
        if (!filed && step) {
          std::cerr << "share from trustee " << bad << " does not verify: filing a complaint\n";
          step = post(*ctx, build_dkg_complaint(c, *j, bad));
          acted = true;
        }
      }
      for (const DkgComplaint& k : c.complaints) {
        if (k.accused != *j || !step) continue;
        bool revealed = false;
        for (const DkgReveal& r : c.reveals) revealed |= r.dealer == *j && r.recipient == k.accuser;
        if (!revealed) {
          step = post(*ctx, build_dkg_reveal(c, *j, k.accuser, poly));
          acted = true;
        }
      }
      if (!acted && all_dealt(c) && !c.acknowledged.contains(*j)) {
        step = post(*ctx, build_dkg_complaint(c, *j, 0));
        acted = true;
      }
      const bool everyone_checked = c.acknowledged.size() == c.trustees.size();
      const bool timed_out = Clock::now() > deadline;
      if (!acted &&
          ((all_dealt(c) && everyone_checked && all_complaints_answered(c)) || timed_out)) {
        Result<v1::EntryBody> done = build_key_ceremony_done(ctx->state(), c);
        if (!done) {
          if (timed_out) return report_error("key ceremony timed out: " + done.error().message());
        } else {
          step = post(*ctx, *done, /*tolerate_race=*/true);
          acted = true;
        }
      }
      if (!acted && timed_out)
        return report_error("key ceremony timed out waiting for the other trustees");
    }
    if (!step) return report_error(step.error());
    if (!acted) {
      if (!said_waiting && !g.json) {
        std::cerr << "trustee " << *j << ": waiting for the other trustees…\n";
        said_waiting = true;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
    }
    if (Status s = refresh(*ctx, req); !s) return report_error(s.error());
  }
}

int run_decrypt(const GlobalOptions& g, const TrusteeOptions& o) {
  // Replaying with kVerify checks every ballot's proofs before we decrypt
  // anything, and recomputes the aggregates from the ballots themselves.
  Result<SessionContext> ctx = open_session({.node = g.node,
                                             .key_file = o.key,
                                             .conference_id = o.conference,
                                             .item_id = o.item,
                                             .proofs = core::ProofCheck::kVerify});
  if (!ctx) return report_error(ctx.error());
  const core::Conference& c = *ctx->conference;
  const core::Item& item = *ctx->item;
  std::optional<uint32_t> j = c.trustee_index(ctx->key->public_key());
  if (!j) return report_error("this key is not a trustee of " + o.conference);
  if (item.status != core::ItemStatus::kClosed) {
    return report_error("item " + o.item + " is " + to_string(item.status) +
                        "; trustees decrypt closed items only");
  }
  // Never decrypt aggregates we did not derive ourselves.
  Result<v1::TallyResponse> claimed = ctx->node->get_tally(o.conference, o.item);
  if (!claimed) return report_error(claimed.error());
  bool same = claimed->ballots_counted() == item.ballots.size() &&
              same_bytes(claimed->aggregate_hash(), item.aggregate_hash) &&
              claimed->aggregates_size() == static_cast<int>(item.aggregates.size());
  for (int s = 0; same && s < claimed->aggregates_size(); ++s) {
    same = core::encode(item.aggregates[static_cast<size_t>(s)]).SerializeAsString() ==
           claimed->aggregates(s).SerializeAsString();
  }
  if (!same) {
    return report_error(
        "refusing to decrypt: the aggregates the node presents do not match the "
        "ballots in its log");
  }
  Result<Scalar> share = trustee_secret_share(c, *j, *ctx->key);
  if (!share) return report_error(share.error());
  Result<v1::EntryBody> body = build_decryption_share(c, item, *j, *share, ctx->key->public_key());
  if (!body) return report_error(body.error());
  Result<ReceiptFile> r = submit_entry(*ctx->node, *ctx->key, *body);
  if (!r) return report_error(r.error());
  if (g.json) {
    print_json({{"trustee", *j},
                {"item", o.item},
                {"ballots_verified", item.ballots.size()},
                {"receipt", receipt_to_json(*r)}});
  } else {
    std::cout << "trustee " << *j << " verified " << item.ballots.size()
              << " ballots and posted its decryption share for " << o.item << "\n";
  }
  return kExitOk;
}

}  // namespace

void add_trustee_commands(CLI::App& app, GlobalOptions& global, Action& action) {
  CLI::App* trustee = app.add_subcommand("trustee", "Key ceremony and decryption, for trustees");
  trustee->require_subcommand(1);
  auto cer = std::make_shared<TrusteeOptions>();
  CLI::App* c = trustee->add_subcommand(
      "ceremony", "Do this trustee's rounds of the key ceremony, waiting for the others");
  c->add_option("--conference", cer->conference, "Conference id")->required();
  c->add_option("--key", cer->key, "Your key file")->required();
  c->add_option("--timeout", cer->timeout,
                "Seconds to wait for the others (then close without them if enough qualified)")
      ->check(CLI::Range(1, 86400));
  add_json_flag(c, global);
  add_node_option(c, global);
  c->callback(
      [&global, &action, cer] { action = [&global, cer] { return run_ceremony(global, *cer); }; });

  auto dec = std::make_shared<TrusteeOptions>();
  CLI::App* d = trustee->add_subcommand(
      "decrypt", "Verify every ballot, then post this trustee's decryption share");
  d->add_option("--conference", dec->conference, "Conference id")->required();
  d->add_option("--item", dec->item, "Item id")->required();
  d->add_option("--key", dec->key, "Your key file")->required();
  add_json_flag(d, global);
  add_node_option(d, global);
  d->callback(
      [&global, &action, dec] { action = [&global, dec] { return run_decrypt(global, *dec); }; });
}

}  // namespace conclave::client
