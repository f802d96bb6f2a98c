// glean/core/src/rules/source_text.hpp - a loaded file's bytes, for exact file:line:col positions
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "glean/error.hpp"

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace glean::rules {

/// The raw bytes of one rule file, kept so that a position inside a string value (a PCRE2 error
/// offset, a macro reference) can be turned into the file's own line and column.
class SourceText {
 public:
  SourceText(std::string path, std::string bytes);

  const std::string& path() const { return path_; }
  std::string_view bytes() const { return bytes_; }

  /// A location from toml++'s 1-based line and column (columns count code points).
  SourceLocation at(int line, int column) const { return {path_, line, column}; }

  /// The location of byte `content_offset` of the string value whose opening quote toml++ put at
  /// (line, column). Exact for literal strings ('...' and '''...'''); for basic strings the
  /// escapes are decoded while walking, so the column points at the escape that produced the byte.
  SourceLocation locateInString(int line, int column, std::size_t content_offset) const;

 private:
  std::size_t byteOffset(int line, int column) const;
  SourceLocation locationOf(std::size_t byte_offset) const;

  std::string path_;
  std::string bytes_;
  std::vector<std::size_t> line_starts_;
};

/// Where a string value sits in its file; cheap to copy.
struct StringRef {
  std::shared_ptr<const SourceText> source;
  int line = 0;
  int column = 0;

  /// The location of the value itself (its opening quote).
  SourceLocation location() const {
    return source ? source->at(line, column) : SourceLocation{};
  }
  /// The location of byte `offset` of the value's content.
  SourceLocation locate(std::size_t offset) const {
    return source ? source->locateInString(line, column, offset) : SourceLocation{};
  }
};

}  // namespace glean::rules
