// A document's media type, guessed from its file name's extension.
#pragma once

#include <string>
#include <string_view>

namespace conclave::client {

// E.g. "minutes.PDF" → "application/pdf"; unknown → "application/octet-stream".
std::string guess_media_type(std::string_view filename);

}  // namespace conclave::client
