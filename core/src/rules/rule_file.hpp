// glean/core/src/rules/rule_file.hpp - RuleFile: one parsed rule file, checked but not compiled
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "glean/error.hpp"
#include "glean/features.hpp"
#include "rules/lexicon.hpp"
#include "rules/source_text.hpp"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace glean::rules {

/// Pattern flags a rule may set with `flags = [...]`.
enum RuleFlag : unsigned {
  kCaseless = 1u << 0,   ///< "i"
  kMultiline = 1u << 1,  ///< "m": ^ and $ match at line breaks
  kDotAll = 1u << 2,     ///< "s": . matches a newline too
  kExtended = 1u << 3,   ///< "x": whitespace and # comments in the pattern are ignored
};

/// PCRE2 resource limits for a rule set's patterns.
struct MatchLimits {
  std::uint32_t match = 1'000'000;   ///< PCRE2 match limit (backtracking steps)
  std::uint32_t depth = 100'000;     ///< PCRE2 depth limit (interpreter only)
  std::uint32_t heap_kib = 20'000;   ///< PCRE2 heap limit (interpreter only)
};

/// A value of `include = [...]`: a path as written and the file it resolves to.
struct IncludeRef {
  std::string written;
  std::filesystem::path resolved;  ///< canonical: the identity of the file
  std::filesystem::path shown;     ///< as messages name it (relative to the including file's name)
  SourceLocation where;
};

struct MacroDef {
  std::string name;
  std::string pattern;
  StringRef where;  ///< the pattern string
};

/// One `features` entry: a typed literal, or a string template ("$cap", "@lex($cap)", text).
struct FeatureDef {
  std::string name;
  FeatureValue value;   ///< a string holds the template source
  bool is_template = false;
  StringRef where;      ///< the value (for strings: exact positions inside it)
};

/// One expected match of an example: its text and some of its features.
struct ExpectedMatch {
  std::string text;
  std::vector<std::pair<std::string, FeatureValue>> features;
};

/// `[[rule.example]]` (must match as stated) or `[[rule.counter]]` (must not match).
struct ExampleDef {
  std::string text;
  bool counter = false;
  /// Empty optional: "matches something" (the `match` key was left out).
  std::optional<std::vector<ExpectedMatch>> matches;
  SourceLocation where;  ///< the [[rule.example]] table
};

struct RuleDef {
  std::string id;
  std::string type;  ///< empty for a veto rule
  int priority = 0;
  unsigned flags = 0;
  std::string scope;  ///< annotation type to run inside; empty: the whole text
  bool veto = false;
  bool prefilter = true;  ///< false: PCRE2 runs over the whole text (see rules/README.md, "Speed")
  std::string pattern;
  StringRef pattern_ref;
  std::vector<FeatureDef> features;
  std::vector<ExampleDef> examples;
  SourceLocation where;  ///< the [[rule]] header
};

/// One rule file as written: header, macros, lexicons (TSV files already read) and rules.
struct RuleFile {
  std::filesystem::path path;  ///< canonical
  std::shared_ptr<const SourceText> source;
  std::string name;
  std::string version;
  std::string description;
  std::string default_type;
  std::optional<MatchLimits> limits;
  SourceLocation name_where;
  std::vector<IncludeRef> includes;
  std::vector<MacroDef> macros;
  std::vector<Lexicon> lexicons;
  std::vector<RuleDef> rules;
  /// Files read for this one besides itself (lexicon TSVs), for watch mode.
  std::vector<std::filesystem::path> data_files;
};

/// Reads and checks one rule file (not its includes). Throws ConfigError naming file:line:col for
/// a TOML syntax error, an unknown key (with the allowed keys), a wrong type, a bad flag, a
/// duplicate rule id, a bad TSV line or a missing include.
RuleFile parseRuleFile(const std::filesystem::path& file);

/// True when `file` is a TOML file with a top-level [ruleset] table (so `glean test DIR` can skip
/// pipelines and other TOML files). Never throws.
bool looksLikeRuleFile(const std::filesystem::path& file);

}  // namespace glean::rules
