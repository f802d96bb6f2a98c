// glean/tests/plugins/dates_resolver_test.cpp - the date mechanism: calendar, values, anchoring
// SPDX-License-Identifier: Apache-2.0
#include "anchor_chooser.hpp"
#include "calendar.hpp"
#include "date_spec.hpp"
#include "resolver.hpp"
#include "time_point.hpp"

#include <doctest/doctest.h>

#include <initializer_list>
#include <stdexcept>
#include <utility>

using namespace glean_dates;

namespace {

// Features as a rule match would carry them (all strings, as templates produce).
glean::Features features(std::initializer_list<std::pair<const char*, const char*>> items) {
  glean::Features f;
  for (auto& [k, v] : items) f.set(k, v);
  return f;
}

Reference ref(const char* iso, const char* source) {
  auto p = parseIsoPoint(iso);
  REQUIRE(p.has_value());
  return {*p, std::string(source) + ":" + formatPoint(*p)};
}

Reference year(int y) {
  TimePoint p;
  p.date = {y, 1, 1};
  p.grain = Grain::Year;
  return {p, "report_year:" + std::to_string(y)};
}

Timex resolve(std::initializer_list<std::pair<const char*, const char*>> items,
              const Reference* anchor, const Reference* previous = nullptr, Policy policy = {}) {
  DateSpec spec;
  std::string error;
  REQUIRE_MESSAGE(parseDateSpec(features(items), spec, error), error);
  return Resolver(policy).resolve(spec, anchor, previous);
}

}  // namespace

TEST_SUITE("dates.calendar") {
  TEST_CASE("day counts round-trip and agree with known dates") {
    CHECK(daysFromCivil({1970, 1, 1}) == 0);
    CHECK(daysFromCivil({2000, 3, 1}) == 11017);
    CHECK(daysFromCivil({1969, 12, 31}) == -1);
    for (std::int64_t d = -800000; d < 800000; d += 997) CHECK(daysFromCivil(civilFromDays(d)) == d);
  }

  TEST_CASE("leap years, month lengths and validity follow the Gregorian rules") {
    CHECK(isLeapYear(2000));
    CHECK_FALSE(isLeapYear(1900));
    CHECK(isLeapYear(2008));
    CHECK(daysInMonth(2009, 2) == 28);
    CHECK(daysInMonth(2008, 2) == 29);
    CHECK_FALSE(isValidDate(2009, 2, 30));
    CHECK_FALSE(isValidDate(2009, 2, 29));
    CHECK(isValidDate(2008, 2, 29));
    CHECK_FALSE(isValidDate(2009, 4, 31));
  }

  TEST_CASE("ISO weekdays and weeks, including weeks that straddle New Year") {
    CHECK(isoWeekday({2016, 5, 27}) == 5);  // the seed's "Friday, 27 May 2016"
    CHECK(isoWeekday({2013, 2, 12}) == 2);  // Duckling's reference Tuesday
    CHECK(isoWeek({2009, 1, 1}).year == 2009);
    CHECK(isoWeek({2009, 1, 1}).week == 1);
    CHECK(isoWeek({2008, 12, 29}).year == 2009);
    CHECK(isoWeek({2010, 1, 3}).year == 2009);
    CHECK(isoWeek({2010, 1, 3}).week == 53);
    CHECK(mondayOfIsoWeek(2009, 53) == CivilDate{2009, 12, 28});
    CHECK(mondayOfIsoWeek(2009, 1) == CivilDate{2008, 12, 29});
  }

  TEST_CASE("adding months clamps the day to the target month") {
    CHECK(addMonths({2009, 1, 31}, 1) == CivilDate{2009, 2, 28});
    CHECK(addMonths({2009, 1, 15}, -1) == CivilDate{2008, 12, 15});
    CHECK(addMonths({2009, 3, 31}, -13) == CivilDate{2008, 2, 29});
  }
}

