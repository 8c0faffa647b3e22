#include "node/server/node_config.h"

#include <fcntl.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace conclave {

Result<NodeConfig> load_node_config(const std::filesystem::path& dir) {
  Result<std::string> text = read_file(NodeConfig::config_path(dir));
  if (!text) return text.error();
  try {
    YAML::Node y = YAML::Load(*text);
    NodeConfig c;
    if (!y["origin"]) return Error("conclaved.yaml: missing \"origin\"");
    c.origin = y["origin"].as<std::string>();
    if (y["unit_name"]) c.unit_name = y["unit_name"].as<std::string>();
    if (y["listen"]) c.listen = y["listen"].as<std::string>();
    if (y["max_blob_bytes"]) c.max_blob_bytes = y["max_blob_bytes"].as<uint64_t>();
    if (y["snapshot_interval"]) c.snapshot_interval = y["snapshot_interval"].as<uint64_t>();
    return c;
  } catch (const YAML::Exception& e) {
    return Error(std::string("conclaved.yaml: ") + e.what());
  }
}

std::string format_node_config(const NodeConfig& c) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "origin" << YAML::Value << c.origin;
  out << YAML::Key << "unit_name" << YAML::Value << c.unit_name;
  out << YAML::Key << "listen" << YAML::Value << c.listen;
  out << YAML::Key << "max_blob_bytes" << YAML::Value << c.max_blob_bytes;
  out << YAML::Key << "snapshot_interval" << YAML::Value << c.snapshot_interval;
  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

Status write_file_atomic(const std::filesystem::path& path, std::string_view data,
                         std::filesystem::perms perms) {
  const std::filesystem::path tmp = path.string() + ".tmp";
  const int fd =
      ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, static_cast<mode_t>(perms));
  if (fd < 0) return Error("cannot write " + path.string() + ": " + std::strerror(errno));
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      ::close(fd);
      ::unlink(tmp.c_str());
      return Error("cannot write " + path.string() + ": " + std::strerror(errno));
    }
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0 || ::rename(tmp.c_str(), path.c_str()) != 0) {
    ::unlink(tmp.c_str());
    return Error("cannot write " + path.string() + ": " + std::strerror(errno));
  }
  return Status::Ok();
}

Result<std::string> read_file(const std::filesystem::path& path, size_t max_bytes) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return Error(ErrorCode::kNotFound, "cannot read " + path.string() + ": " + ec.message());
  if (size > max_bytes) {
    return Error(ErrorCode::kResourceExhausted,
                 path.string() + " is larger than " + std::to_string(max_bytes) + " bytes");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error(ErrorCode::kNotFound, "cannot read " + path.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace conclave
