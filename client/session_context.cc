#include "client/session_context.h"

#include "client/key_loading.h"

namespace conclave::client {

Status refresh(SessionContext& ctx, const SessionRequest& r) {
  Result<ReplayedLog> log = replay_log(*ctx.node, r.proofs);
  if (!log) return log.error();
  ctx.log = std::move(*log);
  ctx.conference = nullptr;
  ctx.item = nullptr;
  if (!r.conference_id.empty()) {
    ctx.conference = ctx.log.state.conference(r.conference_id);
    if (!ctx.conference) return Error("no conference \"" + r.conference_id + "\" in this log");
    if (!r.item_id.empty()) {
      ctx.item = ctx.conference->item(r.item_id);
      if (!ctx.item) {
        return Error("conference " + r.conference_id + " has no item \"" + r.item_id + "\"");
      }
    }
  }
  if (ctx.key) {
    const core::Member* m = ctx.log.state.member_with_key(ctx.key->public_key());
    ctx.member_id = m ? m->id : "";
  }
  return Status::Ok();
}

Result<SessionContext> open_session(const SessionRequest& r) {
  SessionContext ctx;
  Result<NodeClient> node = NodeClient::create(r.node);
  if (!node) return node.error();
  ctx.node.emplace(std::move(*node));
  if (!r.key_file.empty()) {
    Result<Identity> key = load_identity(r.key_file);
    if (!key) return key.error();
    ctx.key.emplace(std::move(*key));
  }
  if (Status s = refresh(ctx, r); !s) return s.error();
  return ctx;
}

}  // namespace conclave::client
