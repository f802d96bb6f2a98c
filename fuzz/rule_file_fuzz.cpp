// glean/fuzz/rule_file_fuzz.cpp - fuzz target: a rule file (TOML + PCRE2) from arbitrary bytes
// SPDX-License-Identifier: Apache-2.0
//
// The input is written as a rule file beside the shipped layout rules (so their includes and
// lexicons resolve) and loaded. A located ConfigError is the expected answer to a bad file; any
// other exception, a crash, a hang or a sanitizer report is a finding. A file that loads has its
// examples run (each example text through the whole rule set) and is matched over the seed report;
// every match must be a span on character boundaries of the text. Small inputs (kPrefilterMaxBytes)
// are compiled with the Hyperscan prefilter, larger ones without it (see there).
#include "fuzz_checks.hpp"
#include "fuzz_support.hpp"

#include "diagnostics.hpp"
#include "rules/compiled_rule_set.hpp"
#include "rules/rule_tester.hpp"

#include <string>

namespace glean::fuzz {

namespace {

/// Inputs up to this size are compiled with the Hyperscan prefilter too. Compiling a larger rule
/// set's prefilter (hs_compile_multi, uninstrumented) costs about a second of CPU in a Release
/// build and several under ASan, which would leave the fuzzer a few inputs a minute and trip its
/// hang timeout on a loaded machine; PCRE2 alone matches the same spans (rules_prefilter_test.cpp
/// checks that exactness), so larger inputs exercise the loader and the matcher without it.
constexpr std::size_t kPrefilterMaxBytes = 2048;

}  // namespace

int ruleFileOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::filesystem::path file = rulesCopy() / "layout" / "fuzz-input.toml";
  writeInput(file, data, size);
  std::shared_ptr<rules::CompiledRuleSet> rule_set;
  rules::CompileOptions options;
  options.prefilter = size <= kPrefilterMaxBytes;
  try {
    rule_set = rules::CompiledRuleSet::load(file, options);
  } catch (const ConfigError&) {
    return 0;  // a located error: what the user sees
  } catch (const std::exception& e) {
    unexpected("rule file", std::string("load threw a ") + typeid(e).name() + ": " + e.what());
  }
  try {
    rules::runExamples(*rule_set);
    Document doc("seed", "seed", std::string(seedText()));
    doc.setCurrentStage("fuzz");
    rule_set->annotate(doc);
    checkDocument("rule file", doc);
  } catch (const std::exception& e) {
    unexpected("rule file", std::string("matching threw a ") + typeid(e).name() + ": " + e.what());
  }
  return 0;
}

}  // namespace glean::fuzz

GLEAN_FUZZ_ENTRY(glean::fuzz::ruleFileOneInput)
