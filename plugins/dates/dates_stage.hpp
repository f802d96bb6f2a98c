// glean/plugins/dates/dates_stage.hpp - the dates stage: TIMEX3 annotations from date rules
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "anchor_chooser.hpp"
#include "date_spec.hpp"
#include "direction_cues.hpp"
#include "resolver.hpp"

#include <glean/sdk.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace glean_dates {

/// Runs the date rule file over a document and turns each TIMEX3 match's features into TIMEX3
/// values. Holds no per-document state: the anchor and the last date mentioned live in process().
class DatesStage : public glean::Stage {
 public:
  explicit DatesStage(const glean::StageArgs& args);
  static void describe(glean::PluginDescription& d);

  void process(glean::Document& doc) override;
  std::vector<std::string> needs() const override;
  std::vector<std::string> provides() const override;

  /// The TIMEX3 features of `t` (the contract in docs/annotations.md).
  static void write(const Timex& t, glean::Features& features);

 private:
  static Policy policyFrom(const glean::Params& params);

  std::shared_ptr<const glean::RuleSet> rules_;
  std::optional<AnchorChooser> anchors_;
  Resolver resolver_;
  DirectionCues cues_;
  glean::MatchOptions match_options_;
  std::shared_ptr<spdlog::logger> logger_;
};

}  // namespace glean_dates
