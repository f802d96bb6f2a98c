// glean/core/src/pipeline.cpp - loads a pipeline file (TOML) into configured stages
// SPDX-License-Identifier: Apache-2.0
#include "pipeline.hpp"

#include "diagnostics.hpp"

#include <toml++/toml.h>

#include <fstream>
#include <set>
#include <sstream>

namespace glean {
namespace fs = std::filesystem;

namespace {

const std::vector<std::string> kTopKeys = {"pipeline", "stage"};
const std::vector<std::string> kPipelineKeys = {"name", "description"};
const std::vector<std::string> kStageKeys = {"use", "name"};  // plus the plugin's parameters

SourceLocation locate(const fs::path& file, const toml::source_region& region) {
  return SourceLocation{file.string(), static_cast<int>(region.begin.line),
                        static_cast<int>(region.begin.column)};
}

const char* tomlTypeName(toml::node_type t) {
  switch (t) {
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a float";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::array: return "an array";
    case toml::node_type::table: return "a table";
    case toml::node_type::date: return "a date";
    case toml::node_type::time: return "a time";
    case toml::node_type::date_time: return "a date-time";
    default: return "nothing";
  }
}

/// Turns a pipeline file into Pipeline, collecting every error instead of stopping at the first.
class PipelineLoader {
 public:
  PipelineLoader(const fs::path& file, PluginLoader& plugins, HostServices& host,
                 std::shared_ptr<spdlog::logger> logger)
      : file_(file), dir_(file.parent_path()), plugins_(plugins), host_(host),
        logger_(std::move(logger)) {}

  Pipeline load() {
    toml::table root = parse();
    Pipeline pipeline;
    pipeline.file = file_;
    pipeline.name = file_.stem().string();
    for (auto&& [key, node] : root) {
      std::string k(key.str());
      if (k == "pipeline") {
        readHeader(node, pipeline);
      } else if (k != "stage") {
        error(locate(file_, key.source()),
              "unknown key '" + k + "' at the top level (allowed: " +
                  detail::joinList(kTopKeys) + ")" + detail::didYouMean(k, kTopKeys));
      }
    }
    const toml::node* stages = root.get("stage");
    if (stages == nullptr) {
      error(SourceLocation{file_.string(), 1, 1},
            "pipeline has no stages (add a [[stage]] table with use = \"<plugin>\")");
    } else if (const toml::array* array = stages->as_array();
               array == nullptr || !array->is_array_of_tables()) {
      error(locate(file_, stages->source()),
            "'stage' must be an array of tables ([[stage]]), got " + std::string(tomlTypeName(stages->type())));
    } else {
      for (const toml::node& element : *array) readStage(*element.as_table(), pipeline);
    }
    if (errors_.empty()) checkNeeds(pipeline);
    if (!errors_.empty()) throw detail::ConfigErrors(std::move(errors_));
    return pipeline;
  }

 private:
  toml::table parse() {
    std::ifstream in(file_, std::ios::binary);
    if (!in) throw detail::ConfigErrors({ConfigError({file_.string()}, "cannot read pipeline file (no such file or not readable)")});
    std::ostringstream content;
    content << in.rdbuf();
    try {
      return toml::parse(std::string_view{content.str()}, file_.string());
    } catch (const toml::parse_error& e) {
      throw detail::ConfigErrors({ConfigError(locate(file_, e.source()), std::string(e.description()))});
    }
  }

  void error(SourceLocation where, std::string message) {
    errors_.emplace_back(std::move(where), std::move(message));
  }

  void readHeader(const toml::node& node, Pipeline& pipeline) {
    const toml::table* table = node.as_table();
    if (table == nullptr) {
      error(locate(file_, node.source()), "'pipeline' must be a table, got " + std::string(tomlTypeName(node.type())));
      return;
    }
    for (auto&& [key, value] : *table) {
      std::string k(key.str());
      if (k != "name" && k != "description") {
        error(locate(file_, key.source()), "unknown key '" + k + "' in [pipeline] (allowed: " +
                                               detail::joinList(kPipelineKeys) + ")" +
                                               detail::didYouMean(k, kPipelineKeys));
        continue;
      }
      if (!value.is_string()) {
        error(locate(file_, value.source()), "'" + k + "' must be a string, got " + tomlTypeName(value.type()));
        continue;
      }
      (k == "name" ? pipeline.name : pipeline.description) = value.as_string()->get();
    }
  }

