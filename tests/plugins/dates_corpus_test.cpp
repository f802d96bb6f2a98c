// glean/tests/plugins/dates_corpus_test.cpp - the dates stage on benchmarks and the whole corpus
// SPDX-License-Identifier: Apache-2.0
#include "host_services.hpp"
#include "logging.hpp"
#include "pipeline.hpp"
#include "runner.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <regex>

namespace fs = std::filesystem;

namespace {

#ifdef GLEAN_TEST_SANITIZED
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif

glean::Host& host() {
  static glean::Host h(glean::nullLogger());
  return h;
}

glean::Pipeline load(const fs::path& file) {
  glean::PluginLoader plugins({GLEAN_PLUGIN_DIR});
  return glean::loadPipeline(file, plugins, host(), glean::nullLogger());
}

nlohmann::json score(const fs::path& gold, const fs::path& system, const fs::path& json) {
  auto r = glean::test::runGlean({"score-timeml", "--json", json.string(), gold.string(), system.string()});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  return nlohmann::json::parse(glean::test::readFile(json));
}

// A TIMEX3 value as the dates stage writes them: a point (with X for what is unknown), a
// duration, a reference word, or two of them joined by '/' (a range).
bool wellFormed(const std::string& value) {
  static const std::regex point(
      "(?:PRESENT_REF|PAST_REF|FUTURE_REF"
      "|P(?:[0-9.]+|X)(?:Y|M|W|D|Q|DE|CE|ML)|PT(?:[0-9.]+|X)(?:H|M|S)"
      "|[0-9X]{1,4}(?:-(?:[0-9X]{2}|W[0-9X]{2}|Q[1-4X]|H[12X]|SP|SU|FA|WI)(?:-(?:[0-9X]{2}|[1-7]|WE))?)?"
      "(?:T(?:MO|AF|EV|NI|DT|[0-9X]{2}:[0-9X]{2}(?::[0-9]{2})?(?:Z|[+-][0-9]{2}:[0-9]{2})?))?)");
  auto slash = value.find('/');
  if (slash != std::string::npos)
    return std::regex_match(value.substr(0, slash), point) && std::regex_match(value.substr(slash + 1), point);
  return std::regex_match(value, point);
}

}  // namespace

