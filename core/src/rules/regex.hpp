// glean/core/src/rules/regex.hpp - Regex: one compiled PCRE2 pattern (UTF + UCP, JIT when possible)
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "rules/rule_file.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace glean::rules {

/// A pattern PCRE2 refused; `offset` is PCRE2's error offset in the compiled (expanded) text.
class RegexCompileError : public std::runtime_error {
 public:
  RegexCompileError(std::string message, std::size_t offset)
      : std::runtime_error(message), offset_(offset) {}
  std::size_t offset() const { return offset_; }

 private:
  std::size_t offset_;
};

enum class MatchStatus {
  Match,
  NoMatch,
  LimitExceeded,  ///< match, depth or heap limit, or the JIT stack: the pattern is too costly here
  Error,          ///< any other PCRE2 failure
};

/// A compiled PCRE2 pattern. Compiled with UTF, UCP and NEVER_BACKSLASH_C; matched with NOTEMPTY
/// (the engine makes no empty annotations) and without re-checking UTF-8 (the caller validates the
/// document once). Match data, the match context and the JIT stack are per thread, so one Regex is
/// shared read-only by all threads.
class Regex {
 public:
  /// Throws RegexCompileError. `flags` are RuleFlag bits.
  Regex(std::string_view pattern, unsigned flags, bool use_jit = true);
  ~Regex();
  Regex(Regex&&) noexcept;
  Regex& operator=(Regex&&) noexcept;

  /// False when JIT compilation failed and the interpreter runs the pattern.
  bool jitted() const;
  /// Why JIT compilation failed (empty when it did not).
  const std::string& jitError() const;
  /// The number of capturing groups.
  std::uint32_t captureCount() const;
  /// (name, group number) for each named group, in group order.
  std::vector<std::pair<std::string, std::uint32_t>> namedGroups() const;

  struct Result {
    MatchStatus status = MatchStatus::NoMatch;
    int code = 0;                          ///< PCRE2's return code
    const std::size_t* ovector = nullptr;  ///< pairs of offsets; valid until this thread's next match
    std::uint32_t pairs = 0;
  };

  /// Finds the leftmost match in `subject` that starts at or after `start` and at or before
  /// `last_start` (pass SIZE_MAX for no bound).
  Result match(std::string_view subject, std::size_t start, std::size_t last_start,
               const MatchLimits& limits) const;

  /// PCRE2's message for an error code.
  static std::string errorMessage(int code);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace glean::rules
