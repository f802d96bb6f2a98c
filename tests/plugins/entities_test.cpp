// glean/tests/plugins/entities_test.cpp - the entity tagger: tokenizer, gazetteer, seed, CoNLL
// SPDX-License-Identifier: Apache-2.0
#include "gazetteer.hpp"
#include "text_fold.hpp"
#include "tokenizer.hpp"
#include "test_support.hpp"

#include <glean/error.hpp>

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>
#include <string>

namespace fs = std::filesystem;
using namespace glean_entities;

namespace {

std::vector<std::string> tokenTexts(std::string_view text) {
  std::vector<Token> tokens;
  Tokenizer().tokenize(text, tokens);
  std::vector<std::string> out;
  for (const Token& t : tokens) out.emplace_back(text.substr(t.begin, t.length()));
  return out;
}

// (text of the match, canonical) for every gazetteer match in `text`.
std::vector<std::pair<std::string, std::string>> gazMatches(const Gazetteer& g,
                                                            std::string_view text) {
  std::vector<Token> tokens;
  Tokenizer().tokenize(text, tokens);
  g.assignWords(text, tokens);
  std::vector<GazetteerMatch> matches;
  g.match(text, tokens, matches);
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& m : matches)
    out.emplace_back(text.substr(tokens[m.first].begin, tokens[m.last - 1].end - tokens[m.first].begin),
                     g.entry(m.entry).canonical);
  return out;
}

fs::path rulesDir() { return fs::path(GLEAN_SOURCE_DIR) / "rules"; }

}  // namespace

