// glean/plugins/segmenter/document_segmenter.cpp - DocumentSegmenter: one document -> segment annotations
// SPDX-License-Identifier: Apache-2.0
#include "document_segmenter.hpp"

#include "block_builder.hpp"
#include "line_classifier.hpp"
#include "line_index.hpp"
#include "rule_types.hpp"
#include "section_tree.hpp"
#include "text_scan.hpp"

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

namespace glean_segmenter {
namespace {

glean::FeatureValue intValue(std::size_t v) { return glean::FeatureValue(static_cast<std::int64_t>(v)); }

// Writes the annotations of one document; one instance per document.
class Writer {
 public:
  Writer(glean::Document& doc, const LayoutProfile& layout, const SentenceRules& sentences)
      : doc_(doc), text_(doc.text()), layout_(layout), sentences_(sentences),
        lines_(text_, doc.bodyBegin()) {}

  void run() {
    // Roughly one sentence per 150 bytes and a paragraph per 500: reserving spares the annotation
    // vector its regrowth (each move copies whole annotations).
    doc_.annotations().reserve(doc_.annotations().size() + text_.size() / 100 + 16);
    classes_ = LineClassifier::classify(doc_, lines_, layout_);
    blocks_ = BlockBuilder::build(text_, lines_, classes_, layout_);
    header();
    body();
    sentences();
  }

 private:
  // ---- header and metadata ----------------------------------------------------------------

  // Sets document metadata `key` from a rule feature when the layout's schema knows the key and
  // nothing set it before (the first rule to set a key wins).
  void setMeta(std::string_view key, const glean::FeatureValue& value, const glean::RuleMatch& m) {
    auto kind = layout_.meta().kindOf(key);
    if (!kind || doc_.meta().contains(key)) return;
    std::string text = glean::toString(value);
    std::string problem;
    if (auto v = MetaSchema::normalize(*kind, text, problem)) {
      doc_.meta().set(key, std::move(*v));
      return;
    }
    doc_.addIssue("metadata '" + std::string(key) + "': '" + text + "' rejected: " + problem,
                  m.rule, m.begin);
  }

  void header() {
    std::size_t first = 0, last = 0;
    bool any = false;
    for (std::size_t l = 0; l < classes_.body_line; ++l) {
      if (lines_[l].blank) continue;
      if (!any) first = lines_[l].first;
      last = lines_[l].last;
      any = true;
    }
    if (any) doc_.annotate("Header", first, last);

    for (std::size_t i = 0; i < classes_.header_matches; ++i) {
      const glean::RuleMatch& m = classes_.matches[i];
      std::size_t b = m.begin, e = m.end;
      trimSpan(text_, b, e);
      if (m.type == kNavigation) {
        doc_.annotate("Navigation", b, e, m.rule);
        continue;
      }
      if (m.type == kTitle) {
        doc_.annotate("Title", b, e, m.rule);
        std::string_view title = m.features.str("title");
        setMeta("title", glean::FeatureValue(std::string(title.empty() ? text_.substr(b, e - b) : title)), m);
      }
      std::string_view key = m.features.str("key");
      if (m.type == kMetaField) {
        const glean::FeatureValue* value = m.features.find("value");
        glean::FeatureValue v = value != nullptr ? *value
                                                 : glean::FeatureValue(std::string(text_.substr(b, e - b)));
        if (!key.empty()) setMeta(key, v, m);
        glean::Annotation& a = doc_.annotate("MetaField", b, e, m.rule);
        a.features.set("key", key);
        a.features.set("label", collapseSpaces(m.features.str("label")));
        if (const glean::FeatureValue* stored = doc_.meta().find(key)) a.features.set("value", *stored);
        if (key.empty())
          doc_.addIssue("MetaField rule matched without a 'key' feature", m.rule, m.begin);
      }
      for (const auto& [name, value] : m.features) {
        if (name == "title" || name == "key" || name == "value" || name == "label") continue;
        setMeta(name, value, m);
      }
    }
    if (!layout_.settings().report_type.empty() && !doc_.meta().contains("report_type"))
      doc_.meta().set("report_type", layout_.settings().report_type);
    doc_.meta().set("layout", layout_.name());
    std::string_view country = doc_.meta().str("country");
    if (!country.empty() && !doc_.meta().contains("country_code"))
      doc_.addIssue("country '" + std::string(country) +
                    "' has no ISO 3166-1 code in the layout's country lexicon");
  }

  // ---- body ---------------------------------------------------------------------------------

  glean::Annotation& annotateMatch(std::string_view type, std::size_t b, std::size_t e,
                                   std::uint32_t match) {
    return doc_.annotate(type, b, e, match == kNoMatch ? std::string_view{}
                                                       : std::string_view(classes_.matches[match].rule));
  }

