// glean/tests/core/runner_test.cpp - running pipelines: accounting, order, failures, parallelism
// SPDX-License-Identifier: Apache-2.0
#include "diagnostics.hpp"
#include "host_services.hpp"
#include "logging.hpp"
#include "runner.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <set>

namespace fs = std::filesystem;
using glean::test::readJsonl;
using glean::test::writeFile;

namespace {

/// A pipeline file with the fixture stage (options given) and the JSONL exporter.
fs::path writePipeline(const fs::path& dir, const std::string& fixture_options) {
  writeFile(dir / "pipeline.toml", "[[stage]]\nuse = \"fixture\"\nlabel = \"t\"\n" + fixture_options +
                                       "\n[[stage]]\nuse = \"jsonl\"\n");
  return dir / "pipeline.toml";
}

glean::RunSummary run(const fs::path& pipeline_file, const std::vector<std::string>& inputs,
                      const fs::path& out, unsigned jobs = 1) {
  glean::Host host(glean::nullLogger());
  glean::PluginLoader plugins({GLEAN_PLUGIN_DIR, GLEAN_FIXTURE_PLUGIN_DIR});
  glean::Pipeline pipeline = glean::loadPipeline(pipeline_file, plugins, host, glean::nullLogger());
  glean::RunOptions options;
  options.inputs = inputs;
  options.output_dir = out;
  options.jobs = jobs;
  return glean::runPipeline(pipeline, options, *glean::nullLogger());
}

/// A folder of `n` small documents, some of which fail or get issues.
fs::path makeCorpus(const fs::path& dir, int n) {
  for (int i = 0; i < n; ++i) {
    std::string text = "Document " + std::to_string(i) + " mentions Astana and the KNB.";
    if (i % 7 == 3) text += " FAILME";
    if (i % 5 == 1) text += " ISSUE";
    char name[32];
    std::snprintf(name, sizeof name, "doc%03d.txt", i);
    writeFile(dir / "in" / name, text);
  }
  writeFile(dir / "in" / "zz-invalid.txt", std::string("bad \xFF byte"));
  return dir / "in";
}

}  // namespace

