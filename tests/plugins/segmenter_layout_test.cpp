// glean/tests/plugins/segmenter_layout_test.cpp - hand-checked goldens: one document of each corpus layout
// SPDX-License-Identifier: Apache-2.0
//
// tests/data/segmenter/*.golden hold the section tree and metadata of a document of the shared
// corpus, checked by hand against the document. The documents are read from the shared folder at
// run time (never copied here).
#include "segmenter_fixture.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <map>
#include <sstream>

namespace fs = std::filesystem;
using glean::Document;
using glean::test::ofType;

namespace {

struct Golden {
  std::string document;                              // relative to the shared folder
  std::vector<std::pair<std::string, std::string>> meta;
  std::vector<std::string> sections;                 // "level<TAB>number<TAB>title"
  std::map<std::string, std::size_t> counts;
};

Golden readGolden(const fs::path& file) {
  Golden g;
  std::istringstream in(glean::test::readFile(file));
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> f;
    std::size_t pos = 0;
    while (true) {
      std::size_t tab = line.find('\t', pos);
      f.push_back(line.substr(pos, tab - pos));
      if (tab == std::string::npos) break;
      pos = tab + 1;
    }
    if (f[0] == "document") g.document = f.at(1);
    else if (f[0] == "meta") g.meta.emplace_back(f.at(1), f.at(2));
    else if (f[0] == "section") g.sections.push_back(f.at(1) + "\t" + f.at(2) + "\t" + f.at(3));
    else if (f[0] == "count") g.counts[f.at(1)] = std::stoul(f.at(2));
    else FAIL("bad golden line: " << line);
  }
  return g;
}

void checkGolden(const std::string& name) {
  fs::path shared = glean::test::sharedDir();
  if (shared.empty()) {
    MESSAGE("shared corpus not found: golden '" << name << "' not checked");
    return;
  }
  Golden g = readGolden(fs::path(GLEAN_TEST_DATA_DIR) / "segmenter" / (name + ".golden"));
  REQUIRE(!g.document.empty());
  Document doc = glean::test::segment(glean::test::bundledSegmenter(),
                                      glean::test::readFile(shared / g.document), g.document);
  CHECK(doc.issues().empty());
  // No structured bindings here: doctest's message macros capture them in a lambda, which clang
  // before 16 refuses (CI's sanitizer build uses clang 14).
  for (const auto& entry : g.meta) {
    const std::string& key = entry.first;
    const std::string& value = entry.second;
    const glean::FeatureValue* v = doc.meta().find(key);
    REQUIRE_MESSAGE(v != nullptr, "metadata '" << key << "' missing");
    CHECK_MESSAGE(glean::toString(*v) == value, "metadata '" << key << "'");
  }
  CHECK(doc.meta().size() == g.meta.size());
  std::vector<std::string> sections;
  for (const glean::Annotation* s : ofType(doc, "Section")) {
    std::string number(s->features.str("number"));
    sections.push_back(std::to_string(*s->features.integer("level")) + "\t" +
                       (number.empty() ? "-" : number) + "\t" + std::string(s->features.str("title")));
  }
  CHECK(sections.size() == g.sections.size());
  for (std::size_t i = 0; i < std::max(sections.size(), g.sections.size()); ++i) {
    std::string got = i < sections.size() ? sections[i] : "(none)";
    std::string want = i < g.sections.size() ? g.sections[i] : "(none)";
    CHECK_MESSAGE(got == want, "section " << i);
  }
  for (const auto& count : g.counts)
    CHECK_MESSAGE(ofType(doc, count.first).size() == count.second, count.first);
  // The tree is consistent: a child lies inside its parent, one level deeper.
  for (const glean::Annotation* s : ofType(doc, "Section")) {
    auto parent = s->features.integer("parent");
    if (!parent) {
      CHECK(*s->features.integer("level") == 1);
      continue;
    }
    const glean::Annotation* p = doc.byId(static_cast<std::uint32_t>(*parent));
    REQUIRE(p != nullptr);
    CHECK(p->begin <= s->begin);
    CHECK(s->end <= p->end);
    CHECK(*s->features.integer("level") == *p->features.integer("level") + 1);
  }
}

}  // namespace

TEST_SUITE("segmenter layouts") {
  TEST_CASE("state.gov HRR 2016: Andorra's sections, caps and run-in headings, metadata") {
    checkGolden("state-hrr-2016-andorra");
  }
  TEST_CASE("legacy state.gov HRR 1999: Eritrea's one-line sections and its four-line header") {
    checkGolden("state-hrr-legacy-1999-eritrea");
  }
  TEST_CASE("legacy state.gov HRR 2005: Algeria's header, sections and bullet list") {
    checkGolden("state-hrr-legacy-2005-algeria");
  }
  TEST_CASE("HRR PDF text 2023: Andorra's headings broken across lines and split tokens") {
    checkGolden("state-hrr-pdftext-2023-andorra");
  }
}
