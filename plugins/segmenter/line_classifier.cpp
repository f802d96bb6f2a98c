// glean/plugins/segmenter/line_classifier.cpp - LineClassifier: what each line is, from rule matches
// SPDX-License-Identifier: Apache-2.0
#include "line_classifier.hpp"

#include "rule_types.hpp"

#include <algorithm>
#include <string>

namespace glean_segmenter {
namespace {

LineKind kindOf(std::string_view type) {
  if (type == kNavigation) return LineKind::Navigation;
  if (type == kHeading) return LineKind::Heading;
  if (type == kHeadingContinuation) return LineKind::HeadingContinuation;
  if (type == kListItem) return LineKind::ListItem;
  if (type == kFootnote) return LineKind::Footnote;
  return LineKind::Header;  // Title, MetaField, HeaderLine
}

// The last line a match covers (a match ending with its line's "\n" still ends on that line).
std::size_t lastLineOf(const LineIndex& lines, const glean::RuleMatch& m) {
  return lines.lineAt(m.end > m.begin ? m.end - 1 : m.begin);
}

}  // namespace

Classification LineClassifier::classify(glean::Document& doc, const LineIndex& lines,
                                        const LayoutProfile& layout) {
  Classification out;
  out.lines.resize(lines.size());
  for (std::size_t i = 0; i < lines.size(); ++i)
    out.lines[i].kind = lines[i].blank ? LineKind::Blank : LineKind::Text;
  if (lines.size() == 0) return out;

  // The header zone: the first `header_lines` non-blank lines.
  std::size_t zone_lines = 0;
  std::size_t zone_end_line = 0;
  for (; zone_end_line < lines.size() && zone_lines < layout.settings().header_lines;
       ++zone_end_line)
    zone_lines += !lines[zone_end_line].blank;

  std::vector<glean::RuleMatch> header;
  if (zone_lines > 0) {
    glean::MatchOptions options;
    options.types = {std::string(kTitle), std::string(kMetaField), std::string(kHeaderLine),
                     std::string(kNavigation)};
    options.begin = lines[0].begin;
    options.end = lines[zone_end_line - 1].end;
    header = layout.rules().match(doc, options);
  }
  // Which zone lines the header rules claim; the header is the leading run of claimed lines.
  std::vector<LineKind> zone(zone_end_line, LineKind::Blank);
  for (const glean::RuleMatch& m : header) {
    std::size_t first = lines.lineAt(m.begin);
    std::size_t last = std::min(lastLineOf(lines, m), zone_end_line - 1);
    LineKind k = kindOf(m.type);
    for (std::size_t l = first; l <= last; ++l)
      if (zone[l] == LineKind::Blank || k == LineKind::Header) zone[l] = k;
  }
  std::size_t body_line = 0;
  for (std::size_t l = 0; l < zone_end_line; ++l) {
    if (lines[l].blank) continue;
    if (zone[l] == LineKind::Blank) break;
    body_line = l + 1;
  }
  out.body_line = body_line;
  for (glean::RuleMatch& m : header) {
    if (lines.lineAt(m.begin) >= body_line) continue;  // past the header: the body rules decide
    std::size_t first = lines.lineAt(m.begin);
    std::size_t last = std::min(lastLineOf(lines, m), body_line - 1);
    auto index = static_cast<std::uint32_t>(out.matches.size());
    for (std::size_t l = first; l <= last; ++l) {
      if (lines[l].blank) continue;
      LineClass& c = out.lines[l];
      // A header field outranks navigation on the same line; the first match on a line keeps it.
      if (c.match == kNoMatch || (c.kind == LineKind::Navigation && kindOf(m.type) == LineKind::Header)) {
        c.kind = kindOf(m.type);
        c.match = index;
        c.continued = l != first;
      }
    }
    out.matches.push_back(std::move(m));
  }
  out.header_matches = out.matches.size();
  if (body_line >= lines.size()) return out;

  glean::MatchOptions options;
  options.types = {std::string(kHeading), std::string(kHeadingContinuation),
                   std::string(kListItem), std::string(kFootnote), std::string(kNavigation),
                   std::string(kFootnoteRef)};
  options.begin = lines[body_line].begin;
  for (glean::RuleMatch& m : layout.rules().match(doc, options)) {
    if (m.type == kFootnoteRef) {
      out.refs.push_back(std::move(m));
      continue;
    }
    std::size_t first = lines.lineAt(m.begin);
    if (first < body_line || m.begin > lines[first].first) continue;  // not at a line start
    if (out.lines[first].match != kNoMatch) continue;
    std::size_t last = lastLineOf(lines, m);
    auto index = static_cast<std::uint32_t>(out.matches.size());
    LineKind k = kindOf(m.type);
    for (std::size_t l = first; l <= last; ++l) {
      LineClass& c = out.lines[l];
      if (lines[l].blank || c.match != kNoMatch) continue;
      c.kind = k;
      c.match = index;
      c.continued = l != first;
    }
    out.matches.push_back(std::move(m));
  }
  return out;
}

}  // namespace glean_segmenter
