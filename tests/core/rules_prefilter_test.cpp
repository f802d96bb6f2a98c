// glean/tests/core/rules_prefilter_test.cpp - the Hyperscan prefilter: loosening, plans, exactness
// SPDX-License-Identifier: Apache-2.0
#include "rules/compiled_rule_set.hpp"
#include "rules/prefilter.hpp"
#include "rules/pattern_relaxer.hpp"
#include "synthetic_rules.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using glean::Document;
using glean::rules::CompiledRuleSet;
using glean::rules::FilterMode;
using glean::rules::relaxForHyperscan;

namespace {

const std::string kWide =
    "\\x{85}\\x{A0}\\x{1680}\\x{180E}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}"
    "\\x{3000}";
const std::string kSpace = "[\\s" + kWide + "]";
const std::string kWord = "[\\w\\x{80}-\\x{10FFFF}]";
const std::string kDigit = "[\\d\\x{80}-\\x{10FFFF}]";

struct Relaxed {
  std::string pattern, prefix, why;
  std::vector<std::string> shorter;
  bool ok = false;
};

Relaxed relax(const std::string& p, bool caseless = false, bool extended = false) {
  Relaxed r;
  auto out = relaxForHyperscan(p, extended, caseless, r.why);
  if (!out) return r;
  r.ok = true;
  r.pattern = out->pattern;
  r.prefix = out->prefix;
  r.shorter = out->shorter;
  return r;
}

// Sentence annotations from a simple splitter ([.!?] then white space then a capital), so scoped
// rules have something to run in.
void addSentences(Document& doc) {
  std::string_view t = doc.text();
  std::size_t start = 0;
  for (std::size_t i = 0; i + 2 < t.size(); ++i) {
    if ((t[i] == '.' || t[i] == '!' || t[i] == '?') && (t[i + 1] == ' ' || t[i + 1] == '\n') &&
        t[i + 2] >= 'A' && t[i + 2] <= 'Z') {
      doc.annotate("Sentence", start, i + 1);
      start = i + 2;
    }
  }
  if (start < t.size()) doc.annotate("Sentence", start, t.size());
}

// Every candidate of a traced run, sorted: rule, span, features, fate and reason.
std::vector<std::string> traceOf(const CompiledRuleSet& rules, const std::string& id,
                                 const std::string& text, std::vector<std::string>& issues) {
  Document doc(id, id, text);
  addSentences(doc);
  doc.setTraced(true);
  auto matches = rules.match(doc);
  std::vector<std::string> out;
  for (const auto& c : doc.candidates()) {
    std::string line = c.rule + " " + std::to_string(c.begin) + "-" + std::to_string(c.end) +
                       (c.won ? " won" : " lost: " + c.reason);
    for (const auto& [k, v] : c.features) line += " " + k + "=" + glean::toString(v);
    out.push_back(std::move(line));
  }
  std::sort(out.begin(), out.end());
  out.push_back("winners " + std::to_string(matches.size()));
  for (const auto& i : doc.issues()) issues.push_back(i.rule + " " + std::to_string(i.offset));
  return out;
}

// Loads `file` with and without the prefilter and compares the traced runs over `texts`.
void expectSameWithAndWithoutPrefilter(const fs::path& file,
                                       const std::vector<std::pair<std::string, std::string>>& texts,
                                       std::size_t& compared) {
  glean::rules::CompileOptions off;
  off.prefilter = false;
  auto with = CompiledRuleSet::load(file);
  auto without = CompiledRuleSet::load(file, off);
  for (const auto& [id, text] : texts) {
    std::vector<std::string> issues_with, issues_without;
    auto a = traceOf(*with, id, text, issues_with);
    auto b = traceOf(*without, id, text, issues_without);
    if (a != b) {
      // Name the first difference: the rule, its pattern, and what each side found.
      std::size_t k = 0;
      while (k < a.size() && k < b.size() && a[k] == b[k]) ++k;
      FAIL_CHECK("prefilter changed the result of " << file.filename().string() << " on " << id
                                                    << ": with '" << (k < a.size() ? a[k] : "")
                                                    << "', without '" << (k < b.size() ? b[k] : "")
                                                    << "'");
      return;
    }
    // Issues may differ only in the prefilter's favour (it can spare PCRE2 a runaway search).
    for (const auto& i : issues_with)
      CHECK(std::find(issues_without.begin(), issues_without.end(), i) != issues_without.end());
    compared += a.size();
  }
}

const char* const kTrickyRules = R"toml([ruleset]
name = "tricky"
type = "T"

[[rule]]
id = "cafe"
flags = ["i"]
pattern = '\bcafé\b'
[[rule]]
id = "kelvin"
flags = ["i"]
pattern = '\bk\w+'
[[rule]]
id = "long-s"
flags = ["i"]
pattern = '\b(?:some|men|sets?)\b'
[[rule]]
id = "strasse"
flags = ["i"]
pattern = '\bstraße\b'
[[rule]]
id = "look"
pattern = '(?<=\s)the\s+\w+(?=\W)'
[[rule]]
id = "abbrev"
pattern = '\b(?:U\.S\.|U\.N\.)'
[[rule]]
id = "ministry"
priority = 3
pattern = '(?i)(?:ministry|office)\s+of\s+(?:the\s+)?\p{Lu}\w+'
[[rule]]
id = "line"
flags = ["m"]
pattern = '^\p{Lu}[^\n]{0,40}$'
[[rule]]
id = "double"
pattern = '(\w)\1'
[[rule]]
id = "percent"
pattern = '\d+(?:[.,]\d+)*\s*(?:percent|%)'
[[rule]]
id = "hyphen"
pattern = '\b\w+(?:-\w+)+\b'
[[rule]]
id = "years"
flags = ["x"]
pattern = '''
  \b (?<num> \d{1,3} ) \s+ (?: years | months ) \b   # an age or a sentence
'''
[[rule]]
id = "upper"
pattern = '[[:upper:]]{2,}'
[[rule]]
id = "quote"
pattern = '"[^"]{1,80}"'
[[rule]]
id = "atomic"
pattern = '(?>\d+)\s+people'
[[rule]]
id = "possessive"
pattern = '\d++\s+killed'
[[rule]]
id = "names"
priority = 2
pattern = '\b\p{Lu}\p{Ll}+\s+\p{Lu}\p{Ll}+\b'
[[rule]]
id = "spaces"
pattern = '\s{2,}'
[[rule]]
id = "may"
pattern = '\bMay\b'
[[rule]]
id = "may-verb"
veto = true
pattern = '\bMay\s+(?:be|not)\b'
[[rule]]
id = "opener"
scope = "Sentence"
pattern = '^\W*\p{Lu}\w*'
[[rule]]
id = "closer"
scope = "Sentence"
pattern = '\w+\W*$'
[[rule]]
id = "context"
pattern = '.{20}\bgovernment\b'
[[rule]]
id = "not-boundary"
pattern = '\B\w{3}\b'
[[rule]]
id = "nbsp"
pattern = 'New\s+York|Addis\s+Ababa'
[[rule]]
id = "alternation"
pattern = 'police\s+\w+|\bcourts?\b|(?:arrest|detain)(?:ed|s)?'
[[rule]]
id = "empty-able"
pattern = '\d*%'
[[rule]]
id = "greek"
flags = ["i"]
pattern = 'σ\w*'
[[rule]]
id = "optional-head"
pattern = '\b(?:(?:early|late)\s+)?(?:this|last)\s+(?:morning|evening|year)\b'
[[rule]]
id = "digits-after"
pattern = '\b(?:January|May|June)\s+(?<d>\d{1,2})\b'
[[rule]]
id = "optional-atom"
pattern = '\$?\d+\s+(?:million|billion)'
)toml";

