// glean/tools/glean/cli.hpp - what every glean command receives, and the command table
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "arg_parser.hpp"

#include "host_services.hpp"
#include "plugin_loader.hpp"

#include <spdlog/logger.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace glean::cli {

/// Exit codes shared by every command.
enum ExitCode : int {
  kExitOk = 0,        ///< everything went through
  kExitFailures = 1,  ///< some documents failed (or tests failed); the rest was done
  kExitUsage = 2,     ///< usage or configuration error; nothing was run
};

/// State set up by main() from the global options.
struct CliContext {
  std::shared_ptr<spdlog::logger> logger;
  std::vector<std::filesystem::path> plugin_dirs;  ///< from --plugin-dir
  bool quiet = false;

  /// A plugin loader on the full search path.
  PluginLoader makePluginLoader() const {
    return PluginLoader(PluginLoader::defaultSearchPath(plugin_dirs));
  }
};

/// One subcommand: `glean <name> ...`.
struct Command {
  const char* name;
  const char* usage;    ///< "glean run PIPELINE INPUT... [options]"
  const char* summary;  ///< one line for `glean --help`
  const char* help;     ///< the options, for `glean <name> --help`
  int (*run)(CliContext& ctx, ArgParser& args);
};

/// The folder the running glean executable is in (nullopt when the system cannot say).
std::optional<std::filesystem::path> programDir();

/// The folders holding the rules/ and pipelines/ shipped with glean: <exe>/../share/glean (the
/// build tree or an installed prefix), then the configured install prefix's share/glean.
std::vector<std::filesystem::path> bundledDataDirs();

/// The pipeline file a command-line argument names: the argument itself when it is an existing
/// path or contains a '/', else the bundled pipeline of that name ("country-reports" or
/// "country-reports.toml") when there is one, else the argument unchanged.
std::filesystem::path findPipeline(const std::string& arg);

/// The names of the bundled pipelines (without .toml), sorted.
std::vector<std::string> bundledPipelineNames();

/// Every command, in the order `glean --help` lists them.
const std::vector<Command>& commands();

int runCommand(CliContext& ctx, ArgParser& args);
int validateCommand(CliContext& ctx, ArgParser& args);
int pluginsCommand(CliContext& ctx, ArgParser& args);
int benchCommand(CliContext& ctx, ArgParser& args);
int scoreTimemlCommand(CliContext& ctx, ArgParser& args);
int evalDucklingCommand(CliContext& ctx, ArgParser& args);
int testCommand(CliContext& ctx, ArgParser& args);
int explainCommand(CliContext& ctx, ArgParser& args);
int rulesCommand(CliContext& ctx, ArgParser& args);
int newPluginCommand(CliContext& ctx, ArgParser& args);

}  // namespace glean::cli
