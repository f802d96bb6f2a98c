// glean/plugins/entities/name_guesser.cpp - NameGuesser: types runs of capitalized words from cues
// SPDX-License-Identifier: Apache-2.0
#include "name_guesser.hpp"

#include "text_fold.hpp"

#include <glean/error.hpp>

#include <algorithm>
#include <fstream>
#include <map>
#include <optional>

namespace glean_entities {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::optional<CueWhere> parseWhere(std::string_view s) {
  if (s == "first") return CueWhere::First;
  if (s == "last") return CueWhere::Last;
  if (s == "any") return CueWhere::Any;
  if (s == "before") return CueWhere::Before;
  if (s == "after") return CueWhere::After;
  if (s == "join") return CueWhere::Join;
  if (s == "not-name") return CueWhere::NotName;
  return std::nullopt;
}

// How an opener's word was also seen in the document: kSeenLower and/or kSeenName (0: neither,
// or no opener).
std::uint32_t seenAs(const FlatMap& openers, std::uint64_t key) {
  std::uint32_t v = openers.find(key);
  return v == FlatMap::kMissing ? 0 : v & (GuessScratch::kSeenLower | GuessScratch::kSeenName);
}

constexpr const char* kWhereNames = "first, last, any, before, after, join, not-name";

}  // namespace

void CueLexicon::add(std::string_view word, Cue cue) {
  std::uint32_t i = index_.insert(textKey(folded(word, Fold::Both)),
                                  static_cast<std::uint32_t>(cues_.size()));
  if (i == cues_.size()) {
    cues_.emplace_back();
    wheres_.push_back(0);
  }
  wheres_[i] = static_cast<std::uint8_t>(wheres_[i] | (1u << static_cast<unsigned>(cue.where)));
  cues_[i].push_back(std::move(cue));
}

void CueLexicon::loadTsv(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw glean::ConfigError({file.string()}, "cannot read cue file");
  Cue defaults;
  bool have_where = false;
  std::string line;
  int line_no = 0;
  auto fail = [&](const std::string& msg) {
    throw glean::ConfigError({file.string(), line_no, 0}, msg);
  };
  auto parseWeight = [&](std::string_view s) {
    int w = 0;
    bool neg = !s.empty() && s[0] == '-';
    if (neg) s.remove_prefix(1);
    if (s.empty()) fail("weight must be an integer");
    for (char c : s) {
      if (c < '0' || c > '9') fail("weight '" + std::string(s) + "' is not an integer");
      w = w * 10 + (c - '0');
    }
    return neg ? -w : w;
  };
  while (std::getline(in, line)) {
    ++line_no;
    std::string_view l = trim(line);
    if (l.empty()) continue;
    if (l.substr(0, 2) == "#!") {
      std::string_view d = l.substr(2);
      std::size_t eq = d.find('=');
      if (eq == std::string_view::npos) fail("directive without '=': '" + std::string(l) + "'");
      std::string_view key = trim(d.substr(0, eq)), value = trim(d.substr(eq + 1));
      if (key == "where") {
        auto w = parseWhere(value);
        if (!w) fail("unknown position '" + std::string(value) + "' (allowed: " + kWhereNames + ")");
        defaults.where = *w;
        have_where = true;
      } else if (key == "type") {
        defaults.type = value;
      } else if (key == "weight") {
        defaults.weight = parseWeight(value);
      } else {
        fail("unknown directive '" + std::string(key) + "' (allowed: where, type, weight)");
      }
      continue;
    }
    if (l.front() == '#') continue;
    std::vector<std::string_view> cols;
    std::size_t start = 0;
    for (;;) {
      std::size_t p = l.find('\t', start);
      cols.push_back(trim(l.substr(start, p == std::string_view::npos ? p : p - start)));
      if (p == std::string_view::npos) break;
      start = p + 1;
    }
    Cue cue = defaults;
    if (cols.size() > 1 && !cols[1].empty()) {
      auto w = parseWhere(cols[1]);
      if (!w) fail("unknown position '" + std::string(cols[1]) + "' (allowed: " + kWhereNames + ")");
      cue.where = *w;
    } else if (!have_where) {
      fail("no position for '" + std::string(cols[0]) + "' (a second column or '#! where = ...')");
    }
    if (cols.size() > 2 && !cols[2].empty()) cue.type = cols[2];
    if (cols.size() > 3 && !cols[3].empty()) cue.weight = parseWeight(cols[3]);
    if (cols.size() > 4) fail("too many columns (word, where, type, weight)");
    bool typed = cue.where != CueWhere::Join && cue.where != CueWhere::NotName;
    if (typed && cue.type.empty()) fail("no type for '" + std::string(cols[0]) + "'");
    add(cols[0], std::move(cue));
  }
}

