// glean/tests/cli/rules_cli_test.cpp - glean test, rules, explain and run --profile, end to end
// SPDX-License-Identifier: Apache-2.0
#include "rules/file_watcher.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <string>

namespace fs = std::filesystem;
using glean::test::runGlean;

namespace {
std::string source(const char* rel) { return (fs::path(GLEAN_SOURCE_DIR) / rel).string(); }
const char* const kSeed = "samples/000_0bdeaacc15b1e0dc.txt";
}  // namespace

TEST_SUITE("cli_rules") {

TEST_CASE("glean test runs every example and prints a summary") {
  auto ok = runGlean({"test", source("rules/examples")});
  CHECK(ok.exit_code == 0);
  CHECK(ok.out == "20 passed, 0 failed\n");

  fs::path dir = glean::test::freshDir("cli_rules_test");
  glean::test::writeFile(dir / "bad.toml",
                         "[ruleset]\nname = \"b\"\ntype = \"T\"\n[[rule]]\nid = \"x\"\npattern = 'ab(c'\n");
  glean::test::writeFile(dir / "fail.toml",
                         "[ruleset]\nname = \"f\"\ntype = \"T\"\n[[rule]]\nid = \"n\"\npattern = '\\d+'\n"
                         "[[rule.counter]]\ntext = \"7 days\"\n");
  auto bad = runGlean({"test", dir.string()});
  CHECK(bad.exit_code == 1);
  CHECK(bad.out == (dir / "fail.toml").string() +
                       ":7:1: rule 'f:n' counter-example '7 days': expected no match, got '7'\n" +
                       (dir / "bad.toml").string() + ":6:16: error: rule 'x': missing closing parenthesis\n" +
                       "0 passed, 2 failed\n");

  // A pipeline: the examples of the rule files its stages load.
  auto pipeline = runGlean({"test", source("pipelines/examples/dates-example.toml")});
  CHECK(pipeline.exit_code == 0);
  CHECK(pipeline.out == "15 passed, 0 failed\n");

  auto missing = runGlean({"test", (dir / "nope").string()});
  CHECK(missing.exit_code == 1);
  CHECK(missing.out.find("nope: no such file or folder") != std::string::npos);
  CHECK(runGlean({"test"}).exit_code == 2);
}

TEST_CASE("glean rules lists rules with their prefilter mode and expands one") {
  auto list = runGlean({"rules", source("rules/examples/dates.toml")});
  CHECK(list.exit_code == 0);
  CHECK(list.out.find("dates-example:month-day ") != std::string::npos);
  CHECK(list.out.find("(veto)") != std::string::npos);
  auto one = runGlean({"rules", source("rules/examples/dates.toml"), "--expand", "year"});
  CHECK(one.exit_code == 0);
  CHECK(one.out.find("rule dates-example:year (") != std::string::npos);
  CHECK(one.out.find("  expanded  (?<![\\w-])(?<year>(?:(?:1[89][0-9]{2}|20[0-9]{2})))(?![\\w-])\n") !=
        std::string::npos);
  CHECK(one.out.find("  prefilter prefiltered (end of match and length bound): lookaround assertions dropped") !=
        std::string::npos);
  CHECK(one.out.find("  window    4 bytes before each reported end\n") != std::string::npos);
  auto unknown = runGlean({"rules", source("rules/examples/dates.toml"), "--expand", "nope"});
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.err.find("no rule 'nope' in rule set(s) 'dates-example'") != std::string::npos);
}

