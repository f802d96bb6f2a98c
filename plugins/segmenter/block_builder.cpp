// glean/plugins/segmenter/block_builder.cpp - BlockBuilder: classified lines -> paragraphs, items, headings
// SPDX-License-Identifier: Apache-2.0
#include "block_builder.hpp"

#include "rule_types.hpp"
#include "text_scan.hpp"

#include <algorithm>

namespace glean_segmenter {
namespace {

class Builder {
 public:
  Builder(std::string_view text, const LineIndex& lines, const Classification& classes,
          const LayoutProfile& layout)
      : text_(text), lines_(lines), classes_(classes), layout_(layout),
        settings_(layout.settings()) {}

  BlockLayout run() {
    out_.mode = settings_.paragraphs;
    if (out_.mode == ParagraphMode::Auto) out_.mode = hasBlankLines() ? ParagraphMode::BlankLines
                                                                      : ParagraphMode::Wrapped;
    if (out_.mode == ParagraphMode::Wrapped) out_.wrap_width = wrapWidth();

    std::size_t i = classes_.body_line;
    bool trailer = false;  // after a Navigation match with trailer = true: all navigation
    while (i < lines_.size()) {
      const Line& line = lines_[i];
      const LineClass& c = classes_.lines[i];
      if (line.blank) {
        ++i;
        continue;
      }
      if (trailer) {
        i = navigation(i, i);
        continue;
      }
      switch (c.kind) {
        case LineKind::Navigation: {
          std::size_t last = matchEnd(i);
          trailer = flag(classes_.matches[c.match].features, "trailer");
          i = navigation(i, last);
          break;
        }
        case LineKind::Heading: i = heading(i); break;
        case LineKind::ListItem: i = listItem(i); break;
        case LineKind::Footnote: i = textBlock(BlockKind::Footnote, i, line.first, c.match); break;
        default: i = textBlock(BlockKind::Paragraph, i, line.first, kNoMatch); break;
      }
    }
    // The body ends with its last paragraph, item or heading; footnotes and navigation after that
    // trail it.
    out_.body_blocks = out_.blocks.size();
    while (out_.body_blocks > 0) {
      BlockKind k = out_.blocks[out_.body_blocks - 1].kind;
      if (k != BlockKind::Footnote && k != BlockKind::Navigation) break;
      --out_.body_blocks;
    }
    return std::move(out_);
  }

 private:
  bool hasBlankLines() const {
    std::size_t last_text = classes_.body_line;
    for (std::size_t i = classes_.body_line; i < lines_.size(); ++i)
      if (!lines_[i].blank) last_text = i;
    for (std::size_t i = classes_.body_line; i < last_text; ++i)
      if (lines_[i].blank) return true;
    return false;
  }

  std::size_t width(std::size_t i) const {
    return codepointCount(text_.substr(lines_[i].begin, lines_[i].last - lines_[i].begin));
  }

  // The width text lines wrap at: the 95th percentile of their widths, so a few over-long lines
  // (URLs) do not set it.
  std::size_t wrapWidth() const {
    std::vector<std::size_t> widths;
    for (std::size_t i = classes_.body_line; i < lines_.size(); ++i)
      if (classes_.lines[i].kind == LineKind::Text) widths.push_back(width(i));
    if (widths.empty()) return 0;
    std::size_t k = widths.size() * 95 / 100;
    if (k >= widths.size()) k = widths.size() - 1;
    std::nth_element(widths.begin(), widths.begin() + static_cast<std::ptrdiff_t>(k), widths.end());
    return widths[k];
  }

  // The last line of the match that starts on line i (multi-line matches claim later lines).
  std::size_t matchEnd(std::size_t i) const {
    std::uint32_t m = classes_.lines[i].match;
    std::size_t last = i;
    for (std::size_t k = i + 1; k < lines_.size(); ++k) {
      if (lines_[k].blank) continue;
      if (classes_.lines[k].match != m || !classes_.lines[k].continued) break;
      last = k;
    }
    return last;
  }

  // True when line `next` carries on the block whose last line is `prev`.
  bool continues(std::size_t prev, std::size_t next) const {
    if (next >= lines_.size() || lines_[next].blank) return false;
    LineKind k = classes_.lines[next].kind;
    if (k != LineKind::Text && k != LineKind::HeadingContinuation) return false;
    if (out_.mode != ParagraphMode::Wrapped) return true;
    // PDF text: a line that ends a sentence and leaves room for the next line's first word was
    // not wrapped, so the paragraph ended there.
    std::size_t p = previousStart(text_, lines_[prev].last);
    char32_t last_char = decodeAt(text_, p);
    if (settings_.paragraph_end.find(last_char) == std::u32string::npos) return true;
    std::size_t word_end = lines_[next].first;
    while (word_end < lines_[next].last) {
      std::size_t n = 1;
      if (isSpaceCodepoint(decodeAt(text_, word_end, &n))) break;
      word_end += n;
    }
    std::size_t word = codepointCount(text_.substr(lines_[next].first, word_end - lines_[next].first));
    std::size_t limit = out_.wrap_width > settings_.wrap_slack ? out_.wrap_width - settings_.wrap_slack : 0;
    return width(prev) + 1 + word > limit;
  }

