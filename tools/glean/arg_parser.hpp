// glean/tools/glean/arg_parser.hpp - a small command-line option parser
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <initializer_list>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace glean::cli {

/// A usage error: printed with the command's usage line, exit code 2.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Takes options out of an argument list one kind at a time; what remains are positionals.
/// Options may come anywhere; "--" ends options; a lone "-" is a positional (stdin).
class ArgParser {
 public:
  explicit ArgParser(std::vector<std::string> args) : args_(std::move(args)) {}

  /// True (and removed) when any of `names` is present, e.g. {"-q", "--quiet"}.
  bool flag(std::initializer_list<std::string_view> names);
  /// How many times any of `names` appears (e.g. -v -v); all are removed.
  int count(std::initializer_list<std::string_view> names);
  /// The value of `--name VALUE`, `--name=VALUE` or `-xVALUE` (last one wins), removed.
  std::optional<std::string> value(std::initializer_list<std::string_view> names);
  /// Every value of a repeatable option, in order, removed.
  std::vector<std::string> values(std::initializer_list<std::string_view> names);
  /// An integer option; UsageError when it is not a number.
  std::optional<long long> integer(std::initializer_list<std::string_view> names);

  /// Removes and returns the first argument that is not an option (the command name).
  std::optional<std::string> takeFirstPositional();

  /// The remaining arguments; UsageError if any still looks like an option.
  std::vector<std::string> positionals();

 private:
  std::vector<std::string> args_;
};

}  // namespace glean::cli
