// glean/tests/core/pipeline_test.cpp - the pipeline loader and every error it reports
// SPDX-License-Identifier: Apache-2.0
#include "diagnostics.hpp"
#include "host_services.hpp"
#include "logging.hpp"
#include "pipeline.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <regex>

namespace fs = std::filesystem;

namespace {

struct Loaded {
  std::optional<glean::Pipeline> pipeline;
  std::vector<glean::ConfigError> errors;
};

Loaded load(const fs::path& file) {
  glean::Host host(glean::nullLogger());
  glean::PluginLoader plugins({GLEAN_PLUGIN_DIR, GLEAN_FIXTURE_PLUGIN_DIR});
  Loaded out;
  try {
    out.pipeline = glean::loadPipeline(file, plugins, host, glean::nullLogger());
  } catch (const glean::detail::ConfigErrors& e) {
    out.errors = e.errors();
  }
  return out;
}

/// Each tests/data/bad_*.toml starts with "# expect: LINE:COL: message phrase".
struct Expectation {
  int line = 0;
  int column = 0;
  std::string phrase;
};

Expectation expectationOf(const fs::path& file) {
  std::string first_line = glean::test::readFile(file);
  first_line = first_line.substr(0, first_line.find('\n'));
  std::smatch m;
  static const std::regex pattern(R"(^# expect: (\d+):(\d+): (.*)$)");
  REQUIRE_MESSAGE(std::regex_match(first_line, m, pattern), file.string() << " lacks an expect line");
  return {std::stoi(m[1]), std::stoi(m[2]), m[3]};
}

}  // namespace

TEST_SUITE("pipeline") {
  TEST_CASE("every bad pipeline file gives its located error") {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(GLEAN_TEST_DATA_DIR))
      if (entry.path().filename().string().rfind("bad_", 0) == 0) files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    REQUIRE(files.size() >= 19);
    for (const auto& file : files) {
      CAPTURE(file.filename().string());
      Expectation expect = expectationOf(file);
      Loaded result = load(file);
      CHECK_FALSE(result.pipeline.has_value());
      REQUIRE_FALSE(result.errors.empty());
      const glean::ConfigError& e = result.errors.front();
      CHECK(e.where().file == file.string());
      CHECK(e.where().line == expect.line);
      CHECK(e.where().column == expect.column);
      CAPTURE(std::string(e.what()));
      CHECK(e.message().find(expect.phrase) != std::string::npos);
      std::string prefix = file.string() + ":" + std::to_string(expect.line) + ":" +
                           std::to_string(expect.column) + ": error: ";
      CHECK(std::string(e.what()).rfind(prefix, 0) == 0);
    }
  }

  TEST_CASE("all errors of a file are reported together") {
    fs::path dir = glean::test::freshDir("pipeline-many");
    glean::test::writeFile(dir / "p.toml",
                           "[[stage]]\nuse = \"jsonl\"\nfiel = \"x\"\ntext = 3\n\n[[stage]]\nuse = \"nope\"\n");
    Loaded result = load(dir / "p.toml");
    REQUIRE(result.errors.size() == 3);
    CHECK(result.errors[0].where().line == 3);
    CHECK(result.errors[1].where().line == 4);
    CHECK(result.errors[2].where().line == 7);
  }

  TEST_CASE("a missing pipeline file is an error naming it") {
    Loaded result = load("/no/such/pipeline.toml");
    REQUIRE(result.errors.size() == 1);
    CHECK(result.errors[0].where().file == "/no/such/pipeline.toml");
    CHECK(result.errors[0].message().find("cannot read pipeline file") != std::string::npos);
  }

  TEST_CASE("a valid pipeline loads its stages in order with paths resolved against its folder") {
    Loaded result = load(fs::path(GLEAN_TEST_DATA_DIR) / "good_fixture.toml");
    for (const auto& e : result.errors) MESSAGE(std::string(e.what()));
    REQUIRE(result.pipeline.has_value());
    const glean::Pipeline& p = *result.pipeline;
    CHECK(p.name == "fixture-pipeline");
    CHECK(p.description == "tests");
    REQUIRE(p.stages.size() == 3);
    CHECK(p.stages[0].name == "fixture");
    CHECK(p.stages[1].name == "second");
    CHECK(p.stages[2].name == "jsonl");
    CHECK(p.stages[0].where.line == 7);
    CHECK(p.stages[1].stage->needs() == std::vector<std::string>{"Word"});
    CHECK(p.stages[1].stage->provides() == std::vector<std::string>{"Upper"});
    CHECK(p.stages[2].stage->sequential());
  }

  TEST_CASE("every bundled pipeline is valid once its plugins exist") {
    // The bundled pipelines name only bundled plugins; validation needs every one of them built.
    for (const auto& entry : fs::directory_iterator(fs::path(GLEAN_SOURCE_DIR) / "pipelines")) {
      if (entry.path().extension() != ".toml") continue;
      CAPTURE(entry.path().string());
      Loaded result = load(entry.path());
      for (const auto& e : result.errors) MESSAGE(std::string(e.what()));
      CHECK(result.pipeline.has_value());
    }
  }
}
