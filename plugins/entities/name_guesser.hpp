// glean/plugins/entities/name_guesser.hpp - NameGuesser: types runs of capitalized words from cues
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "flat_map.hpp"
#include "mention.hpp"
#include "tokenizer.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace glean_entities {

/// Where a cue word must stand, relative to a run of capitalized words.
enum class CueWhere : std::uint8_t {
  First,    ///< the run's first word ("John" Smith)
  Last,     ///< the run's last word (Acme "Inc")
  Any,      ///< anywhere in the run ("University")
  Before,   ///< the word before the run ("in" Paris, "Mr" Smith); at a run's head it is peeled
            ///< off as a title ("President" Nazarbayev)
  After,    ///< the word after the run
  Join,     ///< a lower-case word that may join capitalized words ("Bank "of" England")
  NotName,  ///< a capitalized word that is no name by itself (sentence openers, months)
};

struct Cue {
  CueWhere where = CueWhere::Any;
  std::string type;  ///< the entity type it argues for (empty for Join / NotName)
  int weight = 1;
};

/// The words that hint at the type of a run of capitalized words, loaded from TSV files:
///   word  where  type  weight
/// where (first, last, any, before, after, join, not-name), type and weight may come from
/// "#! where = ...", "#! type = ...", "#! weight = ..." directives above the lines. Words compare
/// case- and diacritic-insensitively.
class CueLexicon {
 public:
  void loadTsv(const std::filesystem::path& file);
  void add(std::string_view word, Cue cue);
  /// The cues of a word, by its key (Token::key: textKey of the case- and diacritic-folded
  /// text), or nullptr.
  const std::vector<Cue>* find(std::uint64_t key) const {
    std::uint32_t i = index_.find(key);
    return i == FlatMap::kMissing ? nullptr : &cues_[i];
  }
  bool has(std::uint64_t key, CueWhere where) const {
    std::uint32_t i = index_.find(key);
    return i != FlatMap::kMissing && ((wheres_[i] >> static_cast<unsigned>(where)) & 1u) != 0;
  }
  std::size_t size() const { return cues_.size(); }

 private:
  FlatMap index_;                      // key -> index into cues_
  std::vector<std::vector<Cue>> cues_;
  std::vector<std::uint8_t> wheres_;  // per word: one bit per CueWhere it has a cue for
};

/// Settings of the guesser.
struct GuessOptions {
  int min_score = 2;           ///< a run is typed when its best type scores at least this
  std::string unknown_multi;   ///< type of a run of 2+ words without enough cues ("": none)
  std::string unknown_single;  ///< type of a lone capitalized word without cues ("": none)
  std::string unknown_acronym; ///< type of a lone word in capitals ("NYMEX") without cues
};

/// The guesser's per-document word sets, kept from document to document (see NameGuesser::guess).
struct GuessScratch {
  /// Keys of the words that open a sentence or a line -> kSeenLower (also seen in lower case)
  /// | kSeenName (also seen capitalized inside a sentence): one table, one probe per word.
  FlatMap openers;
  static constexpr std::uint32_t kOpener = 1, kSeenLower = 2, kSeenName = 4;
};

/// Finds runs of capitalized words that no rule or gazetteer name covers and types them from
/// the cue words in and around them (a title before a run makes it a PERSON, "Inc" at its end an
/// ORG, "in" before it a place, ...), using document-level case evidence to tell a sentence
/// opener from a name.
class NameGuesser {
 public:
  NameGuesser(const CueLexicon& cues, GuessOptions options) : cues_(cues), options_(options) {}

  /// `taken[i]` is 2 when token i belongs to a rule mention (never re-typed), 1 when to a
  /// gazetteer mention (re-typed only when a cue outside it types a longer run), 0 otherwise.
  /// Appends guessed mentions to `out`; a guess that swallows gazetteer mentions says so by
  /// covering them (the caller drops what it overlaps).
  /// `scratch` holds the document's word sets (its tables keep their capacity).
  void guess(std::string_view text, const std::vector<Token>& tokens,
             const std::vector<std::uint8_t>& taken, GuessScratch& scratch,
             std::vector<Mention>& out) const;

 private:
  struct Run {
    std::uint32_t first = 0;
    std::uint32_t last = 0;
  };
  void classify(std::string_view text, const std::vector<Token>& tokens,
                const std::vector<std::uint8_t>& taken, Run run,
                const FlatMap& openers,
                std::vector<Mention>& out) const;

  const CueLexicon& cues_;
  GuessOptions options_;
};

}  // namespace glean_entities
