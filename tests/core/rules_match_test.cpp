// glean/tests/core/rules_match_test.cpp - matching: overlaps, vetoes, scopes, features, limits, explain
// SPDX-License-Identifier: Apache-2.0
#include "rules/compiled_rule_set.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <string>
#include <thread>
#include <vector>

namespace fs = std::filesystem;
using glean::Document;
using glean::MatchOptions;
using glean::RuleMatch;
using glean::rules::CompiledRuleSet;

namespace {

std::shared_ptr<CompiledRuleSet> rulesFrom(const std::string& name, const std::string& toml,
                                           glean::rules::CompileOptions options = {}) {
  fs::path dir = glean::test::freshDir("rules_match_" + name);
  glean::test::writeFile(dir / "r.toml", toml);
  return CompiledRuleSet::load(dir / "r.toml", options);
}

// "rule [begin,end) text" for each match: easy to compare whole results.
std::vector<std::string> show(const Document& doc, const std::vector<RuleMatch>& matches) {
  std::vector<std::string> out;
  for (const RuleMatch& m : matches)
    out.push_back(m.rule + " [" + std::to_string(m.begin) + "," + std::to_string(m.end) + ") " +
                  std::string(doc.slice(m.begin, m.end)));
  return out;
}

const glean::Candidate* candidate(const Document& doc, const std::string& rule, std::size_t begin) {
  for (const auto& c : doc.candidates())
    if (c.rule == rule && c.begin == begin) return &c;
  return nullptr;
}

const char* const kOverlapRules = R"toml([ruleset]
name = "o"
type = "T"

[[rule]]
id = "long-low"
priority = 1
pattern = 'alpha beta gamma'

[[rule]]
id = "short-high"
priority = 5
pattern = 'beta'

[[rule]]
id = "two"
priority = 1
pattern = 'gamma delta'

[[rule]]
id = "same-a"
pattern = 'zeta eta'

[[rule]]
id = "same-b"
pattern = 'zeta eta'

[[rule]]
id = "left"
pattern = 'one two'

[[rule]]
id = "right"
pattern = 'two thr'
)toml";

}  // namespace