TEST_SUITE("runner") {
  TEST_CASE("every input ends up in the output or the error report, in input order") {
    fs::path dir = glean::test::freshDir("runner-accounting");
    fs::path in = makeCorpus(dir, 30);
    fs::path pipeline = writePipeline(dir, "fail_on = \"FAILME\"\nissue_on = \"ISSUE\"");
    glean::RunSummary s = run(pipeline, {in.string()}, dir / "out");
    int expected_failures = 0;
    for (int i = 0; i < 30; ++i) expected_failures += (i % 7 == 3);
    CHECK(s.failed == static_cast<std::size_t>(expected_failures + 1));  // + the invalid file
    CHECK(s.documents + s.failed == 31);
    CHECK(s.issues == 6);
    CHECK(s.exitCode() == 1);

    auto docs = readJsonl(dir / "out" / "documents.jsonl");
    auto errors = readJsonl(dir / "out" / "errors.jsonl");
    REQUIRE(docs.size() == s.documents);
    CHECK(errors.size() == s.failed + s.issues);
    std::set<std::string> seen;
    std::string previous;
    for (const auto& d : docs) {
      std::string id = d["doc"];
      CHECK(id > previous);  // input order is sorted file order
      previous = id;
      seen.insert(id);
      // Every annotation's text is the exact slice of the input.
      std::string text = glean::test::readFile(in / id);
      CHECK(d["bytes"] == text.size());
      for (const auto& a : d["annotations"]) {
        std::size_t b = a["begin"], e = a["end"];
        CHECK(a["text"] == text.substr(b, e - b));
        CHECK(a["stage"] == "fixture");
        CHECK(a["rule"] == "fixture:capitalized");
      }
    }
    for (const auto& e : errors) {
      if (e["written"] == false) seen.insert(e["doc"].get<std::string>());
    }
    CHECK(seen.size() == 31);  // nothing lost
    // The failed documents name the stage, the message and the offset.
    bool found_invalid = false;
    for (const auto& e : errors) {
      if (e["doc"] == "zz-invalid.txt") {
        found_invalid = true;
        CHECK(e["stage"] == "reader");
        CHECK(e["offset"] == 4);
        CHECK(e["message"] == "invalid UTF-8 at byte offset 4");
      }
      if (e["doc"] == "doc003.txt") {
        CHECK(e["stage"] == "fixture");
        CHECK(e["message"] == "found 'FAILME'");
        CHECK(e["written"] == false);
      }
      if (e["doc"] == "doc001.txt") {
        CHECK(e["rule"] == "fixture:issue");
        CHECK(e["written"] == true);
      }
    }
    CHECK(found_invalid);
    CHECK(s.annotations.at("Word") > 30);
  }

  TEST_CASE("output is identical for any number of threads") {
    fs::path dir = glean::test::freshDir("runner-parallel");
    fs::path in = makeCorpus(dir, 60);
    fs::path pipeline = writePipeline(dir, "fail_on = \"FAILME\"\nissue_on = \"ISSUE\"");
    run(pipeline, {in.string()}, dir / "j1", 1);
    run(pipeline, {in.string()}, dir / "j4", 4);
    CHECK(glean::test::readFile(dir / "j1" / "documents.jsonl") ==
          glean::test::readFile(dir / "j4" / "documents.jsonl"));
    CHECK(glean::test::readFile(dir / "j1" / "errors.jsonl") ==
          glean::test::readFile(dir / "j4" / "errors.jsonl"));
  }

  TEST_CASE("sequential stages prepare on the worker threads or just before process, in order") {
    // fixture A (parallel) tags words; fixture B (sequential, the first one) counts them and fails
    // FAILME documents in prepare(), which runs on the workers; fixture C (sequential, after B,
    // which says it changes documents) must see B's annotations in its prepare(); then the JSONL
    // exporter, which must see C's.
    fs::path dir = glean::test::freshDir("runner-prepare");
    fs::path in = makeCorpus(dir, 24);
    writeFile(dir / "p.toml",
              "[[stage]]\nuse = \"fixture\"\nname = \"a\"\nlabel = \"t\"\n"
              "[[stage]]\nuse = \"fixture\"\nname = \"b\"\nlabel = \"t\"\nsequential = true\n"
              "type = \"B\"\nfail_on = \"FAILME\"\n"
              "[[stage]]\nuse = \"fixture\"\nname = \"c\"\nlabel = \"t\"\nsequential = true\n"
              "type = \"C\"\n"
              "[[stage]]\nuse = \"jsonl\"\n");
    glean::RunSummary s1 = run(dir / "p.toml", {in.string()}, dir / "j1", 1);
    glean::RunSummary s3 = run(dir / "p.toml", {in.string()}, dir / "j3", 3);
    CHECK(glean::test::readFile(dir / "j1" / "documents.jsonl") ==
          glean::test::readFile(dir / "j3" / "documents.jsonl"));
    CHECK(s1.failed == s3.failed);
    auto errors = readJsonl(dir / "j3" / "errors.jsonl");
    std::size_t failed_in_prepare = 0;
    for (const auto& e : errors)
      if (e["stage"] == "b") {
        ++failed_in_prepare;
        CHECK(e["message"] == "found 'FAILME'");
      }
    CHECK(failed_in_prepare == 3);  // documents 3, 10 and 17
    auto docs = readJsonl(dir / "j3" / "documents.jsonl");
    REQUIRE(docs.size() == s3.documents);
    for (const auto& d : docs) {
      std::size_t a = 0, b = 0;
      for (const auto& x : d["annotations"]) (x["stage"] == "a" ? a : b) += 1;
      REQUIRE(a > 0);
      CHECK(b == 2 * a);  // b and c tag the same words
      // b prepared after a's annotations; c prepared after b's process() added its own.
      CHECK(d["meta"]["annotations_before_prepare"] == std::to_string(2 * a));
    }
  }

  TEST_CASE("a clean run exits 0 and leaves no temporary files") {
    fs::path dir = glean::test::freshDir("runner-clean");
    writeFile(dir / "in" / "a.txt", "Astana");
    fs::path pipeline = writePipeline(dir, "");
    glean::RunSummary s = run(pipeline, {(dir / "in").string()}, dir / "out");
    CHECK(s.exitCode() == 0);
    CHECK(s.documents == 1);
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir / "out")) names.push_back(e.path().filename());
    std::sort(names.begin(), names.end());
    CHECK(names == std::vector<std::string>{"documents.jsonl", "errors.jsonl", "run.json"});
    CHECK(fs::file_size(dir / "out" / "errors.jsonl") == 0);
  }

  TEST_CASE("a stop request ends the run early with complete output") {
    fs::path dir = glean::test::freshDir("runner-stop");
    fs::path in = makeCorpus(dir, 10);
    fs::path pipeline = writePipeline(dir, "");
    glean::Host host(glean::nullLogger());
    glean::PluginLoader plugins({GLEAN_PLUGIN_DIR, GLEAN_FIXTURE_PLUGIN_DIR});
    glean::Pipeline p = glean::loadPipeline(pipeline, plugins, host, glean::nullLogger());
    std::atomic<bool> stop{false};
    glean::RunOptions options;
    options.inputs = {in.string()};
    options.output_dir = dir / "out";
    options.stop = &stop;
    int seen = 0;
    options.on_document = [&](const glean::Document&) {
      if (++seen == 4) stop = true;
    };
    glean::RunSummary s = glean::runPipeline(p, options, *glean::nullLogger());
    CHECK(s.interrupted);
    CHECK(s.documents == 4);
    CHECK(readJsonl(dir / "out" / "documents.jsonl").size() == 4);
  }

  TEST_CASE("an output path leaving the output folder is refused") {
    fs::path dir = glean::test::freshDir("runner-escape");
    writeFile(dir / "p.toml", "[[stage]]\nuse = \"jsonl\"\nfile = \"../escaped.jsonl\"\n");
    writeFile(dir / "in" / "a.txt", "text");
    CHECK_THROWS_WITH(run(dir / "p.toml", {(dir / "in").string()}, dir / "out"),
                      doctest::Contains("leaves the output folder"));
    CHECK_FALSE(fs::exists(dir / "escaped.jsonl"));
  }
}

