// glean/plugins/rules/rules_stage.cpp - applies a rule file: each winning match becomes an annotation
// SPDX-License-Identifier: Apache-2.0
#include <glean/sdk.hpp>

#include <algorithm>
#include <string>
#include <vector>

namespace glean_rules_stage {
namespace {

/// The generic rule stage: a rule file whose matches are the annotations, no code. Useful on its
/// own (a user's ruleset), and the simplest example of a stage using the rule engine.
class RulesStage : public glean::Stage {
 public:
  explicit RulesStage(const glean::StageArgs& args) {
    if (args.host == nullptr) throw glean::StageError("the host offers no rule engine");
    rules_ = args.host->loadRules(args.params.path("file"));
    options_.keep_overlaps = args.params.boolean("keep_overlaps");
    options_.types = args.params.list("types");
    std::vector<std::string> made = rules_->emittedTypes();
    for (const std::string& t : options_.types) {
      if (std::find(made.begin(), made.end(), t) != made.end()) continue;
      std::string list;
      for (const std::string& m : made) list += (list.empty() ? "'" : ", '") + m + "'";
      throw glean::StageError("type '" + t + "' is made by no rule of '" + rules_->name() +
                                  "' (its rules make " + (list.empty() ? "nothing" : list) + ")",
                              "types");
    }
  }

  static void describe(glean::PluginDescription& d) {
    d.help =
        "Applies a rule file (see rules/README.md): every match that survives vetoes and overlap "
        "resolution becomes an annotation of its rule's type, with the rule's features and "
        "provenance (ruleset:rule-id). Rules scoped to a type (scope = \"Sentence\") need an "
        "earlier stage that makes it.";
    using glean::ParamSpec;
    using glean::ParamType;
    d.params = {
        ParamSpec("file", ParamType::Path, "the rule file").require(),
        ParamSpec("types", ParamType::StringList, "only the rules that make these types (empty: all)")
            .byDefault(std::vector<std::string>{}),
        ParamSpec("keep_overlaps", ParamType::Boolean,
                  "keep every match instead of resolving overlaps (vetoes still apply)")
            .byDefault(false),
    };
  }

  void process(glean::Document& doc) override { rules_->annotate(doc, options_); }

  std::vector<std::string> needs() const override { return rules_->scopeTypes(); }
  std::vector<std::string> provides() const override {
    return options_.types.empty() ? rules_->emittedTypes() : options_.types;
  }

 private:
  std::shared_ptr<const glean::RuleSet> rules_;
  glean::MatchOptions options_;
};

}  // namespace
}  // namespace glean_rules_stage

GLEAN_DEFINE_PLUGIN(glean_rules_stage::RulesStage, "rules", "1.0.0",
                    "applies a rule file: each winning match becomes an annotation")
