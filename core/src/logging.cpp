// glean/core/src/logging.cpp - the "glean" logger (stderr) that stages' loggers are cloned from
// SPDX-License-Identifier: Apache-2.0
#include "logging.hpp"

#include <spdlog/cfg/env.h>
#include <spdlog/sinks/null_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace glean {

std::shared_ptr<spdlog::logger> setUpLogging(std::optional<spdlog::level::level_enum> level) {
  auto logger = spdlog::get("glean");
  if (!logger) {
    logger = spdlog::stderr_color_mt("glean");
    logger->set_pattern("[%H:%M:%S.%e] [%n] [%^%l%$] %v");
    spdlog::set_default_logger(logger);
  }
  logger->set_level(spdlog::level::info);
  spdlog::cfg::load_env_levels();
  if (level) logger->set_level(*level);
  return logger;
}

std::shared_ptr<spdlog::logger> nullLogger() {
  return std::make_shared<spdlog::logger>("glean", std::make_shared<spdlog::sinks::null_sink_mt>());
}

}  // namespace glean
