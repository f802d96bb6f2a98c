// glean/plugins/segmenter/meta_schema.cpp - MetaSchema: the document metadata keys and their types
// SPDX-License-Identifier: Apache-2.0
#include "meta_schema.hpp"

#include "text_scan.hpp"

#include <stdexcept>

namespace glean_segmenter {
namespace {

bool allDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

int toInt(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

bool leapYear(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int daysInMonth(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leapYear(y) ? 29 : kDays[m - 1];
}

// "YYYY", "YYYY-MM" or "YYYY-MM-DD", a real calendar date.
bool validDate(std::string_view s, std::string& problem) {
  if (s.size() != 4 && s.size() != 7 && s.size() != 10) {
    problem = "not an ISO date (YYYY-MM-DD)";
    return false;
  }
  if (!allDigits(s.substr(0, 4))) {
    problem = "not an ISO date (YYYY-MM-DD)";
    return false;
  }
  if (s.size() == 4) return true;
  if (s[4] != '-' || !allDigits(s.substr(5, 2))) {
    problem = "not an ISO date (YYYY-MM-DD)";
    return false;
  }
  int month = toInt(s.substr(5, 2));
  if (month < 1 || month > 12) {
    problem = "month " + std::to_string(month) + " does not exist";
    return false;
  }
  if (s.size() == 7) return true;
  if (s[7] != '-' || !allDigits(s.substr(8, 2))) {
    problem = "not an ISO date (YYYY-MM-DD)";
    return false;
  }
  int day = toInt(s.substr(8, 2));
  if (day < 1 || day > daysInMonth(toInt(s.substr(0, 4)), month)) {
    problem = "day " + std::to_string(day) + " does not exist in that month";
    return false;
  }
  return true;
}

// "YYYY-MM-DDThh:mm", optionally ":ss" and a trailing "Z".
bool validDateTime(std::string_view s, std::string& problem) {
  std::size_t t = s.find('T');
  if (t != 10 || !validDate(s.substr(0, 10), problem)) {
    if (problem.empty()) problem = "not an ISO date and time (YYYY-MM-DDThh:mm)";
    return false;
  }
  std::string_view time = s.substr(11);
  if (!time.empty() && time.back() == 'Z') time.remove_suffix(1);
  bool shape = (time.size() == 5 || time.size() == 8) && allDigits(time.substr(0, 2)) &&
               time[2] == ':' && allDigits(time.substr(3, 2)) &&
               (time.size() == 5 || (time[5] == ':' && allDigits(time.substr(6, 2))));
  if (!shape || toInt(time.substr(0, 2)) > 23 || toInt(time.substr(3, 2)) > 59 ||
      (time.size() == 8 && toInt(time.substr(6, 2)) > 60)) {
    problem = "not an ISO time (hh:mm)";
    return false;
  }
  return true;
}

}  // namespace

MetaSchema::MetaSchema(const glean::RuleSet& rules) {
  for (const auto& [key, kind] : rules.lexicon("meta_keys")) {
    MetaKind k;
    if (kind == "text") k = MetaKind::Text;
    else if (kind == "integer") k = MetaKind::Integer;
    else if (kind == "date") k = MetaKind::Date;
    else if (kind == "datetime") k = MetaKind::DateTime;
    else
      throw std::invalid_argument("lexicon 'meta_keys': key '" + key + "' has kind '" + kind +
                                  "' (allowed: text, integer, date, datetime)");
    keys_.emplace_back(key, k);
  }
}

std::optional<MetaKind> MetaSchema::kindOf(std::string_view key) const {
  for (const auto& [k, kind] : keys_)
    if (k == key) return kind;
  return std::nullopt;
}

std::optional<glean::FeatureValue> MetaSchema::normalize(MetaKind kind, std::string_view value,
                                                         std::string& problem) {
  std::string text = collapseSpaces(value);
  switch (kind) {
    case MetaKind::Text:
      if (text.empty()) {
        problem = "empty value";
        return std::nullopt;
      }
      return glean::FeatureValue(std::move(text));
    case MetaKind::Integer: {
      // PDF text splits tokens ("202 3"): spaces between digits do not count.
      std::string digits;
      for (char c : text)
        if (c != ' ') digits.push_back(c);
      if (!allDigits(digits) || digits.size() > 18) {
        problem = "not an integer";
        return std::nullopt;
      }
      return glean::FeatureValue(static_cast<std::int64_t>(std::stoll(digits)));
    }
    case MetaKind::Date:
      if (!validDate(text, problem)) return std::nullopt;
      return glean::FeatureValue(std::move(text));
    case MetaKind::DateTime:
      if (!validDateTime(text, problem)) return std::nullopt;
      return glean::FeatureValue(std::move(text));
  }
  return std::nullopt;
}

}  // namespace glean_segmenter
