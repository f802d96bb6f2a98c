// glean/plugins/dates/resolver.hpp - Resolver: turns a DateSpec into TIMEX3 values, given anchors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "date_spec.hpp"
#include "time_point.hpp"

#include <optional>
#include <string>

namespace glean_dates {

/// A point relative and yearless expressions can be resolved against, with the label the
/// `anchor` feature records ("dct:1998-02-06", "report_year:2009", "previous:2009-09-22").
struct Reference {
  TimePoint point;
  std::string label;
};

/// The anchoring policy a pipeline chooses (the dates stage's parameters).
struct Policy {
  /// What deictic and yearless expressions resolve against when their rule does not say.
  RelativeTo relative_to = RelativeTo::Anchor;
  /// Which occurrence a month/day without a year means when the rule does not say.
  Direction yearless = Direction::Nearest;
  /// Which occurrence a bare weekday means when the rule does not say.
  Direction weekday = Direction::PastOrSame;
  /// Numeric dates ("8/5/2010"): day first (5 August) instead of month first (August 5).
  bool day_first = false;
  TimexFormat format;
};

/// The TIMEX3 features of one expression.
struct Timex {
  TimexType type = TimexType::Date;
  std::string value;  ///< empty when it cannot be normalized
  std::string begin;  ///< range ends, for ranges only
  std::string end;
  std::string anchor;  ///< what a relative or yearless value was resolved against
  std::string mod;
  std::string quant;
  std::string freq;
  bool age = false;
  bool invalid = false;  ///< looks like a date that does not exist (February 30)
  /// The point a DATE/TIME resolved to (a range: its end), for "the last date mentioned".
  std::optional<TimePoint> point;
};

/// Stateless: every call gets the references it may use, so one Resolver serves all threads.
class Resolver {
 public:
  explicit Resolver(Policy policy) : policy_(std::move(policy)) {}

  /// `anchor`: the document's anchor (may be null); `previous`: the last date mentioned (may be
  /// null). Never throws.
  Timex resolve(const DateSpec& spec, const Reference* anchor, const Reference* previous) const;

  const Policy& policy() const { return policy_; }

 private:
  struct PointResult {
    std::optional<TimePoint> point;
    std::string value;  ///< the value (also set for unresolved "XXXX-01-10" forms)
    std::string anchor;
    bool invalid = false;
  };
  PointResult resolvePoint(const Fields& fields, const DateSpec& spec, const Reference* anchor,
                           const Reference* previous, bool is_end) const;
  PointResult resolveRelative(const Fields& fields, const DateSpec& spec, const Reference* anchor,
                              const Reference* previous) const;
  PointResult resolveYearless(const Fields& fields, const DateSpec& spec, const Reference* anchor,
                              const Reference* previous, bool is_end) const;

  Policy policy_;
};

/// "P3Y", "PT30M", "PXW" ... for `amount` of `unit` (fractions move to a smaller unit: 1.5 years is
/// P18M). `known` false gives the X form.
std::string formatDuration(double amount, bool known, Grain unit);

/// The value of fields no reference could complete: "XXXX-01-10", "XXXX-WXX-5", "XXXX-SU".
std::string unresolvedValue(const Fields& fields);
/// An unknown value at a grain: "XXXX-XX-XX" for a day, "XXXX-QX" for a quarter.
std::string unknownAt(Grain grain);

}  // namespace glean_dates