void NameGuesser::guess(std::string_view text, const std::vector<Token>& tokens,
                        const std::vector<std::uint8_t>& taken, GuessScratch& scratch,
                        std::vector<Mention>& out) const {
  // Document-level case evidence: a word seen in lower case is a common word; one capitalized
  // inside a sentence is a name, also where it opens a sentence.
  // Only the words that open a sentence or a line are asked about, so only their keys are kept:
  // a small table, and one probe per other word.
  FlatMap& openers = scratch.openers;  // opener key -> GuessScratch::kOpener | kSeenLower | kSeenName
  openers.clear();
  auto isOpener = [](const Token& t) {
    return t.has(kWord) && t.has(kCapitalized) && !t.has(kHeadline) &&
           (t.has(kSentenceStart) || t.has(kLineStart));
  };
  // A 4096-bit filter of the openers' keys (L1-resident) spares most words the table probe.
  std::uint64_t filter[64] = {};
  auto bit = [](std::uint64_t key) { return static_cast<unsigned>(key >> 52); };
  for (const Token& t : tokens)
    if (isOpener(t)) {
      openers.insert(t.key, GuessScratch::kOpener);
      filter[bit(t.key) >> 6] |= std::uint64_t{1} << (bit(t.key) & 63);
    }
  if (openers.size() != 0) {
    for (const Token& t : tokens) {
      if (!t.has(kWord) || t.has(kHeadline) || t.has(kDigit) || isOpener(t)) continue;
      if (!((filter[bit(t.key) >> 6] >> (bit(t.key) & 63)) & 1u)) continue;
      std::uint32_t* seen = openers.findValue(t.key);
      if (seen == nullptr) continue;
      if (!t.has(kCapitalized) && t.has(kHasLower)) *seen |= GuessScratch::kSeenLower;
      else if (t.has(kCapitalized)) *seen |= GuessScratch::kSeenName;
    }
  }
  auto n = static_cast<std::uint32_t>(tokens.size());
  auto nameish = [&](std::uint32_t i) {
    const Token& t = tokens[i];
    return t.has(kWord) && t.has(kCapitalized) && !t.has(kHeadline) && taken[i] != 2;
  };
  auto textOf = [&](std::uint32_t i) { return text.substr(tokens[i].begin, tokens[i].length()); };
  std::uint32_t i = 0;
  while (i < n) {
    if (!nameish(i)) {
      ++i;
      continue;
    }
    std::uint32_t last = i + 1;
    std::uint32_t j = i + 1;
    while (j < n && !tokens[j].has(kLineStart)) {
      if (nameish(j) && tokens[j].has(kSpaceBefore)) {
        last = ++j;
        continue;
      }
      std::string_view tj = textOf(j);
      bool glued = !tokens[j].has(kSpaceBefore);
      // "Nur-Sultan", "Procter & Gamble", initials ("George W. Bush")
      if (j + 1 < n && nameish(j + 1) && !tokens[j + 1].has(kLineStart)) {
        bool hyphen = tj == "-" && glued && !tokens[j + 1].has(kSpaceBefore);
        bool amp = tj == "&";
        bool initial = tj == "." && glued && tokens[j - 1].length() == 1 && tokens[j + 1].has(kSpaceBefore);
        bool join = tokens[j].has(kWord) && !tokens[j].has(kCapitalized) &&
                    cues_.has(tokens[j].key, CueWhere::Join);
        if (hyphen || amp || initial || join) {
          j += 2;
          last = j;
          continue;
        }
      }
      if (j + 2 < n && tokens[j].has(kWord) && !tokens[j].has(kCapitalized) &&
          cues_.has(tokens[j].key, CueWhere::Join) && textOf(j + 1) == "-" &&
          nameish(j + 2)) {
        j += 3;
        last = j;
        continue;
      }
      break;
    }
    classify(text, tokens, taken, {i, last}, openers, out);
    i = last;
  }
}

