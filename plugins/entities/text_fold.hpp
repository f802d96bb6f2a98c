// glean/plugins/entities/text_fold.hpp - UTF-8 decoding, letter classes, case and diacritic folding
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <bit>
#include <cstddef>
#include <cstring>
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
/// words share a key with probability ~2^-64 per pair (two words of the same length up to 8 bytes
/// never do: each step is a bijection); the gazetteer still compares a name's shape with the text
/// before it accepts a match. The text is hashed 8 bytes at a time, so the tokenizer can key an
/// ASCII word with one or two multiplications while it is still in the cache (asciiFoldedKey).
namespace key_detail {
inline std::uint64_t load(const char* p, std::size_t n) {  // n in 1..8 bytes, the rest zero
  std::uint64_t w = 0;
  std::memcpy(&w, p, n);
  if constexpr (std::endian::native == std::endian::big) w = __builtin_bswap64(w);
  return w;
}
inline std::uint64_t mix(std::uint64_t h, std::uint64_t w) {
  h = (h ^ w) * 0x9E3779B97F4A7C15ULL;
  return h ^ (h >> 29);
}
inline std::uint64_t finish(std::uint64_t h, std::size_t n) {
  h ^= static_cast<std::uint64_t>(n) * 0xC2B2AE3D27D4EB4FULL;
  h ^= h >> 33;
  h *= 0xFF51AFD7ED558CCDULL;
  h ^= h >> 33;
  h *= 0xC4CEB9FE1A85EC53ULL;
  h ^= h >> 33;
  return h == 0 ? 1 : h;  // 0 means "no key"
}
// Lower-cases the ASCII letters of 8 bytes that are all below 0x80.
inline std::uint64_t lowerAscii(std::uint64_t w) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  std::uint64_t ge_a = w + kOnes * (0x80 - 'A');      // high bit: byte >= 'A'
  std::uint64_t gt_z = w + kOnes * (0x80 - 'Z' - 1);  // high bit: byte > 'Z'
  return w | ((ge_a & ~gt_z & (kOnes * 0x80)) >> 2);
}
}  // namespace key_detail

inline std::uint64_t textKey(std::string_view s) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) h = key_detail::mix(h, key_detail::load(s.data() + i, 8));
  if (i < s.size()) h = key_detail::mix(h, key_detail::load(s.data() + i, s.size() - i));
  return key_detail::finish(h, s.size());
}

/// textKey of text[begin, end) lower-cased, for text that is ASCII there (the same value as
/// textKey(folded(..., Fold::Both))).
inline std::uint64_t asciiFoldedKey(std::string_view text, std::size_t begin, std::size_t end) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  std::size_t i = begin;
  for (; i + 8 <= end; i += 8) h = key_detail::mix(h, key_detail::lowerAscii(key_detail::load(text.data() + i, 8)));
  if (i < end) {
    std::size_t n = end - i;
    std::uint64_t w;
    if (i + 8 <= text.size()) {  // one full load, the bytes past the token masked off
      w = key_detail::load(text.data() + i, 8);
      w &= ~std::uint64_t{0} >> (64 - 8 * n);
    } else {
      w = key_detail::load(text.data() + i, n);
    }
    h = key_detail::mix(h, key_detail::lowerAscii(w));
  }
  return key_detail::finish(h, end - begin);
}

/// The key of `text` folded as asked, using `scratch` as the buffer.
inline std::uint64_t foldedKey(std::string_view text, Fold fold, std::string& scratch) {
  scratch.clear();
  foldInto(scratch, text, fold);
  return textKey(scratch);
}

}  // namespace glean_entities
