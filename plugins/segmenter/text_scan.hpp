// glean/plugins/segmenter/text_scan.hpp - byte-level helpers: whitespace, UTF-8 decoding, letter case
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace glean_segmenter {

/// Horizontal or vertical ASCII whitespace (the texts' U+00A0 is handled by isSpaceAt).
inline bool isAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/// Length of the UTF-8 sequence starting with `lead` (1 for a stray continuation byte).
inline std::size_t utf8Length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead & 0xE0) == 0xC0) return 2;
  if ((lead & 0xF0) == 0xE0) return 3;
  if ((lead & 0xF8) == 0xF0) return 4;
  return 1;
}

/// Decodes the code point at `pos` (the input is valid UTF-8: the reader checked it).
inline char32_t decodeAt(std::string_view s, std::size_t pos, std::size_t* length = nullptr) {
  auto b0 = static_cast<unsigned char>(s[pos]);
  std::size_t n = utf8Length(b0);
  if (pos + n > s.size()) n = 1;
  if (length != nullptr) *length = n;
  if (n == 1) return b0;
  char32_t cp = b0 & (0xFF >> (n + 1));
  for (std::size_t i = 1; i < n; ++i) cp = (cp << 6) | (static_cast<unsigned char>(s[pos + i]) & 0x3F);
  return cp;
}

/// The start of the code point that ends right before `pos`.
inline std::size_t previousStart(std::string_view s, std::size_t pos) {
  if (pos == 0) return 0;
  --pos;
  while (pos > 0 && (static_cast<unsigned char>(s[pos]) & 0xC0) == 0x80) --pos;
  return pos;
}

/// Whitespace including the no-break and typographic spaces the reports contain.
inline bool isSpaceCodepoint(char32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == 0xA0 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x202F || c == 0x205F || c == 0x3000;
}

/// An upper-case letter: ASCII, Latin-1, Latin Extended-A, Greek and Cyrillic capitals. Enough
/// for the names that open sentences in English reports; other scripts count as not upper case.
inline bool isUpperCodepoint(char32_t c) {
  if (c < 0x80) return c >= 'A' && c <= 'Z';
  if (c >= 0xC0 && c <= 0xDE) return c != 0xD7;
  if (c >= 0x100 && c <= 0x17F) {
    // Latin Extended-A alternates capital/small, with the parity flipping at U+0139..U+0148 and
    // U+0179..U+017E.
    if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E)) return (c & 1) == 1;
    if (c == 0x138 || c == 0x149 || c == 0x17F) return false;
    return (c & 1) == 0;
  }
  if (c >= 0x391 && c <= 0x3A9) return true;
  if (c >= 0x400 && c <= 0x42F) return true;
  return false;
}

inline bool isDigitCodepoint(char32_t c) { return c >= '0' && c <= '9'; }

/// [begin, end) shrunk past leading and trailing whitespace (ASCII and U+00A0).
inline void trimSpan(std::string_view text, std::size_t& begin, std::size_t& end) {
  while (begin < end) {
    std::size_t n = 1;
    char32_t c = decodeAt(text, begin, &n);
    if (!isSpaceCodepoint(c)) break;
    begin += n;
  }
  while (end > begin) {
    std::size_t p = previousStart(text, end);
    if (!isSpaceCodepoint(decodeAt(text, p))) break;
    end = p;
  }
}

/// Number of code points in `s` (the width a fixed-pitch rendering of the line would have).
inline std::size_t codepointCount(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

/// `s` with runs of whitespace collapsed to one space and trimmed (for titles made of lines).
inline std::string collapseSpaces(std::string_view s) {
  // Most titles are plain: ASCII, single spaces between words, none at the ends. They are copied
  // as they are (the general loop below costs a branch per byte and grows the string by pushes).
  bool plain = !s.empty() && s.front() != ' ' && s.back() != ' ';
  for (std::size_t i = 0; plain && i < s.size(); ++i) {
    auto byte = static_cast<unsigned char>(s[i]);
    plain = byte >= 0x80 ? false
            : byte == ' ' ? s[i + 1] != ' '  // never the last byte: s.back() != ' '
                          : !(byte >= '\t' && byte <= '\r');
  }
  if (plain) return std::string(s);
  std::string out;
  out.reserve(s.size());
  bool pending = false;
  for (std::size_t i = 0; i < s.size();) {
    auto byte = static_cast<unsigned char>(s[i]);
    if (byte < 0x80) {  // ASCII, most of the text: no decoding, one byte at a time
      if (byte == ' ' || (byte >= '\t' && byte <= '\r')) {
        pending = !out.empty();
      } else {
        if (pending) out.push_back(' ');
        pending = false;
        out.push_back(static_cast<char>(byte));
      }
      ++i;
      continue;
    }
    std::size_t n = 1;
    char32_t c = decodeAt(s, i, &n);
    if (isSpaceCodepoint(c)) {
      pending = !out.empty();
    } else {
      if (pending) out.push_back(' ');
      pending = false;
      out.append(s.substr(i, n));
    }
    i += n;
  }
  return out;
}

}  // namespace glean_segmenter
