// glean/tests/plugins/export_common_test.cpp - the helpers the exporters share: CSV, offsets, nesting, names
// SPDX-License-Identifier: Apache-2.0
#include "glean_export/char_offsets.hpp"
#include "glean_export/families.hpp"
#include "glean_export/output_files.hpp"
#include "glean_export/sentence_index.hpp"
#include "glean_export/span_nester.hpp"
#include "glean_export/text_out.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <map>
#include <random>

using namespace glean_export;

namespace {

/// The character count before `byte`, counted the slow way.
std::size_t naiveChars(std::string_view text, std::size_t byte) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < byte && i < text.size(); ++i)
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++n;
  return n;
}

/// Records the nester's events and checks them as they come.
struct RecordingSink {
  explicit RecordingSink(std::string_view s) : src(s) {}
  std::string_view src;
  std::string out;                        // text with [key / ]key markers
  std::vector<std::uint32_t> stack;
  std::map<std::uint32_t, std::vector<std::pair<std::size_t, std::size_t>>> covered;
  std::map<std::uint32_t, std::size_t> opened_at;
  std::size_t pos = 0;
  bool nested_ok = true;
  bool in_order = true;

  void text(std::size_t b, std::size_t e) {
    in_order = in_order && b == pos && e > b;
    pos = e;
    out += src.substr(b, e - b);
  }
  void open(const SpanItem& item, bool continued) {
    stack.push_back(item.key);
    opened_at[item.key] = pos;
    out += continued ? "{" : "[";
    out += std::to_string(item.key);
    out += " ";
  }
  void close(const SpanItem& item) {
    nested_ok = nested_ok && !stack.empty() && stack.back() == item.key;
    if (!stack.empty()) stack.pop_back();
    covered[item.key].push_back({opened_at[item.key], pos});
    out += " ]";
    out += std::to_string(item.key);
  }
};

}  // namespace

