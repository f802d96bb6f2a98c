// glean/core/src/host_services.cpp - the HostServices glean gives its plugins
// SPDX-License-Identifier: Apache-2.0
#include "host_services.hpp"

#include "glean/error.hpp"

namespace glean {

struct Host::Impl {
  std::shared_ptr<spdlog::logger> logger;
};

Host::Host(std::shared_ptr<spdlog::logger> logger) : impl_(std::make_unique<Impl>()) {
  impl_->logger = std::move(logger);
}
Host::~Host() = default;

std::shared_ptr<const RuleSet> Host::loadRules(const std::filesystem::path& file) {
  // TODO(lead): delegate to the rule engine's registry once it lands (issue 3).
  throw ConfigError({file.string()}, "the rule engine is not part of this build yet");
}

}  // namespace glean
