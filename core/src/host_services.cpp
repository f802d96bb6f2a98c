// glean/core/src/host_services.cpp - the HostServices glean gives its plugins
// SPDX-License-Identifier: Apache-2.0
#include "host_services.hpp"

#include "glean/error.hpp"

namespace glean {

struct Host::Impl {
  explicit Impl(rules::CompileOptions options) : registry(std::move(options)) {}
  std::shared_ptr<spdlog::logger> logger;
  rules::RuleRegistry registry;
};

Host::Host(std::shared_ptr<spdlog::logger> logger, rules::CompileOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {
  impl_->logger = std::move(logger);
}
Host::~Host() = default;

std::shared_ptr<const RuleSet> Host::loadRules(const std::filesystem::path& file) {
  auto rules = impl_->registry.load(file);
  if (impl_->logger) impl_->logger->debug("rules '{}' from {}", rules->name(), file.string());
  return rules;
}

rules::RuleRegistry& Host::rules() { return impl_->registry; }

}  // namespace glean
