// glean/tools/glean/cmd_new_plugin.cpp - `glean new-plugin`: a new plugin project from the template
// SPDX-License-Identifier: Apache-2.0
#include "cli.hpp"
#include "plugin_template.hpp"

#include "glean/version.hpp"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <optional>
#include <system_error>

// Set by tools/glean/CMakeLists.txt: where the CMake package is, relative to the install prefix,
// and the prefix relative to the executable's folder.
#ifndef GLEAN_PREFIX_FROM_BIN
#define GLEAN_PREFIX_FROM_BIN ".."
#endif
#ifndef GLEAN_CMAKE_PACKAGE_DIR
#define GLEAN_CMAKE_PACKAGE_DIR "lib/cmake/glean"
#endif

namespace glean::cli {
namespace fs = std::filesystem;

bool isValidPluginName(std::string_view name) {
  if (name.empty() || name[0] < 'a' || name[0] > 'z') return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

TemplateValues templateValues(const std::string& name) {
  TemplateValues v;
  v.name = name;
  v.ident = name;
  std::replace(v.ident.begin(), v.ident.end(), '-', '_');
  bool word_start = true;
  for (char c : name) {
    if (c == '-' || c == '_') {
      word_start = true;
      continue;
    }
    v.klass += word_start && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
    word_start = false;
  }
  return v;
}

std::string expandTemplate(std::string_view text, const TemplateValues& values) {
  const std::string version = GLEAN_VERSION_STRING;
  const std::pair<std::string_view, std::string> tokens[] = {
      {"@name@", values.name},
      {"@ident@", values.ident},
      {"@Class@", values.klass},
      {"@version@", version},
      {"@version_major_minor@", version.substr(0, version.rfind('.'))},
      {"@api@", GLEAN_PP_STR(GLEAN_PLUGIN_API_VERSION)},
  };
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    bool replaced = false;
    if (text[i] == '@') {
      for (const auto& [token, value] : tokens) {
        if (text.compare(i, token.size(), token) == 0) {
          out += value;
          i += token.size();
          replaced = true;
          break;
        }
      }
    }
    if (!replaced) out.push_back(text[i++]);
  }
  return out;
}

namespace {

/// The prefix glean runs from, when it holds glean's CMake package (an installed glean).
std::optional<fs::path> installedPrefix() {
  std::optional<fs::path> bin = programDir();
  if (!bin) return std::nullopt;
  fs::path prefix = (*bin / GLEAN_PREFIX_FROM_BIN).lexically_normal();
  std::error_code ec;
  if (!prefix.has_filename()) prefix = prefix.parent_path();  // "/opt/glean/" -> "/opt/glean"
  if (!fs::exists(prefix / GLEAN_CMAKE_PACKAGE_DIR / "gleanConfig.cmake", ec)) return std::nullopt;
  return prefix;
}

std::string quoteForShell(const std::string& s) {
  if (s.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./=") ==
      std::string::npos)
    return s;
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

int newPluginCommand(CliContext& ctx, ArgParser& args) {
  std::vector<std::string> positional = args.positionals();
  if (positional.empty() || positional.size() > 2)
    throw UsageError("needs a plugin name, and optionally the folder to create");
  const std::string& name = positional[0];
  if (!isValidPluginName(name))
    throw UsageError("plugin name '" + name +
                     "' must start with a lowercase letter and hold only lowercase letters, "
                     "digits, '-' and '_'");
  fs::path dir = positional.size() == 2 ? fs::path(positional[1]) : fs::path(name);
  std::error_code ec;
  if (fs::exists(dir, ec) && !(fs::is_directory(dir, ec) && fs::is_empty(dir, ec)))
    throw UsageError("'" + dir.string() + "' exists and is not an empty folder; name another one");

  auto on_path = ctx.makePluginLoader().availableNames();
  if (std::find(on_path.begin(), on_path.end(), name) != on_path.end())
    ctx.logger->warn("a plugin named '{}' is already on the plugin path (see 'glean plugins'); "
                     "pipelines get whichever comes first on the path",
                     name);

  const TemplateValues values = templateValues(name);
  std::vector<std::string> written;
  for (const TemplateFile& file : pluginTemplateFiles()) {
    std::string relative = expandTemplate(file.path, values);
    fs::path target = dir / relative;
    fs::create_directories(target.parent_path(), ec);
    std::ofstream out(target, std::ios::binary);
    std::string content = expandTemplate(file.content, values);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.close();
    if (!out)
      throw std::runtime_error("cannot write '" + target.string() + "'");
    written.push_back(relative);
  }

  std::printf("created plugin '%s' in %s/:\n", name.c_str(), dir.string().c_str());
  for (const auto& f : written) std::printf("  %s\n", f.c_str());
  std::optional<fs::path> prefix = installedPrefix();
  std::string prefix_arg =
      prefix ? " -DCMAKE_PREFIX_PATH=" + quoteForShell(prefix->string()) : " -DCMAKE_PREFIX_PATH=PREFIX";
  std::printf(
      "\nbuild it, test it and run it:\n"
      "  cd %s\n"
      "  cmake -S . -B build -G Ninja%s\n"
      "  cmake --build build\n"
      "  ctest --test-dir build --output-on-failure\n"
      "  glean --plugin-dir build run pipeline.toml sample.txt -o out\n",
      quoteForShell(dir.string()).c_str(), prefix_arg.c_str());
  if (!prefix)
    std::printf(
        "\n(this glean is not an installed one: install glean with 'cmake --install BUILD "
        "--prefix PREFIX' and build the plugin against that PREFIX)\n");
  return kExitOk;
}

}  // namespace glean::cli
