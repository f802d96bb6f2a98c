// glean/core/include/glean/host.hpp - services the glean host offers to plugins
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "glean/rules.hpp"

#include <filesystem>
#include <memory>

namespace glean {

/// What the host does for plugins, so that plugins never link glean's core library.
class HostServices {
 public:
  virtual ~HostServices() = default;

  /// Loads and compiles a rule file (and its includes). Loaded once per path and shared between
  /// stages. Throws ConfigError naming file:line:col when the file is missing or faulty.
  virtual std::shared_ptr<const RuleSet> loadRules(const std::filesystem::path& file) = 0;
};

}  // namespace glean
