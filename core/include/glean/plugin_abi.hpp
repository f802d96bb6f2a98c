// glean/core/include/glean/plugin_abi.hpp - the plugin entry point and the macro that exports it
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "glean/params.hpp"
#include "glean/stage.hpp"
#include "glean/version.hpp"

#include <boost/config.hpp>
#include <boost/dll/alias.hpp>

#include <cstdint>

namespace glean {
struct PluginDescription;
class Stage;
struct StageArgs;
}  // namespace glean

/// The descriptor every plugin exports. Field order is frozen: only append, and bump
/// GLEAN_PLUGIN_API_VERSION when anything here or in an SDK class changes.
extern "C" struct GleanPluginInfo {
  std::uint32_t api_version;  ///< always first: GLEAN_PLUGIN_API_VERSION at build time
  std::uint32_t info_size;    ///< sizeof(GleanPluginInfo) at build time
  const char* name;           ///< the name pipelines use (`use = "name"`)
  const char* version;        ///< the plugin's own semantic version
  const char* build_id;       ///< GLEAN_BUILD_ID at build time; must equal the host's
  const char* summary;        ///< one line for `glean plugins`
  void (*describe)(glean::PluginDescription& out);
  glean::Stage* (*create)(const glean::StageArgs& args);  ///< may throw StageError / ConfigError
  void (*destroy)(glean::Stage* stage) noexcept;
};

/// The exported entry point returns the descriptor.
using GleanPluginEntry = const GleanPluginInfo*();

/// Pastes two tokens together after expanding them (for GLEAN_PLUGIN_ENTRY_SYMBOL).
#define GLEAN_PP_CAT_(a, b) a##b
#define GLEAN_PP_CAT(a, b) GLEAN_PP_CAT_(a, b)
/// The entry point's symbol carries the API version (glean_plugin_info_v3 for API 3), so the host can read the
/// version from the ELF section "glean" without loading the library.
#define GLEAN_PLUGIN_ENTRY_SYMBOL GLEAN_PP_CAT(glean_plugin_info_v, GLEAN_PLUGIN_API_VERSION)

/// Exports `fn` (a `const GleanPluginInfo* fn() noexcept`) as the plugin's entry point.
#define GLEAN_DECLARE_PLUGIN(fn) BOOST_DLL_ALIAS_SECTIONED(fn, GLEAN_PLUGIN_ENTRY_SYMBOL, glean)

/// Defines a complete plugin around a Stage subclass `StageClass` that has a constructor taking
/// `const glean::StageArgs&` and a `static void describe(glean::PluginDescription&)`.
/// Use once per plugin, at namespace scope, outside any namespace.
#define GLEAN_DEFINE_PLUGIN(StageClass, plugin_name, plugin_version, plugin_summary)               \
  namespace glean_plugin_entry_ {                                                                  \
  glean::Stage* create(const glean::StageArgs& args) { return new StageClass(args); }              \
  void destroy(glean::Stage* stage) noexcept { delete stage; }                                     \
  const GleanPluginInfo* entry() noexcept {                                                        \
    static const GleanPluginInfo info{GLEAN_PLUGIN_API_VERSION,                                    \
                                      sizeof(GleanPluginInfo),                                     \
                                      plugin_name,                                                 \
                                      plugin_version,                                              \
                                      GLEAN_BUILD_ID,                                              \
                                      plugin_summary,                                              \
                                      &StageClass::describe,                                       \
                                      &create,                                                     \
                                      &destroy};                                                   \
    return &info;                                                                                  \
  }                                                                                                \
  }                                                                                                \
  GLEAN_DECLARE_PLUGIN(glean_plugin_entry_::entry)