void NameGuesser::classify(std::string_view text, const std::vector<Token>& tokens,
                           const std::vector<std::uint8_t>& taken, Run run,
                           const FlatMap& openers,
                           std::vector<Mention>& out) const {
  auto isPlainWord = [&](std::uint32_t k) {
    return tokens[k].has(kWord) && tokens[k].has(kCapitalized);
  };
  // Trim openers: "The", "In", months, and a sentence's first word when the document also has it
  // in lower case.
  while (run.first < run.last) {
    const Token& t = tokens[run.first];
    if (!isPlainWord(run.first)) {
      ++run.first;
      continue;
    }
    if (taken[run.first] != 0) break;
    std::uint64_t f = t.key;
    bool opener = t.has(kSentenceStart) || t.has(kLineStart);
    if (cues_.has(f, CueWhere::NotName) ||
        (opener && seenAs(openers, f) == GuessScratch::kSeenLower)) {
      ++run.first;
      continue;
    }
    break;
  }
  while (run.last > run.first && (!isPlainWord(run.last - 1) ||
                                  cues_.has(tokens[run.last - 1].key, CueWhere::NotName)))
    --run.last;
  if (run.first >= run.last) return;

  // A title at the head of the run is context, not name: "President Nursultan Nazarbayev".
  std::uint32_t title_end = run.first;
  for (std::uint32_t k = run.first; k < std::min(run.last - 1, run.first + 3); ++k)
    if (taken[k] == 0 && cues_.has(tokens[k].key, CueWhere::Before) &&
        isPlainWord(k + 1) && tokens[k + 1].has(kSpaceBefore))
      title_end = k + 1;
  std::string title;
  if (title_end > run.first) {
    title = normalizeName(text.substr(tokens[run.first].begin,
                                      tokens[title_end - 1].end - tokens[run.first].begin));
    run.first = title_end;
  }

  // What is left is a role, not a name: "the General Prosecutor", "Deputy Minister".
  bool all_titles = true;
  for (std::uint32_t k = run.first; k < run.last && all_titles; ++k)
    if (isPlainWord(k) && !cues_.has(tokens[k].key, CueWhere::Before)) all_titles = false;
  if (all_titles) return;

  // The score of each type the cues argue for (a handful: a flat list, no allocation).
  constexpr std::size_t kMaxTypes = 16;
  std::pair<std::string_view, int> scores[kMaxTypes];
  std::size_t score_count = 0;
  std::map<std::string_view, int> more_scores;  // (only when a run has more types than that)
  bool cue_outside = false;
  auto addCues = [&](std::uint32_t k, CueWhere where) {
    if (const auto* list = cues_.find(tokens[k].key))
      for (const Cue& c : *list)
        if (c.where == where) {
          std::size_t s = 0;
          while (s < score_count && scores[s].first != c.type) ++s;
          if (s < score_count) scores[s].second += c.weight;
          else if (score_count < kMaxTypes) scores[score_count++] = {c.type, c.weight};
          else more_scores[c.type] += c.weight;
          if (k < run.first || k >= run.last || taken[k] == 0) cue_outside = true;
        }
  };
  if (run.first > 0 && !tokens[run.first].has(kLineStart)) {
    std::uint32_t p = run.first - 1;
    addCues(p, CueWhere::Before);
  }
  if (run.last < tokens.size() && !tokens[run.last].has(kLineStart))
    addCues(run.last, CueWhere::After);
  std::uint32_t words = 0;
  for (std::uint32_t k = run.first; k < run.last; ++k) words += isPlainWord(k) ? 1 : 0;
  // A cue word alone ("the Ministry", "Parliament") names nothing in particular.
  if (words >= 2) {
    addCues(run.first, CueWhere::First);
    addCues(run.last - 1, CueWhere::Last);
    for (std::uint32_t k = run.first; k < run.last; ++k) addCues(k, CueWhere::Any);
  }

  // The best score; of equal ones, the type first in alphabetical order.
  std::string_view best;
  int best_score = 0;
  if (more_scores.empty()) {
    for (std::size_t s = 0; s < score_count; ++s) {
      const auto& [type, score] = scores[s];
      if (score > best_score || (score == best_score && score > 0 && type < best)) {
        best = type;
        best_score = score;
      }
    }
  } else {
    for (std::size_t s = 0; s < score_count; ++s) more_scores[scores[s].first] += scores[s].second;
    for (const auto& [type, score] : more_scores)
      if (score > best_score) {
        best = type;
        best_score = score;
      }
  }

  bool has_taken = false, all_taken = true;
  for (std::uint32_t k = run.first; k < run.last; ++k) {
    if (taken[k] != 0) has_taken = true;
    else if (isPlainWord(k)) all_taken = false;
  }
  if (all_taken) return;
  if (has_taken && !(best_score >= options_.min_score && cue_outside)) {
    // Keep the gazetteer's names; guess the pieces between them.
    std::uint32_t k = run.first;
    while (k < run.last) {
      while (k < run.last && taken[k] != 0) ++k;
      std::uint32_t start = k;
      while (k < run.last && taken[k] == 0) ++k;
      if (k > start) classify(text, tokens, taken, {start, k}, openers, out);
    }
    return;
  }

  std::string type;
  if (best_score >= options_.min_score) {
    type = best;
  } else if (words >= 2) {
    type = options_.unknown_multi;
  } else {
    const Token& t = tokens[run.first];
    bool opener = t.has(kSentenceStart) || t.has(kLineStart);
    if (!opener || (seenAs(openers, t.key) & GuessScratch::kSeenName) != 0) type = options_.unknown_single;
    if (t.has(kAllCaps) && t.length() >= 2 && t.length() <= 6 && !t.has(kInitialism) &&
        !options_.unknown_acronym.empty())
      type = options_.unknown_acronym;
  }
  if (type.empty() || type == "-") return;

  Mention m;
  m.first = run.first;
  m.last = run.last;
  m.begin = tokens[run.first].begin;
  m.end = tokens[run.last - 1].end;
  m.type = type;
  m.canonical = normalizeName(text.substr(m.begin, m.end - m.begin));
  m.source = Source::Guess;
  if (!title.empty()) m.features.set("title", title);
  out.push_back(std::move(m));
}

}  // namespace glean_entities
