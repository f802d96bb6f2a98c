// glean/plugins/entities/mention.hpp - Mention: one candidate or accepted entity mention
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <glean/features.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace glean_entities {

/// Where a mention came from, strongest first: the order in which overlaps are settled.
enum class Source : std::uint8_t { Rule = 0, Gazetteer = 1, Link = 2, Guess = 3 };

inline const char* sourceName(Source s) {
  switch (s) {
    case Source::Rule: return "rule";
    case Source::Gazetteer: return "gazetteer";
    case Source::Link: return "link";
    case Source::Guess: return "guess";
  }
  return "?";
}

/// An entity mention: tokens [first, last) and bytes [begin, end) of the document.
struct Mention {
  std::uint32_t first = 0;
  std::uint32_t last = 0;
  std::size_t begin = 0;
  std::size_t end = 0;
  std::string type;
  std::string canonical;
  std::string id;
  Source source = Source::Guess;
  int priority = 0;
  std::string rule;          ///< "ruleset:rule-id" for rule mentions
  std::uint32_t entry = 0;   ///< the gazetteer entry of a gazetteer mention
  glean::Features features;  ///< title, role, acronym and whatever a rule or gazetteer adds

  std::size_t length() const { return end - begin; }
  bool overlaps(const Mention& o) const { return begin < o.end && o.begin < end; }
};

}  // namespace glean_entities

namespace glean_entities {

/// The text of a name as a canonical form: runs of whitespace (also no-break spaces and line
/// breaks) become one space, and the typographic apostrophe becomes "'".
inline std::string normalizeName(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool space = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    bool ws = c == ' ' || c == '\t' || c == '\n' || c == '\r';
    if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xA0) {
      ws = true;
      ++i;
    }
    if (ws) {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    if (c == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
        static_cast<unsigned char>(text[i + 2]) == 0x99) {
      out.push_back('\'');
      i += 2;
      continue;
    }
    out.push_back(static_cast<char>(c));
  }
  return out;
}

}  // namespace glean_entities