TEST_SUITE("rules_match") {

TEST_CASE("overlaps go to priority, then length, then position, then rule order") {
  auto rules = rulesFrom("overlaps", kOverlapRules);
  Document doc("d", "d", "alpha beta gamma delta; zeta eta; one two three");
  doc.setTraced(true);
  auto matches = rules->match(doc);
  CHECK(show(doc, matches) == std::vector<std::string>{
                                  "o:short-high [6,10) beta",
                                  "o:two [11,22) gamma delta",
                                  "o:same-a [24,32) zeta eta",
                                  "o:left [34,41) one two",
                              });
  const auto* lost = candidate(doc, "o:long-low", 0);
  REQUIRE(lost != nullptr);
  CHECK_FALSE(lost->won);
  CHECK(lost->reason == "lower priority (1 < 5) than o:short-high [6,10)");
  CHECK(candidate(doc, "o:same-b", 24)->reason == "same span as o:same-a [24,32), an earlier rule");
  CHECK(candidate(doc, "o:right", 38)->reason ==
        "starts after o:left [34,41) (same priority and length)");
  CHECK(candidate(doc, "o:short-high", 6)->won);
  CHECK(candidate(doc, "o:two", 11)->source == rules->ruleSource("o:two"));

  // A longer match beats a shorter one of the same priority.
  auto lengths = rulesFrom("lengths", R"toml([ruleset]
name = "l"
type = "T"
[[rule]]
id = "short"
pattern = 'January 10'
[[rule]]
id = "long"
pattern = 'January 10, 2009'
)toml");
  Document d2("d", "d", "On January 10, 2009 it began");
  d2.setTraced(true);
  CHECK(show(d2, lengths->match(d2)) == std::vector<std::string>{"l:long [3,19) January 10, 2009"});
  CHECK(candidate(d2, "l:short", 3)->reason == "shorter (10 < 16 bytes) than l:long [3,19)");
}

TEST_CASE("keep_overlaps returns every candidate, ordered by position") {
  auto rules = rulesFrom("keep", kOverlapRules);
  Document doc("d", "d", "alpha beta gamma delta");
  MatchOptions all;
  all.keep_overlaps = true;
  CHECK(show(doc, rules->match(doc, all)) == std::vector<std::string>{
                                                "o:long-low [0,16) alpha beta gamma",
                                                "o:short-high [6,10) beta",
                                                "o:two [11,22) gamma delta",
                                            });
}

TEST_CASE("a veto removes every overlapping match, whatever its priority, and says so") {
  auto rules = rulesFrom("veto", R"toml([ruleset]
name = "v"
type = "Month"
[[rule]]
id = "month"
priority = 100
pattern = '\bMay\b'
[[rule]]
id = "may-verb"
veto = true
pattern = '\bMay\s+(?:be|have)\b'
)toml");
  Document doc("d", "d", "May be later. In May the court met.");
  doc.setTraced(true);
  auto matches = rules->match(doc);
  CHECK(show(doc, matches) == std::vector<std::string>{"v:month [17,20) May"});
  CHECK(candidate(doc, "v:month", 0)->reason == "vetoed by v:may-verb [0,6)");
  const auto* veto = candidate(doc, "v:may-verb", 0);
  REQUIRE(veto != nullptr);
  CHECK(veto->type == "(veto)");
  CHECK(veto->reason == "veto: suppressed 1 overlapping candidate");
  // keep_overlaps does not switch vetoes off.
  MatchOptions all;
  all.keep_overlaps = true;
  CHECK(rules->match(doc, all).size() == 1);
}

TEST_CASE("a scoped rule runs inside each annotation of its scope, with document offsets") {
  auto rules = rulesFrom("scope", R"toml([ruleset]
name = "s"
[[rule]]
id = "first-word"
type = "First"
scope = "Sentence"
pattern = '^\w+'
[[rule]]
id = "anywhere"
type = "Any"
pattern = 'Zed'
)toml");
  Document doc("d", "d", "Alpha beta. Gamma Zed. Delta");
  doc.annotate("Sentence", 0, 11);
  doc.annotate("Sentence", 12, 22);
  doc.annotate("Sentence", 12, 22);  // the same span twice runs once
  auto matches = rules->match(doc);
  CHECK(show(doc, matches) == std::vector<std::string>{
                                  "s:first-word [0,5) Alpha",
                                  "s:first-word [12,17) Gamma",
                                  "s:anywhere [18,21) Zed",
                              });
  CHECK(rules->scopeTypes() == std::vector<std::string>{"Sentence"});

  // Nested scope spans find the same match once.
  Document nested("d", "d", "Alpha beta");
  nested.annotate("Sentence", 0, 10);
  nested.annotate("Sentence", 0, 5);
  CHECK(show(nested, rules->match(nested)) == std::vector<std::string>{"s:first-word [0,5) Alpha"});

  // No scope annotations: a scoped rule finds nothing.
  Document bare("d", "d", "Alpha beta Zed");
  CHECK(show(bare, rules->match(bare)) == std::vector<std::string>{"s:anywhere [11,14) Zed"});
}

TEST_CASE("types and a range restrict what runs and where") {
  auto rules = rulesFrom("types", R"toml([ruleset]
name = "t"
[[rule]]
id = "a"
type = "A"
pattern = 'aa'
[[rule]]
id = "b"
type = "B"
pattern = 'bb'
[[rule]]
id = "nob"
veto = true
pattern = 'bb!'
)toml");
  Document doc("d", "d", "aa bb aa bb!");
  MatchOptions only_b;
  only_b.types = {"B"};
  CHECK(show(doc, rules->match(doc, only_b)) == std::vector<std::string>{"t:b [3,5) bb"});
  MatchOptions range;
  range.begin = 2;
  range.end = 8;
  CHECK(show(doc, rules->match(doc, range)) == std::vector<std::string>{"t:b [3,5) bb", "t:a [6,8) aa"});
  // A range that cuts a match short does not find it.
  range.begin = 7;
  range.end = 100;
  CHECK(show(doc, rules->match(doc, range)).empty());
}

TEST_CASE("features: captures, overrides, omissions, look-ups and typed literals") {
  auto rules = rulesFrom("features", R"toml([ruleset]
name = "f"
type = "Date"
[lexicons.month]
case_insensitive = true
entries = { January = "01", May = "05" }
[[rule]]
id = "d"
flags = ["i"]
pattern = '(?<month>January|May|June)\s+(?<day>\d+)(?:\s+(?<year>\d{4}))?(?<_rest>!?)'
features = { value = "$year-@month($month)-${day}", m = "@month($month)", day = "d$day", whole = "$0", n = 3, ok = true, ratio = 0.5, text = "$$1 @@x @ y" }
)toml");
  Document doc("d", "d", "JANUARY 10 2009! June 5");
  auto matches = rules->match(doc);
  REQUIRE(matches.size() == 2);
  const auto& f = matches[0].features;
  CHECK(f.str("value") == "2009-01-10");
  CHECK(f.str("m") == "01");
  CHECK(f.str("day") == "d10");  // the explicit feature replaces the capture
  CHECK(f.str("whole") == "JANUARY 10 2009!");
  CHECK(f.integer("n") == 3);
  CHECK(std::get<bool>(*f.find("ok")) == true);
  CHECK(std::get<double>(*f.find("ratio")) == doctest::Approx(0.5));
  CHECK(f.str("text") == "$1 @x @ y");
  CHECK(f.str("month") == "JANUARY");  // an automatic capture
  CHECK(f.str("year") == "2009");
  CHECK_FALSE(f.contains("_rest"));  // '_' keeps a capture out
  // Explicit features first (file order), then the captures.
  std::vector<std::string> keys;
  for (const auto& [k, v] : f) keys.push_back(k);
  CHECK(keys == std::vector<std::string>{"value", "m", "day", "whole", "n", "ok", "ratio", "text",
                                         "month", "year"});
  // "June" is not in the lexicon and there is no year: those features are left out.
  const auto& g = matches[1].features;
  CHECK_FALSE(g.contains("value"));
  CHECK_FALSE(g.contains("m"));
  CHECK_FALSE(g.contains("year"));
  CHECK(g.str("day") == "d5");
  CHECK(matches[0].type == "Date");
  CHECK(matches[0].priority == 0);
  CHECK(matches[0].rule == "f:d");
}

TEST_CASE("annotate adds the winners with provenance") {
  auto rules = rulesFrom("annotate", kOverlapRules);
  Document doc("d", "d", "alpha beta gamma delta");
  doc.setCurrentStage("dates");
  CHECK(rules->annotate(doc) == 2);
  REQUIRE(doc.annotations().size() == 2);
  const auto& a = doc.annotations()[0];
  CHECK(a.type == "T");
  CHECK(a.rule == "o:short-high");
  CHECK(a.stage == "dates");
  CHECK(doc.slice(a) == "beta");
  CHECK(rules->ruleSource(a.rule) == (fs::path(GLEAN_TEST_TMP_DIR) / "rules_match_annotate/r.toml").string() + ":10");
}

TEST_CASE("a catastrophic pattern costs one issue naming the rule, and no hang") {
  std::string text(100000, 'a');
  text += "b and a word";
  const char* toml = R"toml([ruleset]
name = "c"
type = "T"
[[rule]]
id = "runaway"
pattern = '(a+)+$'
[[rule]]
id = "word"
pattern = '\bword\b'
[[rule]]
id = "runaway-alt"
pattern = '(x+x+)+y|never'
)toml";
  // Without the prefilter PCRE2 tries (a+)+$ at the first 'a' and hits its match limit.
  glean::rules::CompileOptions plain;
  plain.prefilter = false;
  auto rules = rulesFrom("catastrophic", toml, plain);
  Document doc("d", "d", text);
  auto matches = rules->match(doc);
  CHECK(show(doc, matches) == std::vector<std::string>{"c:word [100008,100012) word"});
  REQUIRE(doc.issues().size() == 1);
  CHECK(doc.issues()[0].rule == "c:runaway");
  CHECK(doc.issues()[0].offset == 0);
  CHECK(doc.issues()[0].message.find("rule 'c:runaway' exceeded its PCRE2 resource limits") !=
        std::string::npos);

  // With the prefilter, Hyperscan finds no place where (a+)+$ can match: PCRE2 never runs.
  auto filtered = rulesFrom("catastrophic_hs", toml);
  Document doc2("d", "d", text);
  CHECK(show(doc2, filtered->match(doc2)) == std::vector<std::string>{"c:word [100008,100012) word"});
  CHECK(doc2.issues().empty());

  // A runaway branch tried before a branch that does match: the prefilter sends PCRE2 there, and
  // the limit is hit; still one issue.
  auto alt = rulesFrom("catastrophic_alt", R"toml([ruleset]
name = "c"
type = "T"
[[rule]]
id = "runaway"
pattern = '(a+)+$|a+b'
)toml");
  Document doc3("d", "d", text);
  CHECK(alt->match(doc3).empty());
  REQUIRE(doc3.issues().size() == 1);
  CHECK(doc3.issues()[0].rule == "c:runaway");
}

