// glean/tests/hardening/fuzz_regressions_test.cpp - replays fuzz inputs through the fuzz targets
// SPDX-License-Identifier: Apache-2.0
//
// Every input a fuzzer ever crashed or hung on is saved under fuzz/regressions/<target>/ and runs
// here, in every build (the ASan + UBSan one too), through the same function libFuzzer calls; so do
// the seeds of each target's corpus (rules/, pipelines/ and tests/data/, samples/). A target aborts
// on a finding, which fails this suite.
#include "fuzz_support.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <algorithm>

namespace fs = std::filesystem;

namespace {

using Target = int (*)(const std::uint8_t*, std::size_t);

/// Every regular file below `dir` whose name ends with `extension` (any, when empty), sorted;
/// hidden files (.gitkeep) are skipped.
std::vector<fs::path> filesBelow(const fs::path& dir, const std::string& extension = {}) {
  std::vector<fs::path> out;
  if (!fs::exists(dir)) return out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file() && (extension.empty() || e.path().extension() == extension) &&
        e.path().filename().string().front() != '.')
      out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

/// Runs each file through the target; returns how many ran.
std::size_t replay(Target target, const std::vector<fs::path>& files) {
  for (const auto& file : files) {
    CAPTURE(file.string());
    std::string bytes = glean::test::readFile(file);
    CHECK(target(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()) == 0);
  }
  return files.size();
}

fs::path source(const char* sub) { return fs::path(GLEAN_SOURCE_DIR) / sub; }
fs::path regressions(const char* target) { return source("fuzz") / "regressions" / target; }

}  // namespace

TEST_SUITE("fuzz_regressions") {
  TEST_CASE("rule-file target: the shipped rule files and every saved finding") {
    CHECK(replay(glean::fuzz::ruleFileOneInput, filesBelow(source("rules"), ".toml")) >= 10);
    replay(glean::fuzz::ruleFileOneInput, filesBelow(regressions("rule-file")));
  }

  TEST_CASE("pipeline target: the bundled and test pipelines and every saved finding") {
    CHECK(replay(glean::fuzz::pipelineOneInput, filesBelow(source("pipelines"), ".toml")) >= 2);
    CHECK(replay(glean::fuzz::pipelineOneInput, filesBelow(source("tests/data"), ".toml")) >= 19);
    replay(glean::fuzz::pipelineOneInput, filesBelow(regressions("pipeline")));
  }

  TEST_CASE("document target: the samples and every saved finding") {
    CHECK(replay(glean::fuzz::documentOneInput, filesBelow(source("samples"))) >= 1);
    replay(glean::fuzz::documentOneInput, filesBelow(regressions("document")));
  }
}
