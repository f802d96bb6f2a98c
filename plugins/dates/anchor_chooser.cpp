// glean/plugins/dates/anchor_chooser.cpp - AnchorChooser: the document anchor from metadata
// SPDX-License-Identifier: Apache-2.0
#include "anchor_chooser.hpp"

#include <stdexcept>
#include <variant>

namespace glean_dates {
namespace {

std::optional<TimePoint> pointOf(const glean::FeatureValue& v) {
  if (const auto* i = std::get_if<std::int64_t>(&v)) {
    if (*i < 1 || *i > 9999) return std::nullopt;
    TimePoint p;
    p.date = {static_cast<int>(*i), 1, 1};
    p.grain = Grain::Year;
    return p;
  }
  if (const auto* s = std::get_if<std::string>(&v)) return parseIsoPoint(*s);
  return std::nullopt;
}

}  // namespace

AnchorChooser::AnchorChooser(std::vector<std::string> sources, const std::string& fixed)
    : sources_(std::move(sources)) {
  for (const auto& s : sources_)
    if (s.empty()) throw std::invalid_argument("an anchor source name is empty");
  if (!fixed.empty()) {
    auto p = parseIsoPoint(fixed);
    if (!p) throw std::invalid_argument("anchor_date '" + fixed + "' is not an ISO 8601 date or year");
    fixed_ = Reference{*p, "fixed:" + formatPoint(*p)};
  }
  for (const auto& s : sources_)
    if (s == "fixed" && !fixed_)
      throw std::invalid_argument("anchor source 'fixed' needs anchor_date (e.g. \"2009-01-01\")");
}

std::optional<Reference> AnchorChooser::choose(const glean::Features& meta) const {
  for (const auto& source : sources_) {
    if (source == "fixed") return fixed_;
    const glean::FeatureValue* v = meta.find(source);
    if (v == nullptr) continue;
    if (auto p = pointOf(*v)) return Reference{*p, source + ":" + formatPoint(*p)};
  }
  return std::nullopt;
}

}  // namespace glean_dates
