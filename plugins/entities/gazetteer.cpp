// glean/plugins/entities/gazetteer.cpp - Gazetteer: names matched in one pass over tokens (a trie)
// SPDX-License-Identifier: Apache-2.0
#include "gazetteer.hpp"

#include <glean/error.hpp>

#include <algorithm>
#include <fstream>

namespace glean_entities {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (;;) {
    std::size_t p = s.find(sep, start);
    out.push_back(s.substr(start, p == std::string_view::npos ? std::string_view::npos : p - start));
    if (p == std::string_view::npos) break;
    start = p + 1;
  }
  return out;
}

bool hasUpper(std::string_view s) {
  std::size_t pos = 0;
  while (pos < s.size())
    if (charInfo(decodeUtf8(s, pos)).upper) return true;
  return false;
}

bool hasLower(std::string_view s) {
  std::size_t pos = 0;
  while (pos < s.size())
    if (charInfo(decodeUtf8(s, pos)).lower) return true;
  return false;
}

}  // namespace

std::uint32_t Gazetteer::addEntry(GazetteerEntry entry) {
  entries_.push_back(std::move(entry));
  return static_cast<std::uint32_t>(entries_.size() - 1);
}

std::uint32_t Gazetteer::intern(const std::string& folded_word) {
  std::uint64_t key = textKey(folded_word);
  std::uint64_t slot = key >> (64 - kFilterBits);
  filter_[slot >> 6] |= std::uint64_t{1} << (slot & 63);
  return words_.insert(key, static_cast<std::uint32_t>(words_.size() + 1));
}

std::uint32_t Gazetteer::wordId(std::string_view folded_word) const {
  std::uint32_t id = words_.find(textKey(folded_word));
  return id == FlatMap::kMissing ? 0 : id;
}

void Gazetteer::addName(std::uint32_t entry, std::string_view name, CaseMode mode) {
  std::vector<Token> tokens;
  tokenizer_.tokenize(name, tokens);
  if (tokens.empty()) return;
  if (terminal_.empty()) terminal_.push_back(kNone);  // the root
  Variant v;
  v.entry = entry;
  v.mode = mode;
  std::uint32_t node = 0;
  std::string key;
  for (const Token& t : tokens) {
    std::string_view word = name.substr(t.begin, t.length());
    key.clear();
    foldInto(key, word, keyFold());
    std::uint32_t id = intern(key);
    auto next = static_cast<std::uint32_t>(terminal_.size());
    std::uint32_t child = edges_.insert((std::uint64_t{node} << 32) | id, next);
    if (child == next) terminal_.push_back(kNone);
    if (node == 0) {
      if (root_child_.size() <= id) root_child_.resize(id + 1, kNone);
      root_child_[id] = child;
    }
    node = child;
    v.shapes.push_back(folded(word, fold_diacritics_ ? Fold::Diacritics : Fold::None));
  }
  // Keep file order among the names ending at one node: the first one listed wins.
  auto index = static_cast<std::uint32_t>(variants_.size());
  if (terminal_[node] == kNone) {
    terminal_[node] = index;
  } else {
    std::uint32_t last = terminal_[node];
    while (variants_[last].next != kNone) last = variants_[last].next;
    variants_[last].next = index;
  }
  variants_.push_back(std::move(v));
}

void Gazetteer::loadTsv(const std::filesystem::path& file, CaseMode mode,
                        const std::vector<std::string>& types) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw glean::ConfigError({file.string()}, "cannot read gazetteer file");
  std::string line;
  int line_no = 0;
  auto fail = [&](const std::string& msg, int column = 0) {
    throw glean::ConfigError({file.string(), line_no, column}, msg);
  };
  while (std::getline(in, line)) {
    ++line_no;
    std::string_view l = line;
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    if (trim(l).empty()) continue;
    if (l.substr(0, 2) == "#!") {
      auto kv = split(l.substr(2), '=');
      if (kv.size() != 2 || trim(kv[0]) != "case")
        fail("unknown directive '" + std::string(l) + "' (allowed: '#! case = exact|smart|ignore')");
      std::string_view v = trim(kv[1]);
      if (v == "exact") mode = CaseMode::Exact;
      else if (v == "smart") mode = CaseMode::Smart;
      else if (v == "ignore") mode = CaseMode::Ignore;
      else fail("unknown case mode '" + std::string(v) + "' (allowed: exact, smart, ignore)");
      continue;
    }
    if (l.front() == '#') continue;
    auto cols = split(l, '\t');
    if (cols.size() < 2 || trim(cols[0]).empty() || trim(cols[1]).empty())
      fail("expected at least 'name<TAB>type' (columns: name, type, canonical, id, aliases, "
           "features)");
    if (cols.size() > 6) fail("too many columns (" + std::to_string(cols.size()) + "; at most 6)");
    GazetteerEntry e;
    std::string_view name = trim(cols[0]);
    e.type = trim(cols[1]);
    if (!types.empty() && std::find(types.begin(), types.end(), e.type) == types.end()) {
      std::string allowed;
      for (const std::string& t : types) allowed += (allowed.empty() ? "" : ", ") + t;
      // The column of the type as written (after its leading spaces), 1-based in bytes.
      fail("unknown type '" + e.type + "' (allowed: " + allowed + ")",
           static_cast<int>(trim(cols[1]).data() - l.data()) + 1);
    }
    e.canonical = cols.size() > 2 && !trim(cols[2]).empty() ? trim(cols[2]) : name;
    if (cols.size() > 3) e.id = trim(cols[3]);
    if (cols.size() > 5 && !trim(cols[5]).empty()) {
      for (std::string_view kv : split(trim(cols[5]), ';')) {
        if (trim(kv).empty()) continue;
        std::size_t eq = kv.find('=');
        if (eq == std::string_view::npos || trim(kv.substr(0, eq)).empty())
          fail("feature '" + std::string(kv) + "' is not key=value");
        e.features.emplace_back(trim(kv.substr(0, eq)), trim(kv.substr(eq + 1)));
      }
    }
    e.origin = file.filename().string() + ":" + std::to_string(line_no);
    std::uint32_t index = addEntry(std::move(e));
    addName(index, name, mode);
    if (cols.size() > 4)
      for (std::string_view alias : split(cols[4], '|'))
        if (!trim(alias).empty()) addName(index, trim(alias), mode);
  }
}

