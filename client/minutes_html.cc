#include "client/minutes_html.h"

#include <sstream>
#include <vector>

namespace conclave::client {
namespace {

std::string escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

// **bold** and `code`, on escaped text.
std::string inline_markup(const std::string& raw) {
  const std::string s = escape(raw);
  std::string out;
  bool bold = false, code = false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (!code && s.compare(i, 2, "**") == 0) {
      out += bold ? "</strong>" : "<strong>";
      bold = !bold;
      ++i;
    } else if (s[i] == '`') {
      out += code ? "</code>" : "<code>";
      code = !code;
    } else {
      out.push_back(s[i]);
    }
  }
  if (bold) out += "</strong>";
  if (code) out += "</code>";
  return out;
}

std::vector<std::string> cells(const std::string& row) {
  std::vector<std::string> out;
  std::string cur;
  for (size_t i = 1; i < row.size(); ++i) {  // skip the leading '|'
    if (row[i] == '|') {
      out.push_back(cur);
      cur.clear();
    } else {
      cur.push_back(row[i]);
    }
  }
  for (auto& c : out) {
    while (!c.empty() && c.front() == ' ') c.erase(c.begin());
    while (!c.empty() && c.back() == ' ') c.pop_back();
  }
  return out;
}

}  // namespace

std::string minutes_html(const std::string& markdown, const std::string& title) {
  std::ostringstream out;
  out << "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\">"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      << "<title>" << escape(title) << "</title><style>"
      << "body{font-family:'Times New Roman',serif;max-width:860px;margin:2em auto;padding:0 1em;"
         "line-height:1.5;color:#111}h1{text-align:center;font-size:1.5em;text-transform:uppercase}"
         "h2{font-size:1.2em;border-bottom:1px solid #999;margin-top:1.6em}h3{font-size:1.05em}"
         "table{border-collapse:collapse;margin:.6em 0}td,th{border:1px solid #777;padding:.25em "
         ".6em}"
         "td.n{text-align:right}code{font-family:monospace;background:#f3f3f3;padding:0 .2em}"
         ".sig{margin-top:2em;display:flex;justify-content:space-around;text-align:center}"
         "@media print{body{margin:0}}"
      << "</style></head><body>\n";
  std::istringstream in(markdown);
  std::string line;
  bool in_list = false, in_table = false, header_row = false;
  auto close_blocks = [&] {
    if (in_list) out << "</ul>\n";
    if (in_table) out << "</table>\n";
    in_list = in_table = false;
  };
  while (std::getline(in, line)) {
    if (line.rfind("|", 0) == 0) {
      if (in_list) {
        out << "</ul>\n";
        in_list = false;
      }
      if (line.find("---") != std::string::npos &&
          line.find_first_not_of("|-: ") == std::string::npos) {
        continue;  // the alignment row
      }
      if (!in_table) {
        out << "<table>\n";
        in_table = true;
        header_row = true;
      }
      out << "<tr>";
      bool first = true;
      for (const std::string& c : cells(line)) {
        const char* tag = header_row ? "th" : "td";
        out << "<" << tag << (header_row || first ? "" : " class=\"n\"") << ">" << inline_markup(c)
            << "</" << tag << ">";
        first = false;
      }
      out << "</tr>\n";
      header_row = false;
      continue;
    }
    if (line.rfind("- ", 0) == 0) {
      if (in_table) {
        out << "</table>\n";
        in_table = false;
      }
      if (!in_list) out << "<ul>\n";
      in_list = true;
      out << "<li>" << inline_markup(line.substr(2)) << "</li>\n";
      continue;
    }
    close_blocks();
    if (line.empty()) continue;
    int level = 0;
    while (level < static_cast<int>(line.size()) && line[static_cast<size_t>(level)] == '#')
      ++level;
    if (level > 0 && level <= 4 && line.size() > static_cast<size_t>(level) &&
        line[static_cast<size_t>(level)] == ' ') {
      out << "<h" << level << ">" << inline_markup(line.substr(static_cast<size_t>(level) + 1))
          << "</h" << level << ">\n";
    } else {
      out << "<p>" << inline_markup(line) << "</p>\n";
    }
  }
  close_blocks();
  out << "</body></html>\n";
  return out.str();
}

}  // namespace conclave::client