  void body() {
    const std::vector<Block>& blocks = blocks_.blocks;
    if (blocks_.body_blocks > 0)
      doc_.annotate("Body", blocks.front().begin, blocks[blocks_.body_blocks - 1].end);

    // Sections, each followed by the heading that opens it.
    std::vector<SectionNode> sections = SectionTree::build(blocks_, classes_.matches);
    std::vector<std::uint32_t> section_ids(sections.size());
    for (std::size_t s = 0; s < sections.size(); ++s) {
      const SectionNode& node = sections[s];
      const Block& h = blocks[node.block];
      glean::Annotation& a = annotateMatch("Section", node.begin, node.end, h.match);
      section_ids[s] = a.id;
      if (!node.number.empty()) a.features.set("number", node.number);
      a.features.set("title", h.title);
      a.features.set("level", intValue(node.level));
      if (node.parent != kNoParent) a.features.set("parent", intValue(section_ids[node.parent]));
      glean::Annotation& head = annotateMatch("Heading", h.begin, h.end, h.match);
      head.features.set("level", intValue(node.level));
      head.features.set("section", intValue(section_ids[s]));
      if (h.run_in) head.features.set("run_in", glean::FeatureValue(true));
    }

    for (const Block& b : blocks)
      if (b.kind == BlockKind::Navigation) annotateMatch("Navigation", b.begin, b.end, b.match);

    // Footnotes first, so references can link to them.
    for (std::size_t i = 0; i < blocks.size(); ++i) {
      const Block& b = blocks[i];
      if (b.kind != BlockKind::Footnote) continue;
      glean::Annotation& a = annotateMatch("Footnote", b.begin, b.end, b.match);
      std::string number(classes_.matches[b.match].features.str("number"));
      if (!number.empty()) a.features.set("number", number);
      footnotes_.emplace_back(number, a.id);
      // Its sentences start after its mark ("[2] Aktau is ..." -> "Aktau is ...").
      std::size_t text_begin = std::max(b.begin, classes_.matches[b.match].end);
      std::size_t text_end = b.end;
      trimSpan(text_, text_begin, text_end);
      if (text_begin < text_end) units_.push_back({text_begin, text_end, a.id});
    }

    // Lists: runs of list items with nothing but blank lines between them.
    for (std::size_t i = 0; i < blocks.size();) {
      if (blocks[i].kind != BlockKind::ListItem) {
        ++i;
        continue;
      }
      std::size_t j = i;
      while (j + 1 < blocks.size() && blocks[j + 1].kind == BlockKind::ListItem) ++j;
      glean::Annotation& list = doc_.annotate("List", blocks[i].marker_begin, blocks[j].end);
      std::uint32_t list_id = list.id;
      for (std::size_t k = i; k <= j; ++k) {
        const Block& b = blocks[k];
        glean::Annotation& item = annotateMatch("ListItem", b.begin, b.end, b.match);
        item.features.set("list", intValue(list_id));
        item.features.set("marker", text_.substr(b.marker_begin, b.marker_end - b.marker_begin));
        if (b.end > b.begin) {
          units_.push_back({b.begin, b.end, item.id});
          texts_.push_back({b.begin, b.end});
        }
      }
      i = j + 1;
    }

    for (const Block& b : blocks) {
      if (b.kind != BlockKind::Paragraph) continue;
      glean::Annotation& a = doc_.annotate("Paragraph", b.begin, b.end);
      units_.push_back({b.begin, b.end, a.id});
      texts_.push_back({b.begin, b.end});
    }
    std::sort(units_.begin(), units_.end(),
              [](const Unit& x, const Unit& y) { return x.begin < y.begin; });
    std::sort(texts_.begin(), texts_.end());

    // Reference marks inside paragraphs and list items, linked to their footnotes.
    for (const glean::RuleMatch& m : classes_.refs) {
      auto it = std::upper_bound(texts_.begin(), texts_.end(), m.begin,
                                 [](std::size_t p, const Span& s) { return p < s.first; });
      if (it == texts_.begin() || m.end > std::prev(it)->second) continue;
      glean::Annotation& a = doc_.annotate("FootnoteRef", m.begin, m.end, m.rule);
      std::string number(m.features.str("number"));
      if (!number.empty()) a.features.set("number", number);
      for (const auto& [n, id] : footnotes_)
        if (!number.empty() && n == number) {
          a.features.set("footnote", intValue(id));
          break;
        }
      refs_.emplace_back(m.begin, m.end);
    }
  }

  // ---- sentences ----------------------------------------------------------------------------

  void sentences() {
    if (units_.empty()) return;
    std::vector<Span> no_break;
    std::vector<std::size_t> breaks;
    if (sentences_.hasPatternRules()) {
      glean::MatchOptions options;
      options.types = {std::string(kNoBreak), std::string(kBreak)};
      options.begin = units_.front().begin;
      options.end = 0;
      for (const Unit& u : units_) options.end = std::max(options.end, u.end);
      for (const glean::RuleMatch& m : sentences_.rules().match(doc_, options)) {
        if (m.type == kNoBreak) no_break.emplace_back(m.begin, m.end);
        else breaks.push_back(m.end);
      }
      std::sort(breaks.begin(), breaks.end());
    }
    std::sort(refs_.begin(), refs_.end());
    SentenceSplitter splitter(sentences_);
    SentenceSplitter::Hints hints{&no_break, &breaks, &refs_};
    std::vector<SentenceSpan> found;
    for (const Unit& u : units_) {
      found.clear();
      splitter.split(text_, u.begin, u.end, hints, found);
      for (const SentenceSpan& s : found) {
        glean::Annotation& a = doc_.annotate("Sentence", s.begin, s.end);
        a.features.set("paragraph", intValue(u.id));
        if (s.forced) a.features.set("forced", glean::FeatureValue(true));
      }
    }
  }

  struct Unit {
    std::size_t begin;
    std::size_t end;
    std::uint32_t id;
  };

  glean::Document& doc_;
  std::string_view text_;
  const LayoutProfile& layout_;
  const SentenceRules& sentences_;
  LineIndex lines_;
  Classification classes_;
  BlockLayout blocks_;
  std::vector<std::pair<std::string, std::uint32_t>> footnotes_;
  std::vector<Unit> units_;   // what sentences are split in: paragraphs, list items, footnotes
  std::vector<Span> texts_;   // paragraphs and list items: where reference marks count
  std::vector<Span> refs_;
};

}  // namespace

void DocumentSegmenter::run(glean::Document& doc) const { Writer(doc, layout_, sentences_).run(); }

}  // namespace glean_segmenter
