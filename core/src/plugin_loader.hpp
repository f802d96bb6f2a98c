// glean/core/src/plugin_loader.hpp - finds, checks and loads stage plugins (Boost.DLL)
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "glean/plugin_abi.hpp"

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

namespace boost::dll {
class shared_library;
}

namespace glean {

/// A plugin that could not be loaded; what() is one complete line naming the file.
class PluginLoadError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// No library for the plugin name on the search path.
class PluginNotFoundError : public PluginLoadError {
 public:
  PluginNotFoundError(const std::string& message, std::string searched)
      : PluginLoadError(message), searched_(std::move(searched)) {}
  /// "no glean-x.so in dir1, dir2"
  const std::string& searched() const noexcept { return searched_; }

 private:
  std::string searched_;
};

/// Deletes a stage through its plugin's destroy() and keeps the library mapped until then.
struct StageDeleter {
  std::shared_ptr<boost::dll::shared_library> library;
  void (*destroy)(Stage*) noexcept = nullptr;
  void operator()(Stage* stage) const noexcept {
    if (stage != nullptr && destroy != nullptr) destroy(stage);
  }
};
using StagePtr = std::unique_ptr<Stage, StageDeleter>;

/// A plugin library that passed every check: mapped, with its descriptor and description.
class LoadedPlugin {
 public:
  LoadedPlugin(std::filesystem::path path, std::shared_ptr<boost::dll::shared_library> library,
               const GleanPluginInfo* info);

  const std::filesystem::path& path() const { return path_; }
  const GleanPluginInfo& info() const { return *info_; }
  std::string name() const { return info_->name; }
  const PluginDescription& description() const { return description_; }

  /// Creates a stage; StageError and ConfigError from the plugin pass through.
  StagePtr create(const StageArgs& args) const;

 private:
  std::filesystem::path path_;
  std::shared_ptr<boost::dll::shared_library> library_;
  const GleanPluginInfo* info_;
  PluginDescription description_;
};

/// What `glean plugins` found in one file: the plugin, or why it is not usable.
struct PluginListing {
  std::filesystem::path path;
  std::shared_ptr<const LoadedPlugin> plugin;  // null when loading failed
  std::string error;
  bool shadowed = false;  // another file earlier on the search path has the same name
};

/// Looks plugins up by name on a search path. The file for plugin "x" is "glean-x.so"; the first
/// directory on the path that has it wins.
class PluginLoader {
 public:
  explicit PluginLoader(std::vector<std::filesystem::path> search_path);

  /// The search path glean uses: `--plugin-dir` values, then $GLEAN_PLUGIN_PATH (colon-separated),
  /// then the plugin folder beside the executable (<exe>/../lib/glean/plugins, which is both the
  /// build tree and an installed prefix), then the configured install prefix.
  static std::vector<std::filesystem::path> defaultSearchPath(
      const std::vector<std::filesystem::path>& plugin_dirs);

  /// The folders glean's own plugins live in: <exe>/../lib/glean/plugins and the install prefix's.
  /// Plugins from anywhere else (--plugin-dir, $GLEAN_PLUGIN_PATH) are announced in the log.
  static std::vector<std::filesystem::path> bundledDirs();

  const std::vector<std::filesystem::path>& searchPath() const { return search_path_; }

  /// True when `name` can name a plugin: letters, digits, '_', '-' and '.', not starting with '.'.
  /// Pipelines name plugins, never paths, so a plugin can only come from the search path.
  static bool validName(const std::string& name);

  /// The plugin named `name`; loaded once and cached. Throws PluginLoadError (a name that is not
  /// validName(); not found: lists the folders searched; or why the file was refused).
  std::shared_ptr<const LoadedPlugin> load(const std::string& name);

  /// Checks and loads one library file. Throws PluginLoadError.
  static std::shared_ptr<const LoadedPlugin> loadFile(const std::filesystem::path& file);

  /// The names of every glean-*.so file on the search path (for suggestions).
  std::vector<std::string> availableNames() const;

  /// Every glean-*.so on the search path, loaded or with its error, in search order.
  std::vector<PluginListing> listAll();

 private:
  std::vector<std::filesystem::path> search_path_;
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<const LoadedPlugin>> cache_;
};

}  // namespace glean
