// glean/core/src/rules/rule_tester.cpp - runs the inline examples of rule files (`glean test`)
// SPDX-License-Identifier: Apache-2.0
#include "rules/rule_tester.hpp"

#include <algorithm>
#include <set>

namespace glean::rules {
namespace {

namespace fs = std::filesystem;

struct Got {
  std::string text;
  const Features* features;
};

std::string quote(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\n')
      out += "\\n";
    else
      out.push_back(c);
  }
  return out + "'";
}

std::string featureList(const Features& f) {
  std::string out;
  for (const auto& [k, v] : f) {
    if (!out.empty()) out += ", ";
    out += k + "=" + toString(v);
  }
  return "{" + out + "}";
}

std::string featureList(const std::vector<std::pair<std::string, FeatureValue>>& f) {
  Features tmp;
  for (const auto& [k, v] : f) tmp.set(k, v);
  return featureList(tmp);
}

std::string describeGot(const std::vector<Got>& got) {
  if (got.empty()) return "no match";
  std::string out;
  for (const Got& g : got) {
    if (!out.empty()) out += ", ";
    out += quote(g.text);
    if (g.features != nullptr && !g.features->empty()) out += " " + featureList(*g.features);
  }
  return out;
}

std::string describeExpected(const ExampleDef& ex) {
  if (ex.counter) return "no match";
  if (!ex.matches) return "a match";
  if (ex.matches->empty()) return "no match";
  std::string out;
  for (const ExpectedMatch& m : *ex.matches) {
    if (!out.empty()) out += ", ";
    out += quote(m.text);
    if (!m.features.empty()) out += " " + featureList(m.features);
  }
  return out;
}

bool featuresAgree(const std::vector<std::pair<std::string, FeatureValue>>& expected,
                   const Features& got) {
  for (const auto& [k, v] : expected) {
    const FeatureValue* g = got.find(k);
    if (g == nullptr || toString(*g) != toString(v)) return false;
  }
  return true;
}

ExampleResult runOne(const CompiledRuleSet& rules, const RuleInfo& rule, const ExampleDef& ex) {
  ExampleResult r;
  r.rule = rule.name;
  r.where = ex.where;
  r.counter = ex.counter;
  r.text = ex.text;
  r.expected = describeExpected(ex);

  Document doc("example", ex.where.str(), ex.text);
  for (const std::string& scope : rules.scopeTypes()) doc.annotate(scope, 0, ex.text.size());
  doc.setTraced(true);
  std::vector<RuleMatch> matches = rules.match(doc);

  std::vector<Got> got;
  std::vector<std::string> lost;
  if (rule.veto) {
    for (const Candidate& c : doc.candidates())
      if (c.rule == rule.name && c.type == "(veto)")
        got.push_back({std::string(doc.slice(c.begin, c.end)), nullptr});
  } else {
    for (const RuleMatch& m : matches)
      if (m.rule == rule.name) got.push_back({std::string(doc.slice(m.begin, m.end)), &m.features});
    for (const Candidate& c : doc.candidates())
      if (c.rule == rule.name && !c.won)
        lost.push_back(quote(doc.slice(c.begin, c.end)) + " lost: " + c.reason);
  }
  for (const DocumentIssue& issue : doc.issues()) lost.push_back("issue: " + issue.message);

  if (ex.counter) {
    r.passed = got.empty();
  } else if (!ex.matches) {
    r.passed = !got.empty();
  } else {
    const auto& want = *ex.matches;
    r.passed = want.size() == got.size();
    for (std::size_t i = 0; r.passed && i < want.size(); ++i)
      r.passed = want[i].text == got[i].text &&
                 (got[i].features == nullptr ? want[i].features.empty()
                                             : featuresAgree(want[i].features, *got[i].features));
  }
  r.got = describeGot(got);
  if (!r.passed)
    for (const std::string& l : lost) r.got += "; " + l;
  return r;
}

}  // namespace

std::string ExampleResult::describe() const {
  return where.str() + ": rule '" + rule + "' " + (counter ? "counter-example " : "example ") +
         quote(text) + ": expected " + expected + ", got " + got;
}

std::size_t TestReport::passed() const {
  return static_cast<std::size_t>(
      std::count_if(results.begin(), results.end(), [](const ExampleResult& r) { return r.passed; }));
}

std::size_t TestReport::failed() const { return results.size() - passed() + errors.size(); }

std::string TestReport::summary() const {
  return std::to_string(passed()) + " passed, " + std::to_string(failed()) + " failed";
}

TestReport runExamples(const CompiledRuleSet& rules) {
  TestReport report;
  for (const RuleInfo& rule : rules.rules())
    for (const ExampleDef& ex : rule.examples) report.results.push_back(runOne(rules, rule, ex));
  return report;
}

TestReport runExampleFiles(const std::vector<fs::path>& inputs, RuleRegistry& registry) {
  TestReport report;
  std::vector<fs::path> files;
  for (const fs::path& in : inputs) {
    if (fs::is_directory(in)) {
      std::vector<fs::path> found;
      for (const auto& e : fs::recursive_directory_iterator(in))
        if (e.is_regular_file() && e.path().extension() == ".toml" && looksLikeRuleFile(e.path()))
          found.push_back(e.path());
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else {
      files.push_back(in);
    }
  }
  std::vector<std::shared_ptr<const CompiledRuleSet>> sets;
  for (const fs::path& f : files) {
    try {
      sets.push_back(registry.load(f));
    } catch (const ConfigError& e) {
      report.errors.push_back(e.what());
    }
  }
  TestReport ran = runExampleSets(sets);
  report.results = std::move(ran.results);
  return report;
}

TestReport runExampleSets(const std::vector<std::shared_ptr<const CompiledRuleSet>>& sets) {
  TestReport report;
  std::set<std::string> seen;  // examples already run, by location
  for (const auto& rules : sets)
    for (const RuleInfo& rule : rules->rules())
      for (const ExampleDef& ex : rule.examples)
        if (seen.insert(ex.where.str()).second) report.results.push_back(runOne(*rules, rule, ex));
  return report;
}

}  // namespace glean::rules
