// not the file header
// SPDX-License-Identifier: Apache-2.0
#pragma once

/// This fixture breaks every rule check_headers.cmake enforces, each on a known line.
#include <toml++/toml.h>
#include <pcre2.h>

namespace glean {

// an ordinary comment is not documentation
struct Undocumented {
  int x = 0;
  toml::table t;
};

}  // namespace glean
