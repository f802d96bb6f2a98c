// glean/plugins/segmenter/line_classifier.hpp - LineClassifier: what each line is, from rule matches
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "layout_profile.hpp"
#include "line_index.hpp"

#include <glean/document.hpp>
#include <glean/rules.hpp>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace glean_segmenter {

enum class LineKind : std::uint8_t {
  Blank,
  Text,                 ///< ordinary text: part of a paragraph, list item or footnote
  Header,               ///< a header line (Title, MetaField or HeaderLine matched on it)
  Navigation,           ///< navigation or boilerplate
  Heading,              ///< a heading (or the start of a run-in heading)
  HeadingContinuation,  ///< may continue a heading broken across lines (PDF text)
  ListItem,             ///< starts with a list marker
  Footnote,             ///< starts a footnote
};

inline constexpr std::uint32_t kNoMatch = static_cast<std::uint32_t>(-1);

/// The kind of one line and the match that made it so.
struct LineClass {
  LineKind kind = LineKind::Blank;
  std::uint32_t match = kNoMatch;  ///< index into Classification::matches
  bool continued = false;          ///< a later line of a match spanning several lines
};

/// Everything the rules said about a document's lines.
struct Classification {
  std::vector<LineClass> lines;            ///< one per LineIndex line
  std::vector<glean::RuleMatch> matches;   ///< header and line-level matches, by begin
  std::size_t header_matches = 0;          ///< matches[0, header_matches) are the header's
  std::vector<glean::RuleMatch> refs;      ///< FootnoteRef matches, by begin
  std::size_t body_line = 0;               ///< the first line after the header
};

/// Runs a layout's rules over a document twice: the header rules over its first lines (which
/// stops at the first line no header rule claims), then the body rules over the rest. A
/// line-level match must start at its line's first non-blank byte; it claims every line it spans.
class LineClassifier {
 public:
  static Classification classify(glean::Document& doc, const LineIndex& lines,
                                 const LayoutProfile& layout);
};

}  // namespace glean_segmenter
