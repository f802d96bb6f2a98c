// glean/tests/plugins/dates_pipeline_test.cpp - the dates stage with its rule files, on real texts
// SPDX-License-Identifier: Apache-2.0
#include "host_services.hpp"
#include "logging.hpp"
#include "pipeline.hpp"
#include "runner.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <regex>
#include <sstream>

namespace fs = std::filesystem;
using glean::Annotation;
using glean::Document;

namespace {

// Each test case runs in a process of its own (ctest), and compiling the date rules (Hyperscan)
// dominates its time: one host per process, so every pipeline of a case shares one compilation.
glean::Host& host() {
  static glean::Host h(glean::nullLogger());
  return h;
}

glean::Pipeline load(const fs::path& file) {
  glean::PluginLoader plugins({GLEAN_PLUGIN_DIR});
  return glean::loadPipeline(file, plugins, host(), glean::nullLogger());
}

void process(glean::Pipeline& pipeline, Document& doc) {
  for (auto& s : pipeline.stages) {
    if (s.stage->sequential()) continue;
    doc.setCurrentStage(s.name);
    s.stage->process(doc);
  }
}

fs::path dataDir() { return fs::path(GLEAN_TEST_DATA_DIR) / "dates"; }

/// A pipeline file in a fresh folder, with the dates stage given `options` and the English
/// report rules.
fs::path writePipeline(const std::string& name, const std::string& options) {
  fs::path dir = glean::test::freshDir("dates-" + name);
  fs::path rules = fs::path(GLEAN_SOURCE_DIR) / "rules" / "dates" / "en" / "reports.toml";
  glean::test::writeFile(dir / "pipeline.toml", "[[stage]]\nuse = \"dates\"\nrules = \"" +
                                                    rules.string() + "\"\n" + options + "\n");
  return dir / "pipeline.toml";
}

/// The TIMEX3 of `doc` whose text is `text` (the `nth` one), or null.
const Annotation* findTimex(const Document& doc, std::string_view text, int nth = 0) {
  for (const Annotation* a : doc.select("TIMEX3"))
    if (doc.slice(*a) == text && nth-- == 0) return a;
  return nullptr;
}

std::string feature(const Annotation* a, std::string_view key) {
  if (a == nullptr) return "(no annotation)";
  const glean::FeatureValue* v = a->features.find(key);
  return v == nullptr ? "" : glean::toString(*v);
}

Document dates(glean::Pipeline& pipeline, std::string text, glean::Features meta = {}) {
  Document doc("t", "t", std::move(text));
  doc.meta() = std::move(meta);
  process(pipeline, doc);
  return doc;
}

glean::Features meta(std::initializer_list<std::pair<const char*, glean::FeatureValue>> items) {
  glean::Features f;
  for (const auto& [k, v] : items) f.set(k, v);
  return f;
}

/// The rows of tests/data/dates/seed_dates.tsv: text, type, value, begin, end, age.
std::vector<std::vector<std::string>> seedGolden() {
  std::ifstream golden(dataDir() / "seed_dates.tsv");
  std::vector<std::vector<std::string>> rows;
  for (std::string line; std::getline(golden, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> cols;
    std::stringstream s(line);
    for (std::string c; std::getline(s, c, '\t');) cols.push_back(c);
    cols.resize(6);
    rows.push_back(cols);
  }
  return rows;
}

std::string jsonFeature(const nlohmann::json& features, const char* key) {
  if (!features.contains(key)) return "";
  const nlohmann::json& v = features[key];
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  return v.is_string() ? v.get<std::string>() : v.dump();
}

}  // namespace

TEST_SUITE("dates.stage") {
  // The whole product path: glean run, the segmenter's metadata as the anchor, JSONL out.
  TEST_CASE("the bundled country-reports pipeline writes the seed's dates of expected.md, anchored on its report year") {
    fs::path out = glean::test::freshDir("dates-seed-run");
    glean::test::CommandResult r = glean::test::runGlean(
        {"-q", "run", std::string(GLEAN_SOURCE_DIR) + "/pipelines/country-reports.toml",
         (fs::path(GLEAN_SOURCE_DIR) / "samples").string(), "-o", out.string()});
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    auto docs = glean::test::readJsonl(out / "documents.jsonl");
    REQUIRE(docs.size() == 1);
    std::vector<nlohmann::json> got;
    for (const auto& a : docs[0]["annotations"])
      if (a["type"] == "TIMEX3") got.push_back(a);
    std::vector<std::vector<std::string>> rows = seedGolden();
    REQUIRE(rows.size() == 22);
    CHECK(got.size() == rows.size());
    for (std::size_t i = 0; i < std::min(got.size(), rows.size()); ++i) {
      INFO("row " << i + 1 << ": " << rows[i][0]);
      const nlohmann::json& f = got[i]["features"];
      CHECK(got[i]["text"] == rows[i][0]);
      CHECK(got[i]["stage"] == "dates");
      CHECK(jsonFeature(f, "type") == rows[i][1]);
      CHECK(jsonFeature(f, "value") == rows[i][2]);
      CHECK(jsonFeature(f, "begin") == rows[i][3]);
      CHECK(jsonFeature(f, "end") == rows[i][4]);
      CHECK(jsonFeature(f, "age") == rows[i][5]);
      // Yearless dates name the report year the segmenter read from the title; the others, nothing.
      bool yearless = rows[i][2].rfind("2009-", 0) == 0;
      CHECK(jsonFeature(f, "anchor") == (yearless ? "report_year:2009" : ""));
    }
  }

  TEST_CASE("the seed report's dates are expected.md's table, anchored as the pipeline says") {
    glean::Pipeline reports = load(dataDir() / "reports.toml");
    std::string seed = glean::test::readFile(glean::test::seedReport());

    SUBCASE("anchored on the report year: exactly the golden table") {
      Document doc = dates(reports, seed, meta({{"report_year", std::int64_t{2009}}}));
      std::vector<std::vector<std::string>> rows = seedGolden();
      std::vector<const Annotation*> got = doc.select("TIMEX3");
      REQUIRE(rows.size() == 22);
      CHECK(got.size() == rows.size());
      for (std::size_t i = 0; i < std::min(got.size(), rows.size()); ++i) {
        const Annotation* a = got[i];
        INFO("row " << i + 1 << ": " << rows[i][0]);
        CHECK(doc.slice(*a) == rows[i][0]);
        CHECK(feature(a, "type") == rows[i][1]);
        CHECK(feature(a, "value") == rows[i][2]);
        CHECK(feature(a, "begin") == rows[i][3]);
        CHECK(feature(a, "end") == rows[i][4]);
        CHECK(feature(a, "age") == rows[i][5]);
      }
      // Yearless dates say what they were resolved against; absolute ones do not.
      CHECK(feature(findTimex(doc, "January 10"), "anchor") == "report_year:2009");
      CHECK(feature(findTimex(doc, "5 August 2010"), "anchor").empty());
    }

    SUBCASE("without a report year the publication date anchors, and says so") {
      Document doc = dates(reports, seed, meta({{"publication_date", "2010-08-05"}}));
      CHECK(feature(findTimex(doc, "January 10"), "value") == "2010-01-10");
      CHECK(feature(findTimex(doc, "January 10"), "anchor") == "publication_date:2010-08-05");
      CHECK(feature(findTimex(doc, "October 26"), "value") == "2009-10-26");  // the last one by August 2010
    }

    SUBCASE("no anchor at all: yearless dates stay open") {
      Document doc = dates(reports, seed);
      CHECK(feature(findTimex(doc, "January 10"), "value") == "XXXX-01-10");
      CHECK(feature(findTimex(doc, "5 August 2010"), "value") == "2010-08-05");
    }

    SUBCASE("a fixed anchor and anaphora resolved against the previous date") {
      glean::Pipeline fixed = load(writePipeline("fixed", "anchor = [\"fixed\"]\nanchor_date = \"2009-06-15\""));
      Document doc = dates(fixed,
                           "Police detained him on September 22. Two days later he was charged. "
                           "Last year the law changed. The following day he was released. "
                           "A court met on February 30.");
      CHECK(feature(findTimex(doc, "September 22"), "value") == "2009-09-22");
      CHECK(feature(findTimex(doc, "Two days later"), "value") == "2009-09-24");
      CHECK(feature(findTimex(doc, "Two days later"), "anchor") == "previous:2009-09-22");
      CHECK(feature(findTimex(doc, "Last year"), "value") == "2008");
      CHECK(feature(findTimex(doc, "Last year"), "anchor") == "fixed:2009-06-15");
      CHECK(feature(findTimex(doc, "The following day"), "value") == "2009-09-25");
      CHECK(feature(findTimex(doc, "February 30"), "invalid") == "true");
      CHECK(feature(findTimex(doc, "February 30"), "value").empty());
    }

    SUBCASE("the previous date as the default reference, and day-first numeric dates") {
      glean::Pipeline narrative =
          load(writePipeline("previous", "anchor = [\"report_year\"]\nrelative_to = \"previous\"\nnumeric_order = \"dmy\""));
      Document doc = dates(narrative,
                           "In 2005 the party was banned. In March it appealed. The decree of "
                           "8/5/2010 and that of 13/5/2010.",
                           meta({{"report_year", std::int64_t{2009}}}));
      CHECK(feature(findTimex(doc, "March"), "value") == "2005-03");
      CHECK(feature(findTimex(doc, "8/5/2010"), "value") == "2010-05-08");
      CHECK(feature(findTimex(doc, "13/5/2010"), "value") == "2010-05-13");
    }

    SUBCASE("English coverage the issue lists, each with its value") {
      Document doc = dates(reports,
                           "On 5 August 2010, on August 5, 2010, on 2010-08-05 and 05.08.2010; "
                           "in FY 2009 and fiscal year 2010, in the 1990s; between 2005 and 2007; "
                           "from March to May; mid-2009, early 2009, late October; in recent "
                           "years; on Monday; at 08:49 GMT; for three months; for a decade; "
                           "every month; annually.",
                           meta({{"report_year", std::int64_t{2009}}}));
      CHECK(feature(findTimex(doc, "5 August 2010"), "value") == "2010-08-05");
      CHECK(feature(findTimex(doc, "August 5, 2010"), "value") == "2010-08-05");
      CHECK(feature(findTimex(doc, "2010-08-05"), "value") == "2010-08-05");
      CHECK(feature(findTimex(doc, "05.08.2010"), "value") == "2010-08-05");
      CHECK(feature(findTimex(doc, "FY 2009"), "value") == "2009");
      CHECK(feature(findTimex(doc, "fiscal year 2010"), "value") == "2010");
      CHECK(feature(findTimex(doc, "the 1990s"), "value") == "199");
      CHECK(feature(findTimex(doc, "2005 and 2007"), "begin") == "2005");
      CHECK(feature(findTimex(doc, "2005 and 2007"), "end") == "2007");
      CHECK(feature(findTimex(doc, "March to May"), "value") == "2009-03/2009-05");
      CHECK(feature(findTimex(doc, "mid-2009"), "mod") == "MID");
      CHECK(feature(findTimex(doc, "early 2009"), "mod") == "START");
      CHECK(feature(findTimex(doc, "late October"), "value") == "2009-10");
      CHECK(feature(findTimex(doc, "late October"), "mod") == "END");
      CHECK(feature(findTimex(doc, "recent years"), "value") == "PAST_REF");
      // A year cannot place a weekday: the last date mentioned does.
      CHECK(feature(findTimex(doc, "Monday"), "value") == "2010-08-02");
      CHECK(feature(findTimex(doc, "Monday"), "anchor") == "previous:2010-08-05");
      CHECK(feature(findTimex(doc, "08:49 GMT"), "type") == "TIME");
      CHECK(feature(findTimex(doc, "three months"), "value") == "P3M");
      CHECK(feature(findTimex(doc, "a decade"), "value") == "P10Y");
      CHECK(feature(findTimex(doc, "every month"), "value") == "P1M");
      CHECK(feature(findTimex(doc, "every month"), "quant") == "EVERY");
      CHECK(feature(findTimex(doc, "annually"), "type") == "SET");
    }
  }

  TEST_CASE("French rules run through the same plugin, without a rebuild") {
    glean::Pipeline french = load(dataDir() / "french.toml");
    Document doc = dates(french,
                         "Publié le 5 août 2010. Le ministère a annoncé le 10 janvier qu'un "
                         "exercice aurait lieu en octobre. Hier, un citoyen âgé de 23 ans a été "
                         "condamné à 12-17 ans. L'année dernière, le décret du 05/08/2010. Un "
                         "rapport annuel, les 1er-2 juillet.",
                         meta({{"report_year", std::int64_t{2009}}}));
    CHECK(feature(findTimex(doc, "5 août 2010"), "value") == "2010-08-05");
    CHECK(feature(findTimex(doc, "10 janvier"), "value") == "2009-01-10");
    CHECK(feature(findTimex(doc, "10 janvier"), "anchor") == "report_year:2009");
    CHECK(feature(findTimex(doc, "octobre"), "value") == "2009-10");
    CHECK(feature(findTimex(doc, "23 ans"), "age") == "true");
    CHECK(feature(findTimex(doc, "12-17 ans"), "begin") == "P12Y");
    CHECK(feature(findTimex(doc, "12-17 ans"), "end") == "P17Y");
    CHECK(feature(findTimex(doc, "L'année dernière"), "value") == "2008");
    CHECK(feature(findTimex(doc, "05/08/2010"), "value") == "2010-08-05");
    CHECK(feature(findTimex(doc, "annuel"), "value") == "P1Y");
    CHECK(feature(findTimex(doc, "1er-2 juillet"), "value") == "2009-07-01/2009-07-02");
    // "Hier" needs a day-precise anchor: with a creation time it is the day before.
    Document news = dates(french, "Hier, le ministre a parlé.", meta({{"dct", "2013-03-22"}}));
    CHECK(feature(findTimex(news, "Hier"), "value") == "2013-03-21");
  }
}
