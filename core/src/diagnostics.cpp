// glean/core/src/diagnostics.cpp - helpers for error messages: suggestions and lists
// SPDX-License-Identifier: Apache-2.0
#include "diagnostics.hpp"

#include <algorithm>
#include <cctype>

namespace glean::detail {
namespace {

/// Optimal string alignment distance (Levenshtein plus adjacent transpositions), ignoring case:
/// "fiel" is one edit from "file".
std::size_t editDistance(std::string_view a, std::string_view b) {
  auto lower = [](char c) { return std::tolower(static_cast<unsigned char>(c)); };
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) && lower(a[i - 2]) == lower(b[j - 1]))
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

std::string joinErrors(const std::vector<ConfigError>& errors) {
  std::string out;
  for (const auto& e : errors) {
    if (!out.empty()) out += '\n';
    out += e.what();
  }
  return out;
}

}  // namespace

std::string closestMatch(std::string_view word, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_distance = 0;
  for (const auto& c : candidates) {
    std::size_t d = editDistance(word, c);
    if (best.empty() || d < best_distance) {
      best = c;
      best_distance = d;
    }
  }
  // Plausible misspelling: at most a third of the word's letters wrong (and at least one allowed).
  std::size_t limit = std::max<std::size_t>(1, std::max(word.size(), best.size()) / 3);
  return (!best.empty() && best_distance <= limit) ? best : std::string();
}

std::string didYouMean(std::string_view word, const std::vector<std::string>& candidates) {
  std::string best = closestMatch(word, candidates);
  return best.empty() ? std::string() : "; did you mean '" + best + "'?";
}

std::string joinList(const std::vector<std::string>& items, bool quote) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += ", ";
    out += quote ? "'" + item + "'" : item;
  }
  return out;
}

ConfigErrors::ConfigErrors(std::vector<ConfigError> errors)
    : std::runtime_error(joinErrors(errors)), errors_(std::move(errors)) {}

}  // namespace glean::detail