TEST_SUITE("export-common") {
  TEST_CASE("CSV fields are quoted exactly when RFC 4180 needs it, with inner quotes doubled") {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"plain", "plain"},
        {"", ""},
        {"a,b", "\"a,b\""},
        {"say \"hi\"", "\"say \"\"hi\"\"\""},
        {"\"", "\"\"\"\""},
        {"two\nlines", "\"two\nlines\""},
        {"cr\r", "\"cr\r\""},
        {"caf\xC3\xA9 \xE2\x80\x94 ok", "caf\xC3\xA9 \xE2\x80\x94 ok"},
        {" spaces kept ", " spaces kept "},
        {"semi;colon\ttab", "semi;colon\ttab"},
    };
    for (const auto& [in, want] : cases) {
      std::string out = "x,";
      appendCsvField(out, in);
      CHECK(out == "x," + want);
      CHECK(csvNeedsQuotes(in) == (want != in));
    }
  }

  TEST_CASE("feature values render as text the way the JSONL output writes them") {
    std::string out;
    appendValueText(out, glean::FeatureValue(std::string("2009-01-10")));
    out += '|';
    appendValueText(out, glean::FeatureValue(std::int64_t{-42}));
    out += '|';
    appendValueText(out, glean::FeatureValue(0.25));
    out += '|';
    appendValueText(out, glean::FeatureValue(true));
    CHECK(out == "2009-01-10|-42|0.25|true");
  }

  TEST_CASE("character offsets agree with a code point count at every byte") {
    std::string mixed;
    for (int i = 0; i < 70; ++i) mixed += "\xC3\xA9";           // 2-byte characters across blocks
    mixed += "x\xF0\x9D\x84\x9E" "y\xE2\x80\xA2";                 // 4- and 3-byte characters
    for (int i = 0; i < 61; ++i) mixed += 'a';
    mixed += "\xE2\x80\x94";                                      // straddles the 64-byte boundary
    std::string seed = glean::test::readFile(glean::test::seedReport());
    for (const std::string& text : {std::string("plain ASCII only"), mixed, seed, std::string()}) {
      CharOffsets offsets;
      offsets.reset(text);
      for (std::size_t b = 0; b <= text.size(); ++b) {
        if (b < text.size() && (static_cast<unsigned char>(text[b]) & 0xC0) == 0x80) continue;
        REQUIRE(offsets.toChar(b) == naiveChars(text, b));
      }
      CHECK(offsets.toChar(text.size() + 10) == naiveChars(text, text.size()));
    }
    CharOffsets ascii;
    ascii.reset("abc");
    CHECK(ascii.ascii());
    CHECK(ascii.toChar(2) == 2);
    // The seed has bullets: its character count is below its byte count.
    CharOffsets s;
    s.reset(seed);
    CHECK_FALSE(s.ascii());
    CHECK(s.toChar(seed.size()) < seed.size());
  }

  TEST_CASE("offsets inside a character move to its start or past its end") {
    std::string t = "a\xE2\x80\xA2" "b";  // a • b
    CHECK(floorToChar(t, 2) == 1);
    CHECK(floorToChar(t, 3) == 1);
    CHECK(ceilToChar(t, 2) == 4);
    CHECK(ceilToChar(t, 1) == 1);
    CHECK(ceilToChar(t, 99) == t.size());
  }

  TEST_CASE("the span nester nests, splits crossing spans into fragments and covers each span exactly") {
    std::string text = "0123456789abcdefghij";
    SpanNester nester;
    {
      std::vector<SpanItem> items = {{0, 10, 1}, {5, 15, 2}, {5, 7, 3}, {12, 12, 4}};
      RecordingSink sink{text};
      nester.run(items, text.size(), sink);
      CHECK(sink.out == "[1 01234[2 [3 56 ]3789 ]2 ]1{2 ab[4  ]4cde ]2fghij");
      CHECK(sink.nested_ok);
    }
    // Random spans: well nested, text in order, fragments exactly cover each span.
    std::mt19937 rng(20240611);
    for (int round = 0; round < 300; ++round) {
      std::size_t size = 1 + rng() % 60;
      std::string t(size, 'x');
      std::vector<SpanItem> items;
      std::size_t n = rng() % 12;
      for (std::uint32_t k = 0; k < n; ++k) {
        std::size_t b = rng() % (size + 1), e = rng() % (size + 1);
        if (b > e) std::swap(b, e);
        items.push_back({b, e, k});
      }
      std::vector<SpanItem> original = items;
      RecordingSink sink{t};
      nester.run(items, size, sink);
      INFO("round " << round << ": " << sink.out);
      REQUIRE(sink.nested_ok);
      REQUIRE(sink.stack.empty());
      REQUIRE(sink.in_order);
      REQUIRE(sink.pos == size);
      for (const SpanItem& item : original) {
        const auto& frags = sink.covered[item.key];
        REQUIRE_FALSE(frags.empty());
        std::size_t at = item.begin;
        for (const auto& [b, e] : frags) {
          if (item.begin == item.end) break;
          REQUIRE(b == at);
          at = e;
        }
        REQUIRE(at == item.end);
      }
    }
  }

  TEST_CASE("document ids become safe, unique file names") {
    DocFileNamer namer;
    CHECK(namer.stem("report.txt") == "report");
    CHECK(namer.stem("report") == "report-2");
    CHECK(namer.stem("report.txt") == "report-3");
    CHECK(namer.stem("../up/./x.txt") == "up/x");
    CHECK(namer.stem("/abs/y.md") == "abs/y.md");
    CHECK(namer.stem("a b?c*d:e|f\"g<h>i\\j.txt") == "a_b_c_d_e_f_g_h_i_j");
    CHECK(namer.stem(".hidden") == "_hidden");
    CHECK(namer.stem("") == "document");
    CHECK(namer.stem("..") == "document-2");
    CHECK(namer.stem("stdin:2") == "stdin_2");
    CHECK(namer.stem("caf\xC3\xA9.txt") == "caf\xC3\xA9");
    CHECK(DocFileNamer::backToRoot("a/b/c") == "../../");
    CHECK(DocFileNamer::backToRoot("c") == "");
    namer.clear();
    CHECK(namer.stem("report.txt") == "report");
  }

  TEST_CASE("HTML escaping covers markup characters and keeps CR as a reference") {
    std::string out;
    appendHtmlEscaped(out, "<script>alert('x') & \"y\"</script>\r\n");
    CHECK(out == "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;&#13;\n");
  }

  TEST_CASE("JSON inside a script element cannot end it, and still parses to the same value") {
    std::string doc = "{\"t\":\"</script><!-- a && b > c\",\"n\":1}";
    std::string out = "prefix<";
    std::size_t from = out.size();
    out += doc;
    escapeJsonForScript(out, from);
    CHECK(out.compare(0, from, "prefix<") == 0);
    std::string json = out.substr(from);
    CHECK(json.find('<') == std::string::npos);
    CHECK(json.find('>') == std::string::npos);
    CHECK(json.find('&') == std::string::npos);
    CHECK(nlohmann::json::parse(json) == nlohmann::json::parse(doc));
  }

  TEST_CASE("the sentence index finds the sentence around a span") {
    glean::Document doc("d", "d", "One two. Three four five. Six.");
    doc.annotate("Sentence", 9, 25);
    doc.annotate("Sentence", 0, 8);
    doc.annotate("Sentence", 26, 30);
    SentenceIndex index;
    index.reset(doc);
    REQUIRE(index.containing(15, 19) != nullptr);
    CHECK(index.containing(15, 19)->begin == 9);
    CHECK(index.containing(0, 3)->begin == 0);
    CHECK(index.containing(26, 30)->begin == 26);
    CHECK(index.containing(9, 25)->begin == 9);
    CHECK(index.containing(4, 12) == nullptr);  // crosses two sentences
    CHECK(index.containing(8, 9) == nullptr);   // between sentences
  }

  TEST_CASE("annotation families: defaults, parameters, and a type in two families is refused") {
    FamilyMap defaults;
    CHECK(defaults.of("TIMEX3") == Family::Date);
    CHECK(defaults.of("GPE") == Family::Entity);
    CHECK(defaults.of("Sentence") == Family::Segment);
    CHECK(defaults.of("Word") == Family::None);
    CHECK(defaults.of("GPE") == Family::Entity);  // after the cache held another type
    glean::Params params;
    params.set("date_types", std::vector<std::string>{"Date"});
    params.set("entity_types", std::vector<std::string>{"Person", "Date"});
    params.set("segment_types", std::vector<std::string>{});
    try {
      FamilyMap bad(params);
      FAIL("a type in two families was accepted");
    } catch (const glean::StageError& e) {
      CHECK(std::string(e.what()) == "type 'Date' is in two families (dates and entities)");
      CHECK(e.param() == "entity_types");
    }
    params.set("entity_types", std::vector<std::string>{"Person"});
    FamilyMap custom(params);
    CHECK(custom.of("Date") == Family::Date);
    CHECK(custom.of("TIMEX3") == Family::None);
  }
}
