// glean/plugins/segmenter/block_builder.hpp - BlockBuilder: classified lines -> paragraphs, items, headings
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "layout_profile.hpp"
#include "line_classifier.hpp"
#include "line_index.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace glean_segmenter {

enum class BlockKind : std::uint8_t { Paragraph, ListItem, Heading, Footnote, Navigation };

/// One segment of the body: its span (trimmed), its lines and the rule match behind it.
struct Block {
  BlockKind kind = BlockKind::Paragraph;
  std::size_t begin = 0;
  std::size_t end = 0;
  std::size_t first_line = 0;
  std::size_t last_line = 0;
  std::uint32_t match = kNoMatch;  ///< Heading, ListItem, Footnote, Navigation: the rule match
  std::size_t marker_begin = 0;    ///< ListItem: its marker ("•", "1.")
  std::size_t marker_end = 0;
  std::string title;               ///< Heading: the title on one line
  bool run_in = false;             ///< Heading: a run-in heading; its paragraph follows on the line
};

/// The blocks of a body, in text order, and where the body ends.
struct BlockLayout {
  std::vector<Block> blocks;
  /// blocks[0, body_blocks) form the Body; the rest are trailing footnotes and navigation.
  std::size_t body_blocks = 0;
  /// The paragraph mode that applied (Auto resolved) and, in Wrapped mode, the wrap width found.
  ParagraphMode mode = ParagraphMode::BlankLines;
  std::size_t wrap_width = 0;
};

/// Groups classified lines into blocks: a paragraph is a run of text lines (joined across hard
/// wraps; in Wrapped mode it also ends where a line ending a sentence stops short of the wrap
/// width), a list item or footnote is its marker line plus the text lines that continue it, a
/// heading is its lines plus, for headings broken across lines, the HeadingContinuation lines that
/// follow (unless its title is already in the layout's `known_headings` lexicon).
class BlockBuilder {
 public:
  static BlockLayout build(std::string_view text, const LineIndex& lines,
                           const Classification& classes, const LayoutProfile& layout);
};

}  // namespace glean_segmenter