TEST_CASE("text that is not valid UTF-8 gets an issue and no matches") {
  auto rules = rulesFrom("utf8", kOverlapRules);
  Document doc("d", "d", std::string("beta \xC3\x28 beta"));
  CHECK(rules->match(doc).empty());
  REQUIRE(doc.issues().size() == 1);
  CHECK(doc.issues()[0].offset == 5);
  CHECK(doc.issues()[0].message.find("not valid UTF-8") != std::string::npos);
}

TEST_CASE("Unicode classes, caseless letters and no-break spaces match as PCRE2 says") {
  auto rules = rulesFrom("unicode", R"toml([ruleset]
name = "u"
type = "T"
[[rule]]
id = "word"
pattern = '\bcafé\b'
[[rule]]
id = "space"
pattern = 'New\s+York'
[[rule]]
id = "kelvin"
flags = ["i"]
pattern = '\bk\d'
)toml");
  // U+00A0 between New and York; U+212A (Kelvin sign) folds to k.
  Document doc("d", "d", "un café. New\xC2\xA0York \xE2\x84\xAA" "5 xk5 cafés");
  CHECK(show(doc, rules->match(doc)) == std::vector<std::string>{
                                           "u:word [3,8) café",
                                           "u:space [10,19) New\xC2\xA0York",
                                           "u:kelvin [20,24) \xE2\x84\xAA" "5",
                                       });
}

