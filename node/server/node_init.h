// `conclaved init`: creates a node directory with a fresh node key, its
// configuration and a log holding the unit genesis entry. All or nothing:
// the directory is assembled under a temporary name and renamed at the end.
#pragma once

#include <vector>

#include "node/server/node_config.h"

namespace conclave {

struct InitOptions {
  std::filesystem::path dir;
  NodeConfig config;
  std::vector<std::filesystem::path> organizer_key_files;
  std::string parent_origin;
  std::string parent_verifier_key;
  std::string parent_address;
};

struct InitResult {
  std::string verifier_key;  // C2SP verifier key of the new log
  std::string checkpoint;
};

Result<InitResult> init_node(const InitOptions& options);

}  // namespace conclave
