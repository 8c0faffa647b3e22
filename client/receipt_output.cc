#include "client/receipt_output.h"

#include "client/file_io.h"
#include "client/output.h"
#include "node/core/entry.h"

namespace conclave::client {

void print_receipt(const ReceiptFile& r, bool json) {
  if (json) {
    print_json(receipt_to_json(r));
    return;
  }
  Result<Hash32> leaf = hash_from_bytes(r.receipt.leaf_hash(), "leaf hash");
  print_fields({{"origin", printable(r.receipt.origin())},
                {"index", std::to_string(r.receipt.index())},
                {"tracking code", leaf ? core::tracking_code(*leaf) : "(invalid leaf hash)"},
                {"checkpoint size", std::to_string(r.receipt.tree_size())}});
}

Status save_receipt(const ReceiptFile& r, const std::string& path) {
  std::string text =
      receipt_to_json(r).dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) +
      "\n";
  return write_new_file(path, text, 0644);
}

}  // namespace conclave::client
