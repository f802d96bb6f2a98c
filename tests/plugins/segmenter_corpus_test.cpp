// glean/tests/plugins/segmenter_corpus_test.cpp - the corpus sweep: every shared document, checked
// SPDX-License-Identifier: Apache-2.0
//
// Runs the bundled pipeline's segmenter over every *.txt of ../shared/corpus (977 documents, 64 MB)
// and checks per document: no exception and no document issue; its layout detected from the
// collection it belongs to; the header metadata; at least one section; every non-whitespace byte of
// the Body in exactly one Paragraph, ListItem, Heading, Navigation or Footnote, or a list marker;
// every sentence inside the unit it names, at most 1,500 bytes, and every non-whitespace byte of a
// unit in exactly one sentence; a consistent section tree. Prints the totals and the throughput.
//
// Built with GLEAN_SANITIZE the sweep takes every GLEAN_SWEEP_STRIDE-th HRR document (and all
// documents of the other layouts), so the sanitizer build stays quick; the Release build takes all.
#include "segmenter_fixture.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <sstream>

#include <time.h>

#ifndef GLEAN_SWEEP_STRIDE
#define GLEAN_SWEEP_STRIDE 1
#endif

namespace fs = std::filesystem;
using glean::Annotation;
using glean::Document;

namespace {

double threadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

struct Totals {
  std::size_t documents = 0, bytes = 0, sections = 0, paragraphs = 0, items = 0, sentences = 0;
  std::size_t forced = 0, longest_sentence = 0;
  double seconds = 0;      // wall clock inside the stage
  double cpu_seconds = 0;  // this thread's CPU time inside the stage (steadier on a busy machine)
  std::map<std::string, std::size_t> layouts;
};

// Whitespace as the segmenter trims it (ASCII and U+00A0).
bool isSpaceAt(std::string_view t, std::size_t i) {
  auto c = static_cast<unsigned char>(t[i]);
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') return true;
  if (c == 0xC2 && i + 1 < t.size() && static_cast<unsigned char>(t[i + 1]) == 0xA0) return true;
  return c == 0xA0 && i > 0 && static_cast<unsigned char>(t[i - 1]) == 0xC2;
}

std::string expectedLayout(const std::string& rel) {
  if (rel.rfind("us-state-hrr-legacy/", 0) == 0) return "state-hrr-legacy";
  if (rel.rfind("us-state-hrr-pdftext/", 0) == 0) return "state-hrr-pdftext";
  if (rel.rfind("us-state-hrr/", 0) == 0) return "state-hrr";
  return "";
}

// Checks one segmented document; appends what is wrong to `problems`.
void check(const Document& doc, const std::string& rel, Totals& t, std::vector<std::string>& problems) {
  auto fail = [&](const std::string& what) { problems.push_back(rel + ": " + what); };
  std::string_view text = doc.text();
  for (const auto& issue : doc.issues()) fail("issue: " + issue.message);

  std::string layout(doc.meta().str("layout"));
  ++t.layouts[layout];
  if (layout != expectedLayout(rel)) fail("layout '" + layout + "', expected '" + expectedLayout(rel) + "'");
  for (const char* key : {"title", "report_type", "report_year", "country", "country_code"})
    if (!doc.meta().contains(key)) fail(std::string("no metadata '") + key + "'");

  std::vector<std::uint8_t> cover(text.size(), 0), marker(text.size(), 0), said(text.size(), 0);
  std::map<std::uint32_t, const Annotation*> units;
  std::vector<const Annotation*> bodies, sentences, sections;
  for (const Annotation& a : doc.annotations()) {
    if (a.begin >= a.end || a.end > text.size()) {
      if (!(a.type == "ListItem" || a.type == "Footnote") || a.begin > a.end || a.end > text.size())
        fail(a.type + " with bad span " + std::to_string(a.begin) + "-" + std::to_string(a.end));
      continue;
    }
    if (a.type == "Paragraph" || a.type == "ListItem" || a.type == "Heading" ||
        a.type == "Navigation" || a.type == "Footnote")
      for (std::size_t i = a.begin; i < a.end; ++i) ++cover[i];
    if (a.type == "List") std::fill(marker.begin() + static_cast<std::ptrdiff_t>(a.begin),
                                    marker.begin() + static_cast<std::ptrdiff_t>(a.end), 1);
    if (a.type == "Paragraph" || a.type == "ListItem" || a.type == "Footnote") units[a.id] = &a;
    if (a.type == "Body") bodies.push_back(&a);
    if (a.type == "Sentence") sentences.push_back(&a);
    if (a.type == "Section") sections.push_back(&a);
    t.paragraphs += a.type == "Paragraph";
    t.items += a.type == "ListItem";
  }
  for (const Annotation& a : doc.annotations())
    if (a.type == "ListItem")
      std::fill(marker.begin() + static_cast<std::ptrdiff_t>(a.begin),
                marker.begin() + static_cast<std::ptrdiff_t>(a.end), 0);

  if (bodies.size() != 1) fail(std::to_string(bodies.size()) + " Body annotations");
  for (const Annotation* body : bodies)
    for (std::size_t i = body->begin; i < body->end; ++i) {
      if (isSpaceAt(text, i) || cover[i] == 1 || (cover[i] == 0 && marker[i])) continue;
      fail("body byte " + std::to_string(i) + " is in " + std::to_string(cover[i]) +
           " segments: '" + std::string(text.substr(i, 40)) + "'");
      break;
    }

  if (sections.empty()) fail("no sections");
  t.sections += sections.size();
  for (const Annotation* s : sections) {
    auto parent = s->features.integer("parent");
    auto level = s->features.integer("level");
    if (!level || s->features.str("title").empty()) fail("section without level or title");
    if (!parent) continue;
    const Annotation* p = doc.byId(static_cast<std::uint32_t>(*parent));
    if (p == nullptr || p->begin > s->begin || s->end > p->end || !level ||
        *p->features.integer("level") + 1 != *level)
      fail("section '" + std::string(s->features.str("title")) + "' does not nest in its parent");
  }

  t.sentences += sentences.size();
  for (const Annotation* s : sentences) {
    t.longest_sentence = std::max(t.longest_sentence, s->length());
    t.forced += s->features.contains("forced");
    if (s->length() > 1500) fail("sentence of " + std::to_string(s->length()) + " bytes");
    auto unit_id = s->features.integer("paragraph");
    auto it = unit_id ? units.find(static_cast<std::uint32_t>(*unit_id)) : units.end();
    if (it == units.end() || it->second->begin > s->begin || s->end > it->second->end) {
      fail("sentence at " + std::to_string(s->begin) + " outside its paragraph");
      continue;
    }
    for (std::size_t i = s->begin; i < s->end; ++i) ++said[i];
  }
  for (const auto& [id, u] : units) {
    std::size_t from = u->begin;
    if (u->type == "Footnote")  // its sentences start after the mark
      while (from < u->end && !isSpaceAt(text, from)) ++from;
    for (std::size_t i = from; i < u->end; ++i) {
      if (isSpaceAt(text, i) || said[i] == 1) continue;
      fail(u->type + " byte " + std::to_string(i) + " is in " + std::to_string(said[i]) + " sentences");
      break;
    }
  }
}

}  // namespace

