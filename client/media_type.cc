#include "client/media_type.h"

#include <array>
#include <utility>

namespace conclave::client {
namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 24> kTypes{{
    {"pdf", "application/pdf"},
    {"txt", "text/plain; charset=utf-8"},
    {"md", "text/markdown; charset=utf-8"},
    {"html", "text/html; charset=utf-8"},
    {"htm", "text/html; charset=utf-8"},
    {"csv", "text/csv; charset=utf-8"},
    {"json", "application/json"},
    {"yaml", "application/yaml"},
    {"yml", "application/yaml"},
    {"xml", "application/xml"},
    {"png", "image/png"},
    {"jpg", "image/jpeg"},
    {"jpeg", "image/jpeg"},
    {"gif", "image/gif"},
    {"svg", "image/svg+xml"},
    {"doc", "application/msword"},
    {"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
    {"xls", "application/vnd.ms-excel"},
    {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    {"ppt", "application/vnd.ms-powerpoint"},
    {"pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
    {"odt", "application/vnd.oasis.opendocument.text"},
    {"ods", "application/vnd.oasis.opendocument.spreadsheet"},
    {"zip", "application/zip"},
}};

}  // namespace

std::string guess_media_type(std::string_view filename) {
  size_t dot = filename.rfind('.');
  if (dot == std::string_view::npos || dot + 1 == filename.size()) {
    return "application/octet-stream";
  }
  std::string ext;
  for (char c : filename.substr(dot + 1)) {
    ext.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  for (const auto& [e, type] : kTypes) {
    if (e == ext) return std::string(type);
  }
  return "application/octet-stream";
}

}  // namespace conclave::client