TEST_CASE("profiling counts matches and time per rule only when on") {
  auto rules = rulesFrom("profile", kOverlapRules);
  Document doc("d", "d", "alpha beta gamma delta");
  rules->match(doc);
  for (const auto& p : rules->profile()) CHECK(p.nanos == 0);
  rules->setProfiling(true);
  rules->match(doc);
  rules->match(doc);
  bool found = false;
  for (const auto& p : rules->profile()) {
    if (p.rule != "o:long-low") continue;
    found = true;
    CHECK(p.matches == 2);
    CHECK(p.runs == 2);
    CHECK(p.source == rules->ruleSource("o:long-low"));
  }
  CHECK(found);
  auto prof = rules->profile();
  for (std::size_t i = 1; i < prof.size(); ++i) CHECK(prof[i - 1].nanos >= prof[i].nanos);
  rules->resetProfile();
  for (const auto& p : rules->profile()) CHECK(p.matches == 0);
}

TEST_CASE("one rule set serves several threads at once with the same results") {
  auto rules = rulesFrom("threads", kOverlapRules);
  std::string text;
  for (int i = 0; i < 2000; ++i) text += "alpha beta gamma delta; zeta eta; one two three. ";
  Document reference("d", "d", text);
  auto expected = show(reference, rules->match(reference));
  REQUIRE(expected.size() == 8000);
  std::vector<std::vector<std::string>> got(4);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int round = 0; round < 5; ++round) {
        Document doc("d", "d", text);
        got[static_cast<std::size_t>(t)] = show(doc, rules->match(doc));
      }
    });
  for (auto& th : threads) th.join();
  for (const auto& g : got) CHECK(g == expected);
}

TEST_CASE("the example date rules find the seed report's dates") {
  auto rules = CompiledRuleSet::load(fs::path(GLEAN_SOURCE_DIR) / "rules/examples/dates.toml");
  Document doc("seed", "seed", glean::test::readFile(glean::test::seedReport()));
  std::vector<std::string> texts;
  for (const RuleMatch& m : rules->match(doc)) texts.emplace_back(doc.slice(m.begin, m.end));
  // expected.md, in text order (the bare "2009"s are in the title and the "Cite as" line).
  CHECK(texts == std::vector<std::string>{"Friday, 27 May 2016, 08:49 GMT", "2009", "5 August 2010",
                                          "2009", "5 August 2010", "28 May 2016", "January 10",
                                          "January", "August", "August 28",
                                          "September 29-October 1", "November 17", "September 22",
                                          "September 24", "July 1-2", "October 26", "February 11",
                                          "2007", "October"});
}

}  // TEST_SUITE
