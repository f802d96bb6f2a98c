// glean/core/src/plugin_loader.cpp - finds, checks and loads stage plugins (Boost.DLL)
// SPDX-License-Identifier: Apache-2.0
#include "plugin_loader.hpp"

#include "diagnostics.hpp"

#include <boost/dll/library_info.hpp>
#include <boost/dll/runtime_symbol_info.hpp>
#include <boost/dll/shared_library.hpp>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <set>

// Both are set by core/CMakeLists.txt from CMAKE_INSTALL_PREFIX and GNUInstallDirs.
#ifndef GLEAN_PLUGIN_DIR_FROM_BIN
#define GLEAN_PLUGIN_DIR_FROM_BIN "../lib/glean/plugins"
#endif
#ifndef GLEAN_INSTALL_PLUGIN_DIR
#define GLEAN_INSTALL_PLUGIN_DIR "/usr/local/lib/glean/plugins"
#endif

namespace glean {
namespace fs = std::filesystem;

namespace {

constexpr const char* kSymbolPrefix = "glean_plugin_info_v";
const std::string kOurSymbol = GLEAN_PP_STR(GLEAN_PLUGIN_ENTRY_SYMBOL);

std::string quoted(const fs::path& p) { return "'" + p.string() + "'"; }

/// The plugin name a file stands for: "glean-x.so" -> "x".
std::string nameFromFile(const fs::path& file) {
  std::string stem = file.stem().string();
  return stem.rfind("glean-", 0) == 0 ? stem.substr(6) : stem;
}

bool isPluginFile(const fs::path& file) {
  std::string name = file.filename().string();
  return name.rfind("glean-", 0) == 0 && file.extension() == ".so";
}

}  // namespace

LoadedPlugin::LoadedPlugin(fs::path path, std::shared_ptr<boost::dll::shared_library> library,
                           const GleanPluginInfo* info)
    : path_(std::move(path)), library_(std::move(library)), info_(info) {
  if (info_->describe != nullptr) info_->describe(description_);
}

StagePtr LoadedPlugin::create(const StageArgs& args) const {
  Stage* stage = info_->create(args);
  if (stage == nullptr)
    throw PluginLoadError("plugin " + quoted(path_) + ": create() returned no stage");
  return StagePtr(stage, StageDeleter{library_, info_->destroy});
}

PluginLoader::PluginLoader(std::vector<fs::path> search_path)
    : search_path_(std::move(search_path)) {}

std::vector<fs::path> PluginLoader::bundledDirs() {
  std::vector<fs::path> out;
  std::error_code ec;
  fs::path exe = boost::dll::program_location(ec);
  if (!ec) out.push_back((exe.parent_path() / GLEAN_PLUGIN_DIR_FROM_BIN).lexically_normal());
  out.emplace_back(GLEAN_INSTALL_PLUGIN_DIR);
  return out;
}

bool PluginLoader::validName(const std::string& name) {
  if (name.empty() || name.front() == '.') return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '.';
  });
}

std::vector<fs::path> PluginLoader::defaultSearchPath(const std::vector<fs::path>& plugin_dirs) {
  std::vector<fs::path> out = plugin_dirs;
  if (const char* env = std::getenv("GLEAN_PLUGIN_PATH"); env != nullptr) {
    std::string value = env;
    std::size_t start = 0;
    while (start <= value.size()) {
      std::size_t colon = value.find(':', start);
      if (colon == std::string::npos) colon = value.size();
      // An empty entry is skipped (in $PATH it would mean the current folder).
      if (colon > start) out.emplace_back(value.substr(start, colon - start));
      start = colon + 1;
    }
  }
  // A relative folder is taken from the current folder once, now, and shown absolute from then
  // on (in `glean plugins`, in errors and in the log line that names each plugin's file).
  for (auto& dir : out) {
    std::error_code ec;
    if (dir.is_relative()) dir = fs::absolute(dir, ec).lexically_normal();
  }
  for (auto& dir : bundledDirs()) out.push_back(dir);
  // Drop repeats, keeping the first occurrence (the search order).
  std::vector<fs::path> unique;
  std::set<std::string> seen;
  for (auto& p : out)
    if (seen.insert(p.lexically_normal().string()).second) unique.push_back(p);
  return unique;
}

