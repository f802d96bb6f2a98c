// glean/plugins/dates/resolver.cpp - Resolver: turns a DateSpec into TIMEX3 values, given anchors
// SPDX-License-Identifier: Apache-2.0
#include "resolver.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace glean_dates {
namespace {

void appendPadded(std::string& out, int value, int width) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%0*d", width, value);
  out += buf;
}

std::string formatAmount(double amount) {
  char buf[32];
  if (std::fabs(amount - std::round(amount)) < 1e-9)
    std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(std::llround(amount)));
  else
    std::snprintf(buf, sizeof buf, "%g", amount);
  return buf;
}

// The grain that names the whole cycle a yearless point repeats in: a month-day repeats every
// year, "the 24th" every month, a weekday every week, a clock time every day.
Grain cycleOf(const Fields& f) {
  if (f.month != kUnset || f.quarter != kUnset || f.half != kUnset || f.season || f.week != kUnset)
    return Grain::Year;
  if (f.day != kUnset) return Grain::Month;
  if (f.weekday != kUnset || f.weekend) return Grain::Week;
  return Grain::Day;
}

// The finest grain the fields name, given the grain of the base they are applied to.
// Applies `f` inside `base` (a granule at the fields' cycle or coarser). Returns nullopt, with
// `invalid` set, when the result does not exist (February 30).
std::optional<TimePoint> build(const Fields& f, const TimePoint& base, bool& invalid) {
  TimePoint p = base;
  CivilDate& d = p.date;
  if (f.half != kUnset) {
    d = {d.year, f.half == 1 ? 1 : 7, 1};
    p.grain = Grain::Half;
  }
  if (f.quarter != kUnset) {
    d = {d.year, (f.quarter - 1) * 3 + 1, 1};
    p.grain = Grain::Quarter;
  }
  if (f.season) {
    static constexpr int kFirstMonth[4] = {3, 6, 9, 12};
    d = {d.year, kFirstMonth[static_cast<int>(*f.season)], 1};
    p.grain = Grain::Season;
  }
  if (f.month != kUnset) {
    d = {d.year, f.month, 1};
    p.grain = Grain::Month;
  }
  if (f.week != kUnset) {
    d = mondayOfIsoWeek(d.year, f.week);
    p.grain = Grain::Week;
  }
  if (f.day != kUnset) {
    if (!isValidDate(d.year, d.month, f.day)) {
      invalid = true;
      return std::nullopt;
    }
    d.day = f.day;
    p.grain = Grain::Day;
  } else if (f.weekday != kUnset && f.nth != kUnset && f.month != kUnset) {
    // The nth weekday of the month (negative: from its end): "the fourth Thursday of November".
    int first = isoWeekday({d.year, d.month, 1});
    int day = 1 + (f.weekday - first + 7) % 7;
    int last = daysInMonth(d.year, d.month);
    if (f.nth > 0) day += 7 * (f.nth - 1);
    else {
      while (day + 7 <= last) day += 7;
      day -= 7 * (-f.nth - 1);
    }
    if (day < 1 || day > last) {
      invalid = true;
      return std::nullopt;
    }
    d.day = day;
    p.grain = Grain::Day;
  } else if (f.weekday != kUnset) {
    d = addDays(truncate(d, Grain::Week), f.weekday - 1);
    p.grain = Grain::Day;
  } else if (f.weekend) {
    d = truncate(d, Grain::Weekend);
    p.grain = Grain::Weekend;
  }
  if (p.grain < Grain::Day && (f.hour != kUnset || !f.part_of_day.empty())) {
    // A time of day needs a day to sit in; "summer mornings" stays a season.
    return p;
  }
  if (f.hour != kUnset) {
    int h = f.hour;
    if (f.ampm == 1 && h < 12) h += 12;
    if (f.ampm == 0 && h == 12) h = 0;
    if (h > 24 || (h == 24 && (f.minute > 0 || f.second > 0))) {
      invalid = true;
      return std::nullopt;
    }
    p.hour = h;
    p.minute = f.minute == kUnset ? 0 : f.minute;
    p.second = f.second == kUnset ? 0 : f.second;
    p.grain = f.second != kUnset ? Grain::Second : Grain::Minute;
    p.part_of_day.clear();
    p.zone = f.zone;
  } else if (!f.part_of_day.empty()) {
    p.part_of_day = f.part_of_day;
    p.grain = Grain::PartOfDay;
  }
  return p;
}

