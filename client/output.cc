#include "client/output.h"

#include <cstdio>
#include <iostream>

#include "node/core/text.h"

namespace conclave::client {

std::string printable(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  const bool utf8 = core::valid_utf8(s);
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7f) {
      out.push_back(' ');
    } else if (c >= 0x80 && !utf8) {
      out.push_back('?');
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

void print_json(const nlohmann::ordered_json& j) {
  std::cout << j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
  std::cout.flush();
}

void print_fields(const Fields& fields) {
  size_t width = 0;
  for (const auto& [label, value] : fields) width = std::max(width, label.size());
  for (const auto& [label, value] : fields) {
    std::cout << label << ":" << std::string(width - label.size() + 1, ' ') << value << "\n";
  }
  std::cout.flush();
}

int report_error(std::string_view message) {
  std::cout.flush();
  std::cerr << "conclave: error: " << printable(message) << std::endl;
  return kExitFailure;
}

int report_error(const Error& error) {
  return report_error(error.message());
}

}  // namespace conclave::client
