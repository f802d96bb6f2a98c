// glean/plugins/dates/time_point.cpp - TimePoint: a DATE/TIME value at a grain, and its TIMEX3 form
// SPDX-License-Identifier: Apache-2.0
#include "time_point.hpp"

#include <array>
#include <cstdio>
#include <utility>

namespace glean_dates {
namespace {

struct GrainName {
  std::string_view name;
  Grain grain;
};
constexpr std::array<GrainName, 15> kGrainNames{{
    {"millennium", Grain::Millennium},
    {"century", Grain::Century},
    {"decade", Grain::Decade},
    {"year", Grain::Year},
    {"half", Grain::Half},
    {"quarter", Grain::Quarter},
    {"season", Grain::Season},
    {"month", Grain::Month},
    {"week", Grain::Week},
    {"weekend", Grain::Weekend},
    {"day", Grain::Day},
    {"part-of-day", Grain::PartOfDay},
    {"hour", Grain::Hour},
    {"minute", Grain::Minute},
    {"second", Grain::Second},
}};

// Months a coarse grain spans; 0 for grains that are not whole months.
int monthsOf(Grain g) {
  switch (g) {
    case Grain::Millennium: return 12000;
    case Grain::Century: return 1200;
    case Grain::Decade: return 120;
    case Grain::Year: return 12;
    case Grain::Half: return 6;
    case Grain::Quarter:
    case Grain::Season: return 3;
    case Grain::Month: return 1;
    default: return 0;
  }
}

void appendInt(std::string& out, int value, int width) {
  char buf[16];
  if (value < 0) {
    out.push_back('-');
    value = -value;
  }
  std::snprintf(buf, sizeof buf, "%0*d", width, value);
  out += buf;
}

bool digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    char c = s[i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  out = v;
  return true;
}

}  // namespace

const char* grainName(Grain grain) {
  for (const auto& g : kGrainNames)
    if (g.grain == grain) return g.name.data();
  return "?";
}

std::optional<Grain> parseGrain(std::string_view name) {
  for (const auto& g : kGrainNames)
    if (g.name == name) return g.grain;
  return std::nullopt;
}

const char* seasonCode(Season season) {
  switch (season) {
    case Season::Spring: return "SP";
    case Season::Summer: return "SU";
    case Season::Fall: return "FA";
    case Season::Winter: return "WI";
  }
  return "?";
}

std::optional<Season> parseSeason(std::string_view code) {
  if (code == "SP") return Season::Spring;
  if (code == "SU") return Season::Summer;
  if (code == "FA") return Season::Fall;
  if (code == "WI") return Season::Winter;
  return std::nullopt;
}

CivilDate truncate(const CivilDate& date, Grain grain) {
  switch (grain) {
    case Grain::Millennium: return {date.year - floorMod(date.year, 1000), 1, 1};
    case Grain::Century: return {date.year - floorMod(date.year, 100), 1, 1};
    case Grain::Decade: return {date.year - floorMod(date.year, 10), 1, 1};
    case Grain::Year: return {date.year, 1, 1};
    case Grain::Half: return {date.year, date.month <= 6 ? 1 : 7, 1};
    case Grain::Quarter: return {date.year, (date.month - 1) / 3 * 3 + 1, 1};
    case Grain::Season:
      // Spring Mar-May, summer Jun-Aug, fall Sep-Nov, winter Dec-Feb (the December's year).
      if (date.month <= 2) return {date.year - 1, 12, 1};
      return {date.year, date.month / 3 * 3, 1};
    case Grain::Month: return {date.year, date.month, 1};
    case Grain::Week: return addDays(date, -(isoWeekday(date) - 1));
    case Grain::Weekend: return addDays(date, 6 - isoWeekday(date));  // that week's Saturday
    default: return date;
  }
}

std::int64_t TimePoint::firstDay() const { return daysFromCivil(date); }

std::int64_t TimePoint::endDay() const {
  if (int m = monthsOf(grain); m > 0) return daysFromCivil(addMonths(date, m));
  if (grain == Grain::Week) return daysFromCivil(date) + 7;
  if (grain == Grain::Weekend) return daysFromCivil(date) + 2;
  return daysFromCivil(date) + 1;
}

TimePoint shift(const TimePoint& point, Grain unit, int count) {
  TimePoint out = point;
  if (unit >= Grain::Hour) {
    std::int64_t seconds = static_cast<std::int64_t>(point.hour) * 3600 + point.minute * 60 +
                           point.second;
    std::int64_t step = unit == Grain::Hour ? 3600 : unit == Grain::Minute ? 60 : 1;
    seconds += step * count;
    std::int64_t days = seconds >= 0 ? seconds / 86400 : -((-seconds + 86399) / 86400);
    seconds -= days * 86400;
    out.date = addDays(point.date, days);
    out.hour = static_cast<int>(seconds / 3600);
    out.minute = static_cast<int>(seconds / 60 % 60);
    out.second = static_cast<int>(seconds % 60);
    if (out.grain < unit) out.grain = unit;
    return out;
  }
  if (int m = monthsOf(unit); m > 0) {
    out.date = addMonths(point.date, m * count);
  } else if (unit == Grain::Week || unit == Grain::Weekend) {
    out.date = addDays(point.date, 7 * static_cast<std::int64_t>(count));
  } else {
    out.date = addDays(point.date, count);
  }
  return out;
}

TimePoint coarsen(const TimePoint& point, Grain grain) {
  if (grain >= point.grain) return point;
  TimePoint out = point;
  out.grain = grain;
  out.date = truncate(point.date, grain);
  if (grain < Grain::PartOfDay) out.part_of_day.clear();
  if (grain < Grain::Hour) {
    out.hour = out.minute = out.second = 0;
    out.zone.clear();
  }
  return out;
}

std::string formatPoint(const TimePoint& p, const TimexFormat& format) {
  std::string out;
  out.reserve(24);
  const int y = p.date.year;
  auto year = [&] {
    if (p.year_known) appendInt(out, y, 4);
    else out += "XXXX";
  };
  switch (p.grain) {
    case Grain::Millennium:
      if (p.year_known) appendInt(out, floorDiv(y, 1000), 1);
      else out += "X";
      return out;
    case Grain::Century:
      if (p.year_known) appendInt(out, floorDiv(y, 100), 2);
      else out += "XX";
      return out;
    case Grain::Decade:
      if (p.year_known) appendInt(out, floorDiv(y, 10), 3);
      else out += "XXX";
      if (format.x_decades) out.push_back('X');
      return out;
    case Grain::Year: year(); return out;
    case Grain::Half:
      year();
      out += p.date.month <= 6 ? "-H1" : "-H2";
      return out;
    case Grain::Quarter:
      year();
      out += "-Q";
      appendInt(out, (p.date.month - 1) / 3 + 1, 1);
      return out;
    case Grain::Season: {
      year();
      out.push_back('-');
      CivilDate start = truncate(p.date, Grain::Season);
      static constexpr Season kByMonth[13] = {Season::Winter, Season::Winter, Season::Winter,
                                              Season::Spring, Season::Spring, Season::Spring,
                                              Season::Summer, Season::Summer, Season::Summer,
                                              Season::Fall,   Season::Fall,   Season::Fall,
                                              Season::Winter};
      out += seasonCode(kByMonth[start.month]);
      return out;
    }
    case Grain::Month:
      year();
      out.push_back('-');
      appendInt(out, p.date.month, 2);
      return out;
    case Grain::Week:
    case Grain::Weekend: {
      if (p.year_known) {
        IsoWeek w = isoWeek(p.date);
        appendInt(out, w.year, 4);
        out += "-W";
        appendInt(out, w.week, 2);
      } else {
        out += "XXXX-WXX";
      }
      if (p.grain == Grain::Weekend) out += "-WE";
      return out;
    }
    default: break;
  }
  year();
  out.push_back('-');
  appendInt(out, p.date.month, 2);
  out.push_back('-');
  appendInt(out, p.date.day, 2);
  if (p.grain == Grain::Day) return out;
  out.push_back('T');
  if (p.grain == Grain::PartOfDay) {
    out += p.part_of_day;
    return out;
  }
  appendInt(out, p.hour, 2);
  out.push_back(':');
  appendInt(out, p.minute, 2);
  if (p.grain == Grain::Second) {
    out.push_back(':');
    appendInt(out, p.second, 2);
  }
  if (format.zones) out += p.zone;
  return out;
}

std::optional<TimePoint> parseIsoPoint(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n')) s.remove_suffix(1);
  TimePoint p;
  int y = 0, m = 1, d = 1;
  if (!digits(s, 0, 4, y)) return std::nullopt;
  std::size_t pos = 4;
  p.grain = Grain::Year;
  // Compact 19980108 (TimeBank's DCT texts) as well as 1998-01-08.
  if (s.size() >= 8 && s[4] != '-' && digits(s, 4, 2, m) && digits(s, 6, 2, d)) {
    pos = 8;
    p.grain = Grain::Day;
  } else if (pos < s.size() && s[pos] == '-') {
    if (!digits(s, 5, 2, m)) return std::nullopt;
    pos = 7;
    p.grain = Grain::Month;
    if (pos < s.size() && s[pos] == '-') {
      if (!digits(s, 8, 2, d)) return std::nullopt;
      pos = 10;
      p.grain = Grain::Day;
    }
  }
  if (!isValidDate(y, m, d)) return std::nullopt;
  p.date = {y, m, d};
  if (pos < s.size() && p.grain == Grain::Day && (s[pos] == 'T' || s[pos] == ' ')) {
    int h = 0, mi = 0, sec = 0;
    if (!digits(s, pos + 1, 2, h)) return std::nullopt;
    pos += 3;
    p.grain = Grain::Hour;
    if (pos < s.size() && s[pos] == ':') {
      if (!digits(s, pos + 1, 2, mi)) return std::nullopt;
      pos += 3;
      p.grain = Grain::Minute;
      if (pos < s.size() && s[pos] == ':') {
        if (!digits(s, pos + 1, 2, sec)) return std::nullopt;
        pos += 3;
        p.grain = Grain::Second;
        while (pos < s.size() && (s[pos] == '.' || (s[pos] >= '0' && s[pos] <= '9'))) ++pos;
      }
    }
    if (h > 24 || mi > 59 || sec > 60) return std::nullopt;
    p.hour = h;
    p.minute = mi;
    p.second = sec;
    if (pos < s.size()) {
      p.zone = std::string(s.substr(pos));
      pos = s.size();
    }
  }
  if (pos != s.size()) return std::nullopt;
  return p;
}

}  // namespace glean_dates