  std::size_t navigation(std::size_t first, std::size_t last) {
    Block b;
    b.kind = BlockKind::Navigation;
    b.first_line = first;
    b.last_line = last;
    b.begin = lines_[first].first;
    b.end = lines_[last].last;
    b.match = classes_.lines[first].match;
    out_.blocks.push_back(std::move(b));
    return last + 1;
  }

  // A paragraph, list item or footnote starting at byte `begin` of line `first`.
  std::size_t textBlock(BlockKind kind, std::size_t first, std::size_t begin, std::uint32_t match) {
    std::size_t last = first;
    while (continues(last, last + 1)) ++last;
    Block b;
    b.kind = kind;
    b.first_line = first;
    b.last_line = last;
    b.begin = begin;
    b.end = lines_[last].last;
    b.match = match;
    trimSpan(text_, b.begin, b.end);
    if (b.begin >= b.end) {
      // Nothing after a run-in heading: no paragraph. An empty list item or footnote stays, empty.
      if (kind == BlockKind::Paragraph) return last + 1;
      b.begin = b.end = begin;
    }
    out_.blocks.push_back(std::move(b));
    return last + 1;
  }

  std::size_t listItem(std::size_t i) {
    const glean::RuleMatch& m = classes_.matches[classes_.lines[i].match];
    std::size_t marker_begin = std::max(m.begin, lines_[i].first);
    std::size_t marker_end = std::min(m.end, lines_[i].last);
    std::size_t content = marker_end;
    trimSpan(text_, marker_begin, marker_end);
    std::size_t before = out_.blocks.size();
    std::size_t next = textBlock(BlockKind::ListItem, i, content, classes_.lines[i].match);
    if (out_.blocks.size() > before) {
      out_.blocks[before].marker_begin = marker_begin;
      out_.blocks[before].marker_end = marker_end;
    }
    return next;
  }

  bool knownHeading(const std::string& title) const {
    return layout_.rules().lookup("known_headings", title).has_value();
  }

  // Appends line `i`'s text to a heading title; a lone letter glues to a lower-case fragment
  // ("P" + "olitically"), which is how PDF extraction splits a word.
  void appendTitle(std::string& title, std::size_t i) const {
    std::string piece = collapseSpaces(text_.substr(lines_[i].first, lines_[i].last - lines_[i].first));
    if (piece.empty()) return;
    bool glue = false;
    if (!title.empty()) {
      std::size_t p = previousStart(title, title.size());
      std::size_t q = p > 0 ? previousStart(title, p) : 0;
      bool lone_letter = (p == 0 || title[q] == ' ') && !isSpaceCodepoint(decodeAt(title, p));
      char32_t first = decodeAt(piece, 0);
      glue = lone_letter && !isUpperCodepoint(first) && !isDigitCodepoint(first) && first > 0x40;
    }
    if (!title.empty() && !glue) title.push_back(' ');
    title += piece;
  }

  static std::string cleanTitle(std::string title) {
    while (!title.empty() && (title.back() == ':' || title.back() == ' ')) title.pop_back();
    return title;
  }

  std::size_t heading(std::size_t i) {
    const LineClass& c = classes_.lines[i];
    const glean::RuleMatch& m = classes_.matches[c.match];
    Block b;
    b.kind = BlockKind::Heading;
    b.match = c.match;
    b.first_line = i;
    b.begin = lines_[i].first;
    std::string_view given = m.features.str("title");
    if (flag(m.features, "run_in")) {
      b.run_in = true;
      b.last_line = i;
      b.end = std::min(m.end, lines_[i].last);
      trimSpan(text_, b.begin, b.end);
      b.title = cleanTitle(collapseSpaces(given.empty() ? text_.substr(b.begin, b.end - b.begin) : given));
      std::size_t after = b.end;
      out_.blocks.push_back(std::move(b));
      return textBlock(BlockKind::Paragraph, i, after, kNoMatch);
    }
    std::size_t last = matchEnd(i);
    std::string title;
    if (!given.empty()) {
      title = collapseSpaces(given);
    } else {
      for (std::size_t k = i; k <= last; ++k)
        if (!lines_[k].blank) appendTitle(title, k);
    }
    // A heading broken across lines (PDF text) takes the continuation lines that follow it.
    std::size_t taken = 1;
    while (taken < settings_.heading_lines && last + 1 < lines_.size() &&
           classes_.lines[last + 1].kind == LineKind::HeadingContinuation &&
           !knownHeading(cleanTitle(title))) {
      ++last;
      ++taken;
      appendTitle(title, last);
    }
    b.last_line = last;
    b.end = lines_[last].last;
    b.title = cleanTitle(std::move(title));
    out_.blocks.push_back(std::move(b));
    return last + 1;
  }

  std::string_view text_;
  const LineIndex& lines_;
  const Classification& classes_;
  const LayoutProfile& layout_;
  const LayoutSettings& settings_;
  BlockLayout out_;
};

}  // namespace

BlockLayout BlockBuilder::build(std::string_view text, const LineIndex& lines,
                                const Classification& classes, const LayoutProfile& layout) {
  return Builder(text, lines, classes, layout).run();
}

}  // namespace glean_segmenter