  void readStage(const toml::table& table, Pipeline& pipeline) {
    SourceLocation where = locate(file_, table.source());
    const toml::node* use = table.get("use");
    if (use == nullptr) {
      error(where, "[[stage]] has no 'use' key (the plugin to run, e.g. use = \"jsonl\")");
      return;
    }
    if (!use->is_string()) {
      error(locate(file_, use->source()), "'use' must be a string naming a plugin, got " + std::string(tomlTypeName(use->type())));
      return;
    }
    PipelineStage stage;
    stage.plugin = use->as_string()->get();
    stage.where = locate(file_, use->source());
    stage.name = stage.plugin;
    if (const toml::node* name = table.get("name")) {
      if (!name->is_string()) {
        error(locate(file_, name->source()), "'name' must be a string, got " + std::string(tomlTypeName(name->type())));
      } else {
        stage.name = name->as_string()->get();
      }
    }
    if (!stage_names_.insert(stage.name).second) {
      error(stage.where, "two stages are named '" + stage.name +
                             "'; give one of them another name (name = \"...\")");
      return;
    }

    try {
      stage.library = plugins_.load(stage.plugin);
    } catch (const PluginNotFoundError& e) {
      error(stage.where, "unknown plugin '" + stage.plugin + "'" +
                             detail::didYouMean(stage.plugin, plugins_.availableNames()) + " (" +
                             e.searched() + ")");
      return;
    } catch (const PluginLoadError& e) {
      error(stage.where, e.what());
      return;
    }

    logPluginOrigin(stage);

    const PluginDescription& schema = stage.library->description();
    StageArgs args;
    args.name = stage.name;
    args.host = &host_;
    args.pipeline_dir = dir_;
    args.logger = logger_->clone("glean." + stage.name);
    if (!readParams(table, stage, schema, args.params)) return;

    try {
      stage.stage = stage.library->create(args);
    } catch (const ConfigError& e) {
      errors_.push_back(e);  // already located (a rule file, a gazetteer)
      return;
    } catch (const detail::ConfigErrors& e) {
      for (const auto& one : e.errors()) errors_.push_back(one);
      return;
    } catch (const StageError& e) {
      SourceLocation at = stage.where;
      if (!e.param().empty())
        if (const toml::node* value = table.get(e.param())) at = locate(file_, value->source());
      error(at, "stage '" + stage.name + "': " + e.what());
      return;
    } catch (const std::exception& e) {
      error(stage.where, "stage '" + stage.name + "' (plugin '" + stage.plugin +
                             "') failed to start: " + e.what());
      return;
    }
    pipeline.stages.push_back(std::move(stage));
  }

  /// Says where a stage's plugin came from: in the log at info level when it is not one of glean's
  /// own (a --plugin-dir or $GLEAN_PLUGIN_PATH folder, or a link to elsewhere), else at debug.
  void logPluginOrigin(const PipelineStage& stage) {
    const fs::path& file = stage.library->path();
    std::error_code ec;
    fs::path real = fs::canonical(file, ec);
    if (ec) real = file;
    bool bundled = false;
    for (const fs::path& dir : PluginLoader::bundledDirs()) {
      fs::path canonical_dir = fs::weakly_canonical(dir, ec);
      if (!ec && real.parent_path() == canonical_dir) bundled = true;
    }
    std::string shown = file.string();
    if (fs::is_symlink(file, ec)) shown += " (a link to " + real.string() + ")";
    const char* version = stage.library->info().version;
    logger_->log(bundled ? spdlog::level::debug : spdlog::level::info,
                 "stage '{}': plugin '{}' {} from {}{}", stage.name, stage.plugin,
                 version != nullptr ? version : "(no version)", shown,
                 bundled ? "" : ", outside glean's own plugin folder");
  }

  /// Validates the stage table's parameters against the plugin's schema; true when all are fine.
  bool readParams(const toml::table& table, const PipelineStage& stage,
                  const PluginDescription& schema, Params& params) {
    std::size_t errors_before = errors_.size();
    std::vector<std::string> allowed = kStageKeys;
    for (const auto& spec : schema.params) allowed.push_back(spec.name);

    for (auto&& [key, value] : table) {
      std::string k(key.str());
      if (k == "use" || k == "name") continue;
      const ParamSpec* spec = nullptr;
      for (const auto& s : schema.params)
        if (s.name == k) spec = &s;
      if (spec == nullptr) {
        error(locate(file_, key.source()),
              "unknown key '" + k + "' for plugin '" + stage.plugin + "' (allowed: " +
                  detail::joinList(allowed) + ")" + detail::didYouMean(k, allowed));
        continue;
      }
      readParam(*spec, value, stage, params);
    }
    for (const auto& spec : schema.params) {
      if (params.has(spec.name)) continue;
      if (spec.default_value) {
        params.set(spec.name, *spec.default_value);
      } else if (spec.required) {
        error(stage.where, "stage '" + stage.name + "': missing required parameter '" +
                               spec.name + "' (" + paramTypeName(spec.type) + ": " + spec.help + ")");
      }
    }
    return errors_.size() == errors_before;
  }

