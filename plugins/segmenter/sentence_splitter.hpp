// glean/plugins/segmenter/sentence_splitter.hpp - SentenceSplitter: sentence boundaries inside a paragraph
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <glean/rules.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <unordered_map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace glean_segmenter {

using Span = std::pair<std::size_t, std::size_t>;

/// What an abbreviation in the `abbreviations` lexicon does to the full stop it ends with.
enum class AbbreviationKind {
  Never,         ///< never ends a sentence ("U.S.", "Gen.", "Mr.")
  BeforeNumber,  ///< does not end a sentence before a number ("No. 5", "Jan. 10", "Art. 3")
};

/// A sentence rule file: its `sentence` settings, its `abbreviations` lexicon and its NoBreak /
/// Break rules (rules/sentences/README.md). Immutable, shared by all threads.
class SentenceRules {
 public:
  /// Throws glean::StageError naming the file for a bad setting or abbreviation kind.
  SentenceRules(std::shared_ptr<const glean::RuleSet> rules, const std::string& file);

  const glean::RuleSet& rules() const { return *rules_; }
  /// True when the file has NoBreak or Break rules (else the rule engine need not run).
  bool hasPatternRules() const { return pattern_rules_; }

  const std::u32string& terminators() const { return terminators_; }
  const std::u32string& closers() const { return closers_; }
  const std::u32string& openers() const { return openers_; }
  const std::u32string& longBreaks() const { return long_breaks_; }
  std::size_t maxBytes() const { return max_bytes_; }
  bool initials() const { return initials_; }
  /// The kind of `token` (with its final '.'), or nullptr when it is no abbreviation.
  const AbbreviationKind* abbreviation(std::string_view token) const;
  /// True for a byte that may start a terminator (a table lookup on the hot path).
  bool terminatorLead(unsigned char byte) const { return lead_[byte]; }
  const std::array<bool, 256>& leadTable() const { return lead_; }
  /// The distinct lead bytes of the terminators (the SIMD scan compares against each).
  const std::vector<unsigned char>& leadBytes() const { return lead_bytes_; }
  bool isTerminator(char32_t c) const { return c < 0x80 ? ascii_[c] & kTerminator : has(terminators_, c); }
  bool isCloser(char32_t c) const { return c < 0x80 ? ascii_[c] & kCloser : has(closers_, c); }
  bool isOpener(char32_t c) const { return c < 0x80 ? ascii_[c] & kOpener : has(openers_, c); }
  /// The longest abbreviation, in bytes: longer tokens need no look-up.
  std::size_t longestAbbreviation() const { return longest_; }

 private:
  std::shared_ptr<const glean::RuleSet> rules_;
  bool pattern_rules_ = false;
  std::u32string terminators_ = U".!?\u2026";
  std::u32string closers_ = U"\"')]\u201D\u2019\u00BB";
  std::u32string openers_ = U"\"'([\u201C\u2018\u00AB\u00BF\u00A1";
  std::u32string long_breaks_ = U";,";
  std::size_t max_bytes_ = 1500;
  bool initials_ = true;
  static bool has(const std::u32string& set, char32_t c) { return set.find(c) != std::u32string::npos; }
  static constexpr unsigned char kTerminator = 1, kCloser = 2, kOpener = 4;

  std::vector<std::string> abbreviation_keys_;  // owns the strings the map's views point to
  std::unordered_map<std::string_view, AbbreviationKind> abbreviations_;
  std::size_t longest_ = 0;
  // Bit n of shapes_[b] is set when an abbreviation starts with byte b and is n < 64 bytes long.
  std::array<std::uint64_t, 256> shapes_{};
  std::array<bool, 256> lead_{};
  std::vector<unsigned char> lead_bytes_;
  std::array<unsigned char, 128> ascii_{};  // kTerminator | kCloser | kOpener per ASCII character
};

/// A sentence found by the splitter; `forced` when it was cut from a sentence over max_bytes.
struct SentenceSpan {
  std::size_t begin = 0;
  std::size_t end = 0;
  bool forced = false;
};

/// Finds the sentences of one paragraph, list item or footnote: a sentence ends after a
/// terminator (and any closing quotes, brackets and attached reference marks) that is followed by
/// whitespace and a capital, a digit or an opening quote or bracket, unless an abbreviation, an
/// initial or a NoBreak rule says otherwise; a Break rule ends one where it matches. A hard line
/// wrap is whitespace like any other. A sentence longer than max_bytes is cut at its last
/// preferred break (";", then ",", then a space) before the limit.
class SentenceSplitter {
 public:
  explicit SentenceSplitter(const SentenceRules& rules) : rules_(rules) {}

  /// Hints from the rule engine and the segmenter, all sorted by begin.
  struct Hints {
    const std::vector<Span>* no_break = nullptr;      ///< NoBreak matches
    const std::vector<std::size_t>* breaks = nullptr; ///< Break match ends
    const std::vector<Span>* attached = nullptr;      ///< reference marks that belong to a stop
  };

  /// Appends the sentences of text[begin, end) to `out`.
  void split(std::string_view text, std::size_t begin, std::size_t end, const Hints& hints,
             std::vector<SentenceSpan>& out) const;

 private:
  bool abbreviationBlocks(std::string_view text, std::size_t begin, std::size_t stop,
                          char32_t next) const;
  void emit(std::string_view text, std::size_t begin, std::size_t end,
            std::vector<SentenceSpan>& out) const;

  const SentenceRules& rules_;
};

}  // namespace glean_segmenter
