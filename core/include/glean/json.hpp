// glean/core/include/glean/json.hpp - small, fast JSON writing helpers (escaping, values)
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "glean/features.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

namespace glean::json {

/// Appends `s` as a JSON string literal (with quotes). `s` must be valid UTF-8; it is copied
/// through unchanged except for the characters JSON requires to be escaped.
inline void appendString(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  std::size_t run = 0;  // start of the pending run of bytes that need no escaping
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        out += "\\u00";
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 0xF]);
    }
  }
  out.append(s.data() + run, s.size() - run);
  out.push_back('"');
}

/// Appends an integer in decimal.
inline void appendInt(std::string& out, std::int64_t v) {
  char buf[24];
  auto res = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, res.ptr);
}

/// Appends an unsigned integer (a byte offset, an id) in decimal.
inline void appendUInt(std::string& out, std::uint64_t v) {
  char buf[24];
  auto res = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, res.ptr);
}

/// Appends a number in its shortest round-trip form; NaN and infinities become null.
inline void appendDouble(std::string& out, double v) {
  if (!std::isfinite(v)) {
    out += "null";  // JSON has no NaN or infinity
    return;
  }
  char buf[32];
  auto res = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, res.ptr);
}

/// Appends a feature value as JSON (string, number or boolean).
inline void appendValue(std::string& out, const FeatureValue& v) {
  if (const auto* s = std::get_if<std::string>(&v)) return appendString(out, *s);
  if (const auto* i = std::get_if<std::int64_t>(&v)) return appendInt(out, *i);
  if (const auto* d = std::get_if<double>(&v)) return appendDouble(out, *d);
  out += std::get<bool>(v) ? "true" : "false";
}

/// Appends a Features table as a JSON object.
inline void appendObject(std::string& out, const Features& features) {
  out.push_back('{');
  bool first = true;
  for (const auto& [key, value] : features) {
    if (!first) out.push_back(',');
    first = false;
    appendString(out, key);
    out.push_back(':');
    appendValue(out, value);
  }
  out.push_back('}');
}

}  // namespace glean::json
