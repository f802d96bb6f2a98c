// glean/plugins/dates/date_spec.cpp - DateSpec: what a date rule's features ask the stage to compute
// SPDX-License-Identifier: Apache-2.0
#include "date_spec.hpp"

#include <cmath>
#include <cstdlib>
#include <variant>
#include <vector>

namespace glean_dates {
namespace {

using glean::FeatureValue;

std::string describe(const FeatureValue& v) {
  // Appended piece by piece: g++ 12 warns falsely (-Wrestrict, GCC bug 105329) on "'" + string.
  std::string out(1, '\'');
  out += glean::toString(v);
  out.push_back('\'');
  return out;
}

// An integer written as digits with an optional sign ("+2", "-1", "01"), or an integer feature.
// "X" (any case) gives kUnknown when `allow_unknown`.
bool toInt(const FeatureValue& v, int& out, bool allow_unknown = false, int* digit_count = nullptr) {
  if (const auto* i = std::get_if<std::int64_t>(&v)) {
    if (*i < -1000000 || *i > 1000000) return false;
    out = static_cast<int>(*i);
    if (digit_count != nullptr) *digit_count = static_cast<int>(std::to_string(std::llabs(*i)).size());
    return true;
  }
  const auto* s = std::get_if<std::string>(&v);
  if (s == nullptr) return false;
  std::string_view t = *s;
  if (allow_unknown && (t == "X" || t == "x")) {
    out = kUnknown;
    return true;
  }
  // A leading apostrophe ("'98") is how two-digit years are often written.
  if (!t.empty() && t.front() == '\'') t.remove_prefix(1);
  if (t.size() >= 3 && t.compare(0, 3, "\xE2\x80\x99") == 0) t.remove_prefix(3);
  bool negative = false;
  if (!t.empty() && (t.front() == '+' || t.front() == '-')) {
    negative = t.front() == '-';
    t.remove_prefix(1);
  }
  if (t.empty() || t.size() > 7) return false;
  int value = 0;
  for (char c : t) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  out = negative ? -value : value;
  if (digit_count != nullptr) *digit_count = static_cast<int>(t.size());
  return true;
}

// An amount: digits with optional thousands commas and a decimal part ("1,000", "1.5"), an integer
// or float feature, or "X".
bool toAmount(const FeatureValue& v, double& out, bool& known) {
  known = true;
  if (const auto* i = std::get_if<std::int64_t>(&v)) {
    out = static_cast<double>(*i);
    return true;
  }
  if (const auto* d = std::get_if<double>(&v)) {
    out = *d;
    return std::isfinite(out);
  }
  const auto* s = std::get_if<std::string>(&v);
  if (s == nullptr) return false;
  if (*s == "X" || *s == "x") {
    known = false;
    out = 0;
    return true;
  }
  std::string clean;
  for (char c : *s)
    if (c != ',') clean.push_back(c);
  if (clean.empty()) return false;
  char* end = nullptr;
  out = std::strtod(clean.c_str(), &end);
  return end != nullptr && *end == '\0' && std::isfinite(out) && out >= 0;
}

bool toBool(const FeatureValue& v) {
  if (const auto* b = std::get_if<bool>(&v)) return *b;
  if (const auto* s = std::get_if<std::string>(&v)) return *s == "true" || *s == "1" || *s == "yes";
  if (const auto* i = std::get_if<std::int64_t>(&v)) return *i != 0;
  return false;
}

// "+05:30", "-0500", "+05" -> "+05:30" / "-05:00" / "+05:00"; "Z" stays.
bool normalizeZone(std::string_view z, std::string& out) {
  if (z == "Z" || z == "z") {
    out.assign(1, 'Z');
    return true;
  }
  if (z.size() < 3 || (z[0] != '+' && z[0] != '-')) return false;
  std::string digits;
  for (char c : z.substr(1)) {
    if (c == ':') continue;
    if (c < '0' || c > '9') return false;
    digits.push_back(c);
  }
  if (digits.size() == 2) digits += "00";
  if (digits.size() != 4) return false;
  out = std::string(1, z[0]) + digits.substr(0, 2) + ":" + digits.substr(2);
  return true;
}

class SpecReader {
 public:
  SpecReader(DateSpec& spec, std::string& error) : spec_(spec), error_(error) {}

