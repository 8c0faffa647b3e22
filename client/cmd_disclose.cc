// conclave disclose: an organizer publishes a document ("công khai").
#include <filesystem>
#include <memory>

#include "client/commands.h"
#include "client/file_io.h"
#include "client/key_loading.h"
#include "client/media_type.h"
#include "client/output.h"
#include "client/receipt_output.h"
#include "client/submit.h"
#include "crypto/sha.h"
#include "node/core/text.h"

namespace conclave::client {
namespace {

// The largest document we read; the node may have a lower limit.
constexpr size_t kMaxDocumentBytes = 32 << 20;
// The largest body sent inline (the state machine's default limit).
constexpr size_t kMaxInlineBytes = 64 * 1024;

struct DiscloseOptions {
  std::string organizer;
  std::string title;
  std::string file;
  bool inline_body = false;
  std::string receipt_out;
};

int run_disclose(const GlobalOptions& g, const DiscloseOptions& o) {
  if (Status s = core::check_text("title", o.title, 500); !s) return report_error(s.error());
  const std::string filename = std::filesystem::path(o.file).filename().string();
  if (Status s = core::check_text("file name", filename, 255); !s) {
    return report_error(s.error());
  }
  if (!o.receipt_out.empty()) {
    if (Status s = check_can_create(o.receipt_out); !s) return report_error(s.error());
  }
  Result<std::string> data = read_file(o.file, kMaxDocumentBytes);
  if (!data) return report_error(data.error());
  if (o.inline_body && data->size() > kMaxInlineBytes) {
    return report_error(o.file + " has " + std::to_string(data->size()) +
                        " bytes, too many for --inline (at most " +
                        std::to_string(kMaxInlineBytes) + "); leave out --inline to attach it");
  }
  Result<NodeClient> node = NodeClient::create(g.node);
  if (!node) return report_error(node.error());
  Result<Identity> organizer = load_identity(o.organizer);
  if (!organizer) return report_error(organizer.error());

  v1::EntryBody body;
  v1::Disclosure* d = body.mutable_disclosure();
  d->set_title(o.title);
  const Hash32 digest = sha256(as_bytes(*data));
  d->set_sha256(digest.data(), digest.size());
  d->set_size(data->size());
  d->set_filename(filename);
  d->set_media_type(guess_media_type(filename));
  std::vector<std::string> blobs;
  if (o.inline_body) {
    d->set_inline_body(*data);
  } else {
    blobs.push_back(std::move(*data));
  }

  Result<ReceiptFile> receipt = submit_entry(*node, *organizer, std::move(body), std::move(blobs));
  if (!receipt) return report_error(receipt.error());
  print_receipt(*receipt, g.json);
  if (!o.receipt_out.empty()) {
    if (Status s = save_receipt(*receipt, o.receipt_out); !s) {
      return report_error("the document was published but the receipt was not saved: " +
                          s.error().message());
    }
  }
  return kExitOk;
}

}  // namespace

void add_disclose_command(CLI::App& app, GlobalOptions& global, Action& action) {
  auto o = std::make_shared<DiscloseOptions>();
  CLI::App* cmd = app.add_subcommand("disclose", "Publish a document to the unit's staff");
  cmd->add_option("--organizer", o->organizer, "Organizer's key file")->required();
  cmd->add_option("--title", o->title, "Document title")->required();
  cmd->add_option("--file", o->file, "Document to publish")->required();
  cmd->add_flag("--inline", o->inline_body,
                "Put the document in the log entry itself (at most 64 KiB)");
  cmd->add_option("--receipt-out", o->receipt_out, "Also save the receipt JSON to this new file");
  add_node_option(cmd, global);
  add_json_flag(cmd, global);
  cmd->callback(
      [&action, &global, o] { action = [&global, o] { return run_disclose(global, *o); }; });
}

}  // namespace conclave::client
