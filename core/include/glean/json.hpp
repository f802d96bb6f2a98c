// glean/core/include/glean/json.hpp - small, fast JSON writing helpers (escaping, values)
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "glean/features.hpp"

#include <charconv>
#include <cstddef>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <variant>
#include <vector>
#include <algorithm>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace glean::json {

namespace detail {

/// The index of the first byte at or after `i` that JSON requires escaped (a control character,
/// '"' or '\\'), or `n` when there is none. Text is mostly runs of plain bytes, so this scans 16
/// bytes per step (SSE2 is part of x86-64; <emmintrin.h> is a compiler header, not a dependency).
inline std::size_t nextEscape(const char* s, std::size_t i, std::size_t n) {
#ifdef __SSE2__
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i last_control = _mm_set1_epi8(0x1F);
  for (; i + 16 <= n; i += 16) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i));
    // max(v, 0x1F) == 0x1F exactly when v <= 0x1F, as unsigned bytes.
    __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)),
                               _mm_cmpeq_epi8(_mm_max_epu8(v, last_control), last_control));
    if (int mask = _mm_movemask_epi8(hit); mask != 0)
      return i + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
  }
#endif
  for (; i < n; ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == '"' || c == '\\') return i;
  }
  return n;
}

}  // namespace detail

/// Writes `s` JSON-escaped (without quotes) at `dst`, which must have room for 6 * s.size()
/// bytes (the longest escape, "\\u001f", is six); returns the end of what was written.
inline char* writeEscaped(char* dst, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  const char* data = s.data();
  const std::size_t n = s.size();
  std::size_t run = 0;
  for (std::size_t i = detail::nextEscape(data, 0, n); i < n; i = detail::nextEscape(data, i, n)) {
    auto c = static_cast<unsigned char>(data[i]);
    std::memcpy(dst, data + run, i - run);
    dst += i - run;
    run = ++i;
    *dst++ = '\\';
    switch (c) {
      case '"': *dst++ = '"'; break;
      case '\\': *dst++ = '\\'; break;
      case '\n': *dst++ = 'n'; break;
      case '\r': *dst++ = 'r'; break;
      case '\t': *dst++ = 't'; break;
      case '\b': *dst++ = 'b'; break;
      case '\f': *dst++ = 'f'; break;
      default:
        *dst++ = 'u';
        *dst++ = '0';
        *dst++ = '0';
        *dst++ = kHex[c >> 4];
        *dst++ = kHex[c & 0xF];
    }
  }
  std::memcpy(dst, data + run, n - run);
  return dst + (n - run);
}

/// Appends a string literal without measuring it at run time: `appendRaw(out, ",\"id\":")`.
template <std::size_t N>
inline void appendRaw(std::string& out, const char (&literal)[N]) {
  out.append(literal, N - 1);
}

/// Appends `s` as a JSON string literal (with quotes). `s` must be valid UTF-8; it is copied
/// through unchanged except for the characters JSON requires to be escaped.
inline void appendString(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.reserve(out.size() + s.size() + 2);
  out.push_back('"');
  const char* data = s.data();
  const std::size_t n = s.size();
  std::size_t run = 0;  // start of the pending run of bytes that need no escaping
  for (std::size_t i = detail::nextEscape(data, 0, n); i < n; i = detail::nextEscape(data, i, n)) {
    auto c = static_cast<unsigned char>(data[i]);
    out.append(data + run, i - run);
    run = ++i;
    switch (c) {
      case '"': appendRaw(out, "\\\""); break;
      case '\\': appendRaw(out, "\\\\"); break;
      case '\n': appendRaw(out, "\\n"); break;
      case '\r': appendRaw(out, "\\r"); break;
      case '\t': appendRaw(out, "\\t"); break;
      case '\b': appendRaw(out, "\\b"); break;
      case '\f': appendRaw(out, "\\f"); break;
      default:
        appendRaw(out, "\\u00");
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 0xF]);
    }
  }
  out.append(data + run, n - run);
  out.push_back('"');
}

/// A text escaped for JSON once, whose slices are then appended as JSON strings by copying: an
/// exporter that writes the text of nested annotations (a Section, its Paragraphs, their
/// Sentences) escapes each byte once instead of once per annotation around it. Offsets are byte
/// offsets into the original text; any byte offset is a valid cut (only ASCII bytes are escaped).
class EscapedText {
 public:
  /// Escapes `text` (valid UTF-8), replacing what was there.
  void assign(std::string_view text) {
    escaped_.clear();
    escapes_.clear();
    extra_.clear();
    size_ = text.size();
    escaped_.reserve(text.size() + text.size() / 16 + 16);
    const char* data = text.data();
    std::size_t run = 0, extra = 0;
    for (std::size_t i = detail::nextEscape(data, 0, size_); i < size_;
         i = detail::nextEscape(data, i, size_)) {
      escaped_.append(data + run, i - run);
      std::size_t before = escaped_.size();
      appendEscape(escaped_, static_cast<unsigned char>(data[i]));
      extra += escaped_.size() - before - 1;
      escapes_.push_back(i);
      extra_.push_back(extra);
      run = ++i;
    }
    escaped_.append(data + run, size_ - run);
  }

  /// The original text's size in bytes.
  std::size_t size() const { return size_; }

  /// Appends text[begin, end) as a JSON string literal (with quotes), as appendString would.
  /// Offsets are clamped to the text, as Document::slice does.
  void appendSlice(std::string& out, std::size_t begin, std::size_t end) const {
    std::string_view s = slice(begin, end);
    out.reserve(out.size() + s.size() + 2);
    out.push_back('"');
    out.append(s);
    out.push_back('"');
  }

  /// The escaped form of text[begin, end), without quotes (offsets clamped as above).
  std::string_view slice(std::size_t begin, std::size_t end) const {
    begin = std::min(begin, size_);
    end = std::clamp(end, begin, size_);
    std::size_t b = escapedOffset(begin), e = escapedOffset(end);
    return std::string_view(escaped_).substr(b, e - b);
  }

  /// Appends one byte's escape sequence (a control character, '"' or '\\').
  static void appendEscape(std::string& out, unsigned char c) {
    static constexpr char kHex[] = "0123456789abcdef";
    switch (c) {
      case '"': out.append("\\\"", 2); break;
      case '\\': out.append("\\\\", 2); break;
      case '\n': out.append("\\n", 2); break;
      case '\r': out.append("\\r", 2); break;
      case '\t': out.append("\\t", 2); break;
      case '\b': out.append("\\b", 2); break;
      case '\f': out.append("\\f", 2); break;
      default: {
        char u[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
        out.append(u, 6);
      }
    }
  }

 private:
  /// Where original offset `o` lands in escaped_: o plus the extra bytes of the escapes before it.
  std::size_t escapedOffset(std::size_t o) const {
    auto it = std::lower_bound(escapes_.begin(), escapes_.end(), o);
    std::size_t n = static_cast<std::size_t>(it - escapes_.begin());
    return o + (n == 0 ? 0 : extra_[n - 1]);
  }

  std::string escaped_;
  std::vector<std::size_t> escapes_;  // original offsets of the escaped bytes, ascending
  std::vector<std::size_t> extra_;    // extra bytes of the escapes up to and including each one
  std::size_t size_ = 0;
};

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
    appendRaw(out, "null");  // JSON has no NaN or infinity
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