TEST_SUITE("dates.values") {
  TEST_CASE("each grain prints its TIMEX3 form") {
    TimePoint p;
    p.date = {2009, 8, 28};
    auto at = [&](Grain g) { return formatPoint(coarsen(p, g)); };
    CHECK(at(Grain::Day) == "2009-08-28");
    CHECK(at(Grain::Month) == "2009-08");
    CHECK(at(Grain::Season) == "2009-SU");
    CHECK(at(Grain::Quarter) == "2009-Q3");
    CHECK(at(Grain::Half) == "2009-H2");
    CHECK(at(Grain::Year) == "2009");
    CHECK(at(Grain::Decade) == "200");
    CHECK(at(Grain::Century) == "20");
    CHECK(at(Grain::Week) == "2009-W35");
    TimePoint we = p;
    we.grain = Grain::Weekend;
    we.date = truncate(p.date, Grain::Weekend);
    CHECK(formatPoint(we) == "2009-W35-WE");
    CHECK(formatPoint(coarsen(p, Grain::Decade), {true}) == "200X");
    TimePoint winter;
    winter.date = truncate({2010, 2, 10}, Grain::Season);
    winter.grain = Grain::Season;
    CHECK(formatPoint(winter) == "2009-WI");  // winter belongs to its December's year
  }

  TEST_CASE("ISO dates in metadata parse at their own precision") {
    CHECK(formatPoint(*parseIsoPoint("2010-08-05")) == "2010-08-05");
    CHECK(formatPoint(*parseIsoPoint("1998-02-06T22:19:00")) == "1998-02-06T22:19:00");
    CHECK(formatPoint(*parseIsoPoint("2016-05-27T08:49Z")) == "2016-05-27T08:49Z");
    CHECK(formatPoint(*parseIsoPoint("19980108")) == "1998-01-08");
    CHECK(formatPoint(*parseIsoPoint("2009")) == "2009");
    CHECK_FALSE(parseIsoPoint("2009-02-30").has_value());
    CHECK_FALSE(parseIsoPoint("last year").has_value());
  }

  TEST_CASE("durations print with their designators and fractions move down a unit") {
    CHECK(formatDuration(3, true, Grain::Year) == "P3Y");
    CHECK(formatDuration(2, true, Grain::Decade) == "P20Y");
    CHECK(formatDuration(1.5, true, Grain::Year) == "P18M");
    CHECK(formatDuration(0.5, true, Grain::Hour) == "PT30M");
    CHECK(formatDuration(5, true, Grain::Hour) == "PT5H");
    CHECK(formatDuration(1, true, Grain::Quarter) == "P1Q");
    CHECK(formatDuration(0, false, Grain::Week) == "PXW");
    CHECK(formatDuration(0, false, Grain::Minute) == "PTXM");
    CHECK(formatDuration(0, false, Grain::Decade) == "PXDE");
  }
}