TEST_SUITE("entities") {
  TEST_CASE("the tokenizer keeps initialisms and splits possessives and hyphens") {
    CHECK(tokenTexts("the U.S. and Kazakhstan's then-KNB Chairman") ==
          std::vector<std::string>{"the", "U.S.", "and", "Kazakhstan", "'s", "then", "-", "KNB",
                                   "Chairman"});
    CHECK(tokenTexts("Kazakhstan People’s Assembly, O'Brien") ==
          std::vector<std::string>{"Kazakhstan", "People", "’s", "Assembly", ",", "O'Brien"});
    CHECK(tokenTexts("Aktau.[2] Nur-Sultan") ==
          std::vector<std::string>{"Aktau", ".", "[", "2", "]", "Nur", "-", "Sultan"});
  }

  TEST_CASE("folding removes diacritics and case") {
    CHECK(folded("Sant Julià de Lòria", Fold::Both) == "sant julia de loria");
    CHECK(folded("Şəki ÉCOLE", Fold::Diacritics) == "Səki ECOLE");  // ə has no base letter
    CHECK(folded("ÄÖÜ Ğ İstanbul", Fold::Case) == "äöü ğ istanbul");
  }

  TEST_CASE("the gazetteer finds the longest name and respects case modes") {
    Gazetteer g;
    std::uint32_t us = g.addEntry({"GPE", "United States", "US", {}, "t:1"});
    g.addName(us, "United States", CaseMode::Smart);
    g.addName(us, "U.S.", CaseMode::Smart);
    g.addName(us, "US", CaseMode::Smart);
    std::uint32_t dos = g.addEntry({"ORG", "United States Department of State", "", {}, "t:2"});
    g.addName(dos, "United States Department of State", CaseMode::Smart);
    std::uint32_t andorra = g.addEntry({"GPE", "Sant Julià de Lòria", "AD-06", {}, "t:3"});
    g.addName(andorra, "Sant Julià de Lòria", CaseMode::Smart);

    auto m = gazMatches(g, "the United States Department of State and the U.S. said");
    REQUIRE(m.size() >= 2);
    CHECK(m[0].first == "United States Department of State");
    CHECK(m.back() == std::make_pair(std::string("U.S."), std::string("United States")));
    // an acronym only as written; a name also in capitals (headlines)
    CHECK(gazMatches(g, "let us go").empty());
    CHECK(gazMatches(g, "UNITED STATES").size() == 1);
    CHECK(gazMatches(g, "united states").empty());
    // diacritics folded, lower-case joining words in any case
    CHECK(gazMatches(g, "in Sant Julia De Loria").size() == 1);
  }

  TEST_CASE("the shipped gazetteers load, and a 5,000-name list answers in one walk per token") {
    Gazetteer g;
    for (const char* f : {"countries.tsv", "subdivisions.tsv", "cities.tsv", "demonyms.tsv",
                          "organizations.tsv", "terrorist-organizations.tsv", "regions.tsv"})
      g.loadTsv(rulesDir() / "gazetteers" / f);
    CHECK(g.entryCount() > 5000);
    auto m = gazMatches(g, "Kazakhstan's cooperation with the United States and the SCO in Aktobe");
    std::map<std::string, std::string> found(m.begin(), m.end());
    CHECK(found["Kazakhstan"] == "Kazakhstan");
    CHECK(found["United States"] == "United States");
    CHECK(found["SCO"] == "Shanghai Cooperation Organization");
    CHECK(found["Aktobe"] == "Aktobe");
  }

  TEST_CASE("a malformed gazetteer line is an error naming file and line") {
    fs::path dir = glean::test::freshDir("entities-bad-gazetteer");
    glean::test::writeFile(dir / "bad.tsv", "# ok\nKazakhstan\tGPE\nlonely\n");
    Gazetteer g;
    try {
      g.loadTsv(dir / "bad.tsv");
      FAIL("no error");
    } catch (const glean::ConfigError& e) {
      CHECK(e.where().line == 3);
      CHECK(std::string(e.what()).find("name<TAB>type") != std::string::npos);
    }
    // A type outside the allowed ones: file:line and the column where the type starts.
    glean::test::writeFile(dir / "bad-type.tsv", "Kazakhstan\tGPE\n# a city\nAlmaty\t CITY\tAlmaty\n");
    Gazetteer typed;
    try {
      typed.loadTsv(dir / "bad-type.tsv", CaseMode::Smart, {"GPE", "LOC"});
      FAIL("no error");
    } catch (const glean::ConfigError& e) {
      CHECK(std::string(e.what()) == (dir / "bad-type.tsv").string() +
                                         ":3:9: error: unknown type 'CITY' (allowed: GPE, LOC)");
    }
    Gazetteer any;  // no list of types: any type is taken
    any.loadTsv(dir / "bad-type.tsv");
    CHECK(any.entryCount() == 2);
  }

  TEST_CASE("the seed report's entity table is expected.md's, checked by hand, and nothing more") {
    fs::path out = glean::test::freshDir("entities-seed");
    auto r = glean::test::runGlean({"run", (fs::path(GLEAN_SOURCE_DIR) / "pipelines" /
                                            "country-reports.toml").string(),
                                    glean::test::seedReport().string(), "-o", out.string(), "-q"});
    REQUIRE(r.exit_code == 0);
    auto docs = glean::test::readJsonl(out / "documents.jsonl");
    REQUIRE(docs.size() == 1);
    std::set<std::pair<std::string, std::string>> entities;  // (type, canonical)
    std::map<std::string, std::string> entity_id;            // canonical -> id
    std::map<std::string, std::set<std::string>> canonicals;  // mention text -> canonical forms
    std::map<std::string, nlohmann::json> features;          // mention text -> its features
    std::map<std::string, int> mentions;
    for (const auto& a : docs[0]["annotations"]) {
      if (a["type"] == "Entity") {
        entities.emplace(a["features"]["entity_type"], a["features"]["canonical"]);
        mentions[a["features"]["canonical"]] = a["features"]["mentions"];
        if (a["features"].contains("id")) entity_id[a["features"]["canonical"]] = a["features"]["id"];
      } else if (a["features"].contains("canonical") && a["features"].contains("source")) {
        canonicals[a["text"]].insert(a["features"]["canonical"].get<std::string>());
        features[a["text"]] = a["features"];
      }
    }
    // expected.md's "Entities" table, one (type, canonical form) per entity.
    std::set<std::pair<std::string, std::string>> expected = {
        {"PERSON", "Nursultan Nazarbayev"},
        {"PERSON", "Robert Mueller"},
        {"PERSON", "Amangeldy Shabdarbayev"},
        {"ORG", "United States Department of State"},
        {"ORG", "United Nations High Commissioner for Refugees"},  // "UNHCR"
        {"ORG", "United Nations"},
        {"ORG", "Ministry of Interior"},
        {"ORG", "National Security Committee"},
        {"ORG", "Ministry of Defense"},
        {"ORG", "Ministry of Emergency Situations"},
        {"ORG", "Parliament"},
        {"ORG", "General Prosecutor's office"},
        {"ORG", "Customs Control Committee"},
        {"ORG", "United Nations Office on Drugs and Crime"},
        {"ORG", "Federal Bureau of Investigation"},  // "FBI"
        {"ORG", "Prosecutor-General's Office"},
        {"ORG", "Astana City police"},
        {"ORG", "Kazakhstan People's Assembly"},
        {"ORG", "Shanghai Cooperation Organization"},
        {"ORG", "Collective Security Treaty Organization"},
        {"ORG", "Government of Kazakhstan"},
        {"GPE", "Kazakhstan"},
        {"GPE", "United States"},
        {"GPE", "Astana"},
        {"GPE", "Aktau"},
        {"GPE", "Aktobe Province"},
        {"LOC", "Caspian Sea"},
        {"GPE", "Azerbaijan"},
        {"GPE", "Russia"},
        {"NORP", "Kazakhstani"},
        {"NORP", "Uzbek"},
        {"EVENT", "Legislative Drafting Expert Workshop on Counterterrorism"},
        {"EVENT", "Congress of World and Traditional Religions"},
    };
    for (const auto& e : expected)
      CHECK_MESSAGE(entities.count(e) == 1, "missing: " << e.first << " " << e.second);
    for (const auto& e : entities)
      CHECK_MESSAGE(expected.count(e) == 1, "extra: " << e.first << " " << e.second);
    CHECK(entity_id["Kazakhstan"] == "KZ");
    CHECK(entity_id["United States"] == "US");
    // Linking: acronyms defined in parentheses, surnames, "U.S."
    CHECK(canonicals["KNB"] == std::set<std::string>{"National Security Committee"});
    CHECK(canonicals["KPA"] == std::set<std::string>{"Kazakhstan People's Assembly"});
    CHECK(canonicals["Mueller"] == std::set<std::string>{"Robert Mueller"});
    CHECK(canonicals["Nazarbayev"] == std::set<std::string>{"Nursultan Nazarbayev"});
    CHECK(canonicals["U.S."] == std::set<std::string>{"United States"});
    CHECK(mentions["Nursultan Nazarbayev"] == 3);
    CHECK(mentions["National Security Committee"] == 3);  // the name, "(KNB)", "then-KNB"
    // The coordinated ministries: the first item's mention holds the plural head.
    CHECK(canonicals["Ministries of the Interior"] == std::set<std::string>{"Ministry of Interior"});
    CHECK(canonicals["Defense"] == std::set<std::string>{"Ministry of Defense"});
    // Titles and roles before names: the mention is the name, the title a feature.
    CHECK(features["Nursultan Nazarbayev"]["title"] == "President");
    CHECK(features["Robert Mueller"]["title"] == "FBI Director");
    CHECK(features["Robert Mueller"]["role"] == "Director");
    CHECK(features["Amangeldy Shabdarbayev"]["title"] == "then-KNB Chairman");
    CHECK(features["Amangeldy Shabdarbayev"]["source"] == "rule");
    CHECK(features["Kazakhstan"]["source"] == "gazetteer");
    // not entities: a sentence opener that is also a Czech town, the page navigation
    CHECK(canonicals.count("Most") == 0);
    CHECK(canonicals.count("Search Refworld") == 0);
  }

  TEST_CASE("token keys hashed in place equal the keys of the folded text") {
    std::string text = "The KNB and Sant Julià de Lòria, People’s O'Brien U.S. 2009";
    std::vector<Token> tokens;
    Tokenizer().tokenize(text, tokens);
    keyTokens(text, tokens);
    for (const Token& t : tokens)
      CHECK_MESSAGE(t.key == textKey(folded(text.substr(t.begin, t.length()), Fold::Both)),
                    text.substr(t.begin, t.length()));
    CHECK(tokens[0].key == textKey("the"));
  }

  TEST_CASE("long words, words across 16-byte blocks and a word ending the text are keyed and flagged alike") {
    // The tokenizer takes ASCII letters 16 bytes at a time and keys a token with 8-byte loads:
    // words longer than a block, non-ASCII letters and apostrophes inside them, and a last word
    // that ends the buffer must give the same tokens, flags and keys as the folded text.
    std::string text =
        "INTERNATIONALIZATIONS internationalizations Internationalization's "
        "Sant-Julià-de-Lòria-Andorra-la-Vella O'Brien-Smithersonville "
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abc Zürich-Zürcherstrasse7 x";
    for (std::size_t cut = text.size() - 3; cut <= text.size(); ++cut) {
      std::string t = text.substr(0, cut);
      std::vector<Token> tokens;
      Tokenizer().tokenize(t, tokens);
      REQUIRE(!tokens.empty());
      for (const Token& k : tokens)
        CHECK_MESSAGE(k.key == textKey(folded(t.substr(k.begin, k.length()), Fold::Both)),
                      t.substr(k.begin, k.length()));
    }
    CHECK(tokenTexts(text) ==
          std::vector<std::string>{"INTERNATIONALIZATIONS", "internationalizations",
                                   "Internationalization", "'s", "Sant", "-", "Julià", "-", "de",
                                   "-", "Lòria", "-", "Andorra", "-", "la", "-", "Vella",
                                   "O'Brien", "-", "Smithersonville",
                                   "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abc", "Zürich", "-",
                                   "Zürcherstrasse7", "x"});
    std::vector<Token> tokens;
    Tokenizer().tokenize(text, tokens);
    CHECK(tokens[0].has(kAllCaps));    // 21 capitals: two blocks
    CHECK(!tokens[0].has(kHasLower));
    CHECK(tokens[1].has(kHasLower));
    CHECK(!tokens[1].has(kCapitalized));
    CHECK(tokens[2].has(kCapitalized));
    CHECK(!tokens[2].has(kAllCaps));
    CHECK(!tokens[20].has(kAllCaps));  // 39 bytes, the small letters in the third block
    CHECK(tokens[20].has(kHasLower));
  }

  TEST_CASE("gazetteers and cues may name a folder, and a folder without TSV files is an error") {
    fs::path dir = glean::test::freshDir("entities-folders");
    glean::test::writeFile(dir / "gaz" / "a.tsv", "Zorbania\tGPE\tZorbania\tZB\n");
    glean::test::writeFile(dir / "gaz" / "b.tsv", "Zorbanian\tNORP\t\t\tZorbanians\n");
    glean::test::writeFile(dir / "gaz" / "sources" / "ignored.tsv", "not a gazetteer line\n");
    fs::create_directories(dir / "empty");
    glean::test::writeFile(dir / "ok.toml", "[pipeline]\nname = \"t\"\n[[stage]]\nuse = \"entities\"\n"
                           "sentences = false\ngazetteers = \"gaz\"\n[[stage]]\nuse = \"jsonl\"\n");
    glean::test::writeFile(dir / "bad.toml", "[pipeline]\nname = \"t\"\n[[stage]]\nuse = \"entities\"\n"
                           "sentences = false\ngazetteers = \"empty\"\n[[stage]]\nuse = \"jsonl\"\n");
    glean::test::writeFile(dir / "in.txt", "Zorbanians live in Zorbania.\n");
    auto r = glean::test::runGlean({"run", (dir / "ok.toml").string(), (dir / "in.txt").string(),
                                    "-o", (dir / "out").string(), "-q"});
    REQUIRE(r.exit_code == 0);
    auto docs = glean::test::readJsonl(dir / "out" / "documents.jsonl");
    REQUIRE(docs.size() == 1);
    std::set<std::string> found;
    for (const auto& a : docs[0]["annotations"])
      if (a["type"] == "GPE" || a["type"] == "NORP") found.insert(a["type"].get<std::string>() + ":" + a["text"].get<std::string>());
    CHECK(found == std::set<std::string>{"NORP:Zorbanians", "GPE:Zorbania"});
    auto bad = glean::test::runGlean({"run", (dir / "bad.toml").string(), (dir / "in.txt").string(),
                                      "-o", (dir / "out2").string(), "-q"});
    CHECK(bad.exit_code != 0);
    CHECK(bad.err.find("no *.tsv files in") != std::string::npos);
  }

  TEST_CASE("CoNLL-2003 testb: the scorer runs and the tagger stays above its recorded floor") {
    fs::path shared = glean::test::sharedDir();
    if (shared.empty() || !fs::exists(shared / "bench" / "conll2003" / "eng.testb")) {
      MESSAGE("no CoNLL-2003 data: skipped");
      return;
    }
    std::string cmd = "python3 '" + (fs::path(GLEAN_SOURCE_DIR) / "tools" / "conll-score.py").string() +
                      "' --json --glean '" GLEAN_BINARY "' --shared '" + shared.string() +
                      "' > '" GLEAN_TEST_TMP_DIR "/conll.json'";
    REQUIRE(std::system(cmd.c_str()) == 0);
    auto figures = nlohmann::json::parse(glean::test::readFile(GLEAN_TEST_TMP_DIR "/conll.json"));
    double f1 = figures["overall"]["f1"];
    MESSAGE("CoNLL-2003 testb overall F1 " << f1);
    CHECK(figures["overall"]["gold"] == 5648);  // every gold entity was scored
    CHECK(f1 >= 75.0);  // the figure when this test was written was 77.38
    CHECK(double(figures["PER"]["f1"]) >= 78.0);  // 80.57
    CHECK(double(figures["ORG"]["f1"]) >= 65.0);  // 69.79
  }
}
