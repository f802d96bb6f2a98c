// glean/tests/core/timeml_test.cpp - TimeML input: TEXT as the document, DCT and TIMEX3 read
// SPDX-License-Identifier: Apache-2.0
#include "input.hpp"
#include "test_support.hpp"
#include "timeml.hpp"

#include <doctest/doctest.h>

namespace fs = std::filesystem;

TEST_SUITE("timeml") {
  TEST_CASE("the text is <TEXT> without its tags, with references decoded and offsets kept") {
    std::string xml = glean::test::readFile(fs::path(GLEAN_TEST_DATA_DIR) / "timeml" / "gold" / "news.tml");
    glean::TimemlDocument doc = glean::parseTimeml(xml);
    CHECK(doc.docid == "news");
    CHECK(doc.dct == "2013-03-22");
    CHECK(doc.dct_text == "March 22, 2013");
    CHECK(doc.text.rfind("\nAT&T said Thursday that profit rose", 0) == 0);
    CHECK(doc.text.find('<') == std::string::npos);
    REQUIRE(doc.timexes.size() == 5);
    const glean::TimemlTimex& q = doc.timexes[1];
    CHECK(doc.text.substr(q.begin, q.end - q.begin) == "the fourth quarter");
    CHECK(q.tid == "t2");
    CHECK(q.type == "DATE");
    CHECK(q.value == "2012-Q4");
    CHECK(doc.text.substr(doc.timexes[3].begin, doc.timexes[3].end - doc.timexes[3].begin) ==
          "three months");
  }

  TEST_CASE("malformed TimeML is refused with the byte offset") {
    CHECK_THROWS_AS(glean::parseTimeml("<TimeML><DOCID>x</DOCID></TimeML>"), glean::TimemlError);
    try {
      glean::parseTimeml("<TEXT>a <TIMEX3 tid=\"t1\">b</TEXT>");
      FAIL("no error");
    } catch (const glean::TimemlError& e) {
      CHECK(std::string(e.what()).find("without </TIMEX3>") != std::string::npos);
    }
    fs::path dir = glean::test::freshDir("timeml-bad");
    glean::test::writeFile(dir / "bad.tml", "<TimeML><TEXT>a </TIMEX3> b</TEXT></TimeML>");
    glean::ReadResult r = glean::readFile({"bad.tml", dir / "bad.tml", ""}, {});
    CHECK_FALSE(r.document.has_value());
    CHECK(r.failure.message.find("malformed TimeML") != std::string::npos);
    CHECK(r.failure.offset == 16);  // the stray </TIMEX3> in the file
  }

  TEST_CASE("TempEval-3 input files read as their text, creation time in meta") {
    fs::path shared = glean::test::sharedDir();
    REQUIRE_MESSAGE(!shared.empty(), "the shared bench data is needed (set GLEAN_SHARED_DIR)");
    fs::path bench = shared / "bench" / "tempeval3";
    glean::ReadResult in = glean::readFile(
        {"AP_20130322.tml.TE3input", bench / "platinum-input" / "AP_20130322.tml.TE3input", ""}, {});
    REQUIRE(in.document.has_value());
    const glean::Document& doc = *in.document;
    CHECK(doc.meta().str("dct") == "2013-03-22");
    CHECK(doc.meta().str("docid") == "AP_20130322");
    CHECK(doc.meta().str("dct_text") == "March 22, 2013");
    // The gold file holds the same text with its TIMEX3 tags: they are dropped on reading.
    glean::ReadResult gold = glean::readFile({"AP_20130322.tml", bench / "platinum" / "AP_20130322.tml", ""}, {});
    REQUIRE(gold.document.has_value());
    CHECK(gold.document->text() == doc.text());
    glean::TimemlDocument parsed = glean::parseTimeml(glean::test::readFile(bench / "platinum" / "AP_20130322.tml"));
    CHECK(parsed.timexes.size() >= 5);
    CHECK(doc.text().find("The flu season is winding down") != std::string::npos);
  }
}
