// glean/core/include/glean/version.hpp - glean's version and the plugin API version
// SPDX-License-Identifier: Apache-2.0
#pragma once

// GLEAN_BUILD_ID expands spdlog's and libstdc++'s version macros, so they must be defined
// wherever it is used, whatever the including file included before.
#include <spdlog/version.h>

#include <version>

/// glean's own semantic version.
#define GLEAN_VERSION_STRING "0.1.0"

/// The plugin API version. Bump it on ANY change to GleanPluginInfo, to an SDK class layout or to
/// an SDK virtual function. A plugin built for another API version is refused before any of its
/// code runs.
#ifndef GLEAN_PLUGIN_API_VERSION
#define GLEAN_PLUGIN_API_VERSION 3
#endif

/// Turns a macro's value into a string literal: GLEAN_PP_STR(GLEAN_PLUGIN_API_VERSION) is "3".
#define GLEAN_PP_STR_(x) #x
#define GLEAN_PP_STR(x) GLEAN_PP_STR_(x)

/// Everything that must match before C++ objects (std::string, std::vector, vtables, spdlog
/// loggers) can cross the plugin boundary: the API version, the compiler, the standard library ABI,
/// spdlog's version and glean's own version. Compared as an exact string.
#define GLEAN_BUILD_ID                                                                             \
  "glean " GLEAN_VERSION_STRING " api " GLEAN_PP_STR(GLEAN_PLUGIN_API_VERSION) " gcc " __VERSION__ \
  " libstdc++ " GLEAN_PP_STR(_GLIBCXX_RELEASE) " cxx11abi " GLEAN_PP_STR(_GLIBCXX_USE_CXX11_ABI)    \
  " spdlog " GLEAN_PP_STR(SPDLOG_VER_MAJOR) "." GLEAN_PP_STR(SPDLOG_VER_MINOR)
