// glean/core/src/rules/compiled_rule_set.hpp - CompiledRuleSet: the engine's glean::RuleSet
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "glean/error.hpp"
#include "glean/rules.hpp"
#include "rules/prefilter.hpp"
#include "rules/rule_file.hpp"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace glean::rules {

/// How rule files are compiled.
struct CompileOptions {
  /// Use the Hyperscan prefilter. Off: every rule runs PCRE2 over the whole text (the reference
  /// the exactness test compares against).
  bool prefilter = true;
  /// JIT-compile the PCRE2 patterns (falls back to the interpreter, with a warning, when it fails).
  bool jit = true;
  /// Overrides every file's own limits (match_limit, depth_limit, heap_limit_kib).
  std::optional<MatchLimits> limits;
};

/// A rule as `glean rules` shows it.
struct RuleInfo {
  std::string name;     ///< "ruleset:rule-id"
  std::string ruleset;
  std::string id;
  std::string type;     ///< empty for a veto rule
  std::string scope;    ///< empty: the whole text
  int priority = 0;
  bool veto = false;
  unsigned flags = 0;   ///< RuleFlag bits
  SourceLocation where; ///< the [[rule]] header
  std::string pattern;  ///< as written
  std::string expanded; ///< after macros and lexicons: what PCRE2 compiles
  bool jit = false;
  FilterPlan filter;    ///< how the prefilter narrows the rule's search
  std::vector<ExampleDef> examples;
};

/// Per-rule counters for `glean run --profile`.
struct RuleProfile {
  std::string rule;     ///< "ruleset:rule-id", or "ruleset:(prefilter)" for the Hyperscan pass
  std::string source;   ///< "file:line"
  std::uint64_t runs = 0;     ///< subjects (texts or scope spans) the rule was run over
  std::uint64_t matches = 0;  ///< candidates it proposed
  std::uint64_t nanos = 0;    ///< time spent in it
};

/// A compiled rule file with its includes. Implements glean::RuleSet; the extra methods serve the
/// CLI (`glean rules`, `glean test`, `--profile`, watch mode).
class CompiledRuleSet final : public glean::RuleSet {
 public:
  /// Reads, checks and compiles `file` and its includes. Throws ConfigError naming file:line:col.
  static std::shared_ptr<CompiledRuleSet> load(const std::filesystem::path& file,
                                               const CompileOptions& options = {});
  ~CompiledRuleSet() override;
  CompiledRuleSet(const CompiledRuleSet&) = delete;
  CompiledRuleSet& operator=(const CompiledRuleSet&) = delete;

  // glean::RuleSet
  const std::string& name() const override;
  std::vector<RuleMatch> match(Document& doc, const MatchOptions& options = {}) const override;
  std::size_t annotate(Document& doc, const MatchOptions& options = {}) const override;
  std::optional<std::string> lookup(std::string_view lexicon, std::string_view key) const override;
  std::vector<std::pair<std::string, std::string>> lexicon(std::string_view lexicon) const override;
  std::vector<std::string> emittedTypes() const override;
  std::vector<std::string> scopeTypes() const override;
  std::string ruleSource(std::string_view rule) const override;

  /// The root file (canonical).
  const std::filesystem::path& path() const;
  /// Every file this rule set was built from (rule files and lexicon TSVs), for watch mode.
  std::vector<std::filesystem::path> dependencies() const;
  /// Every rule, in rule order (included files first).
  std::vector<RuleInfo> rules() const;
  /// One rule by "ruleset:rule-id" or "rule-id" (the root file's rule first), or nullopt.
  std::optional<RuleInfo> rule(std::string_view name) const;

  /// Turns per-rule timing on or off (off costs one relaxed atomic load per match() call).
  void setProfiling(bool on) const;
  /// The counters so far, slowest first.
  std::vector<RuleProfile> profile() const;
  void resetProfile() const;

 private:
  CompiledRuleSet();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// The fully expanded pattern of a rule ("ruleset:rule-id" or "rule-id") of a rule set loaded by
/// this engine. Throws std::invalid_argument for an unknown rule or a foreign RuleSet.
std::string expandedPattern(const glean::RuleSet& rules, std::string_view rule);

}  // namespace glean::rules