  bool read(std::string_view key, const FeatureValue& v) {
    if (const auto* s = std::get_if<std::string>(&v); s != nullptr && s->empty()) return true;
    // "amount|word": an alternative source of the same feature (a rule whose number is written
    // either in digits or in words gives both; only the one whose capture matched is present).
    // The first source given wins: "year" before "year|2".
    bool alternative = key.find('|') != std::string_view::npos;
    key = key.substr(0, key.find('|'));
    for (std::string_view seen : seen_)
      if (seen == key) {
        if (alternative) return true;
        break;
      }
    seen_.push_back(key);
    if (key.size() > 4 && key.substr(0, 4) == "end_") {
      std::string_view field = key.substr(4);
      if (field == "amount") {
        spec_.end_amount_given = true;
        return toAmount(v, spec_.end_amount, spec_.end_amount_known) || fail(key, v);
      }
      bool known = true;
      if (!readField(field, v, spec_.end, known)) return known ? true : fail(key, v);
      spec_.range = true;
      return true;
    }
    bool known = true;
    if (readField(key, v, spec_.fields, known)) return true;
    if (!known) return fail(key, v);
    return readOther(key, v);
  }

 private:
  bool fail(std::string_view key, const FeatureValue& v) {
    error_ = "feature '" + std::string(key) + "' has a value the date stage cannot use: " + describe(v);
    return false;
  }

  // Returns true when `key` is a calendar field it read; sets `known` false when it is a field
  // whose value is malformed.
  static bool readField(std::string_view key, const FeatureValue& v, Fields& f, bool& known) {
    auto integer = [&](int& slot, int lo, int hi) {
      int x = 0;
      if (!toInt(v, x) || x < lo || x > hi) {
        known = false;
        return false;
      }
      slot = x;
      return true;
    };
    if (key == "year") {
      int x = 0, digits = 0;
      if (!toInt(v, x, false, &digits) || x < 0 || x > 9999) {
        known = false;
        return false;
      }
      f.year = x;
      f.year_digits = digits;
      return true;
    }
    if (key == "month") return integer(f.month, 1, 12);
    if (key == "day") return integer(f.day, 1, 99);  // validity is checked against the month
    if (key == "week") return integer(f.week, 1, 53);
    if (key == "weekday") return integer(f.weekday, 1, 7);
    if (key == "quarter") return integer(f.quarter, 1, 4);
    if (key == "half") return integer(f.half, 1, 2);
    if (key == "decade") return integer(f.decade, 0, 9990);
    if (key == "century") return integer(f.century, 1, 99);
    if (key == "hour") return integer(f.hour, 0, 24);
    if (key == "minute") return integer(f.minute, 0, 59);
    if (key == "second") return integer(f.second, 0, 60);
    if (key == "num1") return integer(f.num1, 0, 99);
    if (key == "num2") return integer(f.num2, 0, 99);
    if (key == "nth") return integer(f.nth, -5, 5);
    if (key == "day_first") {
      f.day_first = toBool(v) ? 1 : 0;
      return true;
    }
    if (key == "season") {
      const auto* s = std::get_if<std::string>(&v);
      auto season = s ? parseSeason(*s) : std::nullopt;
      if (!season) {
        known = false;
        return false;
      }
      f.season = season;
      return true;
    }
    if (key == "weekend") {
      f.weekend = toBool(v);
      return true;
    }
    if (key == "part_of_day") {
      const auto* s = std::get_if<std::string>(&v);
      if (s == nullptr || !(*s == "MO" || *s == "AF" || *s == "EV" || *s == "NI" || *s == "DT" ||
                            *s == "MI")) {
        known = false;
        return false;
      }
      f.part_of_day = *s;
      return true;
    }
    if (key == "ampm") {
      const auto* s = std::get_if<std::string>(&v);
      if (s == nullptr || s->empty() || (((*s)[0] | 0x20) != 'a' && ((*s)[0] | 0x20) != 'p')) {
        known = false;
        return false;
      }
      f.ampm = ((*s)[0] | 0x20) == 'p' ? 1 : 0;
      return true;
    }
    if (key == "zone") {
      const auto* s = std::get_if<std::string>(&v);
      if (s == nullptr || !normalizeZone(*s, f.zone)) {
        known = false;
        return false;
      }
      return true;
    }
    return false;
  }