// A text full of what separates Unicode from ASCII semantics.
const char* const kUnicodeText =
    "Un café au lait. CAFÉ! Straße and STRASSE. \xE2\x84\xAA" "elvin and kelvin; \xC5\xBF" "ome.\n"
    "New\xC2\xA0York and Addis\xE2\x80\xAF" "Ababa. The U.S. and the U.N. said 40 percent.\r\n"
    "May be. May not. In May, \"quoted text\" here. ΣΊΣΥΦΟΣ σίσυφος. Ἀθῆναι.\n"
    "A 23-year-old man, 12 years, 5 months; 100 people; 7 killed. ABBA   spaces\there.\n"
    "The government of Kazakhstan's Ministry of the Interior (KNB).";

}  // namespace

TEST_SUITE("rules_prefilter") {

TEST_CASE("loosening keeps ASCII word boundaries and widens Unicode classes") {
  CHECK(relax("\\bword\\b").pattern == "\\bword\\b");
  CHECK(relax("\\b(?:ab|cd)\\b").pattern == "\\b(?:ab|cd)\\b");
  CHECK(relax("\\b(?<m>(?:May|June))\\s").pattern == "\\b(?<m>(?:May|June))" + kSpace);
  // Next to a non-word character, or a caseless k (it matches the Kelvin sign), \b goes...
  CHECK(relax("\\b\\.x").pattern == "\\.x");
  CHECK(relax("é\\b").pattern == "é");
  CHECK(relax("\\d\\bk", true).pattern == kDigit + "k");
  // ... except at the very start, where it becomes "the start, or a character outside ASCII \w".
  CHECK(relax("\\bk\\d", true).pattern == "(?:^|[^\\w])k" + kDigit);
  CHECK(relax("\\b(?:men|some)\\b", true).pattern == "(?:^|[^\\w])(?:men|some)\\b");
  CHECK(relax("\\bk\\d", false).pattern == "\\bk" + kDigit);
  CHECK(relax("\\b(?:a|b)?x").pattern == "(?:a|b)?x");
  CHECK(relax("a\\Bb").pattern == "ab");
  CHECK(relax("a\\s+\\w\\d").pattern == "a" + kSpace + "+" + kWord + kDigit);
  CHECK(relax("[\\w.-][^\\w][[:alpha:]][\\s-]").pattern ==
        "[\\x{80}-\\x{10FFFF}\\w.-][^\\w][\\x{80}-\\x{10FFFF}[:alpha:]][" + kWide + "\\s-]");
  CHECK(relax("\\p{Lu}\\P{L}").pattern == "[\\p{Lu}\\x{80}-\\x{10FFFF}][\\P{L}\\x{80}-\\x{10FFFF}]");
}

TEST_CASE("loosening drops assertions and makes atomic and possessive forms plain") {
  CHECK(relax("(?<![\\w-])x(?!\\d)").pattern == "(?:)x(?:)");
  // A lookbehind opening the pattern is looked for as text (a literal makes Hyperscan fast); one
  // further in is dropped.
  CHECK(relax("(?<=a(?=b))c").pattern == "(?:a(?:))c");
  CHECK(relax("x(?<=a(?=b))c").pattern == "x(?:)c");
  CHECK(relax("(?<=\\bfrom |\\bto )\\d").pattern == "(?:\\bfrom |\\bto )" + kDigit);
  CHECK(relax("(?>ab)c++d?+e{2}+").pattern == "(?:ab)c+d?e{2}");
  CHECK(relax("(?|(a)|(b))").pattern == "(?:(a)|(b))");
  CHECK(relax("(?i)a(?U)b(?s-i:c)").pattern == "(?i)ab(?s-i:c)");
  CHECK(relax("a(?#note)b").pattern == "ab");
  CHECK(relax("\\Qa.b\\E{x}").pattern == "a\\.b\\{x\\}");
  CHECK(relax("a b # comment\n c", false, true).pattern == "abc");
}

TEST_CASE("a back-reference to a simple closed group becomes a copy of the group") {
  CHECK(relax("(a)\\1").pattern == "(a)(?:a)");
  CHECK(relax("(?<s>[-/])\\d\\k<s>").pattern == "(?<s>[-/])" + kDigit + "(?:[-/])");
  CHECK(relax("(?P<q>x)(?P=q)\\k{q}\\k'q'\\g{q}").pattern == "(?P<q>x)(?:x)(?:x)(?:x)(?:x)");
  CHECK(relax("(x)\\g{-1}\\g1").pattern == "(x)(?:x)(?:x)");
  // A group holding groups, a reference before its group, inline options: refused.
  CHECK(relax("((a)b)\\1").why == "back-reference (1)");
  CHECK(relax("\\1(a)").why == "back-reference (1)");
  CHECK(relax("(?i)(a)\\1").why == "back-reference (1)");
  CHECK(relax("(?|(a)|(b))\\1").why == "back-reference (1)");
}

TEST_CASE("loosening refuses what it cannot loosen soundly, saying why") {
  CHECK(relax("\\Gx").why == "\\G");
  CHECK(relax("a\\Kb").why == "\\K");
  CHECK(relax("(?x)a").why == "inline (?x)");
  CHECK(relax("[^\\W\\d]").why.find("negated class with a negated escape") != std::string::npos);
  CHECK(relax("(?1)").why.find("recursion, subroutine, conditional or callout") != std::string::npos);
  CHECK(relax("(*UTF)a").why.find("verb") != std::string::npos);
}

TEST_CASE("the prefix stops before open-ended classes and repeated groups") {
  // Narrow classes (digits) stay, so nothing is cut here; "\\bword" is the shorter fallback.
  auto num = relax("\\bword\\s+(?<num>\\d{1,4})\\b");
  CHECK(num.prefix == num.pattern);
  CHECK(num.shorter == std::vector<std::string>{"\\bword"});
  CHECK(relax("\\bword\\s+(?<w>\\w+)").prefix == "\\bword");
  CHECK(relax("\\b(?<v>ab|cd)\\s+(?:\\w+\\s+)?word\\b").prefix == "\\b(?<v>ab|cd)");
  CHECK(relax("\\b(?:ab|cd)(?:\\W+\\w+){0,3}?\\W+ef\\b").prefix == "\\b(?:ab|cd)");
  CHECK(relax("word(?:s|es)?").prefix == "word");
  CHECK(relax("foo\\s+\\w+|bar").prefix == "(?:foo|bar)");
  CHECK(relax("^(?<n>[a-h])\\.\\h+(?=\\p{Lu})(?<t>[^\\n]{2,200}?)\\h*$").prefix == "^(?<n>[a-h])\\.");
  // Separators between literals stay; so does everything when no literal comes first.
  CHECK(relax("alpha\\s+beta").prefix == "alpha" + kSpace + "+beta");
  CHECK(relax("(?:\\W+\\w+){0,3}x").prefix == relax("(?:\\W+\\w+){0,3}x").pattern);
  CHECK(relax("a(?:b|c)?d").prefix == "a(?:b|c)?d");
  // An inline option could change meaning when cut: no prefix then.
  CHECK(relax("ab(?i)\\s+\\d+").prefix == relax("ab(?i)\\s+\\d+").pattern);
}

TEST_CASE("a pattern with an optional head is looked for where any match can start") {
  std::string why;
  auto r = relaxForHyperscan("\\b(?:(?:early|late)\\s+)?(?<w>Monday|Friday)\\s+\\d+", false, false, why);
  REQUIRE(r.has_value());
  CHECK(r->starts_optional);
  REQUIRE(r->cover.size() == 2);
  // The optional head: its own prefixes ("early" or "late" starts such a match)...
  CHECK(r->cover[0].back() == "(?:(?:early|late))");
  // ... and the required rest, longest first (the \\b went: an optional group follows it).
  CHECK(r->cover[1].front() == "(?<w>Monday|Friday)" + kSpace + "+" + kDigit + "+");
  CHECK(r->cover[1][1] == "(?<w>Monday|Friday)");
  auto phrase = relaxForHyperscan("alpha\\s+beta", false, false, why);
  CHECK_FALSE(phrase->starts_optional);
  CHECK(phrase->som_anchored);  // "beta" anchors start-of-match tracking
  CHECK(phrase->split == std::vector<std::string>{"alpha" + kSpace + "beta", "alpha" + kSpace + "{2}"});
  // A repeat with a larger minimum keeps it: X{3,} is bounded to X{3,3}, longer runs are X{4}.
  CHECK(relaxForHyperscan("alpha\\s{3,}beta", false, false, why)->split ==
        std::vector<std::string>{"alpha" + kSpace + "{3,3}beta", "alpha" + kSpace + "{4}"});
  CHECK_FALSE(relaxForHyperscan("May\\s+\\d+", false, false, why)->som_anchored);
  // A pattern that can match the empty string has no cover.
  CHECK(relaxForHyperscan("(?:ab)?c?", false, false, why)->cover.empty());

  fs::path dir = glean::test::freshDir("rules_prefilter_cover");
  glean::test::writeFile(dir / "r.toml", R"toml([ruleset]
name = "c"
type = "T"
[[rule]]
id = "head"
pattern = '\b(?:(?:early|late)\s+)?(?<w>Monday|Friday)\s+\d+'
[[rule]]
id = "tiny"
pattern = '\b(?:(?:a|an)\s+)?(?<w>Monday|Friday)\s+\d+'
)toml");
  auto rules = CompiledRuleSet::load(dir / "r.toml");
  auto head = rules->rule("head")->filter;
  CHECK(head.mode == FilterMode::EndWindow);
  CHECK(head.hs_pattern == "(?:(?:early|late)|(?<w>Monday|Friday))");
  CHECK(head.note.find("the places a match can start") != std::string::npos);
  // A piece shorter than 3 bytes ("a") would send PCRE2 everywhere: start of match instead.
  CHECK(rules->rule("tiny")->filter.mode == FilterMode::Start);
}

TEST_CASE("an optional head gets a pattern of its own, so matches without it get a narrow window") {
  std::string why;
  // A lookbehind-only branch ("(?<=\babout )(?<ax>)") matches nothing: the head's piece leaves it out.
  auto r = relaxForHyperscan(
      "\\b(?:(?<m>nearly|at least)\\s{1,8}|(?<=\\babout )(?<ax>))?(?:[Tt]he\\s{1,8})?[0-9]{1,3}\\s{1,8}years\\b",
      false, false, why);
  REQUIRE(r.has_value());
  REQUIRE(r->starts.size() == 3);
  const std::string rest = "[0-9]{1,3}" + kSpace + "{1,8}years\\b";
  CHECK(r->starts[0] == "(?:(?<m>nearly|at least)" + kSpace + "{1,8})(?:[Tt]he" + kSpace + "{1,8})?" + rest);
  CHECK(r->starts[1] == "(?:[Tt]he" + kSpace + "{1,8})" + rest);
  CHECK(r->starts[2] == rest);
  // No optional head, or one that cannot be made to match something: no pieces.
  CHECK(relaxForHyperscan("\\b[0-9]{1,3}\\s{1,8}years", false, false, why)->starts.empty());
  CHECK(relaxForHyperscan("(?:ab){0,2}[0-9]{1,3}\\s{1,8}years", false, false, why)->starts.empty());

  fs::path dir = glean::test::freshDir("rules_prefilter_starts");
  glean::test::writeFile(dir / "r.toml", R"toml([ruleset]
name = "s"
type = "T"
[[rule]]
id = "head"
pattern = '\b(?:(?<m>nearly|at least|no more than)\s{1,8}|(?<=\babout )(?<ax>))?(?:[Tt]he\s{1,8}(?:past|following)?\s{0,8})?[0-9]{1,3}\s{1,8}years\b'
)toml");
  auto rules = CompiledRuleSet::load(dir / "r.toml");
  auto head = rules->rule("head")->filter;
  CHECK(head.mode == FilterMode::EndWindow);
  CHECK(head.note.find("one pattern per place a match can start") != std::string::npos);
  REQUIRE(head.extra_patterns.size() == 2);
  CHECK(head.extra_patterns.back() == rest);
  // "123" + 8 spaces + "years": the window before a head-less match's end.
  CHECK(head.extra_widths.back() == 3 + 8 * 3 + 5);
  // Worth a pattern of its own only when the window narrows a lot (here 132 -> 32 bytes).
  CHECK(head.width >= head.extra_widths.back() + 64);
  // The windows still find every match, with the head or without.
  Document doc("d", "d", "It took nearly  3 years, about 4 years, the past 5 years and 6  years; 7years.");
  auto found = rules->match(doc);
  std::vector<std::string> texts;
  for (const auto& m : found) texts.emplace_back(doc.text().substr(m.begin, m.end - m.begin));
  CHECK(texts == std::vector<std::string>{"nearly  3 years", "4 years", "the past 5 years", "6  years"});
}

TEST_CASE("each rule gets a plan: start of match, end window, or unfiltered with a reason") {
  fs::path dir = glean::test::freshDir("rules_prefilter_plans");
  glean::test::writeFile(dir / "r.toml", R"toml([ruleset]
name = "p"
type = "T"
[[rule]]
id = "word"
pattern = '\bword\b'
[[rule]]
id = "phrase"
pattern = 'alpha\s+beta'
[[rule]]
id = "grouped"
pattern = 'alpha(?:\s+x)beta'
[[rule]]
id = "backref"
pattern = '(\w+) and \1'
[[rule]]
id = "empty"
pattern = 'x*'
[[rule]]
id = "anchor"
pattern = '\Gx'
[[rule]]
id = "recursion"
pattern = '(?<p>a(?&p)?b)'
[[rule]]
id = "opted-out"
prefilter = false
pattern = 'alpha\s+beta'
)toml");
  auto rules = CompiledRuleSet::load(dir / "r.toml");
  auto word = rules->rule("word")->filter;
  CHECK(word.mode == FilterMode::EndWindow);
  CHECK(word.width == 4);
  CHECK(word.hs_pattern == "\\bword\\b");
  // alpha\s+beta: \s+ looked for as one \s in the main pattern, and longer runs apart.
  auto phrase = rules->rule("phrase")->filter;
  CHECK(phrase.mode == FilterMode::EndWindow);
  CHECK(phrase.hs_pattern == "alpha" + kSpace + "beta");
  CHECK(phrase.extra_patterns == std::vector<std::string>{"alpha" + kSpace + "{2}"});
  CHECK(phrase.note.find("open-ended repeats bounded (X+ looked for as X)") != std::string::npos);
  // A repeat inside a group cannot be bounded from outside: start of match.
  CHECK(rules->rule("grouped")->filter.mode == FilterMode::Start);
  auto backref = rules->rule("backref")->filter;
  CHECK(backref.mode == FilterMode::Start);
  CHECK(backref.note.find("back-references replaced by a copy of their group") != std::string::npos);
  auto recursion = rules->rule("recursion")->filter;
  CHECK(recursion.mode != FilterMode::Start);
  CHECK(recursion.note.find("not relaxable: group construct '(?&p'") != std::string::npos);
  auto empty = rules->rule("empty")->filter;
  CHECK(empty.mode == FilterMode::Unfiltered);
  CHECK(empty.note == "can match the empty string and has no length bound");
  auto opted = rules->rule("opted-out")->filter;
  CHECK(opted.mode == FilterMode::Unfiltered);
  CHECK(opted.note == "prefilter = false in the rule");
  auto anchor = rules->rule("anchor")->filter;
  CHECK(anchor.mode == FilterMode::Unfiltered);
  CHECK(anchor.note.find("\\G") != std::string::npos);

  glean::rules::CompileOptions off;
  off.prefilter = false;
  auto plain = CompiledRuleSet::load(dir / "r.toml", off);
  for (const auto& r : plain->rules()) {
    CHECK(r.filter.mode == FilterMode::Unfiltered);
    CHECK(r.filter.note == "prefilter disabled");
  }
}

TEST_CASE("the prefilter changes nothing: the same candidates as PCRE2 alone, over the corpus") {
  fs::path shared = glean::test::sharedDir();
  REQUIRE_MESSAGE(!shared.empty(), "the shared corpus is needed (set GLEAN_SHARED_DIR)");
  // Every 25th report of the big collection, and the two small ones whole (GLEAN_EXACTNESS_ALL=1:
  // every file).
  bool all = std::getenv("GLEAN_EXACTNESS_ALL") != nullptr;
  std::vector<std::pair<std::string, std::string>> texts;
  std::size_t k = 0;
  for (const fs::path& f : glean::bench::corpusFiles(shared / "corpus")) {
    bool small = f.parent_path().filename() != "us-state-hrr";
    if (all || small || k++ % 25 == 0) texts.emplace_back(f.filename().string(), glean::bench::readFile(f));
  }
  REQUIRE(texts.size() > 40);
  texts.emplace_back("unicode", kUnicodeText);
  texts.emplace_back("seed", glean::test::readFile(glean::test::seedReport()));

  fs::path dir = glean::test::freshDir("rules_prefilter_exact");
  glean::test::writeFile(dir / "tricky.toml", kTrickyRules);
  glean::bench::SyntheticOptions synthetic;
  synthetic.rules = 150;
  synthetic.scoped = 0.2;
  synthetic.vetoes = 0.03;
  auto vocab = glean::bench::buildVocabulary(glean::bench::corpusFiles(shared / "corpus"), 40);
  glean::test::writeFile(dir / "synthetic.toml", glean::bench::syntheticRuleFile(vocab, synthetic));

  std::size_t compared = 0;
  for (const fs::path& file : {fs::path(GLEAN_SOURCE_DIR) / "rules/examples/dates.toml",
                               fs::path(GLEAN_SOURCE_DIR) / "rules/examples/acronyms.toml",
                               fs::path(GLEAN_SOURCE_DIR) / "rules/dates/en/reports.toml",
                               dir / "tricky.toml", dir / "synthetic.toml"}) {
    INFO("rule file " << file.string());
    expectSameWithAndWithoutPrefilter(file, texts, compared);
  }
  // The comparison saw a real amount of matching.
  CHECK(compared > 100000);
}

TEST_CASE("compiled prefilters come from the disk cache the second time, and a bad entry is ignored") {
  fs::path cache = glean::test::freshDir("rules_prefilter_cache");
  const char* before = std::getenv("GLEAN_CACHE_DIR");
  std::string saved = before ? before : "";
  ::setenv("GLEAN_CACHE_DIR", cache.c_str(), 1);
  fs::path rules_file = fs::path(GLEAN_SOURCE_DIR) / "rules/examples/dates.toml";
  Document reference("seed", "seed", glean::test::readFile(glean::test::seedReport()));
  auto first = CompiledRuleSet::load(rules_file);
  std::uint64_t hits = glean::rules::prefilterCacheHitsForTest();
  auto second = CompiledRuleSet::load(rules_file);
  CHECK(glean::rules::prefilterCacheHitsForTest() == hits + 1);
  auto a = first->rules(), b = second->rules();
  REQUIRE(a.size() == b.size());
  for (std::size_t k = 0; k < a.size(); ++k) {
    CHECK(a[k].filter.mode == b[k].filter.mode);
    CHECK(a[k].filter.hs_pattern == b[k].filter.hs_pattern);
    CHECK(a[k].filter.note == b[k].filter.note);
  }
  Document d1("seed", "seed", std::string(reference.text()));
  Document d2("seed", "seed", std::string(reference.text()));
  CHECK(first->match(d1).size() == 19);
  CHECK(second->match(d2).size() == 19);
  // A damaged entry is not used: the rules compile again.
  for (const auto& e : fs::directory_iterator(cache / "prefilter")) glean::test::writeFile(e.path(), "garbage");
  hits = glean::rules::prefilterCacheHitsForTest();
  auto third = CompiledRuleSet::load(rules_file);
  CHECK(glean::rules::prefilterCacheHitsForTest() == hits);
  Document d3("seed", "seed", std::string(reference.text()));
  CHECK(third->match(d3).size() == 19);
  if (before)
    ::setenv("GLEAN_CACHE_DIR", saved.c_str(), 1);
  else
    ::unsetenv("GLEAN_CACHE_DIR");
}

TEST_CASE("a rule whose reports would flood memory runs unfiltered on that text, still exact") {
  fs::path dir = glean::test::freshDir("rules_prefilter_flood");
  glean::test::writeFile(dir / "r.toml", R"toml([ruleset]
name = "f"
type = "T"
[[rule]]
id = "char"
pattern = '\w'
[[rule]]
id = "word"
pattern = '\bword\b'
)toml");
  std::string text;
  for (int i = 0; i < 20000; ++i) text += "abcdefgh word ";
  std::size_t compared = 0;
  expectSameWithAndWithoutPrefilter(dir / "r.toml", {{"flood", text}}, compared);
  CHECK(compared > 200000);
}

}  // TEST_SUITE
