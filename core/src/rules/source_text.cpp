// glean/core/src/rules/source_text.cpp - a loaded file's bytes, for exact file:line:col positions
// SPDX-License-Identifier: Apache-2.0
#include "rules/source_text.hpp"

#include "rules/text_util.hpp"

namespace glean::rules {

SourceText::SourceText(std::string path, std::string bytes)
    : path_(std::move(path)), bytes_(std::move(bytes)) {
  line_starts_.push_back(0);
  for (std::size_t i = 0; i < bytes_.size(); ++i)
    if (bytes_[i] == '\n') line_starts_.push_back(i + 1);
}

std::size_t SourceText::byteOffset(int line, int column) const {
  if (line < 1 || static_cast<std::size_t>(line) > line_starts_.size()) return bytes_.size();
  std::size_t i = line_starts_[static_cast<std::size_t>(line - 1)];
  for (int c = 1; c < column && i < bytes_.size() && bytes_[i] != '\n'; ++c) {
    ++i;
    while (i < bytes_.size() && (static_cast<unsigned char>(bytes_[i]) & 0xC0) == 0x80) ++i;
  }
  return i;
}

SourceLocation SourceText::locationOf(std::size_t byte_offset) const {
  byte_offset = std::min(byte_offset, bytes_.size());
  std::size_t lo = 0, hi = line_starts_.size();
  while (hi - lo > 1) {
    std::size_t mid = (lo + hi) / 2;
    if (line_starts_[mid] <= byte_offset)
      lo = mid;
    else
      hi = mid;
  }
  std::string_view before(bytes_.data() + line_starts_[lo], byte_offset - line_starts_[lo]);
  return {path_, static_cast<int>(lo + 1), static_cast<int>(countCodePoints(before) + 1)};
}

SourceLocation SourceText::locateInString(int line, int column, std::size_t content_offset) const {
  std::size_t i = byteOffset(line, column);
  const std::string_view b = bytes_;
  if (i >= b.size()) return at(line, column);
  char quote = b[i];
  if (quote != '\'' && quote != '"') return at(line, column);
  bool multi = b.compare(i, 3, std::string(3, quote)) == 0;
  i += multi ? 3 : 1;
  if (multi) {  // a newline right after the opening delimiter is not part of the value
    if (b.compare(i, 2, "\r\n") == 0)
      i += 2;
    else if (i < b.size() && b[i] == '\n')
      ++i;
  }
  std::size_t produced = 0;  // content bytes produced so far
  while (i < b.size() && produced < content_offset) {
    if (b.compare(i, 2, "\r\n") == 0) {  // one content byte ('\n') for two raw bytes
      i += 2;
      ++produced;
      continue;
    }
    if (quote == '"' && b[i] == '\\' && i + 1 < b.size()) {
      char e = b[i + 1];
      std::size_t raw = 2, out = 1;
      if (e == 'u' || e == 'U') {
        raw = e == 'u' ? 6 : 10;
        unsigned long cp = std::stoul(std::string(b.substr(i + 2, raw - 2)), nullptr, 16);
        out = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      } else if (multi && (e == ' ' || e == '\t' || e == '\n' || e == '\r')) {
        // A line-ending backslash swallows the newline and the whitespace after it.
        std::size_t j = i + 1;
        while (j < b.size() && (b[j] == ' ' || b[j] == '\t' || b[j] == '\n' || b[j] == '\r')) ++j;
        i = j;
        continue;
      }
      if (produced + out > content_offset) break;  // the offset falls inside this escape
      produced += out;
      i += raw;
      continue;
    }
    ++produced;
    ++i;
  }
  return locationOf(i);
}

}  // namespace glean::rules
