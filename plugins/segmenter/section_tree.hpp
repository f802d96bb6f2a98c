// glean/plugins/segmenter/section_tree.hpp - SectionTree: nests headings into numbered sections
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "block_builder.hpp"

#include <glean/rules.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace glean_segmenter {

inline constexpr std::size_t kNoParent = static_cast<std::size_t>(-1);

/// One section: the heading block that opens it and the span it covers.
struct SectionNode {
  std::size_t block = 0;          ///< index of its Heading block
  long rank = 1;                  ///< the heading rule's `rank` (1 = top)
  std::size_t level = 1;          ///< depth in the tree (1 = top)
  std::size_t parent = kNoParent; ///< index of the enclosing section
  std::string number;             ///< "1", "1.a" (empty for unnumbered headings)
  std::size_t begin = 0;
  std::size_t end = 0;
};

/// A heading opens a section that runs until the next heading of the same or a smaller rank. Its
/// level is its depth; its number joins the nearest numbered ancestor's number and its own
/// ("1" + "a" -> "1.a").
class SectionTree {
 public:
  /// Sections in text order (a parent comes before its children).
  static std::vector<SectionNode> build(const BlockLayout& layout,
                                        const std::vector<glean::RuleMatch>& matches);
};

}  // namespace glean_segmenter
