// glean/tests/core/rules_format_test.cpp - rule files: format, name resolution and every located error
// SPDX-License-Identifier: Apache-2.0
#include "rules/compiled_rule_set.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <optional>
#include <string>

namespace fs = std::filesystem;
using glean::ConfigError;
using glean::rules::CompiledRuleSet;

namespace {

// Writes `text` as `name` into `dir` and returns the path.
fs::path put(const fs::path& dir, const std::string& name, const std::string& text) {
  glean::test::writeFile(dir / name, text);
  return dir / name;
}

// The error loading `file` gives (the test fails when it loads).
std::optional<ConfigError> errorOf(const fs::path& file) {
  try {
    CompiledRuleSet::load(file);
  } catch (const ConfigError& e) {
    return e;
  }
  FAIL_CHECK("expected a ConfigError loading " << file.string());
  return std::nullopt;
}

// Checks file, line, column and a phrase of the message.
void expectError(const std::optional<ConfigError>& e, const fs::path& file, int line, int column,
                 const std::string& phrase) {
  REQUIRE(e.has_value());
  INFO("error: " << std::string(e->what()));
  CHECK(e->where().file == file.string());
  CHECK(e->where().line == line);
  CHECK(e->where().column == column);
  CHECK(e->message().find(phrase) != std::string::npos);
}

const char* const kHeader = "[ruleset]\nname = \"t\"\n";

}  // namespace