TEST_SUITE("segmenter corpus") {
  TEST_CASE("corpus sweep: every document of every layout is segmented cleanly") {
    fs::path shared = glean::test::sharedDir();
    if (shared.empty()) {
      MESSAGE("shared corpus not found: sweep skipped");
      return;
    }
    std::vector<fs::path> files;
    for (const auto& e : fs::recursive_directory_iterator(shared / "corpus"))
      if (e.is_regular_file() && e.path().extension() == ".txt") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    REQUIRE(files.size() >= 977);

    glean::Stage& segmenter = glean::test::bundledSegmenter();
    Totals t;
    std::vector<std::string> problems;
    std::size_t index = 0;
    for (const fs::path& file : files) {
      std::string rel = fs::relative(file, shared / "corpus").string();
      bool hrr = rel.rfind("us-state-hrr/", 0) == 0;
      if (hrr && index++ % GLEAN_SWEEP_STRIDE != 0) continue;
      Document doc(rel, file.string(), glean::test::readFile(file));
      doc.setCurrentStage("segmenter");
      auto start = std::chrono::steady_clock::now();
      double cpu_start = threadCpuSeconds();
      try {
        segmenter.process(doc);
      } catch (const std::exception& e) {
        problems.push_back(rel + ": threw " + e.what());
        continue;
      }
      t.seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      t.cpu_seconds += threadCpuSeconds() - cpu_start;
      ++t.documents;
      t.bytes += doc.text().size();
      check(doc, rel, t, problems);
    }

    std::ostringstream report;
    report << "segmenter sweep: " << t.documents << " documents, " << t.bytes << " bytes, "
           << t.sections << " sections, " << t.paragraphs << " paragraphs, " << t.items
           << " list items, " << t.sentences << " sentences (" << t.forced
           << " cut at max_bytes; longest " << t.longest_sentence << " bytes); "
           << static_cast<int>(static_cast<double>(t.bytes) / 1e6 / std::max(t.cpu_seconds, 1e-9))
           << " MB/s of CPU time in the stage (" << t.cpu_seconds << " s CPU, " << t.seconds
           << " s wall, one thread)\n  layouts:";
    for (const auto& [name, n] : t.layouts) report << " " << name << " " << n;
    MESSAGE(report.str());
    std::printf("%s\n", report.str().c_str());
    glean::test::writeFile(fs::path(GLEAN_TEST_TMP_DIR) / "segmenter-sweep.txt", report.str() + "\n");

    std::string first;
    for (std::size_t i = 0; i < problems.size() && i < 20; ++i) first += "\n  " + problems[i];
    CHECK_MESSAGE(problems.empty(), problems.size() << " problems:" << first);
    if (GLEAN_SWEEP_STRIDE == 1) CHECK(t.documents == files.size());
    // Cutting at max_bytes is the exception (the semicolon lists of some executive summaries), not
    // what splits sentences.
    CHECK(t.forced * 1000 < t.sentences);
  }
}
