// glean/plugins/segmenter/line_index.hpp - LineIndex: the lines of a text as byte ranges
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace glean_segmenter {

/// One line: [begin, end) without its "\n" (or "\r\n"); `blank` when it holds only whitespace.
/// `first`/`last` bound its non-blank content (equal to begin when blank).
struct Line {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::size_t first = 0;  ///< first non-whitespace byte
  std::size_t last = 0;   ///< one past the last non-whitespace byte
  bool blank = true;
};

/// Splits a text into lines once (memchr per line), so every later step works per line.
class LineIndex {
 public:
  /// Indexes `text` from byte `from` (a byte order mark is skipped by the caller's offset).
  LineIndex(std::string_view text, std::size_t from);

  const std::vector<Line>& lines() const { return lines_; }
  std::size_t size() const { return lines_.size(); }
  const Line& operator[](std::size_t i) const { return lines_[i]; }

  /// The index of the line holding byte `offset` (the last line for offsets past the end).
  std::size_t lineAt(std::size_t offset) const;

 private:
  std::vector<Line> lines_;
};

}  // namespace glean_segmenter
