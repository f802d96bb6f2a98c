// glean/tests/plugins/segmenter_seed_test.cpp - the seed report against ../shared/seed/expected.md
// SPDX-License-Identifier: Apache-2.0
//
// Every expected value here was read off expected.md and the seed report itself
// (samples/000_0bdeaacc15b1e0dc.txt, a copy of ../shared/seed/000_0bdeaacc15b1e0dc.txt).
#include "segmenter_fixture.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using glean::Annotation;
using glean::Document;
using glean::test::intFeature;
using glean::test::ofType;
using glean::test::textOf;
using glean::test::textsOf;

namespace {

const Document& seed() {
  static const Document doc = glean::test::segment(
      glean::test::bundledSegmenter(), glean::test::readFile(glean::test::seedReport()),
      "000_0bdeaacc15b1e0dc.txt");
  return doc;
}

bool startsWith(const std::string& s, std::string_view prefix) { return s.rfind(prefix, 0) == 0; }
bool endsWith(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// The annotation of `type` that contains [begin, end), or nullptr.
const Annotation* containing(const Document& doc, std::string_view type, std::size_t begin,
                             std::size_t end) {
  for (const Annotation* a : ofType(doc, type))
    if (a->begin <= begin && end <= a->end) return a;
  return nullptr;
}

}  // namespace

TEST_SUITE("segmenter seed") {
  TEST_CASE("the seed report's metadata is that of expected.md, normalized") {
    const Document& doc = seed();
    CHECK(doc.issues().empty());
    const auto& meta = doc.meta();
    CHECK(meta.str("title") == "2009 Country Reports on Terrorism - Kazakhstan");
    CHECK(meta.str("report_type") == "country-reports-on-terrorism");
    CHECK(meta.integer("report_year") == 2009);
    REQUIRE(meta.find("report_year") != nullptr);
    CHECK(std::holds_alternative<std::int64_t>(*meta.find("report_year")));  // an integer, not text
    CHECK(meta.str("country") == "Kazakhstan");
    CHECK(meta.str("country_code") == "KZ");
    CHECK(meta.str("publisher") == "United States Department of State");
    CHECK(meta.str("publication_date") == "2010-08-05");
    CHECK(meta.str("last_updated") == "2016-05-27T08:49Z");
    CHECK(meta.str("accessed") == "2016-05-28");
    CHECK(meta.str("disclaimer") ==
          "This is not a UNHCR publication. UNHCR is not responsible for, nor does it necessarily "
          "endorse, its content. Any views expressed are solely those of the author or publisher "
          "and do not necessarily reflect those of UNHCR, the United Nations or its Member States.");
    CHECK(meta.str("layout") == "refworld-crt");
  }

  TEST_CASE("the seed report's header holds its title and labelled fields") {
    const Document& doc = seed();
    auto header = ofType(doc, "Header");
    REQUIRE(header.size() == 1);
    std::string h = textOf(doc, *header[0]);
    CHECK(startsWith(h, "Last Updated: Friday, 27 May 2016, 08:49 GMT"));
    CHECK(endsWith(h, "the United Nations or its Member States."));
    CHECK(textsOf(doc, "Title") == std::vector<std::string>{"2009 Country Reports on Terrorism - Kazakhstan"});

    // Each MetaField is the value (not the label) and names the key it set.
    struct Field {
      std::string key, label, text;
    };
    std::vector<Field> fields;
    for (const Annotation* a : ofType(doc, "MetaField"))
      fields.push_back({std::string(a->features.str("key")), std::string(a->features.str("label")),
                        textOf(doc, *a)});
    REQUIRE(fields.size() == 5);
    CHECK(fields[0].key == "last_updated");
    CHECK(fields[0].label == "Last Updated");
    CHECK(fields[0].text == "Friday, 27 May 2016, 08:49 GMT");
    CHECK(fields[1].key == "publisher");
    CHECK(fields[1].text == "United States Department of State");
    CHECK(fields[2].key == "publication_date");
    CHECK(fields[2].label == "Publication Date");
    CHECK(fields[2].text == "5 August 2010");
    CHECK(fields[3].key == "accessed");  // inside the "Cite as" line, with its U+00A0 spaces
    CHECK(fields[3].text == "28 May 2016");
    CHECK(fields[4].key == "disclaimer");
    CHECK(fields[4].label == "Disclaimer");  // glued to its text: "DisclaimerThis is not ..."
    CHECK(startsWith(fields[4].text, "This is not a UNHCR publication."));
    for (const Annotation* a : ofType(doc, "MetaField")) {
      CHECK(a->begin >= header[0]->begin);
      CHECK(a->end <= header[0]->end);
    }
  }

  TEST_CASE("the seed report's body has 5 paragraphs and a list of 2 bullets") {
    const Document& doc = seed();
    auto body = ofType(doc, "Body");
    REQUIRE(body.size() == 1);
    std::string b = textOf(doc, *body[0]);
    CHECK(startsWith(b, "Kazakhstan continued to aggressively combat terrorism."));
    CHECK(endsWith(b, "with participation from various Kazakhstani security forces."));

    auto paragraphs = textsOf(doc, "Paragraph");
    REQUIRE(paragraphs.size() == 5);
    CHECK(startsWith(paragraphs[0], "Kazakhstan continued to aggressively combat terrorism."));
    CHECK(endsWith(paragraphs[0], "to counter terrorist funding and money laundering."));
    CHECK(startsWith(paragraphs[1], "Kazakhstan's cooperation with the United States"));
    CHECK(endsWith(paragraphs[2], "including the following:"));
    CHECK(startsWith(paragraphs[3], "To prevent radicalization"));
    CHECK(startsWith(paragraphs[4], "Kazakhstan also continued to strengthen its engagement"));

    auto lists = ofType(doc, "List");
    REQUIRE(lists.size() == 1);
    auto items = ofType(doc, "ListItem");
    REQUIRE(items.size() == 2);
    CHECK(startsWith(textOf(doc, *items[0]), "On September 22, local press reported"));
    CHECK(endsWith(textOf(doc, *items[0]), "pending an extradition decision."));
    CHECK(startsWith(textOf(doc, *items[1]), "On September 24, national media published"));
    CHECK(endsWith(textOf(doc, *items[1]), "possessed arms and explosives."));
    for (const Annotation* item : items) {
      CHECK(item->features.str("marker") == "•");
      CHECK(intFeature(*item, "list") == lists[0]->id);
      CHECK(item->begin >= lists[0]->begin);
      CHECK(item->end <= lists[0]->end);
    }
    // The list follows "including the following:" and precedes the fourth paragraph.
    auto paras = ofType(doc, "Paragraph");
    CHECK(lists[0]->begin > paras[2]->end);
    CHECK(lists[0]->end < paras[3]->begin);
    CHECK(textOf(doc, *lists[0]).rfind("• On September 22", 0) == 0);

    CHECK(ofType(doc, "Section").empty());  // the chapter has no headings
  }

  TEST_CASE("the seed report's footnote [2] is linked from its reference after Aktau") {
    const Document& doc = seed();
    auto footnotes = ofType(doc, "Footnote");
    REQUIRE(footnotes.size() == 1);
    std::string f = textOf(doc, *footnotes[0]);
    CHECK(f == "[2] Aktau is Kazakhstan's largest port on the Caspian Sea and an important "
               "shipping site in the transportation of oil from Kazakhstan to Azerbaijan and Russia.");
    CHECK(footnotes[0]->features.str("number") == "2");
    // The footnote trails the body.
    CHECK(footnotes[0]->begin > ofType(doc, "Body")[0]->end);

    auto refs = ofType(doc, "FootnoteRef");
    REQUIRE(refs.size() == 1);
    CHECK(textOf(doc, *refs[0]) == "[2]");
    CHECK(refs[0]->features.str("number") == "2");
    CHECK(intFeature(*refs[0], "footnote") == footnotes[0]->id);
    CHECK(doc.slice(refs[0]->begin - 41, refs[0]->begin) == "at the international trade port in Aktau.");
    const Annotation* para = containing(doc, "Paragraph", refs[0]->begin, refs[0]->end);
    REQUIRE(para != nullptr);
    CHECK(para->id == ofType(doc, "Paragraph")[0]->id);  // in paragraph 1

    CHECK(textsOf(doc, "Navigation") == std::vector<std::string>{"Search Refworld"});
  }

  TEST_CASE("the seed report's sentences: the first, the count per paragraph, no false breaks") {
    const Document& doc = seed();
    auto sentences = ofType(doc, "Sentence");
    REQUIRE(!sentences.empty());
    CHECK(textOf(doc, *sentences[0]) == "Kazakhstan continued to aggressively combat terrorism.");

    // Counted by hand: 4, 5, 2 in the first paragraphs, 2 and 3 in the bullets, then 4, 3, and 1
    // in the footnote (which starts after its mark).
    std::vector<std::int64_t> units;
    for (const Annotation* p : ofType(doc, "Paragraph")) units.push_back(p->id);
    for (const Annotation* p : ofType(doc, "ListItem")) units.push_back(p->id);
    for (const Annotation* p : ofType(doc, "Footnote")) units.push_back(p->id);
    std::vector<int> counts;
    for (std::int64_t unit : units)
      counts.push_back(static_cast<int>(std::count_if(sentences.begin(), sentences.end(), [&](const Annotation* s) {
        return intFeature(*s, "paragraph") == unit;
      })));
    CHECK(counts == std::vector<int>{4, 5, 2, 4, 3, 2, 3, 1});
    CHECK(sentences.size() == 24);

    std::vector<std::string> texts = textsOf(doc, "Sentence");
    CHECK(std::find(texts.begin(), texts.end(),
                    "In August the National Security Committee (KNB), and the Ministries of the "
                    "Interior, Defense, and Emergency Situations held counterterrorism exercises at "
                    "the international trade port in Aktau.[2]") != texts.end());
    CHECK(std::find(texts.begin(), texts.end(),
                    "Aktau is Kazakhstan's largest port on the Caspian Sea and an important shipping "
                    "site in the transportation of oil from Kazakhstan to Azerbaijan and Russia.") != texts.end());

    // No sentence ends inside these.
    std::string_view text = doc.text();
    for (std::string_view needle : {"U.S.", "then-KNB", "23-year-old", "12-17", "September 29-October 1"}) {
      std::size_t at = text.find(needle);
      REQUIRE(at != std::string_view::npos);
      const Annotation* s = containing(doc, "Sentence", at, at + needle.size());
      CHECK_MESSAGE(s != nullptr, "a sentence breaks inside '" << needle << "'");
    }
    // Every sentence lies inside the paragraph, item or footnote it names.
    for (const Annotation* s : sentences) {
      const Annotation* unit = doc.byId(static_cast<std::uint32_t>(intFeature(*s, "paragraph")));
      REQUIRE(unit != nullptr);
      CHECK(unit->begin <= s->begin);
      CHECK(s->end <= unit->end);
    }
  }

  TEST_CASE("the bundled pipeline writes the seed's segments to JSONL") {
    std::filesystem::path out = glean::test::freshDir("segmenter-seed-run");
    glean::test::CommandResult r = glean::test::runGlean(
        {"-q", "run", std::string(GLEAN_SOURCE_DIR) + "/pipelines/country-reports.toml",
         glean::test::seedReport().string(), "-o", out.string()});
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    auto docs = glean::test::readJsonl(out / "documents.jsonl");
    REQUIRE(docs.size() == 1);
    CHECK(docs[0]["meta"]["country_code"] == "KZ");
    CHECK(docs[0]["meta"]["report_year"] == 2009);
    int sentences = 0, paragraphs = 0;
    for (const auto& a : docs[0]["annotations"]) {
      sentences += a["type"] == "Sentence";
      paragraphs += a["type"] == "Paragraph";
      if (a["type"] == "Sentence") CHECK(a["stage"] == "segmenter");
    }
    CHECK(sentences == 24);
    CHECK(paragraphs == 5);
  }
}
