// glean/core/include/glean/params.hpp - a plugin's parameter schema and the values a pipeline gave
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace glean {

/// The type of a stage parameter, as checked by the pipeline loader.
enum class ParamType {
  String,      ///< text
  Integer,     ///< 64-bit integer
  Float,       ///< number (an integer is accepted too)
  Boolean,     ///< true / false
  Path,        ///< an existing input file or folder, relative to the pipeline file
  OutputPath,  ///< a file or folder written under the run's output folder
  StringList,  ///< array of text
  PathList,    ///< array of existing input files, each relative to the pipeline file
};

/// The name of a type as users see it in `glean plugins` and in error messages.
inline const char* paramTypeName(ParamType t) {
  switch (t) {
    case ParamType::String: return "string";
    case ParamType::Integer: return "integer";
    case ParamType::Float: return "float";
    case ParamType::Boolean: return "boolean";
    case ParamType::Path: return "path";
    case ParamType::OutputPath: return "output path";
    case ParamType::StringList: return "list of strings";
    case ParamType::PathList: return "list of paths";
  }
  return "?";
}

/// A parameter value. Paths are strings: Path and PathList values arrive absolute (resolved against
/// the pipeline file and checked to exist); OutputPath values arrive as written, relative to the
/// run's output folder (RunContext::outputPath resolves them).
using ParamValue = std::variant<std::string, std::int64_t, double, bool, std::vector<std::string>>;

/// One parameter a plugin accepts. Built fluently:
///   ParamSpec("file", ParamType::OutputPath, "output file").byDefault("documents.jsonl")
///   ParamSpec("rules", ParamType::Path, "the rule file").require()
struct ParamSpec {
  std::string name;                         ///< the key in the pipeline's [[stage]] table
  ParamType type = ParamType::String;       ///< what the pipeline loader checks the value against
  std::optional<ParamValue> default_value;  ///< used when the pipeline does not set it
  std::string help;                         ///< one line for `glean plugins NAME`
  bool required = false;                    ///< a pipeline that leaves it out is refused
  std::vector<std::string> choices;  ///< allowed values of a String parameter (empty: any)

  ParamSpec() = default;
  /// A parameter without default, not required: Params::has() tells whether it was set.
  ParamSpec(std::string name_, ParamType type_, std::string help_)
      : name(std::move(name_)), type(type_), help(std::move(help_)) {}

  /// Gives the parameter a default value, of the C++ type its ParamType reads as (std::int64_t
  /// for Integer, std::vector<std::string> for lists, a string for paths).
  ParamSpec&& byDefault(ParamValue value) && {
    default_value = std::move(value);
    return std::move(*this);
  }
  /// A string default (so that a literal does not become a bool).
  ParamSpec&& byDefault(const char* value) && { return std::move(*this).byDefault(std::string(value)); }
  /// Exact overloads, so that a zero is never taken for a null `const char*`.
  ParamSpec&& byDefault(std::int64_t value) && { return std::move(*this).byDefault(ParamValue(value)); }
  ParamSpec&& byDefault(int value) && { return std::move(*this).byDefault(ParamValue(std::int64_t{value})); }
  ParamSpec&& byDefault(double value) && { return std::move(*this).byDefault(ParamValue(value)); }
  ParamSpec&& byDefault(bool value) && { return std::move(*this).byDefault(ParamValue(value)); }
  /// Makes the parameter required.
  ParamSpec&& require() && {
    required = true;
    return std::move(*this);
  }
  /// Restricts a String parameter to these values; others are refused with the list.
  ParamSpec&& oneOf(std::vector<std::string> allowed) && {
    choices = std::move(allowed);
    return std::move(*this);
  }
};

/// What a plugin tells `glean plugins` and the pipeline loader about itself.
struct PluginDescription {
  std::string help;                  ///< a paragraph: what the stage does
  std::vector<ParamSpec> params;     ///< every parameter it accepts
  std::vector<std::string> provides; ///< annotation types it may add (informative)
  std::vector<std::string> needs;    ///< annotation types it reads (informative)
};

/// The parameter values of one stage, validated against its schema with defaults filled in.
///
/// The getters throw std::logic_error for a parameter that is not set or has another type: the
/// schema guarantees both, so such an error is a bug in the plugin, not in the pipeline.
class Params {
 public:
  /// Sets a value (the pipeline loader does this; tests may too).
  void set(std::string name, ParamValue value) { values_[std::move(name)] = std::move(value); }

  /// True when the pipeline set the parameter or the schema gives it a default.
  bool has(std::string_view name) const { return values_.find(name) != values_.end(); }

  /// A String, Path or OutputPath parameter.
  const std::string& str(std::string_view name) const { return get<std::string>(name); }
  /// An Integer parameter.
  std::int64_t integer(std::string_view name) const { return get<std::int64_t>(name); }
  /// A Float parameter (an integer value is converted).
  double number(std::string_view name) const {
    const ParamValue& v = at(name);
    if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
    return get<double>(name);
  }
  /// A Boolean parameter.
  bool boolean(std::string_view name) const { return get<bool>(name); }
  /// A StringList or PathList parameter.
  const std::vector<std::string>& list(std::string_view name) const {
    return get<std::vector<std::string>>(name);
  }
  /// A Path parameter (absolute, and the file exists) or an OutputPath one (as written).
  std::filesystem::path path(std::string_view name) const { return str(name); }

  /// `str(name)` when set, else `fallback`.
  std::string strOr(std::string_view name, std::string fallback) const {
    return has(name) ? str(name) : fallback;
  }

  /// Every value, by name.
  const std::map<std::string, ParamValue, std::less<>>& values() const { return values_; }

 private:
  const ParamValue& at(std::string_view name) const {
    auto it = values_.find(name);
    if (it == values_.end())
      throw std::logic_error("parameter '" + std::string(name) + "' is not set");
    return it->second;
  }
  template <typename T>
  const T& get(std::string_view name) const {
    const T* v = std::get_if<T>(&at(name));
    if (v == nullptr)
      throw std::logic_error("parameter '" + std::string(name) + "' has another type");
    return *v;
  }
  std::map<std::string, ParamValue, std::less<>> values_;
};

}  // namespace glean
