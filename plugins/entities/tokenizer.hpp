// glean/plugins/entities/tokenizer.hpp - Tokenizer: words, initialisms and punctuation with offsets
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace glean_entities {

/// Token flags.
enum TokenFlag : std::uint16_t {
  kWord = 1u << 0,          ///< has a letter or a digit
  kCapitalized = 1u << 1,   ///< starts with an upper-case letter
  kAllCaps = 1u << 2,       ///< has letters, all of them upper case
  kHasLower = 1u << 3,      ///< has a lower-case letter
  kDigit = 1u << 4,         ///< starts with a digit
  kSpaceBefore = 1u << 5,   ///< whitespace (or the start of the text) right before it
  kLineStart = 1u << 6,     ///< first token of a line
  kSentenceStart = 1u << 7, ///< first word of a sentence (set by the stage)
  kInitialism = 1u << 8,    ///< letters with periods: "U.S.", "U.N."
  kHeadline = 1u << 9,      ///< on a line written in capitals (set by the tokenizer)
};

/// One token: [begin, end) byte offsets into the text.
struct Token {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  std::uint16_t flags = 0;
  std::uint32_t word = 0;  ///< the gazetteer's id of the folded text (0: not in its vocabulary)
  std::uint64_t key = 0;   ///< textKey of the text, case and diacritics folded

  bool has(TokenFlag f) const { return (flags & f) != 0; }
  std::size_t length() const { return end - begin; }
};

/// Splits text into tokens: runs of letters and digits (with inner apostrophes as in "O'Brien",
/// but the possessive "'s" is a token of its own), initialisms ("U.S."), and single punctuation
/// marks. Hyphens and periods are tokens, so "Nur-Sultan" is three tokens in the text and in a
/// gazetteer alike. One pass, no allocation besides the output vector; each token gets its key
/// as it is made (its bytes are still in the cache).
class Tokenizer {
 public:
  /// Appends the tokens of text[begin, end) to `out` (offsets are offsets into `text`).
  void tokenize(std::string_view text, std::vector<Token>& out, std::size_t begin = 0,
                std::size_t end = static_cast<std::size_t>(-1)) const;
};

/// Sets Token::key of every token again: the textKey of its text, case and diacritics folded
/// (the tokenizer already did; for tokens made otherwise).
void keyTokens(std::string_view text, std::vector<Token>& tokens);

}  // namespace glean_entities
