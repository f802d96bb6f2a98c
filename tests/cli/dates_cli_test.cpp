// glean/tests/cli/dates_cli_test.cpp - glean score-timeml and glean eval-duckling
// SPDX-License-Identifier: Apache-2.0
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <sstream>

namespace fs = std::filesystem;
using glean::test::runGlean;

namespace {
fs::path timemlData() { return fs::path(GLEAN_TEST_DATA_DIR) / "timeml"; }
}  // namespace

TEST_SUITE("cli.dates") {
  TEST_CASE("score-timeml counts strict and relaxed matches, values and types as TempEval-3 does") {
    fs::path dir = glean::test::freshDir("score-timeml");
    auto r = runGlean({"score-timeml", "--errors", "--json", (dir / "s.json").string(),
                       (timemlData() / "gold").string(), (timemlData() / "system").string()});
    CHECK(r.exit_code == 0);
    // Thursday: right; "the fourth quarter" found as "fourth quarter" (relaxed only); "a year
    // ago" with a wrong value; "three months" missed; "profit" spurious; "next week" right.
    auto j = nlohmann::json::parse(glean::test::readFile(dir / "s.json"));
    CHECK(j["gold"] == 5);
    CHECK(j["system"] == 5);
    CHECK(j["relaxed_matches"] == 4);
    CHECK(j["strict_matches"] == 3);
    CHECK(j["value_matches"] == 3);
    CHECK(j["type_matches"] == 4);
    CHECK(j["strict"]["f1"].get<double>() == doctest::Approx(60.0));
    CHECK(j["relaxed"]["precision"].get<double>() == doctest::Approx(80.0));
    CHECK(j["relaxed"]["f1"].get<double>() == doctest::Approx(80.0));
    CHECK(j["value_accuracy"].get<double>() == doctest::Approx(75.0));
    CHECK(j["value_f1"].get<double>() == doctest::Approx(60.0));
    CHECK(j["type_f1"].get<double>() == doctest::Approx(80.0));
    CHECK(r.out.find("missed\tgold: 'three months' DURATION P3M") != std::string::npos);
    CHECK(r.out.find("spurious\tgold: \tsystem: 'profit'") != std::string::npos);
    CHECK(r.out.find("value\tgold: 'a year ago' DATE 2011-Q4\tsystem: 'a year ago' DATE 2012") !=
          std::string::npos);
  }

  TEST_CASE("score-timeml: gold against itself is perfect, a text that differs is refused") {
    auto same = runGlean({"score-timeml", (timemlData() / "gold").string(), (timemlData() / "gold").string()});
    CHECK(same.exit_code == 0);
    CHECK(same.out.find("relaxed            100.00   100.00   100.00") != std::string::npos);
    fs::path dir = glean::test::freshDir("score-timeml-differs");
    glean::test::writeFile(dir / "news.tml", "<TimeML><TEXT>\nsomething else</TEXT></TimeML>");
    auto differs = runGlean({"score-timeml", (timemlData() / "gold").string(), dir.string()});
    CHECK(differs.exit_code == 2);
    CHECK(differs.err.find("texts differ") != std::string::npos);
    auto missing = runGlean({"score-timeml", (timemlData() / "gold").string(), glean::test::freshDir("score-empty").string()});
    CHECK(missing.exit_code == 0);
    CHECK(missing.err.find("no system file for 'news.tml'") != std::string::npos);
    CHECK(missing.out.find("5 gold and 0 system") != std::string::npos);
  }

  TEST_CASE("eval-duckling reports the share reproduced by grain over Duckling's examples") {
    fs::path shared = glean::test::sharedDir();
    REQUIRE_MESSAGE(!shared.empty(), "the shared bench data is needed (set GLEAN_SHARED_DIR)");
    fs::path dir = glean::test::freshDir("eval-duckling");
    auto r = runGlean({"eval-duckling", "--json", (dir / "d.json").string(),
                       (fs::path(GLEAN_SOURCE_DIR) / "pipelines" / "duckling.toml").string(),
                       (shared / "bench" / "duckling-en" / "examples.jsonl").string()});
    REQUIRE(r.exit_code == 0);
    auto j = nlohmann::json::parse(glean::test::readFile(dir / "d.json"));
    CHECK(j["total"] == 1036);
    CHECK(j["by_kind"]["null"]["total"] == 28);
    CHECK(j["by_grain"]["day"]["total"] == 520);
    // What the English rules reproduce today; a drop is a regression worth a look.
    CHECK(j["by_kind"]["null"]["reproduced"].get<int>() >= 27);
    CHECK(j["by_grain"]["year"]["reproduced"].get<int>() >= 13);
    CHECK(j["reproduced"].get<int>() >= 190);
    CHECK(r.out.find("grain") != std::string::npos);
  }
}

TEST_SUITE("cli.dates") {
  // Unbounded repeats (\s+, [0-9]+) put a rule in Hyperscan's start-of-match mode, which made the
  // English date rules 3.5 times slower: every rule must stay in the end-window mode.
  TEST_CASE("every English date rule is prefiltered by an end window") {
    auto r = runGlean({"rules", (fs::path(GLEAN_SOURCE_DIR) / "rules" / "dates" / "en" / "reports.toml").string()});
    REQUIRE(r.exit_code == 0);
    int rules = 0;
    std::istringstream lines(r.out);
    for (std::string line; std::getline(lines, line);) {
      if (line.rfind("  dates-en", 0) != 0) continue;
      ++rules;
      CHECK_MESSAGE(line.find(" end-window ") != std::string::npos, line);
    }
    CHECK(rules >= 70);
  }
}
