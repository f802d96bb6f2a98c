// glean/tools/glean/cmd_rules.cpp - `glean rules`: list a rule set's rules, or expand one
// SPDX-License-Identifier: Apache-2.0
#include "cli.hpp"

#include "diagnostics.hpp"
#include "pipeline.hpp"
#include "rules/rule_file.hpp"

#include <cstdio>

namespace glean::cli {
namespace {

namespace fs = std::filesystem;

std::string flagsOf(unsigned flags) {
  std::string out;
  if (flags & rules::kCaseless) out += 'i';
  if (flags & rules::kMultiline) out += 'm';
  if (flags & rules::kDotAll) out += 's';
  if (flags & rules::kExtended) out += 'x';
  return out;
}

void printExpanded(const rules::RuleInfo& r) {
  std::printf("rule %s (%s)\n", r.name.c_str(), r.where.str().c_str());
  std::printf("  type      %s\n", r.veto ? "(veto)" : r.type.c_str());
  std::printf("  priority  %d\n", r.priority);
  if (!r.scope.empty()) std::printf("  scope     %s\n", r.scope.c_str());
  if (r.flags != 0) std::printf("  flags     %s\n", flagsOf(r.flags).c_str());
  std::printf("  pattern   %s\n", r.pattern.c_str());
  std::printf("  expanded  %s\n", r.expanded.c_str());
  std::printf("  pcre2     %s\n", r.jit ? "JIT" : "interpreter (JIT compilation failed)");
  std::printf("  prefilter %s: %s\n", rules::filterModeName(r.filter.mode), r.filter.note.c_str());
  if (r.filter.mode != rules::FilterMode::Unfiltered) {
    std::printf("  hyperscan %s\n", r.filter.hs_pattern.c_str());
    if (r.filter.mode == rules::FilterMode::EndWindow)
      std::printf("  window    %u bytes before each reported end\n", r.filter.width);
  }
}

}  // namespace

int rulesCommand(CliContext& ctx, ArgParser& args) {
  std::optional<std::string> expand = args.value({"--expand"});
  std::vector<std::string> inputs = args.positionals();
  if (inputs.empty()) throw UsageError("needs a rule file or a pipeline");
  Host host(ctx.logger);
  PluginLoader plugins = ctx.makePluginLoader();
  for (const std::string& input : inputs) {
    if (rules::looksLikeRuleFile(input))
      host.rules().load(input);
    else
      loadPipeline(input, plugins, host, ctx.logger);
  }
  auto sets = host.rules().loaded();
  if (expand) {
    bool found = false;
    for (const auto& set : sets) {
      auto info = set->rule(*expand);
      if (!info) continue;
      if (found) std::printf("\n");
      printExpanded(*info);
      found = true;
    }
    if (!found) {
      std::string names;
      for (const auto& set : sets) names += (names.empty() ? "'" : ", '") + set->name() + "'";
      throw UsageError("no rule '" + *expand + "' in rule set(s) " + names);
    }
    return kExitOk;
  }
  for (const auto& set : sets) {
    std::printf("%s (%s): %zu rules\n", set->name().c_str(), set->path().c_str(), set->rules().size());
    for (const auto& r : set->rules())
      std::printf("  %-36s %-12s %4d  %-10s %-13s %s\n", r.name.c_str(),
                  r.veto ? "(veto)" : r.type.c_str(), r.priority,
                  r.scope.empty() ? "-" : r.scope.c_str(),
                  r.filter.mode == rules::FilterMode::Start       ? "start"
                  : r.filter.mode == rules::FilterMode::EndWindow ? "end-window"
                                                                  : "UNFILTERED",
                  r.where.str().c_str());
  }
  return kExitOk;
}

}  // namespace glean::cli
