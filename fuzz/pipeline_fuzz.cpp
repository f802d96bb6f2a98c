// glean/fuzz/pipeline_fuzz.cpp - fuzz target: a pipeline file (TOML) from arbitrary bytes
// SPDX-License-Identifier: Apache-2.0
//
// The input is written as pipelines/fuzz.toml beside a copy of rules/ (so the bundled pipeline's
// relative rule paths resolve) and loaded with the bundled plugins, as `glean validate` does. A
// located error is the expected answer to a bad file; any other exception, a crash, a hang or a
// sanitizer report is a finding. A pipeline that loads is run over the seed report into an output
// folder, as `glean run` does; its outputs must stay inside that folder.
#include "fuzz_support.hpp"

#include "diagnostics.hpp"
#include "host_services.hpp"
#include "logging.hpp"
#include "pipeline.hpp"
#include "runner.hpp"

#include <set>
#include <string>
#include <typeinfo>

namespace glean::fuzz {
namespace {
namespace fs = std::filesystem;

struct PipelineFuzzState {
  fs::path pipeline_file;
  fs::path seed_dir;
  fs::path output_dir;
  std::shared_ptr<spdlog::logger> logger = nullLogger();
  // Rule files compile once per path and stay cached across inputs, as in one glean process.
  Host host{logger};
  PluginLoader plugins{{pluginDir()}};

  PipelineFuzzState() {
    rulesCopy();
    fs::create_directories(scratchDir() / "pipelines");
    pipeline_file = scratchDir() / "pipelines" / "fuzz.toml";
    seed_dir = scratchDir() / "input";
    fs::create_directories(seed_dir);
    fs::copy_file(sourceDir() / "samples" / "000_0bdeaacc15b1e0dc.txt", seed_dir / "seed.txt");
    output_dir = scratchDir() / "out";
#ifdef GLEAN_LIBFUZZER
    compileBundledRuleSets();
#endif
  }

  /// Loads each bundled pipeline once, as the fuzzed file, so their rule sets are compiled before
  /// fuzzing starts. Compiling a large rule set's prefilter (hs_compile_multi, uninstrumented)
  /// takes seconds; done on the first input that names it - a seed - it could pass libFuzzer's
  /// per-input timeout on a busy machine and be reported as a hang. Not in the replay test, which
  /// runs only the saved inputs.
  void compileBundledRuleSets() {
    for (const auto& entry : fs::directory_iterator(sourceDir() / "pipelines")) {
      if (entry.path().extension() != ".toml") continue;
      fs::copy_file(entry.path(), pipeline_file, fs::copy_options::overwrite_existing);
      try {
        loadPipeline(pipeline_file, plugins, host, logger);
      } catch (const std::exception&) {
        // A pipeline that needs files outside the repository: its seed is fuzzed all the same.
      }
    }
  }
};

PipelineFuzzState& state() {
  // Never destroyed: stages must go before the plugins that made them, and exit order is not ours.
  static auto* s = new PipelineFuzzState();
  return *s;
}

}  // namespace

int pipelineOneInput(const std::uint8_t* data, std::size_t size) {
  PipelineFuzzState& s = state();
  writeInput(s.pipeline_file, data, size);
  try {
    Pipeline pipeline = loadPipeline(s.pipeline_file, s.plugins, s.host, s.logger);
    RunOptions options;
    options.inputs = {s.seed_dir.string()};
    options.output_dir = s.output_dir;
    options.jobs = 1;
    runPipeline(pipeline, options, *s.logger);
  } catch (const detail::ConfigErrors&) {
    return 0;  // located errors: what `glean validate` prints
  } catch (const ConfigError&) {
    return 0;  // e.g. an output path that leaves the output folder
  } catch (const std::exception& e) {
    unexpected("pipeline", std::string("threw a ") + typeid(e).name() + ": " + e.what());
  }
  // Nothing may appear beside the output folder (outputs that escaped it).
  static const std::set<std::string> kExpected = {"rules", "pipelines", "input", "out"};
  for (const auto& entry : fs::directory_iterator(scratchDir()))
    if (kExpected.count(entry.path().filename().string()) == 0)
      unexpected("pipeline", "a file appeared outside the output folder: " + entry.path().string());
  return 0;
}

}  // namespace glean::fuzz

GLEAN_FUZZ_ENTRY(glean::fuzz::pipelineOneInput)
