// glean/plugins/segmenter/section_tree.cpp - SectionTree: nests headings into numbered sections
// SPDX-License-Identifier: Apache-2.0
#include "section_tree.hpp"

#include <algorithm>

namespace glean_segmenter {

std::vector<SectionNode> SectionTree::build(const BlockLayout& layout,
                                            const std::vector<glean::RuleMatch>& matches) {
  std::vector<SectionNode> out;
  std::vector<std::size_t> open;  // indices into out, outermost first
  for (std::size_t b = 0; b < layout.body_blocks; ++b) {
    const Block& block = layout.blocks[b];
    if (block.kind == BlockKind::Heading) {
      const glean::Features& f = matches[block.match].features;
      long rank = static_cast<long>(f.integer("rank").value_or(1));
      while (!open.empty() && out[open.back()].rank >= rank) open.pop_back();
      SectionNode s;
      s.block = b;
      s.rank = rank;
      s.level = open.size() + 1;
      s.parent = open.empty() ? kNoParent : open.back();
      s.begin = block.begin;
      s.end = block.end;
      std::string_view own = f.str("number");
      if (!own.empty()) {
        std::string prefix;
        for (auto it = open.rbegin(); it != open.rend(); ++it)
          if (!out[*it].number.empty()) {
            prefix = out[*it].number + ".";
            break;
          }
        s.number = prefix + std::string(own);
      }
      open.push_back(out.size());
      out.push_back(std::move(s));
    }
    // Every open section reaches at least to the end of this block.
    for (std::size_t s : open) out[s].end = std::max(out[s].end, block.end);
  }
  return out;
}

}  // namespace glean_segmenter