  bool readOther(std::string_view key, const FeatureValue& v) {
    const auto* s = std::get_if<std::string>(&v);
    if (key == "type") {
      if (s == nullptr) return fail(key, v);
      if (*s == "DATE") spec_.type = TimexType::Date;
      else if (*s == "TIME") spec_.type = TimexType::Time;
      else if (*s == "DURATION") spec_.type = TimexType::Duration;
      else if (*s == "SET") spec_.type = TimexType::Set;
      else return fail(key, v);
      spec_.type_given = true;
      return true;
    }
    if (key == "value") {
      spec_.literal = s ? *s : glean::toString(v);
      return true;
    }
    if (key == "offset") {
      // "-X" / "+X": a step the text does not count ("years ago"); a fraction is not a step either.
      if (s != nullptr && !s->empty() && (s->back() == 'X' || s->back() == 'x' ||
                                          s->find('.') != std::string::npos)) {
        spec_.offset = kUnknown;
        spec_.offset_sign = s->front() == '-' ? -1 : s->front() == '+' ? 1 : 0;
        return true;
      }
      int x = 0;
      if (!toInt(v, x, true)) return fail(key, v);
      spec_.offset = x;
      return true;
    }
    if (key == "unit" || key == "granularity") {
      auto g = s ? parseGrain(*s) : std::nullopt;
      if (!g) return fail(key, v);
      (key == "unit" ? spec_.unit : spec_.granularity) = g;
      return true;
    }
    if (key == "direction") {
      auto d = s ? parseDirection(*s) : std::nullopt;
      if (!d) return fail(key, v);
      spec_.direction = *d;
      return true;
    }
    if (key == "relative_to") {
      if (s != nullptr && *s == "anchor") spec_.relative_to = RelativeTo::Anchor;
      else if (s != nullptr && *s == "previous") spec_.relative_to = RelativeTo::Previous;
      else if (s != nullptr && *s == "period") spec_.relative_to = RelativeTo::Period;
      else return fail(key, v);
      return true;
    }
    if (key == "amount") {
      spec_.amount_given = true;
      return toAmount(v, spec_.amount, spec_.amount_known) || fail(key, v);
    }
    if (key == "mod") {
      spec_.mod = glean::toString(v);
      return true;
    }
    if (key == "quant") {
      spec_.quant = glean::toString(v);
      return true;
    }
    if (key == "freq") {
      spec_.freq = glean::toString(v);
      return true;
    }
    if (key == "cues") {
      spec_.cues = toBool(v);
      return true;
    }
    if (key == "age") {
      spec_.age = toBool(v);
      return true;
    }
    return true;  // a feature of the rule's own; not ours
  }

  DateSpec& spec_;
  std::string& error_;
  std::vector<std::string_view> seen_;  // feature names set so far (keys outlive the reader)
};

}  // namespace

const char* timexTypeName(TimexType type) {
  switch (type) {
    case TimexType::Date: return "DATE";
    case TimexType::Time: return "TIME";
    case TimexType::Duration: return "DURATION";
    case TimexType::Set: return "SET";
  }
  return "DATE";
}

std::optional<Direction> parseDirection(std::string_view name) {
  if (name == "auto") return Direction::Auto;
  if (name == "same") return Direction::Same;
  if (name == "past") return Direction::Past;
  if (name == "future") return Direction::Future;
  if (name == "nearest") return Direction::Nearest;
  if (name == "past-or-same") return Direction::PastOrSame;
  if (name == "future-or-same") return Direction::FutureOrSame;
  return std::nullopt;
}

bool Fields::any() const {
  return year != kUnset || month != kUnset || day != kUnset || week != kUnset ||
         weekday != kUnset || quarter != kUnset || half != kUnset || season.has_value() ||
         decade != kUnset || century != kUnset || weekend || !part_of_day.empty() ||
         hour != kUnset || minute != kUnset || second != kUnset || num1 != kUnset || nth != kUnset;
}

bool parseDateSpec(const glean::Features& features, DateSpec& spec, std::string& error) {
  SpecReader reader(spec, error);
  for (const auto& [key, value] : features)
    if (!reader.read(key, value)) return false;
  return true;
}

}  // namespace glean_dates
