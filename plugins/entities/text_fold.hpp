// glean/plugins/entities/text_fold.hpp - UTF-8 decoding, letter classes, case and diacritic folding
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace glean_entities {

/// What the tokenizer and the gazetteer need to know about one code point. Covers ASCII, Latin-1,
/// Latin Extended-A (full case and diacritic tables), Greek and Cyrillic (case only); any other
/// code point outside the punctuation and symbol blocks counts as a caseless letter.
struct CharInfo {
  bool letter = false;
  bool upper = false;
  bool lower = false;
  char32_t to_lower = 0;  ///< the lower-case code point (itself when it has none)
  char32_t base = 0;      ///< without diacritics, lower case ('e' for 'É'); itself when unknown
};

CharInfo charInfo(char32_t cp);

/// Decodes the code point at `pos` (valid UTF-8 assumed; a stray byte decodes as itself) and
/// advances `pos` past it.
char32_t decodeUtf8(std::string_view s, std::size_t& pos);
void appendUtf8(std::string& out, char32_t cp);

/// How text is folded before it is compared.
enum class Fold : std::uint8_t {
  None,        ///< as written
  Case,        ///< lower case
  Diacritics,  ///< diacritics removed, case kept
  Both,        ///< lower case, diacritics removed
};

/// Appends `text` folded as asked to `out`. Also maps the typographic apostrophe U+2019 to '\''
/// and the no-break space to a space, so "People’s" and "People's" compare equal.
void foldInto(std::string& out, std::string_view text, Fold fold);

inline std::string folded(std::string_view text, Fold fold) {
  std::string out;
  foldInto(out, text, fold);
  return out;
}

/// A 64-bit hash of (already folded) text: words are compared by key, not by string, in the
/// gazetteer's vocabulary, the cue lexicon and the guesser's per-document word sets. Two different
/// words share a key with probability ~2^-64 per pair; the gazetteer still compares a name's shape
/// with the text before it accepts a match.
inline std::uint64_t textKey(std::string_view s) {
  std::uint64_t h = 0xcbf29ce484222325ULL ^ s.size();
  for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ULL;
  h ^= h >> 29;
  return h == 0 ? 1 : h;  // 0 means "no key"
}

/// The key of `text` folded as asked, using `scratch` as the buffer.
inline std::uint64_t foldedKey(std::string_view text, Fold fold, std::string& scratch) {
  scratch.clear();
  foldInto(scratch, text, fold);
  return textKey(scratch);
}

}  // namespace glean_entities
