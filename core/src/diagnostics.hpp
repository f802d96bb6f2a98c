// glean/core/src/diagnostics.hpp - helpers for error messages: suggestions and lists
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "glean/error.hpp"

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace glean::detail {

/// The candidate closest to `word` (case-insensitive edit distance), or "" when none is close
/// enough to be a plausible misspelling.
std::string closestMatch(std::string_view word, const std::vector<std::string>& candidates);

/// "; did you mean 'x'?" or "" (ready to append to a message).
std::string didYouMean(std::string_view word, const std::vector<std::string>& candidates);

/// "a, b, c" (each quoted when `quote`).
std::string joinList(const std::vector<std::string>& items, bool quote = false);

/// Several located errors found in one pass over a file; what() lists them all, one a line.
class ConfigErrors : public std::runtime_error {
 public:
  explicit ConfigErrors(std::vector<ConfigError> errors);
  const std::vector<ConfigError>& errors() const noexcept { return errors_; }

 private:
  std::vector<ConfigError> errors_;
};

}  // namespace glean::detail
