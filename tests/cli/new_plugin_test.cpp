// glean/tests/cli/new_plugin_test.cpp - `glean new-plugin` writes a complete plugin project
// SPDX-License-Identifier: Apache-2.0
//
// Building the generated project needs an installed glean; tools/setup test does that (install,
// generate, build with find_package(glean), run). Here: what the command writes and refuses.
#include "test_support.hpp"

#include <doctest/doctest.h>


namespace fs = std::filesystem;
using glean::test::readFile;
using glean::test::runGlean;

namespace {
const fs::path kTemplate = fs::path(GLEAN_SOURCE_DIR) / "tools" / "glean" / "plugin-template";

/// The first "@word@" in `text` (a template token left unreplaced), or "".
std::string leftoverToken(const std::string& text) {
  auto word = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  for (std::size_t at = text.find('@'); at != std::string::npos; at = text.find('@', at + 1)) {
    std::size_t end = at + 1;
    while (end < text.size() && word(text[end])) ++end;
    if (end > at + 1 && end < text.size() && text[end] == '@') return text.substr(at, end + 1 - at);
  }
  return "";
}
}  // namespace

TEST_SUITE("new-plugin") {
  TEST_CASE("new-plugin writes every template file with the name filled in") {
    fs::path dir = glean::test::freshDir("new-plugin") / "casualty-count";
    auto r = runGlean({"new-plugin", "casualty-count", dir.string()});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find("created plugin 'casualty-count' in " + dir.string()) != std::string::npos);
    CHECK(r.out.find("cmake -S . -B build") != std::string::npos);
    for (std::string file : {"CMakeLists.txt", "casualty_count_stage.cpp", "casualty_count_test.cpp",
                             "rules/casualty-count.toml", "pipeline.toml", "sample.txt",
                             "README.md", ".gitignore"}) {
      INFO(file);
      REQUIRE(fs::is_regular_file(dir / file));
      // Every token was replaced; an @word@ left over is a token the generator does not know.
      CHECK(leftoverToken(readFile(dir / file)) == "");
    }
    std::string cmake = readFile(dir / "CMakeLists.txt");
    CHECK(cmake.find("project(glean-casualty-count ") != std::string::npos);
    CHECK(cmake.find("find_package(glean 0.1 REQUIRED)") != std::string::npos);
    CHECK(cmake.find("glean_add_plugin(casualty-count casualty_count_stage.cpp)") != std::string::npos);
    std::string stage = readFile(dir / "casualty_count_stage.cpp");
    CHECK(stage.find("namespace glean_casualty_count {") != std::string::npos);
    CHECK(stage.find("class CasualtyCountStage : public glean::Stage") != std::string::npos);
    CHECK(stage.find("GLEAN_DEFINE_PLUGIN(glean_casualty_count::CasualtyCountStage, \"casualty-count\"") !=
          std::string::npos);
    CHECK(readFile(dir / "pipeline.toml").find("rules = \"rules/casualty-count.toml\"") !=
          std::string::npos);
    CHECK(readFile(dir / "rules/casualty-count.toml").find("name = \"casualty-count\"") !=
          std::string::npos);
    // Files without tokens come out byte for byte as they are in the template.
    CHECK(readFile(dir / "sample.txt") == readFile(kTemplate / "sample.txt"));
  }

  TEST_CASE("the leftover-token check finds a token and ignores other uses of '@'") {
    CHECK(leftoverToken("a @name@ b") == "@name@");
    CHECK(leftoverToken("x = \"@numbers($count)\" @ mail@host.org @@") == "");
  }

  TEST_CASE("new-plugin defaults the folder to the name and accepts an empty folder") {
    fs::path base = glean::test::freshDir("new-plugin-empty");
    fs::create_directories(base / "empty");
    auto r = runGlean({"new-plugin", "x2", (base / "empty").string()});
    CHECK(r.exit_code == 0);
    CHECK(fs::is_regular_file(base / "empty" / "x2_stage.cpp"));
  }

  TEST_CASE("new-plugin refuses a bad name and a folder that is not empty, writing nothing") {
    fs::path base = glean::test::freshDir("new-plugin-refuse");
    for (std::string bad : {"Casualties", "9lives", "_x", "x!", "a.b", "a/b", ""}) {
      INFO(bad);
      auto r = runGlean({"new-plugin", bad, (base / "out").string()});
      CHECK(r.exit_code == 2);
      CHECK(r.err.find("must start with a lowercase letter") != std::string::npos);
    }
    CHECK_FALSE(fs::exists(base / "out"));
    glean::test::writeFile(base / "full" / "keep.txt", "mine");
    auto r = runGlean({"new-plugin", "ok", (base / "full").string()});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("exists and is not an empty folder") != std::string::npos);
    CHECK_FALSE(fs::exists(base / "full" / "CMakeLists.txt"));
    CHECK(runGlean({"new-plugin"}).exit_code == 2);
    CHECK(runGlean({"new-plugin", "a", "b", "c"}).exit_code == 2);
  }
}
