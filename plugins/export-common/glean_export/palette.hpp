// glean/plugins/export-common/glean_export/palette.hpp - the colour of each annotation type
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "glean_export/families.hpp"

#include <cstdio>
#include <map>
#include <string>
#include <string_view>

namespace glean_export {

/// How a type is drawn: a background (dates, entities and short segments) or an underline (long
/// segments, which would otherwise paint the whole page), and its colour.
struct TypeStyle {
  bool underline = false;
  std::string color;
};

inline TypeStyle styleFor(std::string_view type, Family family) {
  static const std::map<std::string_view, TypeStyle> kKnown = {
      {"TIMEX3", {false, "#ffb74d99"}},    {"PERSON", {false, "#64b5f688"}},
      {"ORG", {false, "#81c78488"}},       {"GPE", {false, "#ba68c877"}},
      {"LOC", {false, "#4db6ac88"}},       {"NORP", {false, "#f0629277"}},
      {"EVENT", {false, "#fff17699"}},     {"LAW", {false, "#a1887f88"}},
      {"Title", {false, "#90a4ae55"}},     {"Heading", {false, "#90a4ae55"}},
      {"MetaField", {false, "#9fa8da66"}}, {"FootnoteRef", {false, "#e5737366"}},
      {"Navigation", {false, "#bdbdbd66"}}, {"Sentence", {true, "#8c959f"}},
      {"Paragraph", {true, "#0969da"}},    {"Section", {true, "#8250df"}},
      {"ListItem", {true, "#1a7f37"}},     {"List", {true, "#4ac26b"}},
      {"Footnote", {true, "#cf222e"}},     {"Header", {true, "#bf8700"}},
      {"Body", {true, "#57606a"}},
  };
  if (auto it = kKnown.find(type); it != kKnown.end()) return it->second;
  // Other types: a stable hue from the name.
  unsigned hash = 2166136261u;
  for (char c : type) hash = (hash ^ static_cast<unsigned char>(c)) * 16777619u;
  char buf[40];
  std::snprintf(buf, sizeof buf, "hsla(%u,70%%,62%%,.45)", hash % 360);
  return {family == Family::Segment, buf};
}

/// The colour as "#rrggbb" without its alpha (for brat's visual.conf); empty for other notations.
inline std::string opaqueHex(const std::string& color) {
  if (color.size() == 9 && color[0] == '#') return color.substr(0, 7);
  if (color.size() == 7 && color[0] == '#') return color;
  return {};
}

}  // namespace glean_export
