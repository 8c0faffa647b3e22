// Disclosure ("công khai"): an organizer publishes a document for staff.
#include "crypto/sha.h"
#include "node/core/handlers.h"
#include "node/core/text.h"

namespace conclave::core {

Status apply_disclosure(State& s, const ParsedEntry& e, const ApplyOptions& o) {
  const v1::Disclosure& d = e.body.disclosure();
  if (!s.is_organizer(e.author))
    return denied("only an organizer of this unit may publish documents");
  if (Status t = check_text("document title", d.title(), 500); !t) return t;
  if (Status t = check_text("file name", d.filename(), 255, false, true); !t) return t;
  if (d.filename().find('/') != std::string::npos || d.filename() == "." || d.filename() == "..") {
    return invalid("a file name may not contain '/' or be . or ..");
  }
  if (Status t = check_text("media type", d.media_type(), 100, false, true); !t) return t;
  if (d.sha256().size() != 32) return invalid("document hash must be a 32-byte SHA-256");
  if (!d.inline_body().empty()) {
    if (d.inline_body().size() > o.max_inline_body) {
      return Error(ErrorCode::kResourceExhausted,
                   "inline document body exceeds " + std::to_string(o.max_inline_body) + " bytes");
    }
    if (d.inline_body().size() != d.size()) return invalid("inline body size does not match");
    Hash32 h = sha256(as_bytes(d.inline_body()));
    if (!same_bytes(d.sha256(), h)) {
      return invalid("inline body does not match the document hash");
    }
  }
  DisclosureRecord r;
  r.index = s.size;
  r.title = d.title();
  std::copy(d.sha256().begin(), d.sha256().end(), r.sha256.begin());
  r.size = d.size();
  r.filename = d.filename();
  r.author = e.author;
  s.disclosures.push_back(std::move(r));
  return Status::Ok();
}

}  // namespace conclave::core
