// glean/plugins/dates/direction_cues.cpp - DirectionCues: tense words that say past or future
// SPDX-License-Identifier: Apache-2.0
#include "direction_cues.hpp"

#include <algorithm>
#include <stdexcept>

namespace glean_dates {
namespace {

// Word characters: ASCII letters and digits, apostrophes (so "'ll" and "won't" stay whole) and
// every byte of a multi-byte UTF-8 sequence (letters of other scripts).
bool isWordByte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '\'' || c >= 0x80;
}

bool endsSentence(unsigned char c) { return c == '.' || c == '!' || c == '?' || c == ';'; }

void lowerAscii(std::string& s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
}

}  // namespace

void DirectionCues::load(const glean::RuleSet& rules, std::int64_t window) {
  words_.clear();
  window_ = window > 0 ? static_cast<std::size_t>(window) : 0;
  if (window_ == 0) return;
  for (auto& [word, direction] : rules.lexicon("direction_cues")) {
    auto d = parseDirection(direction);
    if (!d || *d == Direction::Auto)
      throw std::invalid_argument("direction_cues: '" + word + "' -> '" + direction +
                                  "' is not a direction (past, future, same, nearest, "
                                  "past-or-same, future-or-same)");
    std::string key = word;
    lowerAscii(key);
    if (key.size() > kMaxCue)
      throw std::invalid_argument("direction_cues: '" + word + "' is longer than " +
                                  std::to_string(kMaxCue) + " bytes");
    longest_ = std::max(longest_, key.size());
    words_.push_back({std::move(key), *d});
  }
  // The first entry of a word wins, as with the map this replaces.
  std::stable_sort(words_.begin(), words_.end(),
                   [](const Cue& a, const Cue& b) { return a.word < b.word; });
  words_.erase(std::unique(words_.begin(), words_.end(),
                           [](const Cue& a, const Cue& b) { return a.word == b.word; }),
               words_.end());
}

std::optional<Direction> DirectionCues::directionBefore(std::string_view text,
                                                        std::size_t begin) const {
  if (words_.empty()) return std::nullopt;
  std::size_t pos = std::min(begin, text.size());
  // The word, lower-cased, in a buffer on the stack: words longer than the longest cue are skipped
  // before they are copied, so no lookup allocates.
  char word[kMaxCue];
  for (std::size_t seen = 0; seen < window_ && pos > 0;) {
    // Skip to the end of the previous word; a sentence end or a blank line stops the search.
    while (pos > 0 && !isWordByte(static_cast<unsigned char>(text[pos - 1]))) {
      unsigned char c = static_cast<unsigned char>(text[pos - 1]);
      if (endsSentence(c)) return std::nullopt;
      if (c == '\n' && pos >= 2 && text[pos - 2] == '\n') return std::nullopt;
      --pos;
    }
    std::size_t end = pos;
    while (pos > 0 && isWordByte(static_cast<unsigned char>(text[pos - 1]))) --pos;
    if (end == pos) break;
    ++seen;
    std::size_t n = end - pos;
    if (n > longest_) continue;
    for (std::size_t k = 0; k < n; ++k) {
      char c = text[pos + k];
      word[k] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    std::string_view w(word, n);
    if (auto d = find(w)) return d;
    // "'ll" glued to its subject ("we'll"): try the part from the apostrophe.
    if (auto apos = w.find('\''); apos != std::string_view::npos && apos > 0) {
      if (auto d = find(w.substr(apos))) return d;
    }
  }
  return std::nullopt;
}

std::optional<Direction> DirectionCues::find(std::string_view word) const {
  // Sorted by word: a binary search over a few dozen cues, no hashing of a fresh string.
  auto it = std::lower_bound(words_.begin(), words_.end(), word,
                             [](const Cue& c, std::string_view w) { return c.word < w; });
  if (it != words_.end() && it->word == word) return it->direction;
  return std::nullopt;
}

}  // namespace glean_dates
