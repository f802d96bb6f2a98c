// glean/tools/glean/bundled.cpp - where the pipelines and rules shipped with glean are
// SPDX-License-Identifier: Apache-2.0
#include "cli.hpp"

#include <boost/dll/runtime_symbol_info.hpp>

#include <set>
#include <system_error>

// Both are set by tools/glean/CMakeLists.txt from CMAKE_INSTALL_PREFIX and GNUInstallDirs.
#ifndef GLEAN_DATA_DIR_FROM_BIN
#define GLEAN_DATA_DIR_FROM_BIN "../share/glean"
#endif
#ifndef GLEAN_INSTALL_DATA_DIR
#define GLEAN_INSTALL_DATA_DIR "/usr/local/share/glean"
#endif

namespace glean::cli {
namespace fs = std::filesystem;

std::optional<fs::path> programDir() {
  std::error_code ec;
  fs::path exe = boost::dll::program_location(ec);
  if (ec) return std::nullopt;
  return exe.parent_path();
}

std::vector<fs::path> bundledDataDirs() {
  std::vector<fs::path> out;
  if (auto bin = programDir()) out.push_back((*bin / GLEAN_DATA_DIR_FROM_BIN).lexically_normal());
  fs::path installed = fs::path(GLEAN_INSTALL_DATA_DIR).lexically_normal();
  if (out.empty() || out.front() != installed) out.push_back(installed);
  return out;
}

fs::path findPipeline(const std::string& arg) {
  std::error_code ec;
  fs::path given(arg);
  // A path that exists, or that names a folder, is the user's file (or the user's mistake).
  if (fs::exists(given, ec) || arg.find('/') != std::string::npos || arg.empty()) return given;
  std::string file = given.extension() == ".toml" ? arg : arg + ".toml";
  for (const auto& dir : bundledDataDirs()) {
    fs::path candidate = dir / "pipelines" / file;
    if (fs::is_regular_file(candidate, ec)) return candidate;
  }
  return given;
}

std::vector<std::string> bundledPipelineNames() {
  std::set<std::string> names;
  for (const auto& dir : bundledDataDirs()) {
    std::error_code ec;
    for (fs::directory_iterator it(dir / "pipelines", ec), end; !ec && it != end; it.increment(ec))
      if (it->path().extension() == ".toml") names.insert(it->path().stem().string());
  }
  return {names.begin(), names.end()};
}

}  // namespace glean::cli
