// glean/tools/bench/synthetic_rules.hpp - deterministic rule files generated from a corpus vocabulary
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace glean::bench {

/// Frequent words and word pairs of a corpus, most frequent first (ties in alphabetical order).
struct Vocabulary {
  std::vector<std::string> words;    ///< lower case, 3 to 14 ASCII letters
  std::vector<std::string> bigrams;  ///< "word word", as found next to each other
  std::vector<std::string> capitalized;  ///< words seen capitalized mid-sentence (names, places)
};

/// Every regular file below `dir`, sorted (a stable document order for benchmarks and tests).
std::vector<std::filesystem::path> corpusFiles(const std::filesystem::path& dir);

/// Counts words and word pairs in the first `max_files` files (sorted order) of `files`.
Vocabulary buildVocabulary(const std::vector<std::filesystem::path>& files, std::size_t max_files);

struct SyntheticOptions {
  std::size_t rules = 100;
  std::uint64_t seed = 42;
  /// Fraction of rules scoped to "Sentence" (the exactness test uses some; the benchmark none).
  double scoped = 0.0;
  /// Fraction of veto rules.
  double vetoes = 0.01;
  /// Only phrase rules (word pairs, half of them caseless) instead of the mixed kinds.
  bool phrases_only = false;
};

/// A rule file (TOML text) with `options.rules` rules drawn from `vocab`: word pairs (30%), words
/// followed by a word a word later (15%), words followed by numbers (12%), lookaround-guarded pairs
/// (10%), capitalized names (12%), caseless lists of four words (10%), a word within three words of
/// another (6%), lexicon words before a name (5%); varied priorities, types, captures and flags. The same inputs give the same file, and the
/// first n rules of a larger file are the rules of the smaller one.
std::string syntheticRuleFile(const Vocabulary& vocab, const SyntheticOptions& options);

/// Reads a file into a string (empty when it cannot be read).
std::string readFile(const std::filesystem::path& file);

}  // namespace glean::bench
