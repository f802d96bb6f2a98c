// glean/tests/test_main.cpp - doctest main with a silent "glean" logger
// SPDX-License-Identifier: Apache-2.0
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include "logging.hpp"

#include <spdlog/spdlog.h>

int main(int argc, char** argv) {
  spdlog::set_default_logger(glean::nullLogger());
  doctest::Context context(argc, argv);
  return context.run();
}
