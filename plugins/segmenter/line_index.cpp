// glean/plugins/segmenter/line_index.cpp - LineIndex: the lines of a text as byte ranges
// SPDX-License-Identifier: Apache-2.0
#include "line_index.hpp"

#include "text_scan.hpp"

#include <algorithm>
#include <cstring>

namespace glean_segmenter {

LineIndex::LineIndex(std::string_view text, std::size_t from) {
  // A report line averages well over 80 bytes; reserving avoids most regrowth.
  lines_.reserve(text.size() / 64 + 4);
  std::size_t pos = std::min(from, text.size());
  const char* data = text.data();
  while (pos <= text.size()) {
    const void* nl = pos < text.size() ? std::memchr(data + pos, '\n', text.size() - pos) : nullptr;
    std::size_t end = nl != nullptr ? static_cast<std::size_t>(static_cast<const char*>(nl) - data)
                                    : text.size();
    Line line;
    line.begin = pos;
    line.end = (end > pos && data[end - 1] == '\r') ? end - 1 : end;
    line.first = line.begin;
    line.last = line.end;
    trimSpan(text, line.first, line.last);
    line.blank = line.first >= line.last;
    if (line.blank) line.first = line.last = line.begin;
    // A text that ends with "\n" has no extra empty line after it.
    if (!(nl == nullptr && pos == text.size() && !lines_.empty())) lines_.push_back(line);
    if (nl == nullptr) break;
    pos = end + 1;
  }
}

std::size_t LineIndex::lineAt(std::size_t offset) const {
  auto it = std::upper_bound(lines_.begin(), lines_.end(), offset,
                             [](std::size_t off, const Line& l) { return off < l.begin; });
  if (it == lines_.begin()) return 0;
  return static_cast<std::size_t>(it - lines_.begin()) - 1;
}

}  // namespace glean_segmenter
