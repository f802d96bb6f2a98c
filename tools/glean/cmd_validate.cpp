// glean/tools/glean/cmd_validate.cpp - `glean validate`: check pipelines without running them
// SPDX-License-Identifier: Apache-2.0
#include "cli.hpp"

#include "diagnostics.hpp"
#include "pipeline.hpp"

#include <cstdio>

namespace glean::cli {

int validateCommand(CliContext& ctx, ArgParser& args) {
  std::vector<std::string> files = args.positionals();
  if (files.empty()) throw UsageError("needs at least one pipeline file");
  Host host(ctx.logger);
  PluginLoader plugins = ctx.makePluginLoader();
  int status = kExitOk;
  for (const auto& file : files) {
    try {
      Pipeline pipeline = loadPipeline(findPipeline(file), plugins, host, ctx.logger);
      std::string names;
      for (const auto& s : pipeline.stages) names += (names.empty() ? "" : ", ") + s.name;
      std::printf("%s: ok (%zu stage(s): %s)\n", file.c_str(), pipeline.stages.size(), names.c_str());
    } catch (const detail::ConfigErrors& e) {
      std::fprintf(stderr, "%s\n", e.what());
      status = kExitUsage;
    } catch (const ConfigError& e) {
      std::fprintf(stderr, "%s\n", e.what());
      status = kExitUsage;
    }
  }
  return status;
}

}  // namespace glean::cli
