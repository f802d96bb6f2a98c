// glean/tests/plugins/segmenter_test.cpp - the segmenter: sentences, paragraphs, layouts, errors
// SPDX-License-Identifier: Apache-2.0
#include "segmenter_fixture.hpp"
#include "test_support.hpp"

#include "diagnostics.hpp"
#include "host_services.hpp"
#include "logging.hpp"
#include "pipeline.hpp"
#include "text_scan.hpp"

#include <doctest/doctest.h>

#include <algorithm>

namespace fs = std::filesystem;
using glean::Annotation;
using glean::Document;
using glean::test::intFeature;
using glean::test::ofType;
using glean::test::textOf;
using glean::test::textsOf;

namespace {

fs::path dataFile(const std::string& name) { return fs::path(GLEAN_TEST_DATA_DIR) / "segmenter" / name; }

Document generic(const std::string& text) {
  return glean::test::segment(glean::test::segmenterOf(dataFile("generic.toml")), text);
}

std::vector<std::string> sentences(const std::string& text) { return textsOf(generic(text), "Sentence"); }

// The message of the error loading `pipeline` raises ("" when it loads).
std::string loadError(const fs::path& pipeline) {
  glean::Host host(glean::nullLogger());
  glean::PluginLoader plugins({GLEAN_PLUGIN_DIR, GLEAN_FIXTURE_PLUGIN_DIR});
  try {
    glean::loadPipeline(pipeline, plugins, host, glean::nullLogger());
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_SUITE("segmenter") {
  TEST_CASE("collapseSpaces copies plain titles and collapses every other kind of spacing") {
    using glean_segmenter::collapseSpaces;
    CHECK(collapseSpaces("Prison and Detention Center Conditions") == "Prison and Detention Center Conditions");
    CHECK(collapseSpaces("A") == "A");
    CHECK(collapseSpaces("") == "");
    CHECK(collapseSpaces("   ") == "");
    CHECK(collapseSpaces(" Leading") == "Leading");
    CHECK(collapseSpaces("Trailing ") == "Trailing");
    CHECK(collapseSpaces("Two  spaces") == "Two spaces");
    CHECK(collapseSpaces("Tab\there") == "Tab here");
    CHECK(collapseSpaces("Line\r\nbreak \n wrapped") == "Line break wrapped");
    CHECK(collapseSpaces("No\u00A0break") == "No break");         // U+00A0 is a space
    CHECK(collapseSpaces("Caf\u00E9 Society") == "Caf\u00E9 Society");  // other non-ASCII stays
  }

  TEST_CASE("sentences do not end at abbreviations, initials or decimals, and keep their closers") {
    std::string text =
        "Gen. Smith met Lt. Jones in St. Petersburg. The U.S. and the U.N. agreed. It cost 3.5 "
        "million dollars. See No. 5 and Jan. 10 of the list. J. R. Smith arrived. He said "
        "\u201cStop.\u201d Then he left... and came back. (This ends here.) Next one! The U.A.E. "
        "Embassy replied? Yes.";
    CHECK(sentences(text) == std::vector<std::string>{
                                 "Gen. Smith met Lt. Jones in St. Petersburg.",
                                 "The U.S. and the U.N. agreed.",
                                 "It cost 3.5 million dollars.",
                                 "See No. 5 and Jan. 10 of the list.",
                                 "J. R. Smith arrived.",
                                 "He said \u201cStop.\u201d",
                                 "Then he left... and came back.",
                                 "(This ends here.)",
                                 "Next one!",
                                 "The U.A.E. Embassy replied?",
                                 "Yes.",
                             });
    // A "before-number" abbreviation ends a sentence before a word; an ellipsis character before
    // a capital does too.
    CHECK(sentences("He was held in Jan. The court agreed\u2026 Then it did not.") ==
          std::vector<std::string>{"He was held in Jan.", "The court agreed\u2026", "Then it did not."});
  }

  TEST_CASE("the sentence file's NoBreak rules apply: clock times with a zone, et al. with a year") {
    CHECK(sentences("The attack began at 10 p.m. GMT and lasted an hour. It ended.") ==
          std::vector<std::string>{"The attack began at 10 p.m. GMT and lasted an hour.", "It ended."});
    CHECK(sentences("As documented (Human Rights Watch et al. 2009), it continued. Then it stopped.") ==
          std::vector<std::string>{"As documented (Human Rights Watch et al. 2009), it continued.",
                                   "Then it stopped."});
    // Without a zone, "a.m." before a capital ends the sentence (as in the corpus).
    CHECK(sentences("Minors may not work between 10 p.m. and 6 a.m. Children under 16 may not work.") ==
          std::vector<std::string>{"Minors may not work between 10 p.m. and 6 a.m.",
                                   "Children under 16 may not work."});
  }

  TEST_CASE("a sentence crosses a hard line wrap but never a paragraph boundary") {
    Document doc = generic("The court sentenced him\nto five years. A second\nsentence follows\n\n"
                           "without a stop\n\nA new paragraph.");
    auto paragraphs = textsOf(doc, "Paragraph");
    REQUIRE(paragraphs.size() == 3);
    CHECK(paragraphs[1] == "without a stop");
    CHECK(textsOf(doc, "Sentence") == std::vector<std::string>{"The court sentenced him\nto five years.",
                                                               "A second\nsentence follows",
                                                               "without a stop", "A new paragraph."});
    for (const Annotation* s : ofType(doc, "Sentence")) {
      const Annotation* p = doc.byId(static_cast<std::uint32_t>(intFeature(*s, "paragraph")));
      REQUIRE(p != nullptr);
      CHECK(p->type == "Paragraph");
      CHECK(p->begin <= s->begin);
      CHECK(s->end <= p->end);
    }
  }

  TEST_CASE("a sentence over max_bytes is cut at its last semicolon before the limit") {
    std::string list = "Significant issues included credible reports of: ";
    for (int i = 0; i < 40; ++i) list += "arbitrary arrests and detentions in province " + std::to_string(i) + "; ";
    list += "and torture. The next sentence.";
    Document doc = generic(list);
    auto all = ofType(doc, "Sentence");
    REQUIRE(all.size() >= 3);
    for (const Annotation* s : all) CHECK(s->length() <= 1500);
    CHECK(textOf(doc, *all.front()).back() == ';');  // cut after a semicolon
    CHECK(all.front()->features.contains("forced"));
    CHECK(textOf(doc, *all.back()) == "The next sentence.");
    CHECK_FALSE(all.back()->features.contains("forced"));
  }

  TEST_CASE("text without blank lines is split where a line ending a sentence stops short") {
    // Hard-wrapped at 40 columns, as PDF text is: the short lines ending with a stop end
    // paragraphs, the full ones do not.
    std::string text =
        "The constitution and law provided for an\n"
        "independent judiciary, and the government\n"
        "generally respected it.\n"
        "There were no reports of political\n"
        "prisoners or detainees.\n"
        "The law provided for the temporary\n"
        "protection of asylum seekers for humane\n"
        "reasons. It allowed their entry and stay\n"
        "for two years.\n";
    Document doc = generic(text);
    CHECK(textsOf(doc, "Paragraph") ==
          std::vector<std::string>{
              "The constitution and law provided for an\nindependent judiciary, and the government\n"
              "generally respected it.",
              "There were no reports of political\nprisoners or detainees.",
              "The law provided for the temporary\nprotection of asylum seekers for humane\n"
              "reasons. It allowed their entry and stay\nfor two years."});
  }

  TEST_CASE("CRLF line ends, a byte order mark and empty documents change nothing but offsets") {
    std::string seed = glean::test::readFile(glean::test::seedReport());
    std::string crlf = "\xEF\xBB\xBF";
    for (char c : seed) {
      if (c == '\n') crlf += "\r\n";
      else crlf.push_back(c);
    }
    Document plain = glean::test::segment(glean::test::bundledSegmenter(), seed);
    Document dos = glean::test::segment(glean::test::bundledSegmenter(), crlf);
    CHECK(dos.issues().empty());
    CHECK(dos.meta() == plain.meta());
    for (const char* type : {"Header", "Title", "MetaField", "Body", "Paragraph", "List", "ListItem",
                             "Footnote", "FootnoteRef", "Navigation", "Sentence"}) {
      CAPTURE(type);
      std::vector<std::string> want = textsOf(plain, type), got = textsOf(dos, type);
      for (std::string& t : got) t.erase(std::remove(t.begin(), t.end(), '\r'), t.end());
      CHECK(got == want);
    }
    for (const Annotation& a : dos.annotations()) {
      CHECK(a.begin >= 3);  // never inside the byte order mark
      CHECK(dos.text()[a.end - 1] != '\r');
    }

    for (const std::string empty : {"", "\n\n", "   \n\t\n"}) {
      Document doc = glean::test::segment(glean::test::bundledSegmenter(), empty);
      CHECK(doc.issues().empty());
      CHECK(doc.meta().str("layout") == "generic");
      CHECK(doc.annotations().empty());
    }
  }

  TEST_CASE("a document no layout recognizes gets the generic layout and a warning, not an error") {
    Document doc = glean::test::segment(glean::test::bundledSegmenter(),
                                        "Minutes of the meeting\n\nThe board met on Monday. It "
                                        "approved the budget.\n\nThe meeting closed at noon.\n");
    CHECK(doc.meta().str("layout") == "generic");
    CHECK(doc.issues().empty());
    CHECK(ofType(doc, "Header").empty());
    CHECK(textsOf(doc, "Paragraph").size() == 3);
    CHECK(textsOf(doc, "Sentence").size() == 4);
  }

  TEST_CASE("a new report layout is a rule file: title, dated field, numbered parts, dash bullets") {
    Document doc = glean::test::segment(
        glean::test::segmenterOf(dataFile("dated.toml")),
        "TEST REPORT 2011: Burma\nIssued 3 March 2012\n\nPart 1: Overview\n\nThe report begins. "
        "It has two sentences.\n\nPart 2: Lists\n\n- first item\n- second item\n\nThe end.\n");
    CHECK(doc.issues().empty());
    CHECK(doc.meta().str("layout") == "test-dated");
    CHECK(doc.meta().str("report_type") == "test-report");
    CHECK(doc.meta().integer("report_year") == 2011);
    CHECK(doc.meta().str("country") == "Burma");
    CHECK(doc.meta().str("country_code") == "MM");  // the State Department's name for Myanmar
    CHECK(doc.meta().str("publication_date") == "2012-03-03");
    auto sections = ofType(doc, "Section");
    REQUIRE(sections.size() == 2);
    CHECK(sections[0]->features.str("number") == "1");
    CHECK(sections[0]->features.str("title") == "Overview");
    CHECK(sections[1]->features.str("title") == "Lists");
    CHECK(textOf(doc, *sections[1]).rfind("Part 2: Lists", 0) == 0);
    CHECK(textsOf(doc, "ListItem") == std::vector<std::string>{"first item", "second item"});
    CHECK(ofType(doc, "ListItem")[0]->features.str("marker") == "-");
    CHECK(textsOf(doc, "Paragraph") ==
          std::vector<std::string>{"The report begins. It has two sentences.", "The end."});
  }

  TEST_CASE("a header date that does not exist is reported, not stored") {
    Document doc = glean::test::segment(glean::test::segmenterOf(dataFile("dated.toml")),
                                        "TEST REPORT 2011: Atlantis\nIssued 30 February 2012\n\nText.\n");
    CHECK_FALSE(doc.meta().contains("publication_date"));
    CHECK_FALSE(doc.meta().contains("country_code"));  // no such country
    REQUIRE(doc.issues().size() == 2);
    CHECK(doc.issues()[0].message.find("metadata 'publication_date': '2012-02-30' rejected: day 30 does not exist in that month") != std::string::npos);
    CHECK(doc.issues()[0].rule == "layout-test-dated:issued");
    CHECK(doc.issues()[1].message.find("country 'Atlantis' has no ISO 3166-1 code") != std::string::npos);
  }

  TEST_CASE("configuration errors name what is wrong") {
    fs::path dir = glean::test::freshDir("segmenter-config");
    std::string rules = (fs::path(GLEAN_SOURCE_DIR) / "rules").string();
    auto pipeline = [&](const std::string& name, const std::string& extra) {
      glean::test::writeFile(dir / name, "[[stage]]\nuse = \"segmenter\"\nlayouts = \"" + rules +
                                             "/layout\"\nsentences = \"" + rules +
                                             "/sentences/en.toml\"\n" + extra);
      return dir / name;
    };
    CHECK(loadError(pipeline("fallback.toml", "fallback = \"nope\"\n"))
              .find("fallback layout 'nope' is not among the layouts (have: generic, refworld-crt, "
                    "state-hrr-legacy, state-hrr-pdftext, state-hrr)") != std::string::npos);
    CHECK(loadError(pipeline("forced.toml", "layout = \"nope\"\n")).find("no layout named 'nope'") !=
          std::string::npos);
    glean::test::writeFile(dir / "layouts" / "bare.toml", "[ruleset]\nname = \"bare\"\n");
    glean::test::writeFile(dir / "bare.toml", "[[stage]]\nuse = \"segmenter\"\nlayouts = \"layouts\"\n"
                                              "sentences = \"" + rules + "/sentences/en.toml\"\n");
    CHECK(loadError(dir / "bare.toml").find("needs [lexicons.profile] with a 'layout' entry") !=
          std::string::npos);
    // Stages that need sentences load after the segmenter, and only after it.
    glean::test::writeFile(dir / "needs.toml", "[[stage]]\nuse = \"segmenter\"\nlayouts = \"" + rules +
                                               "/layout\"\nsentences = \"" + rules +
                                               "/sentences/en.toml\"\n[[stage]]\nuse = \"fixture\"\n"
                                               "label = \"x\"\nneeds = [\"Sentence\", \"Paragraph\"]\n");
    CHECK(loadError(dir / "needs.toml") == "");
  }
}
