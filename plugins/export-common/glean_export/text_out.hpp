// glean/plugins/export-common/glean_export/text_out.hpp - appending values as CSV, HTML and plain text
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <glean/sdk.hpp>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace glean_export {

/// Appends a feature value as plain text: strings as they are, integers in decimal, numbers in
/// their shortest round-trip form (as in the JSONL output), booleans as true/false.
inline void appendValueText(std::string& out, const glean::FeatureValue& v) {
  if (const auto* s = std::get_if<std::string>(&v)) {
    out += *s;
  } else if (const auto* i = std::get_if<std::int64_t>(&v)) {
    glean::json::appendInt(out, *i);
  } else if (const auto* d = std::get_if<double>(&v)) {
    if (std::isfinite(*d)) {
      char buf[32];
      auto res = std::to_chars(buf, buf + sizeof buf, *d);
      out.append(buf, res.ptr);
    } else {
      out += std::isnan(*d) ? "nan" : (*d > 0 ? "inf" : "-inf");
    }
  } else {
    out += std::get<bool>(v) ? "true" : "false";
  }
}

/// True when an RFC 4180 field must be quoted: it holds a comma, a double quote, CR or LF.
/// (Four memchr passes: each is vectorized, and long texts usually stop at an early comma.)
inline bool csvNeedsQuotes(std::string_view s) {
  for (char c : {',', '"', '\n', '\r'})
    if (std::memchr(s.data(), c, s.size()) != nullptr) return true;
  return false;
}

/// Appends one RFC 4180 field: as it is, or in double quotes with inner quotes doubled.
inline void appendCsvField(std::string& out, std::string_view s) {
  if (!csvNeedsQuotes(s)) {
    out += s;
    return;
  }
  out.push_back('"');
  const char* p = s.data();
  const char* end = p + s.size();
  while (const void* q = std::memchr(p, '"', static_cast<std::size_t>(end - p))) {
    const char* quote = static_cast<const char*>(q);
    out.append(p, quote + 1);  // up to and including the quote...
    out.push_back('"');        // ...which is doubled
    p = quote + 1;
  }
  out.append(p, end);
  out.push_back('"');
}

/// Appends text escaped for HTML text and attribute values (& < > " '). CR becomes a character
/// reference too: an HTML parser turns a literal CR or CRLF into LF, a reference survives, so the
/// page's DOM holds the document's text exactly.
inline void appendHtmlEscaped(std::string& out, std::string_view s) {
  std::size_t run = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char* rep = nullptr;
    switch (s[i]) {
      case '&': rep = "&amp;"; break;
      case '<': rep = "&lt;"; break;
      case '>': rep = "&gt;"; break;
      case '"': rep = "&quot;"; break;
      case '\'': rep = "&#39;"; break;
      case '\r': rep = "&#13;"; break;
      default: continue;
    }
    out.append(s.data() + run, i - run);
    out += rep;
    run = i + 1;
  }
  out.append(s.data() + run, s.size() - run);
}

/// Makes JSON safe inside an HTML <script> element: "<", ">" and "&" become \u escapes (valid in
/// JSON strings, and the only places they can occur), so no "</script>" or "<!--" can end the
/// element early. Works in place from `from` to the end of `out`.
inline void escapeJsonForScript(std::string& out, std::size_t from) {
  std::size_t extra = 0;
  for (std::size_t i = from; i < out.size(); ++i)
    if (out[i] == '<' || out[i] == '>' || out[i] == '&') extra += 5;
  if (extra == 0) return;
  std::size_t old_size = out.size();
  out.resize(old_size + extra);
  std::size_t w = out.size();
  for (std::size_t r = old_size; r-- > from;) {
    char c = out[r];
    if (c == '<' || c == '>' || c == '&') {
      const char* rep = c == '<' ? "\\u003c" : (c == '>' ? "\\u003e" : "\\u0026");
      w -= 6;
      out.replace(w, 6, rep, 6);
    } else {
      out[--w] = c;
    }
  }
}

}  // namespace glean_export