TEST_SUITE("runner") {
  TEST_CASE("--resume finishes an interrupted run without duplicating output") {
    fs::path dir = glean::test::freshDir("runner-resume");
    fs::path in = makeCorpus(dir, 20);
    fs::path pipeline = writePipeline(dir, "fail_on = \"FAILME\"");
    // The reference: one uninterrupted run.
    run(pipeline, {in.string()}, dir / "whole");

    glean::Host host(glean::nullLogger());
    glean::PluginLoader plugins({GLEAN_PLUGIN_DIR, GLEAN_FIXTURE_PLUGIN_DIR});
    std::atomic<bool> stop{false};
    {
      glean::Pipeline p = glean::loadPipeline(pipeline, plugins, host, glean::nullLogger());
      glean::RunOptions options;
      options.inputs = {in.string()};
      options.output_dir = dir / "parts";
      options.stop = &stop;
      int seen = 0;
      options.on_document = [&](const glean::Document&) {
        if (++seen == 7) stop = true;
      };
      glean::RunSummary first = glean::runPipeline(p, options, *glean::nullLogger());
      CHECK(first.interrupted);
    }
    {
      glean::Pipeline p = glean::loadPipeline(pipeline, plugins, host, glean::nullLogger());
      glean::RunOptions options;
      options.inputs = {in.string()};
      options.output_dir = dir / "parts";
      options.resume = true;
      glean::RunSummary second = glean::runPipeline(p, options, *glean::nullLogger());
      CHECK_FALSE(second.interrupted);
      CHECK(second.skipped >= 7);
      CHECK(second.skipped + second.documents + second.failed == 21);
    }
    CHECK(glean::test::readFile(dir / "parts" / "documents.jsonl") ==
          glean::test::readFile(dir / "whole" / "documents.jsonl"));
    CHECK(glean::test::readFile(dir / "parts" / "errors.jsonl") ==
          glean::test::readFile(dir / "whole" / "errors.jsonl"));
    auto journal = nlohmann::json::parse(glean::test::readFile(dir / "parts" / "run.json"));
    CHECK(journal["completed"].size() == 21);
    CHECK(journal["interrupted"] == false);
  }
}
