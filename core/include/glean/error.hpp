// glean/core/include/glean/error.hpp - the error types that cross the plugin boundary
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <boost/config.hpp>

#include <cstddef>
#include <stdexcept>
#include <string>
#include <utility>

namespace glean {

/// A position in a configuration file (1-based line and column; 0 when unknown).
struct SourceLocation {
  std::string file;  ///< as the user should see it (usually as given on the command line)
  int line = 0;      ///< 1-based; 0 when unknown
  int column = 0;    ///< 1-based, in bytes; 0 when unknown

  /// "file:line:col", "file:line" or "file", whichever parts are known.
  std::string str() const {
    std::string out = file;
    if (line > 0) {
      out += ':' + std::to_string(line);
      if (column > 0) out += ':' + std::to_string(column);
    }
    return out;
  }
};

/// A located error in a pipeline, rule or data file: renders as "file:line:col: error: message".
class BOOST_SYMBOL_VISIBLE ConfigError : public std::runtime_error {
 public:
  /// `message` without the location prefix: lowercase, no final period, user input in '...'.
  ConfigError(SourceLocation where, std::string message)
      : std::runtime_error(render(where, message)), where_(std::move(where)),
        message_(std::move(message)) {}

  /// Where the error is.
  const SourceLocation& where() const noexcept { return where_; }
  /// The message without the location prefix.
  const std::string& message() const noexcept { return message_; }

 private:
  static std::string render(const SourceLocation& where, const std::string& message) {
    std::string loc = where.str();
    return loc.empty() ? "error: " + message : loc + ": error: " + message;
  }
  SourceLocation where_;
  std::string message_;
};

/// Thrown by a plugin's constructor for a configuration it cannot accept. When `param` names one of
/// its parameters, glean points the message at that key in the pipeline file, else at the stage.
class BOOST_SYMBOL_VISIBLE StageError : public std::runtime_error {
 public:
  /// `message`: lowercase, no final period, naming the expected and the actual value.
  explicit StageError(const std::string& message, std::string param = {})
      : std::runtime_error(message), param_(std::move(param)) {}
  /// The parameter at fault, or empty.
  const std::string& param() const noexcept { return param_; }

 private:
  std::string param_;
};

/// Thrown by Stage::process when a document cannot be processed at all. The document goes to the
/// error report (errors.jsonl) instead of the output; the run goes on with the other documents.
class BOOST_SYMBOL_VISIBLE DocumentError : public std::runtime_error {
 public:
  /// The offset() of an error not tied to one place in the text.
  static constexpr std::size_t kNoOffset = static_cast<std::size_t>(-1);
  /// `message`: one line saying what is wrong with this document.
  explicit DocumentError(const std::string& message, std::size_t offset = kNoOffset)
      : std::runtime_error(message), offset_(offset) {}
  /// Byte offset in the document the error is about, or kNoOffset.
  std::size_t offset() const noexcept { return offset_; }

 private:
  std::size_t offset_;
};

}  // namespace glean
