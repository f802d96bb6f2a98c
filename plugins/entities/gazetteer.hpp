// glean/plugins/entities/gazetteer.hpp - Gazetteer: names matched in one pass over tokens (a trie)
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "flat_map.hpp"
#include "text_fold.hpp"
#include "tokenizer.hpp"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace glean_entities {

/// How the case of a name must agree with the text.
enum class CaseMode : std::uint8_t {
  Exact,   ///< as written in the gazetteer
  Smart,   ///< as written, or the whole word in capitals ("KAZAKHSTAN" in a headline); lower-case
           ///< words of a name ("of", "the") match in any case; acronyms only as written
  Ignore,  ///< any case
};

/// One entity of a gazetteer: what every one of its names links to.
struct GazetteerEntry {
  std::string type;       ///< PERSON, ORG, GPE, LOC, NORP, EVENT, LAW, or a cue type
  std::string canonical;  ///< the full form mentions link to
  std::string id;         ///< e.g. an ISO 3166 code; may be empty
  std::vector<std::pair<std::string, std::string>> features;  ///< extra key=value features
  std::string origin;     ///< "file:line" it came from
};

/// A match: tokens [first, last) name entry `entry`.
struct GazetteerMatch {
  std::uint32_t first = 0;
  std::uint32_t last = 0;
  std::uint32_t entry = 0;
};

/// Names (and their aliases) of entities, matched over the token stream with a token trie: at each
/// token the longest name that starts there is found by walking the trie, so the cost per token
/// depends on the length of names, not on how many there are. Read-only once built, so one
/// Gazetteer serves all threads.
class Gazetteer {
 public:
  /// `fold_diacritics`: "Sant Julia de Loria" finds "Sant Julià de Lòria" (and the reverse).
  explicit Gazetteer(bool fold_diacritics = true) : fold_diacritics_(fold_diacritics) {}

  /// Adds an entry and returns its index.
  std::uint32_t addEntry(GazetteerEntry entry);
  /// Adds `name` as a name of entry `entry`, compared as `mode` says.
  void addName(std::uint32_t entry, std::string_view name, CaseMode mode);

  /// Reads a gazetteer file: one entity per line, tab-separated
  ///   name  type  canonical  id  aliases  features
  /// where only name and type are required, canonical defaults to name, aliases are separated by
  /// '|', features are "key=value" pairs separated by ';'. '#' starts a comment line; a line
  /// "#! case = exact|smart|ignore" sets the case mode of the lines after it. `types`: the types
  /// a line may have (empty: any). Throws glean::ConfigError naming file:line (and the column of a
  /// type not in `types`) for a malformed line.
  void loadTsv(const std::filesystem::path& file, CaseMode mode = CaseMode::Smart,
               const std::vector<std::string>& types = {});

  /// Sets Token::word of every word token to the id of its folded text (0: no name has it).
  /// Tokens need their keys (keyTokens) first.
  void assignWords(std::string_view text, std::vector<Token>& tokens) const;
  /// The longest name starting at each token (tokens need their `word` ids): appended to `out`.
  void match(std::string_view text, const std::vector<Token>& tokens,
             std::vector<GazetteerMatch>& out) const;

  /// The id of a folded word, or 0.
  std::uint32_t wordId(std::string_view folded_word) const;
  /// The number of distinct words of all names.
  std::size_t wordCount() const { return words_.size(); }
  /// The folding used for trie keys.
  Fold keyFold() const { return fold_diacritics_ ? Fold::Both : Fold::Case; }

  const GazetteerEntry& entry(std::uint32_t index) const { return entries_[index]; }
  std::size_t entryCount() const { return entries_.size(); }
  std::size_t nameCount() const { return variants_.size(); }
  /// Approximate memory held, in bytes.
  std::size_t bytes() const;

 private:
  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  struct Variant {
    std::uint32_t entry = 0;
    std::uint32_t next = kNone;  ///< next variant ending at the same trie node
    CaseMode mode = CaseMode::Smart;
    std::vector<std::string> shapes;  ///< each token diacritic-folded, case kept (for checks)
  };
  static constexpr std::uint32_t kNone = 0xFFFFFFFFu;

  std::uint32_t intern(const std::string& folded_word);
  bool caseAgrees(std::string_view text, const std::vector<Token>& tokens, std::uint32_t first,
                  const Variant& v) const;

  bool fold_diacritics_;
  std::vector<GazetteerEntry> entries_;
  std::vector<Variant> variants_;
  FlatMap words_;                         // textKey(folded word) -> word id (1, 2, ...)
  // One bit per 2^20 slices of the key space, set for every word of words_: most tokens of a
  // text are in no name, and this 128 KiB filter (cache-resident) answers for them without a
  // probe into words_, whose size grows with the list.
  static constexpr unsigned kFilterBits = 20;
  std::vector<std::uint64_t> filter_ = std::vector<std::uint64_t>((1u << kFilterBits) / 64, 0);
  bool mayHave(std::uint64_t key) const {
    std::uint64_t slot = key >> (64 - kFilterBits);
    return (filter_[slot >> 6] >> (slot & 63)) & 1u;
  }
  FlatMap edges_;                         // (node << 32 | word) -> child
  // The root's children by word id (kNone: no name starts with the word): the first step of
  // every walk is one read of this small array instead of a probe into edges_, and most walks
  // ("of", "the", "," are words of names but start none) end there.
  std::vector<std::uint32_t> root_child_;
  std::vector<std::uint32_t> terminal_;   // node -> first variant ending there, or kNone
  Tokenizer tokenizer_;
};

}  // namespace glean_entities