// The year of a two-digit year (or decade) closest to the reference year: "'98" is 1998 in 2013,
// "74" is 1974 in 2013 (not 2074), "15" is 2015.
int nearestCentury(int two_digits, int reference_year) {
  int best = two_digits + (reference_year / 100) * 100;
  for (int c = reference_year / 100 - 1; c <= reference_year / 100 + 1; ++c) {
    int y = c * 100 + two_digits;
    if (std::abs(y - reference_year) < std::abs(best - reference_year)) best = y;
  }
  return best;
}

int yearOfReference(const Reference* anchor, const Reference* previous, std::string& label) {
  const Reference* r = anchor != nullptr ? anchor : previous;
  if (r == nullptr || !r->point.year_known) return kUnset;
  label = r->label;
  return r->point.date.year;
}

// Distance in days from the reference day to a granule (0 when it holds the day).
std::int64_t distance(const TimePoint& candidate, std::int64_t ref_day) {
  std::int64_t first = candidate.firstDay(), end = candidate.endDay();
  if (ref_day < first) return first - ref_day;
  if (ref_day >= end) return ref_day - end + 1;
  return 0;
}

}  // namespace

std::string formatDuration(double amount, bool known, Grain unit) {
  // Designator, whether it is a clock unit (after 'T'), and how many of it one `unit` holds.
  const char* designator = "D";
  bool clock = false;
  double factor = 1;
  switch (unit) {
    case Grain::Millennium: designator = "Y"; factor = 1000; break;
    case Grain::Century: designator = "Y"; factor = 100; break;
    case Grain::Decade: designator = "Y"; factor = 10; break;
    case Grain::Year: designator = "Y"; break;
    case Grain::Half: designator = "M"; factor = 6; break;
    case Grain::Quarter: designator = "Q"; break;
    case Grain::Season: designator = "M"; factor = 3; break;
    case Grain::Month: designator = "M"; break;
    case Grain::Week: designator = "W"; break;
    case Grain::Weekend: designator = "D"; factor = 2; break;
    case Grain::Day:
    case Grain::PartOfDay: designator = "D"; break;
    case Grain::Hour: designator = "H"; clock = true; break;
    case Grain::Minute: designator = "M"; clock = true; break;
    case Grain::Second: designator = "S"; clock = true; break;
  }
  if (!known) {
    // "decades", "centuries" keep their own unit: the X cannot be multiplied.
    if (unit == Grain::Decade) return "PXDE";
    if (unit == Grain::Century) return "PXCE";
    if (unit == Grain::Millennium) return "PXML";
    return std::string(clock ? "PTX" : "PX") + designator;
  }
  double n = amount * factor;
  // A fraction moves to the next smaller unit while that makes it whole: 1.5 years = 18 months.
  std::string d = designator;
  bool is_clock = clock;
  for (int guard = 0; guard < 3 && std::fabs(n - std::round(n)) > 1e-9; ++guard) {
    if (!is_clock && d == "Y") { n *= 12; d = "M"; }
    else if (!is_clock && d == "Q") { n *= 3; d = "M"; }
    else if (!is_clock && d == "W") { n *= 7; d = "D"; }
    else if (!is_clock && d == "D") { n *= 24; d = "H"; is_clock = true; }
    else if (is_clock && d == "H") { n *= 60; d = "M"; }
    else if (is_clock && d == "M") { n *= 60; d = "S"; }
    else break;
  }
  return std::string(is_clock ? "PT" : "P") + formatAmount(n) + d;
}

std::string unknownAt(Grain grain) {
  switch (grain) {
    case Grain::Millennium: return "X";
    case Grain::Century: return "XX";
    case Grain::Decade: return "XXX";
    case Grain::Year: return "XXXX";
    case Grain::Half: return "XXXX-HX";
    case Grain::Quarter: return "XXXX-QX";
    case Grain::Season:
    case Grain::Month: return "XXXX-XX";
    case Grain::Week: return "XXXX-WXX";
    case Grain::Weekend: return "XXXX-WXX-WE";
    case Grain::Day:
    case Grain::PartOfDay: return "XXXX-XX-XX";
    default: return "XXXX-XX-XXTXX:XX";
  }
}

