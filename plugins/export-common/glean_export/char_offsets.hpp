// glean/plugins/export-common/glean_export/char_offsets.hpp - UTF-8 byte offsets to character offsets
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace glean_export {

/// Converts byte offsets of a UTF-8 text into character (code point) offsets, the offsets Python's
/// str, brat and INCEpTION use. reset() scans the text once and keeps the character count at every
/// 64th byte, so each look-up counts at most 63 bytes, in any order; a pure-ASCII text needs no
/// table at all. Reuse one object across documents to reuse its memory.
class CharOffsets {
 public:
  static constexpr std::size_t kBlock = 64;

  void reset(std::string_view text) {
    text_ = text;
    checkpoints_.clear();
    ascii_ = true;
    for (unsigned char c : text) {
      if (c >= 0x80) {
        ascii_ = false;
        break;
      }
    }
    if (ascii_) return;
    checkpoints_.reserve(text.size() / kBlock + 1);
    std::uint64_t chars = 0;
    for (std::size_t block = 0; block < text.size(); block += kBlock) {
      checkpoints_.push_back(chars);
      std::size_t stop = block + kBlock < text.size() ? block + kBlock : text.size();
      for (std::size_t i = block; i < stop; ++i) chars += isLead(text[i]) ? 1 : 0;
    }
    checkpoints_.push_back(chars);
  }

  /// The number of characters that start before byte `byte` (clamped to the text). A byte offset
  /// inside a multi-byte character maps to the character's end.
  std::size_t toChar(std::size_t byte) const {
    if (byte > text_.size()) byte = text_.size();
    if (ascii_) return byte;
    std::size_t block = byte / kBlock;
    std::uint64_t chars = checkpoints_[block];
    for (std::size_t i = block * kBlock; i < byte; ++i) chars += isLead(text_[i]) ? 1 : 0;
    return static_cast<std::size_t>(chars);
  }

  bool ascii() const { return ascii_; }

 private:
  static bool isLead(char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }

  std::string_view text_;
  std::vector<std::uint64_t> checkpoints_;
  bool ascii_ = true;
};

/// Moves `byte` back to the start of the UTF-8 character it is in (offsets from a faulty stage
/// must not split a character in the output).
inline std::size_t floorToChar(std::string_view text, std::size_t byte) {
  if (byte >= text.size()) return text.size();
  while (byte > 0 && (static_cast<unsigned char>(text[byte]) & 0xC0) == 0x80) --byte;
  return byte;
}
/// Moves `byte` forward to the start of the next character (or the end).
inline std::size_t ceilToChar(std::string_view text, std::size_t byte) {
  if (byte >= text.size()) return text.size();
  while (byte < text.size() && (static_cast<unsigned char>(text[byte]) & 0xC0) == 0x80) ++byte;
  return byte;
}

}  // namespace glean_export
