// glean/tests/core/plugin_loader_test.cpp - loading plugins, good and broken (fixtures)
// SPDX-License-Identifier: Apache-2.0
#include "logging.hpp"
#include "plugin_loader.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

namespace fs = std::filesystem;
using glean::PluginLoader;
using glean::PluginLoadError;

namespace {
PluginLoader fixtureLoader() { return PluginLoader({GLEAN_FIXTURE_PLUGIN_DIR, GLEAN_PLUGIN_DIR}); }
fs::path fixture(const char* name) { return fs::path(GLEAN_FIXTURE_PLUGIN_DIR) / name; }
}  // namespace

TEST_SUITE("plugin loader") {
  TEST_CASE("a good plugin loads with its descriptor and parameter schema") {
    PluginLoader loader = fixtureLoader();
    auto plugin = loader.load("fixture");
    CHECK(plugin->name() == "fixture");
    CHECK(std::string(plugin->info().version) == "0.0.1");
    CHECK(plugin->info().api_version == GLEAN_PLUGIN_API_VERSION);
    CHECK(plugin->path() == fixture("glean-fixture.so"));
    const auto& params = plugin->description().params;
    REQUIRE(params.size() == 15);
    CHECK(params[0].name == "type");
    CHECK(params[4].choices == std::vector<std::string>{"fast", "slow"});
    CHECK(params[10].required);
    CHECK(params[13].choices == std::vector<std::string>{"TERM", "INT"});  // signal
    CHECK(params[14].name == "sequential");
    CHECK(loader.load("fixture") == plugin);  // cached
  }

  TEST_CASE("a stage made by a plugin processes a document and is destroyed by it") {
    auto plugin = fixtureLoader().load("fixture");
    glean::Params params;
    for (const auto& spec : plugin->description().params)
      if (spec.default_value) params.set(spec.name, *spec.default_value);
    params.set("label", "x");
    glean::StageArgs args;
    args.name = "caps";
    args.params = params;
    args.logger = glean::nullLogger();
    auto stage = plugin->create(args);
    glean::Document doc("d", "d", "The FBI met Mueller in Astana.");
    doc.setCurrentStage("caps");
    stage->process(doc);
    REQUIRE(doc.annotations().size() == 4);
    CHECK(doc.slice(doc.annotations()[1]) == "FBI");
    CHECK(doc.annotations()[1].rule == "fixture:capitalized");
    CHECK(doc.annotations()[3].features.integer("length") == 6);
  }

  TEST_CASE("a plugin's StageError crosses the library boundary") {
    auto plugin = fixtureLoader().load("fixture");
    glean::StageArgs args;
    for (const auto& spec : plugin->description().params)
      if (spec.default_value) args.params.set(spec.name, *spec.default_value);
    args.params.set("reject", true);
    args.logger = glean::nullLogger();
    try {
      plugin->create(args);
      FAIL("create() should have thrown");
    } catch (const glean::StageError& e) {
      CHECK(e.param() == "reject");
      CHECK(std::string(e.what()).find("reject = true") != std::string::npos);
    }
  }

  TEST_CASE("a plugin built for another API version is refused before it is loaded") {
    CHECK_THROWS_WITH_AS(PluginLoader::loadFile(fixture("glean-fixture-api1.so")),
                         doctest::Contains("built for plugin API 1, but this glean (" GLEAN_VERSION_STRING
                                           ") supports plugin API " GLEAN_PP_STR(GLEAN_PLUGIN_API_VERSION) "; rebuild the plugin"),
                         PluginLoadError);
  }

  TEST_CASE("a library without a glean entry point is not a glean plugin") {
    CHECK_THROWS_WITH_AS(PluginLoader::loadFile(fixture("glean-fixture-nodesc.so")),
                         doctest::Contains("no 'glean_plugin_info_v" GLEAN_PP_STR(GLEAN_PLUGIN_API_VERSION) "' entry point in section 'glean'; is this a glean plugin?"),
                         PluginLoadError);
  }

  TEST_CASE("a plugin built by another toolchain or glean version shows both build ids") {
    try {
      PluginLoader::loadFile(fixture("glean-fixture-badbuild.so"));
      FAIL("should have thrown");
    } catch (const PluginLoadError& e) {
      std::string what = e.what();
      CHECK(what.find("glean-fixture-badbuild.so") != std::string::npos);
      CHECK(what.find("another toolchain") != std::string::npos);
      CHECK(what.find(GLEAN_BUILD_ID) != std::string::npos);
    }
  }

  TEST_CASE("an unresolved symbol fails at load time with the linker's message") {
    CHECK_THROWS_WITH_AS(PluginLoader::loadFile(fixture("glean-fixture-undefined.so")),
                         doctest::Contains("undefined symbol: glean_fixture_symbol_that_does_not_exist"),
                         PluginLoadError);
  }

  TEST_CASE("a file that is not a shared library and a missing file get one-line errors") {
    CHECK_THROWS_WITH_AS(PluginLoader::loadFile(fixture("glean-fixture-notelf.so")),
                         doctest::Contains("not a loadable shared library"), PluginLoadError);
    CHECK_THROWS_WITH_AS(PluginLoader::loadFile(fixture("glean-nope.so")),
                         doctest::Contains("glean-nope.so': no such file"), PluginLoadError);
  }

  TEST_CASE("an unknown plugin name lists every folder searched") {
    PluginLoader loader = fixtureLoader();
    try {
      loader.load("segmentr");
      FAIL("should have thrown");
    } catch (const glean::PluginNotFoundError& e) {
      std::string what = e.what();
      CHECK(what.find("plugin 'segmentr' not found") == 0);
      CHECK(what.find(GLEAN_FIXTURE_PLUGIN_DIR) != std::string::npos);
      CHECK(what.find(GLEAN_PLUGIN_DIR) != std::string::npos);
    }
  }

  TEST_CASE("the search path puts --plugin-dir first, then GLEAN_PLUGIN_PATH, then the exe's folder") {
    ::setenv("GLEAN_PLUGIN_PATH", "/env/one:/env/two", 1);
    auto path = PluginLoader::defaultSearchPath({"/cli/dir"});
    ::unsetenv("GLEAN_PLUGIN_PATH");
    REQUIRE(path.size() >= 4);
    CHECK(path[0] == "/cli/dir");
    CHECK(path[1] == "/env/one");
    CHECK(path[2] == "/env/two");
    CHECK(path[3].string().find("lib/glean/plugins") != std::string::npos);
  }

  TEST_CASE("listing a folder reports every plugin file, broken ones with their error") {
    PluginLoader loader({GLEAN_FIXTURE_PLUGIN_DIR});
    auto listing = loader.listAll();
    CHECK(listing.size() == 6);
    int loaded = 0;
    for (const auto& item : listing) {
      if (item.plugin) ++loaded;
      else CHECK_FALSE(item.error.empty());
    }
    CHECK(loaded == 1);
  }
}
