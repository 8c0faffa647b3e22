// A self-contained HTML page (inline CSS, no scripts, no external links) for
// minutes rendered as Markdown by node/core/minutes. Handles exactly the
// subset that renderer writes: headings, bullet lists, tables, **bold**
// and `code`.
#pragma once

#include <string>

namespace conclave::client {

std::string minutes_html(const std::string& markdown, const std::string& title);

}  // namespace conclave::client
