// glean/core/src/logging.hpp - the "glean" logger (stderr) that stages' loggers are cloned from
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <spdlog/logger.h>

#include <memory>
#include <optional>
#include <string_view>

namespace glean {

/// Creates the "glean" logger on stderr (colour on a terminal), registers it as spdlog's default
/// and returns it. SPDLOG_LEVEL is honoured unless `level` is given.
std::shared_ptr<spdlog::logger> setUpLogging(std::optional<spdlog::level::level_enum> level);

/// A logger that drops everything (tests, library use).
std::shared_ptr<spdlog::logger> nullLogger();

}  // namespace glean
