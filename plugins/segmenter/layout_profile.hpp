// glean/plugins/segmenter/layout_profile.hpp - LayoutProfile: one report layout's rule file and settings
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "meta_schema.hpp"

#include <glean/document.hpp>
#include <glean/rules.hpp>

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>

namespace glean_segmenter {

/// How the lines of a body group into paragraphs.
enum class ParagraphMode {
  BlankLines,  ///< a blank line ends a paragraph; the lines between are one (hard-wrapped) paragraph
  Wrapped,     ///< text extracted from PDF: paragraphs end where a line stops short of the wrap width
  Auto,        ///< BlankLines when the body has blank lines, else Wrapped
};

/// The settings a layout's rule file gives in its `profile` lexicon, with their defaults.
struct LayoutSettings {
  std::string name;                 ///< `layout`: the profile name (meta `layout`)
  std::string report_type;          ///< `report_type`: meta report_type unless a rule sets it
  ParagraphMode paragraphs = ParagraphMode::BlankLines;  ///< `paragraphs`
  std::size_t header_lines = 12;    ///< `header_lines`: non-blank lines the header may span
  std::size_t detect_bytes = 4096;  ///< `detect_bytes`: how far Detect rules look
  long detect_min_score = 1;        ///< `detect_min_score`: the score the layout needs to apply
  std::size_t wrap_slack = 0;       ///< `wrap_slack`: columns of tolerance in the wrap-width test
  std::size_t heading_lines = 4;    ///< `heading_lines`: lines a wrapped heading may span
  /// `paragraph_end`: the characters a line must end with to end a paragraph in Wrapped mode.
  std::u32string paragraph_end = U".!?:\"\u201D)";
  bool fallback = false;            ///< `fallback`: used (with a warning) when nothing matched
};

/// A report layout: its compiled rule file, its settings and its metadata schema. Immutable after
/// construction, shared by all threads.
class LayoutProfile {
 public:
  /// Reads the settings; throws glean::StageError naming the file for a missing or bad setting.
  LayoutProfile(std::shared_ptr<const glean::RuleSet> rules, std::filesystem::path file);

  const LayoutSettings& settings() const { return settings_; }
  const std::string& name() const { return settings_.name; }
  const glean::RuleSet& rules() const { return *rules_; }
  const MetaSchema& meta() const { return meta_; }
  const std::filesystem::path& file() const { return file_; }

  /// The sum of the `score` features (1 when absent) of the Detect rules matching in the first
  /// detect_bytes of the document.
  long detectScore(glean::Document& doc) const;

 private:
  std::shared_ptr<const glean::RuleSet> rules_;
  std::filesystem::path file_;
  LayoutSettings settings_;
  MetaSchema meta_;
};

}  // namespace glean_segmenter