TEST_SUITE("dates.resolver") {
  TEST_CASE("a month and day without a year take the report year") {
    Reference y = year(2009);
    Timex t = resolve({{"month", "01"}, {"day", "10"}}, &y);
    CHECK(t.value == "2009-01-10");
    CHECK(t.anchor == "report_year:2009");
    CHECK(resolve({{"month", "10"}}, &y).value == "2009-10");
  }

  TEST_CASE("a date that does not exist is flagged, not normalized") {
    Reference y = year(2009);
    Timex t = resolve({{"month", "2"}, {"day", "30"}}, &y);
    CHECK(t.invalid);
    CHECK(t.value.empty());
    CHECK(resolve({{"year", "2009"}, {"month", "2"}, {"day", "29"}}, nullptr).invalid);
    CHECK(resolve({{"year", "2008"}, {"month", "2"}, {"day", "29"}}, nullptr).value == "2008-02-29");
  }

  TEST_CASE("absolute dates need no anchor and record none") {
    Timex t = resolve({{"year", "2010"}, {"month", "08"}, {"day", "5"}}, nullptr);
    CHECK(t.value == "2010-08-05");
    CHECK(t.anchor.empty());
    Timex time = resolve({{"year", "2016"}, {"month", "5"}, {"day", "27"}, {"hour", "08"},
                          {"minute", "49"}, {"zone", "Z"}},
                         nullptr);
    CHECK(time.type == TimexType::Time);
    CHECK(time.value == "2016-05-27T08:49Z");
  }

  TEST_CASE("ranges resolve their end against their beginning") {
    Reference y = year(2009);
    Timex t = resolve({{"month", "9"}, {"day", "29"}, {"end_month", "10"}, {"end_day", "1"}}, &y);
    CHECK(t.begin == "2009-09-29");
    CHECK(t.end == "2009-10-01");
    CHECK(t.value == "2009-09-29/2009-10-01");
    Timex same_month = resolve({{"month", "7"}, {"day", "1"}, {"end_day", "2"}}, &y);
    CHECK(same_month.begin == "2009-07-01");
    CHECK(same_month.end == "2009-07-02");
    Timex new_year = resolve({{"month", "12"}, {"day", "30"}, {"end_month", "1"}, {"end_day", "2"}}, &y);
    CHECK(new_year.end == "2010-01-02");
    Timex years = resolve({{"year", "2005"}, {"end_year", "07"}}, nullptr);
    CHECK(years.begin == "2005");
    CHECK(years.end == "2007");
  }

  TEST_CASE("durations, ranges of durations, ages and frequencies") {
    Timex d = resolve({{"type", "DURATION"}, {"amount", "12"}, {"end_amount", "17"}, {"unit", "year"}},
                      nullptr);
    CHECK(d.type == TimexType::Duration);
    CHECK(d.begin == "P12Y");
    CHECK(d.end == "P17Y");
    Timex age = resolve({{"type", "DURATION"}, {"amount", "23"}, {"unit", "year"}, {"age", "true"}},
                        nullptr);
    CHECK(age.value == "P23Y");
    CHECK(age.age);
    Timex set = resolve({{"type", "SET"}, {"amount", "3"}, {"unit", "year"}}, nullptr);
    CHECK(set.type == TimexType::Set);
    CHECK(set.value == "P3Y");
    Timex monday = resolve({{"type", "SET"}, {"weekday", "1"}, {"quant", "EACH"}}, nullptr);
    CHECK(monday.value == "XXXX-WXX-1");
    CHECK(monday.quant == "EACH");
    CHECK(resolve({{"type", "DURATION"}, {"amount", "X"}, {"unit", "year"}}, nullptr).value == "PXY");
  }

  TEST_CASE("relative expressions count from the document creation time") {
    Reference dct = ref("1998-02-06T22:19:00", "dct");
    CHECK(resolve({{"offset", "-1"}, {"unit", "year"}}, &dct).value == "1997");
    CHECK(resolve({{"offset", "-1"}, {"unit", "day"}}, &dct).value == "1998-02-05");
    CHECK(resolve({{"offset", "0"}, {"unit", "day"}}, &dct).value == "1998-02-06");
    CHECK(resolve({{"offset", "-1"}, {"unit", "month"}}, &dct).value == "1998-01");
    CHECK(resolve({{"offset", "1"}, {"unit", "week"}}, &dct).value == "1998-W07");
    CHECK(resolve({{"offset", "0"}, {"unit", "quarter"}}, &dct).value == "1998-Q1");
    CHECK(resolve({{"offset", "-2"}, {"unit", "week"}, {"granularity", "day"}}, &dct).value ==
          "1998-01-23");
    Timex morning = resolve({{"offset", "0"}, {"unit", "day"}, {"part_of_day", "MO"}}, &dct);
    CHECK(morning.type == TimexType::Time);
    CHECK(morning.value == "1998-02-06TMO");
    CHECK(resolve({{"offset", "1"}, {"unit", "year"}, {"quarter", "1"}}, &dct).value == "1999-Q1");
    CHECK(resolve({{"offset", "-1"}, {"unit", "year"}, {"month", "7"}}, &dct).value == "1997-07");
    CHECK(resolve({{"offset", "-1"}, {"unit", "day"}}, &dct).anchor == "dct:1998-02-06T22:19:00");
  }

  TEST_CASE("a report year anchors years but not days") {
    Reference y = year(2009);
    CHECK(resolve({{"offset", "-1"}, {"unit", "year"}}, &y).value == "2008");
    CHECK(resolve({{"offset", "-1"}, {"unit", "day"}}, &y).value == "XXXX-XX-XX");
    CHECK(resolve({{"offset", "2"}, {"unit", "hour"}, {"relative_to", "previous"}}, &y).value ==
          "XXXX-XX-XXTXX:XX");
  }

  TEST_CASE("anaphoric expressions count from the last date mentioned") {
    Reference y = year(2009);
    Reference prev{*parseIsoPoint("2009-09-22"), "previous:2009-09-22"};
    Timex t = resolve({{"offset", "2"}, {"unit", "day"}, {"relative_to", "previous"}}, &y, &prev);
    CHECK(t.value == "2009-09-24");
    CHECK(t.anchor == "previous:2009-09-22");
    // No previous date: fall back to the anchor when it is precise enough.
    Reference dct = ref("2013-03-22", "dct");
    CHECK(resolve({{"offset", "1"}, {"unit", "day"}, {"relative_to", "previous"}}, &dct).value ==
          "2013-03-23");
  }

  TEST_CASE("weekdays and yearless months pick an occurrence by direction") {
    Reference monday = ref("1989-10-30", "dct");  // a Monday
    CHECK(resolve({{"weekday", "5"}}, &monday).value == "1989-10-27");  // past-or-same
    Reference friday = ref("2000-01-07", "dct");
    CHECK(resolve({{"weekday", "5"}}, &friday).value == "2000-01-07");
    CHECK(resolve({{"weekday", "5"}, {"direction", "past"}}, &friday).value == "1999-12-31");
    CHECK(resolve({{"weekday", "5"}, {"direction", "future"}}, &monday).value == "1989-11-03");
    // Nearest: January seen from late October is the coming one; from February the last one.
    CHECK(resolve({{"month", "1"}}, &monday).value == "1990-01");
    CHECK(resolve({{"month", "1"}}, &friday).value == "2000-01");
    CHECK(resolve({{"month", "4"}, {"direction", "past"}}, &monday).value == "1989-04");
    CHECK(resolve({{"month", "11"}, {"direction", "past"}}, &friday).value == "1999-11");
    CHECK(resolve({{"season", "FA"}, {"direction", "past"}}, &friday).value == "1999-FA");
    // The weekend before a Monday.
    Reference monday13 = ref("1990-08-13", "dct");
    CHECK(resolve({{"weekend", "true"}}, &monday13).value == "1990-W32-WE");
    // Without any reference a weekday stays open.
    CHECK(resolve({{"weekday", "1"}}, nullptr).value == "XXXX-WXX-1");
  }

  TEST_CASE("two-digit years and decades take the century closest to the reference") {
    Reference dct = ref("2013-02-12", "dct");
    CHECK(resolve({{"year", "74"}, {"month", "10"}, {"day", "31"}}, &dct).value == "1974-10-31");
    CHECK(resolve({{"year", "15"}}, &dct).value == "2015");
    CHECK(resolve({{"decade", "199"}}, nullptr).value == "199");
    CHECK(resolve({{"decade", "1990"}}, nullptr).value == "199");
    CHECK(resolve({{"decade", "90"}}, &dct).value == "199");
    CHECK(resolve({{"century", "20"}}, nullptr).value == "19");
  }

  TEST_CASE("numeric dates follow the configured order unless only the other one exists") {
    Policy mdy;
    Policy dmy;
    dmy.day_first = true;
    auto numeric = [](const Policy& p, const char* a, const char* b) {
      return resolve({{"num1", a}, {"num2", b}, {"year", "2010"}}, nullptr, nullptr, p).value;
    };
    CHECK(numeric(mdy, "8", "5") == "2010-08-05");
    CHECK(numeric(dmy, "8", "5") == "2010-05-08");
    CHECK(numeric(mdy, "13", "5") == "2010-05-13");
    CHECK(numeric(dmy, "5", "13") == "2010-05-13");
  }

  TEST_CASE("a literal value is kept as the rule wrote it") {
    Timex t = resolve({{"value", "PRESENT_REF"}}, nullptr);
    CHECK(t.value == "PRESENT_REF");
    CHECK(t.type == TimexType::Date);
    Timex mod = resolve({{"year", "2009"}, {"mod", "START"}}, nullptr);
    CHECK(mod.value == "2009");
    CHECK(mod.mod == "START");
  }

  TEST_CASE("features the stage cannot use are reported, unknown ones ignored") {
    DateSpec spec;
    std::string error;
    CHECK_FALSE(parseDateSpec(features({{"unit", "yeer"}}), spec, error));
    CHECK(error.find("unit") != std::string::npos);
    DateSpec ok;
    CHECK(parseDateSpec(features({{"kind", "month-day"}, {"month", "3"}}), ok, error));
    CHECK(ok.fields.month == 3);
  }
}

TEST_SUITE("dates.anchor") {
  TEST_CASE("the first anchor source the document has wins") {
    AnchorChooser chooser({"report_year", "publication_date", "dct"}, "");
    glean::Features meta;
    meta.set("publication_date", "2010-08-05");
    CHECK(chooser.choose(meta)->label == "publication_date:2010-08-05");
    meta.set("report_year", glean::FeatureValue(std::int64_t{2009}));
    CHECK(chooser.choose(meta)->label == "report_year:2009");
    CHECK_FALSE(chooser.choose(glean::Features{}).has_value());
  }

  TEST_CASE("a fixed anchor and its errors") {
    AnchorChooser fixed({"dct", "fixed"}, "2009-01-01");
    CHECK(fixed.choose(glean::Features{})->label == "fixed:2009-01-01");
    CHECK_THROWS_AS(AnchorChooser({"fixed"}, ""), std::invalid_argument);
    CHECK_THROWS_AS(AnchorChooser({"dct"}, "soon"), std::invalid_argument);
  }
}
