// A node directory:
//   DIR/conclaved.yaml   configuration (origin, listen address, limits)
//   DIR/node.key         the node's key file (signs checkpoints and genesis)
//   DIR/log/             the LevelDB store
#pragma once

#include <filesystem>
#include <string>

#include "crypto/result.h"

namespace conclave {

struct NodeConfig {
  std::string origin;
  std::string unit_name;
  std::string listen = "127.0.0.1:7450";
  uint64_t max_blob_bytes = 16 << 20;
  // Entries between state snapshots (LedgerOptions::snapshot_interval).
  uint64_t snapshot_interval = 10000;

  static std::filesystem::path config_path(const std::filesystem::path& dir) {
    return dir / "conclaved.yaml";
  }
  static std::filesystem::path key_path(const std::filesystem::path& dir) {
    return dir / "node.key";
  }
  static std::filesystem::path log_path(const std::filesystem::path& dir) { return dir / "log"; }
};

Result<NodeConfig> load_node_config(const std::filesystem::path& dir);
std::string format_node_config(const NodeConfig& config);

// Writes data to path atomically (temporary file, fsync, rename) with the
// given permissions. Never leaves a partial file behind.
Status write_file_atomic(const std::filesystem::path& path, std::string_view data,
                         std::filesystem::perms perms = std::filesystem::perms::owner_read |
                                                        std::filesystem::perms::owner_write);
Result<std::string> read_file(const std::filesystem::path& path, size_t max_bytes = 64 << 20);

}  // namespace conclave