std::string unresolvedValue(const Fields& f) {
  std::string out;
  if (f.hasYear() && f.year != kUnset && f.year_digits != 2) appendPadded(out, f.year, 4);
  else out = "XXXX";
  if (f.week != kUnset) {
    out += "-W";
    appendPadded(out, f.week, 2);
  } else if (f.weekday != kUnset && f.month == kUnset && f.day == kUnset) {
    out += "-WXX-";
    appendPadded(out, f.weekday, 1);
    return out;
  } else if (f.weekend) {
    out += "-WXX-WE";
    return out;
  } else if (f.month != kUnset) {
    out += "-";
    appendPadded(out, f.month, 2);
    if (f.day != kUnset) {
      out += "-";
      appendPadded(out, f.day, 2);
    }
  } else if (f.day != kUnset) {
    out += "-XX-";
    appendPadded(out, f.day, 2);
  } else if (f.season) {
    out += "-";
    out += seasonCode(*f.season);
    return out;
  } else if (f.quarter != kUnset) {
    out += "-Q";
    appendPadded(out, f.quarter, 1);
    return out;
  } else if (f.half != kUnset) {
    out += "-H";
    appendPadded(out, f.half, 1);
    return out;
  } else if (f.hasTime()) {
    out += "-XX-XX";
  }
  if (f.hour != kUnset) {
    int h = f.hour;
    if (f.ampm == 1 && h < 12) h += 12;
    if (f.ampm == 0 && h == 12) h = 0;
    out += "T";
    appendPadded(out, h, 2);
    out += ":";
    appendPadded(out, f.minute == kUnset ? 0 : f.minute, 2);
    out += f.zone;
  } else if (!f.part_of_day.empty()) {
    out += "T" + f.part_of_day;
  }
  return out;
}

Timex Resolver::resolve(const DateSpec& spec, const Reference* anchor,
                        const Reference* previous) const {
  Timex t;
  t.mod = spec.mod;
  t.quant = spec.quant;
  t.freq = spec.freq;
  t.age = spec.age;
  bool relative = spec.offset != kUnset;
  if (spec.type_given) t.type = spec.type;
  else if (spec.amount_given && !relative && !spec.fields.any()) t.type = TimexType::Duration;
  else if (spec.fields.hasTime()) t.type = TimexType::Time;

  if (!spec.literal.empty() && !spec.fields.any() && !relative && !spec.amount_given) {
    t.value = spec.literal;
    return t;
  }

  if (t.type == TimexType::Duration || (t.type == TimexType::Set && !spec.fields.any())) {
    if (!spec.unit) {
      t.value = spec.literal;
      return t;
    }
    double amount = spec.amount_given ? spec.amount : 1;
    t.value = formatDuration(amount, spec.amount_known, *spec.unit);
    if (spec.end_amount_given) {
      t.begin = t.value;
      t.end = formatDuration(spec.end_amount, spec.end_amount_known, *spec.unit);
      t.value = t.begin + "/" + t.end;
    }
    return t;
  }
  if (t.type == TimexType::Set) {
    // "every Monday", "each summer": the calendar fields with the year left open.
    Fields open = spec.fields;
    open.year = kUnset;
    t.value = unresolvedValue(open);
    return t;
  }

  PointResult begin = resolvePoint(spec.fields, spec, anchor, previous, false);
  t.anchor = begin.anchor;
  t.invalid = begin.invalid;
  if (!spec.range) {
    t.value = begin.value;
    t.point = begin.point;
    return t;
  }
  // The end of a range resolves against its beginning: "September 29-October 1" ends in the
  // beginning's year, "July 1-2" in its month, "December 30-January 2" in the next year.
  PointResult end;
  if (begin.point) {
    Reference from{*begin.point, begin.anchor};
    end = resolvePoint(spec.end, spec, &from, nullptr, true);
  } else {
    end = resolvePoint(spec.end, spec, anchor, previous, true);
  }
  t.invalid = t.invalid || end.invalid;
  if (t.invalid) return t;
  t.begin = begin.value;
  t.end = end.value;
  if (!t.begin.empty() && !t.end.empty()) t.value = t.begin + "/" + t.end;
  t.point = end.point ? end.point : begin.point;
  return t;
}