  void readParam(const ParamSpec& spec, const toml::node& value, const PipelineStage& stage,
                 Params& params) {
    SourceLocation at = locate(file_, value.source());
    auto wrongType = [&] {
      error(at, "parameter '" + spec.name + "' of stage '" + stage.name + "' must be " +
                    (spec.type == ParamType::Integer ? "an integer"
                     : spec.type == ParamType::Float ? "a number"
                     : spec.type == ParamType::Boolean ? "a boolean"
                     : (spec.type == ParamType::StringList || spec.type == ParamType::PathList)
                         ? "an array of strings"
                         : "a string") +
                    ", got " + tomlTypeName(value.type()));
    };
    switch (spec.type) {
      case ParamType::String:
      case ParamType::OutputPath: {
        if (!value.is_string()) return wrongType();
        std::string s = value.as_string()->get();
        if (!spec.choices.empty() &&
            std::find(spec.choices.begin(), spec.choices.end(), s) == spec.choices.end()) {
          error(at, "parameter '" + spec.name + "' of stage '" + stage.name + "': '" + s +
                        "' is not one of " + detail::joinList(spec.choices, true) +
                        detail::didYouMean(s, spec.choices));
          return;
        }
        params.set(spec.name, s);
        return;
      }
      case ParamType::Path: {
        if (!value.is_string()) return wrongType();
        if (auto p = resolveInput(value.as_string()->get(), spec, stage, at)) params.set(spec.name, *p);
        return;
      }
      case ParamType::Integer:
        if (!value.is_integer()) return wrongType();
        params.set(spec.name, value.as_integer()->get());
        return;
      case ParamType::Float:
        if (value.is_integer()) {
          params.set(spec.name, static_cast<double>(value.as_integer()->get()));
        } else if (value.is_floating_point()) {
          params.set(spec.name, value.as_floating_point()->get());
        } else {
          wrongType();
        }
        return;
      case ParamType::Boolean:
        if (!value.is_boolean()) return wrongType();
        params.set(spec.name, value.as_boolean()->get());
        return;
      case ParamType::StringList:
      case ParamType::PathList: {
        std::vector<std::string> items;
        std::vector<const toml::node*> nodes;
        if (value.is_string()) {
          nodes.push_back(&value);  // a single string is a one-element list
        } else if (const toml::array* array = value.as_array()) {
          for (const toml::node& item : *array) nodes.push_back(&item);
        } else {
          return wrongType();
        }
        for (const toml::node* item : nodes) {
          if (!item->is_string()) {
            error(locate(file_, item->source()), "parameter '" + spec.name + "' of stage '" +
                                                     stage.name + "' must hold strings, got " +
                                                     tomlTypeName(item->type()));
            return;
          }
          std::string s = item->as_string()->get();
          if (spec.type == ParamType::PathList) {
            auto p = resolveInput(s, spec, stage, locate(file_, item->source()));
            if (!p) return;
            s = *p;
          }
          items.push_back(std::move(s));
        }
        params.set(spec.name, std::move(items));
        return;
      }
    }
  }

  std::optional<std::string> resolveInput(const std::string& value, const ParamSpec& spec,
                                          const PipelineStage& stage, const SourceLocation& at) {
    fs::path p(value);
    if (p.is_relative()) p = dir_ / p;
    p = p.lexically_normal();
    std::error_code ec;
    if (!fs::exists(p, ec)) {
      error(at, "parameter '" + spec.name + "' of stage '" + stage.name + "': file '" + value +
                    "' not found (looked for '" + p.string() + "'; relative paths start at the pipeline's folder)");
      return std::nullopt;
    }
    return p.string();
  }

  void checkNeeds(const Pipeline& pipeline) {
    std::vector<std::string> provided;
    for (const auto& stage : pipeline.stages) {
      for (const auto& need : stage.stage->needs()) {
        if (std::find(provided.begin(), provided.end(), need) != provided.end()) continue;
        error(stage.where, "stage '" + stage.name + "' needs '" + need +
                               "' annotations, which no earlier stage provides" +
                               (provided.empty() ? std::string(" (no earlier stage provides any)")
                                                 : " (earlier stages provide: " +
                                                       detail::joinList(provided) + ")"));
      }
      for (const auto& type : stage.stage->provides())
        if (std::find(provided.begin(), provided.end(), type) == provided.end())
          provided.push_back(type);
    }
  }

  fs::path file_;
  fs::path dir_;
  PluginLoader& plugins_;
  HostServices& host_;
  std::shared_ptr<spdlog::logger> logger_;
  std::vector<ConfigError> errors_;
  std::set<std::string> stage_names_;
};

}  // namespace

Pipeline loadPipeline(const fs::path& file, PluginLoader& plugins, HostServices& host,
                      const std::shared_ptr<spdlog::logger>& logger) {
  return PipelineLoader(file, plugins, host, logger).load();
}

}  // namespace glean
