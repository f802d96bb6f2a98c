// glean/core/src/rules/rule_tester.hpp - runs the inline examples of rule files (`glean test`)
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "glean/error.hpp"
#include "rules/compiled_rule_set.hpp"
#include "rules/rule_registry.hpp"

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace glean::rules {

/// The outcome of one [[rule.example]] or [[rule.counter]].
struct ExampleResult {
  std::string rule;      ///< "ruleset:rule-id"
  SourceLocation where;  ///< the example's table in its file
  bool counter = false;
  bool passed = false;
  std::string text;      ///< the example text
  std::string expected;  ///< e.g. "'January 10' {month=01, day=10}", "no match"
  std::string got;       ///< the same form; losing candidates of the rule are named too

  /// One line for a failure: "file:line:col: rule 'x' example: expected ..., got ...".
  std::string describe() const;
};

struct TestReport {
  std::vector<ExampleResult> results;
  /// Rule files that did not load (rendered ConfigErrors); each counts as a failure.
  std::vector<std::string> errors;

  std::size_t passed() const;
  std::size_t failed() const;
  /// "N passed, N failed".
  std::string summary() const;
};

/// Runs every example and counter-example of a rule set (its includes too). Each example text is a
/// document of its own, run through the whole rule set (so vetoes and priorities apply), with one
/// annotation of every scope type the rules use spanning the whole text. An example passes when
/// the rule's winning matches are exactly the expected texts, in order, each with the expected
/// features (compared as text: 10 equals "10"); a counter-example passes when the rule wins
/// nothing. A veto rule's examples are checked against its own matches.
TestReport runExamples(const CompiledRuleSet& rules);

/// Runs the examples of several rule sets; an example reached through several of them (an
/// included file) runs once.
TestReport runExampleSets(const std::vector<std::shared_ptr<const CompiledRuleSet>>& sets);

/// Runs the examples of rule files and folders (folders: every rule file below, recursively;
/// TOML files without a [ruleset] table are skipped). An example reached through several files
/// (an included file) runs once. A file that fails to load is recorded in `errors`.
TestReport runExampleFiles(const std::vector<std::filesystem::path>& inputs,
                           RuleRegistry& registry);

}  // namespace glean::rules
