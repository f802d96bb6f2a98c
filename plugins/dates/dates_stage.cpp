// glean/plugins/dates/dates_stage.cpp - the dates stage: TIMEX3 annotations from date rules
// SPDX-License-Identifier: Apache-2.0
#include "dates_stage.hpp"

#include <stdexcept>

namespace glean_dates {
namespace {

Direction directionParam(const glean::Params& params, const char* name) {
  auto d = parseDirection(params.str(name));
  if (!d || *d == Direction::Auto)
    throw glean::StageError("'" + std::string(name) + "' must be one of same, past, future, nearest, "
                            "past-or-same, future-or-same", name);
  return *d;
}

const std::vector<std::string> kDirections = {"same",         "past",          "future", "nearest",
                                              "past-or-same", "future-or-same"};

}  // namespace

Policy DatesStage::policyFrom(const glean::Params& params) {
  Policy p;
  p.relative_to = params.str("relative_to") == "previous" ? RelativeTo::Previous : RelativeTo::Anchor;
  p.yearless = directionParam(params, "yearless");
  p.weekday = directionParam(params, "weekday");
  p.day_first = params.str("numeric_order") == "dmy";
  p.format.x_decades = params.boolean("x_decades");
  p.format.zones = params.boolean("zones");
  return p;
}

DatesStage::DatesStage(const glean::StageArgs& args)
    : resolver_(policyFrom(args.params)), logger_(args.logger) {
  if (args.host == nullptr) throw glean::StageError("the dates stage needs the host's rule engine");
  rules_ = args.host->loadRules(args.params.path("rules"));
  try {
    anchors_.emplace(args.params.list("anchor"), args.params.str("anchor_date"));
  } catch (const std::invalid_argument& e) {
    throw glean::StageError(e.what(), "anchor");
  }
  try {
    cues_.load(*rules_, args.params.integer("cue_window"));
  } catch (const std::invalid_argument& e) {
    throw glean::StageError(std::string(e.what()) + " (in " + args.params.str("rules") + ")",
                            "rules");
  }
  match_options_.types = {"TIMEX3"};
  logger_->debug("rules '{}' from {}; anchors: {} source(s); {} direction cue(s)", rules_->name(),
                 args.params.str("rules"), args.params.list("anchor").size(), cues_.size());
}

void DatesStage::describe(glean::PluginDescription& d) {
  d.help =
      "Finds dates, times, durations and frequencies with a rule file and normalizes them to "
      "TIMEX3 values (2009-01-10, 2009-W12, P3Y, PRESENT_REF...). The rules say what to compute "
      "(calendar fields, offsets, units, amounts); the stage does the calendar arithmetic and "
      "anchors relative and yearless expressions on the document (its creation time, "
      "publication date or report year, from metadata) or on the last date mentioned. Adds "
      "TIMEX3 annotations with type, value, begin/end (ranges), anchor, mod, quant, freq, age, "
      "invalid.";
  using glean::ParamSpec;
  using glean::ParamType;
  d.params = {
      ParamSpec("rules", ParamType::Path, "the date rule file (e.g. rules/dates/en/dates.toml)")
          .require(),
      ParamSpec("anchor", ParamType::StringList,
                "where the document anchor comes from, first found wins: metadata keys holding an "
                "ISO date or a year (dct, report_year, publication_date, ...) or 'fixed' "
                "(anchor_date)")
          .byDefault(std::vector<std::string>{"dct", "report_year", "publication_date"}),
      ParamSpec("anchor_date", ParamType::String,
                "the date the 'fixed' anchor source stands for (ISO 8601: 2009-01-01, 2009)")
          .byDefault(""),
      ParamSpec("relative_to", ParamType::String,
                "what relative and yearless expressions resolve against when their rule does not "
                "say: the document anchor or the previous date mentioned")
          .byDefault("anchor")
          .oneOf({"anchor", "previous"}),
      ParamSpec("yearless", ParamType::String,
                "which year a month or day without one means, relative to a day-precise anchor")
          .byDefault("nearest")
          .oneOf(kDirections),
      ParamSpec("weekday", ParamType::String,
                "which day a bare weekday ('on Monday') means, relative to a day-precise anchor")
          .byDefault("past-or-same")
          .oneOf(kDirections),
      ParamSpec("numeric_order", ParamType::String,
                "numeric dates such as 8/5/2010: month first (mdy) or day first (dmy)")
          .byDefault("mdy")
          .oneOf({"mdy", "dmy"}),
      ParamSpec("x_decades", ParamType::Boolean, "write decades as 199X instead of TimeML's 199")
          .byDefault(false),
      ParamSpec("zones", ParamType::Boolean,
                "write a time's zone in its value (2016-05-27T08:49Z); TempEval writes local "
                "times without one")
          .byDefault(true),
      ParamSpec("cue_window", ParamType::Integer,
                "words before a weekday or yearless date searched for the rule file's "
                "direction_cues lexicon ('will', 'next' -> future); 0 turns cues off")
          .byDefault(std::int64_t{8}),
  };
  d.provides = {"TIMEX3"};
}

std::vector<std::string> DatesStage::needs() const { return rules_->scopeTypes(); }

std::vector<std::string> DatesStage::provides() const { return {"TIMEX3"}; }

void DatesStage::process(glean::Document& doc) {
  std::vector<glean::RuleMatch> matches = rules_->match(doc, match_options_);
  if (matches.empty()) return;
  std::optional<Reference> anchor = anchors_->choose(doc.meta());
  // The last date mentioned, and the last one precise to the day: "the following day" after
  // "September 22 ... last year" still means September 23.
  std::optional<Reference> previous;
  std::optional<Reference> previous_day;
  std::string error;
  for (glean::RuleMatch& m : matches) {
    if (m.type != "TIMEX3") continue;
    DateSpec spec;
    if (!parseDateSpec(m.features, spec, error)) {
      doc.addIssue("rule gives a feature the dates stage cannot use: " + error, m.rule, m.begin);
      continue;
    }
    if (spec.direction == Direction::Auto && spec.cues && cues_.size() > 0) {
      if (auto cue = cues_.directionBefore(doc.text(), m.begin)) spec.cue = *cue;
    }
    const Reference* prev = previous ? &*previous : nullptr;
    bool needs_day = (spec.unit && *spec.unit >= Grain::Week) || spec.fields.weekday != kUnset;
    if (needs_day && prev != nullptr && prev->point.grain < Grain::Day && previous_day)
      prev = &*previous_day;
    Timex t = resolver_.resolve(spec, anchor ? &*anchor : nullptr, prev);
    glean::Annotation& a = doc.annotate("TIMEX3", m.begin, m.end, m.rule);
    write(t, a.features);
    // A comparison ("from a year ago") names a period without moving the narrative there.
    if (t.point && t.point->year_known && spec.relative_to != RelativeTo::Period &&
        (t.type == TimexType::Date || t.type == TimexType::Time)) {
      if (!previous) previous.emplace();
      previous->point = *t.point;
      previous->label = "previous:" + formatPoint(*t.point, resolver_.policy().format);
      if (t.point->grain >= Grain::Day) previous_day = previous;
    }
  }
}

void DatesStage::write(const Timex& t, glean::Features& f) {
  f.set("type", timexTypeName(t.type));
  if (!t.value.empty()) f.set("value", t.value);
  if (!t.begin.empty()) f.set("begin", t.begin);
  if (!t.end.empty()) f.set("end", t.end);
  if (!t.anchor.empty()) f.set("anchor", t.anchor);
  if (!t.mod.empty()) f.set("mod", t.mod);
  if (!t.quant.empty()) f.set("quant", t.quant);
  if (!t.freq.empty()) f.set("freq", t.freq);
  if (t.age) f.set("age", glean::FeatureValue(true));
  if (t.invalid) f.set("invalid", glean::FeatureValue(true));
}

}  // namespace glean_dates

GLEAN_DEFINE_PLUGIN(glean_dates::DatesStage, "dates", "1.0.0",
                    "Date normalizer: TIMEX3 dates, times, durations and sets from rule files")
