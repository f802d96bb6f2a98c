// glean/tools/glean/cmd_plugins.cpp - `glean plugins`: what is on the plugin path (gst-inspect)
// SPDX-License-Identifier: Apache-2.0
#include "cli.hpp"

#include "glean/json.hpp"

#include <algorithm>
#include <cstdio>
#include <string_view>

namespace glean::cli {
namespace {

std::string renderValue(const ParamValue& v) {
  struct Visitor {
    std::string operator()(const std::string& s) const { return "\"" + s + "\""; }
    std::string operator()(std::int64_t i) const { return std::to_string(i); }
    std::string operator()(double d) const { return toString(FeatureValue(d)); }
    std::string operator()(bool b) const { return b ? "true" : "false"; }
    std::string operator()(const std::vector<std::string>& list) const {
      std::string out = "[";
      for (const auto& s : list) out += (out.size() > 1 ? ", \"" : "\"") + s + "\"";
      return out + "]";
    }
  };
  return std::visit(Visitor{}, v);
}

void describe(const LoadedPlugin& plugin) {
  const GleanPluginInfo& info = plugin.info();
  const PluginDescription& d = plugin.description();
  std::printf("Plugin       %s\n", info.name);
  std::printf("Version      %s\n", info.version);
  std::printf("API version  %u\n", info.api_version);
  std::printf("File         %s\n", plugin.path().c_str());
  std::printf("Summary      %s\n", info.summary ? info.summary : "");
  if (!d.provides.empty()) {
    std::string s;
    for (const auto& t : d.provides) s += (s.empty() ? "" : ", ") + t;
    std::printf("Provides     %s\n", s.c_str());
  }
  if (!d.needs.empty()) {
    std::string s;
    for (const auto& t : d.needs) s += (s.empty() ? "" : ", ") + t;
    std::printf("Needs        %s\n", s.c_str());
  }
  if (!d.help.empty()) std::printf("\n%s\n", d.help.c_str());
  std::printf("\nParameters (%zu):\n", d.params.size());
  for (const auto& p : d.params) {
    std::printf("  %-20s %s", p.name.c_str(), paramTypeName(p.type));
    if (p.required) std::printf(", required");
    if (p.default_value) std::printf(", default %s", renderValue(*p.default_value).c_str());
    std::printf("\n");
    if (!p.choices.empty()) {
      std::string s;
      for (const auto& c : p.choices) s += (s.empty() ? "" : ", ") + c;
      std::printf("  %-20s one of: %s\n", "", s.c_str());
    }
    if (!p.help.empty()) std::printf("  %-20s %s\n", "", p.help.c_str());
  }
}

}  // namespace

int pluginsCommand(CliContext& ctx, ArgParser& args) {
  std::vector<std::string> names = args.positionals();
  PluginLoader loader = ctx.makePluginLoader();
  if (names.size() > 1) throw UsageError("takes at most one plugin name");
  if (names.size() == 1) {
    describe(*loader.load(names[0]));  // PluginLoadError reaches main: exit 2
    return kExitOk;
  }
  auto listing = loader.listAll();
  int status = kExitOk;
  // The name column is as wide as the longest name, so long plugin names keep the columns aligned.
  int name_width = 14;
  for (const auto& item : listing) {
    const std::string name = item.plugin ? std::string(item.plugin->info().name) : item.path.stem().string();
    name_width = std::max(name_width, static_cast<int>(name.size()));
  }
  const int summary_indent = name_width + 1 + 8 + 1 + 4;  // under FILE / SUMMARY
  std::printf("%-*s %-8s %-4s %s\n", name_width, "PLUGIN", "VERSION", "API", "FILE / SUMMARY");
  for (const auto& item : listing) {
    if (!item.plugin) {
      std::printf("%-*s %-8s %-4s %s\n  error: %s\n", name_width, item.path.stem().c_str(), "-", "-",
                  item.path.c_str(), item.error.c_str());
      status = kExitFailures;
      continue;
    }
    const GleanPluginInfo& info = item.plugin->info();
    std::printf("%-*s %-8s %-4u %s%s\n", name_width, info.name, info.version, info.api_version,
                item.path.c_str(), item.shadowed ? "  (shadowed by an earlier one)" : "");
    std::printf("%-*s %s\n", summary_indent, "", info.summary ? info.summary : "");
  }
  std::string dirs;
  for (const auto& d : loader.searchPath()) {
    if (!dirs.empty()) dirs += ':';
    dirs += d.string();
  }
  std::printf("\nsearch path: %s\n", dirs.c_str());
  return status;
}

}  // namespace glean::cli