TEST_SUITE("dates.benchmarks") {
  TEST_CASE("TempEval-3: the tempeval3 pipeline's figures on train and on the platinum test set") {
    fs::path shared = glean::test::sharedDir();
    REQUIRE_MESSAGE(!shared.empty(), "the shared bench data is needed (set GLEAN_SHARED_DIR)");
    fs::path bench = shared / "bench" / "tempeval3";
    fs::path dir = glean::test::freshDir("dates-tempeval3");
    glean::Pipeline pipeline = load(fs::path(GLEAN_SOURCE_DIR) / "pipelines" / "tempeval3.toml");
    for (const char* set : {"train", "platinum-input"}) {
      glean::RunOptions options;
      options.inputs = {(bench / set).string()};
      options.output_dir = dir / set;
      glean::RunSummary s = glean::runPipeline(pipeline, options, *glean::nullLogger());
      CHECK(s.failed == 0);
      CHECK(s.issues == 0);
    }
    // The figures measured when this was written (plugins/dates/README.md): a drop is a regression.
    // The rules are tuned on train only; platinum is scored blind.
    nlohmann::json train = score(bench / "train", dir / "train" / "timeml", dir / "train.json");
    CHECK(train["gold"] == 1822);
    CHECK(train["relaxed"]["f1"].get<double>() >= 93.6);
    CHECK(train["strict"]["f1"].get<double>() >= 86.0);
    CHECK(train["value_f1"].get<double>() >= 79.0);
    CHECK(train["type_f1"].get<double>() >= 88.7);
    nlohmann::json platinum = score(bench / "platinum", dir / "platinum-input" / "timeml", dir / "platinum.json");
    CHECK(platinum["gold"] == 138);
    CHECK(platinum["missing_files"].empty());
    // Above HeidelTime, the best TempEval-3 system (90.30 relaxed, 77.61 value), but short of the
    // issue's aim (91 relaxed, 82 value): these guard what is reached, not the aim.
    CHECK(platinum["relaxed"]["f1"].get<double>() >= 90.9);
    CHECK(platinum["value_f1"].get<double>() >= 80.3);
    CHECK(platinum["strict"]["f1"].get<double>() >= 82.5);
    CHECK(platinum["type_f1"].get<double>() >= 84.0);
  }

  // The whole corpus (64 MB) takes seconds in a Release build and minutes under the sanitizers,
  // which the unit tests cover: the sweep runs in the Release build only.
  TEST_CASE("corpus sweep: every report gets dates in its own year, every value well formed" *
            doctest::skip(kSanitized)) {
    fs::path shared = glean::test::sharedDir();
    REQUIRE_MESSAGE(!shared.empty(), "the shared corpus is needed (set GLEAN_SHARED_DIR)");
    glean::Pipeline pipeline = load(fs::path(GLEAN_TEST_DATA_DIR) / "dates" / "reports.toml");
    std::size_t documents = 0, timexes = 0, in_own_year = 0, invalid = 0, anchored = 0;
    std::vector<std::string> bad_values, wrong_anchor;
    for (const auto& entry : fs::recursive_directory_iterator(shared / "corpus")) {
      if (!entry.is_regular_file() || entry.path().extension() != ".txt") continue;
      std::string name = entry.path().filename().string();
      int year = std::atoi(name.substr(0, 4).c_str());  // "2016_afghanistan.txt": the report year
      REQUIRE(year > 1990);
      glean::Document doc(name, entry.path().string(), glean::test::readFile(entry.path()));
      doc.meta().set("report_year", glean::FeatureValue(std::int64_t{year}));
      for (auto& s : pipeline.stages) {
        doc.setCurrentStage(s.name);
        s.stage->process(doc);
      }
      ++documents;
      CHECK_MESSAGE(doc.issues().empty(), name);
      bool own_year = false;
      for (const glean::Annotation* a : doc.select("TIMEX3")) {
        ++timexes;
        std::string value(a->features.str("value"));
        std::string type(a->features.str("type"));
        if (value.empty()) {
          if (a->features.contains("invalid")) ++invalid;
          else bad_values.push_back(name + ": '" + std::string(doc.slice(*a)) + "' has no value");
          continue;
        }
        if (!wellFormed(value)) bad_values.push_back(name + ": '" + std::string(doc.slice(*a)) + "' -> " + value);
        if (value.rfind(std::to_string(year), 0) == 0) own_year = true;
        std::string anchor(a->features.str("anchor"));
        if (!anchor.empty()) {
          ++anchored;
          if (anchor != "report_year:" + std::to_string(year) && anchor.rfind("previous:", 0) != 0)
            wrong_anchor.push_back(name + ": " + anchor);
        }
        CHECK((type == "DATE" || type == "TIME" || type == "DURATION" || type == "SET"));
      }
      if (own_year) ++in_own_year;
    }
    MESSAGE(documents << " reports, " << timexes << " TIMEX3, " << anchored << " anchored, "
                      << invalid << " invalid dates flagged");
    CHECK(documents == 977);
    CHECK(timexes > 100000);
    CHECK(anchored > 20000);
    // Each report speaks of its own year: nearly every one holds a date in it.
    CHECK(in_own_year * 100 >= documents * 97);
    CHECK_MESSAGE(bad_values.empty(), bad_values.size() << " malformed, first: "
                                                        << (bad_values.empty() ? "" : bad_values.front()));
    CHECK_MESSAGE(wrong_anchor.empty(), wrong_anchor.size() << " anchored elsewhere, first: "
                                                            << (wrong_anchor.empty() ? "" : wrong_anchor.front()));
  }
}
