// What most conference commands start from: the node, the caller's key, the
// log replayed into a state, and the conference (and item) named on the
// command line, with the caller's member id if the key is enrolled.
#pragma once

#include <optional>
#include <string>

#include "client/log_replay.h"
#include "client/node_client.h"

namespace conclave::client {

struct SessionContext {
  std::optional<NodeClient> node;
  std::optional<Identity> key;  // loaded when a key file was given
  ReplayedLog log;
  const core::Conference* conference = nullptr;
  const core::Item* item = nullptr;
  std::string member_id;  // of `key`, if enrolled

  const core::State& state() const { return log.state; }
};

struct SessionRequest {
  std::string node;
  std::string key_file;       // optional
  std::string conference_id;  // optional
  std::string item_id;        // optional
  core::ProofCheck proofs = core::ProofCheck::kTrust;
};

Result<SessionContext> open_session(const SessionRequest& request);

// Reloads the log into ctx (after submitting, to see the new state).
Status refresh(SessionContext& ctx, const SessionRequest& request);

}  // namespace conclave::client
