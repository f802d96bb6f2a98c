// glean/plugins/segmenter/layout_profile.cpp - LayoutProfile: one report layout's rule file and settings
// SPDX-License-Identifier: Apache-2.0
#include "layout_profile.hpp"

#include "rule_types.hpp"
#include "text_scan.hpp"

#include <glean/error.hpp>

#include <charconv>
#include <stdexcept>

namespace glean_segmenter {
namespace {

MetaSchema readSchema(const glean::RuleSet& rules, const std::filesystem::path& file) {
  try {
    return MetaSchema(rules);
  } catch (const std::invalid_argument& e) {
    throw glean::StageError("layout '" + file.string() + "': " + e.what(), "layouts");
  }
}

}  // namespace

LayoutProfile::LayoutProfile(std::shared_ptr<const glean::RuleSet> rules, std::filesystem::path file)
    : rules_(std::move(rules)), file_(std::move(file)), meta_(readSchema(*rules_, file_)) {
  const glean::RuleSet& r = *rules_;
  auto fail = [&](const std::string& what) {
    throw glean::StageError("layout '" + file_.string() + "': " + what, "layouts");
  };
  auto setting = [&](std::string_view key) { return r.lookup("profile", key); };
  auto number = [&](std::string_view key, std::size_t& out) {
    auto v = setting(key);
    if (!v) return;
    std::size_t n = 0;
    auto [ptr, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
    if (ec != std::errc() || ptr != v->data() + v->size())
      fail("setting '" + std::string(key) + "' in lexicon 'profile' must be a whole number, not '" +
           *v + "'");
    out = n;
  };

  auto name = setting("layout");
  if (!name || name->empty())
    fail("no layout name: a layout rule file needs [lexicons.profile] with a 'layout' entry");
  settings_.name = *name;
  settings_.report_type = setting("report_type").value_or("");
  if (auto mode = setting("paragraphs")) {
    if (*mode == "blank-lines") settings_.paragraphs = ParagraphMode::BlankLines;
    else if (*mode == "wrapped") settings_.paragraphs = ParagraphMode::Wrapped;
    else if (*mode == "auto") settings_.paragraphs = ParagraphMode::Auto;
    else fail("setting 'paragraphs' is '" + *mode + "' (allowed: blank-lines, wrapped, auto)");
  }
  number("header_lines", settings_.header_lines);
  number("detect_bytes", settings_.detect_bytes);
  number("wrap_slack", settings_.wrap_slack);
  number("heading_lines", settings_.heading_lines);
  if (auto chars = setting("paragraph_end")) {
    settings_.paragraph_end.clear();
    for (std::size_t i = 0; i < chars->size();) {
      std::size_t n = 1;
      settings_.paragraph_end.push_back(decodeAt(*chars, i, &n));
      i += n;
    }
  }
  std::size_t min_score = 1;
  number("detect_min_score", min_score);
  settings_.detect_min_score = static_cast<long>(min_score);
  if (auto fb = setting("fallback")) {
    if (*fb != "true" && *fb != "false")
      fail("setting 'fallback' is '" + *fb + "' (allowed: true, false)");
    settings_.fallback = *fb == "true";
  }
}

long LayoutProfile::detectScore(glean::Document& doc) const {
  glean::MatchOptions options;
  options.types = {std::string(kDetect)};
  options.begin = doc.bodyBegin();
  options.end = doc.bodyBegin() + settings_.detect_bytes;
  long score = 0;
  for (const glean::RuleMatch& m : rules_->match(doc, options))
    score += m.features.integer("score").value_or(1);
  return score;
}

}  // namespace glean_segmenter