Resolver::PointResult Resolver::resolvePoint(const Fields& input, const DateSpec& spec,
                                             const Reference* anchor, const Reference* previous,
                                             bool is_end) const {
  Fields f = input;
  if (f.num1 != kUnset && f.num2 != kUnset) {
    // A numeric date: the configured order, unless only the other one makes sense (13/5 is May 13).
    bool day_first = f.day_first >= 0 ? f.day_first == 1 : policy_.day_first;
    int m = day_first ? f.num2 : f.num1;
    int d = day_first ? f.num1 : f.num2;
    if ((m > 12 || m < 1) && d >= 1 && d <= 12) std::swap(m, d);
    if (m < 1 || m > 12) {
      PointResult r;
      r.invalid = true;
      return r;
    }
    f.month = m;
    f.day = d;
  }
  if (!is_end && spec.offset != kUnset) return resolveRelative(f, spec, anchor, previous);
  if (!f.hasYear()) return resolveYearless(f, spec, anchor, previous, is_end);

  PointResult r;
  TimePoint base;
  if (f.year != kUnset) {
    int year = f.year;
    if (f.year_digits <= 2) {
      // "'98", "10/31/74": the century closest to the reference (the range's beginning for an
      // end: "2005-07" ends in 2007).
      const Reference* ref = is_end ? anchor : nullptr;
      if (!is_end && spec.relative_to == RelativeTo::Previous && previous != nullptr) ref = previous;
      std::string label = ref != nullptr && !is_end ? ref->label : std::string();
      int ry = ref != nullptr ? ref->point.date.year : yearOfReference(anchor, previous, label);
      if (ry == kUnset) ry = 1950;  // no reference at all: the 20th century, as most text means
      year = is_end ? ry - ry % 100 + year : nearestCentury(year, ry);
      if (is_end && year <= ry) {
        // "2014-10" is not 2014 to 2110: an end that does not come after its beginning.
        r.invalid = true;
        return r;
      }
      if (!is_end) r.anchor = label;
    }
    base.date = {year, 1, 1};
    base.grain = Grain::Year;
  } else if (f.decade != kUnset) {
    int start = f.decade;
    if (start >= 1000) start -= start % 10;
    else if (start >= 100) start *= 10;
    else {
      // "the '90s": the latest such decade that began by the reference year.
      std::string label;
      int ry = yearOfReference(anchor, previous, label);
      if (ry == kUnset) ry = 1999;
      start = (ry / 100) * 100 + start;
      if (start > ry) start -= 100;
      r.anchor = label;
    }
    base.date = {start, 1, 1};
    base.grain = Grain::Decade;
  } else {
    base.date = {(f.century - 1) * 100, 1, 1};
    base.grain = Grain::Century;
  }
  std::optional<TimePoint> p = build(f, base, r.invalid);
  if (!p) return r;
  r.point = p;
  r.value = formatPoint(*p, policy_.format);
  return r;
}

Resolver::PointResult Resolver::resolveRelative(const Fields& f, const DateSpec& spec,
                                                const Reference* anchor,
                                                const Reference* previous) const {
  PointResult r;
  if (spec.offset == kUnknown) {
    // "years ago", "weeks later": some time back or ahead, not a calendar value.
    if (spec.offset_sign < 0) r.value = "PAST_REF";
    if (spec.offset_sign > 0) r.value = "FUTURE_REF";
    return r;
  }
  if (!spec.unit) return r;
  Grain unit = *spec.unit;
  Grain target = spec.granularity ? *spec.granularity : unit;
  // Counting days from a reference that only knows its year would invent a date.
  Grain needed = unit == Grain::Weekend ? Grain::Week : unit;
  RelativeTo want = spec.relative_to != RelativeTo::Default ? spec.relative_to : policy_.relative_to;
  if (want == RelativeTo::Period) {
    bool period = previous != nullptr && previous->point.year_known &&
                  previous->point.grain >= Grain::Half && previous->point.grain <= Grain::Month;
    if (period && unit <= previous->point.grain) {
      TimePoint p = shift(previous->point, unit, spec.offset);
      if (f.any()) {
        std::optional<TimePoint> q = build(f, coarsen(p, unit), r.invalid);
        if (!q) return r;
        p = *q;
      }
      if (spec.granularity) p = coarsen(p, *spec.granularity);
      r.point = p;
      r.value = formatPoint(p, policy_.format);
      r.anchor = previous->label;
      return r;
    }
    want = RelativeTo::Anchor;
  }
  const Reference* first = want == RelativeTo::Previous ? previous : anchor;
  const Reference* second = want == RelativeTo::Previous ? anchor : previous;
  // A document without an anchor does not borrow one from its last date: only anaphora do.
  if (want != RelativeTo::Previous && anchor == nullptr) second = nullptr;
  const Reference* ref = nullptr;
  if (first != nullptr && first->point.grain >= needed && first->point.year_known) ref = first;
  else if (second != nullptr && second->point.grain >= needed && second->point.year_known) ref = second;
  if (ref == nullptr) {
    // Nothing precise enough to count from ("two hours later" in a report anchored on its year):
    // the value says what is unknown, at the precision the expression has.
    r.value = f.any() ? unresolvedValue(f) : unknownAt(target);
    return r;
  }
  TimePoint p = coarsen(shift(ref->point, unit, spec.offset), target);
  if (target < Grain::Hour) p.zone.clear();
  if (f.any()) {
    std::optional<TimePoint> q = build(f, p, r.invalid);
    if (!q) return r;
    p = *q;
  }
  r.point = p;
  r.value = formatPoint(p, policy_.format);
  r.anchor = ref->label;
  return r;
}