std::shared_ptr<const LoadedPlugin> PluginLoader::loadFile(const fs::path& file) {
  std::error_code ec;
  if (!fs::exists(file, ec)) throw PluginLoadError("plugin " + quoted(file) + ": no such file");

  // 1. Read the entry point's name from the ELF section without running any of the library's
  //    code: the symbol carries the API version the plugin was built for.
  std::vector<std::string> symbols;
  try {
    boost::dll::library_info info(file, /*throw_if_not_native=*/true);
    symbols = info.symbols("glean");
  } catch (const std::exception& e) {
    throw PluginLoadError("plugin " + quoted(file) + ": not a loadable shared library (" +
                          e.what() + ")");
  }
  if (std::find(symbols.begin(), symbols.end(), kOurSymbol) == symbols.end()) {
    for (const auto& s : symbols) {
      if (s.rfind(kSymbolPrefix, 0) == 0) {
        std::string theirs = s.substr(std::strlen(kSymbolPrefix));
        throw PluginLoadError("plugin " + quoted(file) + ": built for plugin API " + theirs +
                              ", but this glean (" GLEAN_VERSION_STRING
                              ") supports plugin API " GLEAN_PP_STR(GLEAN_PLUGIN_API_VERSION)
                              "; rebuild the plugin against this glean's SDK");
      }
    }
    throw PluginLoadError("plugin " + quoted(file) + ": no '" + kOurSymbol +
                          "' entry point in section 'glean'; is this a glean plugin?");
  }

  // 2. Map it. rtld_now makes an undefined symbol fail here rather than at first call.
  auto library = std::make_shared<boost::dll::shared_library>();
  try {
    library->load(file, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
  } catch (const std::exception& e) {
    std::string why = e.what();
    // Boost 1.74 appends a misleading errno text to dlerror()'s message.
    if (auto pos = why.rfind(": Bad file descriptor"); pos != std::string::npos) why.erase(pos);
    throw PluginLoadError("plugin " + quoted(file) + ": cannot load: " + why);
  }

  // 3. Check the descriptor before any C++ object crosses the boundary.
  const GleanPluginInfo* info = nullptr;
  try {
    info = library->get_alias<GleanPluginEntry>(kOurSymbol)();
  } catch (const std::exception& e) {
    throw PluginLoadError("plugin " + quoted(file) + ": cannot read its entry point: " + e.what());
  }
  if (info == nullptr)
    throw PluginLoadError("plugin " + quoted(file) + ": its entry point returned no descriptor");
  if (info->api_version != GLEAN_PLUGIN_API_VERSION)
    throw PluginLoadError("plugin " + quoted(file) + ": descriptor says plugin API " +
                          std::to_string(info->api_version) +
                          ", but this glean supports plugin API " GLEAN_PP_STR(
                              GLEAN_PLUGIN_API_VERSION) "; rebuild the plugin against this "
                                                        "glean's SDK");
  if (info->info_size < sizeof(GleanPluginInfo))
    throw PluginLoadError("plugin " + quoted(file) + ": descriptor is " +
                          std::to_string(info->info_size) + " bytes, expected " +
                          std::to_string(sizeof(GleanPluginInfo)) + "; rebuild the plugin");
  if (info->build_id == nullptr || std::strcmp(info->build_id, GLEAN_BUILD_ID) != 0)
    throw PluginLoadError("plugin " + quoted(file) + ": built with '" +
                          (info->build_id ? info->build_id : "(none)") +
                          "', but this glean is '" GLEAN_BUILD_ID
                          "'; rebuild the plugin with the same compiler and glean SDK");
  if (info->name == nullptr || info->create == nullptr || info->destroy == nullptr)
    throw PluginLoadError("plugin " + quoted(file) + ": descriptor lacks name, create or destroy");
  return std::make_shared<LoadedPlugin>(file, std::move(library), info);
}

std::shared_ptr<const LoadedPlugin> PluginLoader::load(const std::string& name) {
  if (!validName(name))
    throw PluginLoadError("'" + name + "' is not a plugin name: pipelines name plugins (letters, "
                          "digits, '_', '-', '.'), never paths; put the plugin's folder on the "
                          "search path with --plugin-dir or GLEAN_PLUGIN_PATH");
  std::lock_guard lock(mutex_);
  if (auto it = cache_.find(name); it != cache_.end()) return it->second;
  const std::string file_name = "glean-" + name + ".so";
  for (const auto& dir : search_path_) {
    fs::path candidate = dir / file_name;
    std::error_code ec;
    if (!fs::exists(candidate, ec)) continue;
    auto plugin = loadFile(candidate);
    if (plugin->name() != name)
      throw PluginLoadError("plugin " + quoted(candidate) + ": file is named for '" + name +
                            "' but the plugin calls itself '" + plugin->name() + "'");
    cache_[name] = plugin;
    return plugin;
  }
  std::vector<std::string> dirs;
  for (const auto& d : search_path_) dirs.push_back(d.string());
  std::string searched = "no " + file_name + " in " + detail::joinList(dirs);
  throw PluginNotFoundError("plugin '" + name + "' not found (" + searched +
                                "; add a folder with --plugin-dir or GLEAN_PLUGIN_PATH)",
                            searched);
}

std::vector<std::string> PluginLoader::availableNames() const {
  std::set<std::string> names;
  for (const auto& dir : search_path_) {
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
      if (isPluginFile(it->path())) names.insert(nameFromFile(it->path()));
  }
  return {names.begin(), names.end()};
}

std::vector<PluginListing> PluginLoader::listAll() {
  std::vector<PluginListing> out;
  std::set<std::string> seen;
  for (const auto& dir : search_path_) {
    std::error_code ec;
    std::vector<fs::path> files;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
      if (isPluginFile(it->path())) files.push_back(it->path());
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
      PluginListing listing;
      listing.path = file;
      listing.shadowed = !seen.insert(nameFromFile(file)).second;
      try {
        listing.plugin = loadFile(file);
      } catch (const PluginLoadError& e) {
        listing.error = e.what();
      }
      out.push_back(std::move(listing));
    }
  }
  return out;
}

}  // namespace glean
