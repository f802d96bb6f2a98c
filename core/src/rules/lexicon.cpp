// glean/core/src/rules/lexicon.cpp - Lexicon: a word -> value table used in patterns and look-ups
// SPDX-License-Identifier: Apache-2.0
#include "rules/lexicon.hpp"

#include "rules/text_util.hpp"

#include <algorithm>
#include <fstream>
#include <numeric>
#include <sstream>

namespace glean::rules {

std::string Lexicon::keyOf(std::string_view key) const {
  return case_insensitive_ ? foldCase(key) : std::string(key);
}

bool Lexicon::add(std::string key, std::string value) {
  auto [it, inserted] = index_.emplace(keyOf(key), entries_.size());
  if (!inserted) return false;
  entries_.emplace_back(std::move(key), std::move(value));
  return true;
}

std::optional<std::size_t> Lexicon::indexOf(std::string_view key) const {
  auto it = index_.find(keyOf(key));
  if (it == index_.end()) return std::nullopt;
  return it->second;
}

std::optional<std::string> Lexicon::lookup(std::string_view key) const {
  auto i = indexOf(key);
  if (!i) return std::nullopt;
  return entries_[*i].second;
}

std::string Lexicon::alternation() const {
  std::vector<std::size_t> order(entries_.size());
  std::iota(order.begin(), order.end(), 0);
  // Longest first, so that a key that is a prefix of another never shadows it; ties keep file order.
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return entries_[a].first.size() > entries_[b].first.size();
  });
  std::string out = case_insensitive_ ? "(?i:" : "(?:";
  bool first = true;
  for (std::size_t i : order) {
    if (!first) out.push_back('|');
    first = false;
    out += escapeRegexLiteral(entries_[i].first);
  }
  // An empty lexicon must match nothing, not the empty string.
  if (entries_.empty()) out += "(?!)";
  out.push_back(')');
  return out;
}

void Lexicon::loadTsv(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw ConfigError({file.string()}, "cannot read lexicon file: no such file");
  std::ostringstream buf;
  buf << in.rdbuf();
  std::string bytes = buf.str();
  if (auto bad = firstInvalidUtf8(bytes)) {
    int line = 1 + static_cast<int>(std::count(bytes.begin(), bytes.begin() +
                                               static_cast<std::ptrdiff_t>(*bad), '\n'));
    throw ConfigError({file.string(), line}, "invalid UTF-8");
  }
  std::size_t pos = 0;
  int line_no = 0;
  std::unordered_map<std::string, int> first_line;
  while (pos < bytes.size()) {
    std::size_t nl = bytes.find('\n', pos);
    if (nl == std::string::npos) nl = bytes.size();
    std::string_view line(bytes.data() + pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    std::size_t tab = line.find('\t');
    std::string_view key = line.substr(0, tab);
    std::string_view value = tab == std::string_view::npos ? key : line.substr(tab + 1);
    SourceLocation where{file.string(), line_no};
    if (tab != std::string_view::npos && value.find('\t') != std::string_view::npos)
      throw ConfigError(where, "expected 'key<TAB>value', found " +
                                   std::to_string(1 + std::count(line.begin(), line.end(), '\t')) +
                                   " tab-separated fields");
    if (key.empty()) throw ConfigError(where, "empty key (a line must start with the key)");
    if (key.find_first_not_of(" ") == std::string_view::npos || key.front() == ' ' ||
        key.back() == ' ')
      throw ConfigError(where, "key '" + std::string(key) +
                                   "' has leading or trailing spaces (separate columns with a TAB)");
    std::string folded = keyOf(key);
    if (!add(std::string(key), std::string(value)))
      throw ConfigError(where, "duplicate key '" + std::string(key) + "' in lexicon '" + name_ +
                                   "' (first on line " + std::to_string(first_line[folded]) + ")");
    first_line.emplace(folded, line_no);
  }
}

}  // namespace glean::rules
