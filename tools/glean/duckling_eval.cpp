// glean/tools/glean/duckling_eval.cpp - DucklingEval: Duckling's expected times as TIMEX3 values
// SPDX-License-Identifier: Apache-2.0
#include "duckling_eval.hpp"

#include <chrono>
#include <cstdio>

namespace glean::cli {
namespace {

namespace chr = std::chrono;

struct Instant {
  chr::sys_days day;
  int hour = 0, minute = 0, second = 0;
};

std::optional<Instant> parseInstant(const std::string& s) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, se = 0;
  if (std::sscanf(s.c_str(), "%d-%d-%dT%d:%d:%d", &y, &mo, &d, &h, &mi, &se) != 6)
    return std::nullopt;
  chr::year_month_day ymd{chr::year{y}, chr::month{static_cast<unsigned>(mo)},
                          chr::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  return Instant{chr::sys_days{ymd}, h, mi, se};
}

std::string two(int v) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d", v);
  return buf;
}

std::string dateOf(chr::sys_days day) {
  chr::year_month_day ymd{day};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

std::string isoWeek(chr::sys_days day) {
  chr::weekday wd{day};
  unsigned iso = wd.iso_encoding();  // Monday 1 .. Sunday 7
  chr::sys_days thursday = day - chr::days{iso - 1} + chr::days{3};
  chr::year_month_day t{thursday};
  chr::sys_days jan1{t.year() / chr::January / 1};
  auto week = (thursday - jan1).count() / 7 + 1;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-W%02d", static_cast<int>(t.year()), static_cast<int>(week));
  return buf;
}

// The instant written at a grain, TIMEX3 style.
std::string atGrain(const Instant& t, const std::string& grain) {
  chr::year_month_day ymd{t.day};
  std::string date = dateOf(t.day);
  if (grain == "year") return date.substr(0, 4);
  if (grain == "quarter")
    return date.substr(0, 4) + "-Q" + std::to_string((static_cast<unsigned>(ymd.month()) - 1) / 3 + 1);
  if (grain == "month") return date.substr(0, 7);
  if (grain == "week") return isoWeek(t.day);
  if (grain == "day") return date;
  if (grain == "hour") return date + "T" + two(t.hour) + ":00";
  if (grain == "minute") return date + "T" + two(t.hour) + ":" + two(t.minute);
  return date + "T" + two(t.hour) + ":" + two(t.minute) + ":" + two(t.second);
}

// One grain earlier: the inclusive end of an exclusive interval.
Instant minusOne(const Instant& t, const std::string& grain) {
  Instant out = t;
  if (grain == "year" || grain == "quarter" || grain == "month") {
    chr::year_month_day ymd{t.day};
    int months = grain == "year" ? 12 : grain == "quarter" ? 3 : 1;
    chr::year_month_day back = ymd - chr::months{months};
    out.day = chr::sys_days{back};
    return out;
  }
  if (grain == "week") {
    out.day = t.day - chr::days{7};
    return out;
  }
  if (grain == "day") {
    out.day = t.day - chr::days{1};
    return out;
  }
  long seconds = t.hour * 3600L + t.minute * 60L + t.second;
  seconds -= grain == "hour" ? 3600 : grain == "minute" ? 60 : 1;
  if (seconds < 0) {
    seconds += 86400;
    out.day = t.day - chr::days{1};
  }
  out.hour = static_cast<int>(seconds / 3600);
  out.minute = static_cast<int>(seconds / 60 % 60);
  out.second = static_cast<int>(seconds % 60);
  return out;
}

// Our values may carry a zone ("T15:00-02:00"); Duckling's are local times.
std::string withoutZone(const std::string& v) {
  auto t = v.find('T');
  if (t == std::string::npos) return v;
  for (std::size_t i = t + 1; i < v.size(); ++i)
    if (v[i] == 'Z' || v[i] == '+' || v[i] == '-') return v.substr(0, i);
  return v;
}

}  // namespace

std::optional<ExpectedTimex> expectedTimex(const nlohmann::json& x, const std::string& ref) {
  ExpectedTimex e;
  if (x.is_null()) {
    e.kind = "null";
    return e;
  }
  if (!x.is_object()) return std::nullopt;
  e.kind = x.value("kind", "");
  e.grain = x.value("grain", "");
  if (e.kind == "datetime") {
    auto start = parseInstant(x.value("start", ""));
    if (!start) return std::nullopt;
    e.values.push_back(atGrain(*start, e.grain));
    auto now = parseInstant(ref);
    if (now && e.grain == "second" && atGrain(*now, "second") == e.values.front())
      e.values.push_back("PRESENT_REF");
    return e;
  }
  if (e.kind == "open_interval") {
    std::string bound = x.value("direction", "") == "before" ? x.value("end", "") : x.value("start", "");
    auto t = parseInstant(bound);
    if (!t) return std::nullopt;
    e.values.push_back(atGrain(*t, e.grain));
    return e;
  }
  if (e.kind != "interval") return std::nullopt;
  auto start = parseInstant(x.value("start", ""));
  auto end = parseInstant(x.value("end", ""));
  if (!start || !end) return std::nullopt;
  // A part of a day.
  bool same_day = end->day == start->day || (end->day == start->day + chr::days{1} && end->hour == 0 &&
                                             end->minute == 0);
  int end_hour = end->day == start->day ? end->hour : 24;
  if (e.grain == "hour" && same_day && start->minute == 0 && end->minute == 0) {
    std::string date = dateOf(start->day);
    if ((start->hour == 0 || start->hour == 4) && end_hour == 12) e.values.push_back(date + "TMO");
    if (start->hour == 12 && (end_hour == 19 || end_hour == 20)) e.values.push_back(date + "TAF");
    if (start->hour == 18 && end_hour == 24) {
      e.values.push_back(date + "TEV");
      e.values.push_back(date + "TNI");
    }
    if (!e.values.empty()) return e;
  }
  // A weekend: Friday evening to Monday.
  if (chr::weekday{start->day} == chr::Friday && end->day == start->day + chr::days{3} &&
      end->hour == 0) {
    e.values.push_back(isoWeek(start->day + chr::days{1}) + "-WE");
    return e;
  }
  e.begin = atGrain(*start, e.grain);
  e.end = atGrain(minusOne(*end, e.grain), e.grain);
  e.values.push_back(e.begin + "/" + e.end);
  return e;
}

bool reproduces(const ExpectedTimex& e, const std::string& value, const std::string& begin,
                const std::string& end) {
  std::string v = withoutZone(value);
  for (const auto& want : e.values)
    if (v == want) return true;
  if (!e.begin.empty() && withoutZone(begin) == e.begin && withoutZone(end) == e.end) return true;
  return false;
}

}  // namespace glean::cli
