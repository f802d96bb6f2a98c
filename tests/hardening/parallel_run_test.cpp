// glean/tests/hardening/parallel_run_test.cpp - the multi-threaded runner on real pipelines (TSan's target)
// SPDX-License-Identifier: Apache-2.0
//
// The segmenter and the rule engine (compiled rule sets shared read-only by every thread, per-thread
// PCRE2 and Hyperscan scratch) at -j4, in-process and through the glean binary: the output must be
// byte-identical to a -j1 run. tools/setup runs this suite under ThreadSanitizer too, where any data
// race between the threads fails it.
#include "host_services.hpp"
#include "logging.hpp"
#include "runner.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

namespace fs = std::filesystem;
using glean::test::readFile;
using glean::test::writeFile;

namespace {

/// Twenty-four documents: reports of every layout from the shared corpus when it is there (a few
/// of each), else variations of the seed report; plus a failing and an empty one.
fs::path makeInputs(const fs::path& dir) {
  fs::path in = dir / "in";
  std::vector<fs::path> sources;
  if (fs::path shared = glean::test::sharedDir(); !shared.empty()) {
    for (const char* layout : {"us-state-hrr", "us-state-hrr-legacy", "us-state-hrr-pdftext"}) {
      std::vector<fs::path> files;
      for (const auto& e : fs::directory_iterator(shared / "corpus" / layout))
        if (e.path().extension() == ".txt") files.push_back(e.path());
      std::sort(files.begin(), files.end());
      for (std::size_t i = 0; i < files.size() && i < 8; ++i) sources.push_back(files[i * files.size() / 8]);
    }
  }
  std::string seed = readFile(glean::test::seedReport());
  for (int i = 0; static_cast<int>(sources.size()) + i < 24; ++i)
    writeFile(in / fmt::format("seed-{:02}.txt", i), seed.substr(0, seed.size() * (i + 1) / 24));
  for (std::size_t i = 0; i < sources.size(); ++i)
    writeFile(in / fmt::format("report-{:02}-{}", i, sources[i].filename().string()), readFile(sources[i]));
  writeFile(in / "empty.txt", "");
  writeFile(in / "zz-invalid.txt", "bad \xFF byte");
  return in;
}

/// The bundled segmenter, then two rule stages (one scoped to sentences), then JSONL, CSV, SQLite
/// and HTML.
fs::path writePipeline(const fs::path& dir) {
  fs::path rules = fs::path(GLEAN_SOURCE_DIR) / "rules";
  writeFile(dir / "p.toml", fmt::format(R"toml([[stage]]
use = "segmenter"
layouts = "{0}/layout"
sentences = "{0}/sentences/en.toml"

[[stage]]
use = "rules"
name = "dates"
file = "{0}/examples/dates.toml"

[[stage]]
use = "rules"
name = "acronyms"
file = "{0}/examples/acronyms.toml"

[[stage]]
use = "jsonl"

# The exporters after JSONL: their prepare() runs on the worker threads too (TSan's target).
[[stage]]
use = "csv"

[[stage]]
use = "sqlite"

[[stage]]
use = "html"
)toml",
                                        rules.string()));
  return dir / "p.toml";
}

glean::RunSummary runInProcess(const fs::path& pipeline_file, const fs::path& in, const fs::path& out,
                               unsigned jobs) {
  glean::Host host(glean::nullLogger());
  glean::PluginLoader plugins({GLEAN_PLUGIN_DIR});
  glean::Pipeline pipeline = glean::loadPipeline(pipeline_file, plugins, host, glean::nullLogger());
  glean::RunOptions options;
  options.inputs = {in.string()};
  options.output_dir = out;
  options.jobs = jobs;
  return glean::runPipeline(pipeline, options, *glean::nullLogger());
}

}  // namespace

TEST_SUITE("parallel_run") {
  TEST_CASE("segmenter and rule stages at -j4 write exactly what -j1 writes, in-process") {
    fs::path dir = glean::test::freshDir("parallel-in-process");
    fs::path in = makeInputs(dir);
    fs::path pipeline = writePipeline(dir);
    glean::RunSummary one = runInProcess(pipeline, in, dir / "j1", 1);
    glean::RunSummary four = runInProcess(pipeline, in, dir / "j4", 4);
    CHECK(one.documents == 25);
    CHECK(one.failed == 1);
    CHECK(four.documents == one.documents);
    CHECK(four.failed == one.failed);
    CHECK(four.annotations == one.annotations);
    CHECK(one.annotations.at("Sentence") > 100);
    CHECK(readFile(dir / "j4" / "documents.jsonl") == readFile(dir / "j1" / "documents.jsonl"));
    CHECK(readFile(dir / "j4" / "errors.jsonl") == readFile(dir / "j1" / "errors.jsonl"));
    for (const char* table : {"csv/segments.csv", "csv/entity_index.csv", "html/index.html"})
      CHECK_MESSAGE(readFile(dir / "j4" / table) == readFile(dir / "j1" / table), table);
    CHECK(readFile(dir / "j4" / "html" / "seed-05.html") == readFile(dir / "j1" / "html" / "seed-05.html"));
    CHECK(fs::file_size(dir / "j4" / "glean.sqlite") > 0);
  }

  TEST_CASE("the glean binary at -j4 writes exactly what -j1 writes") {
    fs::path dir = glean::test::freshDir("parallel-cli");
    fs::path in = makeInputs(dir);
    fs::path pipeline = writePipeline(dir);
    for (const char* jobs : {"1", "4"}) {
      auto r = glean::test::runGlean({"run", pipeline.string(), in.string(), "-o", (dir / (std::string("j") + jobs)).string(),
                                      "-j", jobs});
      INFO(r.err);
      CHECK(r.exit_code == 1);  // the invalid file
      CHECK(r.err.find("written 25, failed 1") != std::string::npos);
    }
    CHECK(readFile(dir / "j4" / "documents.jsonl") == readFile(dir / "j1" / "documents.jsonl"));
    CHECK(readFile(dir / "j4" / "errors.jsonl") == readFile(dir / "j1" / "errors.jsonl"));
  }
}
