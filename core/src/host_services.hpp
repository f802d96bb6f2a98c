// glean/core/src/host_services.hpp - the HostServices glean gives its plugins
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "glean/host.hpp"
#include "rules/rule_registry.hpp"

#include <spdlog/logger.h>

#include <memory>

namespace glean {

/// The host side of the plugin API: rule files are compiled once per path and shared.
class Host : public HostServices {
 public:
  explicit Host(std::shared_ptr<spdlog::logger> logger, rules::CompileOptions options = {});
  ~Host() override;
  std::shared_ptr<const RuleSet> loadRules(const std::filesystem::path& file) override;

  /// The rule sets loaded so far (for `--profile`, `glean test` and watch mode).
  rules::RuleRegistry& rules();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace glean
