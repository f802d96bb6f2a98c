// glean/tests/core/version_test.cpp - version.hpp on its own gives a complete build id
// SPDX-License-Identifier: Apache-2.0
//
// Deliberately includes nothing before glean/version.hpp, and nothing from spdlog at all: the
// build id must not depend on what a plugin happened to include first.
#include "glean/version.hpp"

#include <doctest/doctest.h>

#include <string>

TEST_SUITE("version") {
  TEST_CASE("the build id is complete when version.hpp is the only glean header included") {
    const std::string id = GLEAN_BUILD_ID;
    INFO(id);
    CHECK(id.rfind("glean " GLEAN_VERSION_STRING " api " GLEAN_PP_STR(GLEAN_PLUGIN_API_VERSION) " gcc ", 0) == 0);
    CHECK(id.find("SPDLOG_VER") == std::string::npos);
    CHECK(id.find("_GLIBCXX") == std::string::npos);
    CHECK(id.find(" spdlog 1.") != std::string::npos);
  }
}