TEST_SUITE("rules_format") {

TEST_CASE("a PCRE2 error points at the faulty character of the pattern") {
  fs::path dir = glean::test::freshDir("rules_format_pcre");
  fs::path f = put(dir, "r.toml",
                   std::string(kHeader) + "\n[[rule]]\nid = \"x\"\ntype = \"T\"\npattern = 'ab(c'\n");
  // The string starts at column 11; PCRE2 reports offset 4 (the end): 11 + 1 + 4.
  auto e = errorOf(f);
  expectError(e, f, 7, 16, "rule 'x': missing closing parenthesis");
  CHECK(std::string(e->what()).rfind(f.string() + ":7:16: error: rule 'x'", 0) == 0);
  // Without macros there is no expanded pattern to show.
  CHECK(e->message().find("expanded pattern") == std::string::npos);
}

TEST_CASE("columns count characters, not bytes, before the faulty one") {
  fs::path dir = glean::test::freshDir("rules_format_utf8");
  fs::path f = put(dir, "r.toml",
                   std::string(kHeader) + "\n[[rule]]\nid = \"x\"\ntype = \"T\"\npattern = 'é(b'\n");
  expectError(errorOf(f), f, 7, 15, "missing closing parenthesis");
}

TEST_CASE("an error on the second line of a multi-line pattern has that line and column") {
  fs::path dir = glean::test::freshDir("rules_format_multiline");
  fs::path f = put(dir, "r.toml",
                   std::string(kHeader) +
                       "\n[[rule]]\nid = \"x\"\ntype = \"T\"\npattern = '''\nab\n  (c'''\n");
  expectError(errorOf(f), f, 9, 5, "missing closing parenthesis");
}

TEST_CASE("in a basic string escapes count as written") {
  fs::path dir = glean::test::freshDir("rules_format_basic");
  fs::path f = put(dir, "r.toml",
                   std::string(kHeader) +
                       "\n[[rule]]\nid = \"x\"\ntype = \"T\"\npattern = \"a\\\\d(b\"\n");
  // Content a\d(b (5 bytes) is written a\\d(b (6 characters) from column 12: the end is column 18.
  expectError(errorOf(f), f, 7, 18, "missing closing parenthesis");
}

TEST_CASE("an error inside a macro points into the macro and shows the expanded pattern") {
  fs::path dir = glean::test::freshDir("rules_format_macro_error");
  fs::path f = put(dir, "r.toml",
                   std::string(kHeader) +
                       "[macros]\nBAD = 'x[z-a]y'\n[[rule]]\nid = \"r\"\ntype = \"T\"\n"
                       "pattern = '\\d{BAD}'\n");
  auto e = errorOf(f);
  // 'a' is byte 4 of the macro, whose string starts at column 7.
  expectError(e, f, 4, 12, "rule 'r': range out of order in character class");
  // ... used at the reference '{' (byte 2 of the pattern, whose string starts at column 11).
  CHECK(e->message().find("(in macro 'BAD', used at " + f.string() + ":8:14)") !=
        std::string::npos);
  // The expanded pattern, with a caret under offset 9 (the 'a').
  CHECK(e->message().find("at offset 9 of the expanded pattern:\n    \\d(?:x[z-a]y)\n" +
                          std::string(4 + 9, ' ') + "^") != std::string::npos);
}

TEST_CASE("an unknown macro is reported at its reference, with the closest name") {
  fs::path dir = glean::test::freshDir("rules_format_unknown_macro");
  fs::path f = put(dir, "r.toml",
                   std::string(kHeader) +
                       "[macros]\nMONTH = 'May'\n[[rule]]\nid = \"r\"\ntype = \"T\"\n"
                       "pattern = '\\b{MONTHZ}'\n");
  expectError(errorOf(f), f, 8, 14, "unknown macro 'MONTHZ' in rule 'r' (did you mean 'MONTH'?)");
}

TEST_CASE("a macro cycle is reported where it closes") {
  fs::path dir = glean::test::freshDir("rules_format_cycle");
  fs::path f = put(dir, "r.toml",
                   std::string(kHeader) +
                       "[macros]\nA = 'a{B}'\nB = 'b{A}'\n[[rule]]\nid = \"r\"\ntype = \"T\"\n"
                       "pattern = '{A}'\n");
  expectError(errorOf(f), f, 5, 7, "macro cycle: A -> B -> A");
}

TEST_CASE("an unknown lexicon in a pattern or in a feature is located") {
  fs::path dir = glean::test::freshDir("rules_format_unknown_lexicon");
  fs::path f1 = put(dir, "p.toml",
                    std::string(kHeader) +
                        "[lexicons.month]\nentries = { May = \"05\" }\n[[rule]]\nid = \"r\"\n"
                        "type = \"T\"\npattern = '{@monht}'\n");
  expectError(errorOf(f1), f1, 8, 12, "unknown lexicon 'monht' in rule 'r' (did you mean 'month'?)");

  fs::path f2 = put(dir, "f.toml",
                    std::string(kHeader) +
                        "[lexicons.month]\nentries = { May = \"05\" }\n[[rule]]\nid = \"r\"\n"
                        "type = \"T\"\npattern = '(?<m>May)'\nfeatures = { m = \"@monthz($m)\" }\n");
  // The name starts right after '@', at byte 1 of the string that opens at column 18.
  expectError(errorOf(f2), f2, 9, 20, "unknown lexicon 'monthz' in rule 'r'");
}

TEST_CASE("a feature template naming an unknown capture lists the known ones") {
  fs::path dir = glean::test::freshDir("rules_format_capture");
  fs::path f = put(dir, "r.toml",
                   std::string(kHeader) +
                       "[[rule]]\nid = \"r\"\ntype = \"T\"\npattern = '(?<day>\\d+)'\n"
                       "features = { day = \"$dya\" }\n");
  expectError(errorOf(f), f, 7, 21,
              "rule 'r': feature 'day': unknown capture 'dya' (did you mean 'day'?) (named "
              "captures: 'day')");

  fs::path g = put(dir, "g.toml",
                   std::string(kHeader) +
                       "[[rule]]\nid = \"r\"\ntype = \"T\"\npattern = '(\\d+)'\n"
                       "features = { n = \"cost: $ 5\" }\n");
  expectError(errorOf(g), g, 7, 25, "'$' must be followed by a capture name");

  fs::path h = put(dir, "h.toml",
                   std::string(kHeader) +
                       "[[rule]]\nid = \"r\"\ntype = \"T\"\npattern = '(\\d+)'\n"
                       "features = { n = \"$2\" }\n");
  expectError(errorOf(h), h, 7, 19, "group $2 does not exist (the pattern has 1 capturing groups)");
}

TEST_CASE("a duplicate rule id names where the first one is") {
  fs::path dir = glean::test::freshDir("rules_format_duplicate");
  fs::path f = put(dir, "r.toml",
                   std::string(kHeader) +
                       "\n[[rule]]\nid = \"x\"\ntype = \"T\"\npattern = 'a'\n\n[[rule]]\nid = \"x\"\n"
                       "type = \"T\"\npattern = 'b'\n");
  expectError(errorOf(f), f, 10, 6,
              "duplicate rule id 'x' (first defined at " + f.string() + ":4:1)");
}

TEST_CASE("unknown keys, wrong types, missing keys and bad flags are located") {
  fs::path dir = glean::test::freshDir("rules_format_keys");
  fs::path unknown = put(dir, "unknown.toml",
                         std::string(kHeader) + "[[rule]]\nid = \"x\"\ntype = \"T\"\npatern = 'a'\n");
  auto e = errorOf(unknown);
  expectError(e, unknown, 6, 1, "unknown key 'patern' in [[rule]] (did you mean 'pattern'?)");
  CHECK(e->message().find("(allowed: id, type, priority, flags, scope, pattern, features, veto, "
                          "prefilter, example, counter)") != std::string::npos);

  fs::path top = put(dir, "top.toml", std::string(kHeader) + "[rules]\nx = 1\n");
  expectError(errorOf(top), top, 3, 2, "unknown key 'rules' in the rule file (did you mean 'rule'?)");

  fs::path type = put(dir, "type.toml",
                      std::string(kHeader) +
                          "[[rule]]\nid = \"x\"\ntype = \"T\"\npriority = \"high\"\npattern = 'a'\n");
  expectError(errorOf(type), type, 6, 12, "'priority' in [[rule]] must be an integer, not a string");

  fs::path missing = put(dir, "missing.toml", std::string(kHeader) + "\n[[rule]]\nid = \"x\"\ntype = \"T\"\n");
  expectError(errorOf(missing), missing, 4, 1, "missing key 'pattern' in [[rule]]");

  fs::path flag = put(dir, "flag.toml",
                      std::string(kHeader) +
                          "[[rule]]\nid = \"x\"\ntype = \"T\"\nflags = [\"i\", \"g\"]\npattern = 'a'\n");
  expectError(errorOf(flag), flag, 6, 15, "unknown flag 'g' (allowed: i = case-insensitive");

  fs::path notype = put(dir, "notype.toml", std::string(kHeader) + "[[rule]]\nid = \"x\"\npattern = 'a'\n");
  expectError(errorOf(notype), notype, 3, 1, "rule 'x' has no 'type'");

  fs::path vetofeat = put(dir, "vetofeat.toml",
                          std::string(kHeader) +
                              "[[rule]]\nid = \"x\"\nveto = true\npattern = 'a'\nfeatures = { a = 1 }\n");
  expectError(errorOf(vetofeat), vetofeat, 7, 1, "is a veto rule: it makes no annotation");

  fs::path noheader = put(dir, "noheader.toml", "[[rule]]\nid = \"x\"\ntype = \"T\"\npattern = 'a'\n");
  expectError(errorOf(noheader), noheader, 1, 1, "missing [ruleset] table");

  fs::path badname = put(dir, "badname.toml", "[ruleset]\nname = \"a:b\"\n");
  expectError(errorOf(badname), badname, 2, 8, "ruleset name 'a:b' may hold only letters");

  fs::path badid = put(dir, "badid.toml", std::string(kHeader) + "[[rule]]\nid = \"a:b\"\ntype = \"T\"\npattern = 'a'\n");
  expectError(errorOf(badid), badid, 4, 6, "rule id 'a:b' may hold only letters");
}

TEST_CASE("a TOML syntax error is reported where toml++ found it") {
  fs::path dir = glean::test::freshDir("rules_format_syntax");
  fs::path f = put(dir, "r.toml", "[ruleset]\nname = \"t\"\n[[rule]]\nid = = \"x\"\n");
  auto e = errorOf(f);
  REQUIRE(e.has_value());
  CHECK(e->where().file == f.string());
  CHECK(e->where().line == 4);
  CHECK(e->where().column >= 5);
  CHECK_FALSE(e->message().empty());
}

TEST_CASE("lexicon files: bad lines and duplicate keys name file and line") {
  fs::path dir = glean::test::freshDir("rules_format_tsv");
  fs::path rules = put(dir, "r.toml",
                       std::string(kHeader) + "[lexicons.month]\ncase_insensitive = true\nfile = \"months.tsv\"\n");
  fs::path tsv = put(dir, "months.tsv", "# months\nJanuary\t01\nFeb\t02\tx\n");
  auto e = errorOf(rules);
  REQUIRE(e.has_value());
  CHECK(e->where().file == tsv.string());
  CHECK(e->where().line == 3);
  CHECK(e->where().column == 0);
  CHECK(e->message() == "expected 'key<TAB>value', found 3 tab-separated fields");

  put(dir, "months.tsv", "May\t05\n\nmay\t5\n");
  e = errorOf(rules);
  REQUIRE(e.has_value());
  CHECK(e->where().line == 3);
  CHECK(e->message() == "duplicate key 'may' in lexicon 'month' (first on line 1)");

  put(dir, "months.tsv", "\t05\n");
  e = errorOf(rules);
  REQUIRE(e.has_value());
  CHECK(e->where().line == 1);
  CHECK(e->message().find("empty key") != std::string::npos);

  fs::path missing = put(dir, "m.toml", std::string(kHeader) + "[lexicons.month]\nfile = \"nope.tsv\"\n");
  expectError(errorOf(missing), missing, 4, 8, "lexicon 'month': file 'nope.tsv' not found");

  fs::path both = put(dir, "b.toml",
                      std::string(kHeader) +
                          "[lexicons.month]\nfile = \"months.tsv\"\nentries = { a = \"b\" }\n");
  expectError(errorOf(both), both, 4, 1, "has both 'entries' and 'file'");
}

TEST_CASE("includes: a missing file and a cycle are reported at the include") {
  fs::path dir = glean::test::freshDir("rules_format_include");
  fs::path f = put(dir, "r.toml", "[ruleset]\nname = \"t\"\ninclude = [\"nope.toml\"]\n");
  expectError(errorOf(f), f, 3, 12, "include 'nope.toml': no such file");

  fs::path a = put(dir, "a.toml", "[ruleset]\nname = \"a\"\ninclude = [\"b.toml\"]\n");
  fs::path b = put(dir, "b.toml", "[ruleset]\nname = \"b\"\ninclude = [\"a.toml\"]\n");
  auto e = errorOf(a);
  expectError(e, b, 3, 12, "include cycle: " + a.string() + " -> " + b.string() + " -> " + a.string());

  fs::path c = put(dir, "c.toml", "[ruleset]\nname = \"same\"\ninclude = [\"d.toml\"]\n");
  fs::path d = put(dir, "d.toml", "[ruleset]\nname = \"same\"\n");
  expectError(errorOf(c), d, 2, 8, "ruleset name 'same' is already used by " + c.string());
}

TEST_CASE("names resolve in the own file first, then in includes, ambiguity must be qualified") {
  fs::path dir = glean::test::freshDir("rules_format_scopes");
  put(dir, "a.toml", "[ruleset]\nname = \"a\"\n[macros]\nDAY = 'aa'\n[lexicons.w]\nentries = { x = \"from-a\" }\n");
  put(dir, "b.toml", "[ruleset]\nname = \"b\"\n[macros]\nDAY = 'bb'\nONLY_B = 'ob'\n");
  std::string head = "[ruleset]\nname = \"main\"\ninclude = [\"a.toml\", \"b.toml\"]\n";

  fs::path amb = put(dir, "amb.toml", head + "[[rule]]\nid = \"r\"\ntype = \"T\"\npattern = '{DAY}'\n");
  expectError(errorOf(amb), amb, 7, 12,
              "ambiguous macro 'DAY' in rule 'r': defined in 'a' and 'b'; write {a.DAY}");

  fs::path qual = put(dir, "qual.toml",
                      head + "[[rule]]\nid = \"r\"\ntype = \"T\"\npattern = '{b.DAY}{ONLY_B}{@w}'\n");
  auto rules = CompiledRuleSet::load(qual);
  CHECK(glean::rules::expandedPattern(*rules, "r") == "(?:bb)(?:ob)(?:x)");
  CHECK(rules->lookup("w", "x") == std::optional<std::string>("from-a"));
  CHECK(rules->lookup("a.w", "x") == std::optional<std::string>("from-a"));

  fs::path own = put(dir, "own.toml",
                     head + "[macros]\nDAY = 'own'\n[[rule]]\nid = \"r\"\ntype = \"T\"\npattern = '{DAY}'\n");
  CHECK(glean::rules::expandedPattern(*CompiledRuleSet::load(own), "r") == "(?:own)");

  fs::path unknown_rs = put(dir, "unk.toml",
                            head + "[[rule]]\nid = \"r\"\ntype = \"T\"\npattern = '{c.DAY}'\n");
  expectError(errorOf(unknown_rs), unknown_rs, 7, 12, "unknown ruleset 'c' in 'c.DAY'");
}

TEST_CASE("macro references are expanded only where they can be references") {
  fs::path dir = glean::test::freshDir("rules_format_expand");
  fs::path f = put(dir, "r.toml",
                   std::string(kHeader) +
                       "[macros]\nA = 'a'\nB = '{A}+'\n[[rule]]\nid = \"r\"\ntype = \"T\"\n"
                       "pattern = '{B}x{2}\\p{Lu}[{A}]\\{A}\\Q{A}\\E{A}?'\n"
                       "[[rule]]\nid = \"c\"\ntype = \"T\"\nflags = [\"x\"]\npattern = '''\n"
                       "{A} # not {B} here\n'''\n");
  auto rules = CompiledRuleSet::load(f);
  CHECK(glean::rules::expandedPattern(*rules, "r") ==
        "(?:(?:a)+)x{2}\\p{Lu}[{A}]\\{A}\\Q{A}\\E(?:a)?");
  CHECK(glean::rules::expandedPattern(*rules, "c") == "(?:a) # not {B} here\n");
  CHECK_THROWS_AS(glean::rules::expandedPattern(*rules, "nope"), std::invalid_argument);
}

TEST_CASE("lexicons: inline and TSV entries, folding, file order, longest-first alternation") {
  fs::path dir = glean::test::freshDir("rules_format_lexicons");
  put(dir, "words.tsv", "# comment\nNew York\tUS-NY\nYork\tUK-YRK\r\nalone\n\n");
  fs::path f = put(dir, "r.toml",
                   std::string(kHeader) +
                       "[lexicons.place]\nfile = \"words.tsv\"\n"
                       "[lexicons.num]\ncase_insensitive = true\nentries = { one = 1, Two = \"2\", \"a.b\" = \"x\" }\n"
                       "[[rule]]\nid = \"r\"\ntype = \"T\"\npattern = '{@place}{@num}'\n");
  auto rules = CompiledRuleSet::load(f);
  CHECK(rules->lookup("place", "New York") == std::optional<std::string>("US-NY"));
  CHECK(rules->lookup("place", "new york") == std::nullopt);  // case-sensitive
  CHECK(rules->lookup("place", "alone") == std::optional<std::string>("alone"));
  CHECK(rules->lookup("num", "TWO") == std::optional<std::string>("2"));
  CHECK(rules->lookup("num", "one") == std::optional<std::string>("1"));
  CHECK(rules->lookup("nope", "one") == std::nullopt);
  using Entries = std::vector<std::pair<std::string, std::string>>;
  CHECK(rules->lexicon("place") == Entries{{"New York", "US-NY"}, {"York", "UK-YRK"}, {"alone", "alone"}});
  CHECK(rules->lexicon("num") == Entries{{"one", "1"}, {"Two", "2"}, {"a.b", "x"}});
  CHECK(rules->lexicon("nope").empty());
  CHECK(glean::rules::expandedPattern(*rules, "r") ==
        "(?:New\\ York|alone|York)(?i:one|Two|a\\.b)");
  CHECK(rules->dependencies().size() == 2);
}

TEST_CASE("rule order, types, scopes and provenance sources come from the files") {
  fs::path dir = glean::test::freshDir("rules_format_info");
  put(dir, "inc.toml", "[ruleset]\nname = \"inc\"\n[[rule]]\nid = \"first\"\ntype = \"Y\"\npattern = 'y'\n");
  fs::path f = put(dir, "r.toml",
                   "[ruleset]\nname = \"main\"\ninclude = [\"inc.toml\"]\ntype = \"X\"\n"
                   "[[rule]]\nid = \"a\"\nscope = \"Sentence\"\npattern = 'a'\n"
                   "[[rule]]\nid = \"v\"\nveto = true\npattern = 'v'\n");
  auto rules = CompiledRuleSet::load(f);
  auto infos = rules->rules();
  REQUIRE(infos.size() == 3);
  CHECK(infos[0].name == "inc:first");
  CHECK(infos[1].name == "main:a");
  CHECK(infos[2].name == "main:v");
  CHECK(infos[2].veto);
  CHECK(rules->name() == "main");
  CHECK(rules->emittedTypes() == std::vector<std::string>{"Y", "X"});
  CHECK(rules->scopeTypes() == std::vector<std::string>{"Sentence"});
  CHECK(rules->ruleSource("main:a") == f.string() + ":5");
  CHECK(rules->ruleSource("a") == f.string() + ":5");
  CHECK(rules->ruleSource("first") == (dir / "inc.toml").string() + ":3");
  CHECK(rules->ruleSource("main:nope").empty());
}

}  // TEST_SUITE