TEST_CASE("glean explain shows the rule, its file:line, features and the candidates it beat") {
  std::string pipeline = source("pipelines/examples/dates-example.toml");
  auto grep = runGlean({"explain", pipeline, source(kSeed), "--grep", "September 29"});
  CHECK(grep.exit_code == 0);
  CHECK(grep.out.find("[1290,1312) TIMEX3 'September 29-October 1'\n"
                      "  made by   stage 'dates', rule dates-example:month-day-range (") !=
        std::string::npos);
  CHECK(grep.out.find("rules/examples/dates.toml:57)\n  features  kind=range, begin=XXXX-09-29") !=
        std::string::npos);
  CHECK(grep.out.find("  beat      dates-example:month-day [1290,1302) 'September 29': lower priority "
                      "(20 < 25) than dates-example:month-day-range [1290,1312)") != std::string::npos);

  auto at = runGlean({"explain", pipeline, source(kSeed), "--at", "690"});
  CHECK(at.exit_code == 0);
  CHECK(at.out.rfind("[688,698) TIMEX3 'January 10'\n", 0) == 0);

  fs::path dir = glean::test::freshDir("cli_rules_explain");
  glean::test::writeFile(dir / "may.txt", "May be next year. In May 2009 it was.");
  auto veto = runGlean({"explain", pipeline, (dir / "may.txt").string()});
  CHECK(veto.out.find("candidates that made no annotation here:\n"
                      "  [0,6) dates-example:may-verb 'May be' (") != std::string::npos);
  CHECK(veto.out.find("veto: suppressed 1 overlapping candidate\n  [0,3) dates-example:month 'May' (") !=
        std::string::npos);
  CHECK(veto.out.find("): vetoed by dates-example:may-verb [0,6)") != std::string::npos);

  CHECK(runGlean({"explain", pipeline, source(kSeed), "--grep", "no such text"}).exit_code == 1);
  CHECK(runGlean({"explain", pipeline}).exit_code == 2);
}

TEST_CASE("glean run --profile lists the rules, slowest first") {
  fs::path out = glean::test::freshDir("cli_rules_profile");
  auto r = runGlean({"run", source("pipelines/examples/dates-example.toml"), source(kSeed), "-o",
                     out.string(), "--profile", "-j", "1"});
  CHECK(r.exit_code == 0);
  CHECK(r.err.find("rule profile (slowest first") != std::string::npos);
  CHECK(r.err.find("dates-example:month-day (") != std::string::npos);
  auto docs = glean::test::readJsonl(out / "dates.jsonl");
  REQUIRE(docs.size() == 1);
  CHECK(docs[0]["annotations"].size() == 19);
  CHECK(docs[0]["annotations"][0]["rule"] == "dates-example:weekday-date-time");
}

TEST_CASE("a broken rule file stops glean run with its located error") {
  fs::path dir = glean::test::freshDir("cli_rules_broken");
  glean::test::writeFile(dir / "bad.toml",
                         "[ruleset]\nname = \"b\"\ntype = \"T\"\n[[rule]]\nid = \"x\"\npattern = 'ab(c'\n");
  glean::test::writeFile(dir / "p.toml", "[pipeline]\nname = \"p\"\n[[stage]]\nuse = \"rules\"\nfile = \"bad.toml\"\n");
  auto r = runGlean({"run", (dir / "p.toml").string(), source(kSeed), "-o", (dir / "out").string()});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find((dir / "bad.toml").string() + ":6:16: error: rule 'x': missing closing parenthesis") !=
        std::string::npos);
  auto v = runGlean({"validate", (dir / "p.toml").string()});
  CHECK(v.exit_code == 2);
  // A type no rule makes is refused at the parameter.
  glean::test::writeFile(dir / "q.toml",
                         "[pipeline]\nname = \"q\"\n[[stage]]\nuse = \"rules\"\nfile = \"" +
                             source("rules/examples/dates.toml") + "\"\ntypes = [\"DATE\"]\n");
  auto q = runGlean({"validate", (dir / "q.toml").string()});
  CHECK(q.exit_code == 2);
  CHECK(q.err.find("type 'DATE' is made by no rule of 'dates-example' (its rules make 'TIMEX3')") !=
        std::string::npos);
}

TEST_CASE("the watcher notices an edited, a new and a removed file") {
  fs::path dir = glean::test::freshDir("cli_rules_watch");
  glean::test::writeFile(dir / "rules/a.toml", "a");
  glean::test::writeFile(dir / "p.toml", "p");
  glean::rules::FileWatcher w;
  w.watch({dir / "rules", dir / "p.toml", dir / "later.tsv"});
  CHECK(w.size() == 2);
  CHECK_FALSE(w.changed());
  glean::test::writeFile(dir / "p.toml", "pp");
  CHECK(w.changed());
  CHECK_FALSE(w.changed());  // reported once
  glean::test::writeFile(dir / "rules/b.toml", "b");
  CHECK(w.changed());
  glean::test::writeFile(dir / "later.tsv", "x");
  CHECK(w.changed());
  fs::remove(dir / "rules/a.toml");
  CHECK(w.changed());
  CHECK(w.size() == 3);
}

}  // TEST_SUITE
