// glean/tools/bench/synthetic_rules.cpp - deterministic rule files generated from a corpus vocabulary
// SPDX-License-Identifier: Apache-2.0
#include "synthetic_rules.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>
#include <unordered_map>

namespace glean::bench {
namespace {

namespace fs = std::filesystem;

// splitmix64: tiny, portable and fully deterministic (std distributions are not across libraries).
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  std::size_t below(std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(next() % n); }
  double unit() { return static_cast<double>(next() >> 11) / 9007199254740992.0; }

 private:
  std::uint64_t state_;
};

std::vector<std::string> topByCount(const std::unordered_map<std::string, std::size_t>& counts,
                                    std::size_t n, std::size_t min_count) {
  std::vector<std::pair<std::string, std::size_t>> items(counts.begin(), counts.end());
  std::sort(items.begin(), items.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  std::vector<std::string> out;
  for (auto& [k, c] : items) {
    if (out.size() >= n || c < min_count) break;
    out.push_back(k);
  }
  return out;
}

const std::string& pick(const std::vector<std::string>& list, Rng& rng) {
  return list[rng.below(list.size())];
}

// Function words: a rule author writes rules about content words, not about "the".
bool isStopWord(std::string_view w) {
  static const char* const kStop[] = {
      "the", "and", "for", "that", "with", "was", "were", "are", "has", "have", "had", "not",
      "from", "by", "this", "which", "its", "their", "his", "her", "they", "been", "but", "also",
      "who", "or", "on", "in", "of", "to", "at", "as", "an", "be", "is", "it", "such", "other",
      "into", "than", "there", "these", "those", "some", "any", "all", "more", "most", "during",
      "after", "before", "while", "when", "where", "did", "does", "can", "may", "could", "would",
      "should", "will", "about", "against", "under", "over", "between", "through", "within",
      "without", "including", "according", "reported", "report", "year", "years"};
  for (const char* s : kStop)
    if (w == s) return true;
  return false;
}

}  // namespace

std::vector<fs::path> corpusFiles(const fs::path& dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    if (it->is_regular_file() && it->path().extension() == ".txt") out.push_back(it->path());
  std::sort(out.begin(), out.end());
  return out;
}

std::string readFile(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

Vocabulary buildVocabulary(const std::vector<fs::path>& files, std::size_t max_files) {
  std::unordered_map<std::string, std::size_t> words, bigrams, caps;
  for (std::size_t f = 0; f < files.size() && f < max_files; ++f) {
    std::string text = readFile(files[f]);
    std::string prev;
    std::size_t i = 0;
    char before = '.';
    while (i < text.size()) {
      if (!((text[i] >= 'a' && text[i] <= 'z') || (text[i] >= 'A' && text[i] <= 'Z'))) {
        if (text[i] != ' ') prev.clear();
        if (text[i] != ' ') before = text[i];
        ++i;
        continue;
      }
      std::size_t j = i;
      while (j < text.size() && ((text[j] >= 'a' && text[j] <= 'z') || (text[j] >= 'A' && text[j] <= 'Z'))) ++j;
      std::string w = text.substr(i, j - i);
      bool capital = w[0] >= 'A' && w[0] <= 'Z';
      bool rest_lower = std::all_of(w.begin() + 1, w.end(), [](char c) { return c >= 'a' && c <= 'z'; });
      if (capital && rest_lower && before != '.' && w.size() >= 4 && w.size() <= 14) ++caps[w];
      std::string lower = w;
      for (char& c : lower) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
      if (lower.size() >= 3 && lower.size() <= 14 && rest_lower) {
        ++words[lower];
        if (!prev.empty()) ++bigrams[prev + " " + lower];
        prev = lower;
      } else {
        prev.clear();
      }
      before = 'a';
      i = j;
    }
  }
  for (auto it = words.begin(); it != words.end();)
    it = isStopWord(it->first) ? words.erase(it) : std::next(it);
  for (auto it = bigrams.begin(); it != bigrams.end();) {
    std::string_view bg = it->first;
    std::size_t sp = bg.find(' ');
    bool stop = isStopWord(bg.substr(0, sp)) || isStopWord(bg.substr(sp + 1));
    it = stop ? bigrams.erase(it) : std::next(it);
  }
  Vocabulary v;
  v.words = topByCount(words, 3000, 3);
  v.bigrams = topByCount(bigrams, 6000, 3);
  v.capitalized = topByCount(caps, 1500, 3);
  return v;
}

std::string syntheticRuleFile(const Vocabulary& vocab, const SyntheticOptions& options) {
  static const char* const kTypes[] = {"Topic", "Actor", "Event", "Place", "Quantity"};
  std::ostringstream out;
  out << "# Generated by glean's benchmark: " << options.rules << " rules, seed " << options.seed
      << "\n[ruleset]\nname = \"synthetic\"\nversion = \"0\"\n\n";
  out << "[lexicons.common]\ncase_insensitive = true\nentries = { ";
  for (std::size_t k = 0; k < 12 && k < vocab.words.size(); ++k)
    out << (k ? ", " : "") << '"' << vocab.words[k * 7 % vocab.words.size()] << "\" = \"w" << k << '"';
  out << " }\n\n";
  // Each rule draws from its own generator, so rule k is the same whatever the total.
  for (std::size_t k = 0; k < options.rules; ++k) {
    Rng rng(options.seed * 1000003 + k);
    std::string pattern;
    std::string flags;
    std::string features;
    std::size_t kind = options.phrases_only ? rng.below(30) : rng.below(100);
    auto bigram = [&]() {
      std::string bg = pick(vocab.bigrams, rng);
      std::size_t sp = bg.find(' ');
      return std::make_pair(bg.substr(0, sp), bg.substr(sp + 1));
    };
    auto words = [&](int n) {
      std::string alt;
      for (int w = 0; w < n; ++w) alt += (w ? "|" : "") + pick(vocab.words, rng);
      return alt;
    };
    if (kind < 30) {  // a phrase: a frequent pair of content words
      auto [a, b] = bigram();
      pattern = "\\b" + a + "\\s+" + b + "\\b";
      if (rng.below(2)) flags = "\"i\"";
    } else if (kind < 45) {  // one of three words, maybe a word, then a given word
      pattern = "\\b(?<verb>" + words(3) + ")\\s+(?:\\w+\\s+)?" + pick(vocab.words, rng) + "s?\\b";
      flags = "\"i\"";
    } else if (kind < 57) {  // a word and a number
      pattern = "\\b" + pick(vocab.words, rng) + "s?\\s+(?<num>\\d{1,4})\\b";
      features = "num = \"$num\", unit = \"" + pick(vocab.words, rng) + "\"";
    } else if (kind < 67) {  // a pair not inside a hyphenated compound
      auto [a, b] = bigram();
      pattern = "(?<![\\w-])" + a + "[\\s-]+" + b + "(?:s|es)?(?![\\w-])";
      flags = "\"i\"";
    } else if (kind < 79) {  // a capitalized name followed by another capitalized word
      pattern = "\\b" + pick(vocab.capitalized, rng) + "\\s+(?<second>\\p{Lu}\\p{Ll}+)\\b";
    } else if (kind < 89) {  // a short caseless word list (a small gazetteer)
      pattern = "\\b(?:" + words(4) + ")\\b";
      flags = "\"i\"";
    } else if (kind < 95) {  // a word, then another within three words
      pattern = "\\b(?:" + words(2) + ")(?:\\W+\\w+){0,3}?\\W+" + pick(vocab.words, rng) + "\\b";
      flags = "\"i\"";
    } else {  // a lexicon word, maybe "of", and a given capitalized word
      pattern = "\\b{@common}\\s+(?:of\\s+)?(?<what>" + pick(vocab.capitalized, rng) + ")\\b";
    }
    bool veto = rng.unit() < options.vetoes;
    out << "[[rule]]\nid = \"r" << k << "\"\n";
    if (veto) {
      out << "veto = true\n";
      features.clear();
    } else {
      out << "type = \"" << kTypes[rng.below(5)] << "\"\npriority = " << rng.below(30) << "\n";
    }
    if (rng.unit() < options.scoped) out << "scope = \"Sentence\"\n";
    if (!flags.empty()) out << "flags = [" << flags << "]\n";
    out << "pattern = '" << pattern << "'\n";
    if (!features.empty()) out << "features = { " << features << " }\n";
    out << "\n";
  }
  return out.str();
}

}  // namespace glean::bench
