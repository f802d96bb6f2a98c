// glean/core/src/rules/rule_registry.cpp - RuleRegistry: compiled rule sets cached by file
// SPDX-License-Identifier: Apache-2.0
#include "rules/rule_registry.hpp"

#include <algorithm>

namespace glean::rules {

namespace fs = std::filesystem;

std::vector<RuleRegistry::Stamp> RuleRegistry::stampsOf(const CompiledRuleSet& rules) {
  std::vector<Stamp> out;
  for (const fs::path& p : rules.dependencies()) {
    std::error_code ec;
    Stamp s{p, fs::last_write_time(p, ec), 0};
    s.size = fs::file_size(p, ec);
    out.push_back(std::move(s));
  }
  return out;
}

bool RuleRegistry::changed(const std::vector<Stamp>& stamps) {
  for (const Stamp& s : stamps) {
    std::error_code ec1, ec2;
    auto mtime = fs::last_write_time(s.path, ec1);
    auto size = fs::file_size(s.path, ec2);
    if (ec1 || ec2 || mtime != s.mtime || size != s.size) return true;
  }
  return false;
}

std::shared_ptr<const CompiledRuleSet> RuleRegistry::load(const fs::path& file) {
  std::error_code ec;
  fs::path canon = fs::canonical(file, ec);
  if (ec) throw ConfigError({file.string()}, "cannot read rule file: no such file");
  std::lock_guard lock(mutex_);
  if (auto it = cache_.find(canon); it != cache_.end() && !changed(it->second.stamps))
    return it->second.rules;
  // Compiling under the lock keeps two stages that name the same file from compiling it twice.
  std::shared_ptr<CompiledRuleSet> rules = CompiledRuleSet::load(file, options_);
  rules->setProfiling(profiling_);
  Entry entry{rules, stampsOf(*rules)};
  cache_[canon] = std::move(entry);
  return rules;
}

bool RuleRegistry::stale(const fs::path& file) const {
  std::error_code ec;
  fs::path canon = fs::canonical(file, ec);
  if (ec) return true;
  std::lock_guard lock(mutex_);
  auto it = cache_.find(canon);
  return it == cache_.end() || changed(it->second.stamps);
}

void RuleRegistry::setProfiling(bool on) {
  std::lock_guard lock(mutex_);
  profiling_ = on;
  for (auto& [path, entry] : cache_) entry.rules->setProfiling(on);
}

std::vector<RuleProfile> RuleRegistry::profile() const {
  std::lock_guard lock(mutex_);
  std::vector<RuleProfile> out;
  for (const auto& [path, entry] : cache_) {
    auto p = entry.rules->profile();
    out.insert(out.end(), p.begin(), p.end());
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const RuleProfile& a, const RuleProfile& b) { return a.nanos > b.nanos; });
  return out;
}

std::vector<std::shared_ptr<const CompiledRuleSet>> RuleRegistry::loaded() const {
  std::lock_guard lock(mutex_);
  std::vector<std::shared_ptr<const CompiledRuleSet>> out;
  for (const auto& [path, entry] : cache_) out.push_back(entry.rules);
  return out;
}

void RuleRegistry::clear() {
  std::lock_guard lock(mutex_);
  cache_.clear();
}

}  // namespace glean::rules
