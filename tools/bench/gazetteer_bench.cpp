// glean/tools/bench/gazetteer_bench.cpp - glean-gazetteer-bench: gazetteer matching speed by list size
// SPDX-License-Identifier: Apache-2.0
//
//   glean-gazetteer-bench [CORPUS_DIR] [--entries 100,10000,100000] [--max-mb N] [--pseudo]
//
// For each list size, builds a gazetteer of that many generated entries and matches it over the
// corpus text (tokens and their keys are computed once, outside the timing): the time of
// Gazetteer::assignWords + Gazetteer::match per MB, by the thread's CPU time. Half of the entries
// are pseudo-words ("Varokel Tusimar"), half are one to three capitalized words of the corpus
// itself, so names do occur in the text (--pseudo: pseudo-words only, so the list size alone
// varies, not the number of matches); the first n entries of a larger list are the entries of
// a smaller one. A trie over tokens should be near flat: its work per token depends on the length
// of the names, not on how many there are.
#include "default_corpus.hpp"

#include "gazetteer.hpp"
#include "tokenizer.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <unordered_set>
#include <vector>

namespace fs = std::filesystem;
using namespace glean_entities;

namespace {

double cpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

std::uint64_t splitmix(std::uint64_t& s) {
  std::uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::string pseudoWord(std::uint64_t& rng) {
  static const char* syllables[] = {"va", "ro", "kel", "tu", "si", "mar", "den", "lo", "qui", "zan",
                                    "bra", "ot", "vin", "sha", "ek", "mu", "ral", "pe", "gor", "ti"};
  std::string w;
  int n = 2 + static_cast<int>(splitmix(rng) % 3);
  for (int i = 0; i < n; ++i) w += syllables[splitmix(rng) % 20];
  w[0] = static_cast<char>(w[0] - 32);
  return w;
}

std::vector<int> parseList(const std::string& s) {
  std::vector<int> out;
  std::stringstream in(s);
  std::string item;
  while (std::getline(in, item, ',')) out.push_back(std::stoi(item));
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  fs::path corpus = glean::bench::defaultCorpus();
  std::vector<int> sizes = {100, 10000, 100000};
  double max_mb = 16;
  bool pseudo_only = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--entries" && i + 1 < argc) sizes = parseList(argv[++i]);
    else if (a == "--max-mb" && i + 1 < argc) max_mb = std::stod(argv[++i]);
    else if (a == "--pseudo") pseudo_only = true;
    else if (a == "-h" || a == "--help") {
      std::cout << "usage: glean-gazetteer-bench [CORPUS_DIR] [--entries 100,10000,100000] [--max-mb N] [--pseudo]\n";
      return 0;
    } else corpus = a;
  }
  if (!fs::is_directory(corpus)) {
    std::cerr << "glean-gazetteer-bench: no corpus folder '" << corpus.string()
              << "' (give CORPUS_DIR, or set GLEAN_SHARED_DIR)\n";
    return 2;
  }

  // The text: corpus files in name order, up to max_mb.
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(corpus))
    if (e.is_regular_file() && e.path().extension() == ".txt") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  std::vector<std::string> texts;
  std::size_t bytes = 0;
  for (const fs::path& f : files) {
    if (static_cast<double>(bytes) >= max_mb * 1e6) break;
    std::ifstream in(f, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    texts.push_back(ss.str());
    bytes += texts.back().size();
  }
  Tokenizer tokenizer;
  std::vector<std::vector<Token>> tokens(texts.size());
  std::vector<std::string> vocabulary;  // capitalized words of the text, first seen first
  std::unordered_set<std::string> seen;
  for (std::size_t d = 0; d < texts.size(); ++d) {
    tokenizer.tokenize(texts[d], tokens[d]);
    keyTokens(texts[d], tokens[d]);
    for (const Token& t : tokens[d])
      if (t.has(kCapitalized) && t.has(kHasLower) && t.length() > 2 && vocabulary.size() < 50000) {
        std::string w(texts[d].substr(t.begin, t.length()));
        if (seen.insert(w).second) vocabulary.push_back(std::move(w));
      }
  }

  // The entries, the same sequence for every size.
  int largest = *std::max_element(sizes.begin(), sizes.end());
  std::vector<std::string> names;
  std::uint64_t rng = 42;
  for (int i = 0; i < largest; ++i) {
    std::string name;
    int words = 1 + static_cast<int>(splitmix(rng) % 3);
    for (int w = 0; w < words; ++w) {
      if (!name.empty()) name += ' ';
      name += (i % 2 == 0 || pseudo_only || vocabulary.empty()) ? pseudoWord(rng)
                                                  : vocabulary[splitmix(rng) % vocabulary.size()];
    }
    names.push_back(std::move(name));
  }

  std::printf("corpus: %s (%zu files, %.1f MB)\n", corpus.string().c_str(), texts.size(),
              static_cast<double>(bytes) / 1e6);
  std::printf("%9s %8s %9s %10s %10s %11s\n", "entries", "build s", "MB", "CPU MB/s", "matches",
              "memory MB");
  for (int n : sizes) {
    double t0 = cpuSeconds();
    Gazetteer g;
    for (int i = 0; i < n; ++i) {
      std::uint32_t e = g.addEntry({"ORG", names[static_cast<std::size_t>(i)], "", {}, "bench"});
      g.addName(e, names[static_cast<std::size_t>(i)], CaseMode::Smart);
    }
    double build_s = cpuSeconds() - t0;
    std::size_t matches = 0;
    std::vector<GazetteerMatch> out;
    double m0 = cpuSeconds();
    for (std::size_t d = 0; d < texts.size(); ++d) {
      out.clear();
      g.assignWords(texts[d], tokens[d]);
      g.match(texts[d], tokens[d], out);
      matches += out.size();
    }
    double match_s = cpuSeconds() - m0;
    std::printf("%9d %8.2f %9.1f %10.1f %10zu %11.1f\n", n, build_s,
                static_cast<double>(bytes) / 1e6, static_cast<double>(bytes) / 1e6 / match_s,
                matches, static_cast<double>(g.bytes()) / 1e6);
  }
  return 0;
}
