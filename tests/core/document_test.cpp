// glean/tests/core/document_test.cpp - Document, Annotation and Features
// SPDX-License-Identifier: Apache-2.0
#include "test_support.hpp"

#include "glean/document.hpp"
#include "glean/json.hpp"

#include <doctest/doctest.h>

using glean::Document;
using glean::FeatureValue;

TEST_SUITE("document") {
  TEST_CASE("the original bytes are kept exactly and slices index into them") {
    std::string bytes = glean::test::readFile(glean::test::seedReport());
    Document doc("seed.txt", "samples/seed.txt", bytes);
    CHECK(doc.text() == bytes);
    CHECK(doc.bodyBegin() == 0);
    auto at = bytes.find("Kazakhstan continued");
    REQUIRE(at != std::string::npos);
    CHECK(doc.slice(at, at + 10) == "Kazakhstan");
    CHECK(doc.slice(bytes.size() - 15, bytes.size() + 100) == "Search Refworld");  // clamped
    CHECK(doc.slice(10, 5).empty());
  }

  TEST_CASE("a byte order mark is skipped by offset, not removed") {
    Document doc("bom", "bom", "\xEF\xBB\xBFHello");
    CHECK(doc.bodyBegin() == 3);
    CHECK(doc.text().size() == 8);
    CHECK(doc.slice(3, 8) == "Hello");
  }

  TEST_CASE("annotations get unique ids and the current stage as provenance") {
    Document doc("d", "d", "Astana and Aktau");
    doc.setCurrentStage("entities");
    auto& first = doc.annotate("GPE", 0, 6, "places:city");
    first.features.set("canonical", "Astana");
    auto id1 = first.id;
    auto& second = doc.annotate("GPE", 11, 16);
    CHECK(second.id != id1);
    CHECK(second.stage == "entities");
    CHECK(second.rule.empty());
    const auto* found = doc.byId(id1);
    REQUIRE(found != nullptr);
    CHECK(found->rule == "places:city");
    CHECK(found->features.str("canonical") == "Astana");
    CHECK(doc.slice(*found) == "Astana");
  }

  TEST_CASE("select returns one type ordered by begin, longest first") {
    Document doc("d", "d", "abcdefghij");
    doc.annotate("X", 5, 6);
    doc.annotate("Y", 0, 10);
    doc.annotate("X", 0, 2);
    doc.annotate("X", 0, 4);
    auto xs = doc.select("X");
    REQUIRE(xs.size() == 3);
    CHECK(xs[0]->end == 4);
    CHECK(xs[1]->end == 2);
    CHECK(xs[2]->begin == 5);
    CHECK(doc.eraseIf([](const glean::Annotation& a) { return a.type == "X"; }) == 3);
    CHECK(doc.annotations().size() == 1);
  }

  TEST_CASE("features keep insertion order, replace in place and convert integers") {
    glean::Features f;
    f.set("value", "2009-01-10");
    f.set("year", 2009);
    f.set("certain", FeatureValue(true));
    f.set("value", "2009-01-11");
    REQUIRE(f.size() == 3);
    CHECK(f.begin()->first == "value");
    CHECK(f.str("value") == "2009-01-11");
    CHECK(f.integer("year") == 2009);
    f.set("day", "07");
    CHECK(f.integer("day") == 7);
    CHECK_FALSE(f.integer("value").has_value());
    CHECK(f.str("missing").empty());
    std::string json;
    glean::json::appendObject(json, f);
    CHECK(json == R"({"value":"2009-01-11","year":2009,"certain":true,"day":"07"})");
  }

  TEST_CASE("every integer type is stored as a 64-bit integer, without narrowing") {
    glean::Features f;
    f.set("big", std::int64_t{5'000'000'000});
    f.set("size", std::size_t{4'294'967'296});
    f.set("small", short{-3});
    f.set("flag", true);
    CHECK(f.integer("big") == 5'000'000'000);
    CHECK(f.integer("size") == 4'294'967'296);
    CHECK(f.integer("small") == -3);
    REQUIRE(f.find("flag") != nullptr);
    CHECK(std::holds_alternative<bool>(*f.find("flag")));
  }

  TEST_CASE("JSON strings escape quotes, backslashes and control characters only") {
    std::string out;
    glean::json::appendString(out, "a\"b\\c\nd\te\x01 “UTF-8” é");
    CHECK(out == "\"a\\\"b\\\\c\\nd\\te\\u0001 “UTF-8” é\"");
  }

  TEST_CASE("slices of a text escaped once are the JSON strings of the slices") {
    // Escapes of every kind, at the ends and side by side, multi-byte characters, and a run over
    // 16 bytes (the SIMD scan's step) without any.
    const std::string text = "\"a\"b\\c\nd\te\x01\x1f “UTF-8” é\r\n\n plain run of more than sixteen bytes\\";
    glean::json::EscapedText escaped;
    escaped.assign(text);
    CHECK(escaped.size() == text.size());
    for (std::size_t b = 0; b <= text.size(); ++b)
      for (std::size_t e = b; e <= text.size(); ++e) {
        std::string want, got;
        glean::json::appendString(want, std::string_view(text).substr(b, e - b));
        escaped.appendSlice(got, b, e);
        REQUIRE(got == want);
      }
    std::string clamped;
    escaped.appendSlice(clamped, 5, text.size() + 10);  // clamped like Document::slice
    std::string want;
    glean::json::appendString(want, std::string_view(text).substr(5));
    CHECK(clamped == want);
    escaped.assign("");  // reused: nothing of the old text is left
    std::string empty;
    escaped.appendSlice(empty, 0, 3);
    CHECK(empty == "\"\"");
  }

  TEST_CASE("issues and traced candidates are recorded on the document") {
    Document doc("d", "d", "text");
    doc.setCurrentStage("dates");
    doc.addIssue("match limit exceeded", "dates:bad", 2);
    REQUIRE(doc.issues().size() == 1);
    CHECK(doc.issues()[0].stage == "dates");
    CHECK(doc.issues()[0].offset == 2);
    doc.recordCandidate({"TIMEX3", 0, 4, "dates:a", "x.toml:3", {}, true, ""});
    CHECK(doc.candidates().empty());  // not traced: nothing recorded
    doc.setTraced(true);
    doc.recordCandidate({"TIMEX3", 0, 4, "dates:a", "x.toml:3", {}, true, ""});
    CHECK(doc.candidates().size() == 1);
  }
}
