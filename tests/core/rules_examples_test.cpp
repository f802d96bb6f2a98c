// glean/tests/core/rules_examples_test.cpp - inline examples (`glean test`) and the rule registry
// SPDX-License-Identifier: Apache-2.0
#include "rules/rule_registry.hpp"
#include "rules/rule_tester.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>

namespace fs = std::filesystem;
using glean::rules::CompiledRuleSet;
using glean::rules::RuleRegistry;

namespace {

const char* const kExamples = R"toml([ruleset]
name = "e"
type = "T"

[[rule]]
id = "num"
pattern = '(?<n>\d+)'

[[rule.example]]
text = "a 12 b"
match = "12"
features = { n = "13" }

[[rule.example]]
text = "a 12 b 7"
match = "12"

[[rule.counter]]
text = "x 5"

[[rule.example]]
text = "none"

[[rule.example]]
text = "3 and 4"
match = [{ text = "3", features = { n = 3 } }, "4"]

[[rule.example]]
text = "5 years"
match = "5"

[[rule.counter]]
text = "no 5"

[[rule]]
id = "long"
priority = 1
pattern = '\d+ years'

[[rule.example]]
text = "5 years"

[[rule]]
id = "veto"
veto = true
pattern = 'no\s+\d+'

[[rule.example]]
text = "no 5"
match = "no 5"
)toml";

const glean::rules::ExampleResult* resultAt(const glean::rules::TestReport& r, int line) {
  for (const auto& x : r.results)
    if (x.where.line == line) return &x;
  return nullptr;
}

}  // namespace

TEST_SUITE("rules_examples") {

TEST_CASE("the example rule files pass their own examples") {
  RuleRegistry registry;
  auto report = glean::rules::runExampleFiles({fs::path(GLEAN_SOURCE_DIR) / "rules/examples"},
                                              registry);
  for (const auto& r : report.results)
    if (!r.passed) MESSAGE(r.describe());
  for (const auto& e : report.errors) MESSAGE(e);
  CHECK(report.errors.empty());
  CHECK(report.results.size() == 20);
  CHECK(report.failed() == 0);
  CHECK(report.summary() == "20 passed, 0 failed");
}

TEST_CASE("each example reports expected against got, with the reason a candidate lost") {
  fs::path dir = glean::test::freshDir("rules_examples_fail");
  glean::test::writeFile(dir / "e.toml", kExamples);
  auto rules = CompiledRuleSet::load(dir / "e.toml");
  auto report = glean::rules::runExamples(*rules);
  REQUIRE(report.results.size() == 9);
  CHECK(report.summary() == "4 passed, 5 failed");
  std::string f = (dir / "e.toml").string();

  const auto* features = resultAt(report, 9);
  REQUIRE(features != nullptr);
  CHECK_FALSE(features->passed);
  CHECK(features->describe() ==
        f + ":9:1: rule 'e:num' example 'a 12 b': expected '12' {n=13}, got '12' {n=12}");

  const auto* two = resultAt(report, 14);
  CHECK(two->describe() ==
        f + ":14:1: rule 'e:num' example 'a 12 b 7': expected '12', got '12' {n=12}, '7' {n=7}");

  const auto* counter = resultAt(report, 18);
  CHECK(counter->counter);
  CHECK(counter->describe() ==
        f + ":18:1: rule 'e:num' counter-example 'x 5': expected no match, got '5' {n=5}");

  const auto* any = resultAt(report, 21);
  CHECK(any->describe() == f + ":21:1: rule 'e:num' example 'none': expected a match, got no match");

  CHECK(resultAt(report, 24)->passed);  // typed expectations compare as text: 3 equals "3"

  const auto* lost = resultAt(report, 28);
  CHECK(lost->describe() == f + ":28:1: rule 'e:num' example '5 years': expected '5', got no match; "
                                "'5' lost: lower priority (0 < 1) than e:long [0,7)");

  CHECK(resultAt(report, 32)->passed);  // the veto takes "5" away from "no 5"
  CHECK(resultAt(report, 40)->passed);  // a rule without `match` needs some match
  CHECK(resultAt(report, 48)->passed);  // a veto's examples check the veto's own matches
}

TEST_CASE("examples run once per location across files, broken files are errors") {
  fs::path dir = glean::test::freshDir("rules_examples_files");
  glean::test::writeFile(dir / "lib/inc.toml", R"toml([ruleset]
name = "inc"
type = "T"
[[rule]]
id = "x"
pattern = 'x'
[[rule.example]]
text = "x"
match = "x"
)toml");
  glean::test::writeFile(dir / "main.toml", R"toml([ruleset]
name = "main"
include = ["lib/inc.toml"]
type = "T"
[[rule]]
id = "y"
pattern = 'y'
[[rule.counter]]
text = "x"
)toml");
  glean::test::writeFile(dir / "broken.toml", "[ruleset]\nname = \"b\"\n[[rule]]\nid = = 1\n");
  glean::test::writeFile(dir / "pipeline.toml", "[pipeline]\nname = \"p\"\n");
  RuleRegistry registry;
  auto report = glean::rules::runExampleFiles({dir}, registry);
  CHECK(report.results.size() == 2);
  REQUIRE(report.errors.size() == 1);
  CHECK(report.errors[0].find((dir / "broken.toml").string() + ":4:") == 0);
  CHECK(report.summary() == "2 passed, 1 failed");
}

TEST_CASE("the registry shares a compiled file and compiles it again when it changes") {
  fs::path dir = glean::test::freshDir("rules_registry");
  fs::path f = dir / "r.toml";
  glean::test::writeFile(dir / "words.tsv", "a\t1\n");
  glean::test::writeFile(f, "[ruleset]\nname = \"r\"\n[lexicons.w]\nfile = \"words.tsv\"\n");
  RuleRegistry registry;
  auto first = registry.load(f);
  CHECK(registry.load(dir / "." / "r.toml") == first);  // the same file by another name
  CHECK_FALSE(registry.stale(f));
  CHECK(first->lookup("w", "a") == std::optional<std::string>("1"));

  // A lexicon file is a dependency too.
  glean::test::writeFile(dir / "words.tsv", "a\t2\nb\t3\n");
  CHECK(registry.stale(f));
  auto second = registry.load(f);
  CHECK(second != first);
  CHECK(second->lookup("w", "a") == std::optional<std::string>("2"));
  CHECK(first->lookup("w", "a") == std::optional<std::string>("1"));  // still usable

  // A broken edit throws, and the last good rule set stays in use by whoever holds it.
  glean::test::writeFile(f, "[ruleset]\nname = \"r\"\n[[rule]]\nid = \"x\"\ntype = \"T\"\npattern = '('\n");
  CHECK_THROWS_AS(registry.load(f), glean::ConfigError);
  CHECK(second->lookup("w", "b") == std::optional<std::string>("3"));
  glean::test::writeFile(f, "[ruleset]\nname = \"r\"\n[[rule]]\nid = \"x\"\ntype = \"T\"\npattern = 'ok'\n");
  auto third = registry.load(f);
  CHECK(third->rules().size() == 1);
  CHECK(registry.loaded().size() == 1);

  registry.setProfiling(true);
  glean::Document doc("d", "d", "ok ok");
  third->match(doc);
  auto profile = registry.profile();
  auto it = std::find_if(profile.begin(), profile.end(),
                         [](const auto& p) { return p.rule == "r:x"; });
  REQUIRE(it != profile.end());
  CHECK(it->matches == 2);

  CHECK_THROWS_AS(registry.load(dir / "missing.toml"), glean::ConfigError);
}

}  // TEST_SUITE
