// glean/core/src/pipeline.hpp - loads a pipeline file (TOML) into configured stages
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "plugin_loader.hpp"

#include "glean/error.hpp"
#include "glean/host.hpp"

#include <spdlog/logger.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace glean {

/// One configured stage of a pipeline.
struct PipelineStage {
  std::string name;    ///< unique in the pipeline; provenance uses it
  std::string plugin;  ///< the plugin it was made from
  std::shared_ptr<const LoadedPlugin> library;
  StagePtr stage;
  SourceLocation where;  ///< its [[stage]] table in the pipeline file
};

/// A loaded pipeline: stages in order, each configured and ready to process documents.
struct Pipeline {
  std::filesystem::path file;
  std::string name;
  std::string description;
  std::vector<PipelineStage> stages;
};

/// Reads, validates and configures a pipeline. Every problem found is reported together as
/// detail::ConfigErrors (file:line:col: error: ...): TOML syntax, unknown keys (with "did you
/// mean"), wrong types, missing files, unknown plugins, plugins that refuse their parameters, and
/// stages that need annotations no earlier stage provides. A plugin that cannot be loaded is a
/// located error too.
Pipeline loadPipeline(const std::filesystem::path& file, PluginLoader& plugins,
                      HostServices& host, const std::shared_ptr<spdlog::logger>& logger);

}  // namespace glean