Resolver::PointResult Resolver::resolveYearless(const Fields& f, const DateSpec& spec,
                                                const Reference* anchor,
                                                const Reference* previous, bool is_end) const {
  PointResult r;
  if (!f.any()) return r;
  Grain cycle = cycleOf(f);
  RelativeTo want = spec.relative_to != RelativeTo::Default ? spec.relative_to : policy_.relative_to;
  const Reference* first = want == RelativeTo::Previous ? previous : anchor;
  const Reference* second = want == RelativeTo::Previous ? anchor : previous;
  if (want != RelativeTo::Previous && anchor == nullptr) second = nullptr;
  if (is_end) {
    first = anchor;  // the range's beginning
    second = nullptr;
  }
  auto usable = [&](const Reference* ref) {
    return ref != nullptr && ref->point.year_known && ref->point.grain >= cycle;
  };
  const Reference* ref = usable(first) ? first : usable(second) ? second : nullptr;
  if (ref == nullptr) {
    r.value = unresolvedValue(f);
    return r;
  }
  Direction dir = spec.direction;
  if (is_end) dir = Direction::FutureOrSame;
  // Weights of a later and an earlier occurrence's distance for `nearest`: text looks back more
  // often than ahead, so a later one must be twice as close; a cue word tilts it further.
  std::int64_t future_weight = 2, past_weight = 1;
  if (dir == Direction::Auto) {
    bool looks_ahead = spec.cue == Direction::Future || spec.cue == Direction::FutureOrSame;
    bool looks_back = spec.cue == Direction::Past || spec.cue == Direction::PastOrSame;
    if (cycle == Grain::Week) {
      dir = spec.cue != Direction::Auto ? spec.cue : policy_.weekday;
    } else {
      dir = policy_.yearless;
      if (looks_ahead) {
        future_weight = 1;
        past_weight = 4;
      } else if (looks_back) {
        future_weight = 6;
      }
    }
  }
  // A reference no finer than the cycle (a report year for "January 10") can only mean its own.
  if (ref->point.grain == cycle || (cycle == Grain::Week && ref->point.grain < Grain::Day))
    dir = Direction::Same;
  if (dir == Direction::Same) {
    std::optional<TimePoint> p = build(f, coarsen(ref->point, cycle), r.invalid);
    r.anchor = ref->label;
    if (!p) return r;
    r.point = p;
    r.value = formatPoint(*p, policy_.format);
    return r;
  }

  // Candidates in the cycles around the reference; the direction picks one.
  const std::int64_t ref_day = ref->point.firstDay();
  TimePoint cycle_base = coarsen(ref->point, cycle);
  std::optional<TimePoint> best;
  std::int64_t best_score = 0;
  bool any_invalid = false;
  bool weekday_mismatch = false;
  for (int k = -2; k <= 2; ++k) {
    bool invalid = false;
    std::optional<TimePoint> c = build(f, shift(cycle_base, cycle, k), invalid);
    if (!c) {
      any_invalid = any_invalid || (k == 0 && invalid);
      continue;
    }
    // "Sunday, Feb 10": the year whose February 10 is a Sunday, whatever the direction says.
    if (f.weekday != kUnset && f.day != kUnset && isoWeekday(c->date) != f.weekday) {
      weekday_mismatch = true;
      continue;
    }
    std::int64_t first_day = c->firstDay(), end_day = c->endDay();
    bool ok = false;
    std::int64_t score = 0;  // lower is better
    switch (dir) {
      case Direction::Past: ok = end_day <= ref_day; score = ref_day - end_day; break;
      case Direction::PastOrSame: ok = first_day <= ref_day; score = ref_day - first_day; break;
      case Direction::Future: ok = first_day > ref_day; score = first_day - ref_day; break;
      case Direction::FutureOrSame: ok = end_day > ref_day; score = end_day - ref_day; break;
      default:
        ok = true;
        score = distance(*c, ref_day) * 2 * (first_day > ref_day ? future_weight : past_weight) +
                (first_day > ref_day ? 1 : 0);
        break;
    }
    if (ok && (!best || score < best_score)) {
      best = c;
      best_score = score;
    }
  }
  r.anchor = ref->label;
  if (!best && weekday_mismatch) {
    // No year around the reference fits the weekday (a typo in the text): the direction decides.
    Direction d = dir;
    Fields without = f;
    without.weekday = kUnset;
    DateSpec again = spec;
    again.direction = d;
    return resolveYearless(without, again, anchor, previous, is_end);
  }
  if (!best) {
    r.invalid = any_invalid;
    return r;
  }
  r.point = best;
  r.value = formatPoint(*best, policy_.format);
  return r;
}

}  // namespace glean_dates