void Gazetteer::assignWords(std::string_view text, std::vector<Token>& tokens) const {
  std::string scratch;
  bool token_keys = keyFold() == Fold::Both;  // Token::key is folded the same way
  for (Token& t : tokens) {
    std::uint64_t key = token_keys && t.key != 0
                            ? t.key
                            : foldedKey(text.substr(t.begin, t.length()), keyFold(), scratch);
    std::uint32_t id = mayHave(key) ? words_.find(key) : FlatMap::kMissing;
    t.word = id == FlatMap::kMissing ? 0 : id;
  }
}

bool Gazetteer::caseAgrees(std::string_view text, const std::vector<Token>& tokens,
                           std::uint32_t first, const Variant& v) const {
  if (v.mode == CaseMode::Ignore) return true;
  std::string shape;
  for (std::size_t k = 0; k < v.shapes.size(); ++k) {
    const Token& t = tokens[first + k];
    // The common case: the text is written exactly as the name (no folding, no allocation).
    if (text.substr(t.begin, t.length()) == v.shapes[k]) continue;
    shape.clear();
    foldInto(shape, text.substr(t.begin, t.length()), fold_diacritics_ ? Fold::Diacritics : Fold::None);
    const std::string& want = v.shapes[k];
    if (shape == want) continue;
    if (v.mode == CaseMode::Exact) return false;
    // Smart: the trie already matched the folded forms, so only case differs here.
    if (!hasUpper(want)) continue;                               // "of", "the", "al"
    // A name in capitals ("KAZAKHSTAN" in a headline); an acronym ("US") only as written.
    if (t.has(kAllCaps) && hasLower(want)) continue;
    return false;
  }
  return true;
}

void Gazetteer::match(std::string_view text, const std::vector<Token>& tokens,
                      std::vector<GazetteerMatch>& out) const {
  if (terminal_.empty()) return;
  auto n = static_cast<std::uint32_t>(tokens.size());
  for (std::uint32_t i = 0; i < n; ++i) {
    std::uint32_t w = tokens[i].word;
    if (w == 0 || w >= root_child_.size() || root_child_[w] == kNone || !tokens[i].has(kWord))
      continue;
    std::uint32_t node = 0;
    GazetteerMatch best;
    bool found = false;
    for (std::uint32_t j = i; j < n && tokens[j].word != 0; ++j) {
      std::uint32_t child = j == i ? root_child_[w]
                                   : edges_.find((std::uint64_t{node} << 32) | tokens[j].word);
      if (child == FlatMap::kMissing) break;
      node = child;
      for (std::uint32_t v = terminal_[node]; v != kNone; v = variants_[v].next) {
        if (caseAgrees(text, tokens, i, variants_[v])) {
          best = {i, j + 1, variants_[v].entry};
          found = true;
          break;
        }
      }
    }
    if (found) out.push_back(best);
  }
}

std::size_t Gazetteer::bytes() const {
  std::size_t b = edges_.bytes() + (terminal_.size() + root_child_.size()) * sizeof(std::uint32_t);
  b += words_.bytes() + filter_.size() * sizeof(std::uint64_t);
  for (const Variant& v : variants_) {
    b += sizeof(Variant);
    for (const auto& s : v.shapes) b += s.size() + sizeof(std::string);
  }
  for (const GazetteerEntry& e : entries_)
    b += sizeof(GazetteerEntry) + e.type.size() + e.canonical.size() + e.id.size() + e.origin.size();
  return b;
}

}  // namespace glean_entities
